"""A hostile web server: trickling bodies, redirects away from http(s) or without end."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from fpdf import FPDF

from crossroads.errors import ReadError
from crossroads.readers import Limits, read

ARTICLE = (
    b"<html><body><article><p>The coast guards of Avalia and Brenmark rehearsed a rescue "
    b"at sea on Monday, the first joint drill since the quarrel began.</p></article></body></html>"
)


def _pdf_bytes() -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.multi_cell(0, 6, "The coast guard hotline was tested for the first time on Monday.")
    return bytes(pdf.output())


class _Handler(BaseHTTPRequestHandler):
    stop = threading.Event()

    def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
        if self.path == "/trickle":
            # 100 bytes announced, one sent every 0.2 s: each read is quick, the whole is not
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", "100")
            self.end_headers()
            for _ in range(100):
                if self.stop.is_set():
                    return
                try:
                    self.wfile.write(b"a")
                    self.wfile.flush()
                except OSError:
                    return
                time.sleep(0.2)
        elif self.path == "/to-ftp":
            self._redirect("ftp://127.0.0.1:1/pub/report.txt")
        elif self.path.startswith("/loop"):
            number = int(self.path.removeprefix("/loop") or 0)
            self._redirect(f"/loop{number + 1}")
        elif self.path == "/pdf-as-html":
            self._send(_pdf_bytes(), "text/html")
        elif self.path == "/big":
            self._send(ARTICLE * 10, "text/html")
        else:
            self.send_error(404, "Not Found")

    def _redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _send(self, body: bytes, content_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    _Handler.stop.set()
    server.shutdown()
    server.server_close()


def _problem(url: str, limits: Limits | None = None) -> str:
    with pytest.raises(ReadError) as caught:
        read(url, limits=limits)
    assert caught.value.subject == url
    assert "\n" not in caught.value.problem
    return caught.value.problem


def test_a_trickling_server_is_cut_off_at_the_total_time_limit(site: str) -> None:
    # 20 s of trickle against a limit of 1 s; the per-read timeout alone would wait it out
    problem = _problem(f"{site}/trickle", Limits(url_seconds=1.0))

    assert problem == "could not fetch: no complete answer within 1 s"


def test_a_redirect_to_ftp_is_not_followed(site: str) -> None:
    assert _problem(f"{site}/to-ftp") == (
        "could not fetch: a redirect to ftp: is not followed (http and https only)"
    )


def test_an_endless_redirect_is_one_line(site: str) -> None:
    assert _problem(f"{site}/loop") == "could not fetch: more than 5 redirects"


def test_a_pdf_served_as_html_is_read_as_a_pdf(site: str) -> None:
    doc = read(f"{site}/pdf-as-html")

    assert doc.kind == "pdf"
    assert "hotline was tested" in doc.text


def test_a_page_over_the_size_limit_is_refused(site: str) -> None:
    assert _problem(f"{site}/big", Limits(max_bytes=1024)) == (
        "could not fetch: larger than the 1 KB size limit"
    )
