"""Recommendations: sentences that prescribe or propose a course of action."""

from __future__ import annotations

from crossroads.annotate.cues import Cues, load_data
from crossroads.context import Context
from crossroads.model import Document
from crossroads.registry import stages

THRESHOLD = 1.0


@stages.register("crossroads.recommendation.v1")
class RecommendationDetector:
    """Flag prescriptive sentences: modal obligation, proposals, appeals, commitments."""

    def __init__(self) -> None:
        self.cues = Cues.from_mapping(load_data("stance.yaml")["recommendation"])

    def detect(self, text: str) -> tuple[bool, str]:
        """Whether one sentence recommends, and the cue words behind it."""
        score, words = self.cues.score(text)
        return score >= THRESHOLD, ", ".join(words[:3])

    def __call__(self, doc: Document, ctx: Context) -> Document:
        for sentence in doc.sentences:
            sentence.recommendation, why = self.detect(sentence.text)
            if sentence.recommendation:
                sentence.cues["recommendation"] = why
        return doc
