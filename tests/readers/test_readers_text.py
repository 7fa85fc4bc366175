"""Plain text files: encodings, normalisation and the leading title."""

from __future__ import annotations

from pathlib import Path

import pytest

from crossroads.readers import read

from .conftest import DATA

TITLE = "Avalia and Brenmark: A Harbour Between Friends"
ENCODED_COPIES = [
    "relations-utf8.txt",
    "relations-utf8-bom.txt",
    "relations-utf16.txt",
    "relations-cp1252.txt",
]


@pytest.mark.parametrize("name", ENCODED_COPIES)
def test_every_encoding_gives_the_same_clean_text(name: str) -> None:
    reference = read(str(DATA / "relations-utf8.txt")).text
    doc = read(str(DATA / name), doc_id="d7")

    assert doc.id == "d7"
    assert doc.kind == "txt"
    assert doc.source == str(DATA / name)
    assert doc.text == reference
    assert "Brenmark’s foreign ministry called the deal “opaque”" in doc.text
    assert "a café in the harbour district" in doc.text
    assert "Port Salère" in doc.text
    assert "\r" not in doc.text and "\ufeff" not in doc.text
    assert doc.sentences == []


def test_paragraphs_stay_separated_by_one_blank_line() -> None:
    doc = read(str(DATA / "relations-cp1252.txt"))

    paragraphs = doc.text.split("\n\n")
    assert len(paragraphs) == 4
    assert paragraphs[0] == TITLE
    assert paragraphs[3].startswith("A cautious thaw followed.")


def test_a_short_first_line_before_a_blank_line_is_the_title_and_stays_in_the_text() -> None:
    doc = read(str(DATA / "relations-utf16.txt"))

    assert doc.title == TITLE
    assert doc.text.startswith(TITLE + "\n\n")
    assert doc.author is None and doc.date is None


@pytest.mark.parametrize(
    "opening",
    [
        "The talks resumed on Monday.\n\nBoth sides spoke.",  # ends like a sentence
        "Talks resume\nBoth sides spoke of progress.",  # no blank line after it
    ],
)
def test_no_title_when_the_first_line_is_not_obviously_one(tmp_path: Path, opening: str) -> None:
    path = tmp_path / "note.txt"
    path.write_text(opening, encoding="utf-8")

    assert read(str(path)).title is None


def test_utf16_big_endian_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "be.txt"
    path.write_bytes("\ufeffThe envoy’s café visit went well.".encode("utf-16-be"))

    assert read(str(path)).text == "The envoy’s café visit went well."


def test_text_is_normalised(tmp_path: Path) -> None:
    raw = (
        "Port\u00a0Salère talks\r\n"
        "The mari\u00adtime\tdialogue resumed \u0007today.   \r"
        "Cafe\u0301 owners welcomed it.\n\n\n\n"
        "\fA new page begins here."
    )
    path = tmp_path / "messy.txt"
    path.write_text(raw, encoding="utf-8")

    text = read(str(path)).text

    assert text == (
        "Port Salère talks\n"
        "The maritime dialogue resumed today.\n"
        "Café owners welcomed it.\f"
        "A new page begins here."
    )


def test_an_unknown_extension_with_text_is_read_as_text(tmp_path: Path) -> None:
    path = tmp_path / "notes.dat"
    path.write_bytes((DATA / "relations-cp1252.txt").read_bytes())

    doc = read(str(path))

    assert doc.kind == "txt"
    assert "“opaque”" in doc.text


@pytest.mark.parametrize(
    ("sentence", "encoding"),
    [
        ("The envoy’s résumé was read aloud at the naïve café — twice.", "cp1252"),
        ("Señor Núñez visitó el puerto; ¿habrá acuerdo? Sí, quizás.", "cp1252"),
        ("Le ministre a déclaré « nous espérons » après l’entretien à Genève.", "cp1252"),
        ("Grüße aus München, die Gespräche über den Hafen gehen weiter.", "latin-1"),
        ("Zażółć gęślą jaźń – rozmowy o porcie trwają.", "cp1250"),
        ("Переговоры между странами продолжаются уже второй год подряд.", "cp1251"),
    ],
)
def test_short_single_byte_texts_are_decoded_right(
    tmp_path: Path, sentence: str, encoding: str
) -> None:
    path = tmp_path / "short.txt"
    path.write_bytes(sentence.encode(encoding))

    assert read(str(path)).text == sentence
