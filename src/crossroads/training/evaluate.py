"""Held-out measurement of the learned stages: leave one genre (or pair) out.

Every row is predicted by models fitted without its group, so the figures say how the
stages do on a genre or a pair of countries they never saw. The rules' labels of the same
rows stand beside them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from sklearn.model_selection import GroupKFold

from crossroads.learned.signals import (
    EVENT_ROOTS,
    decide_frames,
    decide_roots,
    perspective_code,
    trees_decide,
)
from crossroads.learned.weights import LinearModel
from crossroads.model import FRAMES
from crossroads.training.dataset import Dataset
from crossroads.training.fit import fit_all

MEASURES = ("perspective", "issue", "valence", "frames_f1", "recommendation_f1", "events_f1")


@dataclass
class Scores:
    """The measures of one set of rows, for the rules and for the learned models."""

    group: str
    rows: int
    rules: dict[str, float]
    learned: dict[str, float]


def _f1(pred: np.ndarray, gold: np.ndarray) -> float:
    tp = float((pred.astype(bool) & gold.astype(bool)).sum())
    total = float(pred.sum() + gold.sum())
    return round(2 * tp / total, 3) if total else 1.0


def measure(data: Dataset, rows: np.ndarray, labels: Mapping[str, Any]) -> dict[str, float]:
    """Accuracy and F1 of predicted ``labels`` (indexed like ``data``) on ``rows``."""
    r = [int(i) for i in rows]
    return {
        "perspective": round(
            float(np.mean([labels["perspective"][i] == data.perspective[i] for i in r])), 3
        ),
        "issue": round(float(np.mean([labels["issue"][i] in data.issue_ok[i] for i in r])), 3),
        "valence": round(float(np.mean([labels["valence"][i] == data.valence[i] for i in r])), 3),
        "frames_f1": _f1(np.asarray(labels["frames"])[r], data.frames[r]),
        "recommendation_f1": _f1(np.asarray(labels["recommendation"])[r], data.recommendation[r]),
        # CAMEO roots between the two parties, per sentence (the scorer's match, less actors)
        "events_f1": _f1(np.asarray(labels["events"])[r], data.events[r]),
    }


PAIR_FOLDS = "pair-folds"
N_PAIR_FOLDS = 5


def held_out_folds(data: Dataset, by: str) -> list[tuple[str, np.ndarray]]:
    """The held-out folds: one per genre or pair, or five folds grouped by pair."""
    if by == PAIR_FOLDS:
        split = GroupKFold(n_splits=min(N_PAIR_FOLDS, len(set(data.pair))))
        return [
            (f"pair fold {k + 1}", test)
            for k, (_, test) in enumerate(split.split(data.features, groups=data.pair))
        ]
    groups = getattr(data, by)
    return [
        (group, np.array([i for i, g in enumerate(groups) if g == group]))
        for group in sorted(set(groups))
    ]


def held_out(
    data: Dataset,
    by: str,
    issue_ids: list[str],
    progress: Callable[[str], None] | None = None,
) -> list[Scores]:
    """Scores per held-out group and overall (group ``all``), for rules and learned.

    Args:
        data: the aligned corpus.
        by: ``genre``, ``pair`` (one fold per pair), or ``pair-folds`` (five folds, each
            holding out whole pairs; rows reported by genre).
        issue_ids: the taxonomy's ids, in order.
        progress: told each group as its fold is done.
    """
    folds = held_out_folds(data, by)
    # rows are reported by their held-out group; five pair folds are reported by genre
    groups = data.genre if by == PAIR_FOLDS else getattr(data, by)
    n = len(data)
    learned: dict[str, Any] = {
        "issue": [""] * n,
        "valence": [""] * n,
        "frames": np.zeros((n, len(FRAMES))),
        "recommendation": np.zeros(n),
        "perspective": list(data.rules["perspective"]),
        "events": np.zeros((n, len(EVENT_ROOTS))),
    }
    for fold, test in folds:
        train = np.setdiff1d(np.arange(n), test)
        models = fit_all(data, issue_ids, train)
        x = data.features[test]
        texts = [data.text[int(i)] for i in test]
        for task, rows in (("issue", data.issue_features(test)), ("valence", x)):
            m = models[task]
            assert isinstance(m, LinearModel)  # softmax tasks are linear
            best = m.proba(rows, texts).argmax(axis=1)
            for i, k in zip(test, best, strict=True):
                learned[task][int(i)] = m.classes[int(k)]
        for task in ("frames", "recommendation"):
            m = models[task]
            assert isinstance(m, LinearModel) and m.thresholds is not None  # thresholded
            p = m.proba(x, texts)
            if task == "frames":  # as at run time: the rules' frames need only the floor
                rules = np.asarray(data.rules["frames"])[test]
                learned[task][test] = decide_frames(p, rules, m.thresholds)
            else:
                learned[task][test] = (p >= m.thresholds).astype(float)[:, 0]
        best = models["perspective"].proba(data.perspective_features[test]).argmax(axis=1)
        for i, k in zip(test, best, strict=True):
            j = int(i)
            if not trees_decide(data.basis[j]):
                continue  # the rules' answer stands, as at run time
            label = models["perspective"].classes[int(k)]
            learned["perspective"][j] = perspective_code(
                label, data.dyad[j], data.rules["perspective"][j], data.thirds[j]
            )
        review = models["events"]
        assert isinstance(review, LinearModel) and review.thresholds is not None
        for i, p in zip(test, review.proba(data.event_features(test), texts), strict=True):
            proposed = set(np.flatnonzero(data.event_candidates[int(i), : len(EVENT_ROOTS)]))
            for k in decide_roots(p, {int(k) for k in proposed}, review.thresholds):
                learned["events"][int(i), k] = 1.0
        if progress:
            progress(fold)
    rules = {
        k: (np.asarray(v) if k in ("frames", "recommendation") else v)
        for k, v in data.rules.items()
    }
    rules["events"] = data.event_candidates[:, : len(EVENT_ROOTS)]
    out = []
    for group in [*sorted(set(groups)), "all"]:
        rows = np.array([i for i, g in enumerate(groups) if group in ("all", g)])
        out.append(
            Scores(group, len(rows), measure(data, rows, rules), measure(data, rows, learned))
        )
    return out


def heading(by: str) -> str:
    """How a held-out table was made, for its title."""
    if by == PAIR_FOLDS:
        return f"{N_PAIR_FOLDS} folds, each holding out whole pairs"
    return f"Leave one {by} out"


def table(scores: list[Scores], by: str) -> str:
    """A Markdown table: per group, rules → learned for each measure."""
    title = "genre (pairs held out)" if by == PAIR_FOLDS else f"held-out {by}"
    head = f"| {title} | sentences | " + " | ".join(MEASURES) + " |"
    lines = [head, "|" + "---|" * (len(MEASURES) + 2)]
    for s in scores:
        cells = []
        for m in MEASURES:
            cells.append(f"{s.rules[m]:.3f} → **{s.learned[m]:.3f}**")
        name = f"**{s.group}**" if s.group == "all" else s.group
        lines.append(f"| {name} | {s.rows} | " + " | ".join(cells) + " |")
    return "\n".join(lines)
