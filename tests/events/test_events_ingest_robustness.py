"""Ingest on the files testers reported: mixed GDELT 1.0 widths, the same events twice,
glob characters in names, a failing write, zip bombs, killed runs.

Every input is written here, in tmp_path; limits are set low where a test needs them.
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from crossroads.cli import main
from crossroads.events import ingest_files, open_store
from crossroads.events.ingest import ArchiveLimits

from .conftest import DECEMBER, Ev, gdelt_fields, gdelt_text

SRC = Path(__file__).resolve().parents[2] / "src"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["events", *args], env={"COLUMNS": "250"})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def events(prefix: int, n: int, day: str = "20130315") -> list[Ev]:
    return [Ev(prefix + k, day, "USAGOV", "KHMGOV", "042", 1.9, 1 + k, 0.5) for k in range(n)]


def line(ev: Ev, layout: str) -> str:
    return "\t".join(gdelt_fields(ev, layout))


def child_env(tmp: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(SRC), "TMPDIR": str(tmp)}


# -- 1. GDELT 1.0 files mixing 57- and 58-column rows


def test_mixed_gdelt1_widths_lose_no_row(tmp_path: Path) -> None:
    daily, backfile = events(10_000, 6), events(20_000, 4)
    bad_date = gdelt_fields(
        Ev(30_001, "20131301", "USAGOV", "KHMGOV", "042", 1.9, 1, 0.0), "gdelt1-57"
    )
    lines = [
        *(line(ev, "gdelt1") for ev in daily[:4]),  # 58 columns first: the file looks daily
        *(line(ev, "gdelt1-57") for ev in backfile),  # lines 5-8: 57 columns
        "\t".join(bad_date),  # line 9: 57 columns, no 13th month
        "1\t2\t3",  # line 10
        *(line(ev, "gdelt1") for ev in daily[4:]),
    ]
    path = tmp_path / "events.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    con = open_store(tmp_path / "e.duckdb")
    report = ingest_files(con, [path])
    rows = con.execute(
        "SELECT event_id, source_url FROM events WHERE dataset = 'gdelt1' ORDER BY event_id"
    ).fetchall()
    con.close()
    assert report.rows == 10
    assert [str(m) for m in report.malformed] == [
        "events.csv:9: SQLDATE: cannot read '20131301'",
        "events.csv:10: short line: 3 fields, expected 57 or 58",
    ]
    assert rows == sorted(
        [(ev.id, f"https://news.example.org/{ev.id}") for ev in daily]
        + [(ev.id, None) for ev in backfile]  # 57 columns: no SOURCEURL
    )


def test_a_mostly_57_column_file_takes_its_58_column_rows_too(tmp_path: Path) -> None:
    old, new = events(40_000, 5), events(50_000, 2)
    path = tmp_path / "201303.csv"
    path.write_text(
        "\n".join([*(line(ev, "gdelt1-57") for ev in old), *(line(ev, "gdelt1") for ev in new)])
        + "\n",
        encoding="utf-8",
    )
    con = open_store(":memory:")
    report = ingest_files(con, [path])
    urls = con.execute("SELECT count(source_url) FROM events").fetchone()
    assert (report.rows, report.malformed, urls) == (7, [], (2,))


# -- 2. the same events from two files


def test_the_same_export_as_csv_and_zip_is_stored_once(tmp_path: Path) -> None:
    text = gdelt_text(DECEMBER, "gdelt2")
    plain = tmp_path / "20241220000000.export.CSV"
    plain.write_text(text, encoding="utf-8")
    zipped = tmp_path / "20241220000000.export.CSV.zip"
    with zipfile.ZipFile(zipped, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(plain.name, text)
    db = tmp_path / "e.duckdb"
    code, _, err = run("ingest", str(plain), str(zipped), "--db", str(db), "-q")
    assert code == 0, err
    assert "Ingested: 9 new, 9 already present, 0 malformed, from 2 files" in err
    con = open_store(db, read_only=True)
    counts = con.execute("SELECT count(*), count(DISTINCT event_id) FROM events").fetchone()
    files = con.execute("SELECT name, rows, already_present FROM ingested_files ORDER BY 1")
    assert counts == (9, 9)
    assert files.fetchall() == [(plain.name, 9, 0), (zipped.name, 0, 9)]
    con.close()


def test_an_overlapping_file_adds_only_its_new_events(tmp_path: Path) -> None:
    first, second = tmp_path / "a.CSV", tmp_path / "b.CSV"
    first.write_text(gdelt_text(DECEMBER[:5], "gdelt2"), encoding="utf-8")
    # b repeats 1004 and 1005, and 1006 twice within itself.
    second.write_text(gdelt_text(DECEMBER[3:7] + DECEMBER[5:6], "gdelt2"), encoding="utf-8")
    con = open_store(":memory:")
    report = ingest_files(con, [first, second])
    ids = con.execute("SELECT event_id FROM events ORDER BY 1").fetchall()
    assert [(f.rows, f.already_present) for f in report.files] == [(5, 0), (2, 3)]
    assert [i for (i,) in ids] == [1001, 1002, 1003, 1004, 1005, 1006, 1007]


def test_ids_are_keyed_per_dataset(tmp_path: Path) -> None:
    """The same number in GDELT 1.0 and 2.0 files is two events."""
    one, two = tmp_path / "one.CSV", tmp_path / "two.CSV"
    one.write_text(gdelt_text(DECEMBER[:2], "gdelt1"), encoding="utf-8")
    two.write_text(gdelt_text(DECEMBER[:2], "gdelt2"), encoding="utf-8")
    con = open_store(":memory:")
    assert ingest_files(con, [one, two]).rows == 4


# -- 3. glob characters in a file name


@pytest.mark.parametrize("name", ["x*.export.CSV", "x?.export.CSV", "[x].export.CSV"])
def test_a_file_name_is_read_literally(tmp_path: Path, name: str) -> None:
    target = tmp_path / name
    target.write_text(gdelt_text(DECEMBER[:2], "gdelt2"), encoding="utf-8")
    # Files the name would match as a pattern:
    (tmp_path / "xa.export.CSV").write_text(gdelt_text(DECEMBER[2:], "gdelt2"), encoding="utf-8")
    (tmp_path / "x.export.CSV").write_text(gdelt_text(DECEMBER[4:], "gdelt2"), encoding="utf-8")
    db = tmp_path / "e.duckdb"
    code, _, err = run("ingest", str(target), "--db", str(db), "-q")
    assert code == 0, err
    con = open_store(db, read_only=True)
    assert con.execute("SELECT count(*) FROM events").fetchone() == (2,)
    con.close()


# -- 4. a write that fails


def _limit_file_size(limit: int) -> None:
    # In the child: writes past `limit` bytes fail with EFBIG ("File too large"), as a
    # full disk fails them with ENOSPC; SIGXFSZ ignored so the write fails, not the process.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE is POSIX")
def test_a_failed_write_shows_the_real_error_and_keeps_the_rest(tmp_path: Path) -> None:
    """The failing write is real: the CLI runs in a child process whose file size limit
    (RLIMIT_FSIZE, 4 MB; SIGXFSZ ignored) makes DuckDB's write of the big file fail with
    EFBIG, the way a full disk fails it with ENOSPC."""
    small, later, big = tmp_path / "small.CSV", tmp_path / "later.CSV", tmp_path / "big.CSV"
    small.write_text(gdelt_text(DECEMBER[:3], "gdelt2"), encoding="utf-8")
    later.write_text(gdelt_text(DECEMBER[3:], "gdelt2"), encoding="utf-8")
    fields = gdelt_fields(DECEMBER[0], "gdelt2")
    with big.open("w", encoding="utf-8") as handle:  # ~20 MB of events with distinct URLs
        for k in range(60_000):
            fields[0] = str(100_000 + k)
            fields[-1] = f"https://news.example.org/{os.urandom(24).hex()}/{k}"
            fields[6] = os.urandom(16).hex()  # Actor1Name
            handle.write("\t".join(fields) + "\n")
    db = tmp_path / "e.duckdb"
    code = "from crossroads.cli import main; main()"
    args = ["events", "ingest", str(small), str(big), str(later), "--db", str(db), "-q"]
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        env=child_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=300,
        preexec_fn=lambda: _limit_file_size(4_000_000),
    )
    errors = [x for x in done.stderr.splitlines() if x.startswith("Error:")]
    assert done.returncode == 1, done.stderr
    assert "cannot rollback" not in done.stderr and "Traceback" not in done.stderr
    # DuckDB gives up on a database whose write failed this way: the later file is not
    # tried, and says so.
    assert errors[0].startswith(f"Error: {big}: ") and "File too large" in errors[0]
    assert errors[1:] == [
        f"Error: {later}: not ingested: the events database failed on an earlier file"
    ]
    con = open_store(db, read_only=True)
    names = con.execute("SELECT name, rows FROM ingested_files ORDER BY file_id").fetchall()
    total = con.execute("SELECT count(*) FROM events").fetchone()
    con.close()
    assert (names, total) == ([("small.CSV", 3)], (3,))  # nothing half-stored
    # With room again, the same command stores the rest.
    code, _, err = run(*args[1:])
    assert code == 0, err
    assert "Ingested: 60006 new, 0 already present" in err


# -- 5. zip archives that expand too far


def test_a_zip_bomb_is_refused_unread(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("events.CSV", b"0" * (20 << 20))  # 20 MiB into ~20 KiB
    good = tmp_path / "good.CSV"
    good.write_text(gdelt_text(DECEMBER[:2], "gdelt2"), encoding="utf-8")
    code, _, err = run("ingest", str(bomb), str(good), "--db", str(tmp_path / "e.duckdb"), "-q")
    assert code == 1
    [line] = [x for x in err.splitlines() if x.startswith("Error:")]
    assert line.startswith(f"Error: {bomb}: events.CSV expands 1,0")
    assert line.endswith("to 20.0 MiB), over the limit of 100 (raise it with --max-ratio)")
    assert "Ingested: 2 new" in err


def test_the_expanded_size_limit_can_be_raised(tmp_path: Path) -> None:
    archive_path = tmp_path / "20241220.export.CSV.zip"
    with zipfile.ZipFile(archive_path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("20241220.export.CSV", gdelt_text(DECEMBER, "gdelt2"))
    db = str(tmp_path / "e.duckdb")
    code, _, err = run("ingest", str(archive_path), "--db", db, "--max-expanded-size", "2KiB")
    assert code == 1
    [line] = [x for x in err.splitlines() if x.startswith("Error:")]
    assert line.startswith(f"Error: {archive_path}: expands to ")
    assert line.endswith("KiB, over the limit of 2.0 KiB (raise it with --max-expanded-size)")
    code, _, err = run("ingest", str(archive_path), "--db", db, "--max-expanded-size", "1MiB")
    assert code == 0, err
    code, _, err = run("ingest", str(archive_path), "--db", db, "--max-expanded-size", "lots")
    assert code == 2 and "'lots' is not a size" in err


def test_a_zip_that_is_not_event_data_is_refused_on_its_first_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only the first rows are read: the bytes taken out of the member are counted."""
    junk = tmp_path / "junk.zip"
    with zipfile.ZipFile(junk, "w", zipfile.ZIP_STORED) as archive:  # stored: ratio 1
        archive.writestr(
            "notes.txt", b"".join(os.urandom(60).hex().encode() + b"\n" for _ in range(70_000))
        )
    taken = []
    original = zipfile.ZipExtFile.read

    def counting_read(self: zipfile.ZipExtFile, n: int | None = -1) -> bytes:
        data = original(self, n)
        taken.append(len(data))
        return data

    monkeypatch.setattr(zipfile.ZipExtFile, "read", counting_read)
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    report = ingest_files(open_store(":memory:"), [junk], limits=ArchiveLimits(max_ratio=10))
    assert "neither a GDELT event file" in (report.files[0].error or "")
    assert 0 < sum(taken) <= 1 << 20  # of the 8.5 MB member
    assert list((tmp_path / "tmp").iterdir()) == []


def test_a_damaged_zip_member_is_one_line_and_the_next_file_loads(tmp_path: Path) -> None:
    many = [Ev(k, "20241203", "USAGOV", "KHMGOV", "042", 1.9, 1, 0.0) for k in range(1, 5000)]
    good = tmp_path / "good.zip"
    with zipfile.ZipFile(good, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("e.CSV", gdelt_text(many, "gdelt2"))
    data = bytearray(good.read_bytes())
    data[len(data) // 2] ^= 0xFF  # inside the compressed rows, past the first ones
    damaged = tmp_path / "damaged.zip"
    damaged.write_bytes(bytes(data))
    report = ingest_files(open_store(":memory:"), [damaged, good])
    assert (report.files[0].error or "").startswith("cannot read e.CSV (")
    assert "\n" not in (report.files[0].error or "") and "Traceback" not in (
        report.files[0].error or ""
    )
    assert report.rows == 4999


# -- 6. a killed ingest


_PAUSE_IN_SCAN = """
import sys, time, zipfile
from crossroads.events import ingest_files, open_store

original = zipfile.ZipExtFile.read
calls = []

def read(self, n=-1):
    calls.append(n)
    if len(calls) == 2:  # the first read after the layout check: DuckDB's scan
        print("scanning", flush=True)
        time.sleep(300)
    return original(self, n)

zipfile.ZipExtFile.read = read
ingest_files(open_store(sys.argv[1]), [sys.argv[2]])
"""


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_a_killed_ingest_leaves_nothing_behind(tmp_path: Path, sig: signal.Signals) -> None:
    """A real child process is killed while DuckDB reads the zip member."""
    archive_path = tmp_path / "20241220.export.CSV.zip"
    with zipfile.ZipFile(archive_path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("20241220.export.CSV", gdelt_text(DECEMBER, "gdelt2"))
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    db = tmp_path / "db" / "e.duckdb"
    child = subprocess.Popen(
        [sys.executable, "-c", _PAUSE_IN_SCAN, str(db), str(archive_path)],
        env=child_env(tmp),
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline() == "scanning\n"
        child.send_signal(sig)
    finally:
        child.wait(timeout=60)
    assert list(tmp.iterdir()) == []
    # The next ingest stores the file and leaves no temporary folder either.
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from crossroads.events import ingest_files, open_store;"
            " print(ingest_files(open_store(sys.argv[1]), [sys.argv[2]]).rows)",
            str(db),
            str(archive_path),
        ],
        env=child_env(tmp),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.stdout.strip() == "9", done.stderr
    assert list(tmp.iterdir()) == []
