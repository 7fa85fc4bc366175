"""Which sentences could bridge a gap on an agenda item, and which items each one concerns.

A bridge is a *proposal*: a recommendation, or a stated intent to act together (a joint
mechanism or gesture, CAMEO root 03 between the two parties). It is not background, a
report of the past, or a demand that one side stop something: "we urge the other side to
stop…" asks for a concession, it does not offer a way across.

A proposal concerns the issue it was given. One given the relationship as a whole often
names a concrete field ("a joint fund for the boundary", "consult before any trade
suspension"): the issue scorer then ranks that field close behind, and the proposal goes
to that item. Only a proposal with no such runner-up is general, offered for every item.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from crossroads.model import Document, Sentence

# A runner-up issue within this share of the relationship's score makes a
# relationship-wide proposal specific to that issue.
RUNNER_UP = 0.5

# Directives to cease or forgo: the verb of the demand, after a directive or modal.
_CEASE = (
    r"(?:stop|cease|halt|end|quit|abandon|drop|refrain|desist|renounce|withdraw|"
    r"give up|back down|put an end)"
)
_DIRECTIVE = (
    r"(?:urge[sd]?|urging|call(?:s|ed|ing)? (?:on|upon)|demand(?:s|ed|ing)?|ask(?:s|ed|ing)?|"
    r"press(?:es|ed|ing)?|want(?:s|ed)?|tell(?:s|ing)?|told|should|must|needs? to|has to|have to|"
    r"ought to|is to|are to)"
)
_DEMAND = re.compile(
    rf"\b{_DIRECTIVE}\b(?:\W+\w+){{0,6}}?\W+(?:to\s+|immediately\s+|at once\s+)?{_CEASE}\b"
    # "should not be left…" describes what ought not happen to someone: not a demand
    rf"|\b(?:should|must|ought to)(?:\s+not|\s+never|n[’']t)\s+(?!be\b|have been\b)\w",
    re.I,
)
# A proposal aimed at the speaker's own side, or at both, is not a demand on the other.
_SELF_OR_BOTH = re.compile(
    r"^\W*(?:we|our|let us|let's)\b|\b(?:each other|one another|each side|neither side)\b"
    r"|\b(?:both|the two|all) (?:sides|governments|countries|parties|nations|leaders|capitals"
    r"|peoples|states)\b",
    re.I,
)


def is_demand(sentence: Sentence, dyad: tuple[str, str]) -> bool:
    """Whether a recommendation asks one side to stop or forgo something.

    Not when it is addressed to the speaker's side or to both: "we", "both sides", or the
    two parties both named before the directive ("Nairobi and Kampala should stop…").
    """
    found = _DEMAND.search(sentence.text)
    if found is None or _SELF_OR_BOTH.search(sentence.text):
        return False
    before = {m.code for m in sentence.actors if m.start < found.start()}
    return not set(dyad) <= before


@dataclass(frozen=True)
class Proposal:
    """A bridging candidate: its sentence, and the issues it concerns."""

    sentence: Sentence
    issues: frozenset[str]  # empty: the relationship as a whole
    kind: str  # "recommendation" or "intent" (a stated intent to act together)


def _intents(documents: Iterable[Document], dyad: tuple[str, str]) -> set[str]:
    pair = set(dyad)
    return {
        e.sentence_id
        for d in documents
        for e in d.events
        if e.cameo.startswith("03") and {e.actor1, e.actor2} == pair
    }


def _concerns(sentence: Sentence, relationship: str | None) -> frozenset[str]:
    if sentence.issue != relationship:
        return frozenset({sentence.issue})
    scores = sentence.issue_scores
    top = scores.get(sentence.issue, 0.0)
    if top <= 0:
        return frozenset()
    return frozenset(
        issue
        for issue, score in scores.items()
        if issue != relationship and score >= RUNNER_UP * top and issue != "other"
    )


def find_proposals(
    documents: Iterable[Document], dyad: tuple[str, str], relationship: str | None
) -> list[Proposal]:
    """The documents' proposals, in text order, with the issues each concerns."""
    docs = list(documents)
    intents = _intents(docs, dyad)
    out = []
    for s in (s for d in docs for s in d.sentences):
        if s.recommendation and not is_demand(s, dyad):
            kind = "recommendation"
        elif s.id in intents and s.valence != "critical":
            kind = "intent"
        else:
            continue
        out.append(Proposal(s, _concerns(s, relationship), kind))
    return out
