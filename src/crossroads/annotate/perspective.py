"""Perspective: whose view a sentence expresses.

Rules over the dependency parse, in order of strength:

1. *Attribution.* A speech or attitude verb ("say", "warn", "view", "insist", "seek") of
   the main clause whose subject names an actor ("Washington", "Cambodian officials",
   "China's foreign ministry", a person the text tied to a country) gives that actor's
   code; "according to X", "from X's perspective" and "in X's view" do the same; so does
   an attitude noun held by an actor in the main clause ("US anxiety over ...",
   "betrays Moscow's hopes for ...").
2. *Anaphora.* A pronoun or an untied speaker ("he", "the spokesperson", "critics",
   "on that reading") continues the voice currently speaking.
3. *Carry-over.* A sentence with no cue of its own continues the reported view of the
   sentence before it in the same paragraph; a paragraph that opens with "This view" or
   with a quotation continues it across the break. Anything else is the writer's own voice.

A subject naming both parties ("Kishida and Xi agreed") is the shared voice: the writer's,
so ``author`` in a report or a joint statement and the speaker's party in one side's speech.
When the writer speaks for a party (a ministry statement, an editorial "for our nation"),
the writer's voice is that party's code, as the voice stage decided (``doc.voice``, and
``sentence.turn`` for the turns of a transcript).
"""

from __future__ import annotations

import re
from typing import Any

from crossroads.annotate.attribution import (
    ATTITUDE_NOUNS,
    NON_STATE,
    STATE_ROLES,
    Voice,
    introduced_people,
    read_voice,
)
from crossroads.annotate.writer import writer_voice
from crossroads.context import Context
from crossroads.model import AUTHOR, Document, Sentence
from crossroads.registry import stages

# How the rules reached each decision, kept in ``cues["perspective_basis"]`` for the
# learned fallback (``crossroads.perspective.v2``), which learns when each can be trusted.
BASES = (
    "attributed",
    "shared",
    "narration",
    "group",
    "untied",
    "last-voice",
    "carry",
    "writer",
    "one-side",
)


def rule_basis(sentence: Sentence) -> str:
    """How the rules reached this sentence's perspective (``writer`` if they left no trace)."""
    return str(sentence.cues.get("perspective_basis", "writer"))


MAX_CARRY = 3  # sentences a reported view carries on past its last explicit cue
_ANAPHORIC_OPENING = re.compile(
    r"^(?:\W*)(?:this|these|that|those|such)\s+(?:\w+\s+)?(?:"
    + "|".join(sorted(ATTITUDE_NOUNS - {"eyes", "interest"}))
    + r")\b",
    re.I,
)
_QUOTE_OPEN = re.compile(r"^\s*[\"“‘']")
_ASKED = frozenset({"briefing", "interview"})
_JOINT = frozenset({"joint-statement"})


@stages.register("crossroads.perspective.v1")
class PerspectiveTagger:
    """Assign each sentence the code of the party whose view it expresses."""

    def __call__(self, doc: Document, ctx: Context) -> Document:
        voiced = doc.voice.party if doc.voice else writer_voice(doc, ctx.dyad)
        writer = voiced
        current = writer  # the voice speaking at the previous sentence
        last_voice, last_at = writer, -10  # the last party voice, and where it spoke
        speakers: dict[str, str] = {}  # untied people already heard, and for whom
        introduced: dict[str, str] = {}  # people the text tied by apposition or title
        narrated = ("", -10)  # the person whose act the last narration told, and where
        cue_at = -10  # where the last explicit voice cue was
        prev_paragraph = -1
        heard_private = False  # the voice speaking is a private person tied by a place
        # In news style (short paragraphs), attribution is marked sentence by sentence and
        # a view does not silently carry on; essays develop a view over a paragraph.
        essay_style = doc.is_essay()
        # questions put to a party's spokesperson or minister (not a debate's members)
        asked = voiced != AUTHOR and doc.voice is not None and doc.voice.genre in _ASKED
        # a writer who reports others (news, analysis), not a joint text of the two offices
        joint = doc.voice is not None and doc.voice.genre in _JOINT
        reported = voiced == AUTHOR and not joint
        side = ""  # the party the last sentence of a joint text gave to one side
        quoting = False  # a quotation opened in an earlier sentence of the paragraph runs on
        for n, sentence in enumerate(doc.sentences):
            new_paragraph = sentence.paragraph != prev_paragraph
            quoting = quoting and not new_paragraph
            turn = sentence.turn or voiced
            if turn != writer:  # a new speaker's turn in a transcript
                writer = current = last_voice = turn
            voice = read_voice(sentence, ctx.dyad)
            if voice.code == "narration":
                code, why, basis = writer, voice.why, "narration"
            elif voice.code not in (None, "carry"):
                code, why = voice.code, voice.why
                basis = "shared" if code == AUTHOR else "attributed"
                if basis == "shared":
                    # "our two countries" in one side's speech is still that side's view
                    code = writer
            elif voice.code == "carry" and _generic_group(voice):
                # "critics say", "officials said" with no tie: they continue a party's view
                # being developed in the paragraph; otherwise the writer reports them
                basis = "group"
                if current != writer and not new_paragraph:
                    code, why = current, voice.why + " (continues the view)"
                else:
                    code = AUTHOR if NON_STATE.search(voice.subject) else writer
                    why = voice.why + " (no tie)"
            elif voice.code == "carry":
                basis = "untied"
                code, why = self._untied(voice, current, last_voice, n - last_at, speakers, writer)
                known = _known_speaker(voice.speaker, introduced)
                if known and not _known_speaker(voice.speaker, speakers):
                    # "Roe told reporters", after "Ruben Roe, deputy speaker of Armenia's ..."
                    code, why = known, voice.why + " (introduced before)"
                elif voice.role in ("he", "she") and narrated[1] == n - 1 and narrated[0]:
                    # "The minister played down the row. He said ...": the person just told of
                    code, why = narrated[0], voice.why + " (the person just told of)"
                if heard_private and _speaks_for_state(voice, sentence):
                    # "the minister said" after a trader's quote: the party heard before
                    code, why = last_voice, voice.why + " (an office: the last party voice)"
                elif why.endswith("(last voice)") and _speaks_for_state(voice, sentence):
                    # "In Accra, the government has trodden carefully. The ministry has
                    # asked ...": the writer's sentence just before set the scene
                    scene = _last_named(doc.sentences[:n], ctx.dyad, reach=1)
                    if scene and scene != code:
                        code, why = scene, voice.why + " (an office: the party just named)"
                just_before = doc.sentences[max(0, n - 2) : n]
                if writer != AUTHOR and _own_office(voice, writer, just_before):
                    # "The spokesperson stressed" in the ministry's own release or briefing
                    code, why = writer, voice.why + " (the text's own office)"
                code = _antecedent(voice.role, doc.sentences[:n]) or code
                tied = "(heard before)" in why or "(introduced before)" in why
                title = "" if tied else _office_title(voice.subject)
                named_before = _title_antecedent(title, doc.sentences[:n]) if title else None
                if named_before:
                    # "Energy Minister Terje Aasland said", after "Norway's energy minister
                    # and his Danish counterpart ...": the office the text tied before
                    code, why = named_before, voice.why + " (the office named before)"
                if voice.first_person:
                    code, why = writer, voice.why + " (the text's own speaker)"
                elif _commentator(voice):
                    # "a mining analyst said", "Jane Doe, an expert on ...": no tie, the writer's
                    code, why = AUTHOR, voice.why + " (an untied commentator)"
                    last_voice, last_at = AUTHOR, n  # "she said" next continues them
                elif code == AUTHOR and reported and _speaks_for_state(voice, sentence):
                    # an office speaks for some state: the party the text was just about
                    named = _last_named(doc.sentences[:n], ctx.dyad)
                    if named:
                        code, why = named, why + " (an office: the party last named)"
                if voice.about == [code] and code in ctx.dyad:
                    # An untied speaker rebutting one party speaks for the other.
                    code = ctx.dyad[1 - ctx.dyad.index(code)]
                    why += " (answers the other party)"
                if voice.speaker and code not in (AUTHOR, writer):
                    speakers.setdefault(voice.speaker, code)
                if why.endswith("(last voice)"):
                    # nothing tied the speaker: the party last heard is a guess, right about
                    # a third of the time in the corpus (the trees decide, see signals)
                    basis = "last-voice"
            elif not new_paragraph and essay_style and n - cue_at <= MAX_CARRY:
                code, why, basis = current, "continues the reported view", "carry"
            elif _ANAPHORIC_OPENING.search(sentence.text) or (
                _QUOTE_OPEN.search(sentence.text) and current != writer
            ):
                code, why, basis = current, "continues across the paragraph break", "carry"
            else:
                code, why, basis = writer, "writer's voice", "writer"
            if joint and basis in ("narration", "writer") and code == AUTHOR:
                # "The Omani side briefed ...", "Romania will ...": in a text of both
                # offices, one side speaking or acting for itself takes that side
                one = _one_side(sentence, ctx.dyad, side)
                if one:
                    code, why, basis = one, "one side speaks in a joint text", "one-side"
            side = code if basis == "one-side" else ""
            if quoting and code == writer != current and basis in _IN_QUOTE_BASES:
                # "... sons. We have confidence in ...": still the speaker quoted before
                code, why, basis = current, "inside a quotation opened before", "carry"
            quoting = _open_quote(sentence.text, quoting)
            if code == AUTHOR and writer != AUTHOR and voice.code is None:
                code = writer
            if asked and sentence.turn == AUTHOR and code != AUTHOR:
                # a journalist's question: a claim the asker relays stays the asker's
                code, why = AUTHOR, why + " (in a question)"
            if voice.code not in (None, "narration"):
                cue_at = n
            sentence.perspective = code
            sentence.cues["perspective"] = why
            sentence.cues["perspective_basis"] = basis
            if voice.subject:
                sentence.cues["speaker"] = voice.subject
            current = code
            heard_private = voice.private or (heard_private and basis != "attributed")
            if code not in (AUTHOR, writer) and not voice.private:
                # a private person's view is theirs; an office that follows is not theirs
                last_voice, last_at = code, n
            prev_paragraph = sentence.paragraph
            narrated = (voice.person, n) if voice.code == "narration" else narrated
            for name, tie in introduced_people(sentence).items():
                introduced.setdefault(name, tie)
        return doc

    @staticmethod
    def _untied(
        voice: Voice,
        current: str,
        last_voice: str,
        since_last: int,
        speakers: dict[str, str],
        writer: str,
    ) -> tuple[str, str]:
        """Whose voice an untied speaker ("he", "the spokesperson", "Wu") continues."""
        known = _known_speaker(voice.speaker or _bare_surname(voice.subject), speakers)
        if known:
            return known, voice.why + " (heard before)"
        plural = voice.role in ("they", "we") or (voice.role.endswith("s") and not voice.speaker)
        if plural or current != writer or since_last > 3:
            return current, voice.why
        return last_voice, voice.why + " (last voice)"


_GROUPS = {"officials", "diplomats", "sources", "authorities", "analysts", "experts", "critics"}
_GROUPS |= {"observers", "commentators", "scholars", "economists", "researchers", "some", "many"}


def _generic_group(voice: Voice) -> bool:
    """An untied plural speaker ("officials", "analysts", "some"), not a pronoun or a name."""
    return voice.role in _GROUPS and not voice.speaker


_COMMENTATOR = re.compile(
    r"^(?:(?:an?|one|another)\s|[^,]+,\s*(?:an?|the)\s)[^,]*\b(?:analyst|expert|researcher|"
    r"scholar|economist|professor|lecturer|fellow|commentator|observer|academic|historian|"
    r"specialist)s?\b",
    re.I,
)


def _commentator(voice: Voice) -> bool:
    """A commentator introduced without a tie ("a political analyst", "Jane Doe, an expert
    on ..."), not one the text spoke of before ("the analyst") nor an office."""
    words = set(re.findall(r"[a-zé]+", voice.subject.lower()))
    return bool(_COMMENTATOR.search(voice.subject)) and not words & STATE_ROLES


def _speaks_for_state(voice: Voice, sentence: Sentence) -> bool:
    """An untied speaker holding a state office ("the fisheries minister", "a spokesman"),
    reported, not asked ("Will the minister say ...?")."""
    if sentence.text.rstrip().endswith("?"):
        return False
    words = re.findall(r"[a-zé]+", voice.subject.lower())
    # "neither government", "each government": no one state's office ("the minister of
    # all Kenyans" is one)
    return bool(set(words) & STATE_ROLES) and words[0] not in _NOT_ONE_STATE


_NOT_ONE_STATE = {"neither", "each", "both", "either", "every", "no", "all"}


# the offices that publish a statement or hold a briefing, named without a country
_OWN_OFFICES = {"spokesperson", "spokesman", "spokeswoman", "ministry", "presidency"}


def _own_office(voice: Voice, writer: str, previous: list[Sentence]) -> bool:
    """An untied "the spokesperson" or "the Ministry" in a text a party publishes is that
    party's own, unless the sentences just before gave the same office to another party."""
    if (
        voice.role not in _OWN_OFFICES
        or voice.speaker
        or not voice.subject.lower().startswith("the ")
    ):
        return False
    for sentence in previous:
        others = {m.code for m in sentence.actors} - {writer}
        if others and voice.role in sentence.text.lower():
            return False
    return True


def _last_named(previous: list[Sentence], dyad: tuple[str, str], reach: int = 2) -> str | None:
    """The one party the last sentences name, nearest first; of a sentence that names
    both, the party its subject names (None if that is not one party)."""
    for sentence in reversed(previous[-reach:]):
        named = {m.code for m in sentence.actors} & set(dyad)
        if len(named) == 1:
            return named.pop()
        if named:
            # "Peru signed a deal with South Korea": the party its subject names
            return subject_party(sentence, dyad)
    return None


def subject_party(sentence: Sentence, dyad: tuple[str, str]) -> str | None:
    """The one party named by the main clause's subject, else by the first grammatical
    subject that names one ("While South Korea hesitated, Peru signed ...": Peru)."""
    if sentence.parse is None:
        return None
    subjects = [t for t in sentence.parse if t.dep_ in ("nsubj", "nsubjpass")]
    subjects.sort(key=lambda t: t.head.dep_ != "ROOT")  # stable: the main clause's first
    for tok in subjects:
        named = _named_by(tok, sentence) & set(dyad)
        if len(named) == 1:
            return named.pop()
    return None


def _named_by(subject: Any, sentence: Sentence) -> set[str]:
    """The codes of the actors a subject token's phrase names."""
    start, last = subject.left_edge.idx, subject.right_edge
    end = last.idx + len(last.text)
    return {m.code for m in sentence.actors if start <= m.start < end}


# what a sentence inside a running quotation is read as, for want of its own cue: the
# writer's narration, or an "I"/"we" that is the quoted speaker's, not the writer's
_IN_QUOTE_BASES = frozenset({"writer", "narration", "untied"})


def _open_quote(text: str, quoting: bool) -> bool:
    """Whether a quotation is still open after ``text``, given whether it was before."""
    for char in text:
        if char in '“”"':
            quoting = char == "“" or (char == '"' and not quoting)
    return quoting


_ONE_PRONOUNS = {"he", "she", "it"}
# the protocol of a visit, which the joint text tells in its shared voice: who came, who
# led or went with a delegation, who received whom
_PROTOCOL = {"pay", "visit", "lead", "head", "accompany", "receive", "host", "travel", "arrive"}
_PROTOCOL |= {"meet", "hold", "attend", "chair", "co-chair", "call", "compose", "include"}


def _one_side(sentence: Sentence, dyad: tuple[str, str], previous: str) -> str | None:
    """The one party the main clause's subject names; a "he", "she" or "it" subject
    continues the side the sentence before gave (``previous``). Not the protocol of the
    visit, nor a plural subject ("the Ministers")."""
    if sentence.parse is None:
        return None
    for tok in sentence.parse:
        if tok.dep_ not in ("nsubj", "nsubjpass") or tok.head.dep_ != "ROOT":
            continue
        verb = tok.head
        objects = {c.lemma_.lower() for c in verb.children if c.dep_ == "dobj"}
        if verb.lemma_.lower() in _PROTOCOL or objects & {"visit", "call"}:
            return None
        if tok.tag_ in ("NNS", "NNPS"):
            return None
        if tok.lower_ in _ONE_PRONOUNS:
            return previous or None
        named = _named_by(tok, sentence)
        return named.pop() if len(named) == 1 and named <= set(dyad) else None
    return None


def _office_title(subject: str) -> str:
    """The office before a name ("Energy Minister Terje Aasland" → "energy minister")."""
    words = subject.split()
    if words and words[0].lower() == "the":
        words = words[1:]
    for k in range(min(len(words) - 1, 4), 0, -1):
        if words[k - 1].lower() in STATE_ROLES and all(w[:1].isupper() for w in words[k:]):
            return " ".join(words[:k]).lower()
    return ""


_OF_COUNTRY = re.compile(r"^(?:['’]s?)?\s+$")
# How far back an office or a body ("the embassy") is looked for: about a paragraph.
_ANTECEDENT_WINDOW = 6


def _title_antecedent(title: str, previous: list[Sentence]) -> str | None:
    """The country an office was named with in the last sentences ("Norway's energy
    minister", "the Danish energy minister"), nearest first."""
    for sentence in reversed(previous[-_ANTECEDENT_WINDOW:]):
        low = sentence.text.lower()
        for at in (m.start() for m in re.finditer(re.escape(title), low)):
            for m in sentence.actors:
                if m.end <= at and _OF_COUNTRY.match(sentence.text[m.end : at]):
                    return m.code
    return None


def _antecedent(role: str, previous: list[Sentence]) -> str | None:
    """The code of the last named body whose name ends in ``role`` ("the embassy")."""
    if not role or role in {"he", "she", "they", "it", "we", "i"}:
        return None
    for sentence in reversed(previous[-_ANTECEDENT_WINDOW:]):
        for m in reversed(sentence.actors):
            if m.kind in ("institution", "organisation") and m.text.lower().endswith(role):
                return m.code
    return None


def _bare_surname(subject: str) -> str:
    """A subject that is one capitalised word the parser took for no person ("Aasland")."""
    word = subject.strip()
    return word if re.fullmatch(r"[A-Z][\w'’-]+", word) and word.lower() not in STATE_ROLES else ""


def _known_speaker(name: str, speakers: dict[str, str]) -> str | None:
    """The voice of a person heard earlier under the same name or surname."""
    if not name:
        return None
    parts = set(name.split())
    for known, code in speakers.items():
        if name == known or parts & set(known.split()):
            return code
    return None
