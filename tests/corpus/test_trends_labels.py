"""The trends chart: long issue names wrap instead of running under their neighbours."""

from __future__ import annotations

from typing import Any

import matplotlib.pyplot as plt

from crossroads.corpus.charts import trends_figure

ISSUES = [
    "Alignment and great-power competition",
    "Maritime disputes and freedom of navigation in the South China Sea",
    "Development aid and infrastructure finance",
    "Human rights and democracy promotion",
    "Trade",
    "Security cooperation",
]


def _rows() -> list[dict[str, Any]]:
    return [
        {
            "period": period,
            "issue": issue,
            "party": party,
            "salience": 0.2,
            "cooperative": 1,
            "critical": 1,
            "neutral": 0,
            "balance": 0.0,
            "divergence": 0.3,
            "issue_sentences": 5,
        }
        for period in ("2024-01", "2024-02", "2024-03")
        for issue in ISSUES
        for party in ("KHM", "USA")
    ]


def test_issue_labels_fit_their_panels_and_the_figure() -> None:
    fig = trends_figure(_rows(), ("KHM", "USA"), "month")
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    edge = fig.bbox
    panels = fig.axes[2:]  # after the heat map and its colour bar
    titles = {" ".join(ax.get_title().split()): ax for ax in panels}
    assert set(titles) == set(ISSUES)  # each issue's whole name is there, wrapped
    for ax in panels:
        assert ax.title.get_window_extent(renderer).width <= ax.get_window_extent(renderer).width
    for label in fig.axes[0].get_yticklabels():
        box = label.get_window_extent(renderer)
        assert box.x0 >= edge.x0, label.get_text()
    plt.close(fig)
