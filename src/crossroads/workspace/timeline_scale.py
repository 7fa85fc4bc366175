"""The timeline at scale: periods to bin crowded lanes by, and axis ticks that never overlap.

A lane of the timeline is drawn mark by mark while it holds at most :data:`LANE_LIMIT`
marks. Beyond that, one mark per period says more than thousands of overlapping ones (and
keeps the page small): the lane is binned by the finest period, month, quarter or year,
whose bins are at least :data:`MIN_BIN_PX` wide over the span drawn (:func:`bin_period`).

The axis ticks step by 1, 2, 3 or 6 months, or 1, 2, 5, 10, 20 or 50 years: the smallest
step whose labels, at an upper bound of their width, leave a gap (:func:`ticks`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Generic, TypeVar

T = TypeVar("T")

LANE_LIMIT = 300  # marks a lane draws one by one; more are binned by period
MIN_BIN_PX = 10  # a bin narrower than this on the axis is too narrow to tell from the next
CHAR_PX = 7.0  # an upper bound on a digit's or hyphen's width in the 11px tick labels
TICK_GAP = 8  # at least this many pixels between two tick labels
TICK_STEPS = (1, 2, 3, 6, 12, 24, 60, 120, 240, 600)  # months
PERIOD_DAYS = {"month": 30.44, "quarter": 91.31, "year": 365.25}


@dataclass
class Bin(Generic[T]):
    """The marks of one period: its label (``2024-05``, ``2024-Q2``, ``2024``) and days."""

    label: str
    start: date
    end: date  # the next period's first day
    items: list[T] = field(default_factory=list)

    @property
    def middle(self) -> date:
        """The day halfway through the period, where its mark is drawn."""
        return self.start + (self.end - self.start) / 2


def bin_period(span_days: int, plot_px: float) -> str:
    """The finest period whose bins are at least :data:`MIN_BIN_PX` wide over the span."""
    for period, days in PERIOD_DAYS.items():
        if days / max(1, span_days) * plot_px >= MIN_BIN_PX:
            return period
    return "year"


def period_start(day: date, period: str) -> date:
    """The first day of the period holding ``day``."""
    if period == "year":
        return date(day.year, 1, 1)
    if period == "quarter":
        return date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    return date(day.year, day.month, 1)


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def period_label(start: date, period: str) -> str:
    """``2024-05``, ``2024-Q2`` or ``2024`` (as :func:`crossroads.store.trends.period_of`)."""
    if period == "year":
        return str(start.year)
    if period == "quarter":
        return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
    return f"{start.year}-{start.month:02d}"


def bins(items: Iterable[T], day_of: Callable[[T], date], period: str) -> list[Bin[T]]:
    """The items grouped by the period their day falls in, oldest period first."""
    found: dict[date, Bin[T]] = {}
    months = {"month": 1, "quarter": 3, "year": 12}[period]
    for item in items:
        start = period_start(day_of(item), period)
        if start not in found:
            found[start] = Bin(period_label(start, period), start, _add_months(start, months))
        found[start].items.append(item)
    return [found[k] for k in sorted(found)]


def mark_radius(count: int, most: int, bin_px: float) -> float:
    """A bin's mark radius: its area grows with its count, and it stays inside its bin."""
    top = max(2.5, min(7.0, bin_px / 2 - 0.5))
    return round(2.0 + (top - 2.0) * (count / max(1, most)) ** 0.5, 1)


def label_px(label: str) -> float:
    """An upper bound on a tick label's width in pixels."""
    return len(label) * CHAR_PX


def ticks(lo: date, hi: date, x: Callable[[date], float], width: float) -> list[tuple[float, str]]:
    """Ticks from ``lo`` to ``hi`` at the smallest step whose labels do not overlap.

    Args:
        lo: The axis' first day.
        hi: Its last day.
        x: A day's x position.
        width: The drawing's width: a label reaching past either edge is left out.

    Returns:
        ``(x, label)`` pairs, left to right; labels are ``2024-05`` under a year's step,
        ``2024`` from a year up.
    """
    out: list[tuple[float, str]] = []
    for step in TICK_STEPS:
        out = []
        month = date(lo.year, lo.month, 1)
        while month <= hi:
            index = month.year * 12 + month.month - 1
            if month >= lo and index % step == 0:
                label = str(month.year) if step >= 12 else f"{month.year}-{month.month:02d}"
                half = label_px(label) / 2
                if x(month) - half >= 0 and x(month) + half <= width:
                    out.append((x(month), label))
            month = _add_months(month, 1)
        if all(
            b[0] - a[0] >= (label_px(a[1]) + label_px(b[1])) / 2 + TICK_GAP
            for a, b in zip(out, out[1:], strict=False)
        ):
            return out
    return out[:1]
