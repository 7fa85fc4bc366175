"""Markdown to plain text, with the title, author and date of a YAML front matter.

The conversion walks the token stream of markdown-it-py (a CommonMark parser) and keeps
only the words: headings on their own line, paragraphs separated by a blank line, list
items one per line without their markers, links reduced to their text, images, HTML tags
and emphasis markers dropped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token

from crossroads.readers.dates import to_iso_date

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_TAG = re.compile(r"<[^>]*>")
# markdown-it leaves out whatever is nested deeper than its limit. Quotation marks nest
# without bound ("> > > ..."), so a line's markers beyond _MAX_QUOTES are dropped and its
# text read as the deepest quotation; lists and other containers keep the limit.
MAX_NESTING = 20
_MAX_QUOTES = 8
_DEEP_QUOTES = re.compile(rf"^((?:[ ]{{0,3}}>[ ]?){{{_MAX_QUOTES}}})(?:[ ]{{0,3}}>[ ]?)+", re.M)
_CONTAINERS = {"blockquote_open", "bullet_list_open", "ordered_list_open", "list_item_open"}
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)

_TITLE_KEYS = ("title",)
_AUTHOR_KEYS = ("author", "authors", "by", "byline")
_DATE_KEYS = ("date", "published", "publishdate", "pubdate", "created")


@dataclass
class MarkdownText:
    """Plain text converted from Markdown and the metadata of its front matter."""

    text: str
    title: str | None = None
    author: str | None = None
    date: str | None = None
    declared: dict[str, str] = field(default_factory=dict)  # genre and voice, when given
    front_matter: bool = False  # the source opened with a YAML front matter block
    too_deep: bool = False  # some text sat deeper than MAX_NESTING levels and is left out


def _as_name(value: Any) -> str | None:
    """Render an author entry (a string, a list of them, or a mapping with a name)."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, dict):
        return _as_name(value.get("name"))
    if isinstance(value, list):
        names = [name for name in (_as_name(v) for v in value) if name]
        return ", ".join(names) or None
    return None


def _first(meta: dict[str, Any], keys: Sequence[str]) -> Any:
    """The value of the first key present in a case-insensitive look-up."""
    lowered = {str(k).lower(): v for k, v in meta.items()}
    for key in keys:
        if lowered.get(key) is not None:
            return lowered[key]
    return None


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """Separate a YAML front matter block (``---`` ... ``---``) from the Markdown body.

    Args:
        text: The Markdown source with ``"\\n"`` line ends.

    Returns:
        The front matter as a mapping (empty when there is none, or when the block is not
        a YAML mapping, in which case the text is returned unchanged) and the body.
    """
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    try:
        meta = yaml.safe_load(match.group(1))
    except yaml.YAMLError:
        return {}, text
    if not isinstance(meta, dict):
        return {}, text
    return meta, text[match.end() :]


def _inline_text(children: Sequence[Token] | None) -> str:
    """The words of an inline token's children, without markup."""
    parts: list[str] = []
    for child in children or ():
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type == "softbreak":
            parts.append(" ")
        elif child.type == "hardbreak":
            parts.append("\n")
        # images, inline HTML, link and emphasis markers carry no words of their own
    return "".join(parts).strip()


class _PlainTextWriter:
    """Collects lines of plain text with blank lines between blocks."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.row: list[str] | None = None

    def block_break(self) -> None:
        if self.lines and self.lines[-1] != "":
            self.lines.append("")

    def add(self, text: str) -> None:
        if self.row is not None:
            self.row.append(text)
        elif text:
            self.lines.append(text)

    def text(self) -> str:
        return "\n".join(self.lines).strip("\n")


def markdown_to_text(source: str) -> MarkdownText:
    """Convert a Markdown document into plain text and its front matter metadata.

    Args:
        source: The Markdown source, decoded, with ``"\\n"`` line ends.

    Returns:
        The plain text (not yet normalised) with the front matter's title, author and date
        (ISO) when it gives them, and whether text nested too deep to read was left out.
    """
    meta, body = split_front_matter(source)
    front_matter = len(body) != len(source)
    body = _DEEP_QUOTES.sub(r"\1", body)
    parser = MarkdownIt("commonmark", {"maxNesting": MAX_NESTING})
    parser.enable(["table", "strikethrough"])
    out = _PlainTextWriter()
    list_depth = 0
    too_deep = False
    for token in parser.parse(body):
        kind = token.type
        # a container opened at the last level has its content left out by the parser
        too_deep = too_deep or (kind in _CONTAINERS and token.level >= MAX_NESTING - 1)
        if kind == "heading_open" or (kind == "paragraph_open" and not token.hidden):
            out.block_break()
        elif kind in ("bullet_list_open", "ordered_list_open"):
            if list_depth == 0:
                out.block_break()
            list_depth += 1
        elif kind in ("bullet_list_close", "ordered_list_close"):
            list_depth -= 1
            if list_depth == 0:
                out.block_break()
        elif kind in ("blockquote_open", "blockquote_close", "hr", "table_open", "table_close"):
            out.block_break()
        elif kind == "tr_open":
            out.row = []
        elif kind == "tr_close":
            cells, out.row = out.row or [], None
            out.add(" | ".join(cell for cell in cells if cell))
        elif kind == "inline":
            out.add(_inline_text(token.children))
        elif kind in ("fence", "code_block"):
            out.block_break()
            out.add(token.content.strip("\n"))
            out.block_break()
        elif kind == "html_block":
            words = _TAG.sub("", _HTML_COMMENT.sub("", token.content)).strip()
            if words:
                out.block_break()
                out.add(words)
    author = _as_name(_first(meta, _AUTHOR_KEYS))
    title = _first(meta, _TITLE_KEYS)
    return MarkdownText(
        text=out.text(),
        title=str(title).strip() or None if title is not None else None,
        author=author,
        date=to_iso_date(_first(meta, _DATE_KEYS)),
        declared={k: str(v) for k in ("genre", "voice") if (v := _first(meta, (k,)))},
        front_matter=front_matter,
        too_deep=too_deep,
    )
