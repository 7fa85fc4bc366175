"""Pathological tokens and sentences never reach spaCy unbounded."""

from __future__ import annotations

from crossroads.model import Document
from crossroads.pipeline import Pipeline, PipelineConfig
from crossroads.text.segment import MAX_SENTENCE_CHARS, MAX_TOKEN_CHARS, cap_length

TO_PARSE = ("crossroads.segment.v1", "crossroads.parse.v1")


def _parsed(text: str) -> Document:
    pipe = Pipeline(("KHM", "USA"), PipelineConfig(stages=TO_PARSE))
    return pipe.annotate(Document(id="d1", source="odd.md", text=text))


def test_a_token_of_thirty_thousand_brackets_is_left_out_and_counted() -> None:
    # spaCy's tokenizer is quadratic in one token's length: this alone took minutes
    text = "Cambodia and the United States agreed " + "[" * 30_000 + " to resume talks."

    doc = _parsed(text)

    assert [s.text for s in doc.sentences] == [
        "Cambodia and the United States agreed to resume talks."
    ]
    assert doc.sentences[0].parse is not None
    assert doc.warnings == [f"1 token longer than {MAX_TOKEN_CHARS} characters left out"]


def test_a_sentence_of_five_thousand_words_is_cut_into_bounded_pieces() -> None:
    text = " ".join(["talks"] * 5_000) + "."

    doc = _parsed(text)

    assert len(doc.sentences) > 1
    assert all(len(s.text) <= MAX_SENTENCE_CHARS for s in doc.sentences)
    assert " ".join(s.text for s in doc.sentences) == text
    assert all(doc.text[s.start : s.end] == s.text for s in doc.sentences)
    assert doc.warnings == [
        f"1 sentence longer than {MAX_SENTENCE_CHARS:,} characters cut into pieces"
    ]


def test_ordinary_text_has_no_warnings() -> None:
    doc = _parsed("Phnom Penh welcomed the visit. Washington said it would return.")

    assert len(doc.sentences) == 2
    assert doc.warnings == []


def test_cap_length_cuts_at_spaces() -> None:
    text = "aaaa bbbb cccc dddd"

    assert cap_length(text, 0, len(text), max_chars=10) == [(0, 9), (10, 19)]
    assert cap_length(text, 0, len(text), max_chars=100) == [(0, 19)]


def test_cap_length_cuts_a_run_without_spaces_at_the_bound() -> None:
    assert cap_length("x" * 25, 0, 25, max_chars=10) == [(0, 10), (10, 20), (20, 25)]
