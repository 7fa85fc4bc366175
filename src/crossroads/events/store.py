"""Where the events database lives and how it is opened."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import duckdb

from crossroads.errors import CrossroadsError
from crossroads.events.schema import EVENTS_DDL

ENV_VAR = "CROSSROADS_EVENTS_DB"


class EventStoreError(CrossroadsError):
    """The events database is missing, locked or unreadable."""


def user_data_dir() -> Path:
    """Return the per-user data directory of Crossroads (not created here).

    Linux and other Unix: ``$XDG_DATA_HOME/crossroads`` or ``~/.local/share/crossroads``;
    macOS: ``~/Library/Application Support/crossroads``; Windows:
    ``%LOCALAPPDATA%\\crossroads``.

    Returns:
        The directory path.
    """
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "crossroads"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "crossroads"
    xdg = os.environ.get("XDG_DATA_HOME")
    return Path(xdg if xdg else Path.home() / ".local" / "share") / "crossroads"


def default_db_path() -> Path:
    """Return the events database path: ``$CROSSROADS_EVENTS_DB`` or the user data dir.

    Returns:
        The path of the DuckDB file.
    """
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser()
    return user_data_dir() / "events.duckdb"


def open_store(
    path: str | Path | None = None, *, read_only: bool = False
) -> duckdb.DuckDBPyConnection:
    """Open (and for writing, create) the events database.

    Args:
        path: The DuckDB file; None for :func:`default_db_path`; ":memory:" for a
            throwaway database.
        read_only: Open for queries only, so several readers can share the file.

    Returns:
        A DuckDB connection whose schema is ready.

    Raises:
        EventStoreError: The file does not exist (read-only) or cannot be opened.
    """
    target = str(path) if path is not None else str(default_db_path())
    if target != ":memory:":
        file = Path(target)
        if read_only and not file.exists():
            raise EventStoreError(
                target, "no events database here; run `crossroads events ingest` first"
            )
        if not read_only:
            file.parent.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(target, read_only=read_only)
    except duckdb.Error as exc:
        first_line = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise EventStoreError(target, f"cannot open the events database ({first_line})") from exc
    # DuckDB's own progress bar writes to stdout, which carries JSON and CSV output.
    con.execute("SET enable_progress_bar = false")
    if not read_only:
        con.execute(EVENTS_DDL)
    return con
