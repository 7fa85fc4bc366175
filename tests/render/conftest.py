"""A small, hand-labelled India–China analysis for the renderer tests.

Two documents: an analyst's commentary on the October 2024 border patrolling agreement
(with a reported Indian view, a Chinese rebuttal and the author's proposals) and a Chinese
foreign-ministry briefing. Offsets are computed from the text so they are exact.
"""

from __future__ import annotations

import pytest

from crossroads.model import (
    AgendaItem,
    Analysis,
    Document,
    Event,
    IssueEntry,
    Position,
    Sentence,
)

# (paragraph heading or None, [(perspective, issue, valence, frames, recommendation, text)])
COMMENTARY = [
    (
        "A thaw on the LAC",
        [
            (
                "author",
                "regional-order",
                "neutral",
                [],
                False,
                "On 21 October 2024 India and China agreed on patrolling arrangements along the "
                "Line of Actual Control.",
            ),
            (
                "IND",
                "regional-order",
                "critical",
                ["security", "sovereignty"],
                False,
                "New Delhi insists that peace on the border is the basis of the whole "
                "relationship.",
            ),
            (
                "IND",
                "regional-order",
                "critical",
                ["security"],
                False,
                "Indian officials say the 2020 Galwan clash destroyed the trust built over three "
                "decades.",
            ),
        ],
    ),
    (
        None,
        [
            (
                "CHN",
                "regional-order",
                "critical",
                ["historical", "sovereignty"],
                False,
                "Beijing replies that the boundary question is a legacy of history and should "
                "not define the relationship.",
            ),
            (
                "CHN",
                "economy",
                "cooperative",
                ["development"],
                False,
                "Chinese commentators argue that trade and investment should not be held "
                "hostage to the border.",
            ),
            (
                "IND",
                "economy",
                "critical",
                ["security"],
                False,
                "India has kept its screening of Chinese investment and its ban on Chinese apps "
                "in place.",
            ),
        ],
    ),
    (
        "What next",
        [
            (
                "author",
                "regional-order",
                "cooperative",
                ["pragmatic"],
                True,
                "Both sides should restore the Special Representatives talks on the boundary "
                "question.",
            ),
            (
                "author",
                "diplomacy",
                "cooperative",
                ["pragmatic"],
                True,
                "Resuming direct flights and journalist visas would rebuild some trust.",
            ),
            (
                "author",
                "other",
                "neutral",
                [],
                False,
                'One leaked draft was posted online with a stray <script>alert("x")</script> '
                "tag & a broken | table.",
            ),
        ],
    ),
]

BRIEFING = [
    (
        None,
        [
            (
                "CHN",
                "regional-order",
                "cooperative",
                ["pragmatic"],
                False,
                "China and India have reached a resolution on the relevant issues concerning "
                "the border area.",
            ),
            (
                "CHN",
                "diplomacy",
                "cooperative",
                ["historical", "pragmatic"],
                False,
                "China is ready to work with India to implement the important common "
                "understandings reached by the two leaders.",
            ),
            (
                "CHN",
                "economy",
                "cooperative",
                ["development"],
                True,
                "The two sides should expand practical cooperation in trade and investment.",
            ),
        ],
    ),
]


def build_document(doc_id: str, paragraphs: list, **meta: object) -> Document:
    """A Document whose text, sentence ids and offsets come from ``paragraphs``."""
    text = ""
    sentences = []
    n = 0
    for heading, rows in paragraphs:
        if text:
            text += "\n\n"
        if heading:
            text += heading + "\n\n"
        for i, (persp, issue, valence, frames, rec, body) in enumerate(rows):
            if i:
                text += " "
            n += 1
            start = len(text)
            text += body
            sentences.append(
                Sentence(
                    id=f"{doc_id}:s{n}",
                    text=body,
                    start=start,
                    end=len(text),
                    heading=heading,
                    perspective=persp,
                    issue=issue,
                    valence=valence,
                    frames=list(frames),
                    recommendation=rec,
                )
            )
    return Document(id=doc_id, text=text, sentences=sentences, **meta)  # type: ignore[arg-type]


def position(
    party: str, valence: str, frames: list[str], evidence: list[str], balance: float, summary: str
) -> Position:
    return Position(
        party=party,
        valence=valence,
        frames=frames,
        evidence=evidence,
        summary=summary,
        balance=balance,
    )


def india_china() -> Analysis:
    commentary = build_document(
        "d1",
        COMMENTARY,
        source="samples/lac-thaw.txt",
        title="A thaw on the <b>LAC</b>?",
        author="R. Mehta",
        date="2024-10-25",
        notes=["The views expressed are the author's own."],
    )
    commentary.events = [
        Event("IND", "CHN", "057", 8.0, "2024-10-21", "d1:s1"),
        Event("CHN", "IND", "190", -10.0, "2020-06-15", "d1:s3"),
        Event("IND", "CHN", "163", -8.0, "2020-06", "d1:s6"),
    ]
    briefing = build_document(
        "d2",
        BRIEFING,
        source="https://www.fmprc.gov.cn/eng/xw/fyrbt/202410/t20241022.html",
        title="Foreign Ministry Spokesperson's Regular Press Conference",
        author=None,
        date="2024-10-22",
        kind="html",
    )
    briefing.events = [
        Event("CHN", "IND", "036", 4.0, "2024-10-22", "d2:s2"),
        Event("CHN", "IND", "012", -0.4, None, "d2:s1"),
    ]
    issues = [
        IssueEntry(
            id="regional-order",
            label="Regional order & borders",
            salience=0.46,
            divergence=0.62,
            positions={
                "IND": position(
                    "IND",
                    "critical",
                    ["security", "sovereignty"],
                    ["d1:s2", "d1:s3"],
                    -1.0,
                    "Peace on the border comes first.",
                ),
                "CHN": position(
                    "CHN",
                    "neutral",
                    ["historical", "sovereignty", "pragmatic"],
                    ["d1:s4", "d2:s1"],
                    0.0,
                    "The border should not define ties.",
                ),
                "author": position(
                    "author",
                    "cooperative",
                    ["pragmatic"],
                    ["d1:s1", "d1:s7"],
                    0.5,
                    "Restore structured talks.",
                ),
            },
            common_ground=["d2:s1"],
            sentences=6,
        ),
        IssueEntry(
            id="economy",
            label="Economy",
            salience=0.23,
            divergence=0.71,
            positions={
                "IND": position(
                    "IND",
                    "critical",
                    ["security"],
                    ["d1:s6"],
                    -1.0,
                    "Screening of Chinese capital stays.",
                ),
                "CHN": position(
                    "CHN",
                    "cooperative",
                    ["development"],
                    ["d1:s5", "d2:s3"],
                    1.0,
                    "Trade should be insulated from the border.",
                ),
            },
            common_ground=[],
            sentences=3,
        ),
        IssueEntry(
            id="diplomacy",
            label="Diplomacy",
            salience=0.15,
            divergence=None,
            positions={
                "CHN": position(
                    "CHN",
                    "cooperative",
                    ["historical", "pragmatic"],
                    ["d2:s2"],
                    1.0,
                    "Implement the leaders' understandings.",
                ),
            },
            common_ground=[],
            sentences=2,
        ),
    ]
    agenda = [
        AgendaItem("economy", 2, 0.55, "Trade and investment curbs remain.", ["d2:s3"]),
        AgendaItem(
            "regional-order",
            1,
            0.81,
            "The core dispute; patrolling deal is fresh and fragile.",
            ["d1:s7"],
        ),
    ]
    return Analysis(
        dyad=("IND", "CHN"),
        documents=[commentary, briefing],
        issues=issues,
        agenda=agenda,
    )


def empty_analysis() -> Analysis:
    """One document with no metadata, no labelled issue, no agenda and no events."""
    doc = build_document(
        "d1",
        [(None, [("author", "other", "neutral", [], False, "Nothing of note here.")])],
        source="",
    )
    return Analysis(dyad=("VNM", "USA"), documents=[doc])


@pytest.fixture
def analysis() -> Analysis:
    """The India–China example."""
    return india_china()


@pytest.fixture
def empty() -> Analysis:
    """An analysis with nothing to map."""
    return empty_analysis()
