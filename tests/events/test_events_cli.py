"""The ``crossroads events`` commands as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from crossroads.cli import main

from .conftest import Fixtures


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["events", *args], env={"COLUMNS": "250"})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, fixtures: Fixtures) -> Path:
    path = tmp_path_factory.mktemp("cli") / "events.duckdb"
    code, _, err = run("ingest", str(fixtures.dir), "--db", str(path), "--quiet")
    assert code == 0, err
    return path


def test_ingest_reports_malformed_rows_and_bad_files(tmp_path: Path, fixtures: Fixtures) -> None:
    junk = tmp_path / "junk.csv"
    junk.write_text("hello\tworld\n", encoding="utf-8")
    db = tmp_path / "e.duckdb"
    code, out, err = run(
        "ingest", str(fixtures.gdelt2), str(junk), str(fixtures.gdelt1_zip), "--db", str(db)
    )
    assert code == 1
    assert "Malformed: 20241220000000.export.CSV:6: SQLDATE: cannot read '20241301'" in err
    assert f"Error: {junk}: 2 tab-separated fields per row" in err
    assert "Traceback" not in err
    assert "total" in out and "11" in out  # 9 + 2 rows added
    # Again: nothing new, no error for the good files.
    code, out, _ = run("ingest", str(fixtures.gdelt2), str(fixtures.gdelt1_zip), "--db", str(db))
    assert code == 0
    assert out.count("already ingested") == 2


def test_ingest_uses_the_environment_database(
    tmp_path: Path, fixtures: Fixtures, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CROSSROADS_EVENTS_DB", str(tmp_path / "env.duckdb"))
    code, _, _ = run("ingest", str(fixtures.backfile), "-q")
    assert code == 0
    assert (tmp_path / "env.duckdb").exists()


def test_series_json_rows(db: Path) -> None:
    code, out, _ = run("series", "--dyad", "KHM-USA", "--format", "json", "--db", str(db))
    assert code == 0
    rows = json.loads(out)
    december = {r["direction"]: r for r in rows if r["period"] == "2024-12"}
    assert set(december) == {"KHM>USA", "USA>KHM", "both"}
    both = december["both"]
    assert both["events"] == 5
    assert both["goldstein_mean"] == pytest.approx(0.46)
    assert [both[f"quad{i}"] for i in range(1, 5)] == [2, 1, 1, 1]
    assert set(both) >= {"goldstein_weighted", "tone_mean"}


def test_series_csv_and_parquet(db: Path, tmp_path: Path) -> None:
    code, out, _ = run(
        "series", "--dyad", "KHM-USA", "--freq", "quarter", "--format", "csv", "--db", str(db)
    )
    assert code == 0
    assert out.splitlines()[0].startswith("period,period_start,direction,events")
    assert "2024-Q4,2024-10-01,both,7," in out
    target = tmp_path / "s.parquet"
    code, out, err = run("series", "--dyad", "KHM-USA", "--out", str(target), "--db", str(db))
    assert code == 0 and out == ""
    frame = pd.read_parquet(target)
    row = frame[(frame["period"] == "2024-12") & (frame["direction"] == "both")]
    assert row["events"].tolist() == [5]


def test_series_html_is_self_contained(db: Path, tmp_path: Path) -> None:
    target = tmp_path / "khm-usa.html"
    code, _, err = run("series", "--dyad", "KHM-USA", "--out", str(target), "--db", str(db))
    assert code == 0, err
    page = target.read_text(encoding="utf-8")
    assert "<svg" in page and "2023-07" in page  # the turning point is in the table
    assert "<script" not in page and 'src="http' not in page and "<link" not in page


def test_series_png_and_svg_charts(db: Path, tmp_path: Path) -> None:
    for suffix, magic in ((".png", b"\x89PNG"), (".svg", b"<?xml")):
        target = tmp_path / f"chart{suffix}"
        code, _, err = run("series", "--dyad", "KHM-USA", "--out", str(target), "--db", str(db))
        assert code == 0, err
        assert target.read_bytes().startswith(magic)


def test_turning_points_json(db: Path) -> None:
    code, out, _ = run(
        "turning-points",
        "--dyad",
        "KHM-USA",
        "--from",
        "2023-01-01",
        "--to",
        "2023-12-31",
        "--format",
        "json",
        "--db",
        str(db),
    )
    assert code == 0
    points = json.loads(out)
    assert [p["period"] for p in points] == ["2023-07"]
    assert points[0]["top_events"][0]["source_url"] == "https://news.example.org/2023/7/0"


def test_top_table_shows_urls(db: Path) -> None:
    code, out, _ = run("top", "--dyad", "KHM-USA", "--month", "2024-12", "--db", str(db))
    assert code == 0
    assert "https://news.example.org/sanctions" in out
    assert "Impose embargo, boycott, or sanctions" in out
    code, out, _ = run(
        "top", "--dyad", "USA-KHM", "--month", "2024-12", "--format", "json", "--db", str(db)
    )
    events = json.loads(out)
    assert [e["event_id"] for e in events] == [1004, 1001, 1003, 1002, 1005]


def test_compare_dyads(db: Path, tmp_path: Path) -> None:
    code, out, _ = run(
        "compare",
        "--dyads",
        "KHM-USA,VNM-USA",
        "--from",
        "2024-12-01",
        "--to",
        "2024-12-31",
        "--format",
        "json",
        "--db",
        str(db),
    )
    assert code == 0
    rows = {r["dyad"]: r for r in json.loads(out)}
    assert rows["KHM-USA"]["events"] == 5
    assert rows["VNM-USA"]["events"] == 1
    assert rows["VNM-USA"]["goldstein_mean"] == pytest.approx(8.0)
    target = tmp_path / "compare.html"
    code, _, _ = run("compare", "--dyads", "KHM-USA,VNM-USA", "--out", str(target), "--db", str(db))
    assert code == 0 and "<svg" in target.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["series", "--dyad", "KHM"], "Invalid value for '--dyad'"),
        (["top", "--dyad", "KHM-USA", "--month", "2024-13"], "is not a period like"),
        (["series", "--dyad", "KHM-USA", "--out", "x.docx"], "unsupported output type .docx"),
    ],
)
def test_bad_arguments_give_one_clear_line(db: Path, args: list[str], message: str) -> None:
    code, _, err = run(*args, "--db", str(db))
    assert code != 0
    assert message in err
    assert "Traceback" not in err


def test_missing_database_is_explained(tmp_path: Path) -> None:
    code, _, err = run("series", "--dyad", "KHM-USA", "--db", str(tmp_path / "none.duckdb"))
    assert code == 1
    assert "run `crossroads events ingest` first" in err
