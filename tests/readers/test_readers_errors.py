"""Bad input: each case is a ReadError that names the file and the problem in one line."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from crossroads.errors import ReadError
from crossroads.readers import read

from .conftest import DATA


def _problem(source: Path | str) -> str:
    with pytest.raises(ReadError) as caught:
        read(str(source))
    error = caught.value
    assert error.subject == str(source)
    assert str(error) == f"{source}: {error.problem}"
    assert "\n" not in error.problem
    return error.problem


def test_missing_file(tmp_path: Path) -> None:
    assert _problem(tmp_path / "absent.txt") == "no such file"


def test_directory(tmp_path: Path) -> None:
    assert _problem(tmp_path) == "is a directory, not a file"


@pytest.mark.parametrize("content", [b"", b"  \n\t\r\n  ", "\ufeff \n".encode()])
@pytest.mark.parametrize("name", ["empty.txt", "empty.md", "empty.html", "empty.pdf"])
def test_empty_or_blank_file(tmp_path: Path, name: str, content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)

    assert _problem(path) == "the file is empty"


@pytest.mark.parametrize(
    "content",
    [
        bytes(range(256)) * 8,  # every byte value, NUL included
        b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(1, 32)) * 40,  # control bytes, no NUL
    ],
)
def test_binary_data_named_txt(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "archive.txt"
    path.write_bytes(content)

    assert _problem(path) == "looks like binary data, not text"


def test_a_text_file_named_pdf(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_text("This is a note that someone saved with the wrong name.", "utf-8")

    assert _problem(path) == "not a PDF file"


def test_a_damaged_pdf(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 9 0 R\n")

    assert _problem(path).startswith("damaged PDF")


def test_a_scanned_pdf(scanned_pdf: Path) -> None:
    assert _problem(scanned_pdf) == "the PDF has no text layer (scanned?); run OCR first"


def test_an_html_page_without_main_text() -> None:
    assert _problem(DATA / "navigation-only.html") == "no main text found in the HTML page"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_an_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("Closed notes.", "utf-8")
    path.chmod(0)

    assert _problem(path) == "permission denied"


def test_a_permission_error_while_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("Closed notes.", "utf-8")

    def refuse(name: str, flags: int, *args: object) -> int:
        raise PermissionError(errno.EACCES, "Permission denied", name)

    monkeypatch.setattr(os, "open", refuse)

    assert _problem(path) == "permission denied"


def test_a_library_failure_is_reported_as_a_read_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "notes.md"
    path.write_text("# Notes\n\nSome text.\n", "utf-8")

    def explode(text: str) -> object:
        raise RuntimeError("parser state corrupted\nwith a second line")

    monkeypatch.setattr("crossroads.readers.markdown_to_text", explode)

    assert _problem(path) == "could not read: parser state corrupted"
