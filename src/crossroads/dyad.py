"""The dyad: the two countries whose relations a run analyses, from ``--dyad A-B``."""

from __future__ import annotations

import re

from crossroads.annotate.actors import gazetteer
from crossroads.errors import UnknownCountry

_EXAMPLE = "use ISO3 codes or names, e.g. KHM-USA"
_SEPARATORS = re.compile(r"\s*[,;/]\s*|\s+(?:vs\.?|versus)\s+", re.IGNORECASE)
_HYPHENS = re.compile(r"[-‐‑–—]")


def resolve_country(name: str) -> str:
    """The ISO 3166-1 alpha-3 code of a country given by code or name, in any case.

    Args:
        name: "KHM", "kh", "Cambodia", "cambodia", "US", "U.S.", "United States", "Viet Nam",
            a demonym ("Cambodian") or a capital used as metonym ("Phnom Penh").

    Returns:
        The ISO3 code ("KHM").

    Raises:
        UnknownCountry: the name is no country the gazetteer knows.
    """
    code = _country_code(name)
    if code is None:
        raise UnknownCountry(
            name.strip() or repr(name), f"unknown country {name.strip()!r}; {_EXAMPLE}"
        )
    return code


def _country_code(name: str) -> str | None:
    gaz = gazetteer()
    cleaned = name.strip().strip("\"'")
    if not cleaned:
        return None
    code = gaz.code_for(cleaned)
    return code if code in gaz.country_codes else None


def parse_dyad(text: str) -> tuple[str, str]:
    """Two different country codes from a ``--dyad`` argument.

    Sides may be split by a comma, semicolon, slash, "vs" or a hyphen; with hyphens, every
    split is tried so that hyphenated names resolve ("Timor-Leste-Australia",
    "Guinea-Bissau-Senegal").

    Args:
        text: "KHM-USA", "Cambodia-United States", "cambodia,us", "Vietnam-US", "US-China"...

    Returns:
        The two ISO3 codes, in the order given.

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
            return first, second
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
