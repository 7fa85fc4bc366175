"""The CAMEO event codebook with Goldstein scores, read from ``data/cameo.csv``.

The table holds every code of the CAMEO 1.1b3 codebook (roots 01-20 and their 3- and
4-digit sub-codes) with the Goldstein conflict-cooperation weight GDELT uses for it.
Two codes of the codebook have no GDELT weight (1213, 1214); they take their parent's.

``quad_class`` is GDELT's QuadClass: 1 verbal cooperation (roots 01-04), 2 material
cooperation (05-08), 3 verbal conflict (09-13), 4 material conflict (14-20).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

QUAD_CLASSES = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}


@dataclass(frozen=True)
class CameoCode:
    """One CAMEO event code."""

    code: str  # "04", "042", "0211": always a string, leading zeros matter
    name: str
    goldstein: float
    quad_class: int

    @property
    def root(self) -> str:
        """The two-digit root (event family) of the code."""
        return self.code[:2]


def quad_class_of(code: str) -> int:
    """The quad class (1-4) of any code, from its root.

    Args:
        code: a CAMEO code such as ``"112"``.

    Returns:
        1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict.

    Raises:
        ValueError: if the code's root is not 01-20.
    """
    root = int(code[:2])
    if not 1 <= root <= 20:
        raise ValueError(f"not a CAMEO code: {code!r}")
    if root <= 4:
        return 1
    if root <= 8:
        return 2
    if root <= 13:
        return 3
    return 4


@lru_cache(maxsize=1)
def cameo_table() -> dict[str, CameoCode]:
    """All CAMEO codes, keyed by code string, in codebook order.

    Returns:
        A mapping such as ``{"042": CameoCode("042", "Make a visit", 1.9, 1), ...}``.
    """
    text = files("crossroads.data").joinpath("cameo.csv").read_text(encoding="utf-8")
    table: dict[str, CameoCode] = {}
    for row in csv.DictReader(text.splitlines()):
        code = row["code"].strip()
        table[code] = CameoCode(
            code=code,
            name=row["name"].strip(),
            goldstein=float(row["goldstein"]),
            quad_class=int(row["quad_class"]),
        )
    return table


def lookup(code: str) -> CameoCode:
    """The entry for ``code``.

    Args:
        code: a CAMEO code string (``"57"`` is read as ``"057"``).

    Returns:
        The code's entry.

    Raises:
        KeyError: if the code is not in the codebook.
    """
    table = cameo_table()
    key = code.strip()
    if key not in table and len(key) in (1, 2) and key.isdigit():
        key = key.zfill(2)
    if key not in table and len(key) == 2 and ("0" + key) in table and int(key) > 20:
        key = "0" + key
    return table[key]


def goldstein(code: str) -> float:
    """The Goldstein weight (-10 conflict .. +10 cooperation) of a CAMEO code.

    Args:
        code: a CAMEO code string such as ``"042"`` or ``"1123"``.

    Returns:
        The code's Goldstein value.

    Raises:
        KeyError: if the code is not in the codebook.
    """
    return lookup(code).goldstein


def name(code: str) -> str:
    """The codebook name of a CAMEO code (e.g. ``"Make a visit"`` for ``"042"``)."""
    return lookup(code).name
