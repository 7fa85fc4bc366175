"""A text's own header dates it: datelines, date lines, Published and byline dates."""

from __future__ import annotations

from pathlib import Path

import pytest

from crossroads.readers import read
from crossroads.readers.dates import header_date, strict_iso_date

BODY = (
    "Cambodia and the United States signed a demining agreement on Thursday, after talks "
    "that lasted two days and ended on June 3, 2020 according to the ministry."
)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("PHNOM PENH, June 11, 2021 (Reuters) - " + BODY, "2021-06-11"),
        ("PARIS, 11 June 2021 - " + BODY, "2021-06-11"),
        ("Demining pact\n\nJune 11, 2021\n\n" + BODY, "2021-06-11"),
        ("Demining pact\nFriday, 11 June 2021, 10:32 GMT\n\n" + BODY, "2021-06-11"),
        ("Demining pact\nPublished: 11 June 2021\n\n" + BODY, "2021-06-11"),
        ("Demining pact\nPosted on June 11, 2021 at 9:15 AM\n\n" + BODY, "2021-06-11"),
        ("Demining pact\nBy Jane Roe | June 11, 2021\n\n" + BODY, "2021-06-11"),
        ("Demining pact\nUpdated 12 June 2021\n\n" + BODY, "2021-06-12"),
        # The publication date wins over a later update.
        ("Demining pact\nUpdated 12 June 2021\nPublished 11 June 2021\n\n" + BODY, "2021-06-11"),
        # A dateline without its year takes the year the header gives elsewhere.
        (
            "Demining pact\n\u00a9 2021 Reuters\n\nPHNOM PENH, June 11 (Reuters) - " + BODY,
            "2021-06-11",
        ),  # fmt: skip
        ("2021-06-11\n\n" + BODY, "2021-06-11"),
    ],
)
def test_header_states_the_date(header: str, expected: str) -> None:
    assert header_date(header) == expected


@pytest.mark.parametrize(
    "text",
    [
        BODY,  # a date in the narrative is an event's, not the document's
        "Demining pact\n\n" + BODY + "\n\nJune 11, 2021",  # below the header
        "Demining pact\n\nBy the end of June 11, 2021 the deal was done.",
        "PHNOM PENH, June 11 (Reuters) - " + BODY,  # no year anywhere in the header
        "Demining pact\nPublished: 11 June 2999\n\n" + BODY,  # in the future
        "Demining pact\nSeptember 31, 2021\n\n" + BODY,  # no such day
        "Meanwhile, June 11 - " + BODY,  # not a place in capitals
    ],
)
def test_no_date_is_invented(text: str) -> None:
    assert header_date(text) is None


def test_a_txt_file_is_dated_by_its_dateline_and_front_matter_still_wins(tmp_path: Path) -> None:
    wire = tmp_path / "wire.txt"
    wire.write_text("Demining pact\n\nPHNOM PENH, June 11, 2021 (AP) - " + BODY, encoding="utf-8")
    assert read(str(wire)).date == "2021-06-11"
    note = tmp_path / "note.md"
    note.write_text("---\ndate: 2020-01-02\n---\n\nJune 11, 2021\n\n" + BODY, encoding="utf-8")
    assert read(str(note)).date == "2020-01-02"
    plain = tmp_path / "plain.txt"
    plain.write_text(BODY, encoding="utf-8")
    assert read(str(plain)).date is None


@pytest.mark.parametrize(
    ("typed", "iso"),
    [("2024", "2024"), ("2024-01", "2024-01"), ("2024-02-29", "2024-02-29"), ("2024-13", None),
     ("2023-02-29", None), ("2024-1", None), ("June 2024", None), ("", None)],
)  # fmt: skip
def test_typed_dates_are_checked(typed: str, iso: str | None) -> None:
    assert strict_iso_date(typed) == iso
