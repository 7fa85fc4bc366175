"""Event outputs that explain themselves: no empty charts, integer counts, --fill."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from crossroads.cli import main
from crossroads.events import open_store

from .conftest import Ev, Fixtures, gdelt_text


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["events", *args], env={"COLUMNS": "250"})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, fixtures: Fixtures) -> Path:
    path = tmp_path_factory.mktemp("outputs") / "events.duckdb"
    code, _, err = run("ingest", str(fixtures.dir), "--db", str(path), "--quiet")
    assert code == 0, err
    return path


def _total(db: Path) -> int:
    con = open_store(db, read_only=True)
    row = con.execute("SELECT count(*) FROM events").fetchone()
    con.close()
    assert row is not None
    return int(row[0])


def test_series_of_a_dyad_without_events_says_why(db: Path, tmp_path: Path) -> None:
    target = tmp_path / "khm-tha.html"
    code, out, err = run("series", "--dyad", "KHM-THA", "--out", str(target), "--db", str(db))
    reason = (
        f"No events for KHM-THA in the events database {db} ({_total(db):,} events in all);"
        " ingest files that cover KHM and THA with `crossroads events ingest`"
    )
    assert code == 0
    assert err.splitlines() == [reason, f"Wrote {target}"]
    page = target.read_text(encoding="utf-8")
    assert reason in page
    assert "<svg" not in page and "Turning points" not in page and "<table" not in page


def test_an_empty_selection_names_the_selection(db: Path) -> None:
    code, out, err = run(
        "series", "--dyad", "KHM-USA", "--from", "2030-01-01", "--format", "json", "--db", str(db)
    )
    assert code == 0 and json.loads(out) == []
    assert err.startswith("No events for KHM-USA from 2030-01-01 (")
    assert err.rstrip().endswith("KHM-USA events in all); widen --from/--to or --actor-types")


def test_an_empty_database_says_so(tmp_path: Path) -> None:
    db = tmp_path / "empty.duckdb"
    con = open_store(db)
    con.close()
    code, out, err = run("series", "--dyad", "KHM-USA", "--db", str(db))
    assert code == 0 and out == ""
    assert err.strip() == (
        f"No events for KHM-USA: the events database {db} is empty; ingest GDELT or ICEWS"
        " files with `crossroads events ingest`"
    )


@pytest.mark.parametrize("command", ["series", "turning-points"])
def test_no_image_of_nothing(db: Path, tmp_path: Path, command: str) -> None:
    target = tmp_path / "khm-tha.png"
    code, _, err = run(command, "--dyad", "KHM-THA", "--out", str(target), "--db", str(db))
    assert code == 1
    assert len(err.strip().splitlines()) == 1
    assert f"{target}: not written, nothing to chart. No events for KHM-THA" in err
    assert not target.exists()


def test_turning_points_without_a_shift_say_why(db: Path, tmp_path: Path) -> None:
    # VNM-USA: one event in December 2024, too few periods for any shift.
    target = tmp_path / "vnm-usa.html"
    code, out, err = run(
        "turning-points", "--dyad", "VNM-USA", "--out", str(target), "--db", str(db)
    )
    reason = (
        "No turning point: only 1 period has a goldstein_mean; a shift needs at least 4"
        " (2 on each side, --min-size)"
    )
    assert code == 0
    assert err.splitlines() == [reason, f"Wrote {target}"]
    page = target.read_text(encoding="utf-8")
    assert "<svg" in page  # the series is there, so its chart is drawn
    assert f'<h2>Turning points</h2><p class="note">{reason}</p>' in page
    assert "<table" not in page  # no empty table of turning points


def test_series_page_says_why_there_is_no_turning_point(db: Path, tmp_path: Path) -> None:
    target = tmp_path / "vnm-usa.html"
    code, _, _ = run("series", "--dyad", "VNM-USA", "--out", str(target), "--db", str(db))
    page = target.read_text(encoding="utf-8")
    assert code == 0
    assert '<h2>Turning points</h2><p class="note">No turning point: only 1 period' in page
    assert "<h2>Series</h2><table>" in page


def test_series_gives_periods_with_events_and_fill_pads_them(db: Path) -> None:
    args = ["series", "--dyad", "KHM-USA", "--from", "2024-10-01", "--format", "json"]
    code, out, _ = run(*args, "--db", str(db))
    both = [r for r in json.loads(out) if r["direction"] == "both"]
    assert code == 0
    assert [(r["period"], r["events"]) for r in both] == [("2024-11", 2), ("2024-12", 5)]
    code, out, _ = run(*args, "--fill", "--db", str(db))
    both = [r for r in json.loads(out) if r["direction"] == "both"]
    assert [(r["period"], r["events"]) for r in both] == [
        ("2024-10", 0),
        ("2024-11", 2),
        ("2024-12", 5),
    ]
    assert both[0]["goldstein_mean"] is None


def _cells(table: str, first: str) -> list[str]:
    line = next(ln for ln in table.splitlines() if ln.strip("│ ").startswith(first))
    return [cell.strip() for cell in line.strip().strip("│").split("│")]


def test_compare_counts_are_integers(db: Path) -> None:
    code, out, _ = run(
        "compare", "--dyads", "KHM-USA,VNM-USA", "--from", "2024-11-01", "--db", str(db)
    )
    assert code == 0
    # period | KHM-USA events | KHM-USA goldstein_mean | VNM-USA events | VNM-USA goldstein
    assert _cells(out, "2024-11")[:2] == ["2024-11", "2"]
    assert _cells(out, "2024-11")[3] == "0"  # VNM-USA has no event in November
    assert _cells(out, "2024-12")[3] == "1"


@pytest.mark.parametrize("dyads", ["SYR-USA,SYR-USA", "Syria-US,SYR-USA"])
def test_compare_refuses_a_dyad_given_twice(db: Path, dyads: str) -> None:
    code, _, err = run("compare", "--dyads", dyads, "--db", str(db))
    assert code == 2
    assert "Invalid value for '--dyads': SYR-USA is given twice; name each dyad once" in err
    assert "Traceback" not in err


def test_top_page_wraps_long_cells(tmp_path: Path) -> None:
    url = "https://news.example.org/" + "a-very-long-story-slug-" * 12
    source = tmp_path / "20241215000000.export.CSV"
    source.write_text(
        gdelt_text([Ev(1, "20241215", "USAGOV", "KHMGOV", "042", 1.9, 3, 0.0, url)], "gdelt2")
    )
    db = tmp_path / "events.duckdb"
    assert run("ingest", str(source), "--db", str(db), "--quiet")[0] == 0
    target = tmp_path / "top.html"
    code, _, _ = run(
        "top", "--dyad", "KHM-USA", "--month", "2024-12", "--out", str(target), "--db", str(db)
    )
    page = target.read_text(encoding="utf-8")
    assert code == 0
    assert f'<td class="text"><a href="{url}">{url}</a></td>' in page
    assert "overflow-wrap:anywhere" in page  # long cells wrap inside the page
    assert "max-width:100%" in page


def test_top_of_a_month_without_events_says_why(db: Path, tmp_path: Path) -> None:
    target = tmp_path / "top.html"
    code, out, err = run(
        "top", "--dyad", "KHM-USA", "--month", "2024-06", "--out", str(target), "--db", str(db)
    )
    reason = "No events for KHM-USA from 2024-06-01 to 2024-06-30 ("
    assert code == 0
    assert err.startswith(reason)
    page = target.read_text(encoding="utf-8")
    assert reason in page and "<table" not in page
