"""Event dates: absolute ones as stated, relative ones against the document date."""

import pytest

from crossroads.annotate.dates import find_dates, resolve_date

FRIDAY = "2024-06-07"  # a Friday


@pytest.mark.parametrize(
    ("text", "doc_date", "expected"),
    [
        ("The accord was signed on September 10, 2023, in Hanoi.", None, "2023-09-10"),
        ("Ministers met on 5 May 2021.", None, "2021-05-05"),
        ("Talks resumed in December 2024.", None, "2024-12"),
        ("The two navies first trained together in 2008.", None, "2008"),
        ("The 2023 election was widely criticized.", None, "2023"),
        ("Relations warmed in early 2022.", None, "2022"),
        ("Ties frayed in the mid-2010s.", FRIDAY, None),
        ("The envoy arrived on June 1.", FRIDAY, "2024-06-01"),
        ("The minister arrived on Thursday.", FRIDAY, "2024-06-06"),
        ("Seoul protested on Monday.", FRIDAY, "2024-06-03"),
        ("The ship docked Friday.", FRIDAY, "2024-06-07"),
        ("Officials met yesterday.", FRIDAY, "2024-06-06"),
        ("The talks ended 10 days ago.", FRIDAY, "2024-05-28"),
        ("Delegates met earlier this month.", FRIDAY, "2024-06"),
        ("The ban was lifted last December.", FRIDAY, "2023-12"),
        ("The coast guard intervened last week.", FRIDAY, "2024-05"),
        ("Protests were held over the weekend.", FRIDAY, "2024-06"),
        ("Sanctions were tightened last year.", FRIDAY, "2023"),
        ("Leaders will meet next Tuesday.", FRIDAY, "2024-06-11"),
        ("Trade resumed in January.", "2024-11-20", "2025-01"),
    ],
)
def test_resolve_date(text: str, doc_date: str | None, expected: str | None) -> None:
    assert resolve_date(text, doc_date) == expected


def test_relative_dates_need_a_document_date() -> None:
    assert resolve_date("The minister arrived on Thursday.", None) is None
    assert resolve_date("Delegates met earlier this month.", None) is None
    assert resolve_date("The minister arrived on Thursday.", "2024-06") is None
    assert resolve_date("Delegates met earlier this month.", "2024-06") == "2024-06"


def test_words_that_look_like_dates_are_not_dates() -> None:
    assert resolve_date("Beijing may respond in kind.", FRIDAY) is None
    assert resolve_date("About 2,000 troops took part.", None) is None
    assert resolve_date("The relationship is complex.", FRIDAY) is None


def test_days_after_an_anchor_date() -> None:
    text = "The first talks were held on March 3, and a second round 10 days later."
    values = [d.value for d in find_dates(text, FRIDAY)]
    assert values == ["2024-03-03", "2024-03-13"]
