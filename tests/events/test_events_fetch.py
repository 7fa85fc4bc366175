"""Fetch against a local HTTP server (127.0.0.1) serving fixture files, never the internet."""

from __future__ import annotations

import hashlib
import threading
import zipfile
from collections.abc import Iterator
from datetime import date
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from crossroads.cli import main
from crossroads.events import open_store
from crossroads.events.fetch import fetch_exports, parse_master_list

from .conftest import DECEMBER, NOVEMBER, gdelt_text


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


def _zip(path: Path, member: str, text: str) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(member, text)


@pytest.fixture()
def server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    root = tmp_path / "www"
    root.mkdir()
    files = {
        "20241203120000.export.CSV.zip": gdelt_text(DECEMBER[:5], "gdelt2"),
        "20241204001500.export.CSV.zip": gdelt_text(NOVEMBER, "gdelt2"),
        "20241210000000.export.CSV.zip": gdelt_text(DECEMBER[5:], "gdelt2"),  # out of range
    }
    lines = []
    for name, text in files.items():
        _zip(root / name, name.removesuffix(".zip"), text)
        data = (root / name).read_bytes()
        lines.append(
            f"{len(data)} {hashlib.md5(data).hexdigest()} http://data.example/gdeltv2/{name}"
        )
    (root / "20241203120000.mentions.CSV.zip").write_bytes(b"not wanted")
    lines.append("10 0123456789abcdef0123456789abcdef http://x/20241203120000.mentions.CSV.zip")
    (root / "masterfilelist.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(root)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/", root
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_master_list_lines_are_parsed() -> None:
    files = parse_master_list(
        "150383 297a16b493de7cf6ca809a7cc31d0b93 http://data.gdeltproject.org/gdeltv2/20150218230000.export.CSV.zip\n"
        "garbage line\n"
    )
    assert len(files) == 1
    assert files[0].name == "20150218230000.export.CSV.zip"
    assert files[0].size == 150383


def test_fetch_downloads_the_range_and_resumes(server: tuple[str, Path], tmp_path: Path) -> None:
    base, root = server
    dest = tmp_path / "dl"
    report = fetch_exports(date(2024, 12, 3), date(2024, 12, 4), dest, base_url=base)
    assert sorted(p.name for p in report.downloaded) == [
        "20241203120000.export.CSV.zip",
        "20241204001500.export.CSV.zip",
    ]
    assert (dest / "20241203120000.export.CSV.zip").read_bytes() == (
        root / "20241203120000.export.CSV.zip"
    ).read_bytes()
    # A damaged local copy is fetched again; the good one is skipped.
    (dest / "20241204001500.export.CSV.zip").write_bytes(b"truncated")
    again = fetch_exports(date(2024, 12, 3), date(2024, 12, 4), dest, base_url=base)
    assert [p.name for p in again.skipped] == ["20241203120000.export.CSV.zip"]
    assert [p.name for p in again.downloaded] == ["20241204001500.export.CSV.zip"]
    assert again.failed == []


def test_a_checksum_mismatch_is_reported(server: tuple[str, Path], tmp_path: Path) -> None:
    base, root = server
    (root / "20241204001500.export.CSV.zip").write_bytes(b"changed on the server")
    report = fetch_exports(date(2024, 12, 3), date(2024, 12, 4), tmp_path / "dl", base_url=base)
    assert [name for name, _ in report.failed] == ["20241204001500.export.CSV.zip"]
    assert "MD5" in report.failed[0][1]
    assert not (tmp_path / "dl" / "20241204001500.export.CSV.zip").exists()


def test_cli_fetch_then_ingest(server: tuple[str, Path], tmp_path: Path) -> None:
    base, _ = server
    db = tmp_path / "e.duckdb"
    result = CliRunner().invoke(
        main,
        [
            "events",
            "fetch",
            "--from",
            "2024-12-01",
            "--to",
            "2024-12-07",
            "--base-url",
            base,
            "--dest",
            str(tmp_path / "dl"),
            "--ingest",
            "--db",
            str(db),
            "-q",
        ],
    )
    assert result.exit_code == 0, result.stderr
    assert "2 downloaded, 0 already there, 0 failed" in result.stderr
    con = open_store(db, read_only=True)
    assert con.execute("SELECT count(*) FROM events").fetchone() == (7,)
    con.close()


def test_cli_fetch_without_server_fails_cleanly(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main,
        [
            "events",
            "fetch",
            "--from",
            "2024-12-01",
            "--to",
            "2024-12-02",
            "--base-url",
            "http://127.0.0.1:9/",
            "--dest",
            str(tmp_path),
            "--timeout",
            "5",
            "-q",
        ],
    )
    assert result.exit_code == 1
    assert "cannot download the master file list" in result.stderr
    assert "Traceback" not in result.stderr
