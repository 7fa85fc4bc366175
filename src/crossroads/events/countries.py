"""Country names as ICEWS writes them, mapped to ISO3 codes by the one country resolver.

ICEWS files name countries in words ("Cambodia", "Korea, South", "Occupied Palestinian
Territory"); :func:`crossroads.countries.country_code` reads them all, so a name it lacks
is added to ``data/countries.yaml``, not here.
"""

from __future__ import annotations

from collections.abc import Iterable

from crossroads.countries import country_code


def map_country_names(names: Iterable[str]) -> dict[str, str | None]:
    """Map many country names at once (each distinct name looked up once).

    Args:
        names: Country names.

    Returns:
        A dict from each name to its ISO3 code, or None for a name that is no country.
    """
    return {name: country_code(name) for name in set(names)}
