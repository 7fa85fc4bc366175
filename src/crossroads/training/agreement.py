"""Agreement between two independent labellings of the same corpus documents.

``python -m crossroads.training.agreement FIRST_DIR SECOND_DIR`` pairs documents by stem,
aligns their sentences by word containment (as the scorer does), and prints per label the
share of agreeing sentences and Cohen's kappa, frames and events as F1, and the voice.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from crossroads.training.corpus import LabelledDocument, load
from crossroads.training.dataset import align

LABELS = ("perspective", "issue", "valence", "recommendation")


def kappa(pairs: list[tuple[object, object]]) -> float:
    """Cohen's kappa of two raters' labels."""
    n = len(pairs)
    if not n:
        return 0.0
    observed = sum(a == b for a, b in pairs) / n
    first, second = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    expected = sum(first[k] * second[k] for k in first) / (n * n)
    return round((observed - expected) / (1 - expected), 3) if expected < 1 else 1.0


def compare(first: list[LabelledDocument], second: list[LabelledDocument]) -> dict:
    """Agreement figures over the documents both labellings hold."""
    by_stem = {d.stem: d for d in first}
    pairs: dict[str, list[tuple[object, object]]] = {k: [] for k in LABELS}
    frames = [0, 0, 0]  # both, first only, second only
    events = [0, 0, 0]
    voice = []
    alt_ok: list[bool] = []
    sentences = unmatched = 0
    docs = 0
    for other in second:
        mine = by_stem.get(other.stem)
        if mine is None:
            continue
        docs += 1
        voice.append((mine.labels["voice"]["party"], other.labels["voice"]["party"]))
        voice.append((mine.genre, other.genre))
        theirs = other.sentences
        at = align([s["text"] for s in mine.sentences], [s["text"] for s in theirs])
        for s, i in zip(mine.sentences, at, strict=True):
            sentences += 1
            if i is None:
                unmatched += 1
                continue
            t = theirs[i]
            for k in LABELS:
                pairs[k].append((s.get(k), t.get(k)))
            alt_ok.append(
                s["issue"] in {t["issue"], *t.get("issue_alt", [])}
                or t["issue"] in {s["issue"], *s.get("issue_alt", [])}
            )
            a, b = set(s.get("frames", [])), set(t.get("frames", []))
            frames[0] += len(a & b)
            frames[1] += len(a - b)
            frames[2] += len(b - a)
        key = lambda e: (e["actor1"], e["actor2"], e["cameo_root"])  # noqa: E731
        a_ev, b_ev = (
            Counter(map(key, mine.labels["events"])),
            Counter(map(key, other.labels["events"])),
        )
        events[0] += sum((a_ev & b_ev).values())
        events[1] += sum((a_ev - b_ev).values())
        events[2] += sum((b_ev - a_ev).values())

    def f1(c: list[int]) -> float:
        return round(2 * c[0] / (2 * c[0] + c[1] + c[2]), 3) if c[0] else 0.0

    return {
        "documents": docs,
        "sentences": sentences,
        "unmatched": unmatched,
        **{
            k: {"agree": round(sum(a == b for a, b in p) / len(p), 3), "kappa": kappa(p)}
            for k, p in pairs.items()
            if p
        },
        "issue_within_alternatives": round(sum(alt_ok) / max(len(alt_ok), 1), 3),
        "frames_f1": f1(frames),
        "events_f1": f1(events),
        "voice_party_agree": round(sum(a == b for a, b in voice[0::2]) / max(docs, 1), 3),
        "genre_agree": round(sum(a == b for a, b in voice[1::2]) / max(docs, 1), 3),
    }


def main(argv: list[str]) -> int:
    first, second = (load(Path(a)) for a in argv[:2])
    for key, value in compare(first, second).items():
        print(f"{key}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
