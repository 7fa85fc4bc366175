"""Event coding: who did what to whom, and when, as a human CAMEO coder would read it."""

from __future__ import annotations

import re

import pytest

from crossroads.annotate.events import EventCoder, intent_code
from crossroads.cameo import cameo_table
from crossroads.context import Context
from crossroads.model import Document, Mention, Sentence
from crossroads.models import spacy_pipeline
from crossroads.registry import stages

# A small hand-made gazetteer, so these tests do not depend on the actors stage.
NAMES = {
    r"United States|U\.S\.|US|Washington|American": "USA",
    r"Cambodia|Cambodian|Phnom Penh": "KHM",
    r"China|Chinese|Beijing": "CHN",
    r"India|Indian|New Delhi": "IND",
    r"Philippines|Philippine|Manila": "PHL",
    r"Russia|Russian|Moscow": "RUS",
    r"European Union|EU": "EU",
    r"Japan|Japanese|Tokyo": "JPN",
    r"South Korea|South Korean|Seoul": "KOR",
    r"Vietnam|Vietnamese|Hanoi": "VNM",
    r"Australia|Australian|Canberra": "AUS",
    r"Brazil|Brazilian": "BRA",
}
DOC_DATE = "2024-06-07"  # a Friday


def mentions(text: str) -> list[Mention]:
    found = [
        Mention(m.start(), m.end(), m.group(0), code)
        for pattern, code in NAMES.items()
        for m in re.finditer(rf"\b(?:{pattern})\b", text)
    ]
    return sorted(found, key=lambda m: m.start)


def sentence(text: str, sid: str = "d1:s1") -> Sentence:
    return Sentence(sid, text, 0, len(text), actors=mentions(text), parse=spacy_pipeline()(text))


@pytest.fixture(scope="module")
def coder() -> EventCoder:
    return EventCoder()


def code(coder: EventCoder, text: str, dyad: tuple[str, str] = ("USA", "KHM")) -> list:
    events, _ = coder.code_sentence(sentence(text), DOC_DATE, dyad)
    return [(e.actor1, e.actor2, e.cameo[:2], e.date) for e in events]


@pytest.mark.parametrize(
    ("text", "dyad", "expected"),
    [
        (
            "Indian and Chinese military commanders held talks on the border on Monday.",
            ("IND", "CHN"),
            ("IND", "CHN", "04", "2024-06-03"),
        ),
        (
            "Brazilian President Lula visited Washington in February 2023.",
            ("BRA", "USA"),
            ("BRA", "USA", "04", "2023-02"),
        ),
        (
            "A Chinese coast guard vessel fired a water cannon at a Philippine supply boat "
            "on Saturday.",
            ("PHL", "CHN"),
            ("CHN", "PHL", "17", "2024-06-01"),
        ),
        (
            "The European Union imposed new sanctions on Russia last week.",
            ("EU", "RUS"),
            ("EU", "RUS", "16", "2024-05"),
        ),
        (
            "Japan and South Korea signed an agreement on intelligence sharing in November 2016.",
            ("JPN", "KOR"),
            ("JPN", "KOR", "05", "2016-11"),
        ),
        (
            "Vietnamese Defence Minister Phan Van Giang hosted US Secretary of Defense "
            "Lloyd Austin in Hanoi on Friday.",
            ("VNM", "USA"),
            ("VNM", "USA", "04", "2024-06-07"),
        ),
        (
            "Australia accused China of economic coercion.",
            ("AUS", "CHN"),
            ("AUS", "CHN", "11", None),
        ),
        (
            "Manila summoned the Chinese ambassador yesterday.",
            ("PHL", "CHN"),
            ("PHL", "CHN", "11", "2024-06-06"),
        ),
        (
            "The United States expressed concern over China's construction at the base.",
            ("USA", "CHN"),
            ("USA", "CHN", "11", None),
        ),
        (
            "India urged China to withdraw troops from the disputed areas.",
            ("IND", "CHN"),
            ("IND", "CHN", "02", None),
        ),
        (
            "Beijing warned Manila of serious consequences.",
            ("PHL", "CHN"),
            ("CHN", "PHL", "13", None),
        ),
        (
            "Cambodia was visited by a US delegation in March.",
            ("USA", "KHM"),
            ("USA", "KHM", "04", "2024-03"),
        ),
        (
            "Washington suspended joint military exercises with Cambodia in 2017.",
            ("USA", "KHM"),
            ("USA", "KHM", "16", "2017"),
        ),
        (
            "Russia dismissed the accusations as baseless.",
            ("EU", "RUS"),
            ("RUS", "EU", "12", None),
        ),
        (
            "Vietnam and the United States upgraded their relationship to a comprehensive "
            "strategic partnership in September 2023.",
            ("VNM", "USA"),
            ("VNM", "USA", "05", "2023-09"),
        ),
        (
            "The US imposed visa restrictions on Cambodian officials in 2021.",
            ("USA", "KHM"),
            ("USA", "KHM", "17", "2021"),
        ),
        (
            "Beijing lodged a protest with Canberra over the incident.",
            ("AUS", "CHN"),
            ("CHN", "AUS", "11", None),
        ),
        (
            "Canberra welcomed Beijing's decision to lift tariffs on Australian barley "
            "earlier this month.",
            ("AUS", "CHN"),
            ("AUS", "CHN", "05", "2024-06"),
        ),
    ],
)
def test_a_reported_event_is_coded(
    coder: EventCoder, text: str, dyad: tuple[str, str], expected: tuple
) -> None:
    assert expected in code(coder, text, dyad)


@pytest.mark.parametrize(
    "text",
    [
        "The relationship is complex.",
        "Critics argue that Washington's approach to Cambodia has been inconsistent.",
        "US-Cambodia relations have been strained for years.",
        "The United States and Cambodia could benefit from a regular strategic dialogue.",
        "The United States should invite Cambodia to joint exercises.",
        "US officials did not visit Cambodia.",
        "If China attacks the Philippines, the United States would respond.",
        "The US supports a free and open Indo-Pacific.",
        "Will Washington sanction Cambodia again?",
    ],
)
def test_analysis_and_unreal_events_give_nothing(coder: EventCoder, text: str) -> None:
    assert code(coder, text) == []


def test_the_dyad_fills_the_missing_counterpart(coder: EventCoder) -> None:
    text = "The visit of Adm. John Doe, commander of the US Pacific Fleet, came a week later."
    assert ("USA", "KHM", "04", None) in code(coder, text, ("KHM", "USA"))
    # a third party named in the sentence blocks the dyad rule
    assert code(coder, "A US destroyer docked at Ream on Thursday.", ("USA", "KHM")) == [
        ("USA", "KHM", "04", "2024-06-06")
    ]


def test_stated_intentions_are_intent_codes(coder: EventCoder) -> None:
    events = code(coder, "China and India agreed to resume border talks.", ("IND", "CHN"))
    assert events == [("CHN", "IND", "03", None)]
    said = code(coder, "Tokyo said it would send aid to Manila.", ("JPN", "PHL"))
    assert said and said[0][:3] == ("JPN", "PHL", "03")
    assert intent_code("163") == "1312" and intent_code("042") == "036"


def test_an_accusation_does_not_code_the_alleged_act(coder: EventCoder) -> None:
    events = code(coder, "The Philippines accused China of ramming its vessel.", ("PHL", "CHN"))
    assert events == [("PHL", "CHN", "11", None)]


def test_third_parties_are_coded(coder: EventCoder) -> None:
    text = "China endorsed the July 2023 election in Cambodia."
    assert code(coder, text, ("USA", "KHM")) == [("CHN", "KHM", "05", "2023-07")]


def test_the_stage_fills_document_events() -> None:
    texts = [
        "The Philippine coast guard said Chinese vessels blocked and rammed its boats on June 17.",
        "The relationship is complex.",
        "Manila lodged a diplomatic protest with Beijing on Tuesday.",
    ]
    doc = Document(id="d1", source="test", date=DOC_DATE)
    doc.sentences = [sentence(t, f"d1:s{i}") for i, t in enumerate(texts)]
    stage = stages.make("crossroads.events.v1")
    stage(doc, Context(dyad=("PHL", "CHN")))
    got = {(e.actor1, e.actor2, e.cameo[:2], e.sentence_id) for e in doc.events}
    assert ("CHN", "PHL", "19", "d1:s0") in got  # blocked: impose blockade
    assert ("CHN", "PHL", "17", "d1:s0") in got  # rammed: damage property
    assert ("PHL", "CHN", "11", "d1:s2") in got
    assert not [e for e in doc.events if e.sentence_id == "d1:s1"]
    for event in doc.events:
        entry = cameo_table()[event.cameo]
        assert event.goldstein == entry.goldstein
        assert event.quad_class == entry.quad_class
        assert set(event.to_contract()) >= {"actor1", "actor2", "cameo", "goldstein", "date"}
    dates = {e.sentence_id: e.date for e in doc.events}
    assert dates["d1:s0"] == "2024-06-17" and dates["d1:s2"] == "2024-06-04"


def test_at_most_a_few_events_per_sentence(coder: EventCoder) -> None:
    text = (
        "Australia criticized, condemned and denounced China, and Canberra also "
        "criticized Beijing again."
    )
    events = code(coder, text, ("AUS", "CHN"))
    assert len(events) == len(set(events)) == 1


def test_missing_parse_and_actors_are_computed() -> None:
    text = "Manila summoned the Chinese ambassador on Monday."
    bare = Sentence("d1:s0", text, 0, len(text))
    events, _ = EventCoder().code_sentence(bare, DOC_DATE, ("PHL", "CHN"))
    try:
        import crossroads.annotate.actors  # noqa: F401
    except ImportError:
        assert events == []
        return
    assert [(e.actor1, e.actor2, e.cameo, e.date) for e in events] == [
        ("PHL", "CHN", "110", "2024-06-03")
    ]
