"""Valence: the sentence's stance toward the other party or the relationship.

Critical and cooperative cue weights are summed (a cue under negation, "not a concession",
"no longer suspended", counts for the other side at half weight); the larger side wins when
it leads by a clear margin, otherwise the sentence is neutral. Words that describe a debate
("a recurring theme", "complex") pull toward neutral.
"""

from __future__ import annotations

import re

from crossroads.annotate.cues import Cues, load_data
from crossroads.context import Context
from crossroads.model import Document
from crossroads.registry import stages

MARGIN = 1.0
_NEGATION = re.compile(
    r"\b(?:not|no|never|without|nor|neither|n't|no longer|rather than)\b\W*(?:\w+\W+){0,4}$",
    re.I,
)


def _side_scores(text: str, cues: Cues) -> tuple[float, float, list[str]]:
    """(straight, negated) weight sums for one side's cues, and the words matched."""
    straight = negated = 0.0
    words = []
    seen: set[tuple[int, int]] = set()
    for start, end, weight in cues.spans(text):
        if any(start < e and end > s for s, e in seen):
            continue
        seen.add((start, end))
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

    def classify(self, text: str) -> tuple[str, str]:
        """The valence of one sentence and the cue words behind it."""
        crit, crit_neg, crit_words = _side_scores(text, self.critical)
        coop, coop_neg, coop_words = _side_scores(text, self.cooperative)
        critical = crit + 0.5 * coop_neg
        cooperative = coop + 0.5 * crit_neg
        damp, _ = self.neutral.score(text)
        if critical - cooperative >= MARGIN + damp:
            return "critical", ", ".join(crit_words[:4])
        if cooperative - critical >= MARGIN + damp:
            return "cooperative", ", ".join(coop_words[:4])
        return "neutral", ""

    def __call__(self, doc: Document, ctx: Context) -> Document:
        for sentence in doc.sentences:
            sentence.valence, why = self.classify(sentence.text)
            if why:
                sentence.cues["valence"] = why
        return doc
