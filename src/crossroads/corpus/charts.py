"""Trend charts (matplotlib, Agg) and a self-contained HTML page of them.

One figure tells the story: on top, a heat map of salience (issues × periods: what the
corpus talks about, and when); below, one small panel per leading issue with each dyad
party's valence balance over time (−1 all critical, +1 all cooperative) and the
divergence between them as a shaded band.
"""

from __future__ import annotations

import csv
import html
import io
import json
import textwrap
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from crossroads.errors import CrossroadsError  # noqa: E402

PARTY_COLOURS = ("#0072B2", "#D55E00")  # Okabe & Ito, as in the analysis report
DIVERGENCE_COLOUR = "#999999"
MAX_PANELS = 6
LABEL_CHARS = 36  # issue labels on the heat map wrap at this width
OUT_SUFFIXES = (".html", ".htm", ".png", ".svg", ".csv", ".json")


def _periods(rows: Sequence[dict[str, Any]]) -> list[str]:
    return sorted({r["period"] for r in rows})


def _issues_by_weight(rows: Sequence[dict[str, Any]]) -> list[str]:
    weight: dict[str, int] = defaultdict(int)
    seen: set[tuple[str, str]] = set()
    for r in rows:
        if (r["period"], r["issue"]) not in seen:
            seen.add((r["period"], r["issue"]))
            weight[r["issue"]] += r["issue_sentences"]
    return sorted(weight, key=lambda k: (-weight[k], k))


def trends_figure(rows: Sequence[dict[str, Any]], dyad: tuple[str, str], by: str) -> Figure:
    """Draw salience per issue and period, and each party's balance with the divergence.

    Args:
        rows: The output of :func:`crossroads.store.trends.trends`.
        dyad: The two parties (their colours: blue, vermillion).
        by: The period unit, for the axis label.

    Returns:
        The figure (close it with ``plt.close(fig)``).
    """
    periods = _periods(rows)
    issues = _issues_by_weight(rows)
    panels = issues[:MAX_PANELS]
    cols = min(3, max(1, len(panels)))
    grid_rows = -(-len(panels) // cols) if panels else 0
    height = 0.45 * max(3, len(issues)) + 2.6 * grid_rows + 1
    fig = plt.figure(figsize=(11, height), layout="constrained")
    outer = fig.add_gridspec(
        1 + grid_rows, cols, height_ratios=[0.3 * max(3, len(issues))] + [2.2] * grid_rows
    )
    heat = fig.add_subplot(outer[0, :])
    salience = np.full((len(issues), len(periods)), np.nan)
    for r in rows:
        salience[issues.index(r["issue"]), periods.index(r["period"])] = r["salience"]
    image = heat.imshow(salience, aspect="auto", cmap="Blues", vmin=0, interpolation="nearest")
    if len(periods) <= 12:
        for (i, j), value in np.ndenumerate(salience):
            if not np.isnan(value):
                colour = "white" if value > 0.5 * np.nanmax(salience) else "black"
                heat.text(j, i, f"{value:.0%}", ha="center", va="center", fontsize=7, color=colour)
    heat.set_yticks(range(len(issues)), [textwrap.fill(i, LABEL_CHARS) for i in issues], fontsize=8)
    step = max(1, -(-len(periods) // 16))
    heat.set_xticks(
        range(0, len(periods), step), periods[::step], fontsize=8, rotation=45, ha="right"
    )
    heat.set_title(f"{dyad[0]}–{dyad[1]}: salience of each issue (share of the {by}'s sentences)")
    fig.colorbar(image, ax=heat, fraction=0.025, pad=0.01, format=lambda v, _: f"{v:.0%}")
    x = np.arange(len(periods))
    for k, issue in enumerate(panels):
        ax = fig.add_subplot(outer[1 + k // cols, k % cols])
        gap = np.full(len(periods), np.nan)
        balance = {p: np.full(len(periods), np.nan) for p in dyad}
        for r in rows:
            if r["issue"] != issue:
                continue
            i = periods.index(r["period"])
            if r["divergence"] is not None:
                gap[i] = r["divergence"]
            if r["party"] in balance:
                balance[r["party"]][i] = r["balance"]
        ax.bar(x, gap, color=DIVERGENCE_COLOUR, alpha=0.45, width=0.8, label="divergence")
        for colour, party in zip(PARTY_COLOURS, dyad, strict=True):
            ax.plot(x, balance[party], marker="o", markersize=3, color=colour, label=party)
        ax.axhline(0, color="black", linewidth=0.5)
        ax.set_ylim(-1.05, 1.05)
        ax.set_xlim(-0.6, len(periods) - 0.4)
        ax.set_title(issue, fontsize=9)
        ax.set_xticks(
            range(0, len(periods), step), periods[::step], fontsize=7, rotation=45, ha="right"
        )
        ax.tick_params(axis="y", labelsize=7)
        if k % cols == 0:
            ax.set_ylabel("balance (−1 critical … +1 cooperative)", fontsize=7)
        if k == 0:
            ax.legend(fontsize=7, loc="lower left")
    _fit_titles(fig, fig.axes[2:])  # the panels (after the heat map and its colour bar)
    return fig


def _fit_titles(fig: Figure, axes: Sequence[Any]) -> None:
    """Wrap each panel's title to its panel's width, so long issue names are not cut."""
    fig.canvas.draw()  # lays the figure out: the panels get their widths
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    for ax in axes:
        title = ax.title
        width = title.get_window_extent(renderer).width
        room = ax.get_window_extent(renderer).width
        if width > room:
            text = title.get_text()
            title.set_text(textwrap.fill(text, max(8, int(len(text) * room / width))))


def figure_svg(fig: Figure) -> str:
    """The figure as an inline ``<svg>`` element (no XML prologue)."""
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg")
    text = buffer.getvalue()
    return text[text.index("<svg") :]


def trends_html(rows: Sequence[dict[str, Any]], dyad: tuple[str, str], by: str) -> str:
    """A self-contained page: the chart (inline SVG), how to read it, and the rows.

    Args:
        rows: The output of :func:`crossroads.store.trends.trends`.
        dyad: The two parties.
        by: The period unit.

    Returns:
        The HTML text; it loads nothing at view time.
    """
    title = f"{dyad[0]}–{dyad[1]} trends by {by}"
    if rows:
        fig = trends_figure(rows, dyad, by)
        chart = figure_svg(fig)
        plt.close(fig)
    else:
        chart = "<p>No dated sentences match the selection.</p>"
    head = "".join(
        f"<th>{html.escape(c)}</th>"
        for c in ("period", "issue", "party", "salience", "cooperative", "critical",
                  "neutral", "balance", "divergence")
    )  # fmt: skip
    body = []
    for r in rows:
        gap = "" if r["divergence"] is None else f"{r['divergence']:.2f}"
        body.append(
            "<tr>"
            + "".join(
                f"<td>{html.escape(str(v))}</td>"
                for v in (
                    r["period"],
                    r["issue"],
                    r["party"],
                    f"{r['salience']:.1%}",
                    r["cooperative"],
                    r["critical"],
                    r["neutral"],
                    f"{r['balance']:+.2f}",
                    gap,
                )
            )  # fmt: skip
            + "</tr>"
        )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>
body {{ font: 14px/1.45 system-ui, sans-serif; margin: 24px auto; max-width: 1100px; color: #222; }}
svg {{ max-width: 100%; height: auto; }}
table {{ border-collapse: collapse; font-size: 12.5px; }}
th, td {{ border-bottom: 1px solid #ddd; padding: 3px 8px; text-align: right; }}
th:nth-child(-n+3), td:nth-child(-n+3) {{ text-align: left; }}
.note {{ color: #555; }}
</style></head><body>
<h1>{html.escape(title)}</h1>
<p class="note">Top: how much of each {html.escape(by)}'s text is about each issue. Panels: each
party's balance on the issue, (cooperative − critical) / its sentences, from −1 (all critical)
to +1 (all cooperative); grey bars: the divergence between {html.escape(dyad[0])} and
{html.escape(dyad[1])} (0 agree … 1 opposed), shown only where both speak on the issue.</p>
{chart}
<h2>Rows</h2>
<table><thead><tr>{head}</tr></thead><tbody>
{chr(10).join(body)}
</tbody></table>
</body></html>
"""


def check_trends_suffix(out: Path) -> str:
    """The format a trends file's suffix names (``.html``...), or a CrossroadsError."""
    suffix = out.suffix.lower()
    if suffix not in OUT_SUFFIXES:
        raise CrossroadsError(str(out), f"--out must end in {', '.join(OUT_SUFFIXES)}")
    return suffix


def write_trends(rows: Sequence[dict[str, Any]], dyad: tuple[str, str], by: str, out: Path) -> None:
    """Write trends to a file chosen by its suffix: html, png, svg, csv or json.

    Args:
        rows: The output of :func:`crossroads.store.trends.trends`.
        dyad: The two parties.
        by: The period unit.
        out: The file; its suffix picks the format.

    Raises:
        CrossroadsError: The suffix is none of the formats, or there is nothing to chart.
    """
    suffix = check_trends_suffix(out)
    if suffix in (".html", ".htm"):
        out.write_text(trends_html(rows, dyad, by), encoding="utf-8")
    elif suffix == ".json":
        out.write_text(json.dumps(list(rows), ensure_ascii=False, indent=1), encoding="utf-8")
    elif suffix == ".csv":
        with out.open("w", newline="", encoding="utf-8") as handle:
            fields = list(rows[0]) if rows else ["period", "issue", "party"]
            writer = csv.DictWriter(handle, fieldnames=fields)
            writer.writeheader()
            writer.writerows(rows)
    else:
        if not rows:
            raise CrossroadsError(str(out), "no dated sentences match the selection to chart")
        fig = trends_figure(rows, dyad, by)
        fig.savefig(out, format=suffix[1:], dpi=130)
        plt.close(fig)
