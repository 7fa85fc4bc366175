"""Files that users upload to a workspace: what is accepted, and how the readers get them.

An upload is checked before it is queued (:func:`check_upload`): a name the readers know
(``.txt``, ``.md``, ``.html``, ``.pdf`` and their variants, or none), at most the size
limit, not empty, and, unless it is a PDF, text rather than binary data: a program or an
archive is refused with one line naming the file. The job that analyses it later hands
the bytes to the same readers as ``crossroads corpus add`` (:func:`staged`).
"""

from __future__ import annotations

import contextlib
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath, PureWindowsPath

from crossroads.errors import ReadError
from crossroads.pipeline import SUFFIXES
from crossroads.readers import kind_from_name, sniff_kind
from crossroads.readers.encoding import decode_bytes
from crossroads.readers.limits import Limits, format_size

# The signatures of programs, which are never documents whatever their name says.
_EXECUTABLES = (
    (b"\x7fELF", "an ELF executable"),
    (b"MZ", "a Windows executable"),
    (b"\xfe\xed\xfa\xce", "a Mach-O executable"),
    (b"\xfe\xed\xfa\xcf", "a Mach-O executable"),
    (b"\xce\xfa\xed\xfe", "a Mach-O executable"),
    (b"\xcf\xfa\xed\xfe", "a Mach-O executable"),
    (b"\xca\xfe\xba\xbe", "a Mach-O or Java class file"),
    (b"#!", "a script"),
)
_UNSAFE_CHARS = re.compile(r"[\x00-\x1f\x7f/\\\\]")
MAX_NAME_CHARS = 200


def safe_name(filename: str) -> str:
    """The name an upload is shown and stored under: its last path part, printable.

    Args:
        filename: The name the browser sent (it may carry a Windows or POSIX path).

    Returns:
        The base name without control characters or separators, at most 200 characters;
        ``"upload"`` when nothing is left.
    """
    base = PureWindowsPath(PurePosixPath(filename).name).name
    base = _UNSAFE_CHARS.sub("", base).strip().lstrip(".")
    if len(base) > MAX_NAME_CHARS:
        suffix = Path(base).suffix[:10]
        base = base[: MAX_NAME_CHARS - len(suffix)] + suffix
    return base or "upload"


def check_upload(filename: str, data: bytes, limits: Limits | None = None) -> None:
    """Refuse an upload that the readers should not be given.

    Args:
        filename: The uploaded file's name (shown in the message as :func:`safe_name`).
        data: Its bytes.
        limits: The size limit (:class:`~crossroads.readers.limits.Limits` by default).

    Raises:
        ReadError: One line naming the file: an extension the readers do not read, over
            the size limit, empty, a program, a PDF in name only, or binary data.
    """
    limits = limits or Limits()
    name = safe_name(filename)
    suffix = Path(name).suffix.lower()
    if suffix and suffix not in SUFFIXES:
        known = ", ".join(sorted(SUFFIXES))
        raise ReadError(name, f"a {suffix} file is not a document Crossroads reads ({known})")
    if len(data) > limits.max_bytes:
        raise ReadError(name, f"larger than the {format_size(limits.max_bytes)} upload limit")
    if not data.strip():
        raise ReadError(name, "the file is empty")
    for signature, what in _EXECUTABLES:
        if data.startswith(signature):
            raise ReadError(name, f"is {what}, not a document")
    is_pdf = sniff_kind(data) == "pdf"
    if kind_from_name(name) == "pdf" and not is_pdf:
        raise ReadError(name, "is named as a PDF but is not one")
    if not is_pdf:
        decode_bytes(data, name)  # raises on binary data, as the text readers would


@contextlib.contextmanager
def staged(filename: str, data: bytes) -> Iterator[str]:
    """The upload as a file under its own name, for the readers, removed afterwards.

    Args:
        filename: The upload's name (made safe with :func:`safe_name`).
        data: Its bytes.

    Yields:
        The path of a private temporary file named like the upload, so that the readers
        judge its kind by the same name the user gave.
    """
    with tempfile.TemporaryDirectory(prefix="crossroads-upload-") as folder:
        path = Path(folder) / safe_name(filename)
        path.write_bytes(data)
        yield str(path)
