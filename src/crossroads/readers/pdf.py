"""The text layer of a PDF, page by page, without running headers, footers or page numbers.

Pages are read with pypdf's layout mode, which keeps the vertical gaps between paragraphs
as blank lines; a page that looks laid out in columns (or that layout mode cannot read) is
read in pypdf's plain mode instead, which follows the content stream's order. Pages are
joined with ``"\\f"``.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from pypdf import PdfReader

from crossroads.errors import ReadError
from crossroads.readers.dates import pdf_date_to_iso
from crossroads.readers.failures import short_reason

NOT_A_PDF = "not a PDF file"
NO_TEXT_LAYER = "the PDF has no text layer (scanned?); run OCR first"

# How many non-empty lines at the top and at the bottom of a page may be running matter.
_EDGE_LINES = 3
# Running headers and footers are short.
_MAX_RUNNING_CHARS = 120
_PAGE_NUMBER = re.compile(
    r"^(?:page|p\.|pg\.?)?\s*[-\u2013\u2014]?\s*\d{1,4}\s*[-\u2013\u2014]?"
    r"(?:\s*(?:of|/)\s*\d{1,4})?$",
    re.IGNORECASE,
)
_COLUMN_GAP = re.compile(r"\S {4,}\S")
_JUNK_TITLE = re.compile(
    r"^(?:untitled|microsoft (?:word|powerpoint) - .*|.*\.(?:docx?|pdf|indd|rtf|odt|tex))$",
    re.IGNORECASE,
)


@dataclass
class PdfText:
    """The text of a PDF (pages joined by form feeds) and its info dictionary's metadata."""

    text: str
    title: str | None = None
    author: str | None = None
    date: str | None = None


def _tidy_layout(text: str) -> str:
    """Squeeze layout mode's alignment spaces; keep its blank lines as paragraph breaks."""
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")


def _looks_like_columns(text: str) -> bool:
    """Tell whether a page read in layout mode puts two columns side by side."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if len(lines) < 3:
        return False
    gapped = sum(1 for line in lines if _COLUMN_GAP.search(line))
    return gapped > 0.4 * len(lines)


def _page_text(page: Any) -> str:
    """The text of one page, in layout mode when it is safe, else in plain mode."""
    try:
        layout = page.extract_text(extraction_mode="layout")
    except Exception:  # layout mode fails on some fonts; plain mode may still work
        layout = None
    if layout and layout.strip() and not _looks_like_columns(layout):
        return _tidy_layout(layout)
    try:
        plain = page.extract_text() or ""
    except Exception:  # one unreadable page must not lose the rest of the document
        return ""
    return "\n".join(line.strip() for line in plain.split("\n")).strip("\n")


def _edge_indexes(lines: list[str]) -> list[int]:
    """Indexes of the first and last few non-empty lines of a page."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    return sorted(set(filled[:_EDGE_LINES] + filled[-_EDGE_LINES:]))


def _running_key(line: str) -> str:
    """A line's identity as running matter: case and page numbers do not count."""
    return re.sub(r"\d+", "#", " ".join(line.lower().split()))


def strip_running_matter(pages: list[str]) -> list[str]:
    """Remove running headers and footers and bare page numbers from pages of text.

    A running line is one near the top or bottom of a page that comes back near the top or
    bottom of at least two pages and at least half of them, compared after replacing
    digits (so ``"Review | 3"`` and ``"Review | 4"`` match). A bare page number (``"12"``,
    ``"Page 3 of 9"``, ``"- 4 -"``) is removed near the edges of any page.

    Args:
        pages: The text of each page.

    Returns:
        The pages without their running matter.
    """
    split_pages = [page.split("\n") for page in pages]
    counts: Counter[str] = Counter()
    for lines in split_pages:
        keys = {
            _running_key(lines[i])
            for i in _edge_indexes(lines)
            if len(lines[i].strip()) <= _MAX_RUNNING_CHARS
        }
        counts.update(keys)
    threshold = max(2.0, len(pages) / 2)
    running = {key for key, count in counts.items() if count >= threshold}
    cleaned: list[str] = []
    for lines in split_pages:
        drop = {
            i
            for i in _edge_indexes(lines)
            if _PAGE_NUMBER.match(lines[i].strip()) or _running_key(lines[i]) in running
        }
        kept = [line for i, line in enumerate(lines) if i not in drop]
        cleaned.append(re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip("\n"))
    return cleaned


def _info_value(info: Any, key: str) -> str | None:
    """A text entry of the PDF info dictionary, or ``None``."""
    try:
        value = info.get(key)
        if hasattr(value, "get_object"):
            value = value.get_object()
    except Exception:  # a broken info dictionary only costs us the metadata
        return None
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None


def pdf_to_text(data: bytes, source: str) -> PdfText:
    """Read the text layer and metadata of a PDF.

    Args:
        data: The bytes of the file.
        source: The file or URL, named in errors.

    Returns:
        The text (pages joined by ``"\\f"``, not yet normalised) with the title, author and
        creation date (ISO) of the info dictionary.

    Raises:
        ReadError: The bytes are not a PDF, the PDF is damaged or password-protected, or
            no page holds any text (a scan without OCR).
    """
    if b"%PDF-" not in data[:1024]:
        raise ReadError(source, NOT_A_PDF)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ReadError(source, "the PDF is password-protected")
        pages = [_page_text(page) for page in reader.pages]
    except ReadError:
        raise
    except Exception as exc:
        raise ReadError(source, f"damaged PDF ({short_reason(exc)})") from exc
    if not any(page.strip() for page in pages):
        raise ReadError(source, NO_TEXT_LAYER)
    try:
        info: Any = reader.metadata or {}
    except Exception:  # a broken info dictionary only costs us the metadata
        info = {}
    title = _info_value(info, "/Title")
    if title and _JUNK_TITLE.match(title):
        title = None
    return PdfText(
        text="\f".join(strip_running_matter(pages)),
        title=title,
        author=_info_value(info, "/Author"),
        date=pdf_date_to_iso(_info_value(info, "/CreationDate")),
    )
