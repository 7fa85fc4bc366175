"""Actors: which countries, organisations and people a sentence names, as codes.

The :class:`Gazetteer` holds every name of every country (ISO 3166-1 alpha-3 codes, from
pycountry plus ``data/countries.yaml``), government body (``data/institutions.yaml``) and
international organisation (``data/organisations.yaml``), compiled once into a single
character-trie regular expression. :meth:`Gazetteer.find` returns the longest,
non-overlapping mentions in a text and then applies a few general rules:

* names that contain a country word but are places, seas or newspapers ("South China Sea",
  "Washington Post", "Gulf of Thailand", "Australian National University") are dropped;
* names that are also people's names or common words ("Jordan", "Chad", "Georgia",
  "Washington") are dropped when a capitalised non-actor word sits next to them
  ("Michael Jordan", "George Washington", "Atlanta, Georgia");
* a generic office ("foreign ministry", "spokesperson", "officials") joins the country
  named next to it into one ``institution`` mention ("China's foreign ministry", "the
  Ministry of Foreign Affairs of Vietnam", "officials in Hanoi"); alone it is no mention.

The stage ``crossroads.actors.v1`` fills ``sentence.actors`` and, when sentences carry a
spaCy parse, binds people to countries by their title or apposition ("Cambodian Prime
Minister Hun Sen", "Wendy Sherman, the US deputy secretary of state") and marks their later
mentions ("Hun Sen", "Sherman", "Xi") in every sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import pycountry

from crossroads import registry
from crossroads.annotate.cues import read_yaml
from crossroads.context import Context
from crossroads.model import Document, Mention, Sentence
from crossroads.reference.cities import cities

COUNTRY, DEMONYM, CAPITAL = "country", "demonym", "capital"
INSTITUTION, ORGANISATION, PERSON = "institution", "organisation", "person"
_NONE = "none"  # a name that contains a country word but names no actor

# kinds that can bind a generic office or a person to their code
_MODIFIER_KINDS = {COUNTRY, DEMONYM, CAPITAL, INSTITUTION, ORGANISATION}


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


_APOSTROPHES = "'’‘ʼ"
_DASHES = "-‐‑–"
_WORD_AFTER = r"(?![^\W_])"  # the name ends at a word boundary (letters, digits)

# words that may precede a capitalised ambiguous name without making it a person's name
_FUNCTION_WORDS = _wordset(
    """a an the in on at from to for and but or nor with by as if when while since after
    before both neither yet so of across between against toward towards via unlike like only
    even also meanwhile however today yesterday then now where whereas although though
    because under over into onto upon about around than that this these those its their
    his her our whose which who what why how all every each any some no not most many
    monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december"""
)
# the head nouns that make a capitalised phrase a place, a body of water or a publication
_PLACE_HEADS = (
    "Sea|Seas|Ocean|Gulf|Strait|Straits|Peninsula|River|Delta|Basin|Valley|Lake|Mountains|"
    "Plateau|Desert|Plain|Highlands|University|College|School|Times|Post|Herald|Tribune|"
    "Journal|Gazette|Inquirer|Review|Airlines|Airways|Chronicle|Telegraph|Examiner"
)
_PLACE_AFTER = re.compile(r"(?:\s+[A-Z][\w'’.-]*){0,2}\s+(?:" + _PLACE_HEADS + r")(?![\w-])")
# not "Bank of": a bank "of" a country is that country's ("the Bank of Uganda", "the
# Export-Import Bank of China"), a river's bank is written in lower case
_PLACE_BEFORE = re.compile(
    r"(?:Sea|Gulf|Bay|Strait|Straits|University|Isle|Lake)\s+of\s+(?:the\s+)?$"
)
_CAP_WORD_BEFORE = re.compile(r"([A-Z][\w'’.-]*)(,?)\s+$")
_CAP_WORD_AFTER = re.compile(r"\s+([A-Z][\w'’-]*)")
_LINK_BEFORE = re.compile(r"\s(of|for|in)\s+(?:the\s+)?$", re.IGNORECASE)
_POSTMODIFIER_KINDS = {COUNTRY, ORGANISATION, CAPITAL}
_POSSESSIVE = re.compile(r"['’]s?(?![\w])")

# honorifics and ranks that may stand between a title and a name ("commander Adm. X")
_RANKS = _wordset(
    """mr mrs ms miss dr prof professor sir dame adm admiral gen general lt lieutenant col
    colonel maj major capt captain cmdr commander sgt sen senator rep representative gov
    governor amb ambassador h.e. his excellency her hon honourable honorable rear vice prime
    marshal brig brigadier air field chief deputy state foreign defence defense of rt right"""
)


@dataclass(frozen=True)
class Entry:
    """What one surface form names: a code (``None`` for non-mentions) and a kind."""

    code: str | None
    kind: str
    ambiguous: bool = False


def _key(surface: str) -> str:
    """The canonical form of a name: one kind of apostrophe and dash, single spaces."""
    s = surface.strip()
    for ch in _APOSTROPHES:
        s = s.replace(ch, "'")
    for ch in _DASHES:
        s = s.replace(ch, "-")
    return re.sub(r"\s+", " ", s)


def _strip_the(name: str) -> str:
    return name[4:] if name.lower().startswith("the ") else name


def _plural(adjective: str) -> str | None:
    """The regular plural noun of a demonym ("Cambodian" -> "Cambodians"), if any."""
    if adjective.endswith("ese") or adjective.endswith("-"):
        return None
    if adjective[-1] in "aeion":
        return adjective + "s"
    return None


def _char_fragment(ch: str) -> str:
    if ch in _APOSTROPHES:
        return "['’‘ʼ]"
    if ch in _DASHES:
        return "[-‐‑–]"
    if ch == " ":
        return r"\s+"
    return re.escape(ch)


def _trie_pattern(surfaces: Iterable[str]) -> str:
    """One regex that matches any of ``surfaces``, longest first, built over a char trie."""
    root: dict[str, Any] = {}
    end = "\0"
    for surface in surfaces:
        node = root
        for ch in surface:
            node = node.setdefault(ch, {})
        node[end] = "" if surface.endswith("-") else _WORD_AFTER

    def build(node: dict[str, Any]) -> str:
        branches = [
            _char_fragment(ch) + build(child) for ch, child in sorted(node.items()) if ch != end
        ]
        if end in node:
            branches.append(node[end])  # children first: the longest name wins
        if len(branches) == 1:
            return branches[0]
        return "(?:" + "|".join(branches) + ")"

    return r"(?<![^\W_])" + build(root)


def _words_pattern(words: Iterable[str]) -> str:
    ordered = sorted({w.strip().lower() for w in words if w.strip()}, key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered) + ")"


class Gazetteer:
    """Names of countries, institutions and organisations, and a fast finder over text.

    Build it with :meth:`load` (or use the cached :func:`gazetteer`); then :meth:`find`
    returns the actors a text names, :meth:`code_for` looks one name up.
    """

    def __init__(
        self,
        countries: dict[str, Any],
        institutions: dict[str, Any],
        organisations: dict[str, Any],
    ) -> None:
        """Compile the gazetteer from the three parsed data files.

        Args:
            countries: ``countries.yaml`` as parsed (``countries`` and ``not_mentions``).
            institutions: ``institutions.yaml`` as parsed (``institutions`` and ``offices``).
            organisations: ``organisations.yaml`` as parsed (``organisations``).
        """
        self._entries: dict[str, Entry] = {}
        self._lower: dict[str, str] = {}  # lower-case name or code -> code, for code_for
        self._names: dict[str, str] = {}
        self._adjectives: dict[str, str] = {}
        self.country_codes: set[str] = set()
        self.organisation_codes: set[str] = set()

        for surface in countries.get("not_mentions") or []:
            self._add(surface, Entry(None, _NONE))
        table: dict[str, dict[str, Any]] = countries.get("countries") or {}
        for code, info in table.items():
            self._add_country_data(code, info or {})
        for country in pycountry.countries:
            self._add_pycountry(country)
        for code, names in (institutions.get("institutions") or {}).items():
            for name in names:
                self._add(name, Entry(code, INSTITUTION))
        for code, names in (organisations.get("organisations") or {}).items():
            self.organisation_codes.add(code)
            self._names.setdefault(code, next((n for n in names if " " in n), code))
            for name in names:
                kind = CAPITAL if name in {"Brussels", "Berlaymont"} else ORGANISATION
                self._add(name, Entry(code, kind))
                self._lower.setdefault(_key(name).lower(), code)
            self._lower.setdefault(code.lower(), code)
        self._compile_offices(institutions.get("offices") or {})
        self._regex = re.compile(_trie_pattern(self._entries))

    # --- building --------------------------------------------------------------------

    def _add(self, surface: str, entry: Entry) -> None:
        key = _key(_strip_the(surface))
        if not key or key in self._entries:
            return  # the first definition wins: not-mentions, then our data, then pycountry
        self._entries[key] = entry
        if entry.code is not None:
            self._lower.setdefault(key.lower(), entry.code)

    def _add_country_data(self, code: str, info: dict[str, Any]) -> None:
        self.country_codes.add(code)
        ambiguous = {_key(a) for a in info.get("amb") or []}
        if info.get("name"):
            self._names[code] = info["name"]
        adjective = info.get("adj")
        if adjective:
            self._adjectives[code] = info.get("short_adj") or adjective

        def add(surface: str, kind: str) -> None:
            self._add(surface, Entry(code, kind, _key(_strip_the(surface)) in ambiguous))

        for name in [info.get("name"), *(info.get("alias") or [])]:
            if name:
                add(name, COUNTRY)
        for dem in [adjective, *(info.get("dem") or [])]:
            if dem:
                add(dem, DEMONYM)
                plural = _plural(dem) if dem == adjective else None
                if plural:
                    add(plural, DEMONYM)
        for capital in info.get("cap") or []:
            add(capital, CAPITAL)

    def _add_pycountry(self, country: Any) -> None:
        code = country.alpha_3
        self.country_codes.add(code)
        names = [getattr(country, a, None) for a in ("common_name", "name", "official_name")]
        usable = [n for n in names if n and "," not in n and "(" not in n]
        self._names.setdefault(code, usable[0] if usable else country.name)
        for name in usable:
            self._add(name, Entry(code, COUNTRY))
        self._lower.setdefault(code.lower(), code)
        self._lower.setdefault(country.alpha_2.lower(), code)

    def _compile_offices(self, offices: dict[str, Any]) -> None:
        heads = _words_pattern(offices.get("heads") or ["ministry"])
        mods = _words_pattern(offices.get("modifiers") or ["senior"])
        objects = _words_pattern(offices.get("of_objects") or ["foreign affairs"])
        of_phrase = (
            r"(?:ministry|ministries|minister|ministers|department|secretary|secretaries)"
            rf"\s+(?:of|for)\s+(?:the\s+)?{objects}"
        )
        unit = rf"(?:{mods}[\s-]+){{0,3}}(?:{of_phrase}|{heads})(?![\w-])"
        office = rf"{unit}(?:(?:['’]s)?\s+{unit})*"
        self._office_after = re.compile(rf"(?:['’]s?)?\s+(?:{office})", re.IGNORECASE)
        self._office_before = re.compile(rf"(?:{office})\s+(?:of|for)\s+(?:the\s+)?$", re.I)
        located = _words_pattern(offices.get("located") or ["officials"])
        self._located_before = re.compile(rf"{located}\s+in\s+(?:the\s+)?$", re.IGNORECASE)
        titles = _words_pattern(offices.get("persons") or ["minister"])
        self._title_end = re.compile(
            rf"\b{titles}(?:\s+(?:of|for)\s+(?:the\s+)?{objects})?\s*$", re.IGNORECASE
        )
        self._office_words = {
            w.lower()
            for group in ("heads", "modifiers", "persons")
            for phrase in offices.get(group) or []
            for w in phrase.split()
        }
        self._title_word = re.compile(rf"\b{titles}\b", re.IGNORECASE)

    @classmethod
    def load(cls) -> Gazetteer:
        """Read the three data files shipped in ``crossroads/data`` and compile them."""
        data = resources.files("crossroads") / "data"

        def read(name: str) -> dict[str, Any]:
            loaded = read_yaml((data / name).read_text(encoding="utf-8"))
            return loaded if isinstance(loaded, dict) else {}

        return cls(read("countries.yaml"), read("institutions.yaml"), read("organisations.yaml"))

    # --- look-ups --------------------------------------------------------------------

    def entry(self, surface: str) -> Entry | None:
        """The entry of an exact (case-sensitive) surface form, or ``None``."""
        return self._entries.get(_key(surface))

    def code_for(self, name: str) -> str | None:
        """The code of one name, alias, demonym, capital or code, in any case.

        Args:
            name: "Cambodia", "cambodian", "KHM", "kh", "Phnom Penh", "U.S.", "ASEAN"...

        Returns:
            The ISO3 country code or organisation acronym, or ``None`` if unknown.
        """
        key = _key(_strip_the(name))
        entry = self._entries.get(key)
        if entry is not None:
            return entry.code
        return self._lower.get(key.lower())

    def name_of(self, code: str) -> str:
        """The short English name of a country or organisation code ("USA" -> "United States").

        Unknown codes are returned unchanged.
        """
        return self._names.get(code, code)

    def adjective_of(self, code: str) -> str:
        """The adjective used for a country in writing ("KHM" -> "Cambodian", "USA" -> "US").

        Organisations and unknown codes are returned unchanged.
        """
        return self._adjectives.get(code, code)

    # --- finding ---------------------------------------------------------------------

    def find(self, text: str) -> list[Mention]:
        """The actors named in ``text``: longest, non-overlapping mentions, in order.

        Args:
            text: A sentence (offsets of the mentions are relative to it).

        Returns:
            Mentions of countries, demonyms, capitals and seats, institutions (including
            generic offices tied to a country) and organisations.
        """
        entries = self._entries
        raw = [
            (m.start(), m.end(), entries.get(m.group()) or entries.get(_key(m.group())))
            for m in self._regex.finditer(text)
        ]
        found = [(s, e, entry) for s, e, entry in raw if entry is not None and entry.code]
        spans = {(s, e) for s, e, _ in found}
        kept: list[Mention] = []
        for start, end, entry in found:
            if entry.kind != INSTITUTION and self._is_place_name(text, start, end):
                continue
            if self._is_other_name(text, start, end, entry, spans):
                continue
            assert entry.code is not None
            if text[end - 1] in _DASHES:  # "Sino-" names China, the hyphen joins the next
                end -= 1
            kept.append(Mention(start, end, text[start:end], entry.code, entry.kind))
        return self._join_offices(text, kept)

    def _is_place_name(self, text: str, start: int, end: int) -> bool:
        """The name belongs to a sea, a university or a newspaper's name."""
        if _PLACE_AFTER.match(text, end):
            return True
        return bool(_PLACE_BEFORE.search(text[max(0, start - 30) : start]))

    def _is_other_name(
        self, text: str, start: int, end: int, entry: Entry, spans: set[tuple[int, int]]
    ) -> bool:
        """An ambiguous name or a capital that stands in a person's or a place's name."""
        if not (entry.ambiguous or (entry.kind == CAPITAL and " " not in text[start:end])):
            return False
        window_start = max(0, start - 40)
        before = _CAP_WORD_BEFORE.search(text, window_start, start)
        if before:
            word_start = before.start(1)
            word = before.group(1).rstrip(".")
            is_actor = any(s <= word_start < e for s, e in spans)
            named = not is_actor and word.lower() not in _FUNCTION_WORDS
            # "George Washington", "Michael Jordan"; "Atlanta, Georgia" (ambiguous only)
            if named and (entry.ambiguous or not before.group(2)):
                return True
        if entry.ambiguous:
            after = _CAP_WORD_AFTER.match(text, end)
            if after:
                word = after.group(1)
                is_actor = any(s == after.start(1) for s, _ in spans)
                is_office = bool(self._office_after.match(text, end))
                if not is_actor and not is_office and word.lower() not in _FUNCTION_WORDS:
                    return True
        return False

    def _join_offices(self, text: str, mentions: list[Mention]) -> list[Mention]:
        """Join generic offices to the country or body named next to them."""
        joined: list[Mention] = []
        for m in mentions:
            if m.kind not in _MODIFIER_KINDS:
                joined.append(m)
                continue
            start, end = m.start, m.end
            after = self._office_after.match(text, m.end)
            if after:
                end = after.end()
            window = text[max(0, m.start - 120) : m.start]
            before = None
            link = _LINK_BEFORE.search(window[-12:]) if m.kind in _POSTMODIFIER_KINDS else None
            if link and link.group(1).lower() in {"of", "for"}:
                before = self._office_before.search(window)
            elif link and m.kind in {COUNTRY, CAPITAL}:
                before = self._located_before.search(window)
            if before:
                start = m.start - (len(window) - before.start())
            if (start, end) == (m.start, m.end):
                joined.append(m)
                continue
            kind = ORGANISATION if m.kind == ORGANISATION else INSTITUTION
            joined.append(Mention(start, end, text[start:end], m.code, kind))
        return _drop_covered(joined)

    def is_person_title(self, phrase: str) -> bool:
        """Whether a phrase ends with a person's title ("Chinese Foreign Minister")."""
        return bool(self._title_end.search(phrase))

    def is_office_word(self, word: str) -> bool:
        """Whether one lower-case word belongs to the vocabulary of offices and titles."""
        return word in self._office_words

    def has_title_word(self, phrase: str) -> bool:
        """Whether a phrase contains a person's title word anywhere ("an analyst at")."""
        return bool(self._title_word.search(phrase))


def _drop_covered(mentions: list[Mention]) -> list[Mention]:
    """Keep the widest of overlapping mentions (a joined office covers its parts)."""
    ordered = sorted(mentions, key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[Mention] = []
    for m in ordered:
        if kept and m.start < kept[-1].end:
            continue
        kept.append(m)
    return kept


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The gazetteer built from the shipped data files, loaded once per process."""
    return Gazetteer.load()


def place_code(place: str) -> str | None:
    """The country a place phrase names ("Baghdad", "Malawi", "Cotonou"): a country or a
    capital at its start, else a city of the GeoNames list; a city is no actor, only a place."""
    for m in gazetteer().find(place):
        if m.kind in ("country", "capital") and m.start == 0:
            return m.code
    found = cities().find(place)
    return found[0] if found else None


# --- persons ---------------------------------------------------------------------------

_CUT_WORDS = re.compile(
    r"\b(?:at|in|with|from|on|based|who|whom|which|that|said|says|told|and|or|near|by|"
    r"than|as|when|while|because)\b",
    re.IGNORECASE,
)
_OF_BEFORE = re.compile(r"\b(?:of|for)\s+(?:the\s+)?$", re.IGNORECASE)
_NATIONAL_NOUN = re.compile(r"\s+(?:national|citizen|native|nationals|citizens)\b")
_APPOS_END = re.compile(r"[,;:()\[\]—–]|\s-\s|$")
_NAME_TOKEN = re.compile(r"[A-Z][\w'’.-]*")


def _clean_name(name: str) -> tuple[str, int]:
    """Strip a possessive and leading honorifics or titles; return the name and its shift."""
    shift = 0
    name = _POSSESSIVE.sub("", name).strip() if re.search(r"['’]s?$", name) else name.strip()
    while True:
        first = name.split(" ", 1)
        lead = first[0].rstrip(".").lower()
        if len(first) == 2 and (
            lead in _RANKS | {"president", "minister"}
            or lead == "the"
            and first[1].split(" ", 1)[0].rstrip(".").lower() in _RANKS
        ):
            shift += len(first[0]) + 1
            name = first[1].lstrip()
            continue
        return name, shift


class PersonBinder:
    """Bind PERSON entities of one parsed sentence to a country by title or apposition."""

    def __init__(self, gaz: Gazetteer) -> None:
        """Keep the gazetteer whose office rules say what a person's title is."""
        self.gaz = gaz

    def bind(self, sentence: Sentence, mentions: list[Mention]) -> dict[str, str]:
        """Persons named in ``sentence`` with the code their title or apposition gives.

        Args:
            sentence: A sentence whose ``parse`` is a spaCy ``Doc`` of its text.
            mentions: The gazetteer's mentions of the sentence.

        Returns:
            A mapping of person name to code, only for persons tied to an actor.
        """
        parse = sentence.parse
        text = sentence.text
        if parse is None or not hasattr(parse, "ents"):
            return {}
        offset = text.find(parse.text) if parse.text != text else 0
        if offset < 0:
            return {}
        spans = self._person_spans(parse, offset, mentions, text)
        bound: dict[str, str] = {}
        for start, end in spans:
            name, shift = _clean_name(text[start:end])
            start += shift
            if not name or not name[0].isupper() or self.gaz.entry(name) is not None:
                continue
            code = self._title_code(text, start, mentions) or self._appos_code(text, end, mentions)
            if code:
                bound.setdefault(name, code)
        return bound

    def _person_spans(
        self, parse: Any, offset: int, mentions: list[Mention], text: str
    ) -> list[tuple[int, int]]:
        """PERSON entities, plus proper-noun runs right after a person's title."""
        spans = [
            (offset + e.start_char, offset + e.end_char) for e in parse.ents if e.label_ == "PERSON"
        ]
        other_ents = [
            (offset + e.start_char, offset + e.end_char) for e in parse.ents if e.label_ != "PERSON"
        ]
        taken = [(m.start, m.end) for m in mentions]
        for m in mentions:
            if not (m.kind == INSTITUTION and self.gaz.is_person_title(m.text)):
                continue
            run: list[tuple[int, int]] = []
            for token in parse:
                start = offset + token.idx
                if start < m.end:
                    continue
                word = token.text.rstrip(".").lower()
                if not run and word in _RANKS and token.text[:1].isupper():
                    continue
                gap = text[(run[-1][1] if run else m.end) : start]
                if token.pos_ == "PROPN" and token.text[:1].isupper() and gap.strip() == "":
                    run.append((start, start + len(token.text)))
                    continue
                break
            if not run:
                continue
            span = (run[0][0], run[-1][1])
            clash = any(s < span[1] and span[0] < e for s, e in taken + other_ents + spans)
            if not clash:
                spans.append(span)
        return spans

    def _title_code(self, text: str, start: int, mentions: list[Mention]) -> str | None:
        """The code of an actor whose title phrase runs right up to the name."""
        before = [m for m in mentions if m.end <= start and m.kind in _MODIFIER_KINDS]
        if not before:
            return None
        m = before[-1]
        gap = text[m.end : start]
        possessive = bool(re.match(r"['’]s?\s", gap))
        words = [w.rstrip(".").lower() for w in re.sub(r"^['’]s?", "", gap).split()]
        if not words:
            if m.kind == INSTITUTION:
                return m.code if self.gaz.is_person_title(m.text) else None
            return m.code if m.kind == DEMONYM or possessive else None
        titled = self.gaz.is_person_title(" ".join(words)) or words[-1] in _RANKS
        if titled and all(w in _RANKS or self.gaz.is_office_word(w) for w in words):
            return m.code
        return None

    def _appos_code(self, text: str, end: int, mentions: list[Mention]) -> str | None:
        """The code an apposition after the name gives ("X, Japan's prime minister,")."""
        rest = text[end:]
        lead = re.match(r"\s*[,(]\s*", rest)
        if not lead:
            return None
        chunk_start = end + lead.end()
        stop = _APPOS_END.search(text, chunk_start)
        chunk_end = stop.start() if stop else len(text)
        for m in mentions:
            if not (chunk_start <= m.start < chunk_end) or m.kind not in _MODIFIER_KINDS:
                continue
            lead_text = text[chunk_start : m.start]
            if _OF_BEFORE.search(lead_text) and self.gaz.is_person_title(
                _OF_BEFORE.sub("", lead_text)
            ):
                return m.code
            if _CUT_WORDS.search(lead_text):
                return None
            if m.kind == INSTITUTION and self.gaz.has_title_word(m.text):
                return m.code
            if m.kind == DEMONYM and _NATIONAL_NOUN.match(text, m.end):
                return m.code
            if m.kind in {COUNTRY, CAPITAL} and re.match(r"['’]s?\s", text[m.end :]):
                tail = text[m.end : chunk_end]
                first_cut = _CUT_WORDS.search(tail)
                if self.gaz.has_title_word(tail[: first_cut.start() if first_cut else None]):
                    return m.code
        return None


def _name_variants(name: str, gaz: Gazetteer) -> list[str]:
    """The forms a later sentence may use for a person: full name, surname, first token."""
    tokens = name.split()
    variants = [name]
    if len(tokens) >= 2:
        variants += [tokens[0], tokens[-1]]
    usable = []
    for v in variants:
        bare = v.rstrip(".,")
        if len(bare) < 2 or not _NAME_TOKEN.fullmatch(bare.split()[0]):
            continue
        if bare.lower() in _RANKS or bare.lower() in _FUNCTION_WORDS:
            continue
        if v != name and gaz.entry(bare) is not None:
            continue
        usable.append(bare)
    return usable


def person_mentions(persons: dict[str, str], gaz: Gazetteer) -> re.Pattern[str] | None:
    """A regex over every usable form of the bound persons' names (``None`` if none).

    A form that two persons of different codes share is dropped ("Kim", "Lee").
    """
    owner: dict[str, str | None] = {}
    for name, code in persons.items():
        for variant in _name_variants(name, gaz):
            previous = owner.get(variant, code)
            owner[variant] = code if previous == code else None
    forms = sorted((v for v, c in owner.items() if c), key=len, reverse=True)
    if not forms:
        return None
    body = "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in forms)
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])")


def _person_code(form: str, persons: dict[str, str], gaz: Gazetteer) -> str | None:
    form = re.sub(r"\s+", " ", form)
    if form in persons:
        return persons[form]
    for name, code in persons.items():
        if form in _name_variants(name, gaz):
            return code
    return None


def _named_in_full(name: str, persons: dict[str, str]) -> bool:
    """A bare name that is the last or first word of a person the document already named."""
    if " " in name.strip():
        return False
    return any(name in (full.split()[0], full.split()[-1]) for full in persons if " " in full)


def known_persons(sentence: Sentence, date: str | None) -> dict[str, str]:
    """PERSON entities of a parsed sentence that world knowledge ties to a code at ``date``.

    A bare surname counts only when our officials file lists it as a distinctive alias.
    Known officials win over a title or apposition read from the text, which can attach a
    name to the wrong country in a long sentence naming both.
    """
    from crossroads.reference.people import people

    found: dict[str, str] = {}
    for ent in getattr(sentence.parse, "ents", ()):
        if ent.label_ not in ("PERSON", "ORG"):
            continue
        name, shift = _clean_name(ent.text)
        if ent.label_ == "ORG" and not (shift and len(name.split()) >= 2):
            continue  # an honorific before a full name: "the Rt Hon Winston Peters" (ORG)
        term = people().resolve(name, date) if name else None
        if term and (len(name.split()) >= 2 or term.source == "officials"):
            found[name] = term.code
    return found


@registry.stages.register("crossroads.actors.v1")
class ActorStage:
    """Fill each sentence's ``actors`` and the document's ``persons``.

    Countries, organisations and institutions come from the gazetteer; persons are bound
    to a country where a sentence has a spaCy parse and a title or apposition ties them
    ("Chinese President Xi Jinping"), then found by name in every sentence.
    """

    def __init__(self, gazetteer_: Gazetteer | None = None) -> None:
        """Use the given gazetteer, or the shared one."""
        self.gaz = gazetteer_ or gazetteer()

    def __call__(self, doc: Document, ctx: Context) -> Document:
        """Annotate ``doc`` in place and return it."""
        binder = PersonBinder(self.gaz)
        for sentence in doc.sentences:
            sentence.actors = self.gaz.find(sentence.text)
            if sentence.parse is not None:
                known = known_persons(sentence, doc.date)
                for name, code in binder.bind(sentence, sentence.actors).items():
                    doc.persons.setdefault(name, known.get(name, code))
                for name, code in known.items():
                    if _named_in_full(name, doc.persons):
                        continue  # "Peters" after "Winston Peters" is him, not another Peters
                    doc.persons.setdefault(name, code)
        pattern = person_mentions(doc.persons, self.gaz)
        if pattern is None:
            return doc
        for sentence in doc.sentences:
            added = []
            for match in pattern.finditer(sentence.text):
                if any(m.start < match.end() and match.start() < m.end for m in sentence.actors):
                    continue
                owner = _person_code(match.group(), doc.persons, self.gaz)
                if owner:
                    added.append(Mention(match.start(), match.end(), match.group(), owner, PERSON))
            if added:
                sentence.actors = sorted(sentence.actors + added, key=lambda m: m.start)
        return doc
