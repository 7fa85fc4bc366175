"""The segmentation stage: repaired text in ``doc.text``, body sentences with offsets."""

from __future__ import annotations

import re
from collections.abc import Iterator

from crossroads.context import Context
from crossroads.errors import NoDocument
from crossroads.model import Document, Sentence
from crossroads.registry import stages
from crossroads.text.repair import classify, recase
from crossroads.text.segment import (
    MAX_SENTENCE_CHARS,
    MAX_TOKEN_CHARS,
    cap_length,
    drop_long_tokens,
    split_sentences,
)

_OPENING_QUOTES = '"“‘«'


@stages.register("crossroads.segment.v1")
class Segmenter:
    """Repair extraction damage, move metadata lines out of the body, split sentences.

    Tokens and sentences too long for the parser are dropped or cut (see
    :mod:`crossroads.text.segment`), with a count in the document's warnings.
    """

    def __call__(self, doc: Document, ctx: Context | None = None) -> Document:
        text, dropped = drop_long_tokens(doc.text)
        blocks = classify(text)
        cut = 0
        parts: list[str] = []
        sentences: list[Sentence] = []
        cursor = 0
        heading: str | None = None
        paragraph = 0
        for block in blocks:
            if block.kind == "byline":
                if not doc.author:
                    doc.author = re.sub(r"^(?:written\s+)?by\s+", "", block.text, flags=re.I)
                    doc.author = recase(doc.author)
                doc.notes.append(block.text)
                continue
            if block.kind in ("note", "disclaimer"):
                doc.notes.append(block.text)
                continue
            if parts:
                parts.append("\n\n")
                cursor += 2
            parts.append(block.text)
            if block.kind == "title":
                if not doc.title:
                    doc.title = recase(block.text.replace("\n", " "))
            elif block.kind == "heading":
                heading = block.text
            else:
                paragraph += 1
                for start, end in _sentences(block.text):
                    pieces = cap_length(block.text, start, end)
                    cut += len(pieces) > 1
                    for piece_start, piece_end in pieces:
                        n = len(sentences) + 1
                        sentences.append(
                            Sentence(
                                id=f"{doc.id}:s{n}",
                                text="",
                                start=cursor + piece_start,
                                end=cursor + piece_end,
                                paragraph=paragraph,
                                heading=heading,
                            )
                        )
            cursor += len(block.text)
        doc.text = "".join(parts)
        for s in sentences:
            s.text = doc.text[s.start : s.end]
            s.quoted = s.text[:1] in _OPENING_QUOTES
        if dropped:
            doc.warnings.append(
                f"{_count(dropped, 'token')} longer than {MAX_TOKEN_CHARS} characters left out"
            )
        if cut:
            doc.warnings.append(
                f"{_count(cut, 'sentence')} longer than {MAX_SENTENCE_CHARS:,} characters"
                " cut into pieces"
            )
        if not sentences:
            raise NoDocument(doc.source, "no body text to analyse after removing metadata")
        doc.sentences = sentences
        return doc


def _sentences(paragraph: str) -> Iterator[tuple[int, int]]:
    """Sentence spans of a body paragraph; a list item (on a line of its own, see
    :func:`crossroads.text.repair.classify`) is never joined to its neighbours."""
    start = 0
    for line in paragraph.split("\n"):
        yield from split_sentences(line, start)
        start += len(line) + 1


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"
