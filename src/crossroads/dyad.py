"""The dyad: the two countries whose relations a run analyses, from ``--dyad A-B``.

:func:`parse_dyad` is the one reader of a dyad argument, for every command; the countries
are resolved by :func:`crossroads.countries.country_code`.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from crossroads.countries import country_code as _country_code
from crossroads.errors import UnknownCountry

_EXAMPLE = "use ISO3 codes or names, e.g. KHM-USA"
_SEPARATORS = re.compile(r"\s*[,;/]\s*|\s+(?:vs\.?|versus)\s+", re.IGNORECASE)
_HYPHENS = re.compile(r"[-‐‑–—]")


class Dyad(NamedTuple):
    """Two countries by ISO3 code; ``a`` is written first in labels.

    A pair of codes, so it unpacks and compares like ``("KHM", "USA")``. It holds codes
    as given: build one from a user's text with :func:`parse_dyad`, which checks them.
    """

    a: str
    b: str

    @property
    def label(self) -> str:
        """The dyad as written on the command line, e.g. ``KHM-USA``."""
        return f"{self.a}-{self.b}"

    @property
    def directions(self) -> tuple[str, str, str]:
        """The three direction labels of event series: A>B, B>A and both."""
        return (f"{self.a}>{self.b}", f"{self.b}>{self.a}", "both")


def parse_dyad(text: str) -> Dyad:
    """Two different country codes from a ``--dyad`` argument.

    Sides may be split by a comma, semicolon, slash, "vs" or a hyphen; with hyphens, every
    split is tried so that hyphenated names resolve ("Timor-Leste-Australia",
    "Guinea-Bissau-Senegal").

    Args:
        text: "KHM-USA", "Cambodia-United States", "cambodia,us", "Vietnam-US", "US-China"...

    Returns:
        The dyad: two ISO3 codes, in the order given.

    Raises:
        UnknownCountry: a side is not a known country, only one country is given, or the
            same country is given twice.
    """
    arg = text.strip()
    parts = [p for p in _SEPARATORS.split(arg) if p is not None]
    if len(parts) == 2:
        pairs = [(parts[0], parts[1])]
    elif len(parts) == 1:
        cuts = [m.start() for m in _HYPHENS.finditer(arg)]
        pairs = [(arg[:i], arg[i + 1 :]) for i in cuts]
    else:
        raise UnknownCountry(arg, f"expected two countries in --dyad, got {len(parts)}; {_EXAMPLE}")
    if not pairs:
        raise UnknownCountry(arg or "--dyad", f"one country only in --dyad {arg!r}; {_EXAMPLE}")
    resolved = [(a, b, _country_code(a), _country_code(b)) for a, b in pairs]
    for _, _, first, second in resolved:
        if first and second:
            if first == second:
                raise UnknownCountry(arg, f"the same country twice in --dyad ({first}); {_EXAMPLE}")
            return Dyad(first, second)
    unknown = _unknown_side(resolved)
    if unknown is None:
        raise UnknownCountry(arg, f"cannot read two countries from --dyad {arg!r}; {_EXAMPLE}")
    raise UnknownCountry(unknown, f"unknown country {unknown!r} in --dyad; {_EXAMPLE}")


def _unknown_side(resolved: list[tuple[str, str, str | None, str | None]]) -> str | None:
    """The side that did not resolve where the other did, if any split shows one."""
    for a, b, first, second in resolved:
        if first and not second and b.strip():
            return b.strip()
        if second and not first and a.strip():
            return a.strip()
    if len(resolved) == 1:
        a, b, _, _ = resolved[0]
        return (a if a.strip() else b).strip() or None
    return None
