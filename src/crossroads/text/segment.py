"""Sentence segmentation that knows abbreviations, titles, initials and quotations.

Rule-based on purpose: a statistical splitter trained on news breaks "Adm. Samuel Paparo"
and "the U.S. Navy" often enough to cost whole sentences, and the rules below are cheap.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# Tokens that end with a period but do not end a sentence when a capital follows.
TITLES = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "sen",
    "rep",
    "gov",
    "gen",
    "lt",
    "col",
    "maj",
    "capt",
    "cmdr",
    "adm",
    "sgt",
    "cpl",
    "pvt",
    "amb",
    "hon",
    "rev",
    "fr",
    "sr",
    "jr",
    "st",
    "pres",
    "supt",
    "insp",
    "brig",
    "messrs",
    "mme",
    "mlle",
}
ABBREVIATIONS = TITLES | {
    "no",
    "nos",
    "vol",
    "vols",
    "art",
    "arts",
    "sec",
    "para",
    "fig",
    "figs",
    "p",
    "pp",
    "ch",
    "ed",
    "eds",
    "est",
    "approx",
    "dept",
    "univ",
    "assn",
    "inc",
    "ltd",
    "co",
    "corp",
    "bros",
    "vs",
    "etc",
    "al",
    "cf",
    "ca",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "mon",
    "tue",
    "tues",
    "wed",
    "thu",
    "thurs",
    "fri",
    "sat",
    "sun",
    "mt",
    "ft",
    "ave",
    "blvd",
    "rd",
    "gen",
    "govt",
    "intl",
    "natl",
    "op",
    "repr",
}
# Abbreviations after which a capitalised word still usually continues the sentence.
ALWAYS_CONTINUE = TITLES | {"no", "nos", "vol", "art", "sec", "fig", "pp", "p", "op", "vs", "cf"}

# spaCy's tokenizer takes time quadratic in the length of one token (50 KB of "[" runs for
# minutes), and its parser grows with the length of a sentence: neither reaches it unbounded.
# No word or URL worth reading is longer than MAX_TOKEN_CHARS; a run of text without a
# sentence end longer than MAX_SENTENCE_CHARS is cut at a space.
MAX_TOKEN_CHARS = 200
MAX_SENTENCE_CHARS = 2000
_LONG_TOKEN = re.compile(rf"[ ]?\S{{{MAX_TOKEN_CHARS + 1},}}")

_CANDIDATE = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+|$)")
_OPENERS = "\"'“‘([«"
_ENUMERATOR = re.compile(r"\s*(?:\d{1,3}|[IVXLC]{1,6}|[ivx]{1,5})")


def _word_before(text: str, end: int) -> str:
    """The token that ends at ``end`` (the sentence-final punctuation excluded)."""
    start = end
    while start > 0 and not text[start - 1].isspace() and text[start - 1] not in _OPENERS:
        start -= 1
    return text[start:end]


def _next_visible(text: str, pos: int) -> str:
    """The first characters of the next token after whitespace (quotes kept)."""
    m = re.compile(r"\s*(\S{0,3})").match(text, pos)
    return m.group(1) if m else ""


def _is_boundary(text: str, match: re.Match[str]) -> bool:
    punct = match.group(0)
    nxt = _next_visible(text, match.end())
    if not nxt:
        return True
    first = nxt.lstrip(_OPENERS + "—–-")[:1] or nxt[:1]
    starts_upper = first.isupper() or first.isdigit() or nxt[:1] in _OPENERS
    if not starts_upper:
        return False
    if punct[0] != ".":
        return True  # ! ? … followed by a capital or an opening quote
    if "." in punct[1:] and not punct.startswith("..."):
        return True
    word = _word_before(text, match.start())
    bare = word.strip("\"'“‘(").lower()
    if punct.startswith("...") or punct.startswith("…"):
        return True
    if not bare:
        return True
    if bare in ALWAYS_CONTINUE:
        return False
    # Initials ("J. Smith", "U.S.", "e.g.") — a single letter, or letters joined by periods.
    if re.fullmatch(r"[a-z]", bare):
        return False
    if re.fullmatch(r"(?:[a-z]\.)+[a-z]", bare):
        # "U.S." ends a sentence only if what follows cannot continue a noun phrase:
        # a following pronoun/determiner-led clause is a new sentence.
        return nxt.split()[0].rstrip(",") in {"The", "It", "In", "But", "This", "A", "And"}
    return bare not in ABBREVIATIONS


def split_sentences(text: str, offset: int = 0) -> Iterator[tuple[int, int]]:
    """Yield (start, end) spans of the sentences of one paragraph, shifted by ``offset``.

    Args:
        text: one paragraph of repaired text (no blank lines inside).
        offset: added to every span so spans index the whole document.

    Yields:
        Character spans with surrounding whitespace trimmed.
    """
    start = 0
    for match in _CANDIDATE.finditer(text):
        if _ENUMERATOR.fullmatch(text, start, match.start()):
            continue  # "1. The two sides ...": a numbered paragraph's number opens it
        if _is_boundary(text, match):
            yield from _trimmed(text, start, match.end(), offset)
            start = match.end()
    yield from _trimmed(text, start, len(text), offset)


def _trimmed(text: str, start: int, end: int, offset: int) -> Iterator[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start and any(ch.isalnum() for ch in text[start:end]):
        yield offset + start, offset + end


def drop_long_tokens(text: str) -> tuple[str, int]:
    """Remove every run of non-space characters longer than :data:`MAX_TOKEN_CHARS`.

    Returns:
        The text without them and how many were removed.
    """
    return _LONG_TOKEN.subn("", text)


def cap_length(
    text: str, start: int, end: int, max_chars: int = MAX_SENTENCE_CHARS
) -> list[tuple[int, int]]:
    """Cut the span ``text[start:end]`` at spaces into pieces of at most ``max_chars``.

    A span within the bound is returned as it is; a piece is cut at the last whitespace
    before the bound (or at the bound, in a run without any).
    """
    pieces: list[tuple[int, int]] = []
    while end - start > max_chars:
        cut = max(
            text.rfind(" ", start + 1, start + max_chars + 1),
            text.rfind("\n", start + 1, start + max_chars + 1),
        )
        if cut <= start:
            cut = start + max_chars
        pieces.extend(_trimmed(text, start, cut, 0))
        start = cut
    pieces.extend(_trimmed(text, start, end, 0))
    return pieces
