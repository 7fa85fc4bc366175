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
        # A form is looked up by its first characters at each word start, not by one regular
        # expression of every name: with 27,000 towns that expression took most of a second
        # to compile in every process. The key is never longer than the shortest name.
        self._forms = forms
        self._key = min([4, *map(len, forms)])
        self._by_key: dict[str, list[str]] = {}
        for name in sorted(forms, key=len, reverse=True):
            self._by_key.setdefault(name[: self._key], []).append(name)

    def code_of(self, name: str) -> str | None:
        """The country code of a city named exactly ``name``, if known."""
        return self._forms.get(name)

    def find(self, text: str) -> list[str]:
        """The country codes of the cities named in ``text``, in order: a name as a whole
        word, also before "-based" ("a Johannesburg-based analyst"), the longest first."""
        found = []
        end = 0
        for start in (m.start() for m in _WORD_START.finditer(text)):
            if start < end:
                continue
            for name in self._by_key.get(text[start : start + self._key], ()):
                after = start + len(name)
                # the end of a word ("Mpika", not "Mpikas"); "Homyel'" ends at its mark
                ends = not (_WORD_CHAR.match(name[-1]) and _WORD_CHAR.match(text, after))
                if ends and text.startswith(name, start):
                    found.append(self._forms[name])
                    end = after
                    break
        return found


_WORD_START = re.compile(r"(?<![\w-])\S")
_WORD_CHAR = re.compile(r"\w")


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
