"""Features and labels from the labelled corpus, read the way ``analyze`` reads documents.

Each corpus document is read from its ``.txt`` and annotated by the rule stages (``v1``),
so the features are those the learned stages see at run time. Its labelled sentences are
aligned to the pipeline's sentences by word containment (a labelled sentence maps to the
pipeline sentence holding most of its words); unaligned ones are counted, not guessed.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from crossroads.annotate.perspective import rule_basis
from crossroads.learned.signals import (
    EVENT_ROOTS,
    document_context,
    document_features,
    event_candidates,
    perspective_class,
    perspective_features,
    third_parties,
)
from crossroads.model import AUTHOR, FRAMES, Document
from crossroads.training.corpus import LabelledDocument

_WORD = re.compile(r"[a-z0-9]+")
MIN_CONTAINMENT = 0.6


@dataclass
class Dataset:
    """Aligned rows: features, gold labels, the rules' labels, and the groups to hold out."""

    features: np.ndarray
    issue: list[str] = field(default_factory=list)
    issue_ok: list[set[str]] = field(default_factory=list)  # issue and its accepted alternatives
    valence: list[str] = field(default_factory=list)
    frames: np.ndarray = field(default_factory=lambda: np.zeros((0, len(FRAMES))))
    recommendation: np.ndarray = field(default_factory=lambda: np.zeros(0))
    perspective: list[str] = field(default_factory=list)  # the gold codes
    rules: dict[str, list] = field(default_factory=dict)  # the v1 labels of the same rows
    genre: list[str] = field(default_factory=list)
    pair: list[str] = field(default_factory=list)
    doc: list[str] = field(default_factory=list)
    text: list[str] = field(default_factory=list)  # the pipeline's sentence, as run time reads it
    unaligned: int = 0
    voice: list[tuple[str, str, str, str]] = field(default_factory=list)  # doc, genre, gold, got
    # the perspective fallback's rows, their mirror images (parties swapped), and what
    # decoding a class needs: the dyad and the sentence's other actors
    perspective_features: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))
    perspective_mirror: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))
    dyad: list[tuple[str, str]] = field(default_factory=list)
    thirds: list[list[str]] = field(default_factory=list)
    basis: list[str] = field(default_factory=list)  # how the rules reached their perspective
    # events between the two parties: the gold CAMEO roots of each row (multi-hot) and the
    # rule coders' candidates (see ``event_candidates``)
    events: np.ndarray = field(default_factory=lambda: np.zeros((0, len(EVENT_ROOTS))))
    event_candidates: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))
    # each row's document context (the mean embedding of all the document's sentences)
    document_context: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))

    def __len__(self) -> int:
        return len(self.issue)

    def issue_features(self, rows: np.ndarray | None = None) -> np.ndarray:
        """The issue model's features: the sentence rows plus their document's context."""
        idx = np.arange(len(self)) if rows is None else rows
        return np.hstack([self.features[idx], self.document_context[idx]])

    def event_features(self, rows: np.ndarray | None = None) -> np.ndarray:
        """The event review's features: the sentence rows plus the rules' candidates."""
        idx = np.arange(len(self)) if rows is None else rows
        return np.hstack([self.features[idx], self.event_candidates[idx]])

    def perspective_class(self, row: int) -> str:
        """The gold perspective of ``row`` relative to its dyad (author, party_a, ...)."""
        return perspective_class(self.perspective[row], self.dyad[row])


def _tokens(text: str) -> Counter[str]:
    return Counter(_WORD.findall(text.lower().replace("’", "'")))


def align(labelled: list[str], found: list[str]) -> list[int | None]:
    """For each labelled sentence, the index of the found sentence that holds it, or None."""
    found_tokens = [_tokens(t) for t in found]
    out: list[int | None] = []
    for text in labelled:
        gold = _tokens(text)
        size = sum(gold.values()) or 1
        best, best_i = 0.0, None
        for i, toks in enumerate(found_tokens):
            c = sum(min(n, toks[w]) for w, n in gold.items()) / size
            if sum(toks.values()) > 2.5 * size:
                c *= 0.5
            if c > best:
                best, best_i = c, i
        out.append(best_i if best >= MIN_CONTAINMENT else None)
    return out


def build(
    docs: list[LabelledDocument],
    annotate: Callable[[LabelledDocument], tuple[Document, object]],
    progress: Callable[[str], None] | None = None,
) -> Dataset:
    """Annotate every document with the rule stages and collect aligned rows.

    Args:
        docs: the labelled corpus.
        annotate: reads and annotates one document, returning it and its context.
        progress: told each document's stem when it is done.
    """
    rows: list[np.ndarray] = []
    data = Dataset(np.zeros((0, 0)))
    frames: list[list[float]] = []
    rec: list[float] = []
    rules: dict[str, list] = {
        k: [] for k in ("issue", "valence", "frames", "recommendation", "perspective")
    }
    persp: list[np.ndarray] = []
    mirror: list[np.ndarray] = []
    events: list[list[float]] = []
    candidates: list[np.ndarray] = []
    contexts: list[np.ndarray] = []
    for labelled in docs:
        doc, ctx = annotate(labelled)
        feats = document_features(doc, ctx)  # type: ignore[arg-type]
        context = document_context(feats)
        pfeats = perspective_features(doc, ctx)  # type: ignore[arg-type]
        pmirror = perspective_features(doc, ctx, swap=True)  # type: ignore[arg-type]
        dyad = tuple(ctx.dyad)  # type: ignore[attr-defined]
        cands = event_candidates(doc, ctx)  # type: ignore[arg-type]
        gold = labelled.sentences
        roots: dict[str, set[str]] = {}
        for ev in labelled.labels.get("events", []):
            if {ev["actor1"], ev["actor2"]} == set(dyad):
                roots.setdefault(ev["sentence"], set()).add(ev["cameo_root"])
        at = align([g["text"] for g in gold], [s.text for s in doc.sentences])
        got_voice = doc.voice.party if doc.voice else AUTHOR
        got_genre = doc.voice.genre if doc.voice else "?"
        data.voice.append(
            (
                labelled.stem,
                labelled.genre,
                labelled.labels["voice"]["party"],
                f"{got_genre}:{got_voice}",
            )
        )
        for g, i in zip(gold, at, strict=True):
            if i is None:
                data.unaligned += 1
                continue
            s = doc.sentences[i]
            rows.append(feats[i])
            contexts.append(context[i])
            data.issue.append(g["issue"])
            data.issue_ok.append({g["issue"], *g.get("issue_alt", [])})
            data.valence.append(g["valence"])
            frames.append([float(f in g.get("frames", [])) for f in FRAMES])
            rec.append(float(bool(g.get("recommendation"))))
            data.perspective.append(g["perspective"])
            persp.append(pfeats[i])
            mirror.append(pmirror[i])
            events.append([float(r in roots.get(g["text"], ())) for r in EVENT_ROOTS])
            candidates.append(cands[i])
            data.dyad.append(dyad)
            data.thirds.append(third_parties(s, dyad))
            data.basis.append(rule_basis(s))
            rules["issue"].append(s.issue)
            rules["valence"].append(s.valence)
            rules["frames"].append([float(f in s.frames) for f in FRAMES])
            rules["recommendation"].append(float(s.recommendation))
            rules["perspective"].append(s.perspective)
            data.genre.append(labelled.genre)
            data.pair.append(labelled.pair)
            data.doc.append(labelled.stem)
            data.text.append(s.text)
        if progress:
            progress(labelled.stem)
    data.features = np.vstack(rows) if rows else np.zeros((0, 0), dtype=np.float32)
    data.perspective_features = np.vstack(persp) if persp else np.zeros((0, 0))
    data.perspective_mirror = np.vstack(mirror) if mirror else np.zeros((0, 0))
    data.frames = np.array(frames).reshape(-1, len(FRAMES))
    data.recommendation = np.array(rec)
    data.events = np.array(events).reshape(-1, len(EVENT_ROOTS))
    data.event_candidates = np.vstack(candidates) if candidates else np.zeros((0, 0))
    data.document_context = np.vstack(contexts) if contexts else np.zeros((0, 0))
    data.rules = rules
    return data
