"""GDELT and ICEWS event data in DuckDB: ingest, dyadic series, turning points, charts.

Example:
    >>> from crossroads.events import open_store, ingest_files, dyad_series, Dyad
    >>> con = open_store(":memory:")
    >>> report = ingest_files(con, [])
    >>> dyad_series(con, Dyad("KHM", "USA")).empty
    True
"""

from crossroads.dyad import Dyad, parse_dyad
from crossroads.events.ingest import (
    ArchiveLimits,
    FileResult,
    IngestReport,
    MalformedRow,
    ingest_files,
)
from crossroads.events.series import dyad_series, top_events
from crossroads.events.store import EventStoreError, default_db_path, open_store

__all__ = [
    "ArchiveLimits",
    "Dyad",
    "EventStoreError",
    "FileResult",
    "IngestReport",
    "MalformedRow",
    "default_db_path",
    "dyad_series",
    "ingest_files",
    "open_store",
    "parse_dyad",
    "top_events",
]
