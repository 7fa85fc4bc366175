"""The learned review of coded events: which events happen between the two parties.

The document is written for these tests (a fictional week between Kenya and Tanzania).
"""

import numpy as np
import pytest

from crossroads.cameo import lookup
from crossroads.learned.signals import EVENT_ROOTS, decide_roots
from crossroads.pipeline import DEFAULT_STAGES, Pipeline, PipelineConfig, with_stages
from crossroads.readers import read

TEXT = """Kenya and Tanzania trade barbs over maize ban

NAIROBI, March 3, 2026 - Kenya's trade minister met her Tanzanian counterpart in Arusha on
Monday to discuss a ban on maize imports that has stranded hundreds of lorries at the border.

Tanzania imposed the ban last month, saying Kenyan grain carried a fungus. Kenyan officials
called the decision protectionist and demanded that Dodoma lift it at once.

The two ministers agreed to set up a joint laboratory to test grain at the crossing, and
said they would meet again in April.

Traders on both sides say the ban has cost them millions of shillings.
"""


@pytest.fixture(scope="module")
def analysed(tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("ev") / "maize.txt"
    path.write_text(TEXT, encoding="utf-8")
    dyad = ("KEN", "TZA")
    reviewed = Pipeline(dyad).annotate(read(str(path)))
    rules = Pipeline(
        dyad, PipelineConfig(stages=with_stages(DEFAULT_STAGES, ["crossroads.event_review.v1"]))
    ).annotate(read(str(path)))
    return reviewed, rules


def test_reviewed_events_are_rule_events_or_marked_as_the_models(analysed) -> None:
    reviewed, rules = analysed
    proposed = {(e.sentence_id, e.actor1, e.actor2, e.cameo) for e in rules.events}
    assert reviewed.events, "a meeting, a ban, a demand and an agreement are reported"
    for e in reviewed.events:
        if e.trigger.startswith("model ("):
            assert {e.actor1, e.actor2} == {"KEN", "TZA"}
            assert e.cameo[:2] in EVENT_ROOTS and e.cameo.endswith("0")
            assert e.goldstein == lookup(e.cameo).goldstein
            assert e.date is not None  # the dateline dates it
        else:
            assert (e.sentence_id, e.actor1, e.actor2, e.cameo) in proposed


def test_the_ban_and_the_protest_are_events_between_the_parties(analysed) -> None:
    reviewed, _ = analysed
    text = {s.id: s.text for s in reviewed.sentences}
    found = {(text[e.sentence_id], e.actor1, e.cameo[:2]) for e in reviewed.events}

    def roots_of(start: str, actor: str) -> set[str]:
        return {r for t, a, r in found if t.startswith(start) and a == actor}

    assert roots_of("Tanzania imposed the ban", "TZA") & {"16", "17"}  # reduce relations, coerce
    assert roots_of("Kenyan officials called", "KEN") & {"10", "11"}  # demand, disapprove


def test_a_root_the_rules_missed_is_added_and_an_unlikely_one_dropped() -> None:
    emit = np.full(len(EVENT_ROOTS), 0.3)
    p = np.full(len(EVENT_ROOTS), 0.01)
    p[3], p[10] = 0.9, 0.05  # consult likely; disapprove unlikely (< a quarter of its threshold)
    assert decide_roots(p, {10}, emit) == {3}
    p[10] = 0.1  # above a quarter of the threshold: the rule's proposal stays
    assert decide_roots(p, {10}, emit) == {3, 10}
    p[:] = 0.8  # never more than two roots added to one sentence
    assert len(decide_roots(p, set(), emit)) == 2
