"""Decode the bytes of a text file: byte order marks first, then UTF-8, then detection."""

from __future__ import annotations

import codecs
import re
import unicodedata

from charset_normalizer import from_bytes

from crossroads.errors import ReadError

BINARY = "looks like binary data, not text"

# Longest marks first: the UTF-32 LE mark begins with the UTF-16 LE one.
BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Share of control characters above which decoded "text" is taken for binary data.
_MAX_CONTROL_SHARE = 0.01
# Single-byte encodings of Western text that detection confuses on short samples.
_WESTERN = {"cp1252", "windows-1252", "latin_1", "iso8859_1", "iso8859_15", "cp1250", "mac_roman"}


def _utf16_without_bom(data: bytes) -> str | None:
    """Recognise UTF-16 without a byte order mark by its zero bytes on one side."""
    if len(data) < 4 or len(data) % 2:
        return None
    even_zeros = data[0::2].count(0)
    odd_zeros = data[1::2].count(0)
    half = len(data) // 2
    if odd_zeros > 0.4 * half and even_zeros < 0.05 * half:
        encoding = "utf-16-le"
    elif even_zeros > 0.4 * half and odd_zeros < 0.05 * half:
        encoding = "utf-16-be"
    else:
        return None
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _control_share(text: str) -> float:
    """Share of characters that are control characters other than usual whitespace."""
    if not text:
        return 0.0
    return len(_CONTROL.findall(text)) / len(text)


_AFTER_WORDS = set("…™®©°²")  # symbols that may follow a letter in Western text


def _oddities(text: str) -> int:
    """Count non-ASCII symbols glued to the end of a letter: the mark of a wrong guess.

    Decoding Polish cp1250 as cp1252 gives words like ``"Za¿ó³æ"`` and ``"trwaj¹"``:
    ``¿``, ``³`` and ``¹`` are no letters, yet follow one. Quotes, dashes, an ellipsis or
    a leading ``"¿"`` (Spanish) are normal.
    """
    count = 0
    for index in range(1, len(text)):
        char = text[index]
        if char.isascii() or char.isalpha() or char in _AFTER_WORDS:
            continue
        if unicodedata.category(char) in ("Pi", "Pf", "Pd"):
            continue
        if text[index - 1].isalpha():
            count += 1
    return count


def _detect(data: bytes) -> str | None:
    """Decode bytes that are not UTF-8 with charset-normalizer, preferring cp1252 on a tie."""
    best = from_bytes(data).best()
    if best is None:
        return None
    detected = str(best)
    encoding = best.encoding.lower().replace("-", "_")
    if encoding in _WESTERN:
        # Short Western texts are often given to a neighbour of cp1252 (cp1250 most of
        # all); cp1252 is the likeliest of them, so take it unless it reads worse.
        try:
            western = data.decode("cp1252")
        except UnicodeDecodeError:
            return detected
        if _oddities(western) <= _oddities(detected):
            return western
    return detected


def decode_bytes(data: bytes, source: str, declared: str | None = None) -> str:
    """Decode the bytes of a text file into a string without its byte order mark.

    The order of trust is: a byte order mark (UTF-8, UTF-16 or UTF-32), the charset that a
    server declared, strict UTF-8, UTF-16 without a mark, then charset-normalizer's
    detection (cp1252/latin-1 and others).

    Args:
        data: The raw bytes.
        source: The file or URL, named in errors.
        declared: A charset declared by the source (an HTTP header), if any.

    Returns:
        The decoded text, not yet normalised.

    Raises:
        ReadError: The bytes look like binary data rather than text.
    """
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as exc:
                raise ReadError(source, f"invalid {encoding.upper()} text") from exc
    text: str | None = None
    if declared:
        try:
            text = data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            text = None
    if text is None:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = None
    if text is None and b"\x00" in data:
        text = _utf16_without_bom(data)
        if text is None:
            raise ReadError(source, BINARY)
    if text is None:
        text = _detect(data)
    if text is None or "\x00" in text or _control_share(text) > _MAX_CONTROL_SHARE:
        raise ReadError(source, BINARY)
    return text
