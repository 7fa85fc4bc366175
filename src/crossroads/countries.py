"""Countries: the one resolver from names and codes to ISO 3166-1 alpha-3, and back.

Everything that turns a country name into a code (the ``--dyad`` argument, ICEWS country
columns) or a code into a name (reports) asks here. The names come from the actors
gazetteer (pycountry plus ``data/countries.yaml``), so a name added there is known
everywhere. Names as reference tables list them are also read: the inverted form
"Korea, South" as "South Korea", and "St." as "Saint".
"""

from __future__ import annotations

import re
from functools import lru_cache

from crossroads.annotate.actors import gazetteer
from crossroads.errors import UnknownCountry

_EXAMPLE = "use an ISO3 code or a country name, e.g. KHM or Cambodia"
_SAINT = re.compile(r"^St\.?\s+", re.IGNORECASE)


@lru_cache(maxsize=4096)
def country_code(name: str) -> str | None:
    """The ISO3 code of a country given by code or name, or ``None`` when it is no country.

    Args:
        name: "KHM", "kh", "Cambodia", "U.S.", "Viet Nam", a demonym ("Cambodian"), a
            capital used as metonym ("Phnom Penh"), or a listing form ("Korea, South",
            "St. Lucia"). Case, surrounding quotes and spaces do not matter.

    Returns:
        The code ("KHM"); ``None`` for empty text, organisations and unknown names.
    """
    gaz = gazetteer()
    cleaned = " ".join(name.strip().strip("\"'").split())
    if not cleaned:
        return None
    for form in _forms(cleaned):
        code = gaz.code_for(form)
        if code in gaz.country_codes:
            return code
    return None


def _forms(name: str) -> list[str]:
    """The name as given, then as written in running text."""
    forms = [name]
    head, comma, tail = name.partition(",")
    if comma and tail.strip():
        forms.append(f"{tail.strip()} {head.strip()}")  # "Congo, Republic of the"
    forms += [_SAINT.sub("Saint ", form) for form in forms if _SAINT.match(form)]
    return forms


def resolve_country(name: str) -> str:
    """The ISO3 code of a country given by code or name (see :func:`country_code`).

    Args:
        name: A country code or name.

    Returns:
        The ISO3 code ("KHM").

    Raises:
        UnknownCountry: the name is no country the gazetteer knows.
    """
    code = country_code(name)
    if code is None:
        raise UnknownCountry(
            name.strip() or repr(name), f"unknown country {name.strip()!r}; {_EXAMPLE}"
        )
    return code


def country_name(code: str) -> str:
    """The short English name of a country code ("USA" -> "United States").

    Args:
        code: An ISO3 code.

    Returns:
        The name; anything that is not a country code (an organisation acronym, a party
        label) is returned unchanged.
    """
    gaz = gazetteer()
    return gaz.name_of(code) if code in gaz.country_codes else code
