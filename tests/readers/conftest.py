"""Shared fixtures of the reader tests: the data folder and PDFs made with fpdf2."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from fpdf import FPDF

DATA = Path(__file__).resolve().parent.parent / "data" / "readers"

# Three pages of a fictional monitor; the last sentence of page 1 runs onto page 2.
PAGES = [
    [
        "The Avalia-Brenmark maritime talks opened in Port Salere with a long list of "
        "grievances on both sides of the strait.",
        "Brenmark's envoy asked for the lease of the renovated pier to be published, "
        "while Avalia's minister said the pier was a domestic matter.",
    ],
    [
        "Later that week the coast guards of both countries rehearsed a rescue at sea "
        "for the first time since the quarrel began.",
        "Observers from the regional fisheries council watched the drill from a chartered ferry.",
    ],
    [
        "A hotline between the two coast guards is the next step that both sides say they want.",
        "Diplomats expect the first call to be a test rather than a crisis.",
    ],
]
BREAK_FIRST_HALF = "Both delegations agreed that the joint search-and-rescue"
BREAK_SECOND_HALF = "drill would resume in June, after a pause of two years."
RUNNING_HEADER = "Avalia-Brenmark Monitor | Spring 2024"


def _monitor_pdf(footer: str) -> FPDF:
    """A three-page PDF with a running header, a page-number footer and a split sentence."""

    class Monitor(FPDF):
        def header(self) -> None:
            self.set_font("Helvetica", size=9)
            self.cell(0, 8, RUNNING_HEADER, align="C")
            self.ln(14)

        def footer(self) -> None:
            self.set_y(-15)
            self.set_font("Helvetica", size=9)
            self.cell(0, 10, footer.format(n=self.page_no(), nb="{nb}"), align="C")

    pdf = Monitor()
    pdf.set_auto_page_break(False)
    for number, paragraphs in enumerate(PAGES):
        pdf.add_page()
        pdf.set_font("Helvetica", size=12)
        if number == 1:
            pdf.multi_cell(0, 6, BREAK_SECOND_HALF)
            pdf.ln(6)
        for paragraph in paragraphs:
            pdf.multi_cell(0, 6, paragraph)
            pdf.ln(6)
        if number == 0:
            pdf.set_y(-30)
            pdf.multi_cell(0, 6, BREAK_FIRST_HALF)
    return pdf


@pytest.fixture
def make_monitor_pdf(tmp_path: Path) -> Callable[[str], Path]:
    """Write the three-page monitor with a given footer pattern and return its path."""

    def make(footer: str = "Page {n} of {nb}") -> Path:
        path = tmp_path / "monitor.pdf"
        _monitor_pdf(footer).output(str(path))
        return path

    return make


@pytest.fixture
def pdf_with_metadata(tmp_path: Path) -> Path:
    """A one-page PDF whose info dictionary has a title, an author and a creation date."""
    pdf = FPDF()
    pdf.set_title("Harbours and Handshakes")
    pdf.set_author("Mira Castellan")
    pdf.set_creation_date(dt.datetime(2024, 3, 5, 9, 30, tzinfo=dt.UTC))
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.multi_cell(0, 6, "Avalia and Brenmark reopened their maritime dialogue in spring.")
    path = tmp_path / "harbours.pdf"
    pdf.output(str(path))
    return path


@pytest.fixture
def scanned_pdf(tmp_path: Path) -> Path:
    """A PDF whose only page holds a drawing and no text, as a scan without OCR would."""
    pdf = FPDF()
    pdf.add_page()
    pdf.set_fill_color(120, 120, 120)
    pdf.rect(20, 20, 170, 250, style="F")
    path = tmp_path / "scan.pdf"
    pdf.output(str(path))
    return path
