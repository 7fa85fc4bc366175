"""Turning points on a series whose level shifts in July 2023."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pytest

from crossroads.events import Dyad, open_store
from crossroads.events.turning_points import change_points, turning_points


def test_the_shift_is_found_with_levels_and_events(loaded: tuple[Path, object]) -> None:
    con = open_store(loaded[0], read_only=True)
    points = turning_points(
        con, Dyad("KHM", "USA"), "month", start=date(2023, 1, 1), end=date(2023, 12, 31), top=3
    )
    con.close()
    assert [p.period for p in points] == ["2023-07"]
    point = points[0]
    # Jan-Jun: five months at (3.4+2.8+4.0)/3 = 3.4 and March at 11/6 (with ICEWS events).
    assert point.level_before == pytest.approx((5 * 3.4 + 11 / 6) / 6)
    assert point.level_after == pytest.approx((-5.0 - 4.4 - 4.0) / 3)
    assert point.date == date(2023, 7, 1)
    top = point.top_events[0]
    assert top["num_mentions"] == 33
    assert top["source_url"] == "https://news.example.org/2023/7/0"
    assert top["event_date"] == "2023-07-10"


def test_noise_alone_makes_no_turning_point() -> None:
    rng = np.random.default_rng(7)
    values = (1.0 + rng.normal(0, 0.5, 36)).tolist()
    assert change_points(values) == []


def test_two_shifts_are_both_found_and_gaps_do_not_break_it() -> None:
    values: list[float | None] = [2.0 if i < 8 else -4.0 if i < 16 else 5.0 for i in range(24)]
    values[3] = None  # a month without events
    assert change_points(values) == [8, 16]


def test_a_long_silence_is_not_a_turning_point() -> None:
    values: list[float | None] = [3.0, 3.2] + [None] * 120 + [3.1, 2.9, 3.0, 3.1]
    assert change_points(values) == []
