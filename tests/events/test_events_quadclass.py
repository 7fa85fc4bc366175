"""QuadClass: ours must be GDELT's own, for GDELT rows and for the ICEWS rows we class."""

from __future__ import annotations

from pathlib import Path

from crossroads.cameo import quad_class_of
from crossroads.events import ingest_files, open_store
from crossroads.events.schema import GDELT2_COLUMNS

from .conftest import ICEWS_HEADER, Ev, gdelt_fields, icews_row

# One event of every root, with the QuadClass column as GDELT 1.0 and 2.0 files carry it
# (typed from the files, not computed): the classes change after roots 05, 09 and 14.
GDELT_QUAD_COLUMN = {
    "010": 1, "020": 1, "036": 1, "042": 1, "051": 1,
    "061": 2, "071": 2, "081": 2, "090": 2,
    "100": 3, "112": 3, "120": 3, "130": 3, "141": 3,
    "150": 4, "163": 4, "173": 4, "180": 4, "190": 4, "200": 4,
}  # fmt: skip


def _gdelt_file(path: Path) -> Path:
    column = GDELT2_COLUMNS.index("QuadClass")
    lines = []
    for n, (code, quad) in enumerate(GDELT_QUAD_COLUMN.items()):
        fields = gdelt_fields(
            Ev(7000 + n, "20240105", "USAGOV", "KHMGOV", code, 0.0, 1, 0.0), "gdelt2"
        )
        fields[column] = str(quad)
        lines.append("\t".join(fields))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _icews_file(path: Path) -> Path:
    rows = [
        icews_row(8000 + n, "2024-01-05", "A", "", "Cambodia", code, "0", "B", "", "United States")
        for n, code in enumerate(GDELT_QUAD_COLUMN)
    ]
    path.write_text("\t".join(ICEWS_HEADER) + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_derived_quad_class_matches_the_gdelt_column(tmp_path: Path) -> None:
    con = open_store(tmp_path / "events.duckdb")
    report = ingest_files(con, [_gdelt_file(tmp_path / "20240105.export.CSV")])
    rows = con.execute("SELECT event_code, quad_class FROM events ORDER BY event_id").fetchall()
    con.close()
    assert report.rows == len(GDELT_QUAD_COLUMN) and not report.malformed
    assert dict(rows) == GDELT_QUAD_COLUMN  # the file's own column, as stored
    assert {code: quad_class_of(code) for code, _ in rows} == GDELT_QUAD_COLUMN


def test_icews_rows_get_the_quad_class_gdelt_gives_the_same_code(tmp_path: Path) -> None:
    con = open_store(tmp_path / "events.duckdb")
    report = ingest_files(con, [_icews_file(tmp_path / "icews.2024.tab")])
    rows = con.execute("SELECT event_code, quad_class FROM events ORDER BY event_id").fetchall()
    con.close()
    assert report.rows == len(GDELT_QUAD_COLUMN) and not report.failed
    assert dict(rows) == GDELT_QUAD_COLUMN
