"""HTML pages: the article without navigation, ads or footer, and its metadata."""

from __future__ import annotations

from pathlib import Path

import pytest

from crossroads.model import Document
from crossroads.readers import read

from .conftest import DATA


@pytest.fixture(scope="module")
def article() -> Document:
    return read(str(DATA / "article.html"), doc_id="d2")


def test_the_article_text_is_kept_paragraph_by_paragraph(article: Document) -> None:
    paragraphs = article.text.split("\n\n")

    assert article.kind == "html"
    assert article.id == "d2"
    assert "A question of access" in paragraphs
    assert any(p.startswith("Avalian officials said the renovation") for p in paragraphs)
    assert "than any communiqué, and asked for notice of foreign warship visits." in article.text
    assert "search-and-rescue drill in June" in article.text  # the &nbsp; became a space


def test_navigation_ads_sidebar_and_footer_are_gone(article: Document) -> None:
    for boilerplate in (
        "World desk",
        "Subscribe",
        "discount ferry tickets",
        "celebrity chef",
        "All rights reserved",
    ):
        assert boilerplate not in article.text


def test_title_author_and_date_come_from_the_page(article: Document) -> None:
    assert article.title == "Ports and Promises"
    assert article.author == "Lena Okafor"
    assert article.date == "2024-03-05"


def test_an_html_page_without_an_html_extension_is_recognised(tmp_path: Path) -> None:
    path = tmp_path / "saved-page"
    path.write_bytes((DATA / "article.html").read_bytes())

    doc = read(str(path))

    assert doc.kind == "html"
    assert "World desk" not in doc.text
    assert "Avalian officials said" in doc.text
