"""The main text and metadata of an HTML page, via trafilatura.

trafilatura strips navigation, advertisements, footers and comments. Its XML output keeps
the page's structure, which we turn into plain text: headings on their own line,
paragraphs separated by a blank line, list items one per line.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from crossroads.errors import ReadError
from crossroads.readers.dates import to_iso_date

NO_MAIN_TEXT = "no main text found in the HTML page"

_BLOCKS = {"p", "head", "code", "quote", "list", "table", "div"}
_SKIPPED = {"graphic", "comments", "fw", "note"}
# A page's main text holds at least one line of prose this long; menus and link lists
# that trafilatura's fallback picks up on pages without an article do not.
_MIN_PROSE_WORDS = 8


@dataclass
class HtmlText:
    """Main text of a page and the metadata found in it."""

    text: str
    title: str | None = None
    author: str | None = None
    date: str | None = None


def _inline_text(element: etree._Element) -> str:
    """The words of an element, with ``<lb/>`` as a line break and images left out."""
    parts = [element.text or ""]
    for child in element:
        if child.tag == "lb":
            parts.append("\n")
        elif child.tag not in _SKIPPED:
            parts.append(_inline_text(child))
        parts.append(child.tail or "")
    text = "".join(parts)
    return "\n".join(" ".join(line.split()) for line in text.split("\n")).strip()


def _blocks(element: etree._Element) -> list[str]:
    """Blocks of text under an element, in order: each heading, paragraph, list, quote."""
    blocks: list[str] = []
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIPPED:
            continue
        if tag == "list":
            items = [_inline_text(item) for item in child.iter("item")]
            blocks.append("\n".join(item for item in items if item))
        elif tag == "table":
            rows = []
            for row in child.iter("row"):
                cells = [_inline_text(cell) for cell in row.iter("cell")]
                rows.append(" | ".join(cell for cell in cells if cell))
            blocks.append("\n".join(row for row in rows if row))
        elif tag in ("quote", "div") and any(
            isinstance(sub.tag, str) and sub.tag in _BLOCKS for sub in child
        ):
            blocks.extend(_blocks(child))
        else:
            blocks.append(_inline_text(child))
    return [block for block in blocks if block]


def _is_prose(block: str) -> bool:
    """Tell whether a block holds a line long enough to be prose rather than a menu."""
    return any(len(line.split()) >= _MIN_PROSE_WORDS for line in block.split("\n"))


def _attribute(root: etree._Element, name: str) -> str | None:
    value = root.get(name)
    return value.strip() if value and value.strip() else None


def html_to_text(data: bytes | str, source: str, url: str | None = None) -> HtmlText:
    """Extract the main text and the title, author and date of an HTML page.

    Args:
        data: The page, as bytes (trafilatura reads the charset) or decoded text.
        source: The file or URL, named in errors.
        url: The page's URL, when it was fetched, to help metadata extraction.

    Returns:
        The main text (not yet normalised) and the metadata found.

    Raises:
        ReadError: No main text could be found (a page of navigation only, an empty page).
    """
    import trafilatura  # imported late: it loads many modules

    xml = trafilatura.extract(
        data,
        url=url,
        output_format="xml",
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
        deduplicate=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if not xml:
        raise ReadError(source, NO_MAIN_TEXT)
    try:
        root = etree.fromstring(xml.encode("utf-8"))
    except etree.XMLSyntaxError as exc:
        raise ReadError(source, NO_MAIN_TEXT) from exc
    main = root.find("main")
    blocks = _blocks(main if main is not None else root)
    if not any(_is_prose(block) for block in blocks):
        raise ReadError(source, NO_MAIN_TEXT)
    return HtmlText(
        text="\n\n".join(blocks),
        title=_attribute(root, "title"),
        author=_attribute(root, "author"),
        date=to_iso_date(_attribute(root, "date")),
    )
