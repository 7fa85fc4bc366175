"""Markdown files: front matter, headings, emphasis, links, images and lists."""

from __future__ import annotations

from pathlib import Path

import pytest

from crossroads.model import Document
from crossroads.readers import read

from .conftest import DATA


@pytest.fixture(scope="module")
def briefing() -> Document:
    return read(str(DATA / "briefing.md"))


def test_front_matter_gives_the_metadata_and_leaves_the_text(briefing: Document) -> None:
    assert briefing.kind == "md"
    assert briefing.title == "Briefing: The Coral Gate Dialogue"
    assert briefing.author == "Mira Castellan, Tomas Idrell"
    assert briefing.date == "2024-03-05"
    assert "---" not in briefing.text
    assert "tags" not in briefing.text
    assert briefing.text.startswith("The Coral Gate Dialogue\n\n")


def test_headings_stand_on_their_own_line_without_hashes(briefing: Document) -> None:
    lines = briefing.text.split("\n")

    assert "What each side wants" in lines
    assert "Outlook" in lines
    assert "#" not in briefing.text


def test_emphasis_links_and_images_are_reduced_to_words(briefing: Document) -> None:
    text = briefing.text

    assert "agreed in March 2024 to meet twice a year on maritime safety, after" in text
    assert "Brenmark wants clear rules on which ships" in text
    assert "a domestic matter, as its constitution bars foreign bases." in text
    for markup in ("**", "__", "](", "example.org", "coral-gate.png", "A map of the Coral"):
        assert markup not in text
    # Underscores inside words and a lone asterisk are not emphasis.
    assert "a snake_case_word and 2 * 3 = 6" in text


def test_list_items_become_lines_without_their_markers(briefing: Document) -> None:
    assert (
        "\n\nResume the joint search-and-rescue drill\n"
        "Share notices of large port calls in advance\n"
        "Create a hotline between the two coast guards\n\n"
    ) in briefing.text
    assert "- " not in briefing.text


def test_without_front_matter_the_first_heading_is_the_title(tmp_path: Path) -> None:
    path = tmp_path / "memo.md"
    path.write_text(
        "# Pier talks resume\n\n1. First, *publish* the lease.\n2. Then talk.\n", "utf-8"
    )

    doc = read(str(path))

    assert doc.title == "Pier talks resume"
    assert doc.author is None and doc.date is None
    assert doc.text == "Pier talks resume\n\nFirst, publish the lease.\nThen talk."


def test_a_leading_rule_that_is_not_yaml_is_not_taken_for_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "rule.md"
    path.write_text("---\nJust a rule above a paragraph.\n\n---\n\nBody text.\n", "utf-8")

    doc = read(str(path))

    assert "Just a rule above a paragraph." in doc.text
    assert "Body text." in doc.text
