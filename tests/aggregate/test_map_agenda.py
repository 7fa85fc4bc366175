"""The perspective map and agenda over hand-annotated sentences."""

from crossroads.aggregate import build_agenda, build_map
from crossroads.annotate.taxonomy import load_taxonomy
from crossroads.model import Document, Event, Sentence

DYAD = ("IND", "CHN")


def sent(n: int, text: str, persp: str, issue: str, valence: str, frames=(), rec=False):
    return Sentence(
        id=f"d1:s{n}",
        text=text,
        start=0,
        end=len(text),
        perspective=persp,
        issue=issue,
        valence=valence,
        frames=list(frames),
        recommendation=rec,
    )


def document() -> Document:
    ss = [
        sent(
            1,
            "New Delhi accused Beijing of moving troops.",
            "IND",
            "regional-order",
            "critical",
            ["security"],
        ),
        sent(
            2,
            "India says the line must be respected.",
            "IND",
            "regional-order",
            "critical",
            ["legal"],
        ),
        sent(
            3,
            "Beijing rejected the claim as baseless.",
            "CHN",
            "regional-order",
            "critical",
            ["sovereignty"],
        ),
        sent(
            4, "China says its patrols are lawful.", "CHN", "regional-order", "neutral", ["legal"]
        ),
        sent(
            5, "Both sides agreed to keep talking.", "author", "diplomacy", "cooperative", [], True
        ),
        sent(
            6,
            "The two countries should set up a hotline for patrol commanders.",
            "author",
            "regional-order",
            "cooperative",
            ["security"],
            True,
        ),
        sent(7, "Trade reached a record last year.", "author", "economy", "neutral"),
        sent(8, "India restricted Chinese apps.", "author", "economy", "critical"),
    ]
    doc = Document(id="d1", source="x.txt", sentences=ss)
    doc.events = [Event("IND", "CHN", "172", -5.0, None, "d1:s8", quad_class=4)]
    return doc


def test_positions_evidence_and_salience() -> None:
    issues = {e.id: e for e in build_map([document()], DYAD, load_taxonomy())}
    border = issues["regional-order"]
    assert border.salience == 5 / 8
    assert set(border.positions) == {"IND", "CHN"}
    assert border.positions["IND"].valence == "critical"
    assert border.positions["IND"].evidence == ["d1:s1", "d1:s2"]
    # stance gap |-1 - -0.5| / 2 = .25; dispute min(1, .5) = .5; frames share "legal": gap .5
    assert border.divergence_parts == {"stance_gap": 0.25, "dispute": 0.5, "frame_gap": 0.5}
    assert border.divergence == 0.8 * 0.5 + 0.2 * 0.5
    assert border.common_ground == ["d1:s6"]


def test_a_party_known_only_by_its_actions_gets_an_inferred_position() -> None:
    issues = {e.id: e for e in build_map([document()], DYAD, load_taxonomy())}
    economy = issues["economy"]
    assert economy.positions["IND"].basis == "actions"
    assert economy.positions["IND"].valence == "critical"
    assert "CHN" not in economy.positions


def test_agenda_puts_contested_issues_first_with_their_proposals() -> None:
    doc = document()
    issues = build_map([doc], DYAD, load_taxonomy())
    agenda = build_agenda(issues, [doc], DYAD, relationship="diplomacy")
    assert agenda[0].issue == "regional-order"
    assert agenda[0].rank == 1
    assert agenda[0].bridging[0] == "d1:s6"
    assert "d1:s5" in agenda[0].bridging  # relationship-wide proposal offered too
    assert "IND critical" in agenda[0].why and "CHN" in agenda[0].why
    assert [a.rank for a in agenda] == list(range(1, len(agenda) + 1))


def test_a_position_from_actions_has_a_balance_that_agrees_with_its_valence() -> None:
    """A neutrally narrated sanction makes the actor critical; its balance bar must say so."""
    doc = document()
    doc.sentences.append(
        sent(
            9,
            "India added twelve Chinese firms to its export control list.",
            "author",
            "alignment",
            "neutral",
        )
    )
    doc.events.append(Event("IND", "CHN", "163", -8.0, None, "d1:s9", quad_class=4))
    issues = {e.id: e for e in build_map([doc], DYAD, load_taxonomy())}
    pos = issues["alignment"].positions["IND"]
    assert pos.basis == "actions" and pos.valence == "critical"
    assert pos.balance == -1.0 and pos.critical_share == 1.0
