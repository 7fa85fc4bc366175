"""Text normalisation shared by every reader.

Every reader hands its raw text to :func:`normalize_text` so that the later stages see one
form: Unicode NFC, ``"\\n"`` line ends, no control characters other than ``"\\n"`` and
``"\\f"``, ordinary spaces for non-breaking ones, no soft hyphens, no trailing blanks and at
most one blank line between paragraphs.
"""

from __future__ import annotations

import re
import unicodedata

# Characters that stand for a space in running text.
_SPACES = {
    "\u00a0": " ",  # no-break space
    "\u2007": " ",  # figure space
    "\u202f": " ",  # narrow no-break space
    "\t": " ",
}
# Characters removed outright: soft hyphen, zero-width characters, stray byte order marks.
_DROPPED = {"\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"}
# Characters that end a line or a paragraph.
_BREAKS = {"\u2028": "\n", "\u2029": "\n\n", "\u0085": "\n", "\v": "\n"}

_TRANSLATION = str.maketrans({**_SPACES, **_BREAKS, **dict.fromkeys(_DROPPED)})
# Control characters (Unicode category Cc) other than "\n" and "\f"; tabs, vertical tabs
# and carriage returns are translated before this applies.
_CONTROLS = re.compile(r"[\x00-\x09\x0b\x0d-\x1f\x7f-\x9f]")
_TRAILING_BLANKS = re.compile(r"[ \u3000]+$", re.MULTILINE)
_MANY_BLANK_LINES = re.compile(r"\n{3,}")


def normalize_text(text: str) -> str:
    """Bring text to the normal form every Crossroads stage expects.

    Args:
        text: Text as decoded or extracted from a source.

    Returns:
        The text in Unicode NFC with ``"\\n"`` line ends, without NUL or other control
        characters except ``"\\n"`` and ``"\\f"``, with non-breaking spaces turned into
        spaces, soft hyphens removed, trailing blanks stripped from each line, runs of
        blank lines reduced to one, and no leading or trailing blank lines.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.translate(_TRANSLATION)
    text = _CONTROLS.sub("", text)
    text = unicodedata.normalize("NFC", text)
    text = _TRAILING_BLANKS.sub("", text)
    # A page break keeps its own line, without blank lines glued to it.
    text = re.sub(r"\n*\f\n*", "\f", text)
    text = _MANY_BLANK_LINES.sub("\n\n", text)
    return text.strip(" \n")


def leading_title(text: str, max_chars: int = 150) -> str | None:
    """Return the first line of a text when it obviously is a title.

    A title is the first non-empty line when it is short, does not end like a sentence
    (period, comma, semicolon or colon) and is followed by a blank line. The line stays in
    the text: deciding what is body is the repair module's job.

    Args:
        text: Normalised text.
        max_chars: The longest line still taken for a title.

    Returns:
        The title line, stripped, or ``None``.
    """
    lines = text.lstrip("\n").split("\n")
    if len(lines) < 2:
        return None
    first = lines[0].strip()
    if not first or len(first) > max_chars or len(first.split()) > 20:
        return None
    if first[-1] in ".,;:" or lines[1].strip():
        return None
    return first
