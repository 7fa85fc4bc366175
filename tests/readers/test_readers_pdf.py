"""PDF files: pages, running headers and footers, page numbers, metadata."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from fpdf import FPDF

from crossroads.readers import read
from crossroads.readers.pdf import strip_running_matter

from .conftest import BREAK_FIRST_HALF, BREAK_SECOND_HALF, PAGES, RUNNING_HEADER


@pytest.mark.parametrize("footer", ["Page {n} of {nb}", "{n}", "- {n} -"])
def test_pages_keep_their_text_without_running_header_or_page_numbers(
    make_monitor_pdf: Callable[[str], Path], footer: str
) -> None:
    doc = read(str(make_monitor_pdf(footer)))
    pages = doc.text.split("\f")

    assert doc.kind == "pdf"
    assert len(pages) == 3
    assert "Monitor" not in doc.text and "Spring 2024" not in doc.text
    for number, page in enumerate(pages, start=1):
        last_line = page.rstrip().split("\n")[-1]
        assert last_line not in (f"Page {number} of 3", str(number), f"- {number} -")
    flat = " ".join(doc.text.split())
    for paragraphs in PAGES:
        for paragraph in paragraphs:
            assert paragraph in flat


def test_a_sentence_cut_by_a_page_break_keeps_both_halves_around_the_break(
    make_monitor_pdf: Callable[[str], Path],
) -> None:
    pages = read(str(make_monitor_pdf("Page {n} of {nb}"))).text.split("\f")

    assert pages[0].endswith(BREAK_FIRST_HALF)
    assert pages[1].startswith(BREAK_SECOND_HALF)


def test_paragraphs_on_a_page_are_separated_by_a_blank_line(
    make_monitor_pdf: Callable[[str], Path],
) -> None:
    third_page = read(str(make_monitor_pdf("{n}"))).text.split("\f")[2]

    paragraphs = [" ".join(p.split()) for p in third_page.split("\n\n")]
    assert paragraphs == PAGES[2]


def test_metadata_comes_from_the_info_dictionary(pdf_with_metadata: Path) -> None:
    doc = read(str(pdf_with_metadata))

    assert doc.title == "Harbours and Handshakes"
    assert doc.author == "Mira Castellan"
    assert doc.date == "2024-03-05"
    assert doc.text == "Avalia and Brenmark reopened their maritime dialogue in spring."


def test_a_single_page_keeps_a_line_that_only_looks_like_a_header(tmp_path: Path) -> None:
    pdf = FPDF()
    pdf.set_title("Microsoft Word - draft3.docx")
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.multi_cell(0, 6, RUNNING_HEADER)
    pdf.ln(6)
    pdf.multi_cell(0, 6, "The strait stayed calm all winter.")
    path = tmp_path / "single.pdf"
    pdf.output(str(path))

    doc = read(str(path))

    assert doc.text.startswith(RUNNING_HEADER)
    assert doc.title is None  # a word processor's file name is not a title


def test_two_columns_are_read_column_by_column(tmp_path: Path) -> None:
    left = (
        "The left column tells how the pier dispute began and why Brenmark asked for "
        "the lease to be published before any warship could dock."
    )
    right = (
        "The right column tells how Avalia answered that its constitution bars foreign "
        "bases and that the renovation is a matter for its parliament."
    )
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.set_xy(10, 20)
    pdf.multi_cell(85, 6, left)
    pdf.set_xy(110, 20)
    pdf.multi_cell(85, 6, right)
    path = tmp_path / "columns.pdf"
    pdf.output(str(path))

    flat = " ".join(read(str(path)).text.split())

    assert left in flat
    assert right in flat


def test_running_lines_are_compared_with_their_numbers_ignored() -> None:
    pages = [
        f"Monitor of the Strait, issue {n}\nBody of page {word}.\n{n}"
        for n, word in ((1, "one"), (2, "two"), (3, "three"))
    ]

    assert strip_running_matter(pages) == [
        "Body of page one.",
        "Body of page two.",
        "Body of page three.",
    ]


def test_a_pdf_without_a_pdf_extension_is_recognised(pdf_with_metadata: Path) -> None:
    renamed = pdf_with_metadata.with_name("harbours.download")
    pdf_with_metadata.rename(renamed)

    doc = read(str(renamed))

    assert doc.kind == "pdf"
    assert doc.title == "Harbours and Handshakes"
