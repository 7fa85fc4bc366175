"""The ``v2`` stages: learned decisions for perspective, issue, valence, frames and
recommendation.

Each runs where its ``v1`` rule stage would and gives every label a confidence (the model's
probability). The features are computed once per document (:mod:`.signals`). The issue
model knows the default taxonomy only; with another taxonomy the issue stage falls back to
the ``v1`` rules and says so in the sentence's cues.
"""

from __future__ import annotations

import numpy as np

from crossroads.annotate.issues import IssueClassifier
from crossroads.annotate.perspective import PerspectiveTagger
from crossroads.context import Context
from crossroads.learned.signals import (
    document_features,
    perspective_code,
    perspective_features,
    third_parties,
)
from crossroads.learned.weights import LinearModel, TreeModel, load_model, load_tree_model
from crossroads.model import FRAMES, Document, Sentence
from crossroads.registry import stages

_FEATURES = "learned_features"  # key of the per-document feature cache in ctx.options


def features(doc: Document, ctx: Context) -> np.ndarray:
    """The document's feature rows, computed by the first learned stage that needs them."""
    cached = ctx.options.get(_FEATURES)
    if cached is not None and cached[0] is doc and len(cached[1]) == len(doc.sentences):
        return np.asarray(cached[1])
    rows = document_features(doc, ctx)
    ctx.options[_FEATURES] = (doc, rows)
    return rows


class _LearnedStage:
    """Loads its task's weights once; labels each sentence from its row of probabilities."""

    task = ""

    def __init__(self) -> None:
        self.model: LinearModel = load_model(self.task)

    def __call__(self, doc: Document, ctx: Context) -> Document:
        if doc.sentences:
            for sentence, p in zip(
                doc.sentences, self.model.proba(features(doc, ctx)), strict=True
            ):
                self.label(sentence, p)
        return doc

    def label(self, sentence: Sentence, p: np.ndarray) -> None:
        raise NotImplementedError


@stages.register("crossroads.issues.v2")
class LearnedIssues(_LearnedStage):
    """Issue from a softmax over the embedding, the paragraph context and the cue scores."""

    task = "issue"

    def __call__(self, doc: Document, ctx: Context) -> Document:
        if ctx.taxonomy is not None and list(ctx.taxonomy.ids) != self.model.classes:
            doc = IssueClassifier()(doc, ctx)
            for s in doc.sentences:
                s.cues["issue_model"] = "custom taxonomy: rules (v1)"
            return doc
        return super().__call__(doc, ctx)

    def label(self, sentence: Sentence, p: np.ndarray) -> None:
        order = np.argsort(-p)
        sentence.issue = self.model.classes[int(order[0])]
        sentence.issue_scores = {
            self.model.classes[int(j)]: round(float(p[j]), 3) for j in order[:3]
        }
        sentence.confidence["issue"] = round(float(p[order[0]]), 3)


@stages.register("crossroads.valence.v2")
class LearnedValence(_LearnedStage):
    """Valence toward the other party from the embedding, lexicon scores and who is named."""

    task = "valence"

    def label(self, sentence: Sentence, p: np.ndarray) -> None:
        best = int(p.argmax())
        sentence.valence = self.model.classes[best]
        sentence.confidence["valence"] = round(float(p[best]), 3)


@stages.register("crossroads.frames.v2")
class LearnedFrames(_LearnedStage):
    """Frames as one yes/no decision per frame, each with its tuned threshold."""

    task = "frames"

    def label(self, sentence: Sentence, p: np.ndarray) -> None:
        cut = self.model.thresholds if self.model.thresholds is not None else np.full(len(p), 0.5)
        chosen = {self.model.classes[j] for j in range(len(p)) if p[j] >= cut[j]}
        sentence.frames = [f for f in FRAMES if f in chosen]
        # the probability that the whole set of yes/no decisions is right
        sure = np.where(p >= cut, p, 1 - p)
        sentence.confidence["frames"] = round(float(np.prod(sure)), 3)


@stages.register("crossroads.recommendation.v2")
class LearnedRecommendation(_LearnedStage):
    """Whether the sentence proposes or prescribes a course of action."""

    task = "recommendation"

    def label(self, sentence: Sentence, p: np.ndarray) -> None:
        cut = float(self.model.thresholds[0]) if self.model.thresholds is not None else 0.5
        sentence.recommendation = bool(p[0] >= cut)
        sure = p[0] if sentence.recommendation else 1 - p[0]
        sentence.confidence["recommendation"] = round(float(sure), 3)


@stages.register("crossroads.perspective.v2")
class LearnedPerspective:
    """The attribution rules (``v1``), then boosted trees that learn when to trust them.

    The trees see how each rule decision was reached (an attributed speech verb, a carried
    view, the writer's voice), the document's voice, the neighbours' decisions and who is
    named, and answer author, either party, or a third party.
    """

    def __init__(self) -> None:
        self.rules = PerspectiveTagger()
        self.model: TreeModel = load_tree_model("perspective")

    def __call__(self, doc: Document, ctx: Context) -> Document:
        doc = self.rules(doc, ctx)
        if not doc.sentences:
            return doc
        proba = self.model.proba(perspective_features(doc, ctx))
        for sentence, p in zip(doc.sentences, proba, strict=True):
            best = int(p.argmax())
            label = self.model.classes[best]
            rule = sentence.perspective
            code = perspective_code(label, ctx.dyad, rule, third_parties(sentence, ctx.dyad))
            if code != rule:
                why = sentence.cues.get("perspective", "")
                sentence.cues["perspective"] = f"model over the rules' {rule} ({why})"
            sentence.perspective = code
            sentence.confidence["perspective"] = round(float(p[best]), 3)
        return doc
