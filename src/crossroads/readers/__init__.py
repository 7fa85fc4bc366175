"""Readers: turn a file or URL (txt, md, html, pdf) into a :class:`~crossroads.model.Document`.

The one entry point is :func:`read`::

    from crossroads.readers import read
    doc = read("essay.pdf", doc_id="d1")

The document's text is normalised (see :mod:`crossroads.readers.normalize`) and keeps the
source's structure: paragraphs separated by a blank line, headings on their own line, PDF
pages separated by ``"\\f"``. Repairing extraction damage and segmentation come later.

Reading is bounded (:mod:`crossroads.readers.limits`): only regular files and http(s) URLs,
no more bytes than the size limit, no longer than the time limit for a URL.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from crossroads.errors import CrossroadsError, ReadError
from crossroads.model import Document
from crossroads.readers.dates import header_date
from crossroads.readers.encoding import BOMS, decode_bytes
from crossroads.readers.failures import quiet_libraries, short_reason
from crossroads.readers.html import html_to_text
from crossroads.readers.language import detect_language
from crossroads.readers.limits import Limits, format_size
from crossroads.readers.markdown import MAX_NESTING, markdown_to_text
from crossroads.readers.normalize import leading_title, normalize_text
from crossroads.readers.pdf import pdf_to_text
from crossroads.readers.url import fetch, is_url, kind_from_content_type

__all__ = ["Limits", "read", "kind_from_name", "sniff_kind"]

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
    certain = _certain_kind(data)
    if certain:
        return certain
    return "html" if b"<html" in data[:1024].lower() else "txt"


def _certain_kind(data: bytes) -> str | None:
    """The kind that the content itself proves, whatever the name or Content-Type say.

    A PDF signature in the first kilobyte makes a PDF, and a document that opens with
    ``<!doctype html`` or ``<html`` an HTML page: a page saved as ``.pdf`` or a PDF served
    as ``text/html`` is read for what it is. Anything else is left to the name.
    """
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").lower().startswith((b"<!doctype html", b"<html")):
        return "html"
    return None


def _is_blank(data: bytes) -> bool:
    """Tell whether bytes hold nothing but whitespace, after any byte order mark."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return not data[len(bom) :].decode(encoding).strip()
            except UnicodeDecodeError:
                return False
    return not data.strip()


_NOT_REGULAR = {
    stat.S_IFIFO: "a named pipe (FIFO)",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
}


def _too_large(max_bytes: int) -> str:
    return f"larger than the {format_size(max_bytes)} size limit (see --max-size)"


def _read_file(path: str, max_bytes: int) -> bytes:
    """The bytes of a regular file of at most ``max_bytes``, with a short reason for each
    way that can fail. A FIFO or a device is refused before a byte is read from it."""
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer that may never come
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError as exc:
        raise ReadError(path, "no such file") from exc
    except IsADirectoryError as exc:
        raise ReadError(path, "is a directory, not a file") from exc
    except OSError as exc:
        raise ReadError(path, short_reason(exc)) from exc
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        if stat.S_ISDIR(info.st_mode):
            raise ReadError(path, "is a directory, not a file")
        kind = _NOT_REGULAR.get(stat.S_IFMT(info.st_mode), "not a regular file")
        raise ReadError(path, f"is {kind}, not a regular file")
    with os.fdopen(fd, "rb") as handle:
        if info.st_size > max_bytes:
            raise ReadError(path, _too_large(max_bytes))
        try:
            data = handle.read(max_bytes + 1)
        except OSError as exc:
            raise ReadError(path, short_reason(exc)) from exc
    if len(data) > max_bytes:  # the file grew while we read it
        raise ReadError(path, _too_large(max_bytes))
    return data


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
        too_deep = f"nested deeper than {MAX_NESTING} levels"
        if not doc.text and md.too_deep:
            raise ReadError(source, f"the Markdown text is {too_deep}; none of it could be read")
        if not doc.text:
            where = "besides its front matter" if md.front_matter else "only markup"
            raise ReadError(source, f"the Markdown file holds no text, {where}")
        if md.too_deep:
            doc.warnings.append(f"Markdown {too_deep} was left out")
        doc.title = md.title or leading_title(doc.text)
        doc.author, doc.date, doc.declared = md.author, md.date, md.declared
        return doc
    doc.text = normalize_text(raw)
    doc.title = leading_title(doc.text)
    return doc


def _read(source: str, doc_id: str, limits: Limits) -> Document:
    if is_url(source):
        fetched = fetch(source, limits)
        path = fetched.url.split("?", 1)[0].split("#", 1)[0]
        named = kind_from_name(path)
        declared = kind_from_content_type(fetched.content_type)
        if declared == "txt" and named == "md":
            declared = "md"  # Markdown is often served as text/plain
        kind = _certain_kind(fetched.data) or declared or named or sniff_kind(fetched.data)
        doc = _document(source, doc_id, kind, fetched.data, fetched.charset, fetched.url)
    else:
        data = _read_file(source, limits.max_bytes)
        kind = _certain_kind(data) or kind_from_name(source) or sniff_kind(data)
        doc = _document(source, doc_id, kind, data, None, None)
    if doc.date is None:  # no metadata date (always so for .txt): the header may state one
        doc.date = header_date(doc.text)
    doc.language = detect_language(doc.text)
    return doc


def read(source: str, doc_id: str = "d1", limits: Limits | None = None) -> Document:
    """Read a file or an http(s) URL into a normalised document.

    The kind (``"txt"``, ``"md"``, ``"html"``, ``"pdf"``) comes from the content when it
    is a PDF or an HTML page, else from the extension or, for a URL, the Content-Type; an
    unknown extension is decided by the first bytes.

    Args:
        source: A file path or an http(s) URL.
        doc_id: The document's id in the analysis.
        limits: The size limit and a URL's time limit (:class:`Limits` by default).

    Returns:
        A :class:`Document` with ``id``, ``source`` (as given), ``kind``, the normalised
        ``text``, the ``title``, ``author`` and ``date`` (ISO) the source gives (its
        metadata, else its header's stated date: :func:`~crossroads.readers.dates.header_date`),
        and the ``language`` detected (``None`` when the text is too short to tell).
        ``sentences`` is left empty for the segmentation stage.

    Raises:
        ReadError: The source is missing, a directory, not a regular file (a FIFO, a
            device), over the size limit, unreadable, empty, binary, not the PDF it is
            named as, a scanned PDF, an HTML page with no main text, or cannot be fetched
            in time. Every other failure is reported as a ReadError too.
    """
    try:
        with quiet_libraries():
            return _read(source, doc_id, limits or Limits())
    except CrossroadsError:
        raise
    except Exception as exc:  # a library's failure must reach the user as one line
        raise ReadError(source, f"could not read: {short_reason(exc)}") from exc
