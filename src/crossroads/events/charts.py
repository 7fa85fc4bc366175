"""Charts of dyadic series (matplotlib, Agg backend) and a self-contained HTML page."""

from __future__ import annotations

import html
import io
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TypeAlias

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from crossroads.cameo import QUAD_CLASSES  # noqa: E402
from crossroads.events.series import (  # noqa: E402
    calendar,
    fill_gaps,
    period_label,
    series_freq,
)
from crossroads.events.turning_points import TurningPoint  # noqa: E402

QUAD_COLOURS = {1: "#8fc1e3", 2: "#2f7ab9", 3: "#f4a582", 4: "#b2182b"}
_LABELS = {
    "goldstein_mean": "mean Goldstein",
    "goldstein_weighted": "mentions-weighted Goldstein",
    "tone_mean": "mean tone",
    "conflict_share": "share of conflict events",
    "events": "events",
}


def _tick_positions(n: int, most: int = 14) -> list[int]:
    step = max(1, -(-n // most))
    return list(range(0, n, step))


def series_figure(
    series: pd.DataFrame,
    title: str,
    turning_points: Sequence[TurningPoint] = (),
    measure: str = "goldstein_mean",
) -> Figure:
    """Draw a dyad's series: the measure per direction above, events by QuadClass below.

    Periods without events are drawn as such (no bar, a break in the lines), whether or
    not the series was filled.

    Args:
        series: A non-empty output of :func:`crossroads.events.series.dyad_series`.
        title: The chart title (e.g. the dyad).
        turning_points: Marked as vertical lines with the level before and after.
        measure: The series column for the upper panel.

    Returns:
        The figure (close it with ``plt.close(fig)`` when done).
    """
    series = fill_gaps(series)
    fig, (top, bottom) = plt.subplots(
        2,
        1,
        figsize=(10, 6),
        sharex=True,
        gridspec_kw={"height_ratios": [3, 2]},
        layout="constrained",
    )
    both = series[series["direction"] == "both"].reset_index(drop=True)
    labels = both["period"].tolist()
    x = list(range(len(labels)))
    for direction in dict.fromkeys(series["direction"]):
        part = series[series["direction"] == direction].reset_index(drop=True)
        is_both = direction == "both"
        top.plot(
            x,
            part[measure].astype("float64"),
            marker="o" if is_both else None,
            markersize=3,
            linewidth=2.2 if is_both else 1.0,
            linestyle="-" if is_both else "--",
            label=direction,
            color="black" if is_both else None,
        )
    top.axhline(0, color="grey", linewidth=0.6)
    for point in turning_points:
        if point.period in labels:
            position = labels.index(point.period)
            top.axvline(position - 0.5, color="#b2182b", linestyle=":", linewidth=1.4)
            top.annotate(
                f"{point.period}\n{point.level_before:+.1f} → {point.level_after:+.1f}",
                xy=(position - 0.5, 1.0),
                xycoords=("data", "axes fraction"),
                xytext=(3, -3),
                textcoords="offset points",
                va="top",
                fontsize=8,
                color="#b2182b",
            )
    top.set_ylabel(_LABELS.get(measure, measure))
    top.set_title(title)
    top.legend(loc="lower left", fontsize=8)
    bottom_stack = [0] * len(x)
    for quad, name in QUAD_CLASSES.items():
        counts = both[f"quad{quad}"].astype("int64").tolist()
        bottom.bar(x, counts, bottom=bottom_stack, color=QUAD_COLOURS[quad], label=name)
        bottom_stack = [a + b for a, b in zip(bottom_stack, counts, strict=True)]
    bottom.set_ylabel("events")
    bottom.legend(loc="upper left", fontsize=7, ncol=2)
    ticks = _tick_positions(len(x))
    bottom.set_xticks(ticks, [labels[i] for i in ticks], rotation=45, ha="right", fontsize=8)
    return fig


def compare_figure(frame: pd.DataFrame, measure: str = "goldstein_mean") -> Figure:
    """Draw several dyads side by side: the measure above, event counts below.

    Args:
        frame: A non-empty output of :func:`crossroads.events.compare.compare_dyads`.
        measure: The series column for the upper panel.

    Returns:
        The figure.
    """
    fig, (top, bottom) = plt.subplots(
        2,
        1,
        figsize=(10, 6),
        sharex=True,
        gridspec_kw={"height_ratios": [3, 2]},
        layout="constrained",
    )
    freq = series_freq(frame)
    periods = calendar(min(frame["period_start"]), max(frame["period_start"]), freq)
    labels = [period_label(p, freq) for p in periods]
    for dyad in dict.fromkeys(frame["dyad"]):
        part = frame[frame["dyad"] == dyad].set_index("period_start").reindex(periods)
        top.plot(labels, part[measure].astype("float64"), marker="o", markersize=3, label=dyad)
        bottom.plot(labels, part["events"].fillna(0).astype("int64"), label=dyad)
    top.axhline(0, color="grey", linewidth=0.6)
    top.set_ylabel(_LABELS.get(measure, measure))
    top.set_title("Dyads compared")
    top.legend(fontsize=8)
    bottom.set_ylabel("events")
    ticks = _tick_positions(len(labels))
    bottom.set_xticks(ticks, [labels[i] for i in ticks], rotation=45, ha="right", fontsize=8)
    return fig


def figure_svg(fig: Figure) -> str:
    """Return a figure as an inline SVG element (text as paths, no external references)."""
    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "path"}):
        fig.savefig(buffer, format="svg")
    text = buffer.getvalue()
    return text[text.index("<svg") :]


def save_figure(fig: Figure, path: str | Path) -> Path:
    """Save a figure as PNG or SVG, chosen by the file's suffix.

    Args:
        fig: The figure.
        path: A ``.png`` or ``.svg`` file.

    Returns:
        The path written.
    """
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in (".png", ".svg"):
        raise ValueError(f"{target}: charts are written as .png or .svg")
    with matplotlib.rc_context({"svg.fonttype": "path"}):
        fig.savefig(target, format=suffix[1:], dpi=120)
    return target


def _cell(value: object) -> str:
    if isinstance(value, float):
        text = "" if pd.isna(value) else f"{value:.3f}"
    else:
        text = "" if value is None or value is pd.NA else str(value)
    if text.startswith(("http://", "https://")):
        link = html.escape(text, quote=True)
        return f'<td class="text"><a href="{link}">{html.escape(text)}</a></td>'
    kind = "" if isinstance(value, int | float | np.number) else ' class="text"'
    return f"<td{kind}>{html.escape(text)}</td>"


def _table_html(frame: pd.DataFrame) -> str:
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    rows = [
        "<tr>" + "".join(_cell(v) for v in record) + "</tr>"
        for record in frame.itertuples(index=False)
    ]
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


#: What a page section holds: a chart, a table, or a sentence saying why there is none.
SectionBody: TypeAlias = Figure | pd.DataFrame | str


def html_page(title: str, sections: Sequence[tuple[str, SectionBody]]) -> str:
    """Build a self-contained HTML page: inline SVG charts and tables, no network needed.

    Args:
        title: The page title.
        sections: (heading, body) pairs in page order; an empty heading gives none. A body
            is a chart (inlined as SVG), a table, or text said in a paragraph.

    Returns:
        The HTML text.
    """
    parts = []
    for heading, body in sections:
        if heading:
            parts.append(f"<h2>{html.escape(heading)}</h2>")
        if isinstance(body, Figure):
            parts.append(f"<figure>{figure_svg(body)}</figure>")
        elif isinstance(body, pd.DataFrame):
            parts.append(_table_html(body))
        else:
            parts.append(f'<p class="note">{html.escape(body)}</p>')
    stamp = datetime.now().strftime("%Y-%m-%d %H:%M")
    # Long cells (URLs, actor names) wrap inside the page instead of widening the table.
    style = (
        "body{font-family:system-ui,sans-serif;margin:2em;color:#222;max-width:80em}"
        "table{border-collapse:collapse;font-size:13px;max-width:100%}"
        "td,th{border:1px solid #ccc;padding:3px 6px;text-align:right;"
        "overflow-wrap:anywhere;vertical-align:top}"
        "td.text{text-align:left;min-width:6em}"
        "th{background:#f3f3f3}figure{margin:0}svg{max-width:100%;height:auto}"
        ".note{color:#444}"
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>{style}</style></head><body>"
        f"<h1>{html.escape(title)}</h1><p>Crossroads event data, {stamp}.</p>"
        + "".join(parts)
        + "</body></html>\n"
    )
