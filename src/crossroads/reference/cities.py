"""Which country a city is in, for tying a speaker to a place ("a Karachi trader").

Data: ``data/cities.csv``, converted from GeoNames (see its notice). Cities are not actors:
"Lagos" does not speak for Nigeria's government. They only tie a quoted person to a
country, as the contract asks for an analyst ("a Nairobi think tank" → KEN).
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from importlib import resources


class Cities:
    """Finds the cities named in a phrase."""

    def __init__(self, forms: dict[str, str]) -> None:
        self._forms = forms
        names = sorted(forms, key=len, reverse=True)
        # a city name as a whole word, also before "-based" ("a Johannesburg-based analyst")
        self._pattern = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, names)) + r")\b")

    def code_of(self, name: str) -> str | None:
        """The country code of a city named exactly ``name``, if known."""
        return self._forms.get(name)

    def find(self, text: str) -> list[str]:
        """The country codes of the cities named in ``text``, in order."""
        return [self._forms[m.group(0)] for m in self._pattern.finditer(text)]


@lru_cache(maxsize=1)
def cities() -> Cities:
    """The shipped city list, read once."""
    text = (resources.files("crossroads") / "data" / "cities.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(line for line in text.splitlines() if not line.startswith("#"))
    forms: dict[str, str] = {}
    for row in rows:
        for form in [row["city"], *filter(None, row["aliases"].split("|"))]:
            forms.setdefault(form, row["country"])
    return Cities(forms)
