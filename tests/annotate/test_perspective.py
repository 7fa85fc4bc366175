"""Whose view each sentence expresses, on short texts written for these tests."""

from __future__ import annotations

import pytest

from crossroads.model import Document
from crossroads.pipeline import Pipeline, PipelineConfig

STAGES = (
    "crossroads.segment.v1",
    "crossroads.parse.v1",
    "crossroads.actors.v1",
    "crossroads.perspective.v1",
)


def voices(text: str, dyad: tuple[str, str]) -> list[tuple[str, str]]:
    pipe = Pipeline(dyad, PipelineConfig(stages=STAGES))
    doc = pipe.annotate(Document(id="d1", source="t.txt", text=text))
    return [(s.text, s.perspective) for s in doc.sentences]


ESSAY = """The relationship between the two neighbours has rarely been simple. The last decade has tested it. Energy is where it is tested most.

Warsaw has voiced growing concern about the pipeline. Polish officials argue that it would deepen Europe's dependence on a single supplier. This view is shared across the political spectrum.

From the German perspective, the project is a commercial venture. Berlin insists that it breaks no European rule. Moreover, the company behind it is registered in Switzerland.

Both governments should set up a joint energy council to review such projects before they are approved. It could meet twice a year. Its reports should be public.
"""


@pytest.fixture(scope="module")
def essay() -> list[tuple[str, str]]:
    return voices(ESSAY, ("POL", "DEU"))


def test_reported_views_and_their_carry_over(essay: list[tuple[str, str]]) -> None:
    assert [p for _, p in essay] == [
        "author",
        "author",
        "author",
        "POL",
        "POL",
        "POL",
        "DEU",
        "DEU",
        "DEU",
        "author",
        "author",
        "author",
    ]


def test_joint_subject_is_the_shared_voice_and_according_to_names_the_source() -> None:
    text = (
        "The two foreign ministers agreed to meet again in June.\n\n"
        "According to Seoul, the talks were productive.\n\n"
        "Critics in both capitals were less sure."
    )
    got = voices(text, ("KOR", "JPN"))
    assert got[0][1] == "author"
    assert got[1][1] == "KOR"


def test_a_quoted_spokesperson_keeps_the_voice_of_the_ministry_that_spoke_first() -> None:
    text = (
        "Beijing on Monday criticised the new tariffs imposed by Ottawa.\n\n"
        '"These measures violate trade rules," spokesperson Lin Mei said.\n\n'
        "Lin added that China would respond."
    )
    got = voices(text, ("CAN", "CHN"))
    assert [p for _, p in got] == ["CHN", "CHN", "CHN"]


def test_a_ministry_statement_speaks_for_its_country() -> None:
    text = (
        "MINISTRY OF FOREIGN AFFAIRS OF THE REPUBLIC OF GHANA\n"
        "Statement on the border incident\n\n"
        "The Government is gravely concerned by the incursion reported on 3 May.\n\n"
        "We urge the authorities of Togo to investigate the matter without delay.\n\n"
        "Our country remains committed to good neighbourliness."
    )
    got = voices(text, ("GHA", "TGO"))
    assert {p for _, p in got} == {"GHA"}
