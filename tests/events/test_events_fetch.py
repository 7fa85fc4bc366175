"""Fetch against a local HTTP server (127.0.0.1) serving fixture files, never the internet."""

from __future__ import annotations

import hashlib
import socket
import threading
import zipfile
from collections.abc import Iterator
from contextlib import suppress
from datetime import date
from functools import partial
from http.server import BaseHTTPRequestHandler, SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest
from click.testing import CliRunner

from crossroads.cli import main
from crossroads.events import open_store
from crossroads.events.fetch import FetchError, fetch_exports, parse_master_list, read_master_list

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


# -- a server that misbehaves: oversized files, redirects to ftp and in circles


class TrickyHandler(BaseHTTPRequestHandler):
    """Serves a master list whose one file is far larger than listed, and redirects."""

    listed = b"x" * 1000
    requests: ClassVar[list[str]] = []
    redirects: ClassVar[dict[str, str]] = {}

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass

    def do_GET(self) -> None:  # noqa: N802
        self.requests.append(self.path)
        if self.path in self.redirects:
            self.send_response(302)
            self.send_header("Location", self.redirects[self.path])
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if self.path.endswith("masterfilelist.txt"):
            body = (
                f"{len(self.listed)} {hashlib.md5(self.listed).hexdigest()}"
                " http://x/20241203000000.export.CSV.zip\n"
            ).encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        # The export: 2 MiB where the list says 1,000 bytes, with no Content-Length.
        self.send_response(200)
        self.end_headers()
        with suppress(OSError):  # the client hangs up early
            for _ in range(32):
                self.wfile.write(b"x" * 65536)


class QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        pass


@pytest.fixture()
def tricky() -> Iterator[str]:
    TrickyHandler.requests = []
    TrickyHandler.redirects = {}
    httpd = QuietServer(("127.0.0.1", 0), TrickyHandler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_a_file_larger_than_listed_stops_at_the_listed_size(tricky: str, tmp_path: Path) -> None:
    received: list[int] = []
    report = fetch_exports(
        date(2024, 12, 3), date(2024, 12, 3), tmp_path, base_url=tricky, on_bytes=received.append
    )
    assert report.failed == [
        (
            "20241203000000.export.CSV.zip",
            "larger than the 1,000 bytes listed (the server sends more); not retried",
        )
    ]
    assert sum(n for n in received if n > 0) == 1000  # not 2 MiB
    assert TrickyHandler.requests.count("/20241203000000.export.CSV.zip") == 1
    assert list(tmp_path.iterdir()) == []


def test_a_redirect_to_ftp_is_not_followed(tricky: str, tmp_path: Path) -> None:
    # Something listens where the redirect points: did anyone connect to it?
    ftp = socket.socket()
    ftp.bind(("127.0.0.1", 0))
    ftp.listen(1)
    ftp.setblocking(False)
    TrickyHandler.redirects["/masterfilelist.txt"] = f"ftp://127.0.0.1:{ftp.getsockname()[1]}/x"
    try:
        with pytest.raises(FetchError) as caught:
            fetch_exports(date(2024, 12, 3), date(2024, 12, 3), tmp_path, base_url=tricky)
        with pytest.raises(BlockingIOError):
            ftp.accept()  # no connection is waiting
    finally:
        ftp.close()
    assert "which is not an http(s) URL" in str(caught.value)


def test_redirects_to_http_are_followed(tricky: str, tmp_path: Path) -> None:
    TrickyHandler.redirects["/old/masterfilelist.txt"] = f"{tricky}/masterfilelist.txt"
    listed = read_master_list(f"{tricky}/old/")
    assert [f.name for f in listed] == ["20241203000000.export.CSV.zip"]


def test_an_endless_redirect_gives_one_line(tricky: str, tmp_path: Path) -> None:
    TrickyHandler.redirects["/loop/masterfilelist.txt"] = "/loop/masterfilelist.txt"
    result = CliRunner().invoke(
        main,
        ["events", "fetch", "--from", "2024-12-03", "--to", "2024-12-03"]
        + ["--base-url", f"{tricky}/loop/", "--dest", str(tmp_path), "-q"]
        + ["--max-redirects", "3"],
    )
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"Error: {tricky}/loop/masterfilelist.txt: cannot download the master file list"
        f" (more than 3 redirects (the last to {tricky}/loop/masterfilelist.txt))"
    ]
    assert TrickyHandler.requests.count("/loop/masterfilelist.txt") == 4


@pytest.mark.parametrize("url", ["notaurl", "ftp://data.example/gdeltv2/", "file:///etc/"])
def test_a_base_url_that_is_not_http_is_a_usage_error(tmp_path: Path, url: str) -> None:
    result = CliRunner().invoke(
        main,
        ["events", "fetch", "--from", "2024-12-03", "--to", "2024-12-03", "--base-url", url]
        + ["--dest", str(tmp_path), "-q"],
    )
    assert result.exit_code == 2
    assert f"Invalid value for '--base-url': {url!r} is not an http(s) URL" in result.stderr
    assert "Traceback" not in result.stderr
    with pytest.raises(FetchError, match="not an http"):
        fetch_exports(date(2024, 12, 3), date(2024, 12, 3), tmp_path, base_url=url)
