"""Charts of dyadic series (matplotlib, Agg backend) and a self-contained HTML page."""

from __future__ import annotations

import html
import io
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from crossroads.events.schema import QUAD_CLASSES  # noqa: E402
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

    Args:
        series: The output of :func:`crossroads.events.series.dyad_series`.
        title: The chart title (e.g. the dyad).
        turning_points: Marked as vertical lines with the level before and after.
        measure: The series column for the upper panel.

    Returns:
        The figure (close it with ``plt.close(fig)`` when done).
    """
    fig, (top, bottom) = plt.subplots(
        2, 1, figsize=(10, 6), sharex=True, gridspec_kw={"height_ratios": [3, 2]}
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
    fig.tight_layout()
    return fig


def compare_figure(frame: pd.DataFrame, measure: str = "goldstein_mean") -> Figure:
    """Draw several dyads side by side: the measure above, event counts below.

    Args:
        frame: The output of :func:`crossroads.events.compare.compare_dyads`.
        measure: The series column for the upper panel.

    Returns:
        The figure.
    """
    fig, (top, bottom) = plt.subplots(
        2, 1, figsize=(10, 6), sharex=True, gridspec_kw={"height_ratios": [3, 2]}
    )
    labels = list(dict.fromkeys(frame["period"]))
    x_of = {label: i for i, label in enumerate(labels)}
    for dyad in dict.fromkeys(frame["dyad"]):
        part = frame[frame["dyad"] == dyad]
        xs = [x_of[p] for p in part["period"]]
        top.plot(xs, part[measure].astype("float64"), marker="o", markersize=3, label=dyad)
        bottom.plot(xs, part["events"].astype("int64"), label=dyad)
    top.axhline(0, color="grey", linewidth=0.6)
    top.set_ylabel(_LABELS.get(measure, measure))
    top.set_title("Dyads compared")
    top.legend(fontsize=8)
    bottom.set_ylabel("events")
    ticks = _tick_positions(len(labels))
    bottom.set_xticks(ticks, [labels[i] for i in ticks], rotation=45, ha="right", fontsize=8)
    fig.tight_layout()
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


def _table_html(frame: pd.DataFrame) -> str:
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    rows = []
    for record in frame.itertuples(index=False):
        cells = []
        for value in record:
            if isinstance(value, float):
                text = "" if pd.isna(value) else f"{value:.3f}"
            else:
                text = "" if value is None or value is pd.NA else str(value)
            if text.startswith(("http://", "https://")):
                link = html.escape(text, quote=True)
                cells.append(f'<td><a href="{link}">{html.escape(text)}</a></td>')
            else:
                cells.append(f"<td>{html.escape(text)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def html_page(
    title: str, figures: Sequence[Figure], tables: Sequence[tuple[str, pd.DataFrame]]
) -> str:
    """Build a self-contained HTML page: inline SVG charts and tables, no network needed.

    Args:
        title: The page title.
        figures: Charts, inlined as SVG.
        tables: (heading, table) pairs.

    Returns:
        The HTML text.
    """
    parts = [f"<figure>{figure_svg(fig)}</figure>" for fig in figures]
    for heading, frame in tables:
        parts.append(f"<h2>{html.escape(heading)}</h2>{_table_html(frame)}")
    stamp = datetime.now().strftime("%Y-%m-%d %H:%M")
    style = (
        "body{font-family:system-ui,sans-serif;margin:2em;color:#222}"
        "table{border-collapse:collapse;font-size:13px}"
        "td,th{border:1px solid #ccc;padding:3px 6px;text-align:right}"
        "th{background:#f3f3f3}figure{margin:0}svg{max-width:100%;height:auto}"
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>{style}</style></head><body>"
        f"<h1>{html.escape(title)}</h1><p>Crossroads event data, {stamp}.</p>"
        + "".join(parts)
        + "</body></html>\n"
    )
