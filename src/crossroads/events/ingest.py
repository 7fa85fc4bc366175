"""Load GDELT 1.0, GDELT 2.0 and ICEWS event files into the normalised ``events`` table.

Files are read by DuckDB's CSV reader with an explicit column layout (no sniffing), only
the columns we keep are converted, and rows that do not fit (short or long lines, bad
dates, non-numeric scores, empty required fields) are caught by ``store_rejects`` with
their line number: they are counted and reported, never silently dropped.

* GDELT 1.0 files may mix 57- and 58-column rows: a file is read with the layout of its
  first rows, and again with the other one only when rows of that width were rejected;
  every valid row fits exactly one layout, so none is lost and none is read twice.
* Paths are given to DuckDB literally (glob characters escaped), so ``x*.CSV`` is one file.
* Zip members are streamed to DuckDB through an fsspec filesystem: nothing is extracted
  to disk (a killed run leaves nothing behind), the first rows are checked before the
  member is read, and an archive that would expand past :class:`ArchiveLimits` is
  refused before anything is read.
* Events are keyed on their dataset's own id (GLOBALEVENTID, ICEWS Event ID): an event
  already stored, from any file, is counted as already present and not added again. A
  file whose bytes were ingested before (SHA-256) is not read at all.
* Each file is one transaction. When storing fails (disk full...), the file's error is
  DuckDB's own, what was stored before stays, and later files go on while the database
  still answers (otherwise they are reported as not ingested).
"""

from __future__ import annotations

import gzip
import hashlib
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import IO, Any

import duckdb
import pandas as pd
from fsspec.spec import AbstractFileSystem

from crossroads.cameo import cameo_names, quad_class_sql
from crossroads.events.countries import map_country_names
from crossroads.events.schema import (
    CAMEO_TO_ISO3,
    GDELT2_COLUMNS,
    GDELT_LAYOUTS,
    GDELT_TYPED,
    ICEWS_COLUMNS,
    ICEWS_SECTOR_TYPES,
)

_SAMPLE_LINES = 25
_SAMPLE_BYTES = 1 << 20  # the first rows are looked for in this much of a file, at most
_ZIP_PROTOCOL = "crossroads-zip"
_STAGE = "staged_events"
GiB = 1 << 30


@dataclass(frozen=True)
class ArchiveLimits:
    """How far a zip archive may expand before it is refused unread (zip bombs).

    Attributes:
        max_expanded_size: Bytes all members of one archive may expand to.
        max_ratio: Expanded size over compressed size allowed for one member (GDELT
            exports compress about 6 to 10 times).
    """

    max_expanded_size: int = 4 * GiB
    max_ratio: float = 100.0


@dataclass(frozen=True)
class MalformedRow:
    """A row that could not be read, with where it is and why."""

    file: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.reason}"


@dataclass
class FileResult:
    """What happened to one input file."""

    path: Path
    dataset: str | None = None
    rows: int = 0
    already_present: int = 0
    malformed: list[MalformedRow] = field(default_factory=list)
    already_ingested: bool = False
    error: str | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass
class IngestReport:
    """The outcome of one ingest run over several files."""

    files: list[FileResult] = field(default_factory=list)

    @property
    def rows(self) -> int:
        """Rows added to the events table."""
        return sum(f.rows for f in self.files)

    @property
    def already_present(self) -> int:
        """Valid rows not added because their event id was already stored."""
        return sum(f.already_present for f in self.files)

    @property
    def malformed(self) -> list[MalformedRow]:
        """Every malformed row of the run."""
        return [row for f in self.files for row in f.malformed]

    @property
    def failed(self) -> list[FileResult]:
        """Files that could not be ingested at all."""
        return [f for f in self.files if f.error]


class _FileProblem(Exception):
    """A file cannot be ingested (format unknown, unreadable archive...)."""


def file_sha256(path: Path) -> str:
    """Return the SHA-256 of a file's bytes.

    Args:
        path: The file.

    Returns:
        The hex digest.
    """
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _size(n: float) -> str:
    for unit in ("bytes", "KiB", "MiB", "GiB"):
        if n < 1024 or unit == "GiB":
            return f"{n:,.0f} {unit}" if unit == "bytes" else f"{n:,.1f} {unit}"
        n /= 1024
    raise AssertionError("unreachable")


def literal_path(path: Path) -> str:
    """The path as DuckDB reads it literally: glob characters are escaped (``*`` -> ``[*]``).

    Args:
        path: A file path.

    Returns:
        A path string DuckDB's readers match only against this very file.
    """
    return "".join(f"[{c}]" if c in "*?[" else c for c in str(path))


@dataclass(frozen=True)
class _Part:
    """One table of events in an input file: the file itself or one zip member."""

    display: str  # its name in messages
    location: str  # what DuckDB's read_csv is given
    open_bytes: Callable[[], IO[bytes]]  # its uncompressed bytes, to look at the first rows


class _ZipMembers(AbstractFileSystem):  # type: ignore[misc]
    """The members of one open zip archive as files DuckDB reads: ``crossroads-zip://N``."""

    protocol = _ZIP_PROTOCOL
    cachable = False

    def __init__(self, archive: zipfile.ZipFile, members: list[zipfile.ZipInfo]) -> None:
        super().__init__()
        self._archive = archive
        self._members = members
        # DuckDB reports a failed read as a whole Python traceback: keep the error itself.
        self.failures: list[tuple[str, Exception]] = []

    def location(self, index: int) -> str:
        return f"{_ZIP_PROTOCOL}://{index}.tsv"

    def _member(self, path: str) -> zipfile.ZipInfo:
        return self._members[int(self._strip_protocol(path).split(".")[0])]

    def info(self, path: str, **kwargs: Any) -> dict[str, Any]:
        # zipfile never yields more than this declared size, whatever the data says.
        return {"name": path, "size": self._member(path).file_size, "type": "file"}

    def _open(self, path: str, mode: str = "rb", **kwargs: Any) -> _RecordedReads:
        member = self._member(path)
        return _RecordedReads(self._archive.open(member), member.filename, self.failures)


class _RecordedReads:
    """A zip member stream that records the error of a failed read (bad CRC, bad data)."""

    def __init__(self, stream: IO[bytes], name: str, failures: list[tuple[str, Exception]]):
        self._stream = stream
        self._name = name
        self._failures = failures

    def __getattr__(self, attribute: str) -> Any:
        return getattr(self._stream, attribute)

    def read(self, size: int = -1) -> bytes:
        try:
            return self._stream.read(size)
        except Exception as exc:
            self._failures.append((self._name, exc))
            raise


def _check_expansion(members: list[zipfile.ZipInfo], limits: ArchiveLimits) -> None:
    expanded = sum(m.file_size for m in members)
    if expanded > limits.max_expanded_size:
        raise _FileProblem(
            f"expands to {_size(expanded)}, over the limit of "
            f"{_size(limits.max_expanded_size)} (raise it with --max-expanded-size)"
        )
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if ratio > limits.max_ratio:
            raise _FileProblem(
                f"{member.filename} expands {ratio:,.0f} times ({_size(member.compress_size)}"
                f" to {_size(member.file_size)}), over the limit of {limits.max_ratio:g}"
                " (raise it with --max-ratio)"
            )


@contextmanager
def _parts(
    con: duckdb.DuckDBPyConnection, path: Path, limits: ArchiveLimits
) -> Iterator[list[_Part]]:
    """Yield the parts of an input file; a zip's members are readable by DuckDB meanwhile."""
    if path.suffix.lower() != ".zip":
        # DuckDB decompresses .gz itself (told by the suffix); we only read the first rows.
        gz = path.suffix.lower() == ".gz"
        opener = partial(gzip.open, path, "rb") if gz else partial(path.open, "rb")
        yield [_Part(path.name, literal_path(path), opener)]  # type: ignore[arg-type]
        return
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise _FileProblem(f"not a readable zip archive ({exc})") from exc
    with archive:
        members = [m for m in archive.infolist() if not m.is_dir()]
        if not members:
            raise _FileProblem("the zip archive is empty")
        _check_expansion(members, limits)
        filesystem = _ZipMembers(archive, members)
        con.register_filesystem(filesystem)
        try:
            yield [
                _Part(
                    path.name if len(members) == 1 else f"{path.name}/{member.filename}",
                    filesystem.location(index),
                    partial(archive.open, member),
                )
                for index, member in enumerate(members)
            ]
        except duckdb.Error as exc:
            if not filesystem.failures:
                raise
            name, failure = filesystem.failures[0]
            raise _FileProblem(f"cannot read {name} ({_first_line(failure)})") from exc
        finally:
            con.unregister_filesystem(_ZIP_PROTOCOL)


def _first_lines(part: _Part) -> list[str]:
    try:
        with part.open_bytes() as handle:
            data = handle.read(_SAMPLE_BYTES)
    except (OSError, EOFError, zipfile.BadZipFile, zlib.error, RuntimeError) as exc:
        raise _FileProblem(f"cannot read ({exc})") from exc
    lines = data.decode("utf-8", errors="replace").split("\n")
    if len(data) == _SAMPLE_BYTES:
        lines = lines[:-1]  # cut mid-line
        if not lines:
            raise _FileProblem(f"no line break in the first {_size(_SAMPLE_BYTES)}")
    lines = [line.rstrip("\r") for line in lines[:_SAMPLE_LINES]]
    return [line for line in lines if line.strip()]


def detect_layout(lines: list[str]) -> tuple[str, tuple[str, ...]]:
    """Tell the dataset of an event file from its first lines.

    Args:
        lines: The first lines of the file, without line ends.

    Returns:
        ("icews", header columns) or ("gdelt1"/"gdelt2", codebook columns).

    Raises:
        ValueError: The lines match no known layout.
    """
    if not lines:
        raise ValueError("the file is empty")
    header = lines[0].split("\t")
    if "CAMEO Code" in header and "Event Date" in header:
        return "icews", tuple(h.strip() for h in header)
    counts = Counter(line.count("\t") + 1 for line in lines)
    fields, _ = counts.most_common(1)[0]
    if fields not in GDELT_LAYOUTS:
        known = "/".join(str(n) for n in sorted(GDELT_LAYOUTS))
        raise ValueError(
            f"{fields} tab-separated fields per row: neither a GDELT event file "
            f"({known} fields) nor an ICEWS file (header with 'Event Date' and 'CAMEO Code')"
        )
    return GDELT_LAYOUTS[fields]


def _sql_str(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _read_csv_sql(
    location: str,
    columns: dict[str, str],
    *,
    header: bool,
    scan: str,
    dateformat: str | None,
) -> str:
    struct = "{" + ", ".join(f"{_sql_str(k)}: {_sql_str(v)}" for k, v in columns.items()) + "}"
    options = [
        _sql_str(location),
        "delim='\\t'",
        f"header={'true' if header else 'false'}",
        "quote=''",
        "escape=''",
        "auto_detect=false",
        f"columns={struct}",
        "store_rejects=true",
        f"rejects_table='{scan}_errors'",
        f"rejects_scan='{scan}_scans'",
        # Empty fields are kept as '' (text columns get NULLIF later) so that an empty
        # number or date is a CAST error with its line. Every column is listed: with only
        # some of them, DuckDB 2.0 applies force_not_null to the wrong projected columns.
        "force_not_null=[" + ", ".join(_sql_str(c) for c in columns) + "]",
        "null_padding=false",
    ]
    if dateformat:
        options.append(f"dateformat='{dateformat}'")
    return "read_csv(" + ", ".join(options) + ")"


def _text(column: str) -> str:
    return f"nullif({_quote(column)}, '')"


def _country_sql(column: str) -> str:
    cases = " ".join(f"WHEN {_sql_str(k)} THEN {_sql_str(v)}" for k, v in CAMEO_TO_ISO3.items())
    return f"CASE {_text(column)} {cases} ELSE {_text(column)} END"


@dataclass(frozen=True)
class _Reject:
    """A line one scan of a part rejected (DuckDB's reject table row)."""

    line: int
    error_type: str
    column: str | None
    column_idx: int | None
    text: str
    width: int  # the fields the scan's layout has

    @property
    def fields(self) -> int:
        return len(self.text.split("\t"))

    def reason(self, widths: Sequence[int]) -> str:
        """Why the line is malformed, given every width its dataset allows."""
        expected = " or ".join(str(w) for w in sorted(widths))
        if self.error_type == "MISSING COLUMNS":
            return f"short line: {self.fields} fields, expected {expected}"
        if self.error_type == "TOO MANY COLUMNS":
            return f"long line: {self.fields} fields, expected {expected}"
        if self.error_type == "CAST" and self.column is not None:
            values = self.text.split("\t")
            idx = self.column_idx
            value = values[idx - 1] if idx and 0 < idx <= len(values) else "?"
            if value == "":
                return f"{self.column} is empty"
            return f"{self.column}: cannot read {value!r}"
        return self.error_type.lower().replace("_", " ")


def _collect_rejects(con: duckdb.DuckDBPyConnection, scan: str, width: int) -> dict[int, _Reject]:
    """The lines a scan rejected, one reject per line (a wrong width before a cast)."""
    rows = con.execute(
        f"SELECT line, error_type, column_name, column_idx, csv_line FROM {scan}_errors "
        "ORDER BY line, error_type NOT IN ('MISSING COLUMNS', 'TOO MANY COLUMNS'), column_idx"
    ).fetchall()
    con.execute(f"DROP TABLE IF EXISTS {scan}_errors; DROP TABLE IF EXISTS {scan}_scans")
    rejects: dict[int, _Reject] = {}
    for line, error_type, column, column_idx, text in rows:
        rejects.setdefault(
            int(line), _Reject(int(line), error_type, column, column_idx, text or "", width)
        )
    return rejects


def _scan_name(file_id: int, part: _Part, layout: Sequence[str]) -> str:
    return f"rej_{file_id}_{len(layout)}_{abs(hash(part.location)) % 10**8}"


def gdelt_reader_sql(
    path: Path, layout: tuple[str, ...] = GDELT2_COLUMNS, scan: str = "rej_scan"
) -> str:
    """The ``read_csv(...)`` expression with which a GDELT file is ingested.

    Args:
        path: The plain or gzip file (read literally, see :func:`literal_path`).
        layout: Its codebook columns (see :data:`crossroads.events.schema.GDELT_LAYOUTS`).
        scan: Prefix of the reject tables (``{scan}_errors``, ``{scan}_scans``).

    Returns:
        SQL usable in a FROM clause; the columns we keep are typed, the others text.
    """
    return _gdelt_reader(literal_path(path), layout, scan)


def _gdelt_reader(location: str, layout: Sequence[str], scan: str) -> str:
    columns = {name: GDELT_TYPED.get(name, "VARCHAR") for name in layout}
    return _read_csv_sql(location, columns, header=False, scan=scan, dateformat="%Y%m%d")


def _dataset_layouts(dataset: str, first: tuple[str, ...]) -> list[tuple[str, ...]]:
    """The dataset's layouts, the one its first rows show first."""
    others = [cols for name, cols in GDELT_LAYOUTS.values() if name == dataset and cols != first]
    return [first, *others]


def _stage_gdelt(
    con: duckdb.DuckDBPyConnection,
    part: _Part,
    dataset: str,
    first_layout: tuple[str, ...],
    file_id: int,
) -> list[MalformedRow]:
    """Stage a GDELT part's valid rows; a line is malformed when every layout rejects it."""
    layouts = _dataset_layouts(dataset, first_layout)
    rejected: dict[int, _Reject] | None = None
    for layout in layouts:
        if rejected is not None and not any(r.fields == len(layout) for r in rejected.values()):
            continue  # no row has this width: no need to read the part again
        scan = _scan_name(file_id, part, layout)
        reader = _gdelt_reader(part.location, layout, scan)
        _stage_gdelt_scan(con, reader, dataset, layout, file_id)
        found = _collect_rejects(con, scan, len(layout))
        if rejected is None:
            rejected = found
        else:  # keep the lines both scans rejected, each with its own width's reason
            rejected = {
                line: found[line] if found[line].fields == found[line].width else reject
                for line, reject in rejected.items()
                if line in found
            }
    widths = [len(layout) for layout in layouts]
    return [
        MalformedRow(part.display, line, reject.reason(widths))
        for line, reject in sorted((rejected or {}).items())
    ]


def _stage_gdelt_scan(
    con: duckdb.DuckDBPyConnection,
    reader: str,
    dataset: str,
    layout: Sequence[str],
    file_id: int,
) -> None:
    url = _text("SOURCEURL") if "SOURCEURL" in layout else "NULL"
    actor = []
    for n in (1, 2):
        actor += [
            _text(f"Actor{n}Code"),
            _text(f"Actor{n}Name"),
            _country_sql(f"Actor{n}CountryCode"),
            _text(f"Actor{n}Type1Code"),
            _text(f"Actor{n}Type2Code"),
            _text(f"Actor{n}Type3Code"),
        ]
    con.execute(f"""
        INSERT INTO {_STAGE} SELECT
            GLOBALEVENTID, SQLDATE, {", ".join(actor)},
            IsRootEvent = 1, {_text("EventCode")}, {_text("EventBaseCode")},
            {_text("EventRootCode")}, QuadClass,
            GoldsteinScale, NumMentions, NumSources, NumArticles, AvgTone, {url},
            '{dataset}', {file_id}
        FROM {reader}
    """)


def _types_sql(column: str) -> str:
    items = ", ".join(
        f"CASE WHEN {_quote(column)} ILIKE {_sql_str('%' + word + '%')} THEN '{code}' END"
        for word, code in ICEWS_SECTOR_TYPES
    )
    return f"list_distinct(list_filter([{items}], lambda x: x IS NOT NULL))"


def _line_of(row_index: int, rejected: list[int], first_data_line: int) -> int:
    """Line number of the row_index-th (0-based) accepted row, given the rejected lines."""
    line = first_data_line + row_index
    for rejected_line in rejected:
        if rejected_line <= line:
            line += 1
        else:
            break
    return line


def _stage_icews(
    con: duckdb.DuckDBPyConnection,
    part: _Part,
    header: tuple[str, ...],
    file_id: int,
    warnings: list[str],
) -> list[MalformedRow]:
    missing = [c for c in ICEWS_COLUMNS if c not in header]
    if missing:
        raise _FileProblem("ICEWS header lacks " + ", ".join(repr(c) for c in missing))
    columns = {name: ICEWS_COLUMNS.get(name, "VARCHAR") for name in header}
    scan = _scan_name(file_id, part, header)
    reader = _read_csv_sql(part.location, columns, header=True, scan=scan, dateformat=None)
    wanted = ", ".join(
        (_text(c) if kind == "VARCHAR" else _quote(c)) + " AS " + _quote(c)
        for c, kind in ICEWS_COLUMNS.items()
    )
    con.execute(
        "CREATE OR REPLACE TEMP TABLE icews_stage AS"
        f" SELECT row_number() OVER () - 1 AS row_index, {wanted} FROM {reader}"
    )
    rejects = [
        MalformedRow(part.display, line, reject.reason([len(header)]))
        for line, reject in sorted(_collect_rejects(con, scan, len(header)).items())
    ]
    rejected_lines = [r.line for r in rejects]

    # CAMEO codes lose their leading zero when a file went through a spreadsheet; put it
    # back: 1-2 digits are a 3-digit code (42 -> 042), and 3 digits whose first two exceed
    # the last root (20) are a 4-digit code (211 -> 0211).
    con.execute("""
        CREATE OR REPLACE TEMP TABLE icews_coded AS
        SELECT *,
            CASE WHEN regexp_full_match(c, '[0-9]{1,2}') THEN lpad(c, 3, '0')
                 WHEN regexp_full_match(c, '[0-9]{3}') AND left(c, 2)::INT > 20 THEN '0' || c
                 ELSE c END AS code
        FROM (SELECT *, trim("CAMEO Code") AS c FROM icews_stage)
    """)
    bases = sorted(code for code in cameo_names() if len(code) == 3)
    con.execute(
        "CREATE OR REPLACE TEMP TABLE icews_bad AS SELECT row_index FROM icews_coded"
        " WHERE code IS NULL OR NOT regexp_full_match(code, '[0-9]{3,4}')"
        " OR left(code, 2)::INT NOT BETWEEN 1 AND 20"
        " OR (len($bases) > 0 AND NOT list_contains($bases, left(code, 3)))",
        {"bases": bases},
    )
    bad = con.execute(
        'SELECT row_index, "CAMEO Code" FROM icews_coded'
        " WHERE row_index IN (SELECT row_index FROM icews_bad) ORDER BY row_index"
    ).fetchall()
    for row_index, raw in bad:
        line = _line_of(int(row_index), rejected_lines, 2)
        reason = f"CAMEO Code: not a CAMEO code {raw!r}" if raw else "CAMEO Code is empty"
        rejects.append(MalformedRow(part.display, line, reason))

    names = con.execute("""
        SELECT DISTINCT name FROM (
            SELECT "Source Country" AS name FROM icews_stage
            UNION ALL SELECT "Target Country" FROM icews_stage) WHERE name IS NOT NULL
    """).fetchall()
    mapping = map_country_names([n for (n,) in names])
    unknown = sorted(name for name, code in mapping.items() if code is None)
    if unknown:
        shown = ", ".join(repr(n) for n in unknown[:8]) + (" ..." if len(unknown) > 8 else "")
        warnings.append(f"{part.display}: country names not mapped to ISO3 (kept as NULL): {shown}")
    country_map = pd.DataFrame(
        {"name": list(mapping), "iso3": [mapping[n] for n in mapping]}, dtype="object"
    )
    con.register("icews_country_map", country_map)
    try:
        con.execute(f"""
            INSERT INTO {_STAGE} SELECT
                s."Event ID", s."Event Date",
                NULL, s."Source Name", sc.iso3, st[1], st[2], st[3],
                NULL, s."Target Name", tc.iso3, tt[1], tt[2], tt[3],
                NULL, s.code, left(s.code, 3), left(s.code, 2),
                {quad_class_sql("left(s.code, 2)::INT")},
                s."Intensity", 1, 1, 1, NULL, NULL, 'icews', {file_id}
            FROM (SELECT *, {_types_sql("Source Sectors")} AS st,
                            {_types_sql("Target Sectors")} AS tt FROM icews_coded
                  WHERE row_index NOT IN (SELECT row_index FROM icews_bad)) s
            LEFT JOIN icews_country_map sc ON sc.name = s."Source Country"
            LEFT JOIN icews_country_map tc ON tc.name = s."Target Country"
        """)
    finally:
        con.unregister("icews_country_map")
        con.execute(
            "DROP TABLE IF EXISTS icews_stage; DROP TABLE IF EXISTS icews_coded;"
            " DROP TABLE IF EXISTS icews_bad"
        )
    return sorted(rejects, key=lambda r: r.line)


def _store_staged(con: duckdb.DuckDBPyConnection) -> tuple[int, int]:
    """Move the staged rows into ``events``, one per event id; return (new, already present)."""
    staged, distinct, low, high = con.execute(
        f"SELECT count(*), count(DISTINCT event_id), min(event_id), max(event_id) FROM {_STAGE}"
    ).fetchone() or (0, 0, None, None)
    if not staged:
        return 0, 0
    # Repeats within the file are rare and removing them costs a window over every row.
    once = (
        ""
        if distinct == staged
        else "QUALIFY row_number() OVER (PARTITION BY dataset, event_id) = 1"
    )
    # The id range is inlined so that DuckDB skips, by its min/max statistics, the stored
    # row groups that cannot hold these ids (GDELT ids grow with time).
    inserted = con.execute(f"""
        INSERT INTO events SELECT * FROM {_STAGE} s
        WHERE NOT EXISTS (
            SELECT 1 FROM events e
            WHERE e.event_id BETWEEN {int(low)} AND {int(high)}
              AND e.event_id = s.event_id AND e.dataset = s.dataset)
        {once}
    """).fetchone()
    new = int(inserted[0]) if inserted else 0
    return new, int(staged) - new


def _rollback(con: duckdb.DuckDBPyConnection) -> None:
    # A failed COMMIT has ended the transaction already: keep the first error, not this one.
    with suppress(duckdb.Error):
        con.execute("ROLLBACK")


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def store_usable(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the events database still answers (DuckDB stops one after a fatal error).

    Args:
        con: An open events database.

    Returns:
        True when a query on it works.
    """
    try:
        con.execute("SELECT count(*) FROM ingested_files").fetchone()
    except duckdb.Error:
        return False
    return True


def ingest_file(
    con: duckdb.DuckDBPyConnection, path: str | Path, limits: ArchiveLimits | None = None
) -> FileResult:
    """Ingest one event file (GDELT 1.0/2.0 or ICEWS; plain, gzip or zip).

    Args:
        con: An open events database (see :func:`crossroads.events.store.open_store`).
        path: The file.
        limits: How far a zip archive may expand (default :class:`ArchiveLimits`).

    Returns:
        What was added, what was already present, which rows were malformed, or why the
        file was refused. The function does not raise for a bad file or a failed write:
        the problem is in ``FileResult.error``.
    """
    file = Path(path)
    result = FileResult(path=file)
    if not file.is_file():
        result.error = "no such file" if not file.exists() else "not a regular file"
        return result
    try:
        digest = file_sha256(file)
    except OSError as exc:
        result.error = f"cannot read ({exc.strerror or exc})"
        return result
    known = con.execute("SELECT dataset FROM ingested_files WHERE sha256 = ?", [digest]).fetchone()
    if known:
        result.already_ingested = True
        result.dataset = str(known[0])
        return result
    con.execute("BEGIN TRANSACTION")
    try:
        file_id_row = con.execute("SELECT nextval('file_ids')").fetchone()
        assert file_id_row is not None
        file_id = int(file_id_row[0])
        con.execute(f"CREATE OR REPLACE TEMP TABLE {_STAGE} AS FROM events LIMIT 0")
        datasets = set()
        with _parts(con, file, limits or ArchiveLimits()) as parts:
            for part in parts:
                try:
                    dataset, layout = detect_layout(_first_lines(part))
                except ValueError as exc:
                    raise _FileProblem(str(exc)) from exc
                datasets.add(dataset)
                if dataset == "icews":
                    bad = _stage_icews(con, part, layout, file_id, result.warnings)
                else:
                    bad = _stage_gdelt(con, part, dataset, layout, file_id)
                result.malformed += bad
        result.dataset = "+".join(sorted(datasets))
        result.rows, result.already_present = _store_staged(con)
        con.execute(f"DROP TABLE {_STAGE}")
        if result.malformed:
            con.executemany(
                "INSERT INTO malformed_rows VALUES (?, ?, ?, ?)",
                [(file_id, r.line, r.reason, r.file) for r in result.malformed],
            )
        con.execute(
            "INSERT INTO ingested_files (file_id, sha256, name, path, dataset, rows,"
            " already_present, malformed) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                file_id,
                digest,
                file.name,
                str(file.resolve()),
                result.dataset,
                result.rows,
                result.already_present,
                len(result.malformed),
            ],
        )
        con.execute("COMMIT")
    except (_FileProblem, duckdb.Error, UnicodeError) as exc:
        _rollback(con)
        result.error = _first_line(exc)
        result.rows = result.already_present = 0
        result.malformed = []
    except BaseException:
        _rollback(con)
        raise
    return result


def ingest_files(
    con: duckdb.DuckDBPyConnection,
    paths: Iterable[str | Path],
    on_file: Callable[[FileResult], None] | None = None,
    *,
    limits: ArchiveLimits | None = None,
    on_start: Callable[[Path], None] | None = None,
) -> IngestReport:
    """Ingest several files; a bad file is reported and the others are still loaded.

    When the database itself stops working (DuckDB invalidates it after a fatal write
    error), the files after the one that failed are reported as not ingested.

    Args:
        con: An open events database.
        paths: The files, in any mix of formats.
        on_file: Called after each file (e.g. to advance a progress bar).
        limits: How far a zip archive may expand (default :class:`ArchiveLimits`).
        on_start: Called before each file with its path.

    Returns:
        The run's report.
    """
    report = IngestReport()
    broken = False
    for path in paths:
        if on_start is not None:
            on_start(Path(path))
        if broken:
            result = FileResult(
                Path(path), error="not ingested: the events database failed on an earlier file"
            )
        else:
            result = ingest_file(con, path, limits)
            broken = result.error is not None and not store_usable(con)
        report.files.append(result)
        if on_file is not None:
            on_file(result)
    return report
