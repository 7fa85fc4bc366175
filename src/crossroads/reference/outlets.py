"""Which outlets are state-owned or government-aligned, and for which country; and which
well-known papers are independent.

Data: ``data/state_media.csv`` and ``data/independent_media.csv`` (our own research). An
editorial of a state outlet speaks for its country; an independent paper's speaks for its
editors (``author``), however often it says "our government".
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class Outlet:
    """A news outlet and who owns it."""

    name: str
    code: str
    ownership: str  # state | aligned


class Outlets:
    """Finds the outlets named in a piece of text (a header, a byline, a credit line)."""

    def __init__(self, outlets: list[tuple[Outlet, list[str]]]) -> None:
        # a form can name outlets of several countries ("VTV": Vietnam's and Venezuela's)
        self._by_form: dict[str, list[Outlet]] = {}
        self._forms: dict[Outlet, set[str]] = {}
        for outlet, aliases in outlets:
            # one entry per form as matched, whatever its case ("ANTARA" and "Antara")
            for form in {f.lower() for f in (outlet.name, *aliases)}:
                if len(form) >= 3:
                    self._by_form.setdefault(form, []).append(outlet)
                    self._forms.setdefault(outlet, set()).add(form)
        forms = sorted(self._by_form, key=len, reverse=True)
        body = "|".join(re.escape(f) for f in forms) or r"(?!x)x"
        self._pattern = re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.I)

    def find(self, text: str) -> list[Outlet]:
        """The outlets named in ``text``, in order of appearance.

        A form shared by several outlets counts only when the text also names one of them
        in another form ("VTV | Venezolana de Televisión"); alone it is left unresolved.
        """
        # A name that begins with its article ("The National", "The Star") is matched only
        # with the article capitalised: "of the National Press Authority" names no outlet.
        named = [
            m.group().lower()
            for m in self._pattern.finditer(text)
            if not m.group().startswith("the ")
        ]
        found = []
        for form in named:
            candidates = self._by_form[form]
            if len(candidates) > 1:
                candidates = [o for o in candidates if (self._forms[o] - {form}) & set(named)]
            if len(candidates) == 1:
                found.append(candidates[0])
        return found


@lru_cache(maxsize=1)
def outlets() -> Outlets:
    """The shared index of ``data/state_media.csv``."""
    path = resources.files("crossroads.data").joinpath("state_media.csv")
    rows = list(csv.DictReader(path.read_text("utf-8").splitlines())) if path.is_file() else []
    return Outlets(
        [
            (
                Outlet(r["outlet"], r["country"], r["ownership"]),
                [a for a in r.get("aliases", "").split("|") if a],
            )
            for r in rows
        ]
    )


def _forms(row: dict[str, str]) -> list[str]:
    return [row["outlet"], *(a for a in row.get("aliases", "").split("|") if a)]


@lru_cache(maxsize=1)
def _independent_forms() -> dict[str, str]:
    """Each form of an independent outlet, lower-cased -> its name."""
    path = resources.files("crossroads.data").joinpath("independent_media.csv")
    rows = list(csv.DictReader(path.read_text("utf-8").splitlines()))
    return {form.lower(): row["outlet"] for row in rows for form in _forms(row)}


_MASTHEAD_EDGES = " \t.,:;|-–—©"


def independent_masthead(parts: list[str]) -> str | None:
    """The independent outlet whose name stands alone as a header line or part ("THE
    CITIZEN", "Source: Dawn"); a name inside a headline ("Dawn of a new era") is none."""
    forms = _independent_forms()
    for part in parts:
        bare = re.sub(
            r"^(?:source|published by|from)\s*:?\s*", "", part.strip(_MASTHEAD_EDGES), flags=re.I
        )
        name = forms.get(bare.strip(_MASTHEAD_EDGES).lower())
        if name:
            return name
    return None
