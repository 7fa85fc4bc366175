"""Charts whose every label fits: nothing is drawn past the figure's edge."""

from __future__ import annotations

from datetime import date

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

from crossroads.dyad import Dyad
from crossroads.events.charts import compare_figure, series_figure
from crossroads.events.series import SERIES_COLUMNS, fill_gaps
from crossroads.events.turning_points import TurningPoint


def drawn_outside(fig: Figure) -> list[float]:
    """How far (inches) what the figure draws overruns its left, bottom, right, top edges."""
    fig.canvas.draw()
    tight = fig.get_tightbbox(fig.canvas.get_renderer())  # type: ignore[attr-defined]
    width, height = fig.get_size_inches()
    overrun = [-tight.x0, -tight.y0, tight.x1 - width, tight.y1 - height]
    return [round(max(0.0, value), 2) for value in overrun]


KHM_USA = Dyad("KHM", "USA")


def _series(months: list[int], dyad: Dyad = KHM_USA) -> pd.DataFrame:
    rows = []
    for month in months:
        for direction in dyad.directions:
            rows.append(
                {
                    "period": f"2024-{month:02d}",
                    "period_start": date(2024, month, 1),
                    "direction": direction,
                    "events": 3,
                    "quad1": 1,
                    "quad2": 1,
                    "quad3": 1,
                    "quad4": 0,
                    "conflict_share": 1 / 3,
                    "goldstein_mean": 2.0 if month < 12 else -6.0,
                    "goldstein_weighted": 2.0,
                    "tone_mean": 0.5,
                    "mentions": 9,
                }
            )
    return pd.DataFrame(rows, columns=list(SERIES_COLUMNS))


def test_a_turning_point_at_the_last_period_stays_in_the_chart() -> None:
    point = TurningPoint("2024-12", date(2024, 12, 1), 2.0, -6.0)
    fig = series_figure(_series([1, 2, 3, 5, 8, 12]), "KHM-USA events by month", [point])
    assert drawn_outside(fig) == [0.0, 0.0, 0.0, 0.0]
    plt.close(fig)


def test_the_chart_shows_silent_months_as_gaps() -> None:
    series = _series([1, 4])
    assert fill_gaps(series)["period"].drop_duplicates().tolist() == [
        "2024-01",
        "2024-02",
        "2024-03",
        "2024-04",
    ]
    fig = series_figure(series, "KHM-USA", [])
    bars = fig.axes[1].patches
    assert len(bars) == 4 * 4  # four QuadClass stacks over four months, two of them empty
    plt.close(fig)


def test_compare_labels_fit_with_many_long_dyads() -> None:
    frames = []
    for a in ("KHM", "VNM", "THA", "LAO", "MMR", "PHL"):
        dyad = Dyad(a, "USA")
        frames.append(
            _series([1, 3, 6], dyad)[lambda f: f["direction"] == "both"].assign(dyad=dyad.label)
        )
    frame = pd.concat(frames, ignore_index=True)[["dyad", *SERIES_COLUMNS]]
    fig = compare_figure(frame)
    assert drawn_outside(fig) == [0.0, 0.0, 0.0, 0.0]
    assert [t.get_text() for t in fig.axes[1].get_xticklabels()][:2] == ["2024-01", "2024-02"]
    plt.close(fig)
