"""Valence: the sentence's stance toward the other party or the relationship.

Critical and cooperative cue weights from ``data/stance.yaml`` are summed, with three
corrections read from the sentence's parse and actors when present:

* a cue under negation ("not a concession", "no longer suspended") counts for the other
  side at half weight;
* a cue inside a relative clause, an apposition or a participle modifying a noun counts
  half: the main clause carries the stance ("expressed concern about tariffs ... consistent
  with its commitments" is critical);
* cooperation with a third country ("Serbia's growing arms purchases from Russia") is
  not cooperation between the two parties: such a cue counts a third.

The larger side wins when it leads by a clear margin, otherwise the sentence is neutral.
Words that describe a debate ("a recurring theme", "complex") pull toward neutral. A
recommendation leans cooperative when it proposes engagement and critical when it demands
that someone stop.
"""

from __future__ import annotations

import re
from typing import Any

from crossroads.annotate.cues import Cues, load_data
from crossroads.context import Context
from crossroads.model import Document, Mention
from crossroads.registry import stages

MARGIN = 1.0
PERIPHERAL = 0.5
THIRD_PARTY = 1 / 3
_NEGATION = re.compile(
    r"\b(?:not(?! only)|no|never|without|nor|neither|n't|no longer|rather than)\b"
    r"\W*(?:\w+\W+){0,4}$",
    re.I,
)
_PERIPHERAL_DEPS = {"relcl", "acl", "appos"}
# where the phrase around a cue ends: an argument, or a clause of its own
_PHRASE_DEPS = {"ROOT", "nsubj", "nsubjpass", "dobj", "pobj", "attr", "csubj", "ccomp", "xcomp"}
_PHRASE_DEPS |= {"advcl", "conj"}


class _Reading:
    """The parse and actors of one sentence, to weigh where a cue sits."""

    def __init__(self, parse: Any, actors: list[Mention], dyad: tuple[str, str] | None) -> None:
        self.parse = parse
        self.actors = actors
        self.dyad = dyad

    def weight(self, start: int, cooperative: bool) -> float:
        if self.parse is None:
            return 1.0
        tok = next((t for t in self.parse if t.idx <= start < t.idx + len(t) + 1), None)
        if tok is None:
            return 1.0
        w = 1.0
        if any(a.dep_ in _PERIPHERAL_DEPS for a in [tok, *tok.ancestors]):
            w *= PERIPHERAL
        if cooperative and self.dyad and self._with_third_party(tok):
            w *= THIRD_PARTY
        return w

    def _with_third_party(self, tok: Any) -> bool:
        """The cue's phrase names a third country and not both parties of the dyad."""
        phrase = tok
        while phrase.dep_ not in _PHRASE_DEPS:
            if phrase.head is phrase:
                break
            phrase = phrase.head
        start = min(t.idx for t in phrase.subtree)
        end = max(t.idx + len(t) for t in phrase.subtree)
        codes = {m.code for m in self.actors if m.start < end and m.end > start}
        assert self.dyad is not None
        return bool(codes - set(self.dyad)) and not set(self.dyad) <= codes


def _side_scores(
    text: str, cues: Cues, reading: _Reading | None = None, cooperative: bool = False
) -> tuple[float, float, list[str]]:
    """(straight, negated) weight sums for one side's cues, and the words matched."""
    straight = negated = 0.0
    words = []
    seen: list[tuple[int, int]] = []
    for start, end, weight in cues.spans(text):
        if any(start < e and end > s for s, e in seen):
            continue
        seen.append((start, end))
        if reading is not None:
            weight *= reading.weight(start, cooperative)
        if _NEGATION.search(text[max(0, start - 40) : start]):
            negated += weight
        else:
            straight += weight
        words.append(text[start:end])
    return straight, negated, words


@stages.register("crossroads.valence.v1")
class ValenceClassifier:
    """Label each sentence cooperative, critical or neutral from weighted cues."""

    def __init__(self) -> None:
        data = load_data("stance.yaml")["valence"]
        self.critical = Cues.from_mapping(data["critical"])
        self.cooperative = Cues.from_mapping(data["cooperative"])
        self.neutral = Cues.from_mapping(data.get("neutralizers"))

    def classify(
        self,
        text: str,
        parse: Any = None,
        actors: list[Mention] | None = None,
        dyad: tuple[str, str] | None = None,
        recommendation: bool = False,
    ) -> tuple[str, str]:
        """The valence of one sentence and the cue words behind it."""
        reading = _Reading(parse, actors or [], dyad) if parse is not None else None
        crit, crit_neg, crit_words = _side_scores(text, self.critical, reading)
        coop, coop_neg, coop_words = _side_scores(text, self.cooperative, reading, True)
        critical = crit + 0.5 * coop_neg
        cooperative = coop + 0.5 * crit_neg
        damp, _ = self.neutral.score(text)
        margin = MARGIN + damp
        if recommendation:
            margin = min(margin, MARGIN / 2)  # a proposal takes a side by proposing
        if critical - cooperative >= margin:
            return "critical", ", ".join(crit_words[:4])
        if cooperative - critical >= margin:
            return "cooperative", ", ".join(coop_words[:4])
        return "neutral", ""

    def __call__(self, doc: Document, ctx: Context) -> Document:
        for sentence in doc.sentences:
            sentence.valence, why = self.classify(
                sentence.text, sentence.parse, sentence.actors, ctx.dyad, sentence.recommendation
            )
            if why:
                sentence.cues["valence"] = why
        return doc
