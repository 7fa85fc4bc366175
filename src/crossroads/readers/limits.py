"""How much a reader may take in: the size of a source and the time a URL may take.

Every source is read against the same :class:`Limits`, so hostile input (a 5 GB file,
``/dev/zero``, a server that trickles one byte at a time) ends with one line instead of
a hung run or an exhausted machine.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MIB = 1024 * 1024
DEFAULT_MAX_BYTES = 10 * MIB
DEFAULT_URL_SECONDS = 60.0
# Redirects a URL may take before we give up; browsers allow about 20, real sites need few.
MAX_REDIRECTS = 5

_UNITS = {
    "": 1,
    "b": 1,
    "k": 1024,
    "kb": 1024,
    "m": MIB,
    "mb": MIB,
    "g": 1024 * MIB,
    "gb": 1024 * MIB,
}
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Limits:
    """The bounds every source is read within.

    Attributes:
        max_bytes: the largest file or response body read; a larger one is refused.
        url_seconds: the whole time one URL may take, redirects and body included.
    """

    max_bytes: int = DEFAULT_MAX_BYTES
    url_seconds: float = DEFAULT_URL_SECONDS


def parse_size(text: str) -> int:
    """Bytes from a size such as ``"10MB"``, ``"500k"``, ``"1.5 GB"`` or ``"2048"``.

    Units are binary (``1 MB`` = 1024 x 1024 bytes) and case does not matter.

    Raises:
        ValueError: the text is not a positive size.
    """
    match = _SIZE.match(text)
    unit = match.group(2).lower() if match else ""
    if not match or unit not in _UNITS:
        raise ValueError(f"{text!r} is not a size such as 10MB, 500KB or 2048")
    size = int(float(match.group(1)) * _UNITS[unit])
    if size <= 0:
        raise ValueError(f"{text!r} is not a positive size")
    return size


def format_size(size: int) -> str:
    """A size for messages: ``10 MB``, ``512 KB``, ``300 bytes``."""
    for unit, factor in (("GB", 1024 * MIB), ("MB", MIB), ("KB", 1024)):
        if size >= factor:
            value = size / factor
            return f"{value:.0f} {unit}" if value == int(value) else f"{value:.1f} {unit}"
    return f"{size} bytes"
