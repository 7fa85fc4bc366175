"""Attribution: the voice cue of one sentence, read from its parse and actor mentions.

In order of strength: a speech or attitude verb ("say", "warn", "view", "insist", "seek")
of the main clause whose subject names an actor; "according to X", "from X's perspective",
"in X's view"; an attitude noun held by an actor in the main clause ("US anxiety over ...",
"betrays Moscow's hopes for ..."). An untied speaker ("he", "the spokesperson",
"critics") asks the discourse to say who speaks (``carry``); an actor doing something rather
than saying something is ``narration``. Word lists live in ``data/attribution.yaml``.
"""

from __future__ import annotations

import re
from typing import Any

from crossroads.annotate.actors import place_code
from crossroads.annotate.cues import load_data
from crossroads.model import AUTHOR, Mention, Sentence
from crossroads.reference.cities import cities

_WORDS = load_data("attribution.yaml")
SPEECH_VERBS = frozenset(_WORDS["speech_verbs"])
ATTITUDE_NOUNS = frozenset(_WORDS["attitude_nouns"])
UNTIED_SPEAKERS = frozenset(_WORDS["untied_speakers"])
REBUTTAL_VERBS = frozenset(_WORDS["rebuttal_verbs"])
# speech verbs that are also acts: they report a view only with a clause ("recall that")
_NEEDS_CLAUSE = frozenset(_WORDS["needs_clause"])
_INFORMING = frozenset(_WORDS["informing_verbs"])
WITHHELD_SPEECH = frozenset(_WORDS["withheld_speech"])
REFUSAL_VERBS = frozenset(_WORDS["refusal_verbs"])
IMPERSONAL_PASSIVES = frozenset(_WORDS["impersonal_passives"])
# untied speakers who speak for a state ("the minister", "a spokeswoman"), not commentators
STATE_ROLES = frozenset(_WORDS["state_roles"])
# Speakers who comment rather than act for a state: analysts, critics, the public.
NON_STATE = re.compile(
    r"\b(?:analysts?|critics?|observers?|experts?|scholars?|commentators?|academics?|"
    r"researchers?|lecturers?|professors?|fellows?|pundits?|media|press|think[- ]tanks?|"
    r"public|people|citizens|residents|voters|some|many|most)\b",
    re.I,
)
PERSPECTIVE_NOUNS = {"perspective", "view", "eyes", "standpoint", "vantage", "viewpoint"}
# both parties as one subject
_JOINT_SUBJECT = re.compile(
    r"\b(?:both|the two|two)\s+(?:sides|countries|nations|leaders|governments|parties|ministers|"
    r"delegations|presidents|prime ministers|foreign ministers|defen[cs]e ministers)\b",
    re.I,
)
# the whole subject: "the Sides", "the Parties" (capitalised), the terms of joint statements
# and treaties for the two of them; not "Armenia, one of the Parties to the ceasefire", and
# not "the parties" of an election
_JOINT_TERM = re.compile(r"(?i:the)\s+(?:Sides|Parties|High Contracting Parties)")


def _joint(subject: str) -> bool:
    return bool(_JOINT_SUBJECT.search(subject) or _JOINT_TERM.fullmatch(subject.strip()))


_OF_A_VIEW = {"of", "about", "on"}


def _names_attitude(prep: Any) -> bool:
    """A preposition whose object is an attitude noun ("of its position", "on our concerns"),
    on the verb or on its object ("informed the embassy of its objection")."""
    return (
        prep.dep_ == "prep"
        and prep.lower_ in _OF_A_VIEW
        and any(
            g.dep_ == "pobj"
            and g.lower_ in ATTITUDE_NOUNS
            # "of the position of its survey ship" is a place, "of its position" a view
            and not any(c.dep_ == "prep" and c.lower_ == "of" for c in g.children)
            for g in prep.children
        )
    )


# a quotation, or one opened and not closed in the sentence (it runs on past its end)
_QUOTED = re.compile(r"[\"“][^\"”]*(?:[\"”]|$)")
_PRESCRIBING = {"should", "must", "ought", "could", "might", "may", "can", "would", "shall"}
_ABSTRACT = re.compile(r"(?:ment|tion|sion|ity|ness|ance|ence|ship|ism)s?$")
_STATIVE_VERBS = {"be", "have", "remain", "seem", "appear", "become", "stay", "hold", "host"}
_CAUSE_VERBS = {"spark", "raise", "fuel", "trigger", "prompt", "cause", "provoke", "stir", "draw"}


_TIES = {"country", "capital", "institution", "demonym"}  # what ties a person's apposition
_PLACING_PREPS = {"at", "in", "from", "with", "for"}  # "an analyst at ...", not "an expert on"
_CLAUSE_PLACING = {"at", "in"}  # "who farms in ...": not "who sells to ...", "who fled from ..."


_BODY_OF_PLACE = re.compile(
    r"\b(?:at|from|with|of)\s+the\s+(?:[A-Z][\w'’-]*\s+){0,3}?(?:University|Institute|College|"
    r"Academy|Centre|Center|School|Observatory|Foundation)\s+(?:of|for [\w ]{2,30} in)\s+"
    r"(?P<place>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)"
)


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _QUOTED.finditer(text)]


def _mentions_in(sentence: Sentence, tokens: list[Any], person_head: bool = False) -> list[Mention]:
    """Actor mentions over ``tokens`` (outside quotations), those outside prepositions first.

    A person named as the subject is tied by their title or apposition, and through a
    prepositional phrase only by a place or a body ("an analyst at an institute in
    Nairobi"), not by a topic ("an expert on China").
    """
    if not tokens:
        return []
    quotes = _quoted_spans(sentence.text)
    spans = [
        (t.idx, t.idx + len(t.text), t)
        for t in tokens
        if not any(a <= t.idx < b for a, b in quotes)
    ]
    direct: list[Mention] = []
    nested: list[Mention] = []
    for m in sentence.actors:
        for start, end, tok in spans:
            if m.start < end and m.end > start:
                preps = [a for a in tok.ancestors if a.dep_ == "prep" and a in tokens]
                in_clause = person_head and any(
                    a.dep_ in ("relcl", "acl") and a in tokens for a in tok.ancestors
                )
                if in_clause:
                    # "Jane Doe, who studies French policy": what a person's clause is about
                    # does not tie them; where it places them does ("who works in Lagos",
                    # "who follows trade at a Berlin think tank")
                    # a demonym places no one ("who specialises in Ethiopian politics")
                    placing = m.kind in _PLACES | {"institution"}
                    if preps and preps[0].lower_ in _CLAUSE_PLACING and placing:
                        nested.append(m)
                elif not preps:
                    direct.append(m)
                elif not person_head or all(a.lower_ in _PLACING_PREPS for a in preps):
                    nested.append(m)  # "a researcher at a Cairo institute", not "on Sudan"
                break
    if direct:
        return direct
    if person_head:
        # "a researcher at a Mogadishu institute": the place or body they work at ties them
        return [m for m in nested if m.kind in _TIES]
    return nested


def _subject(verb: Any) -> list[Any] | None:
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            return list(child.subtree)
        if child.dep_ == "agent":
            return [t for c in child.children for t in c.subtree]
    # "prompts Kenyan diplomats to doubt ...": the object of the governing verb speaks.
    if verb.dep_ in ("xcomp", "ccomp") and verb.head is not verb:
        for child in verb.head.children:
            if child.dep_ == "dobj" and child.i < verb.i:
                return list(child.subtree)
    if verb.dep_ in ("conj", "xcomp") and verb.head is not verb:
        return _subject(verb.head)
    # "At the market, Jane Doe, who sells fish, said ...": with no subject, the parser has
    # hung the speaker on the opening phrase's place (an apposition or a conjunct after a
    # comma); it is the speech verb's subject
    for child in verb.children:
        if child.dep_ == "prep" and child.i < verb.i:
            for tok in child.subtree:
                edge = tok.left_edge.i
                after_comma = edge > 0 and tok.doc[edge - 1].text == ","
                # not a place's own country ("outside Maradi, Niger, Halima Yusuf")
                if tok.dep_ in ("appos", "conj") and after_comma and not _is_place(tok):
                    span = list(tok.subtree)
                    if span[-1].i < verb.i:
                        return span
    # "Jakarta has been more careful, stressing that ...": the participle's subject is the
    # main clause's.
    if verb.dep_ == "advcl" and verb.tag_ == "VBG" and verb.head is not verb:
        return _subject(verb.head)
    return None


class Voice:
    """The outcome of reading one sentence: a code, 'carry' (continue), or None."""

    def __init__(self, code: str | None, why: str, speaker: str = "") -> None:
        self.code = code
        self.why = why
        self.speaker = speaker  # the name of an untied person speaking, to remember
        self.subject = ""  # the speaking subject's words, when a speech verb gave the voice
        self.role = ""  # the head word of an untied speaker ("embassy", "they")
        self.about: list[str] = []  # actors the speaker talks about (objects, complements)
        self.first_person = False  # "I"/"we" outside quotation marks: the text's own speaker
        self.private = False  # a person tied only by where they live or work, not an office
        self.person = ""  # narration: the code of the person whose act it tells


def _rebutted(verb: Any) -> list[Any]:
    """Tokens of what a rebuttal verb ("rejected the US claims") is aimed at."""
    if verb.lemma_.lower() not in REBUTTAL_VERBS:
        return []
    return [t for c in verb.children if c.dep_ in ("dobj", "prep") for t in c.subtree]


def _codes(mentions: list[Mention]) -> list[str]:
    return list(dict.fromkeys(m.code for m in mentions if m.code))


def _resolve(mentions: list[Mention], dyad: tuple[str, str], why: str) -> Voice:
    codes = _codes(mentions)
    if not codes:
        return Voice("carry", why + " (untied)")
    if set(dyad) <= set(codes[:2]) and len(codes) >= 2:
        return Voice(AUTHOR, why + " (both parties)")
    return Voice(codes[0], why)


def _person_name(subj: list[Any]) -> str:
    names = [t.text for t in subj if t.ent_type_ == "PERSON"]
    return " ".join(names)


def _juxtaposes(root: Any, sentence: Sentence, code: str, dyad: tuple[str, str]) -> bool:
    """ "While A ..., B ..." — the writer sets the two parties' views side by side."""
    for child in root.children:
        if child.dep_ != "advcl":
            continue
        marks = {c.lower_ for c in child.children if c.dep_ == "mark"}
        if marks & {"while", "whereas"}:
            subj = _subject(child)
            other = _codes(_mentions_in(sentence, subj or []))
            if other and other[0] in dyad and other[0] != code:
                return True
    return False


_PLACING = {"in", "from"}
_PLACES = {"country", "capital"}  # mention kinds that place a speaker
_FIRST_PERSON = {"i", "me", "we", "us"}
_THIRD_PERSON = {"it", "they", "he", "she"}


def _settings(verb: Any, subj: list[Any]) -> list[list[Any]]:
    """The place phrases set before a speaker ("In Oslo, the ministry said"), in order."""
    start = min(t.i for t in subj)
    own = {t.i for t in subj}  # a speaker the parser hung on the place is not the place
    heads = [verb, *([verb.head] if verb.dep_ != "ROOT" else [])]
    return [
        [t for c in prep.children if c.dep_ == "pobj" for t in c.subtree if t.i not in own]
        for head in heads
        for prep in head.children
        if prep.dep_ == "prep" and prep.lower_ in _PLACING and prep.i < start
    ]


def _placed(verb: Any, subj: list[Any], sentence: Sentence) -> list[Mention]:
    """A country or capital set before an untied speaker ("In Oslo, the ministry said")."""
    for place in _settings(verb, subj):
        found = [m for m in _mentions_in(sentence, place) if m.kind in _PLACES]
        if found:
            return found
    return []


def _placed_in_city(verb: Any, subj: list[Any]) -> str | None:
    """The country of a town set before an untied speaker ("In Mokhotlong, residents say")."""
    for place in _settings(verb, subj):
        found = cities().find(" ".join(t.text for t in place))
        if found:
            return found[0]
    return None


def _is_place(token: Any) -> bool:
    return token.ent_type_ == "GPE" or place_code(token.text) is not None


def _placeable(token: Any) -> bool:
    """Whether a word may name a town: a person's name is no place, even where a town bears
    it ("gave his name as Wilson"), unless it is what a person is from or in ("a fisherman
    from Mbour", where the parser took the town for a person)."""
    if token.ent_type_ != "PERSON":
        return True
    while token.dep_ in ("compound", "flat") and token.head is not token:
        token = token.head
    return token.dep_ == "pobj" and token.head.lower_ in {"from", "in", "at"}


def _city_of(subj: list[Any], sentence: Sentence) -> str | None:
    """The country of a city in a speaker's phrase ("a Karachi trader", "a researcher in
    Mombasa"), outside quotations; a person, not an office, so only for untied speakers."""
    quotes = _quoted_spans(sentence.text)
    words = " ".join(
        t.text for t in subj if _placeable(t) and not any(a <= t.idx < b for a, b in quotes)
    )
    found = cities().find(words)
    if found:
        return found[0]
    # "a lecturer at the University of Malawi": the place a body is named after, which
    # the gazetteer leaves inside the body's name
    for m in _BODY_OF_PLACE.finditer(words):
        if code := place_code(m.group("place")):
            return code
    return None


def read_voice(sentence: Sentence, dyad: tuple[str, str]) -> Voice:
    """The voice cue of one sentence, from its parse and actor mentions."""
    parsed = sentence.parse
    if parsed is None:
        return Voice(None, "")
    # "according to X", "from X's perspective", "in X's view"
    for tok in parsed:
        low = tok.lower_
        if low == "according" and tok.i + 1 < len(parsed) and parsed[tok.i + 1].lower_ == "to":
            obj = [t for c in parsed[tok.i + 1].children if c.dep_ == "pobj" for t in c.subtree]
            if obj:
                return _resolve(_mentions_in(sentence, obj), dyad, "according to")
        if low in PERSPECTIVE_NOUNS and tok.dep_ == "pobj" and tok.head.lower_ in ("from", "in"):
            mods = [
                t
                for c in tok.children
                if c.dep_ in ("poss", "amod", "compound", "nmod")
                for t in c.subtree
            ]
            found = _mentions_in(sentence, mods)
            if found:
                return _resolve(found, dyad, f"{tok.head.lower_} … {low}")
    roots = [t for t in parsed if t.dep_ == "ROOT"]
    candidates: list[Any] = []
    for root in roots:
        candidates.append(root)
        candidates.extend(
            c
            for c in root.children
            if (
                c.dep_ in ("conj", "parataxis", "ccomp", "xcomp")
                and (c.i > root.i or c.dep_ in ("xcomp", "parataxis"))
            )  # "Neither side, she said, can afford ...": a parenthetical reporting clause
            or (c.dep_ == "advcl" and c.tag_ == "VBG" and c.i > root.i)
        )
        candidates.extend(
            g for c in root.children if c.dep_ == "xcomp" for g in c.children if g.dep_ == "xcomp"
        )
    withheld = ""  # a verb of saying nothing ("declined to comment"), if no other speaks
    for verb in candidates:
        if verb.lemma_.lower() not in SPEECH_VERBS or verb.pos_ not in ("VERB", "AUX"):
            continue
        if any(c.dep_ == "aux" and c.lower_ in _PRESCRIBING for c in verb.children):
            continue  # "Australia should offer ..." prescribes; it reports no view
        if verb.lemma_.lower() in _NEEDS_CLAUSE and not any(
            c.dep_ in ("ccomp", "xcomp")
            or (c.dep_ == "dobj" and c.lower_ in ATTITUDE_NOUNS)
            or (
                verb.lemma_.lower() in _INFORMING
                and (
                    _names_attitude(c)
                    or (c.dep_ == "dobj" and any(map(_names_attitude, c.children)))
                )
            )
            for c in verb.children
        ):
            # "recalled its ambassador" is an act; "recalled that", "raised concerns" and
            # "informed the other side of its position" report a view
            continue
        if _withholds(verb):
            withheld = withheld or verb.lemma_
            continue  # "did not respond ..., but in a post it said ...": the later verb speaks
        if _impersonal(verb):
            continue  # "the envoy is expected to attend": nobody's view is reported
        subj = _subject(verb)
        if not subj:
            continue
        if len(subj) == 1 and subj[0].lower_ in _THIRD_PERSON and verb.dep_ == "conj":
            # "The embassy did not reply, but it said ...": the first clause's subject
            first = _subject(verb.head)
            if first and _mentions_in(sentence, first):
                subj = first
        # the subject as written ("Colombia's foreign ministry"), not its tokens joined
        # with spaces, so that later stages can find it in the sentence
        first, last = min(subj, key=lambda t: t.i), max(subj, key=lambda t: t.i)
        subject_text = sentence.text[first.idx : last.idx + len(last.text)].rstrip(",;:—– ")
        if _joint(subject_text):
            return Voice(AUTHOR, f"{verb.lemma_} ← {subject_text} (shared voice)")
        head = next((t for t in subj if t.dep_ in ("nsubj", "nsubjpass", "dobj")), subj[-1])
        is_person = head.ent_type_ == "PERSON" or (head.pos_ == "PROPN" and not sentence.actors)
        found = _mentions_in(sentence, subj, person_head=is_person)
        if found:
            voice = _resolve(found, dyad, f"{verb.lemma_} ← {subject_text[:40]}")
            voice.subject = subject_text
            root = roots[0] if roots else verb
            if voice.code not in (None, "carry", AUTHOR) and _juxtaposes(
                root, sentence, voice.code, dyad
            ):
                return Voice(AUTHOR, "while A …, B … (writer juxtaposes)")
            return voice
        words = {t.lower_ for t in subj}
        if words & UNTIED_SPEAKERS or any(t.pos_ in ("PRON", "PROPN") for t in subj):
            placed = _placed(verb, subj, sentence)
            if placed:
                voice = _resolve(placed, dyad, f"{verb.lemma_} ← {subject_text[:40]} (placed)")
                voice.subject = subject_text
                return voice
            city = _placed_in_city(verb, subj)
            if city:
                # "In Novi Sad, a law student said ...": the town set before the speaker
                voice = Voice(city, f"{verb.lemma_} ← {subject_text[:40]} (placed in a town)")
                voice.subject = subject_text
                voice.private = True
                return voice
            # a person ("a Karachi trader", "Jane Doe, of Lagos"), not a named thing
            # a capital opening the sentence ("Fishermen in Negombo say") makes no name
            by_person = is_person or not (
                head.pos_ == "PROPN" or (head.text[:1].isupper() and not head.is_sent_start)
            )
            town = _city_of(subj, sentence) if by_person else None
            if town:
                voice = Voice(town, f"{verb.lemma_} ← {subject_text[:40]} (a place's)")
                voice.subject = subject_text
                voice.private = True
                return voice
            voice = Voice("carry", f"{verb.lemma_} ← {subject_text[:40]}", _person_name(subj))
            voice.subject = subject_text
            voice.role = head.lower_
            voice.about = _codes(_mentions_in(sentence, _rebutted(verb)))
            voice.first_person = head.lower_ in _FIRST_PERSON and not any(
                a <= head.idx < b for a, b in _quoted_spans(sentence.text)
            )
            return voice
    if withheld:
        return Voice("narration", f"{withheld} (says nothing: no view)")
    # attitude nouns held by an actor in the main clause or a clause hanging on it
    verbs = list(roots) + [
        c for r in roots for c in r.children if c.dep_ in ("advcl", "acl", "xcomp", "conj", "ccomp")
    ]
    for verb in verbs:
        for child in verb.children:
            if child.lower_ not in ATTITUDE_NOUNS:
                continue
            if child.dep_ not in ("nsubj", "nsubjpass", "dobj", "attr"):
                continue
            if verb not in roots and child.dep_ == "dobj" and verb.lemma_ not in _CAUSE_VERBS:
                continue
            mods = [
                t
                for c in child.children
                if c.dep_ in ("poss", "amod", "compound", "nmod", "prep")
                and (c.dep_ != "prep" or c.lower_ in ("in", "among", "within"))
                for t in c.subtree
            ]
            found = _mentions_in(sentence, mods)
            if found:
                return _resolve(found, dyad, f"{child.lower_} of actor")
    # An actor named as the main clause's subject doing something (not saying or holding a
    # view) is narration: the writer's own voice, not a continuation of a reported view.
    for root in roots:
        if root.pos_ != "VERB" or root.lemma_.lower() in _STATIVE_VERBS:
            continue
        heads = [c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")]
        subj = [t for c in heads for t in c.subtree]
        if subj and _joint(" ".join(t.text for t in subj)):
            return Voice(AUTHOR, f"{root.lemma_} ← both parties (shared)")
        if any(h.lower_ in ATTITUDE_NOUNS or _ABSTRACT.search(h.lower_) for h in heads):
            continue  # "US engagement has been conditioned": a policy, not an actor acting
        found = _mentions_in(sentence, subj) if subj else []
        if found:
            voice = Voice("narration", f"{root.lemma_} ← actor (narration)")
            head = next((t for t in subj if t.dep_ in ("nsubj", "nsubjpass")), subj[-1])
            if head.ent_type_ == "PERSON" or found[0].kind == "person":
                voice.person = found[0].code  # "he" in the next sentence is this person
            return voice
    return Voice(None, "")


def _withholds(verb: Any) -> bool:
    """ "declined to comment", "did not respond to a request for comment": no view given."""
    lemma = verb.lemma_.lower()
    if lemma in REFUSAL_VERBS:
        return any(c.dep_ == "xcomp" and c.lemma_.lower() in WITHHELD_SPEECH for c in verb.children)
    # "did not say a word about ...", "did not reply": the writer notes a silence
    return lemma in WITHHELD_SPEECH and any(c.dep_ == "neg" for c in verb.children)


def _impersonal(verb: Any) -> bool:
    """A belief verb in the passive without an agent ("is expected to", "is believed")."""
    children = list(verb.children)
    return (
        verb.lemma_.lower() in IMPERSONAL_PASSIVES
        and any(c.dep_ == "nsubjpass" for c in children)
        and not any(c.dep_ == "agent" for c in children)
    )


def introduced_people(sentence: Sentence) -> dict[str, str]:
    """People the sentence ties to an actor by apposition or title, by name: "Ruben Roe,
    deputy speaker of Armenia's parliament", "Spain's foreign minister, Ana Roe". A later
    "Roe said" is theirs, whatever the sentence was about."""
    parsed = sentence.parse
    if parsed is None or not sentence.actors:
        return {}
    out: dict[str, str] = {}
    for ent in parsed.ents:
        if ent.label_ != "PERSON":
            continue
        head = ent.root
        near = [c for c in head.children if c.dep_ in ("appos", "compound", "amod", "poss")]
        if head.dep_ == "appos":  # "Spain's foreign minister, Ana Roe"
            near.append(head.head)
        tokens = [t for c in near for t in (c.subtree if c is not head.head else [c, *c.children])]
        tokens = [t for t in tokens if not (ent.start <= t.i < ent.end)]
        found = [m for m in _mentions_in(sentence, tokens) if m.kind in _TIES | {"person"}]
        if found:
            out[ent.text] = found[0].code
    return out
