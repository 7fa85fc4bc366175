"""Readers: turn a file or URL (txt, md, html, pdf) into a :class:`~crossroads.model.Document`.

The one entry point is :func:`read`::

    from crossroads.readers import read
    doc = read("essay.pdf", doc_id="d1")

The document's text is normalised (see :mod:`crossroads.readers.normalize`) and keeps the
source's structure: paragraphs separated by a blank line, headings on their own line, PDF
pages separated by ``"\\f"``. Repairing extraction damage and segmentation come later.
"""

from __future__ import annotations

import os
from pathlib import Path

from crossroads.errors import CrossroadsError, ReadError
from crossroads.model import Document
from crossroads.readers.dates import header_date
from crossroads.readers.encoding import BOMS, decode_bytes
from crossroads.readers.failures import short_reason
from crossroads.readers.html import html_to_text
from crossroads.readers.markdown import markdown_to_text
from crossroads.readers.normalize import leading_title, normalize_text
from crossroads.readers.pdf import pdf_to_text
from crossroads.readers.url import fetch, is_url, kind_from_content_type

__all__ = ["read", "kind_from_name", "sniff_kind"]

EMPTY = "the file is empty"

_KINDS_BY_SUFFIX = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".mdown": "md",
    ".mkd": "md",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".pdf": "pdf",
}


def kind_from_name(name: str) -> str | None:
    """The document kind that a file name's extension (or a URL path's) names.

    Args:
        name: A file name, path or URL path.

    Returns:
        ``"txt"``, ``"md"``, ``"html"``, ``"pdf"`` or ``None`` for other extensions.
    """
    return _KINDS_BY_SUFFIX.get(Path(name).suffix.lower())


def sniff_kind(data: bytes) -> str:
    """Guess a document's kind from its first bytes.

    Args:
        data: The start of the document (or all of it).

    Returns:
        ``"pdf"`` for the PDF signature, ``"html"`` for an HTML document, else ``"txt"``.
    """
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if lowered.startswith((b"<!doctype html", b"<html")) or b"<html" in lowered:
        return "html"
    return "txt"


def _is_blank(data: bytes) -> bool:
    """Tell whether bytes hold nothing but whitespace, after any byte order mark."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return not data[len(bom) :].decode(encoding).strip()
            except UnicodeDecodeError:
                return False
    return not data.strip()


def _read_file(path: str) -> bytes:
    """The bytes of a local file, with a short reason for each way that can fail."""
    target = Path(path)
    if not target.exists():
        raise ReadError(path, "no such file")
    if target.is_dir():
        raise ReadError(path, "is a directory, not a file")
    if not os.access(target, os.R_OK):
        raise ReadError(path, "permission denied")
    try:
        return target.read_bytes()
    except OSError as exc:
        raise ReadError(path, short_reason(exc)) from exc


def _document(
    source: str, doc_id: str, kind: str, data: bytes, charset: str | None, url: str | None
) -> Document:
    """Build the document of one kind from its bytes."""
    if _is_blank(data):
        raise ReadError(source, EMPTY)
    doc = Document(id=doc_id, source=source, kind=kind)
    if kind == "pdf":
        pdf = pdf_to_text(data, source)
        doc.text, doc.title, doc.author, doc.date = (
            normalize_text(pdf.text),
            pdf.title,
            pdf.author,
            pdf.date,
        )
        return doc
    if kind == "html":
        page: bytes | str = decode_bytes(data, source, charset) if charset else data
        html = html_to_text(page, source, url)
        doc.text = normalize_text(html.text)
        doc.title, doc.author, doc.date = html.title, html.author, html.date
        return doc
    raw = decode_bytes(data, source, charset)
    if not raw.strip():
        raise ReadError(source, EMPTY)
    if kind == "md":
        md = markdown_to_text(normalize_text(raw))
        doc.text = normalize_text(md.text)
        if not doc.text:
            raise ReadError(source, "the Markdown file holds no text besides its front matter")
        doc.title = md.title or leading_title(doc.text)
        doc.author, doc.date, doc.declared = md.author, md.date, md.declared
        return doc
    doc.text = normalize_text(raw)
    doc.title = leading_title(doc.text)
    return doc


def _read(source: str, doc_id: str) -> Document:
    doc = _read_kind(source, doc_id)
    if doc.date is None:  # no metadata date (always so for .txt): the header may state one
        doc.date = header_date(doc.text)
    return doc


def _read_kind(source: str, doc_id: str) -> Document:
    if is_url(source):
        fetched = fetch(source)
        path = fetched.url.split("?", 1)[0].split("#", 1)[0]
        kind = (
            kind_from_content_type(fetched.content_type)
            or kind_from_name(path)
            or sniff_kind(fetched.data)
        )
        if kind == "txt" and kind_from_name(path) == "md":
            kind = "md"  # Markdown is often served as text/plain
        return _document(source, doc_id, kind, fetched.data, fetched.charset, fetched.url)
    data = _read_file(source)
    kind = kind_from_name(source) or sniff_kind(data)
    return _document(source, doc_id, kind, data, None, None)


def read(source: str, doc_id: str = "d1") -> Document:
    """Read a file or an http(s) URL into a normalised document.

    The kind (``"txt"``, ``"md"``, ``"html"``, ``"pdf"``) comes from the extension or,
    for a URL, the Content-Type; an unknown extension is decided by the first bytes.

    Args:
        source: A file path or an http(s) URL.
        doc_id: The document's id in the analysis.

    Returns:
        A :class:`Document` with ``id``, ``source`` (as given), ``kind``, the normalised
        ``text`` and the ``title``, ``author`` and ``date`` (ISO) the source gives: its
        metadata (front matter, HTML meta, PDF info), else its header's stated date
        (:func:`~crossroads.readers.dates.header_date`).
        ``sentences`` is left empty for the segmentation stage.

    Raises:
        ReadError: The source is missing, a directory, unreadable, empty, binary, not the
            PDF it is named as, a scanned PDF, an HTML page with no main text, or cannot
            be fetched. Every other failure is reported as a ReadError too.
    """
    try:
        return _read(source, doc_id)
    except CrossroadsError:
        raise
    except Exception as exc:  # a library's failure must reach the user as one line
        raise ReadError(source, f"could not read: {short_reason(exc)}") from exc
