"""Perspective: whose view a sentence expresses.

Rules over the dependency parse, in order of strength:

1. *Attribution.* A speech or attitude verb ("say", "warn", "view", "insist", "seek") of
   the main clause whose subject names an actor ("Washington", "Cambodian officials",
   "China's foreign ministry", a person the text tied to a country) gives that actor's
   code; "according to X", "from X's perspective" and "in X's view" do the same; so does
   an attitude noun held by an actor in the main clause ("US anxiety over ...",
   "signals Washington's interest in ...").
2. *Anaphora.* A pronoun or an untied speaker ("he", "the spokesperson", "critics",
   "according to this view") continues the voice currently speaking.
3. *Carry-over.* A sentence with no cue of its own continues the reported view of the
   sentence before it in the same paragraph; a paragraph that opens with "This view" or
   with a quotation continues it across the break. Anything else is the writer's own voice.

A subject naming both parties ("Kishida and Xi agreed") is the shared voice: ``author``.
When the writer speaks for a party (a ministry statement, an editorial "for our nation"),
the writer's voice is that party's code (see :func:`writer_voice`).
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from crossroads.context import Context
from crossroads.model import AUTHOR, Document, Mention, Sentence
from crossroads.registry import stages

SPEECH_VERBS = {
    "say",
    "tell",
    "state",
    "stress",
    "emphasize",
    "emphasise",
    "affirm",
    "reaffirm",
    "argue",
    "claim",
    "insist",
    "maintain",
    "assert",
    "warn",
    "urge",
    "announce",
    "declare",
    "add",
    "note",
    "explain",
    "suggest",
    "believe",
    "think",
    "view",
    "see",
    "regard",
    "consider",
    "perceive",
    "frame",
    "defend",
    "reject",
    "deny",
    "dismiss",
    "criticize",
    "criticise",
    "condemn",
    "accuse",
    "question",
    "doubt",
    "fear",
    "worry",
    "express",
    "voice",
    "raise",
    "call",
    "demand",
    "request",
    "ask",
    "welcome",
    "praise",
    "hope",
    "want",
    "seek",
    "reiterate",
    "respond",
    "retort",
    "counter",
    "contend",
    "acknowledge",
    "concede",
    "admit",
    "complain",
    "protest",
    "oppose",
    "vow",
    "pledge",
    "promise",
    "describe",
    "characterize",
    "label",
    "brand",
    "interpret",
    "offer",
    "highlight",
    "underline",
    "cite",
    "recall",
    "remind",
    "convey",
    "retaliate",
    "refuse",
    "decline",
    "object",
    "lament",
    "deplore",
    "applaud",
    "commend",
    "thank",
    "intend",
    "plan",
    "aim",
    "wish",
    "prefer",
    "prioritize",
    "champion",
    "conclude",
    "confirm",
    "reconfirm",
    "indicate",
    "point",
    "write",
    "tweet",
    "caution",
    "allege",
    "estimate",
    "expect",
    "predict",
    "recognize",
    "recognise",
    "agree",
    "propose",
    "summon",
    "dispute",
    "challenge",
    "decry",
    "slam",
    "blast",
    "hail",
    "laud",
    "assure",
    "promote",
    "pursue",
    "tout",
    "reassure",
    "signal",
    "hit",
}
ATTITUDE_NOUNS = {
    "view",
    "views",
    "concern",
    "concerns",
    "anxiety",
    "anxieties",
    "fear",
    "fears",
    "worry",
    "worries",
    "interest",
    "position",
    "stance",
    "perspective",
    "skepticism",
    "scepticism",
    "criticism",
    "criticisms",
    "willingness",
    "desire",
    "determination",
    "commitment",
    "intention",
    "insistence",
    "argument",
    "perception",
    "assessment",
    "interpretation",
    "belief",
    "suspicion",
    "suspicions",
    "opposition",
    "objection",
    "objections",
    "demand",
    "demands",
    "claim",
    "claims",
    "narrative",
    "reading",
    "eyes",
    "standpoint",
    "vantage",
    "alarm",
    "unease",
    "displeasure",
    "frustration",
    "resentment",
    "complaint",
    "complaints",
}
PERSPECTIVE_NOUNS = {"perspective", "view", "eyes", "standpoint", "vantage", "viewpoint"}
UNTIED_SPEAKERS = {
    "he",
    "she",
    "they",
    "it",
    "we",
    "i",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "minister",
    "ministry",
    "official",
    "officials",
    "government",
    "embassy",
    "critics",
    "analysts",
    "observers",
    "experts",
    "some",
    "others",
    "many",
    "leader",
    "leaders",
    "president",
    "premier",
    "envoy",
    "ambassador",
    "diplomat",
    "diplomats",
    "statement",
    "country",
    "side",
    "policymakers",
    "administration",
    "leadership",
    "authorities",
}
_ANAPHORIC_OPENING = re.compile(
    r"^(?:\W*)(?:this|these|that|those|such)\s+(?:\w+\s+)?(?:"
    + "|".join(sorted(ATTITUDE_NOUNS - {"eyes", "interest"}))
    + r")\b",
    re.I,
)
_QUOTE_OPEN = re.compile(r"^\s*[\"“‘']")
_FIRST_PERSON_STATE = re.compile(
    r"\bour (?:country|nation|government|people|sovereignty|territory|waters|side|position|"
    r"ministry|sovereign|island|borders?)\b|\bwe (?:firmly|strongly|resolutely|reiterate|urge|"
    r"call|demand|oppose|reject|welcome|stand)\b",
    re.I,
)
_STATEMENT_TITLE = re.compile(
    r"\b(?:statement|remarks|press (?:briefing|conference|release)|spokesperson|spokesman|"
    r"speech|address|editorial|communiqu[eé]|declaration|readout|transcript)\b",
    re.I,
)
_JOINT_TITLE = re.compile(r"\bjoint (?:statement|declaration|communiqu[eé]|press)\b", re.I)


_JOINT_SUBJECT = re.compile(
    r"\b(?:both|the two|two)\s+(?:sides|countries|nations|leaders|governments|parties|ministers|"
    r"delegations|presidents|prime ministers|foreign ministers|defen[cs]e ministers)\b",
    re.I,
)
_QUOTED = re.compile(r"[\"“][^\"”]*[\"”]")
_CAUSE_VERBS = {"spark", "raise", "fuel", "trigger", "prompt", "cause", "provoke", "stir", "draw"}


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _QUOTED.finditer(text)]


def _mentions_in(sentence: Sentence, tokens: list[Any], person_head: bool = False) -> list[Mention]:
    """Actor mentions over ``tokens`` (outside quotations), those outside prepositions first.

    A person named as the subject is tied only by their title or apposition, not by a
    place in a prepositional phrase ("an analyst at an institute in Singapore").
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
                in_prep = any(a.dep_ == "prep" and a in tokens for a in tok.ancestors)
                (nested if in_prep else direct).append(m)
                break
    if person_head or direct:
        return direct
    return nested


def _subject(verb: Any) -> list[Any] | None:
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            return list(child.subtree)
        if child.dep_ == "agent":
            return [t for c in child.children for t in c.subtree]
    # "leads some US analysts to question ...": the object of the governing verb speaks.
    if verb.dep_ in ("xcomp", "ccomp") and verb.head is not verb:
        for child in verb.head.children:
            if child.dep_ == "dobj" and child.i < verb.i:
                return list(child.subtree)
    if verb.dep_ in ("conj", "xcomp") and verb.head is not verb:
        return _subject(verb.head)
    return None


class _Voice:
    """The outcome of reading one sentence: a code, 'carry' (continue), or None."""

    def __init__(self, code: str | None, why: str, speaker: str = "") -> None:
        self.code = code
        self.why = why
        self.speaker = speaker  # the name of an untied person speaking, to remember
        self.role = ""  # the head word of an untied speaker ("embassy", "they")
        self.about: list[str] = []  # actors the speaker talks about (objects, complements)


REBUTTAL_VERBS = {
    "reject",
    "deny",
    "dismiss",
    "criticize",
    "criticise",
    "condemn",
    "accuse",
    "slam",
    "blast",
    "question",
    "oppose",
    "protest",
    "decry",
    "denounce",
    "refute",
    "rebuff",
}


def _rebutted(verb: Any) -> list[Any]:
    """Tokens of what a rebuttal verb ("rejected the US claims") is aimed at."""
    if verb.lemma_.lower() not in REBUTTAL_VERBS:
        return []
    return [t for c in verb.children if c.dep_ in ("dobj", "prep") for t in c.subtree]


def _codes(mentions: list[Mention]) -> list[str]:
    return list(dict.fromkeys(m.code for m in mentions if m.code))


def _resolve(mentions: list[Mention], dyad: tuple[str, str], why: str) -> _Voice:
    codes = _codes(mentions)
    if not codes:
        return _Voice("carry", why + " (untied)")
    if set(dyad) <= set(codes[:2]) and len(codes) >= 2:
        return _Voice(AUTHOR, why + " (both parties)")
    return _Voice(codes[0], why)


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


def read_voice(sentence: Sentence, dyad: tuple[str, str]) -> _Voice:
    """The voice cue of one sentence, from its parse and actor mentions."""
    parsed = sentence.parse
    if parsed is None:
        return _Voice(None, "")
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
            if c.dep_ in ("conj", "parataxis", "ccomp", "xcomp")
            and (c.i > root.i or c.dep_ == "xcomp")
        )
        candidates.extend(
            g for c in root.children if c.dep_ == "xcomp" for g in c.children if g.dep_ == "xcomp"
        )
    for verb in candidates:
        if verb.lemma_.lower() not in SPEECH_VERBS or verb.pos_ not in ("VERB", "AUX"):
            continue
        subj = _subject(verb)
        if not subj:
            continue
        subject_text = " ".join(t.text for t in subj)
        if _JOINT_SUBJECT.search(subject_text):
            return _Voice(AUTHOR, f"{verb.lemma_} ← {subject_text} (shared voice)")
        head = next((t for t in subj if t.dep_ in ("nsubj", "nsubjpass", "dobj")), subj[-1])
        is_person = head.ent_type_ == "PERSON" or (head.pos_ == "PROPN" and not sentence.actors)
        found = _mentions_in(sentence, subj, person_head=is_person)
        if found:
            voice = _resolve(found, dyad, f"{verb.lemma_} ← {subject_text[:40]}")
            root = roots[0] if roots else verb
            if voice.code not in (None, "carry", AUTHOR) and _juxtaposes(
                root, sentence, voice.code, dyad
            ):
                return _Voice(AUTHOR, "while A …, B … (writer juxtaposes)")
            return voice
        words = {t.lower_ for t in subj}
        if words & UNTIED_SPEAKERS or any(t.pos_ in ("PRON", "PROPN") for t in subj):
            voice = _Voice("carry", f"{verb.lemma_} ← {subject_text[:40]}", _person_name(subj))
            voice.role = head.lower_
            voice.about = _codes(_mentions_in(sentence, _rebutted(verb)))
            return voice
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
    return _Voice(None, "")


def writer_voice(doc: Document, dyad: tuple[str, str]) -> str:
    """The code the writer speaks for: a party for official statements, else ``author``."""
    head = " ".join(filter(None, [doc.title or "", *(s.text for s in doc.sentences[:2])]))
    if _JOINT_TITLE.search(head):
        return AUTHOR
    first_person = sum(bool(_FIRST_PERSON_STATE.search(s.text)) for s in doc.sentences)
    statement_like = bool(_STATEMENT_TITLE.search(doc.title or ""))
    if not statement_like and first_person < 2:
        return AUTHOR
    # The party named in the title, else the dyad member most named in first-person sentences.
    counts: Counter[str] = Counter()
    for s in doc.sentences[:3]:
        counts.update(m.code for m in s.actors if m.code in dyad)
    title_codes = [m.code for m in _title_mentions(doc) if m.code in dyad]
    if title_codes:
        return title_codes[0]
    for s in doc.sentences:
        if _FIRST_PERSON_STATE.search(s.text):
            counts.update(m.code for m in s.actors if m.code in dyad)
    return counts.most_common(1)[0][0] if counts else AUTHOR


def _title_mentions(doc: Document) -> list[Mention]:
    if not doc.title:
        return []
    try:
        from crossroads.annotate.actors import gazetteer
    except ImportError:  # pragma: no cover - the actors stage ships with the package
        return []
    return list(gazetteer().find(doc.title))


@stages.register("crossroads.perspective.v1")
class PerspectiveTagger:
    """Assign each sentence the code of the party whose view it expresses."""

    def __call__(self, doc: Document, ctx: Context) -> Document:
        writer = writer_voice(doc, ctx.dyad)
        current = writer  # the voice speaking at the previous sentence
        last_voice, last_at = writer, -10  # the last party voice, and where it spoke
        speakers: dict[str, str] = {}  # untied people already heard, and for whom
        prev_paragraph = -1
        # In news style (short paragraphs), attribution is marked sentence by sentence and
        # a view does not silently carry on; essays develop a view over a paragraph.
        paragraphs = len({s.paragraph for s in doc.sentences}) or 1
        essay_style = len(doc.sentences) / paragraphs >= 2.5
        for n, sentence in enumerate(doc.sentences):
            new_paragraph = sentence.paragraph != prev_paragraph
            voice = read_voice(sentence, ctx.dyad)
            if voice.code not in (None, "carry"):
                code, why = voice.code, voice.why
            elif voice.code == "carry":
                code, why = self._untied(voice, current, last_voice, n - last_at, speakers, writer)
                code = _antecedent(voice.role, doc.sentences[:n]) or code
                if voice.about == [code] and code in ctx.dyad:
                    # An untied speaker rebutting one party speaks for the other.
                    code = ctx.dyad[1 - ctx.dyad.index(code)]
                    why += " (answers the other party)"
                if voice.speaker and code not in (AUTHOR, writer):
                    speakers.setdefault(voice.speaker, code)
            elif not new_paragraph and essay_style:
                code, why = current, "continues the reported view"
            elif _ANAPHORIC_OPENING.search(sentence.text) or (
                _QUOTE_OPEN.search(sentence.text) and current != writer
            ):
                code, why = current, "continues across the paragraph break"
            else:
                code, why = writer, "writer's voice"
            if code == AUTHOR and writer != AUTHOR and voice.code is None:
                code = writer
            sentence.perspective = code
            sentence.cues["perspective"] = why
            current = code
            if code not in (AUTHOR, writer):
                last_voice, last_at = code, n
            prev_paragraph = sentence.paragraph
        return doc

    @staticmethod
    def _untied(
        voice: _Voice,
        current: str,
        last_voice: str,
        since_last: int,
        speakers: dict[str, str],
        writer: str,
    ) -> tuple[str, str]:
        """Whose voice an untied speaker ("he", "the spokesperson", "Wu") continues."""
        known = _known_speaker(voice.speaker, speakers)
        if known:
            return known, voice.why + " (heard before)"
        if voice.role in ("they", "we") or current != writer or since_last > 3:
            return current, voice.why
        return last_voice, voice.why + " (last voice)"


def _antecedent(role: str, previous: list[Sentence]) -> str | None:
    """The code of the last named body whose name ends in ``role`` ("the embassy")."""
    if not role or role in {"he", "she", "they", "it", "we", "i"}:
        return None
    for sentence in reversed(previous[-6:]):
        for m in reversed(sentence.actors):
            if m.kind in ("institution", "organisation") and m.text.lower().endswith(role):
                return m.code
    return None


def _known_speaker(name: str, speakers: dict[str, str]) -> str | None:
    """The voice of a person heard earlier under the same name or surname."""
    if not name:
        return None
    parts = set(name.split())
    for known, code in speakers.items():
        if name == known or parts & set(known.split()):
            return code
    return None
