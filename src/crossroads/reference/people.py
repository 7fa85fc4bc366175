"""Who a named person speaks for, and when: officials and other persons with dated terms.

Two data files, both facts: ``data/officials.csv`` (heads of state and government, ministers
of foreign affairs and of defence, spokespersons and key ambassadors from 2014, our own
research) and ``data/people_phoenix.csv`` (persons of the Phoenix/PETRARCH2 dictionaries,
to 2014, MIT licence). A name resolves when one country holds it; a date picks among terms
when several do.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

_TITLE = re.compile(
    r"^(?:(?:h\.?e\.?|mr|mrs|ms|dr|prof|sir|dame|president|prime minister|premier|minister|"
    r"foreign minister|defen[cs]e minister|secretary(?: of state)?|ambassador|chancellor|king|"
    r"queen|sheikh|emir|crown prince|general|gen|admiral|spokes(?:person|man|woman))\.?\s+)+",
    re.I,
)
# the roles an office title can stand for, when it comes with a family name alone
_TITLE_ROLES = (
    (re.compile(r"prime minister|premier|chancellor", re.I), {"head-of-government"}),
    (re.compile(r"president|king|queen|emir", re.I), {"head-of-state", "head-of-government"}),
    (re.compile(r"foreign minister|secretary of state", re.I), {"foreign-minister"}),
    (re.compile(r"defen[cs]e minister|general|admiral", re.I), {"defence-minister"}),
    (re.compile(r"minister|secretary", re.I), {"foreign-minister", "defence-minister"}),
    (re.compile(r"ambassador", re.I), {"ambassador"}),
    (re.compile(r"spokes", re.I), {"spokesperson"}),
)


def _titled_roles(title: str) -> set[str]:
    """The roles of the most specific office word in ``title`` (none for "Mr", "Dr")."""
    return next((roles for p, roles in _TITLE_ROLES if p.search(title)), set())


_BRACKETED = re.compile(r"\(([^)]{3,60})\)")
# lower-case particles of family names ("de la Fuente", "van der Bellen")
_PARTICLES = {"al", "el", "bin", "ibn", "de", "da", "di", "do", "dos", "du", "del", "della", "la",
              "le", "van", "von", "der", "den", "ter", "y", "bint"}  # fmt: skip
_ROLE_RANK = {
    "head-of-state": 0,
    "head-of-government": 1,
    "foreign-minister": 2,
    "defence-minister": 3,
    "spokesperson": 4,
    "ambassador": 5,
    "leader": 6,
}


@dataclass(frozen=True)
class Term:
    """One person's term: the code they speak for, their role and its dates."""

    name: str
    code: str
    role: str
    start: str
    end: str
    source: str

    def covers(self, date: str | None) -> bool:
        """Whether the term includes ``date`` (a prefix-comparable ISO date)."""
        if not date:
            return True

        def at(bound: str) -> tuple[str, str]:  # both at the coarser precision
            n = min(len(bound), len(date))
            return bound[:n], date[:n]

        return (not self.start or at(self.start)[0] <= at(self.start)[1]) and (
            not self.end or at(self.end)[1] <= at(self.end)[0]
        )


def is_title(words: str) -> bool:
    """Whether ``words`` are titles only ("Foreign Minister", "H.E. Dr.")."""
    text = words.strip() + " "
    m = _TITLE.match(text)
    return m is not None and not text[m.end() :].strip()


def name_key(name: str) -> str:
    """The lookup form of a name: titles dropped, case and spacing folded."""
    name = _TITLE.sub("", " ".join(name.replace("’", "'").split()))
    return re.sub(r"['’]s$", "", name).strip(" .,").lower()


class People:
    """An index of person names (full names and distinctive aliases) to their terms."""

    def __init__(self, terms: list[tuple[Term, list[str]]]) -> None:
        self._by_key: dict[str, list[Term]] = {}
        # officials by family name, for a titled mention ("Secretary Manalo")
        self._by_surname: dict[str, list[Term]] = {}
        for term, aliases in terms:
            if term.source == "officials" and len(parts := name_key(term.name).split()) > 1:
                self._by_surname.setdefault(parts[-1], []).append(term)
            for form in {term.name, *aliases}:
                key = name_key(form)
                if len(key) >= 3:
                    self._by_key.setdefault(key, []).append(term)

    def terms(self, name: str) -> list[Term]:
        """Every term filed under the name or alias ``name``.

        A label as transcripts and letterheads write it is also tried: the name in brackets
        ("An Tánaiste (Deputy Micheál Martin)"), the name after a longer title ("Minister
        for Foreign Affairs Maria Malmer Stenergard", two words at least), the family
        name first ("KAMIKAWA Yoko"), and an office with a family name ("Secretary Manalo").
        """
        return self._lookup(name)[0]

    def _lookup(self, name: str) -> tuple[list[Term], bool]:
        """The terms of ``name``, and whether only a family name (one word) matched them."""
        key = name_key(name)
        if key in self._by_key:
            # a one-word alias ("Chaves", "Ruto") is a family name too: many share it
            return list(self._by_key[key]), " " not in key
        inner = _BRACKETED.search(name)
        if inner and (found := self._lookup(inner.group(1)))[0]:
            return found
        words = re.sub(r"\([^)]*\)", " ", key).split()
        titled = _TITLE.match(" ".join(name.split()) + " ")
        # a title alone ("Minister (translation)") names no one
        if titled and words and (len(words) == 1 or set(words[:-1]) <= _PARTICLES):
            # "Secretary Manalo", "Secretary de la Fuente": the family name is filed by its
            # last word
            roles = _titled_roles(titled.group())
            return [t for t in self._by_surname.get(words[-1], []) if t.role in roles], True
        for k in range(len(words) - 1):
            tail = words[k:]
            for form in (tail, tail[1:] + tail[:1]) if len(tail) == 2 else (tail,):
                if matched := self._by_key.get(" ".join(form)):
                    return list(matched), False
        return [], False

    def resolve(self, name: str, date: str | None = None) -> Term | None:
        """The term a name refers to at ``date``, or ``None`` if unknown or ambiguous.

        Args:
            name: a full name or an alias ("Lavrov", "Secretary Rubio").
            date: the document's date, as precise as known.

        Returns:
            The best term: covering the date, from our own research first, the higher role.
        """
        found, by_family_name = self._lookup(name)
        if not found:
            return None
        dated = [t for t in found if t.covers(date)]
        if not dated and by_family_name:
            return None  # a family name alone must fit the date: many share it
        dated = dated or found
        codes = {t.code for t in dated}
        if len(codes) > 1:
            return None
        return min(dated, key=lambda t: (t.source != "officials", _ROLE_RANK.get(t.role, 9)))

    def __len__(self) -> int:
        return len(self._by_key)


def _rows(name: str) -> list[dict[str, str]]:
    path = resources.files("crossroads.data").joinpath(name)
    if not path.is_file():
        return []
    lines = [line for line in path.read_text("utf-8").splitlines() if not line.startswith("#")]
    return list(csv.DictReader(lines))


@lru_cache(maxsize=1)
def people() -> People:
    """The shared index of every shipped people file."""
    terms: list[tuple[Term, list[str]]] = []
    for row in _rows("officials.csv"):
        term = Term(row["name"], row["country"], row["role"], row["start"], row["end"], "officials")
        terms.append((term, [a for a in row.get("aliases", "").split("|") if a]))
    for row in _rows("people_phoenix.csv"):
        role = "official" if row["sector"] in ("GOV", "MIL", "ELI") else row["sector"].lower()
        term = Term(row["name"], row["country"], role, row["start"], row["end"], "phoenix")
        terms.append((term, [a for a in row.get("aliases", "").split("|") if a]))
    return People(terms)
