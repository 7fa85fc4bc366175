"""Bridging proposals: what a dialogue could build on, on the issue it concerns.

The sentences are written for these tests: a fictional exchange between Kenya and Tanzania.
"""

from crossroads.aggregate import build_agenda, build_map
from crossroads.aggregate.bridging import is_demand
from crossroads.annotate.taxonomy import load_taxonomy
from crossroads.model import Document, Event, Mention, Sentence

DYAD = ("KEN", "TZA")


def sent(n, text, persp, issue, valence, rec=False, scores=None, actors=()):
    mentions = []
    for name, code in actors:
        at = text.index(name)
        mentions.append(Mention(at, at + len(name), name, code))
    return Sentence(
        id=f"d1:s{n}",
        text=text,
        start=0,
        end=len(text),
        perspective=persp,
        issue=issue,
        valence=valence,
        recommendation=rec,
        issue_scores=scores or {},
        actors=mentions,
    )


def document() -> Document:
    ss = [
        # Both parties hold positions on trade and on the lake border: both contested.
        sent(
            1, "Nairobi says the maize ban breaks the customs union.", "KEN", "economy", "critical"
        ),
        sent(2, "Dodoma says the ban protects its farmers.", "TZA", "economy", "critical"),
        sent(
            3, "Kenya accuses Tanzania of moving border posts.", "KEN", "regional-order", "critical"
        ),
        sent(
            4,
            "Tanzania says the posts stand where they always stood.",
            "TZA",
            "regional-order",
            "critical",
        ),
        # A demand on one side: a recommendation, but not a bridge.
        sent(
            5,
            "The ministry urged the Tanzanian side to stop harassing Kenyan traders.",
            "KEN",
            "economy",
            "critical",
            rec=True,
            actors=[("Tanzanian", "TZA"), ("Kenyan", "KEN")],
        ),
        # A proposal on the issue itself.
        sent(
            6,
            "The two governments should set up a joint maize inspection at the border.",
            "author",
            "economy",
            "cooperative",
            rec=True,
        ),
        # Background that is common ground: cooperative, names both, proposes nothing.
        sent(
            7,
            "Historically, Kenya and Tanzania built the old East African railway together.",
            "author",
            "economy",
            "cooperative",
            actors=[("Kenya", "KEN"), ("Tanzania", "TZA")],
        ),
        # A relationship-wide proposal whose runner-up issue is the border.
        sent(
            8,
            "The foreign ministers should meet every quarter to settle the survey of the "
            "lake boundary.",
            "author",
            "diplomacy",
            "cooperative",
            rec=True,
            scores={"diplomacy": 3.0, "regional-order": 2.4, "economy": 0.4},
        ),
        # A relationship-wide proposal about the relationship as a whole.
        sent(
            9,
            "A standing commission could review the relationship every year.",
            "author",
            "diplomacy",
            "cooperative",
            rec=True,
            scores={"diplomacy": 4.0, "economy": 0.5, "alignment": 0.3},
        ),
        # A stated intent to act together, not phrased as a recommendation.
        sent(
            10,
            "Kenya and Tanzania announced they would resume talks on the boundary.",
            "author",
            "regional-order",
            "cooperative",
            actors=[("Kenya", "KEN"), ("Tanzania", "TZA")],
        ),
    ]
    doc = Document(id="d1", source="x.txt", sentences=ss)
    doc.events = [Event("KEN", "TZA", "036", 4.0, None, "d1:s10", quad_class=1)]
    return doc


def agenda_by_issue():
    doc = document()
    issues = build_map([doc], DYAD, load_taxonomy())
    return {a.issue: a for a in build_agenda(issues, [doc], DYAD, relationship="diplomacy")}


def test_a_demand_to_stop_is_not_offered_as_a_bridge() -> None:
    agenda = agenda_by_issue()
    cited = {sid for item in agenda.values() for sid in item.bridging}
    assert "d1:s5" not in cited
    assert "d1:s6" in agenda["economy"].bridging


def test_background_common_ground_is_not_a_bridge() -> None:
    doc = document()
    economy = next(e for e in build_map([doc], DYAD, load_taxonomy()) if e.id == "economy")
    assert "d1:s7" in economy.common_ground  # the map still shows where they meet
    assert "d1:s7" not in agenda_by_issue()["economy"].bridging


def test_a_relationship_proposal_goes_to_the_issue_it_names() -> None:
    agenda = agenda_by_issue()
    assert "d1:s8" in agenda["regional-order"].bridging
    assert "d1:s8" not in agenda["economy"].bridging
    # the general one is offered for every contested issue
    assert "d1:s9" in agenda["regional-order"].bridging
    assert "d1:s9" in agenda["economy"].bridging


def test_an_intent_to_act_together_is_a_bridge() -> None:
    agenda = agenda_by_issue()
    assert "d1:s10" in agenda["regional-order"].bridging
    assert f"{len(agenda['regional-order'].bridging)} proposals" in agenda["regional-order"].why


def test_what_is_and_is_not_a_demand() -> None:
    def demand(text, actors=()):
        return is_demand(sent(1, text, "author", "economy", "critical", True, actors=actors), DYAD)

    assert demand("Dodoma must cease the inspections at once.")
    assert demand("Kenya should not impose new levies on Tanzanian rice.")
    assert demand("He called on Nairobi to refrain from unilateral steps.")
    # addressed to both, to oneself, or about what should not befall someone
    assert not demand("Both governments should stop treating trade as a scoreboard.")
    assert not demand(
        "Kenya and Tanzania should stop treating trade as a scoreboard.",
        actors=[("Kenya", "KEN"), ("Tanzania", "TZA")],
    )
    assert not demand("We must stop waiting for the other side.")
    assert not demand("Small traders should not be left to carry the cost.")
    assert not demand("The two ministries should open a hotline.")
