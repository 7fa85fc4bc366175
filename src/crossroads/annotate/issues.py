"""Issue classification: cue patterns plus prototype embeddings, smoothed by context.

Each sentence gets a score per issue: the weights of the taxonomy's cue patterns it
contains, plus its cosine similarity to the issue's prototype embedding (scaled so that a
clear semantic match weighs like one strong cue). Sentences that name no issue of their
own ("This view is fuelled by ...") lean on their paragraph and section heading: the
previous sentence's scores and the heading's scores are added with smaller weights.
"""

from __future__ import annotations

import numpy as np

from crossroads.annotate.taxonomy import Taxonomy, load_taxonomy
from crossroads.context import Context
from crossroads.model import Document
from crossroads.models import encode, encode_sentences
from crossroads.registry import stages

EMBEDDING_WEIGHT = 6.0  # a cosine of .5 above the baseline counts like three strong cues
CARRY = 0.5  # share of the previous sentence's scores carried within a paragraph
HEADING = 0.5  # weight of the section heading's scores
MIN_SCORE = 1.0  # below this, the sentence is on no issue of the taxonomy


def _scores(
    texts: list[str], taxonomy: Taxonomy, vectors: np.ndarray | None = None
) -> tuple[np.ndarray, list[list[str]]]:
    """Raw per-issue scores (rows = texts) and the cue words behind the best issue."""
    n, k = len(texts), len(taxonomy.issues)
    cue = np.zeros((n, k), dtype=np.float32)
    words: list[list[list[str]]] = [[[] for _ in range(k)] for _ in range(n)]
    for i, text in enumerate(texts):
        for j, issue in enumerate(taxonomy.issues):
            cue[i, j], words[i][j] = issue.cues.score(text)
    if vectors is None:
        vectors = encode(texts)
    sims = vectors @ taxonomy.prototypes.T if n else np.zeros((0, k))
    # Similarity above each sentence's own mean: a sentence close to every prototype
    # (generic diplomatic prose) gains nothing.
    sem = np.clip(sims - sims.mean(axis=1, keepdims=True), 0, None)
    fallback = taxonomy.ids.index(taxonomy.fallback)
    sem[:, fallback] = 0.0
    total = cue + EMBEDDING_WEIGHT * sem
    best = total.argmax(axis=1) if n else np.zeros(0, dtype=int)
    return total, [words[i][int(best[i])] for i in range(n)]


@stages.register("crossroads.issues.v1")
class IssueClassifier:
    """Assign each sentence one issue of the active taxonomy."""

    def __init__(self, taxonomy: Taxonomy | None = None) -> None:
        self.taxonomy = taxonomy

    def __call__(self, doc: Document, ctx: Context) -> Document:
        taxonomy = ctx.taxonomy or self.taxonomy or load_taxonomy()
        sentences = doc.sentences
        if not sentences:
            return doc
        if all(s.embedding is not None for s in sentences):  # encoded once per sentence
            vectors = np.stack([np.asarray(s.embedding) for s in sentences])
        else:
            vectors = encode_sentences(sentences, ctx.dyad)
        for sentence, vector in zip(sentences, vectors, strict=True):
            sentence.embedding = vector  # kept for later users (the corpus stores it)
        own, cue_words = _scores([s.text for s in sentences], taxonomy, vectors)
        headings = sorted({s.heading for s in sentences if s.heading})
        head_scores = dict(zip(headings, _scores(headings, taxonomy)[0], strict=True))
        fallback = taxonomy.ids.index(taxonomy.fallback)
        previous: np.ndarray | None = None
        prev_paragraph = -1
        for i, sentence in enumerate(sentences):
            score = own[i].copy()
            if sentence.heading in head_scores:
                score += HEADING * head_scores[sentence.heading]
            if previous is not None and sentence.paragraph == prev_paragraph:
                score += CARRY * previous
            best = int(score.argmax())
            if score[best] < MIN_SCORE:
                best = fallback
            sentence.issue = taxonomy.ids[best]
            sentence.issue_scores = {
                taxonomy.ids[j]: round(float(score[j]), 3) for j in np.argsort(-score)[:3]
            }
            if cue_words[i]:
                sentence.cues["issue"] = ", ".join(cue_words[i][:4])
            previous = score
            prev_paragraph = sentence.paragraph
        return doc
