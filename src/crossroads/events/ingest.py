"""Load GDELT 1.0, GDELT 2.0 and ICEWS event files into the normalised ``events`` table.

Files are read by DuckDB's CSV reader with an explicit column layout (no sniffing), only
the columns we keep are converted, and rows that do not fit (short or long lines, bad
dates, non-numeric scores, empty required fields) are caught by ``store_rejects`` with
their line number: they are counted and reported, never silently dropped. A file is
recorded by the SHA-256 of its bytes, so ingesting it again adds nothing.
"""

from __future__ import annotations

import gzip
import hashlib
import itertools
import shutil
import tempfile
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import duckdb
import pandas as pd

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


@contextmanager
def _readable_parts(path: Path) -> Iterator[list[tuple[str, Path]]]:
    """Yield (display name, plain-or-gzip path) pairs; zip members are extracted."""
    if path.suffix.lower() != ".zip":
        yield [(path.name, path)]
        return
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise _FileProblem(f"not a readable zip archive ({exc})") from exc
    with archive, tempfile.TemporaryDirectory(prefix="crossroads-events-") as tmp:
        parts = []
        members = [m for m in archive.infolist() if not m.is_dir()]
        if not members:
            raise _FileProblem("the zip archive is empty")
        for index, member in enumerate(members):
            target = Path(tmp) / f"{index}-{Path(member.filename).name}"
            try:
                with archive.open(member) as src, target.open("wb") as dst:
                    shutil.copyfileobj(src, dst, 1 << 20)
            except (zipfile.BadZipFile, OSError, EOFError) as exc:
                raise _FileProblem(f"cannot extract {member.filename} ({exc})") from exc
            name = path.name if len(members) == 1 else f"{path.name}/{member.filename}"
            parts.append((name, target))
        yield parts


def _head(path: Path) -> list[str]:
    opener: Callable[..., IO[str]] = gzip.open if path.suffix.lower() == ".gz" else open  # type: ignore[assignment]
    try:
        with opener(path, "rt", encoding="utf-8", errors="replace", newline="") as handle:
            lines = [line.rstrip("\r\n") for line in itertools.islice(handle, _SAMPLE_LINES)]
    except (OSError, EOFError) as exc:
        raise _FileProblem(f"cannot read ({exc})") from exc
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
    path: Path,
    columns: dict[str, str],
    *,
    header: bool,
    scan: str,
    dateformat: str | None,
) -> str:
    struct = "{" + ", ".join(f"{_sql_str(k)}: {_sql_str(v)}" for k, v in columns.items()) + "}"
    options = [
        _sql_str(str(path)),
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


def _reason(error_type: str, column: str | None, column_idx: int | None, text: str, n: int) -> str:
    fields = text.split("\t")
    if error_type == "MISSING COLUMNS":
        return f"short line: {len(fields)} fields, expected {n}"
    if error_type == "TOO MANY COLUMNS":
        return f"long line: {len(fields)} fields, expected {n}"
    if error_type == "CAST" and column is not None:
        value = fields[column_idx - 1] if column_idx and 0 < column_idx <= len(fields) else "?"
        if value == "":
            return f"{column} is empty"
        return f"{column}: cannot read {value!r}"
    return error_type.lower().replace("_", " ")


def _collect_rejects(
    con: duckdb.DuckDBPyConnection, scan: str, display: str, n_fields: int
) -> list[MalformedRow]:
    rows = con.execute(
        f"SELECT line, error_type, column_name, column_idx, csv_line FROM {scan}_errors "
        "ORDER BY line, error_type NOT IN ('MISSING COLUMNS', 'TOO MANY COLUMNS'), column_idx"
    ).fetchall()
    con.execute(f"DROP TABLE IF EXISTS {scan}_errors; DROP TABLE IF EXISTS {scan}_scans")
    seen: dict[int, MalformedRow] = {}
    for line, error_type, column, column_idx, text in rows:
        if line in seen:
            continue
        reason = _reason(error_type, column, column_idx, text or "", n_fields)
        seen[int(line)] = MalformedRow(display, int(line), reason)
    return list(seen.values())


def gdelt_reader_sql(
    path: Path, layout: tuple[str, ...] = GDELT2_COLUMNS, scan: str = "rej_scan"
) -> str:
    """The ``read_csv(...)`` expression with which a GDELT file is ingested.

    Args:
        path: The plain or gzip file.
        layout: Its codebook columns (see :data:`crossroads.events.schema.GDELT_LAYOUTS`).
        scan: Prefix of the reject tables (``{scan}_errors``, ``{scan}_scans``).

    Returns:
        SQL usable in a FROM clause; the columns we keep are typed, the others text.
    """
    columns = {name: GDELT_TYPED.get(name, "VARCHAR") for name in layout}
    return _read_csv_sql(path, columns, header=False, scan=scan, dateformat="%Y%m%d")


def _ingest_gdelt(
    con: duckdb.DuckDBPyConnection,
    source: Path,
    display: str,
    dataset: str,
    layout: tuple[str, ...],
    file_id: int,
) -> tuple[int, list[MalformedRow]]:
    scan = f"rej_{file_id}_{abs(hash(display)) % 10**8}"
    reader = gdelt_reader_sql(source, layout, scan)
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
    sql = f"""
        INSERT INTO events SELECT
            GLOBALEVENTID, SQLDATE, {", ".join(actor)},
            IsRootEvent = 1, {_text("EventCode")}, {_text("EventBaseCode")},
            {_text("EventRootCode")}, QuadClass,
            GoldsteinScale, NumMentions, NumSources, NumArticles, AvgTone, {url},
            '{dataset}', {file_id}
        FROM {reader}
    """
    inserted = con.execute(sql).fetchone()
    rejects = _collect_rejects(con, scan, display, len(layout))
    return (int(inserted[0]) if inserted else 0), rejects


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


def _ingest_icews(
    con: duckdb.DuckDBPyConnection,
    source: Path,
    display: str,
    header: tuple[str, ...],
    file_id: int,
    warnings: list[str],
) -> tuple[int, list[MalformedRow]]:
    missing = [c for c in ICEWS_COLUMNS if c not in header]
    if missing:
        raise _FileProblem("ICEWS header lacks " + ", ".join(repr(c) for c in missing))
    columns = {name: ICEWS_COLUMNS.get(name, "VARCHAR") for name in header}
    scan = f"rej_{file_id}_{abs(hash(display)) % 10**8}"
    reader = _read_csv_sql(source, columns, header=True, scan=scan, dateformat=None)
    wanted = ", ".join(
        (_text(c) if kind == "VARCHAR" else _quote(c)) + " AS " + _quote(c)
        for c, kind in ICEWS_COLUMNS.items()
    )
    con.execute(
        "CREATE OR REPLACE TEMP TABLE icews_stage AS"
        f" SELECT row_number() OVER () - 1 AS row_index, {wanted} FROM {reader}"
    )
    rejects = _collect_rejects(con, scan, display, len(header))
    rejected_lines = sorted(r.line for r in rejects)

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
        rejects.append(MalformedRow(display, line, reason))

    names = con.execute("""
        SELECT DISTINCT name FROM (
            SELECT "Source Country" AS name FROM icews_stage
            UNION ALL SELECT "Target Country" FROM icews_stage) WHERE name IS NOT NULL
    """).fetchall()
    mapping = map_country_names([n for (n,) in names])
    unknown = sorted(name for name, code in mapping.items() if code is None)
    if unknown:
        shown = ", ".join(repr(n) for n in unknown[:8]) + (" ..." if len(unknown) > 8 else "")
        warnings.append(f"{display}: country names not mapped to ISO3 (kept as NULL): {shown}")
    country_map = pd.DataFrame(
        {"name": list(mapping), "iso3": [mapping[n] for n in mapping]}, dtype="object"
    )
    con.register("icews_country_map", country_map)
    try:
        inserted = con.execute(f"""
            INSERT INTO events SELECT
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
        """).fetchone()
    finally:
        con.unregister("icews_country_map")
        con.execute(
            "DROP TABLE IF EXISTS icews_stage; DROP TABLE IF EXISTS icews_coded;"
            " DROP TABLE IF EXISTS icews_bad"
        )
    return (int(inserted[0]) if inserted else 0), sorted(rejects, key=lambda r: r.line)


def ingest_file(con: duckdb.DuckDBPyConnection, path: str | Path) -> FileResult:
    """Ingest one event file (GDELT 1.0/2.0 or ICEWS; plain, gzip or zip).

    Args:
        con: An open events database (see :func:`crossroads.events.store.open_store`).
        path: The file.

    Returns:
        What was added, which rows were malformed, or why the file was refused. The
        function does not raise for a bad file: the problem is in ``FileResult.error``.
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
        datasets = set()
        with _readable_parts(file) as parts:
            for display, part in parts:
                try:
                    dataset, layout = detect_layout(_head(part))
                except ValueError as exc:
                    raise _FileProblem(str(exc)) from exc
                datasets.add(dataset)
                if dataset == "icews":
                    rows, bad = _ingest_icews(con, part, display, layout, file_id, result.warnings)
                else:
                    rows, bad = _ingest_gdelt(con, part, display, dataset, layout, file_id)
                result.rows += rows
                result.malformed += bad
        result.dataset = "+".join(sorted(datasets))
        if result.malformed:
            con.executemany(
                "INSERT INTO malformed_rows VALUES (?, ?, ?, ?)",
                [(file_id, r.line, r.reason, r.file) for r in result.malformed],
            )
        con.execute(
            "INSERT INTO ingested_files (file_id, sha256, name, path, dataset, rows, malformed)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                file_id,
                digest,
                file.name,
                str(file.resolve()),
                result.dataset,
                result.rows,
                len(result.malformed),
            ],
        )
        con.execute("COMMIT")
    except (_FileProblem, duckdb.Error, UnicodeError) as exc:
        con.execute("ROLLBACK")
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        result.error = message
        result.rows = 0
        result.malformed = []
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return result


def ingest_files(
    con: duckdb.DuckDBPyConnection,
    paths: Iterable[str | Path],
    on_file: Callable[[FileResult], None] | None = None,
) -> IngestReport:
    """Ingest several files; a bad file is reported and the others are still loaded.

    Args:
        con: An open events database.
        paths: The files, in any mix of formats.
        on_file: Called after each file (e.g. to advance a progress bar).

    Returns:
        The run's report.
    """
    report = IngestReport()
    for path in paths:
        result = ingest_file(con, path)
        report.files.append(result)
        if on_file is not None:
            on_file(result)
    return report
