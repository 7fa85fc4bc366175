"""Uploads: what is refused before a job is queued, each with one line naming the file."""

from __future__ import annotations

from pathlib import Path

import pytest
from fpdf import FPDF

from crossroads.errors import ReadError
from crossroads.readers import read
from crossroads.readers.limits import Limits
from crossroads.workspace.uploads import check_upload, safe_name, staged

ARTICLE = b"Cambodia and the United States signed a demining agreement in Phnom Penh.\n"


def a_pdf() -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.multi_cell(0, 8, "Washington and Phnom Penh agreed to resume joint exercises.")
    return bytes(pdf.output())


@pytest.mark.parametrize(
    ("name", "data", "problem"),
    [
        ("tool.exe", ARTICLE, "a .exe file is not a document Crossroads reads"),
        ("notes.txt", b"\x7fELF\x02\x01\x01" + bytes(100), "is an ELF executable, not a document"),
        ("report.md", b"MZ\x90\x00" + bytes(100), "is a Windows executable, not a document"),
        ("setup.txt", b"#!/bin/sh\nrm -rf /\n", "is a script, not a document"),
        ("photo.txt", bytes(range(256)), "looks like binary data, not text"),
        ("brief.pdf", ARTICLE, "is named as a PDF but is not one"),
        ("empty.md", b"", "the file is empty"),
        ("blank.txt", b" \n\t\n", "the file is empty"),
        ("big.txt", ARTICLE * 10, "larger than the 500 bytes upload limit"),
    ],
)
def test_refused_uploads_name_the_file_and_the_problem(
    name: str, data: bytes, problem: str
) -> None:
    with pytest.raises(ReadError) as caught:
        check_upload(name, data, Limits(max_bytes=500))
    message = str(caught.value)
    assert message.startswith(f"{name}: ") and problem in message
    assert "\n" not in message


def test_documents_the_readers_read_are_accepted() -> None:
    for name, data in [
        ("article.txt", ARTICLE),
        ("article.md", b"# Talks\n\n" + ARTICLE),
        ("page.html", b"<html><body><p>" + ARTICLE + b"</p></body></html>"),
        ("no-extension", ARTICLE),
        ("brief.pdf", a_pdf()),
        ("latin1.txt", "Déclaration de Phnom Penh sur la coopération.".encode("cp1252")),
    ]:
        check_upload(name, data)  # raises if refused


def test_a_name_sent_with_a_path_keeps_only_its_last_part() -> None:
    assert safe_name("C:\\Users\\nadia\\brief.pdf") == "brief.pdf"
    assert safe_name("../../etc/passwd") == "passwd"
    assert safe_name("re\x00port\n.md") == "report.md"
    assert safe_name("..") == "upload"
    with pytest.raises(ReadError, match=r"^passwd\.exe: a \.exe"):
        check_upload("../../passwd.exe", ARTICLE)


def test_staged_upload_is_read_under_its_own_name_then_removed() -> None:
    with staged("dir/brief.pdf", a_pdf()) as path:
        assert Path(path).name == "brief.pdf"
        doc = read(path)
        assert doc.kind == "pdf" and "joint exercises" in doc.text
    assert not Path(path).exists()
