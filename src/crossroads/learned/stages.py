"""The ``v2`` stages: learned decisions for perspective, issue, valence, frames and
recommendation.

Each runs where its ``v1`` rule stage would and gives every label a confidence (the model's
probability). The features are computed once per document (:mod:`.signals`). The issue
model knows the default taxonomy only; with another taxonomy the issue stage falls back to
the ``v1`` rules and says so in the sentence's cues.
"""

from __future__ import annotations

import numpy as np

from crossroads.annotate.frames import explain
from crossroads.annotate.issues import IssueClassifier
from crossroads.annotate.perspective import PerspectiveTagger, rule_basis
from crossroads.cameo import lookup
from crossroads.context import Context
from crossroads.learned.signals import (
    EVENT_ROOTS,
    decide_frames,
    decide_roots,
    document_context,
    document_features,
    event_candidates,
    perspective_class,
    perspective_code,
    perspective_features,
    rule_frames,
    third_parties,
    trees_decide,
)
from crossroads.learned.weights import LinearModel, TreeModel, load_model, load_tree_model
from crossroads.model import FRAMES, Document, Event, Sentence
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
            texts = [s.text for s in doc.sentences]
            for sentence, p in zip(
                doc.sentences, self.model.proba(self.rows(doc, ctx), texts), strict=True
            ):
                self.label(sentence, p)
        return doc

    def rows(self, doc: Document, ctx: Context) -> np.ndarray:
        """The model's feature rows for the document's sentences."""
        return features(doc, ctx)

    def label(self, sentence: Sentence, p: np.ndarray) -> None:
        raise NotImplementedError


@stages.register("crossroads.issues.v2")
class LearnedIssues(_LearnedStage):
    """Issue from a softmax over the embedding, the paragraph and document context and the
    cue scores."""

    task = "issue"

    def __call__(self, doc: Document, ctx: Context) -> Document:
        if ctx.taxonomy is not None and list(ctx.taxonomy.ids) != self.model.classes:
            doc = IssueClassifier()(doc, ctx)
            for s in doc.sentences:
                s.cues["issue_model"] = "custom taxonomy: rules (v1)"
            return doc
        return super().__call__(doc, ctx)

    def rows(self, doc: Document, ctx: Context) -> np.ndarray:
        """The shared rows plus the document around each sentence."""
        rows = features(doc, ctx)
        return np.hstack([rows, document_context(rows)])

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
    """Frames as one yes/no decision per frame, each with its tuned threshold; a frame the
    rules' lexicon finds needs only ``FRAMES_RULE_FLOOR`` (:func:`decide_frames`)."""

    task = "frames"

    def label(self, sentence: Sentence, p: np.ndarray) -> None:
        cut = self.model.thresholds if self.model.thresholds is not None else np.full(len(p), 0.5)
        tagged = rule_frames().found(sentence.text)
        rules = np.array([float(f in tagged) for f in self.model.classes])
        yes = decide_frames(p, rules, cut) > 0
        chosen = {self.model.classes[j] for j in np.flatnonzero(yes)}
        sentence.frames = [f for f in FRAMES if f in chosen]
        # the lexicon's words behind each frame it found and the model kept, as v1 gives them
        why = explain({f: tagged[f] for f in sentence.frames if f in tagged})
        if why:
            sentence.cues["frames"] = why
        # the probability that the whole set of yes/no decisions is right
        sure = np.where(yes, p, 1 - p)
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
    """The attribution rules (``v1``), then boosted trees where the rules are unsure.

    The trees see how each rule decision was reached (an attributed speech verb, a carried
    view, the writer's voice), the document's voice, the neighbours' decisions and who is
    named, and answer author, either party, or a third party. They decide the sentences
    whose rule basis is unsure (a view carried on from an earlier sentence, a generic
    group's voice: ``UNSURE_BASES``); elsewhere the rules' answer stands, with the trees'
    probability of it as its confidence.
    """

    def __init__(self) -> None:
        self.rules = PerspectiveTagger()
        self.model: TreeModel = load_tree_model("perspective")

    def __call__(self, doc: Document, ctx: Context) -> Document:
        doc = self.rules(doc, ctx)
        if not doc.sentences:
            return doc
        proba = self.model.proba(perspective_features(doc, ctx))
        classes = self.model.classes
        for sentence, p in zip(doc.sentences, proba, strict=True):
            rule = sentence.perspective
            if not trees_decide(rule_basis(sentence)):
                kept = classes.index(perspective_class(rule, ctx.dyad))
                sentence.confidence["perspective"] = round(float(p[kept]), 3)
                continue
            best = int(p.argmax())
            thirds = third_parties(sentence, ctx.dyad)
            code = perspective_code(classes[best], ctx.dyad, rule, thirds)
            if code != rule:
                why = sentence.cues.get("perspective", "")
                sentence.cues["perspective"] = f"model over the rules' {rule} ({why})"
            sentence.perspective = code
            sentence.confidence["perspective"] = round(float(p[best]), 3)
        return doc


@stages.register("crossroads.event_review.v2")
class LearnedEventReview:
    """Which events happen between the two parties, sentence by sentence, learned.

    The rule coders (``events.v1``, ``statement_events.v1``) propose; a model over the
    sentence's embedding, its rule signals and those proposals gives each CAMEO root a
    probability. A proposal the model finds unlikely is dropped, and a root the rules missed
    is added as the root's general code ("040 Consult"), directed from the sentence's voice
    when it is a party, and marked ``model (p)`` in its trigger. Events with a third party
    pass untouched. A report or analysis keeps the rules' events: held out by genre, the
    review lost there (README, "Learned stages").
    """

    def __init__(self) -> None:
        self.model: LinearModel = load_model("events")

    def __call__(self, doc: Document, ctx: Context) -> Document:
        if not doc.sentences or (doc.voice is not None and doc.voice.genre == "report"):
            return doc
        candidates = event_candidates(doc, ctx)
        texts = [s.text for s in doc.sentences]
        proba = self.model.proba(np.hstack([features(doc, ctx), candidates]), texts)
        emit = self.model.thresholds
        assert emit is not None  # fitted with per-root thresholds
        pair = set(ctx.dyad)
        by_sentence: dict[str, list[Event]] = {}
        for e in doc.events:
            if {e.actor1, e.actor2} == pair:
                by_sentence.setdefault(e.sentence_id, []).append(e)
        others = [e for e in doc.events if {e.actor1, e.actor2} != pair]
        decided: list[Event] = []
        for sentence, p in zip(doc.sentences, proba, strict=True):
            proposed = by_sentence.get(sentence.id, [])
            roots = {EVENT_ROOTS.index(e.cameo[:2]) for e in proposed if e.cameo[:2] in EVENT_ROOTS}
            for k in sorted(decide_roots(p, roots, emit)):
                same = [e for e in proposed if e.cameo[:2] == EVENT_ROOTS[k]]
                if same:
                    decided.append(same[0])
                else:
                    decided.append(
                        _model_event(EVENT_ROOTS[k], float(p[k]), sentence, proposed, doc, ctx.dyad)
                    )
        doc.events = sorted(others + decided, key=lambda e: int(e.sentence_id.rsplit(":s", 1)[1]))
        return doc


def _model_event(
    root: str,
    p: float,
    sentence: Sentence,
    proposed: list[Event],
    doc: Document,
    dyad: tuple[str, str],
) -> Event:
    """An event the rules missed: direction from a proposal, the voice, or who is named first."""
    if proposed:
        source, target = proposed[0].actor1, proposed[0].actor2
    else:
        named = [m.code for m in sorted(sentence.actors, key=lambda m: m.start) if m.code in dyad]
        source = (
            sentence.perspective
            if sentence.perspective in dyad
            else (named[0] if named else dyad[0])
        )
        target = dyad[1 - dyad.index(source)]
    code = lookup(f"{root}0")
    date = next((e.date for e in proposed if e.date), None) or doc.date
    return Event(
        source,
        target,
        code.code,
        code.goldstein,
        date,
        sentence.id,
        trigger=f"model ({p:.2f})",
        quad_class=code.quad_class,
    )
