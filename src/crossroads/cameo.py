"""The CAMEO event codebook: names, Goldstein scores and QuadClass of every code.

This module is the only reader of ``data/cameo.csv``; everything that names a CAMEO code,
scores it or classes it asks here. The table holds every code of the CAMEO 1.1b3 codebook
(roots 01-20 and their 3- and 4-digit sub-codes) with the Goldstein conflict-cooperation
weight GDELT uses for it. Two codes of the codebook have no GDELT weight (1213, 1214);
they take their parent's.

The QuadClass is a fact of the root, so the table does not repeat it: GDELT's own rows
class roots 01-05 as verbal cooperation, 06-09 material cooperation, 10-14 verbal conflict
and 15-20 material conflict. :func:`quad_class_sql` writes the same rule for SQL.
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

#: The last root of each QuadClass, in order (GDELT: 01-05, 06-09, 10-14, 15-20).
_LAST_ROOT_OF_CLASS = ((1, 5), (2, 9), (3, 14), (4, 20))


@dataclass(frozen=True)
class CameoCode:
    """One CAMEO event code."""

    code: str  # "04", "042", "0211": always a string, leading zeros matter
    name: str
    goldstein: float

    @property
    def root(self) -> str:
        """The two-digit root (event family) of the code."""
        return self.code[:2]

    @property
    def quad_class(self) -> int:
        """GDELT's QuadClass of the code (1-4), from its root."""
        return quad_class_of(self.code)


def quad_class_of(code: str) -> int:
    """The quad class (1-4) of any code, from its root.

    Args:
        code: a CAMEO code such as ``"112"``.

    Returns:
        1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict.

    Raises:
        ValueError: if the code's root is not 01-20.
    """
    root = int(code[:2]) if code[:2].isdigit() else 0
    if root >= 1:
        for quad, last in _LAST_ROOT_OF_CLASS:
            if root <= last:
                return quad
    raise ValueError(f"not a CAMEO code: {code!r}")


def quad_class_sql(root: str) -> str:
    """A SQL expression giving the QuadClass of a root, by the same rule as :func:`quad_class_of`.

    Args:
        root: A SQL expression for the two-digit root as an integer, e.g.
            ``"left(code, 2)::INT"``.

    Returns:
        A ``CASE`` expression (NULL for roots outside 01-20).
    """
    cases, first = [], 1
    for quad, last in _LAST_ROOT_OF_CLASS:
        cases.append(f"WHEN {root} BETWEEN {first} AND {last} THEN {quad}")
        first = last + 1
    return f"CASE {' '.join(cases)} END"


@lru_cache(maxsize=1)
def cameo_table() -> dict[str, CameoCode]:
    """All CAMEO codes, keyed by code string, in codebook order.

    Returns:
        A mapping such as ``{"042": CameoCode("042", "Make a visit", 1.9), ...}``.
    """
    text = files("crossroads.data").joinpath("cameo.csv").read_text(encoding="utf-8")
    table: dict[str, CameoCode] = {}
    for row in csv.DictReader(text.splitlines()):
        code = row["code"].strip()
        table[code] = CameoCode(
            code=code, name=row["name"].strip(), goldstein=float(row["goldstein"])
        )
    return table


def cameo_names() -> dict[str, str]:
    """Every code's name, e.g. ``{"042": "Make a visit", ...}``."""
    return {code: entry.name for code, entry in cameo_table().items()}


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


def describe(code: object) -> str:
    """Name a code for a person; an unknown sub-code falls back to its base, then its root.

    Args:
        code: A CAMEO code such as ``"0871"`` (None, NaN or an unknown code give ``""``).

    Returns:
        The name, or ``""`` when nothing is known.
    """
    if not isinstance(code, str) or not code:
        return ""
    table = cameo_table()
    for prefix in (code, code[:3], code[:2]):
        if prefix in table:
            return table[prefix].name
    return ""
