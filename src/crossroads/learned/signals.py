"""Features of one sentence for the learned stages: embeddings plus rule signals.

The rules do not decide here; their scores are features beside the MiniLM embedding of
the sentence and of its neighbours in the paragraph. The two parties are marked rather than
named (``party_a_named``, ``third_named``), so a model learnt on some pairs carries to others.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

import numpy as np

from crossroads.annotate.frames import FrameTagger
from crossroads.annotate.issues import IssueClassifier
from crossroads.annotate.recommendation import RecommendationDetector
from crossroads.annotate.taxonomy import default_taxonomy
from crossroads.annotate.valence import ValenceClassifier, _Reading, _side_scores
from crossroads.context import Context
from crossroads.model import AUTHOR, FRAMES, GENRES, VALENCES, Document
from crossroads.models import encode

EMBEDDING_DIM = 384


@lru_cache(maxsize=1)
def _valence() -> ValenceClassifier:
    return ValenceClassifier()


@lru_cache(maxsize=1)
def _frames() -> FrameTagger:
    return FrameTagger()


@lru_cache(maxsize=1)
def _recommendation() -> RecommendationDetector:
    return RecommendationDetector()


def signal_names(issue_ids: list[str]) -> list[str]:
    """The names of the rule features, in the order :func:`sentence_signals` gives them."""
    return [
        *(f"issue_cue:{i}" for i in issue_ids),
        "valence_critical",
        "valence_cooperative",
        "valence_critical_negated",
        "valence_cooperative_negated",
        *(f"frame_cue:{f}" for f in FRAMES),
        "recommendation_cue",
        "party_a_named",
        "party_b_named",
        "both_named",
        "third_named",
        "organisation_named",
        "voice_is_author",
        "voice_is_party",
        "perspective_is_author",
        "perspective_is_party",
        "perspective_is_other",
        "quoted",
        "question",
        "first_sentence",
        *(f"genre:{g}" for g in GENRES),
        *(f"rule_issue:{i}" for i in issue_ids),
        *(f"rule_valence:{v}" for v in VALENCES),
        *(f"rule_frame:{f}" for f in FRAMES),
        "rule_recommendation",
    ]


def document_features(doc: Document, ctx: Context) -> np.ndarray:
    """One row per sentence: own embedding, paragraph-context embedding, rule signals."""
    sentences = doc.sentences
    if not sentences:
        return np.zeros((0, 2 * EMBEDDING_DIM + len(signal_names(default_taxonomy().ids))))
    missing = [i for i, s in enumerate(sentences) if s.embedding is None]
    if missing:
        vectors = encode([sentences[i].text for i in missing])
        for i, v in zip(missing, vectors, strict=True):
            sentences[i].embedding = v
    own = np.stack([np.asarray(s.embedding, dtype=np.float32) for s in sentences])
    context = np.zeros_like(own)
    for i, s in enumerate(sentences):
        near = [
            own[j]
            for j in (i - 1, i + 1)
            if 0 <= j < len(sentences) and sentences[j].paragraph == s.paragraph
        ]
        if s.heading is None and not near and i > 0:
            near = [own[i - 1]]
        context[i] = np.mean(near, axis=0) if near else own[i]
    rules = np.array([sentence_signals(doc, i, ctx) for i in range(len(sentences))])
    return np.hstack([own, context, rules, rule_decisions(doc, ctx)]).astype(np.float32)


def rule_decisions(doc: Document, ctx: Context) -> np.ndarray:
    """The v1 rules' own labels, one-hot: the learned stages learn when to trust them.

    Computed here, whatever stages ran before, so that training (after the rule stages) and
    run time (where a learned stage replaces its rule stage) see the same features. The
    issue rules run on the default taxonomy (the one the models learnt) and the sentences'
    own issue labels are left as they were.
    """
    taxonomy = default_taxonomy()
    ids = list(taxonomy.ids)
    kept = [(s.issue, s.issue_scores, dict(s.cues)) for s in doc.sentences]
    IssueClassifier()(doc, replace(ctx, taxonomy=taxonomy))
    rule_issues = [s.issue for s in doc.sentences]
    for s, (issue, scores, cues) in zip(doc.sentences, kept, strict=True):
        s.issue, s.issue_scores, s.cues = issue, scores, cues
    recommend, frames, valence = _recommendation(), _frames(), _valence()
    rows = []
    for s, rule_issue in zip(doc.sentences, rule_issues, strict=True):
        rec = recommend.detect(s.text)[0]
        val = valence.classify(s.text, s.parse, s.actors, ctx.dyad, rec)[0]
        tagged = set(frames.tag(s.text)[0])
        rows.append(
            [float(rule_issue == i) for i in ids]
            + [float(val == v) for v in VALENCES]
            + [float(f in tagged) for f in FRAMES]
            + [float(rec)]
        )
    return np.array(rows, dtype=np.float32)


def sentence_signals(doc: Document, index: int, ctx: Context) -> list[float]:
    """The rule features of sentence ``index`` (see :func:`signal_names`)."""
    s = doc.sentences[index]
    taxonomy = default_taxonomy()  # the models' taxonomy, whatever the run's
    a, b = ctx.dyad
    issue_cues = [min(issue.cues.score(s.text)[0], 6.0) for issue in taxonomy.issues]
    valence = _valence()
    reading = _Reading(s.parse, s.actors, ctx.dyad) if s.parse is not None else None
    crit, crit_neg, _ = _side_scores(s.text, valence.critical, reading)
    coop, coop_neg, _ = _side_scores(s.text, valence.cooperative, reading, True)
    codes = {m.code for m in s.actors}
    kinds = {m.kind for m in s.actors}
    voice = doc.voice.party if doc.voice else AUTHOR
    genre = doc.voice.genre if doc.voice else "news"
    return [
        *issue_cues,
        min(crit, 6.0),
        min(coop, 6.0),
        min(crit_neg, 6.0),
        min(coop_neg, 6.0),
        *(min(_frames().cues[f].score(s.text)[0], 3.0) for f in FRAMES),
        min(_recommendation().cues.score(s.text)[0], 3.0),
        float(a in codes),
        float(b in codes),
        float(a in codes and b in codes),
        float(bool(codes - {a, b}) and "organisation" not in kinds),
        float("organisation" in kinds),
        float((s.turn or voice) == AUTHOR),
        float((s.turn or voice) in (a, b)),
        float(s.perspective == AUTHOR),
        float(s.perspective in (a, b)),
        float(s.perspective not in (AUTHOR, a, b)),
        float(s.quoted),
        float(s.text.rstrip().endswith("?")),
        float(index == 0),
        *(float(genre == g) for g in GENRES),
    ]
