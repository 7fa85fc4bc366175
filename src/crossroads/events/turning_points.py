"""Turning points: where the level of a dyad's Goldstein series shifts.

The series (direction "both") is segmented with ruptures' PELT search under a
least-squares cost: each segment has its own mean level, and a new segment costs a
penalty. Empty periods are left out of the search (they carry no information of their
own), so a turning point always falls on a period with events. The default penalty is
``2 * log(n) * sigma**2``, with the noise ``sigma`` estimated robustly from
period-to-period differences (median absolute deviation), so a handful of noisy months
does not make a turning point.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import ruptures

from crossroads.events.output import records
from crossroads.events.series import (
    MEASURES,
    Dyad,
    dyad_series,
    next_period,
    period_start,
    top_events,
)

__all__ = [
    "MEASURES",
    "TurningPoint",
    "change_points",
    "default_penalty",
    "no_turning_point_reason",
    "turning_points",
]


@dataclass
class TurningPoint:
    """A shift in level, dated to the first period of the new level."""

    period: str
    date: date
    level_before: float
    level_after: float
    top_events: list[dict[str, Any]] = field(default_factory=list)

    @property
    def change(self) -> float:
        """level_after - level_before."""
        return self.level_after - self.level_before

    def summary(self) -> dict[str, Any]:
        """A JSON-ready dict without the events: period, date, levels and change."""
        return {
            "period": self.period,
            "date": self.date.isoformat(),
            "level_before": round(self.level_before, 4),
            "level_after": round(self.level_after, 4),
            "change": round(self.change, 4),
        }

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: :meth:`summary` and the top events."""
        return {**self.summary(), "top_events": self.top_events}


def default_penalty(signal: np.ndarray) -> float:
    """BIC-like penalty ``2 log(n) sigma^2`` with a robust noise estimate.

    Args:
        signal: The series values (no NaN).

    Returns:
        The penalty for :meth:`ruptures.Pelt.predict`.
    """
    n = len(signal)
    diffs = np.diff(signal)
    mad = float(np.median(np.abs(diffs - np.median(diffs)))) if len(diffs) else 0.0
    sigma = 1.4826 * mad / math.sqrt(2)
    # A floor keeps piecewise-constant series from splitting at every point.
    sigma = max(sigma, 0.25 * float(np.std(signal)), 0.05)
    return 2.0 * math.log(max(n, 2)) * sigma**2


def change_points(
    values: Sequence[float | None], *, penalty: float | None = None, min_size: int = 2
) -> list[int]:
    """Find the indices where a new level starts.

    Args:
        values: The series, NaN or None for empty periods (skipped: a period without
            events says nothing about the level).
        penalty: PELT penalty; None for :func:`default_penalty`.
        min_size: The shortest segment, in periods.

    Returns:
        Indices i (0 < i < len(values)) of the first period of each new segment.
    """
    series = pd.Series(values, dtype="float64")
    present = [i for i, v in enumerate(series) if not np.isnan(v)]
    if len(present) < 2 * min_size:
        return []
    signal = series.iloc[present].to_numpy()
    pen = default_penalty(signal) if penalty is None else penalty
    algo = ruptures.Pelt(model="l2", min_size=min_size, jump=1).fit(signal.reshape(-1, 1))
    ends = algo.predict(pen=pen)
    # Back from positions among non-empty periods to positions in the full series.
    return [present[int(i)] for i in ends if 0 < i < len(signal)]


def turning_points(
    con: duckdb.DuckDBPyConnection,
    dyad: Dyad,
    freq: str = "month",
    *,
    measure: str = "goldstein_mean",
    penalty: float | None = None,
    min_size: int = 2,
    top: int = 5,
    actor_types: Sequence[str] | None = None,
    start: date | None = None,
    end: date | None = None,
    series: pd.DataFrame | None = None,
) -> list[TurningPoint]:
    """Turning points of a dyad's series, each with the top events around it.

    Args:
        con: The events database.
        dyad: The two countries.
        freq: "week", "month" or "quarter".
        measure: The series column to segment (default the mean Goldstein score).
        penalty: PELT penalty; None for the default.
        min_size: The shortest segment, in periods.
        top: How many events (by NumMentions) to attach, from the period before the
            turning point and the turning point's own period.
        actor_types: As in :func:`crossroads.events.series.dyad_series`.
        start: First day.
        end: Last day.
        series: A series already computed with the same arguments (saves a query).

    Returns:
        Turning points in date order.
    """
    if measure not in MEASURES:
        raise ValueError(f"unknown measure {measure!r}; use one of {', '.join(MEASURES)}")
    if series is None:
        series = dyad_series(con, dyad, freq, actor_types=actor_types, start=start, end=end)
    both = series[series["direction"] == "both"].reset_index(drop=True)
    values = both[measure].astype("float64")
    points = []
    bounds = [0, *change_points(values.tolist(), penalty=penalty, min_size=min_size)]
    bounds.append(len(both))
    for k in range(1, len(bounds) - 1):
        before = values.iloc[bounds[k - 1] : bounds[k]]
        after = values.iloc[bounds[k] : bounds[k + 1]]
        index = bounds[k]
        first_day = both["period_start"].iloc[index]
        window_start = period_start(first_day - timedelta(days=1), freq)  # the period before
        events = top_events(
            con,
            dyad,
            window_start,
            next_period(first_day, freq),
            limit=top,
            actor_types=actor_types,
        )
        points.append(
            TurningPoint(
                period=str(both["period"].iloc[index]),
                date=first_day,
                level_before=float(before.mean()),
                level_after=float(after.mean()),
                top_events=records(events),
            )
        )
    return points


def no_turning_point_reason(series: pd.DataFrame, measure: str, min_size: int = 2) -> str:
    """Say in one line why a non-empty series has no turning point.

    Args:
        series: The series that was searched.
        measure: The series column that was segmented.
        min_size: The shortest segment that was allowed.

    Returns:
        E.g. ``"No turning point: only 3 periods have a goldstein_mean; a shift needs
        at least 4 (2 on each side, --min-size)"``.
    """
    both = series[series["direction"] == "both"]
    present = int(both[measure].notna().sum())
    if present < 2 * min_size:
        have = f"{present} period has" if present == 1 else f"{present} periods have"
        return (
            f"No turning point: only {have} a {measure}; a shift needs at least"
            f" {2 * min_size} ({min_size} on each side, --min-size)"
        )
    return (
        f"No turning point: the level of {measure} holds over the {present} periods with"
        " events (no shift stands out from the noise; a lower --penalty finds smaller ones)"
    )
