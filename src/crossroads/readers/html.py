"""The main text and metadata of an HTML page, via trafilatura.

trafilatura strips navigation, advertisements, footers and comments. Its XML output keeps
the page's structure, which we turn into plain text: headings on their own line,
paragraphs separated by a blank line, list items one per line.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser

from lxml import etree

from crossroads.errors import ReadError
from crossroads.readers.dates import to_iso_date

NO_MAIN_TEXT = "no main text found in the HTML page"

_BLOCKS = {"p", "head", "code", "quote", "list", "table", "div"}
_SKIPPED = {"graphic", "comments", "fw", "note"}
# libxml2, under lxml and trafilatura, drops whatever lies deeper than 256 elements; a page
# nested deeper is flattened below this depth first, so its text is still read.
MAX_DEPTH = 200
_VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr",
}  # fmt: skip
# Elements that a new one of their kind closes: "<p>a<p>b" are siblings, not nested.
_IMPLICITLY_CLOSED = {"p", "li", "dt", "dd", "tr", "td", "th", "option"}
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


class _Flattener(HTMLParser):
    """Re-writes a page without the tags deeper than a depth; text, entities and comments
    are kept as they were. Also measures how deep the page nests."""

    def __init__(self, max_depth: int) -> None:
        super().__init__(convert_charrefs=False)
        self.max_depth = max_depth
        self.deepest = 0
        self.out: list[str] = []
        self._open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            self.handle_startendtag(tag, attrs)
            return
        if tag in _IMPLICITLY_CLOSED and self._open and self._open[-1] == tag:
            self.handle_endtag(tag)
        self._open.append(tag)
        self.deepest = max(self.deepest, len(self._open))
        if len(self._open) <= self.max_depth:
            self.out.append(self.get_starttag_text() or "")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if len(self._open) < self.max_depth:
            self.out.append(self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        if tag not in self._open:
            return  # a stray end tag closes nothing
        while self._open:
            depth = len(self._open)
            name = self._open.pop()
            if depth <= self.max_depth:
                self.out.append(f"</{name}>")
            if name == tag:
                break

    def handle_data(self, data: str) -> None:
        self.out.append(data)

    def handle_entityref(self, name: str) -> None:
        self.out.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.out.append(f"&#{name};")

    def handle_comment(self, data: str) -> None:
        self.out.append(f"<!--{data}-->")

    def handle_decl(self, decl: str) -> None:
        self.out.append(f"<!{decl}>")

    def handle_pi(self, data: str) -> None:
        self.out.append(f"<?{data}>")

    def unknown_decl(self, data: str) -> None:
        self.out.append(f"<![{data}]>")


def flatten_deep_nesting(page: bytes | str, max_depth: int = MAX_DEPTH) -> bytes | str:
    """The page with every tag nested deeper than ``max_depth`` removed, its text kept.

    A page that nests no deeper is returned as it is. Bytes are handled as Latin-1, which
    maps each byte to one character and back, so the page's own encoding is untouched.
    """
    text = page.decode("latin-1") if isinstance(page, bytes) else page
    if text.count("<") <= max_depth:
        return page  # too few tags to nest that deep
    flattener = _Flattener(max_depth)
    flattener.feed(text)
    flattener.close()
    if flattener.deepest <= max_depth:
        return page
    flat = "".join(flattener.out)
    return flat.encode("latin-1") if isinstance(page, bytes) else flat


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
        flatten_deep_nesting(data),
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
