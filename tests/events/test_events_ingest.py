"""Ingest: formats, malformed rows with file:line, idempotency, ICEWS mapping."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from crossroads.events import ingest_files, open_store
from crossroads.events.ingest import detect_layout
from crossroads.events.schema import GDELT1_BACKFILE_COLUMNS, GDELT1_DAILY_COLUMNS, GDELT2_COLUMNS

from .conftest import DECEMBER, Ev, Fixtures, gdelt_text


def test_codebook_layouts_have_the_published_column_counts() -> None:
    assert len(GDELT1_BACKFILE_COLUMNS) == 57
    assert len(GDELT1_DAILY_COLUMNS) == 58
    assert len(GDELT2_COLUMNS) == 61
    assert GDELT2_COLUMNS[:2] == ("GLOBALEVENTID", "SQLDATE")
    assert GDELT2_COLUMNS[30] == "GoldsteinScale"
    assert GDELT2_COLUMNS[-2:] == ("DATEADDED", "SOURCEURL")
    assert GDELT1_DAILY_COLUMNS[-2:] == ("DATEADDED", "SOURCEURL")


@pytest.mark.parametrize(("fields", "dataset"), [(57, "gdelt1"), (58, "gdelt1"), (61, "gdelt2")])
def test_layout_is_told_by_column_count(fields: int, dataset: str) -> None:
    found, columns = detect_layout(["\t".join(["x"] * fields)] * 3)
    assert found == dataset
    assert len(columns) == fields


def test_unknown_layout_is_refused_with_the_reason() -> None:
    with pytest.raises(ValueError, match="12 tab-separated fields"):
        detect_layout(["\t".join(["x"] * 12)])


def test_every_dataset_lands_in_one_table(loaded: tuple[Path, object]) -> None:
    db, _ = loaded
    con = open_store(db, read_only=True)
    counts = dict(con.execute("SELECT dataset, count(*) FROM events GROUP BY 1").fetchall())
    con.close()
    # December: 9 good rows of 12; November: 2; backfile: 2; turning-point file: 36; ICEWS 4.
    assert counts == {"gdelt2": 9 + 36, "gdelt1": 2 + 2, "icews": 4}


def test_malformed_rows_are_reported_with_file_and_line(loaded: tuple[Path, object]) -> None:
    _, report = loaded
    bad = [str(row) for row in report.malformed]  # type: ignore[attr-defined]
    assert bad == [
        "20241220000000.export.CSV:3: short line: 20 fields, expected 61",
        "20241220000000.export.CSV:6: SQLDATE: cannot read '20241301'",
        "20241220000000.export.CSV:8: GoldsteinScale: cannot read 'abc'",
        "icews.2023.tab:4: Event Date: cannot read '2023-02-30'",
        "icews.2023.tab:6: CAMEO Code: not a CAMEO code '999'",
    ]


def test_malformed_rows_are_kept_in_the_database(loaded: tuple[Path, object]) -> None:
    db, _ = loaded
    con = open_store(db, read_only=True)
    rows = con.execute(
        "SELECT f.name, m.line FROM malformed_rows m JOIN ingested_files f USING (file_id)"
        " ORDER BY 1, 2"
    ).fetchall()
    con.close()
    assert rows == [
        ("20241220000000.export.CSV", 3),
        ("20241220000000.export.CSV", 6),
        ("20241220000000.export.CSV", 8),
        ("icews.2023.tab", 4),
        ("icews.2023.tab", 6),
    ]


def test_the_same_file_twice_adds_nothing(tmp_path: Path, fixtures: Fixtures) -> None:
    con = open_store(tmp_path / "e.duckdb")
    first = ingest_files(con, [fixtures.gdelt2])
    copy = tmp_path / "renamed.CSV"
    copy.write_bytes(fixtures.gdelt2.read_bytes())
    second = ingest_files(con, [fixtures.gdelt2, copy])
    total = con.execute("SELECT count(*) FROM events").fetchone()
    con.close()
    assert first.rows == 9
    assert second.rows == 0
    assert all(f.already_ingested for f in second.files)
    assert total == (9,)


def test_a_bad_file_does_not_stop_the_others(tmp_path: Path, fixtures: Fixtures) -> None:
    broken_zip = tmp_path / "broken.export.CSV.zip"
    broken_zip.write_bytes(b"PK\x03\x04 not really a zip")
    stranger = tmp_path / "notes.csv"
    stranger.write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    con = open_store(tmp_path / "e.duckdb")
    report = ingest_files(con, [broken_zip, fixtures.backfile, stranger, tmp_path / "gone.CSV"])
    con.close()
    errors = {f.path.name: f.error for f in report.failed}
    assert set(errors) == {"broken.export.CSV.zip", "notes.csv", "gone.CSV"}
    assert "zip" in (errors["broken.export.CSV.zip"] or "")
    assert "neither a GDELT event file" in (errors["notes.csv"] or "")
    assert errors["gone.CSV"] == "no such file"
    assert report.rows == 2


def test_zipped_gdelt1_daily_keeps_source_urls(loaded: tuple[Path, object]) -> None:
    db, _ = loaded
    con = open_store(db, read_only=True)
    row = con.execute(
        "SELECT event_date::VARCHAR, event_code, quad_class, goldstein, source_url, dataset"
        " FROM events WHERE event_id = 2002"
    ).fetchone()
    backfile = con.execute("SELECT source_url FROM events WHERE event_id = 3001").fetchone()
    con.close()
    assert row == ("2024-11-12", "120", 3, -4.0, "https://news.example.org/2002", "gdelt1")
    assert backfile == (None,)  # 57-column backfiles have no SOURCEURL


def test_cameo_country_codes_become_iso3(loaded: tuple[Path, object]) -> None:
    db, _ = loaded
    con = open_store(db, read_only=True)
    row = con.execute("SELECT actor1_code, actor1_country FROM events WHERE event_id = 1009")
    assert row.fetchone() == ("ROMGOV", "ROU")
    con.close()


def test_icews_names_codes_and_intensity_are_mapped(loaded: tuple[Path, object]) -> None:
    db, report = loaded
    con = open_store(db, read_only=True)
    rows = con.execute(
        "SELECT event_id, actor1_country, actor1_type1, actor2_country, actor2_type1,"
        " event_code, event_root_code, quad_class, goldstein FROM events"
        " WHERE dataset = 'icews' ORDER BY event_id"
    ).fetchall()
    con.close()
    assert rows == [
        (4001, "KHM", "GOV", "USA", "GOV", "043", "04", 1, 2.8),  # 43 -> 043
        (4002, "USA", "MIL", "KHM", None, "173", "17", 4, -5.0),
        (4003, "KHM", "GOV", "USA", "GOV", "0211", "02", 1, 3.0),  # 211 -> 0211
        (4004, "KHM", "OPP", None, "GOV", "112", "11", 3, -2.0),  # 'Atlantis' unknown
    ]
    warnings = [w for f in report.files for w in f.warnings]  # type: ignore[attr-defined]
    assert warnings == [
        "icews.2023.tab: country names not mapped to ISO3 (kept as NULL): 'Atlantis'"
    ]


def test_zip_with_a_malformed_row_reports_the_archive_name(tmp_path: Path) -> None:
    archive = tmp_path / "20241201.export.CSV.zip"
    text = gdelt_text(DECEMBER[:2], "gdelt1", {2: "1\t2\t3"})
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("20241201.export.CSV", text)
    con = open_store(":memory:")
    report = ingest_files(con, [archive])
    assert report.rows == 2
    assert [str(m) for m in report.malformed] == [
        "20241201.export.CSV.zip:2: short line: 3 fields, expected 57 or 58"
    ]


def test_empty_required_field_is_malformed(tmp_path: Path) -> None:
    path = tmp_path / "x.CSV"
    good = gdelt_text([Ev(1, "20240101", "USAGOV", "KHMGOV", "042", 1.9, 1, 0.0)], "gdelt2")
    fields = good.rstrip("\n").split("\t")
    fields[30] = ""
    path.write_text(good + "\t".join(fields) + "\n", encoding="utf-8")
    con = open_store(":memory:")
    report = ingest_files(con, [path])
    assert report.rows == 1
    assert [str(m) for m in report.malformed] == ["x.CSV:2: GoldsteinScale is empty"]


def test_gzip_file_reports_malformed_rows_and_is_ingested_once(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    import gzip

    path = tmp_path / "20241201.export.CSV.gz"
    text = gdelt_text(DECEMBER[:3], "gdelt2", {2: "1\t2\t3"})
    fields = gdelt_text(DECEMBER[3:4], "gdelt2").rstrip("\n").split("\t")
    fields[1] = "20241301"  # no month 13
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write(text + "\t".join(fields) + "\n")
    con = open_store(":memory:")
    first = ingest_files(con, [path])
    again = ingest_files(con, [path])
    total = con.execute("SELECT count(*) FROM events").fetchone()
    con.close()
    assert first.rows == 3
    assert [str(m) for m in first.malformed] == [
        "20241201.export.CSV.gz:2: short line: 3 fields, expected 61",
        "20241201.export.CSV.gz:5: SQLDATE: cannot read '20241301'",
    ]
    assert again.rows == 0 and again.files[0].already_ingested
    assert total == (3,)
    # DuckDB's progress bar would write to stdout, which carries JSON and CSV output.
    assert capfd.readouterr().out == ""
