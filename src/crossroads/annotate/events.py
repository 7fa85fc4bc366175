"""The event stage: who did what to whom, and when, coded in CAMEO with Goldstein weights.

Triggers come from our dictionary ``data/event_verbs.yaml`` (verb lemmas, verb + object
phrases such as "impose sanctions", verb + preposition such as "call on", and event nouns
such as "visit" or "talks"). Each trigger is read off the sentence's dependency parse.

Actor assignment (source ``actor1`` acting on target ``actor2``):

1. Source: the grammatical subject of the trigger's clause (the ``by``-agent of a passive),
   climbing through ``xcomp``/``conj`` chains ("agreed to hold talks", "criticized and
   sanctioned"); for an event noun, its possessor or national modifier ("Washington's
   visit", "US sanctions") or its ``by``/``of``/``from`` phrase ("the visit of Adm. X,
   head of Japan's Maritime Self-Defense Force"). A noun phrase takes the first actor found
   in its head, modifiers, appositions and ``of``/``from``/``in`` phrases ("officials in
   Phnom Penh" -> KHM). "We" takes the sentence's perspective; other pronouns take the
   previous event's source.
2. Target: the direct object or passive subject, else an actor in a prepositional phrase
   (to/with/on/against/in/at/toward/into/between/about/over), else the subject of a
   reported clause ("warned that Y ..."), else a conjoined co-subject for symmetric events
   ("India and China held talks").
3. Fallbacks, in order: another actor named in the sentence (nearest the trigger); then the
   dyad rule: when only one side is found and it is a member of the dyad under study, and
   the sentence names no third party, the other dyad member is the counterpart (a US
   destroyer "docked at Ream" in a Cambodia-US text is a US visit to Cambodia).
4. No event when source == target, when no actor at all is grounded in the sentence, when
   the trigger is negated, hypothetical or prescriptive (should/could/might/may/must,
   "if"), in a question, or an allegation inside an accusation or denial ("accused X of
   ramming": only the accusation is coded). Stated intentions ("will", "pledged to",
   "agreed to", "said it would") are coded as intent: 03x for cooperative acts, 13x
   (threats) for conflictual ones.
5. At most ``max_per_sentence`` events per sentence, deduplicated by
   (actor1, actor2, CAMEO root).

Dates: the date expression nearest the trigger (preferring one inside the trigger's
clause), resolved by :func:`crossroads.annotate.dates.find_dates` against the document
date; ``None`` when the sentence gives none.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from crossroads.annotate.attribution import NON_STATE
from crossroads.annotate.cues import read_yaml
from crossroads.annotate.dates import find_dates
from crossroads.cameo import cameo_table
from crossroads.context import Context
from crossroads.model import AUTHOR, Document, Event, Mention, Sentence
from crossroads.registry import stages

# Verbs whose infinitival complement is a stated intention ("pledged to visit").
INTENT_HEADS = {
    "plan", "intend", "seek", "want", "hope", "agree", "pledge", "promise", "vow", "offer",
    "decide", "prepare", "aim", "expect", "commit", "propose", "wish", "aspire", "move",
    "resolve", "undertake", "volunteer", "schedule", "set",
}  # fmt: skip
# Verbs whose complement is not itself an event: the governing verb is the event.
ABSORBING_HEADS = {
    "refuse", "decline", "reject", "threaten", "urge", "ask", "call", "demand", "press",
    "encourage", "invite", "warn", "fail", "need", "have", "oppose", "deny", "request",
    "appeal", "push", "insist", "accuse", "blame", "allow", "permit", "help", "try",
    "attempt", "want", "stop", "cease", "refrain", "avoid", "quit",
}  # fmt: skip
# Verbs whose ``of``/``for`` complements are allegations, not reported facts.
ALLEGING_HEADS = {"accuse", "blame", "deny", "allege", "suspect", "charge"}
CONTINUING_HEADS = {"continue", "begin", "start", "resume", "keep", "go"}
HYPOTHETICAL_AUX = {"should", "could", "might", "may", "must", "ought", "can", "need"}
FUTURE_AUX = {"will", "shall"}
REPORTING = {"say", "tell", "state", "announce", "add", "confirm", "report", "declare", "note"}
CONDITIONAL_MARKS = {"if", "unless", "whether"}
TARGET_PREPS = {
    "to", "with", "on", "against", "in", "at", "toward", "towards", "into", "between",
    "upon", "about", "over", "from",
}  # fmt: skip
SOURCE_PREPS = {"by", "from", "of"}
NP_PREPS = {"of", "from", "in"}
MODIFIER_DEPS = {"compound", "amod", "poss", "nmod", "appos", "flat", "npadvmod", "nummod"}
SYMMETRIC_ROOTS = {"04", "06"}
SYMMETRIC_CODES = {"057", "190", "030"}
COOPERATIVE_NOUN_OF_IS_SOURCE = {"04", "05", "06", "07"}
# Objects that point back at the other party without naming it ("rejected the claims"):
# with one of these (or no object at all) the dyad counterpart may fill the target.
COUNTERPART_OBJECTS = {
    "claim", "allegation", "accusation", "charge", "report", "criticism", "concern",
    "statement", "remark", "comment", "proposal", "offer", "request", "demand", "call",
    "invitation", "plan", "move", "decision", "policy", "step", "measure", "action",
    "assertion", "suggestion", "speculation", "characterization", "interpretation",
    "delegation", "official", "counterpart", "envoy", "ambassador", "minister", "leader",
    "government", "side", "country", "nation", "partner", "ally", "neighbor", "neighbour",
    "ruling", "verdict", "election", "vote", "crackdown", "arrest", "detention", "law",
    "legislation", "trial", "dissolution", "handling", "treatment", "record", "conduct",
    "behavior", "behaviour", "activity", "deployment", "construction", "presence",
}  # fmt: skip
_BLOCKED = "<blocked>"  # a subject was found and names no actor: no fallback source


@dataclass
class Lexicon:
    """The trigger dictionary, read from ``event_verbs.yaml``."""

    verbs: dict[str, str]
    verb_objects: dict[str, dict[str, str | None]]
    verb_preps: dict[str, dict[str, str]]
    nouns: dict[str, str]
    light_verbs: set[str]
    refine: dict[str, dict[str, str]]
    threat_cues: set[str] = field(
        default_factory=lambda: {
            "consequence",
            "retaliate",
            "retaliation",
            "countermeasure",
            "response",
            "price",
            "force",
            "military",
            "war",
            "attack",
            "sanction",
            "punish",
            "punishment",
        }  # fmt: skip
    )

    @classmethod
    def load(cls, path: str | Path | None = None) -> Lexicon:
        """Read a lexicon file (default: the packaged ``data/event_verbs.yaml``).

        Args:
            path: a YAML file with the sections described at its top.

        Returns:
            The lexicon.
        """
        if path is None:
            text = files("crossroads.data").joinpath("event_verbs.yaml").read_text("utf-8")
        else:
            text = Path(path).read_text(encoding="utf-8")
        raw: dict[str, Any] = read_yaml(text) or {}

        def codes(d: dict[str, Any] | None) -> dict[str, Any]:
            return {str(k).lower(): (None if v is None else str(v)) for k, v in (d or {}).items()}

        return cls(
            verbs=codes(raw.get("verbs")),
            verb_objects={k: codes(v) for k, v in (raw.get("verb_objects") or {}).items()},
            verb_preps={k: codes(v) for k, v in (raw.get("verb_preps") or {}).items()},
            nouns=codes(raw.get("nouns")),
            light_verbs={str(v) for v in raw.get("light_verbs") or []},
            refine={str(k): codes(v) for k, v in (raw.get("refine") or {}).items()},
        )


@lru_cache(maxsize=4)
def _default_lexicon() -> Lexicon:
    return Lexicon.load()


def intent_code(code: str) -> str | None:
    """The CAMEO code for a stated intention to carry out ``code``.

    Cooperative acts map to 03x (express intent to cooperate), conflictual material acts
    to 13x (threaten); verbal conflict and investigations have no intent form (None).

    Args:
        code: the CAMEO code of the intended act.

    Returns:
        The intent (or threat) code, or None.
    """
    root = code[:2]
    specific = {
        "045": "039", "061": "0311", "062": "0312", "063": "0313", "064": "0314",
        "071": "0331", "072": "0332", "073": "0333", "074": "0334", "081": "0351",
        "084": "0353", "0841": "0353", "0842": "0353", "085": "0354", "087": "0356",
        "051": "032", "052": "032", "053": "032", "054": "032", "162": "1311",
        "1621": "1311", "1622": "1311", "1623": "1311", "163": "1312", "161": "1313",
        "164": "134", "165": "135", "166": "136", "172": "132",
    }  # fmt: skip
    if code in specific:
        return specific[code]
    if root in ("01", "02", "03"):
        return "030" if root != "03" else code
    if root == "04":
        return "036"
    if root == "05":
        return "030"
    if root == "06":
        return "031"
    if root == "07":
        return "033"
    if root == "08":
        return "035"
    if root == "16":
        return "131"
    if root == "17":
        return "130"
    if root in ("15", "18", "19", "20"):
        return "138"
    return None


# Nouns that make an event noun's of-phrase an abstraction, not an event.
ABSTRACT_OBJECTS = frozenset(
    [
        "right",
        "rights",
        "sovereignty",
        "power",
        "powers",
        "jurisdiction",
        "restraint",
        "authority",
        "control",
        "option",
        "options",
        "judgment",
        "discretion",
        "freedom",
    ]
)


class _SentenceActors:
    """Actor codes of a sentence, looked up by token."""

    def __init__(self, parse: Any, mentions: list[Mention], text: str) -> None:
        # Analysts, critics and the press comment; they are not the state actors events code.
        mentions = [m for m in mentions if not NON_STATE.search(m.text)]
        shift = 0
        if parse.text != text:
            found = text.find(parse.text)
            shift = found if found >= 0 else 0
        self.by_token: dict[int, str] = {}
        self.mentions = mentions
        for tok in parse:
            start = tok.idx + shift
            end = start + len(tok.text)
            for m in mentions:
                if m.start < end and start < m.end:
                    self.by_token[tok.i] = m.code
                    break
        self.shift = shift

    def at(self, tok: Any) -> str | None:
        return self.by_token.get(tok.i)

    def np(self, tok: Any, preps: set[str] = NP_PREPS, depth: int = 7) -> str | None:
        """The first actor in a noun phrase: head, modifiers, appositions, of-phrases."""
        frontier = [tok]
        seen = set()
        for _ in range(depth):
            nxt = []
            for t in frontier:
                if t.i in seen:
                    continue
                seen.add(t.i)
                code = self.at(t)
                if code:
                    return code
                for c in t.children:
                    if (
                        c.dep_ in MODIFIER_DEPS
                        or c.dep_ == "pobj"
                        or (c.dep_ == "prep" and c.lower_ in preps)
                    ):
                        nxt.append(c)
            # modifiers before prepositional phrases
            frontier = sorted(nxt, key=lambda c: c.dep_ == "prep")
        return None

    def all_codes(self) -> list[tuple[int, str]]:
        return sorted(self.by_token.items())


@dataclass
class _Trigger:
    token: Any  # the trigger word
    clause: Any  # the verb that carries tense, subject and modality
    code: str
    event_noun: Any = None  # the noun object that selected the code ("sanctions")
    is_noun: bool = False
    scope: Any = None  # the phrase searched for dates and refining words

    @property
    def span(self) -> Any:
        return self.scope if self.scope is not None else (self.clause or self.token)


@stages.register("crossroads.events.v1")
class EventCoder:
    """Code the events each sentence reports between actors in CAMEO (see module doc)."""

    def __init__(
        self,
        lexicon: str | None = None,
        max_per_sentence: int = 3,
        dyad_counterpart: bool = True,
    ) -> None:
        self.lexicon = Lexicon.load(lexicon) if lexicon else _default_lexicon()
        self.max_per_sentence = max_per_sentence
        self.dyad_counterpart = dyad_counterpart

    # ------------------------------------------------------------------ stage

    def __call__(self, doc: Document, ctx: Context) -> Document:
        events: list[Event] = []
        previous: str | None = None
        for sentence in doc.sentences:
            found, previous = self.code_sentence(sentence, doc.date, ctx.dyad, previous)
            events.extend(found)
        doc.events = events
        return doc

    def code_sentence(
        self,
        sentence: Sentence,
        doc_date: str | None,
        dyad: tuple[str, str] | None,
        previous_source: str | None = None,
    ) -> tuple[list[Event], str | None]:
        """The events of one sentence.

        Args:
            sentence: the sentence, with ``parse`` and ``actors`` filled (missing ones are
                computed with the shared spaCy pipeline and the actor gazetteer).
            doc_date: the document date, for relative dates.
            dyad: the pair of actor codes under study (for the counterpart rule).
            previous_source: the source of the last event, for pronoun subjects.

        Returns:
            The events, and the source to hand on to the next sentence.
        """
        text = sentence.text
        if not text.strip() or text.rstrip().endswith("?"):
            return [], previous_source
        parse = sentence.parse if sentence.parse is not None else self._parse(text)
        mentions = sentence.actors or self._find_actors(text)
        actors = _SentenceActors(parse, mentions, text)
        if not actors.by_token and not previous_source:
            return [], previous_source
        dates = [d for d in find_dates(text, doc_date) if d.value]
        events: list[Event] = []
        seen: set[tuple[str, str, str]] = set()
        for trig in self._triggers(parse):
            mode = self._mode(trig)
            if mode == "skip":
                continue
            code = self._refine(trig)
            if mode == "intent":
                code = intent_code(code) or ""
                if not code:
                    continue
            pair = self._actors(trig, code, actors, sentence, dyad, previous_source)
            if pair is None:
                continue
            src, tgt = pair
            key = (src, tgt, code[:2])
            if key in seen:
                continue
            seen.add(key)
            entry = cameo_table()[code]
            events.append(
                Event(
                    actor1=src,
                    actor2=tgt,
                    cameo=code,
                    goldstein=entry.goldstein,
                    date=self._date(trig, dates, actors.shift),
                    sentence_id=sentence.id,
                    trigger=self._trigger_text(trig),
                    quad_class=entry.quad_class,
                )
            )
            previous_source = src
            if len(events) >= self.max_per_sentence:
                break
        return events, previous_source

    # --------------------------------------------------------------- triggers

    def _triggers(self, parse: Any) -> list[_Trigger]:
        lex = self.lexicon
        found: list[_Trigger] = []
        used: set[int] = set()
        for tok in parse:
            if tok.pos_ != "VERB" and not (tok.pos_ == "AUX" and tok.dep_ == "ROOT"):
                continue
            if tok.dep_ == "amod":
                continue  # a participle used as an adjective ("China-backed") reports no act
            lemma = tok.lemma_.lower()
            trig = None
            if lemma in lex.verb_objects:
                table = lex.verb_objects[lemma]
                hit = False
                for obj in _objects(tok):
                    for key in _keys(obj):
                        if key in table:
                            hit = True
                            code = table[key]
                            if code:
                                trig = _Trigger(tok, tok, code, event_noun=obj)
                            break
                    if hit:
                        break
                if not hit and "_" in table and table["_"]:
                    trig = _Trigger(tok, tok, str(table["_"]))
                elif not hit and "_" not in table and lemma in lex.verbs:
                    trig = _Trigger(tok, tok, lex.verbs[lemma])
            elif lemma in lex.verb_preps:
                for child in tok.children:
                    if child.dep_ in ("prep", "prt") and child.lower_ in lex.verb_preps[lemma]:
                        trig = _Trigger(tok, tok, lex.verb_preps[lemma][child.lower_])
                        break
            elif lemma in lex.verbs:
                trig = _Trigger(tok, tok, lex.verbs[lemma])
            if lemma == "warn" and trig is not None:
                trig.code = "130" if self._threat_context(tok) else "111"
            if trig is not None:
                found.append(trig)
                used.add(tok.i)
                if trig.event_noun is not None:
                    used.add(trig.event_noun.i)
        for tok in parse:
            if tok.pos_ not in ("NOUN", "PROPN") or tok.i in used:
                continue
            code = None
            for key in _keys(tok):
                if key in lex.nouns:
                    code = lex.nouns[key]
                    break
            if code is None or any(c.dep_ == "det" and c.lower_ == "no" for c in tok.children):
                continue
            if any(c.dep_ == "prep" and c.lower_ == "of" for c in tok.children) and any(
                g.lemma_.lower() in ABSTRACT_OBJECTS
                for c in tok.children
                if c.dep_ == "prep" and c.lower_ == "of"
                for g in c.children
            ):
                continue  # "the exercise of sovereign rights" is no drill
            head = tok.head
            governed = (
                tok.dep_ in ("dobj", "nsubjpass", "attr")
                and head.pos_ in ("VERB", "AUX")
                and head.lemma_.lower() in lex.light_verbs
            )
            if governed:
                if head.i in used:
                    continue
                found.append(_Trigger(tok, head, code, event_noun=tok, is_noun=True))
                used.add(tok.i)
            elif self._noun_has_source(tok):
                scope = _governing_verb(tok)
                found.append(_Trigger(tok, None, code, event_noun=tok, is_noun=True, scope=scope))
                used.add(tok.i)
        # an intent/absorbing verb whose complement is a trigger is not an event itself
        heads = {
            t.clause.head.i for t in found if t.clause is not None and t.clause.dep_ == "xcomp"
        }
        return [
            t for t in found if not (t.token.i in heads and t.token.lemma_.lower() in INTENT_HEADS)
        ]

    def _noun_has_source(self, tok: Any) -> bool:
        for c in tok.children:
            if (
                c.dep_ in ("poss", "compound", "amod")
                and c.pos_ in ("PROPN", "ADJ", "NOUN")
                and (c.ent_type_ in ("GPE", "NORP", "ORG", "PERSON") or c.dep_ == "poss")
            ):
                return True
            if c.dep_ == "prep" and c.lower_ in ("by", "of", "from", "between"):
                return True
        return False

    def _threat_context(self, tok: Any) -> bool:
        words = {t.lemma_.lower() for t in tok.subtree}
        return bool(words & self.lexicon.threat_cues)

    def _refine(self, trig: _Trigger) -> str:
        table = self.lexicon.refine.get(trig.code)
        code = trig.code
        if table:
            scope = trig.clause if trig.clause is not None else trig.token
            words: list[str] = []
            for t in scope.subtree:
                words.extend((t.lower_, t.lemma_.lower()))
            for w in words:
                if w in table:
                    code = table[w]
                    break
        return code if code in cameo_table() else trig.code

    # --------------------------------------------------------------- modality

    def _mode(self, trig: _Trigger) -> str:
        """``fact``, ``intent`` or ``skip`` for the trigger's clause."""
        verb = trig.clause
        if verb is None:
            return "fact"
        mode = "fact"
        for _ in range(6):
            children = list(verb.children)
            if any(c.dep_ == "neg" for c in children):
                return "skip"
            if any(c.dep_ == "mark" and c.lower_ in CONDITIONAL_MARKS for c in children):
                return "skip"
            for c in children:
                if c.dep_ != "aux":
                    continue
                word = c.lower_
                if word in HYPOTHETICAL_AUX:
                    return "skip"
                if word in FUTURE_AUX or word == "'ll":
                    mode = "intent"
                if word in ("would", "'d"):
                    if verb.dep_ == "ccomp" and verb.head.lemma_.lower() in REPORTING:
                        mode = "intent"
                    else:
                        return "skip"
            if any(c.dep_ == "aux" and c.lower_ == "to" for c in children) and verb.dep_ in (
                "advcl",
                "relcl",
                "acl",
            ):
                return "skip"  # purpose clauses: "... to visit Cambodia"
            if verb.dep_ == "xcomp":
                head = verb.head
                hl = head.lemma_.lower()
                if hl in ABSORBING_HEADS:
                    return "skip"
                if hl in INTENT_HEADS or (hl == "be" and verb.tag_ == "VB"):
                    mode = "intent"
                if hl in CONTINUING_HEADS or hl in INTENT_HEADS or hl == "be":
                    verb = head
                    continue
                verb = head
                continue
            if verb.dep_ == "ccomp" and verb.head.lemma_.lower() in ABSORBING_HEADS:
                return "skip"
            if (
                verb.dep_ in ("pcomp", "pobj")
                and verb.head.dep_ == "prep"
                and verb.head.head.lemma_.lower() in ALLEGING_HEADS
            ):
                return "skip"
            if verb.dep_ in ("pcomp", "pobj") and verb.head.lower_ in ("against", "from"):
                return "skip"  # "warned against making accusations", "refrain from visiting"
            if verb.dep_ == "conj":
                verb = verb.head
                continue
            break
        return mode

    # ----------------------------------------------------------------- actors

    def _actors(
        self,
        trig: _Trigger,
        code: str,
        actors: _SentenceActors,
        sentence: Sentence,
        dyad: tuple[str, str] | None,
        previous: str | None,
    ) -> tuple[str, str] | None:
        src = self._source(trig, code, actors, sentence, previous)
        if src == _BLOCKED:
            return None
        tgt = self._target(trig, code, actors, src)
        if (
            tgt is None
            and src is not None
            and (code[:2] in SYMMETRIC_ROOTS or code in SYMMETRIC_CODES)
        ):
            tgt = self._co_subject(trig, actors, src)
        codes_in_sentence = [c for _, c in actors.all_codes()]
        if src is None:
            src = self._nearest_other(trig, actors, exclude=tgt, before_only=True)
        if tgt is None:
            tgt = self._nearest_other(trig, actors, exclude=src)
        if self.dyad_counterpart and dyad and len(dyad) == 2:
            third = [c for c in codes_in_sentence if c not in dyad]
            if src is None and tgt in dyad and not third:
                src = dyad[1] if tgt == dyad[0] else dyad[0]
            if tgt is None and src in dyad and not third and self._open_object(trig):
                tgt = dyad[1] if src == dyad[0] else dyad[0]
        if src is None or tgt is None or src == tgt:
            return None
        return src, tgt

    def _source(
        self,
        trig: _Trigger,
        code: str,
        actors: _SentenceActors,
        sentence: Sentence,
        previous: str | None,
    ) -> str | None:
        if trig.is_noun:
            noun = trig.token
            for c in noun.children:
                if c.dep_ in ("poss", "compound", "amod"):
                    found = actors.np(c, preps=set())
                    if found:
                        return found
            of_is_source = code[:2] in COOPERATIVE_NOUN_OF_IS_SOURCE
            for c in noun.children:
                if c.dep_ == "prep" and (
                    c.lower_ in ("by", "from") or (c.lower_ == "of" and of_is_source)
                ):
                    for p in c.children:
                        if p.dep_ == "pobj":
                            found = actors.np(p)
                            if found:
                                return found
            if not (
                trig.clause is not None and trig.clause.lemma_.lower() in self.lexicon.light_verbs
            ):
                return None
        verb = trig.clause
        for _ in range(5):
            if verb is None:
                return None
            subj = next((c for c in verb.children if c.dep_ in ("nsubj", "csubj")), None)
            passive = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
            if passive is not None:
                agent = next((c for c in verb.children if c.dep_ == "agent"), None)
                if agent is None:
                    return None
                pobj = next((c for c in agent.children if c.dep_ == "pobj"), None)
                found = actors.np(pobj) if pobj is not None else None
                return found or _BLOCKED
            if subj is not None:
                found = actors.np(subj)
                if found:
                    return found
                if subj.pos_ == "PRON":
                    if subj.lower_ in ("we", "our", "us") and sentence.perspective != AUTHOR:
                        return sentence.perspective
                    if subj.lower_ in ("it", "they", "he", "she", "we"):
                        # "Tokyo said it would ...": the reporting clause's subject
                        if verb.dep_ == "ccomp":
                            outer = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
                            found = actors.np(outer) if outer is not None else None
                            if found:
                                return found
                        if previous:
                            return previous
                return _BLOCKED
            if verb.dep_ in ("relcl", "acl") and verb.head.pos_ in ("NOUN", "PROPN"):
                if verb.tag_ == "VBN":
                    return None  # "sanctions imposed on X": the noun is what was done
                return actors.np(verb.head)
            if verb.dep_ in ("xcomp", "conj", "advcl", "ccomp"):
                verb = verb.head
                continue
            return None
        return None

    def _target(
        self, trig: _Trigger, code: str, actors: _SentenceActors, src: str | None
    ) -> str | None:
        def ok(found: str | None) -> str | None:
            return found if found and found != src else None

        verb = trig.clause
        noun = trig.event_noun
        candidates: list[Any] = []
        if trig.is_noun:
            of_is_target = code[:2] not in COOPERATIVE_NOUN_OF_IS_SOURCE
            for c in noun.children:
                if c.dep_ == "prep" and (
                    c.lower_ in TARGET_PREPS or (c.lower_ == "of" and of_is_target)
                ):
                    candidates.extend(p for p in c.children if p.dep_ == "pobj")
        if verb is not None and (
            verb is trig.token or verb.lemma_.lower() in self.lexicon.light_verbs
        ):
            for c in verb.children:
                if noun is not None and c.i == noun.i:
                    continue
                if c.dep_ in ("dobj", "dative", "iobj") or (
                    c.dep_ == "nsubjpass" and not trig.is_noun
                ):
                    candidates.append(c)
            if noun is not None and not trig.is_noun:
                for c in noun.children:
                    if c.dep_ == "prep" and c.lower_ in TARGET_PREPS | {"of"}:
                        candidates.extend(p for p in c.children if p.dep_ == "pobj")
            for c in verb.children:
                if c.dep_ in ("prep", "prt", "agent") and c.lower_ in TARGET_PREPS:
                    candidates.extend(p for p in c.children if p.dep_ == "pobj")
        for cand in candidates:
            found = ok(actors.np(cand))
            if found:
                return found
        if noun is not None and trig.is_noun is False:
            found = ok(actors.np(noun, preps=TARGET_PREPS | NP_PREPS))
            if found:
                return found
        if verb is not None:
            for c in verb.children:
                if c.dep_ in ("ccomp", "xcomp"):
                    subj = next((s for s in c.children if s.dep_ in ("nsubj", "nsubjpass")), None)
                    if subj is not None:
                        found = ok(actors.np(subj))
                        if found:
                            return found
                if c.dep_ == "dobj":
                    found = ok(actors.np(c, preps=TARGET_PREPS | NP_PREPS))
                    if found:
                        return found
        return None

    def _open_object(self, trig: _Trigger) -> bool:
        """Whether the trigger leaves its target open for the dyad counterpart."""
        if trig.is_noun or trig.clause is None:
            return True
        for c in trig.clause.children:
            if c.dep_ not in ("dobj", "ccomp") or (
                trig.event_noun is not None and c.i == trig.event_noun.i
            ):
                continue
            if c.dep_ == "ccomp":
                return False
            lemma = c.lemma_.lower()
            if lemma not in COUNTERPART_OBJECTS and lemma not in self.lexicon.nouns:
                return False
        return True

    def _co_subject(self, trig: _Trigger, actors: _SentenceActors, src: str) -> str | None:
        verb = trig.clause
        if verb is None:
            return None
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subj is None:
            return None
        for c in subj.subtree:
            if c.dep_ == "conj":
                found = actors.np(c)
                if found and found != src:
                    return found
        return None

    def _nearest_other(
        self,
        trig: _Trigger,
        actors: _SentenceActors,
        exclude: str | None,
        before_only: bool = False,
    ) -> str | None:
        best: tuple[int, str] | None = None
        for i, code in actors.all_codes():
            if code == exclude:
                continue
            if before_only and i > trig.token.i:
                continue
            if _in_hypothetical(trig.token.doc[i], trig):
                continue  # "fears that the port might let Russia ...": no target
            distance = abs(i - trig.token.i)
            if best is None or distance < best[0]:
                best = (distance, code)
        return best[1] if best else None

    # ------------------------------------------------------------------ dates

    def _date(self, trig: _Trigger, dates: list[Any], shift: int) -> str | None:
        if not dates:
            return None
        tokens = list(trig.span.subtree)
        lo, hi = tokens[0].idx + shift, tokens[-1].idx + len(tokens[-1].text) + shift
        where = trig.token.idx + shift
        inside = [d for d in dates if lo <= d.start and d.end <= hi]
        pool = inside or dates
        best = min(pool, key=lambda d: min(abs(d.start - where), abs(d.end - where)))
        return str(best.value)

    @staticmethod
    def _trigger_text(trig: _Trigger) -> str:
        if trig.event_noun is not None and trig.event_noun.i != trig.token.i:
            return f"{trig.token.text} {trig.event_noun.text}"
        return str(trig.token.text)

    # -------------------------------------------------------- missing inputs

    @staticmethod
    def _parse(text: str) -> Any:
        from crossroads.models import spacy_pipeline

        return spacy_pipeline()(text)

    def _find_actors(self, text: str) -> list[Mention]:
        from crossroads.annotate.actors import gazetteer  # the process-wide shared one

        return list(gazetteer().find(text))


def _objects(verb: Any) -> list[Any]:
    """The verb's direct objects, passive subject, and objects of its particles/preps."""
    out = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass", "attr", "oprd")]
    for c in verb.children:
        if c.dep_ in ("prt", "prep"):
            out.extend(p for p in c.children if p.dep_ in ("pobj", "dobj"))
        if c.dep_ == "prt":
            out.extend(p for p in verb.children if p.dep_ == "dobj" and p not in out)
    for obj in list(out):
        out.extend(c for c in obj.children if c.dep_ == "conj")
    return out


def _in_hypothetical(tok: Any, trig: _Trigger) -> bool:
    """Whether ``tok`` sits in a clause under could/might/would that is not the trigger's."""
    own = {trig.token.i, trig.clause.i if trig.clause is not None else -1}
    for anc in tok.ancestors:
        if anc.i in own:
            return False
        if any(c.dep_ == "aux" and c.lower_ in HYPOTHETICAL_AUX | {"would"} for c in anc.children):
            return True
    return False


def _keys(tok: Any) -> list[str]:
    """Dictionary keys for a noun: with its compound/amod modifier, then alone, then
    ``<name>`` for a proper name."""
    keys = []
    for c in tok.children:
        if c.dep_ in ("compound", "amod") and c.i == tok.i - 1:
            keys.append(f"{c.lower_} {tok.lower_}")
            keys.append(f"{c.lower_} {tok.lemma_.lower()}")
    keys.extend([tok.lower_, tok.lemma_.lower()])
    if tok.ent_type_ in ("PERSON", "NORP", "GPE", "ORG") or tok.pos_ == "PROPN":
        keys.append("<name>")  # a named person, people or body: "hosted Lloyd Austin"
    return keys


def _governing_verb(tok: Any) -> Any:
    """The nearest verb above a token, or None for a verbless phrase."""
    head = tok.head
    for _ in range(6):
        if head.pos_ in ("VERB", "AUX"):
            return head
        if head.head is head:
            return None
        head = head.head
    return None
