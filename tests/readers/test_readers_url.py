"""URLs: fetched from a local HTTP server, kind from Content-Type or extension."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from fpdf import FPDF

from crossroads.errors import ReadError
from crossroads.readers import read

from .conftest import DATA


def _pdf_bytes() -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.multi_cell(0, 6, "The coast guard hotline was tested for the first time.")
    return bytes(pdf.output())


class _Site:
    """A tiny site: each path has a body and a Content-Type; it records User-Agents."""

    def __init__(self) -> None:
        self.pages: dict[str, tuple[bytes, str]] = {
            "/news/ports-and-promises": (
                (DATA / "article.html").read_bytes(),
                "text/html; charset=utf-8",
            ),
            "/reports/hotline": (_pdf_bytes(), "application/pdf"),
            "/notes/relations.txt": (
                (DATA / "relations-cp1252.txt").read_bytes(),
                "text/plain; charset=windows-1252",
            ),
            "/notes/briefing.md": ((DATA / "briefing.md").read_bytes(), "text/plain"),
            "/files/download": ((DATA / "article.html").read_bytes(), "application/octet-stream"),
        }
        self.user_agents: list[str] = []


@pytest.fixture(scope="module")
def site() -> Iterator[tuple[str, _Site]]:
    state = _Site()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
            state.user_agents.append(self.headers.get("User-Agent", ""))
            page = state.pages.get(self.path)
            if page is None:
                self.send_error(404, "Not Found")
                return
            body, content_type = page
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", state
    server.shutdown()
    server.server_close()


def test_an_html_page_is_read_from_its_content_type(site: tuple[str, _Site]) -> None:
    base, state = site
    url = f"{base}/news/ports-and-promises"

    doc = read(url, doc_id="d3")

    assert (doc.id, doc.kind, doc.source) == ("d3", "html", url)
    assert doc.author == "Lena Okafor"
    assert "Avalian officials said the renovation" in doc.text
    assert "World desk" not in doc.text
    assert state.user_agents[-1].startswith("Crossroads/")


def test_a_pdf_is_read_from_its_content_type(site: tuple[str, _Site]) -> None:
    base, _ = site

    doc = read(f"{base}/reports/hotline")

    assert doc.kind == "pdf"
    assert doc.text == "The coast guard hotline was tested for the first time."


def test_plain_text_uses_the_declared_charset(site: tuple[str, _Site]) -> None:
    base, _ = site

    doc = read(f"{base}/notes/relations.txt")

    assert doc.kind == "txt"
    assert "called the deal “opaque”" in doc.text


def test_markdown_served_as_plain_text_is_read_as_markdown(site: tuple[str, _Site]) -> None:
    base, _ = site

    doc = read(f"{base}/notes/briefing.md")

    assert doc.kind == "md"
    assert doc.date == "2024-03-05"
    assert "**" not in doc.text


def test_a_generic_content_type_is_decided_by_the_content(site: tuple[str, _Site]) -> None:
    base, _ = site

    assert read(f"{base}/files/download").kind == "html"


def test_a_missing_page_is_a_read_error_naming_the_url(site: tuple[str, _Site]) -> None:
    base, _ = site
    url = f"{base}/nowhere"

    with pytest.raises(ReadError) as caught:
        read(url)

    assert caught.value.subject == url
    assert caught.value.problem == "could not fetch: HTTP 404 Not Found"


def test_an_unreachable_server_is_a_read_error() -> None:
    # Port 9 (discard) on the loopback interface: nothing listens there in a test run.
    url = "http://127.0.0.1:9/report.pdf"

    with pytest.raises(ReadError) as caught:
        read(url)

    assert caught.value.subject == url
    assert caught.value.problem.startswith("could not fetch: ")
    assert str(caught.value).startswith(url)
