"""Repair of extraction damage and separation of metadata lines from the body.

Readers hand over text with paragraphs separated by blank lines and PDF pages by form
feeds. Here a paragraph cut by a page break or a stray blank line is joined again, line-end
hyphenation is undone, Markdown residue is stripped, and bylines, author notes, publisher
disclaimers and "click here" lines are taken out of the body and kept as metadata.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_FUNCTION_WORDS = {
    "a",
    "an",
    "the",
    "and",
    "or",
    "but",
    "nor",
    "of",
    "to",
    "in",
    "on",
    "at",
    "by",
    "for",
    "with",
    "from",
    "into",
    "as",
    "than",
    "that",
    "which",
    "who",
    "whom",
    "whose",
    "where",
    "when",
    "while",
    "because",
    "if",
    "its",
    "their",
    "his",
    "her",
    "our",
    "this",
    "these",
    "those",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "has",
    "have",
    "had",
    "not",
    "such",
    "both",
    "between",
    "amid",
    "over",
    "under",
    "about",
    "against",
    "toward",
    "towards",
}
_TERMINAL = re.compile(r"[.!?…:;][\"'”’)\]*_]*$")
# A line that opens with a list marker ("– Agreement on ...;", "(b) a memorandum ...",
# "• Visas"). The first item follows a lead-in that ends with a colon; each next one
# follows an item that ended with ".", ";" or ":". A wrapped sentence's next line may open
# with a dash ("proposed by the U.S.\n— and later ..."), so an em dash is no marker and a
# dash after a line that stops mid-clause continues it.
_LIST_MARKER = re.compile(
    r"(?:[–•·▪‣◦*-]|\((?:[a-z]|[ivx]{1,4}|\d{1,2})\)|[a-z]\)|\d{1,2}[.)])\s+\S"
)
_LEAD_IN_END = re.compile(r":[\"'”’)\]]*$")
_ITEM_END = re.compile(r"[.:;][\"'”’)\]]*$")
_BYLINE = re.compile(
    r"^(?:by|written by|words by|por)\s+[A-Z][\w.'’-]*(?:\s+[\w.'’-]+){0,5}$", re.I
)
# a byline naming the writer by office: "By the Minister of Foreign Affairs of Ghana"
_OFFICE_BYLINE = re.compile(
    r"^(?:[Bb]y|BY|[Ww]ritten by)\s+(?:the\s+)?[A-Z][\w.'’-]*(?:\s+[\w.'’()-]+){0,24}$"
)
_DATELINE_ONLY = re.compile(
    r"^(?:published|updated|posted)?\s*:?\s*(?:[A-Z][\w .'’-]{0,30},\s*)?(?:\w+day,?\s+)?"
    r"(?:\d{1,2}\s+\w+\s+\d{4}|\w+\s+\d{1,2},?\s+\d{4}|\d{4}-\d{2}-\d{2})"
    r"(?:\s*(?:at\s+)?\d{1,2}[:.]\d{2}\s*(?:am|pm|[A-Z]{2,4})?)?$",
    re.I,
)
_NOTE_SUBJECT = (
    r"^(?:[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,4}\s*(?:\([^)]*\))?|"
    r"(?:The|This) (?:author|writer|columnist|contributor)s?)\s+"
    r"(?:is|was|serves as|served as|has served as|works as)\s+"
    r"(?:a|an|the)?\s*(?:[\w'’-]+\s+){0,6}"
)
_NOTE_ROLES = (
    r"fellow|professor|lecturer|director|researcher|analyst|editor|correspondent|scholar|"
    r"associate|chair|president|founder|journalist|writer|student|candidate|adviser|advisor|"
    r"consultant|diplomat|ambassador|head|dean|expert|specialist|manager|coordinator|officer"
)
# offices that also describe people inside a story ("Wang Yi is China's foreign minister"):
# a note only in the document's last paragraph
_OFFICE_ROLES = (
    r"minister|secretary|spokes(?:person|man|woman)|envoy|commissioner|consul|senator|"
    r"deputy|representative|member of parliament|governor|mayor|premier|chancellor"
)
_AUTHOR_NOTE = re.compile(_NOTE_SUBJECT + rf"(?i:{_NOTE_ROLES})s?\b")
_CLOSING_NOTE = re.compile(_NOTE_SUBJECT + rf"(?i:{_NOTE_ROLES}|{_OFFICE_ROLES})s?\b")
_BOILERPLATE = re.compile(
    r"(?:views expressed|represent(?:s)? the views|do(?:es)? not necessarily (?:reflect|represent)|"
    r"opinions expressed|alternative viewpoints are|click here|sign up for|subscribe to|"
    r"follow us on|all rights reserved|©|copyright \d{4}|read more:|related:|share this|"
    r"this article (?:was|first) (?:originally )?(?:published|appeared)|"
    r"(?:reporting|editing|additional reporting) by\b|republished (?:with|under)|"
    r"is published by|newsletter|advertisement)",
    re.I,
)


@dataclass
class Block:
    """A paragraph-level piece of the document, classified."""

    kind: str  # title | heading | body | byline | note | disclaimer
    text: str


def _clean_markup(line: str) -> tuple[str, bool]:
    """Strip Markdown residue; return the text and whether it was marked as a heading."""
    heading = False
    stripped = line.strip()
    if re.match(r"^#{1,6}\s", stripped):
        heading = True
        stripped = re.sub(r"^#{1,6}\s+", "", stripped)
    bold_only = re.fullmatch(r"(\*\*|__)(.+?)\1", stripped)
    if bold_only:
        heading = True
    stripped = re.sub(r"(\*\*|__)(.+?)\1", r"\2", stripped)
    stripped = re.sub(r"(?<![\w*])[*_](?=\S)(.+?)(?<=\S)[*_](?![\w*])", r"\1", stripped)
    stripped = stripped.replace("**", "").strip()
    return stripped, heading


def recase(text: str) -> str:
    """Title-case an ALL-CAPS title or name, keeping short acronyms ("US", "UN")."""
    if not text.isupper():
        return text
    # an apostrophe inside a word stays in it: "PEOPLE'S" is "People's"
    words = re.split(r"((?:[^\w'’]|(?<!\w)['’]|['’](?!\w))+)", text)
    small = {"a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to"}
    out = []
    for i, w in enumerate(words):
        low = w.lower()
        if not w.replace("'", "").replace("’", "").isalpha() or (len(w) <= 2 and low not in small):
            out.append(w)
        elif low in small and i > 0:
            out.append(low)
        else:
            out.append(w.capitalize())
    return "".join(out)


def _dehyphenate(text: str) -> str:
    # "develop-\nment" -> "development"; keep real hyphens ("Cambodia-\nUS") before capitals.
    return re.sub(r"(\w)-\s*[\n\f]\s*(?=[a-z])", r"\1", text)


def _raw_blocks(text: str) -> list[tuple[str, bool]]:
    """Paragraphs (joined lines) with a flag saying whether markup marked a heading."""
    text = _dehyphenate(text.replace("\r\n", "\n").replace("\r", "\n"))
    out: list[tuple[str, bool]] = []
    prose = False  # a paragraph ending in a stop has been read: the header stack is over
    for chunk in re.split(r"\n\s*\n|\f", text):
        lines = [ln for ln in chunk.split("\n") if ln.strip()]
        if not lines:
            continue
        # A heading line (marked up, or a short unpunctuated line over a list) followed by
        # body lines in the same chunk: split them.
        first, first_heading = _clean_markup(lines[0])
        if len(lines) > 1 and (first_heading or _heads_list(first, lines[1:])):
            out.append((first, True))
            lines = lines[1:]
        cleaned = [_clean_markup(ln) for ln in lines]
        if len(cleaned) > 1 and (
            all(
                # a wire's summary bullets under its headline are header lines; a list
                # in the body is body, punctuated or not
                (_looks_like_heading(t) and not (prose and _LIST_MARKER.match(t)))
                or _OFFICE_BYLINE.match(t)
                for t, _ in cleaned
            )
            or (not out and all(_header_line(t) for t, _ in cleaned))
        ):
            # A stack of short unpunctuated lines (masthead, title, dateline): one block each.
            out.extend((recase(t), True) for t, _ in cleaned if t)
            continue
        joined = _join_lines([re.sub(r"\s+", " ", t).strip() for t, _ in cleaned if t])
        if joined:
            marked = len(cleaned) == 1 and cleaned[0][1] or all(h for _, h in cleaned)
            out.append((joined, marked))
            prose = prose or bool(_TERMINAL.search(joined))
    return out


def _join_lines(lines: list[str]) -> str:
    """One paragraph from its lines; each list item keeps a line of its own, so the
    segmenter can give it a sentence of its own (the items of a joint statement's list
    of signed agreements are each a sentence, not one)."""
    out = ""
    kind: str | None = None  # the marker of the current list's items; None outside a list
    for line in lines:
        mark = _marker_kind(line)
        if not out:  # a paragraph that opens with an item (under a heading) is a list
            out, kind = line, mark
            continue
        if mark is not None and (
            _LEAD_IN_END.search(out)
            if kind is None
            else mark == kind or _ITEM_END.search(out)  # items of one marker need no stop
        ):
            out, kind = f"{out}\n{line}", kind or mark
            continue
        if mark is None and kind is not None and _ITEM_END.search(out):
            kind = None  # prose resumes after a finished item
        out = f"{out} {line}"
    return out


def _header_line(text: str) -> bool:
    """A line of the document's opening stack: no final stop, not a paragraph's worth.

    Wrapped prose ends its paragraph with a stop; a masthead, title, office and date
    stack ("Statement by H.E. the Minister of ..., New York, 28 September 2024") does not.
    """
    return 0 < len(text.split()) <= 30 and not _TERMINAL.search(text)


def _ends_open(text: str) -> bool:
    """True when a paragraph visibly stops mid-sentence."""
    if _TERMINAL.search(text):
        return False
    last = re.findall(r"[\w’']+", text.lower())
    return bool(last) and (last[-1] in _FUNCTION_WORDS or text.rstrip().endswith((",", "—", "–")))


def _marker_kind(line: str) -> str | None:
    """How the list marker opening ``line`` is written ("-", "(#)", "#."), if any."""
    found = _LIST_MARKER.match(line)
    return re.sub(r"[a-z]+|\d+", "#", found.group(0).split()[0]) if found else None


def _heads_list(line: str, rest: list[str]) -> bool:
    """A short line with no comma or final stop over two or more list items ("Key outcomes"
    then dashes); a wrapped sentence that meets a single dash line is no heading."""
    items = [ln for ln in rest if _LIST_MARKER.match(ln.strip())]
    return (
        bool(_LIST_MARKER.match(rest[0].strip()))
        and len(items) >= 2
        and len(line.split()) <= 10
        and "," not in line
        and _looks_like_heading(line)
    )


def _looks_like_heading(text: str) -> bool:
    words = text.split()
    return (
        0 < len(words) <= 14
        and not _TERMINAL.search(text)
        and not text.rstrip().endswith((",", "—", "–"))
        and (words[-1].lower() not in _FUNCTION_WORDS)
    )


def _standalone_short_line(text: str, prev: Block | None) -> bool:
    """A short capitalised line with no final punctuation after a finished paragraph.

    Headings such as "Rivers, dams and what lies beyond" end in a function word, so
    :func:`_looks_like_heading` refuses them; but after a paragraph that ended its sentence,
    such a line cannot be a sentence's continuation.
    """
    words = text.split()
    return (
        0 < len(words) <= 10
        and text[:1].isupper()
        and not _TERMINAL.search(text)
        and not text.rstrip().endswith((",", "—", "–", ";"))
        and prev is not None
        and prev.kind == "body"
        and not _ends_open(prev.text)
    )


def classify(text: str) -> list[Block]:
    """Split ``text`` into classified blocks, joining paragraphs broken by extraction.

    Args:
        text: the reader's text (paragraphs separated by blank lines, pages by form feeds).

    Returns:
        Blocks in document order; body blocks are whole paragraphs.
    """
    blocks: list[Block] = []
    seen_body = False
    for raw, marked in _raw_blocks(text):
        kind = "body"
        if (_BYLINE.match(raw) and len(raw.split()) <= 7) or _OFFICE_BYLINE.match(raw):
            kind = "byline"
        elif _DATELINE_ONLY.match(raw) or (
            _AUTHOR_NOTE.match(raw) and (not seen_body or len(raw.split()) < 60)
        ):
            kind = "note"
        elif _BOILERPLATE.search(raw) and len(raw.split()) < 60:
            kind = "disclaimer"
        elif marked or (
            "\n" not in raw  # a paragraph of list items is body, punctuated or not
            and (
                _looks_like_heading(raw)
                or _standalone_short_line(raw, blocks[-1] if blocks else None)
            )
        ):
            kind = "title" if not blocks or all(b.kind == "title" for b in blocks) else "heading"
            if (
                kind == "heading"
                and blocks
                and blocks[-1].kind == "body"
                and _ends_open(blocks[-1].text)
            ):
                kind = "body"  # a short line continuing a cut sentence, not a heading
        prev = blocks[-1] if blocks else None
        if kind == "body" and prev is not None and prev.kind == "body":
            starts_lower = raw[:1].islower()
            if _ends_open(prev.text) or (starts_lower and not _TERMINAL.search(prev.text)):
                prev.text = f"{prev.text} {raw}"
                continue
        if kind == "title" and prev is not None and prev.kind == "title":
            # a title over several lines, or a masthead stack: the lines stay apart, so
            # the voice stage can read each header line on its own
            prev.text = f"{prev.text}\n{raw}"
            continue
        if kind == "body":
            seen_body = True
        blocks.append(Block(kind, raw))
    _closing_note(blocks)
    return blocks


def is_author_note(text: str) -> bool:
    """A line that presents the writer ("The author is a fellow at ...")."""
    return bool(_CLOSING_NOTE.match(text.strip()))


def _closing_note(blocks: list[Block]) -> None:
    """Mark the last body paragraph a note when it presents the writer and their office."""
    for block in reversed(blocks):
        if block.kind in ("note", "disclaimer"):
            continue
        if block.kind == "body" and len(block.text.split()) < 60 and is_author_note(block.text):
            block.kind = "note"
        return
