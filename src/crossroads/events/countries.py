"""Country names as ICEWS writes them, mapped to ISO 3166 alpha-3 codes.

pycountry knows official and common names; the alias table covers the names ICEWS uses
that pycountry does not (older short forms, former names, territories).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Final

import pycountry

#: Names seen in ICEWS files that pycountry does not resolve, with their ISO3 code.
ALIASES: Final[dict[str, str]] = {
    "occupied palestinian territory": "PSE",
    "palestine": "PSE",
    "palestinian territory": "PSE",
    "kosovo": "XKX",
    "democratic republic of congo": "COD",
    "democratic republic of the congo": "COD",
    "congo, democratic republic of the": "COD",
    "republic of congo": "COG",
    "congo, republic of the": "COG",
    "cote d'ivoire": "CIV",
    "côte d'ivoire": "CIV",
    "ivory coast": "CIV",
    "cape verde": "CPV",
    "swaziland": "SWZ",
    "burma": "MMR",
    "east timor": "TLS",
    "brunei": "BRN",
    "micronesia": "FSM",
    "macedonia": "MKD",
    "turkey": "TUR",
    "vatican city": "VAT",
    "holy see": "VAT",
    "serbia and montenegro": "SCG",
    "yugoslavia": "SCG",
    "south korea": "KOR",
    "north korea": "PRK",
    "korea, south": "KOR",
    "korea, north": "PRK",
    "russia": "RUS",
    "laos": "LAO",
    "syria": "SYR",
    "iran": "IRN",
    "vietnam": "VNM",
    "taiwan": "TWN",
    "bolivia": "BOL",
    "venezuela": "VEN",
    "tanzania": "TZA",
    "moldova": "MDA",
    "united states": "USA",
    "united states of america": "USA",
    "united kingdom": "GBR",
    "czech republic": "CZE",
    "gambia": "GMB",
    "bahamas": "BHS",
    "sao tome and principe": "STP",
    "st. kitts and nevis": "KNA",
    "st. lucia": "LCA",
    "st. vincent and the grenadines": "VCT",
    "netherlands antilles": "ANT",
    "curacao": "CUW",
    "reunion": "REU",
}


@lru_cache(maxsize=4096)
def country_iso3(name: str) -> str | None:
    """Return the ISO3 code for a country name, or None when the name is not a country.

    Args:
        name: A country name as written in an ICEWS file (e.g. "Cambodia", "Burma").

    Returns:
        The ISO 3166 alpha-3 code, or None for unknown names and for empty text.
    """
    key = name.strip().strip('"').strip()
    if not key:
        return None
    alias = ALIASES.get(key.casefold())
    if alias:
        return alias
    try:
        country = pycountry.countries.lookup(key)
    except LookupError:
        return None
    return str(country.alpha_3)


def map_country_names(names: list[str]) -> dict[str, str | None]:
    """Map many country names at once (each distinct name looked up once).

    Args:
        names: Country names.

    Returns:
        A dict from each name to its ISO3 code or None.
    """
    return {name: country_iso3(name) for name in set(names)}
