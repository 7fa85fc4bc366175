"""Valence, frames and recommendations on sentences written for these tests."""

import pytest

from crossroads.annotate.frames import FrameTagger
from crossroads.annotate.recommendation import RecommendationDetector
from crossroads.annotate.valence import ValenceClassifier


@pytest.fixture(scope="module")
def valence() -> ValenceClassifier:
    return ValenceClassifier()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The ministry condemned the illegal seizure of the fishing boat.", "critical"),
        ("Warsaw voiced deep concern over the troop build-up near the border.", "critical"),
        ("Officials rejected the accusations as baseless.", "critical"),
        ("The two governments agreed to strengthen cooperation on energy.", "cooperative"),
        ("Both leaders welcomed the resumption of direct flights.", "cooperative"),
        ("The treaty was signed in 1978.", "neutral"),
        ("The islands lie some 200 kilometres off the coast.", "neutral"),
    ],
)
def test_valence(valence: ValenceClassifier, text: str, expected: str) -> None:
    assert valence.classify(text)[0] == expected


def test_negated_cooperation_is_not_cooperative(valence: ValenceClassifier) -> None:
    assert valence.classify("The upgrade is not a sign of closer cooperation.")[0] != "cooperative"


@pytest.mark.parametrize(
    ("text", "frames"),
    [
        ("The constitution forbids foreign bases on national soil.", {"legal", "security"}),
        ("Decades of colonial rule left a deep mistrust of outside powers.", {"historical"}),
        ("Washington ties aid to progress on human rights and free elections.", {"values"}),
        ("The loan will finance roads and help economic growth.", {"development"}),
        ("Any interference in our internal affairs is unacceptable.", {"sovereignty"}),
    ],
)
def test_frames(text: str, frames: set[str]) -> None:
    found = set(FrameTagger().tag(text)[0])
    assert frames <= found


def test_frames_are_empty_for_a_plain_report() -> None:
    assert FrameTagger().tag("The meeting lasted an hour.")[0] == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Both sides should establish a hotline between their coast guards.", True),
        ("It is essential to restore regular ministerial talks.", True),
        ("We urge the other side to stop the survey at once.", True),
        ("The minister proposed a joint committee on water sharing.", True),
        ("The ministers met in Jakarta on Tuesday.", False),
        ("Exports fell by a tenth last year.", False),
    ],
)
def test_recommendation(text: str, expected: bool) -> None:
    assert RecommendationDetector().detect(text)[0] is expected
