"""Hostile sources: what is not a regular file, too large, disguised, nested or silent."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest
from fpdf import FPDF

from crossroads.errors import ReadError
from crossroads.readers import Limits, read
from crossroads.readers.limits import parse_size

ARTICLE = (
    "The coast guards of Avalia and Brenmark rehearsed a rescue at sea on Monday, "
    "the first joint drill since the quarrel over the pier began two years ago."
)


def _problem(source: Path | str, limits: Limits | None = None) -> str:
    with pytest.raises(ReadError) as caught:
        read(str(source), limits=limits)
    assert caught.value.subject == str(source)
    assert "\n" not in caught.value.problem
    return caught.value.problem


def _pdf_bytes() -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.multi_cell(0, 6, ARTICLE)
    return bytes(pdf.output())


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need POSIX")
def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)  # no writer ever opens it: reading it would block for ever

    assert _problem(fifo) == "is a named pipe (FIFO), not a regular file"


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_device_is_refused_before_a_byte_is_read() -> None:
    assert _problem("/dev/zero") == "is a character device, not a regular file"


def test_a_file_over_the_size_limit_is_refused_naming_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text(ARTICLE * 20, "utf-8")  # about 3 KB

    problem = _problem(path, Limits(max_bytes=1024))

    assert problem == "larger than the 1 KB size limit (see --max-size)"
    assert read(str(path), limits=Limits(max_bytes=4096)).text.startswith("The coast guards")


@pytest.mark.parametrize(
    ("text", "size"),
    [
        ("10MB", 10 * 1024 * 1024),
        ("500k", 500 * 1024),
        ("1.5 GB", 1536 * 1024 * 1024),
        ("2048", 2048),
    ],
)
def test_sizes_are_read_with_units(text: str, size: int) -> None:
    assert parse_size(text) == size


@pytest.mark.parametrize("text", ["ten", "10QB", "0", ""])
def test_a_bad_size_is_a_value_error(text: str) -> None:
    with pytest.raises(ValueError, match="size"):
        parse_size(text)


def test_a_pdf_named_html_is_read_as_a_pdf(tmp_path: Path) -> None:
    path = tmp_path / "report.html"
    path.write_bytes(_pdf_bytes())

    doc = read(str(path))

    assert doc.kind == "pdf"
    assert "rehearsed a rescue at sea" in doc.text


def test_an_html_page_named_pdf_is_read_as_html(tmp_path: Path) -> None:
    path = tmp_path / "saved.pdf"
    page = f"<!DOCTYPE html><html><body><article><p>{ARTICLE}</p></article></body></html>"
    path.write_text(page, "utf-8")

    doc = read(str(path))

    assert doc.kind == "html"
    assert "rehearsed a rescue at sea" in doc.text


def test_a_truncated_pdf_says_one_line_and_pypdf_says_nothing(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]
) -> None:
    data = _pdf_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: len(data) * 2 // 3])

    with caplog.at_level(logging.DEBUG):
        problem = _problem(path)

    assert problem.startswith("damaged PDF")
    assert [r.getMessage() for r in caplog.records if r.name.startswith("pypdf")] == []
    assert capfd.readouterr().err == ""


def test_markdown_quoted_ten_thousand_levels_deep_is_read(tmp_path: Path) -> None:
    path = tmp_path / "deep.md"
    path.write_text(">" * 10_000 + " " + ARTICLE + "\n", "utf-8")

    doc = read(str(path))

    assert doc.text == ARTICLE
    assert doc.warnings == []


def test_markdown_lists_nested_too_deep_say_so(tmp_path: Path) -> None:
    path = tmp_path / "lists.md"
    path.write_text("".join("  " * i + f"- level {i}\n" for i in range(40)), "utf-8")

    doc = read(str(path))

    assert "level 0" in doc.text
    assert "level 39" not in doc.text
    assert doc.warnings == ["Markdown nested deeper than 20 levels was left out"]


def test_markdown_of_deep_lists_only_names_the_nesting(tmp_path: Path) -> None:
    path = tmp_path / "only-deep.md"
    # every word sits below the parser's nesting limit
    path.write_text("- " * 30 + "word\n", "utf-8")

    assert _problem(path) == (
        "the Markdown text is nested deeper than 20 levels; none of it could be read"
    )


def test_markdown_without_front_matter_does_not_blame_one(tmp_path: Path) -> None:
    path = tmp_path / "images.md"
    path.write_text("![a map](map.png)\n\n<!-- draft -->\n", "utf-8")

    assert _problem(path) == "the Markdown file holds no text, only markup"


def test_html_nested_five_thousand_deep_keeps_its_deep_text(tmp_path: Path) -> None:
    path = tmp_path / "deep.html"
    deep = ARTICLE.replace("Monday", "Tuesday")
    path.write_text(
        f"<html><body><p>{ARTICLE}</p>{'<div>' * 5000}<p>{deep}</p>{'</div>' * 5000}</body></html>",
        "utf-8",
    )

    doc = read(str(path))

    assert "on Monday" in doc.text
    assert "on Tuesday" in doc.text
