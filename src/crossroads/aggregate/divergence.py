"""Divergence between two parties' positions on one issue.

Each position is summarised by its *balance* b = (cooperative − critical) / n, in [−1, 1],
its share of critical sentences c, and its frame profile f (frame counts, normalised).

    divergence = 0.8 · max(|b_A − b_B| / 2, min(c_A, c_B)) + 0.2 · (1 − cos(f_A, f_B))

The first term is the gap in stance: one side cooperative while the other is critical
(|b_A − b_B| / 2 near 1), or both critical of each other (min(c_A, c_B) near 1: an open
dispute). The second is the gap in grounds: parties arguing from different frames (law
against security, say) diverge more than parties arguing from the same ones. Two parties
that are both cooperative on the same grounds score 0; a cooperative party facing a
critical one on other grounds scores 1. With fewer than two parties it is undefined (None).
"""

from __future__ import annotations

import math

from crossroads.model import Position


def frame_gap(a: dict[str, float], b: dict[str, float]) -> float:
    """1 − cosine similarity of two frame profiles (0 when either has no frames)."""
    if not a or not b:
        return 0.0
    keys = set(a) | set(b)
    dot = sum(a.get(k, 0.0) * b.get(k, 0.0) for k in keys)
    na = math.sqrt(sum(v * v for v in a.values()))
    nb = math.sqrt(sum(v * v for v in b.values()))
    return 1.0 - dot / (na * nb) if na and nb else 0.0


def divergence(a: Position, b: Position) -> tuple[float, dict[str, float]]:
    """The divergence of two positions and its parts (stance gap, dispute, frame gap)."""
    stance_gap = abs(a.balance - b.balance) / 2
    dispute = min(a.critical_share, b.critical_share)
    grounds = frame_gap(a.frame_weights, b.frame_weights)
    value = 0.8 * max(stance_gap, dispute) + 0.2 * grounds
    parts = {
        "stance_gap": round(stance_gap, 3),
        "dispute": round(dispute, 3),
        "frame_gap": round(grounds, 3),
    }
    return round(min(1.0, max(0.0, value)), 3), parts
