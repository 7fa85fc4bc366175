"""The HTML renderer: one self-contained, linked report page.

The page holds everything inline (CSS, a few lines of JS, SVG charts drawn here) and
refers to nothing outside itself. Every claim it shows (evidence, common ground, bridging
proposals, events) links to the sentence it rests on, shown in the full text of its
document. This module builds a plain view model (dicts of display values and chart
geometry); ``templates/report.html`` lays it out with autoescaping on.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from crossroads import registry
from crossroads.model import AUTHOR, Analysis
from crossroads.render.markdown import (
    all_events,
    cameo_name,
    ordered_parties,
    party_name,
    sentence_index,
    voice_line,
)

TEMPLATES = Path(__file__).parent / "templates"

# Okabe & Ito's colour-blind-safe palette: the dyad takes blue and vermillion, the author
# grey, any other voice (ASEAN, UN...) the remaining hues.
DYAD_COLOURS = ("#0072B2", "#D55E00")
AUTHOR_COLOUR = "#6E6E6E"
OTHER_COLOURS = ("#CC79A7", "#009E73", "#E69F00", "#56B4E9", "#8C6D31", "#000000")
# ColorBrewer BrBG, a colour-blind-safe diverging scale: brown = conflict/critical,
# teal = cooperation.
CRITICAL_COLOUR = "#8C510A"
COOPERATIVE_COLOUR = "#01665E"
MIDDLE_COLOUR = "#B8B8B8"
VALENCE_TINTS = {"critical": "#F6E8C3", "cooperative": "#C7EAE5", "neutral": "#EFEFEF"}

EVIDENCE_SHOWN = 6
_CLASS_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def css_class(code: str) -> str:
    """A CSS-safe form of a party code, for ``persp-CODE`` classes.

    Args:
        code: A party code such as ``"USA"``, ``"ASEAN"`` or ``"author"``.

    Returns:
        The code with every character outside ``[A-Za-z0-9_-]`` replaced by ``_``.
    """
    return _CLASS_UNSAFE.sub("_", code) or "_"


def _tint(colour: str, amount: float) -> str:
    """``colour`` mixed with white, keeping ``amount`` of the colour."""
    rgb = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    mixed = [round(255 - (255 - c) * amount) for c in rgb]
    return "#" + "".join(f"{c:02X}" for c in mixed)


def _mix(a: str, b: str, t: float) -> str:
    """The colour ``t`` of the way from ``a`` to ``b``."""
    ca = [int(a[i : i + 2], 16) for i in (1, 3, 5)]
    cb = [int(b[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * t):02X}" for x, y in zip(ca, cb, strict=True))


def goldstein_colour(score: float | None) -> str:
    """A diverging colour for a Goldstein score: brown (conflict) to teal (cooperation).

    Args:
        score: A Goldstein value in [-10, 10], or ``None``.

    Returns:
        A ``#RRGGBB`` colour; grey for zero or ``None``.
    """
    if score is None:
        return MIDDLE_COLOUR
    t = max(-1.0, min(1.0, score / 10.0))
    # Even a mild score should read clearly as one side, so start a third of the way out.
    strength = 0.35 + 0.65 * abs(t) if t else 0.0
    return _mix(MIDDLE_COLOUR, COOPERATIVE_COLOUR if t > 0 else CRITICAL_COLOUR, strength)


def _party_colours(contract: Mapping[str, Any], parties: list[str]) -> dict[str, str]:
    perspectives = (
        sentence.get("perspective") or AUTHOR
        for doc in contract.get("documents", [])
        for sentence in doc.get("sentences", [])
    )
    return perspective_colours(list(contract.get("dyad", [])), parties, perspectives)


def perspective_colours(
    dyad: list[str], parties: list[str], perspectives: Iterable[str]
) -> dict[str, str]:
    """Each voice's colour: the dyad's two, the writer's, then the others' in order met.

    Args:
        dyad: The two parties (their colours are fixed by this order).
        parties: The voices listed first (the map's parties).
        perspectives: The sentences' perspectives, in reading order.
    """
    voices = list(parties)
    for perspective in perspectives:
        if perspective not in voices:
            voices.append(perspective)
    colours: dict[str, str] = {}
    others = iter(OTHER_COLOURS * (1 + len(voices) // len(OTHER_COLOURS)))
    for code in voices:
        if code in dyad[:2]:
            colours[code] = DYAD_COLOURS[dyad.index(code)]
        elif code == AUTHOR:
            colours[code] = AUTHOR_COLOUR
        else:
            colours[code] = next(others)
    return colours


def _truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class _Refs:
    """Turns sentence ids into link records, knowing which ids exist in the page."""

    def __init__(self, sentences: Mapping[str, Mapping[str, Any]]) -> None:
        self.sentences = sentences

    def ref(self, sentence_id: str | None) -> dict[str, Any]:
        sentence = self.sentences.get(sentence_id or "")
        text = str(sentence.get("text", "")) if sentence else ""
        return {
            "id": sentence_id or "",
            "href": f"#{sentence_id}" if sentence else None,
            "text": text,
            "title": _truncate(text, 220) if sentence else "sentence not in the documents",
        }

    def refs(self, ids: list[str]) -> list[dict[str, Any]]:
        return [self.ref(i) for i in ids]


def _paragraphs(doc: Mapping[str, Any]) -> list[list[dict[str, Any]]]:
    """The document body as paragraphs of segments: sentences and the text between them.

    Sentence offsets index the normalised text; the text between two sentences (headings,
    marks, whitespace) is kept as plain segments and its blank lines become paragraph
    breaks. If offsets do not fit the text, sentences are laid out one run after another.
    """
    text = str(doc.get("text") or "")
    sentences = list(doc.get("sentences", []))
    ordered = sorted(sentences, key=lambda s: (s.get("start", 0), s.get("end", 0)))
    fits = bool(text) and all(
        0 <= s.get("start", -1) <= s.get("end", -1) <= len(text) for s in ordered
    )
    fits = fits and all(a["end"] <= b["start"] for a, b in zip(ordered, ordered[1:], strict=False))
    paragraphs: list[list[dict[str, Any]]] = [[]]
    if not fits:
        paragraphs[0] = [{"sentence": s} for s in sentences]
        return [p for p in paragraphs if p]

    def add_gap(gap: str) -> None:
        pieces = _PARAGRAPH_BREAK.split(gap)
        for n, piece in enumerate(pieces):
            if n:
                paragraphs.append([])
            if piece.strip():
                paragraphs[-1].append({"gap": " ".join(piece.split())})

    cursor = 0
    for sentence in ordered:
        add_gap(text[cursor : sentence["start"]])
        paragraphs[-1].append({"sentence": sentence})
        cursor = sentence["end"]
    add_gap(text[cursor:])
    return [p for p in paragraphs if p]


LOW_CONFIDENCE = 0.6  # below this probability a label is shown as unsure


def unsure_labels(sentence: Mapping[str, Any]) -> list[str]:
    """The labels the reader gave with a confidence below :data:`LOW_CONFIDENCE`."""
    return [k for k, v in (sentence.get("confidence") or {}).items() if v < LOW_CONFIDENCE]


def _with_confidence(sentence: Mapping[str, Any], label: str, value: Any) -> str:
    p = (sentence.get("confidence") or {}).get(label)
    if p is None:
        return f"{label}: {value}"
    return f"{label}: {value} ({p:.0%}{', unsure' if p < LOW_CONFIDENCE else ''})"


def _sentence_title(sentence: Mapping[str, Any]) -> str:
    parts = [
        str(sentence.get("id")),
        f"perspective: {party_name(str(sentence.get('perspective') or AUTHOR))}",
        _with_confidence(sentence, "issue", sentence.get("issue")),
        _with_confidence(sentence, "valence", sentence.get("valence")),
    ]
    if sentence.get("frames"):
        parts.append("frames: " + ", ".join(sentence["frames"]))
    if sentence.get("recommendation"):
        parts.append("recommendation")
    return " · ".join(parts)


def _citations(contract: Mapping[str, Any]) -> dict[str, list[str]]:
    """Where each sentence is cited: as evidence, common ground, bridging or an event."""
    cited: dict[str, list[str]] = {}
    labels = {i.get("id"): i.get("label") or i.get("id") for i in contract.get("issues", [])}
    for issue in contract.get("issues", []):
        label = labels[issue.get("id")]
        for party, position in issue.get("positions", {}).items():
            for sid in position.get("evidence", []):
                cited.setdefault(sid, []).append(f"{party_name(party)} on {label}")
        for sid in issue.get("common_ground", []):
            cited.setdefault(sid, []).append(f"common ground on {label}")
    for item in contract.get("agenda", []):
        label = labels.get(item.get("issue"), item.get("issue"))
        for sid in item.get("bridging", []):
            cited.setdefault(sid, []).append(
                f"bridging proposal, agenda #{item.get('rank')} {label}"
            )
    for event in all_events(contract):
        cited.setdefault(str(event.get("sentence_id")), []).append(
            f"event {event.get('actor1')} → {event.get('actor2')} CAMEO {event.get('cameo')}"
        )
    return cited


def _documents(contract: Mapping[str, Any], cited: Mapping[str, list[str]]) -> list[dict[str, Any]]:
    labels = {i.get("id"): i.get("label") or i.get("id") for i in contract.get("issues", [])}
    documents = []
    for doc in contract.get("documents", []):
        paragraphs = []
        for paragraph in _paragraphs(doc):
            segments = []
            for segment in paragraph:
                sentence = segment.get("sentence")
                if sentence is None:
                    segments.append(segment)
                    continue
                classes = [
                    "sent",
                    f"persp-{css_class(str(sentence.get('perspective') or AUTHOR))}",
                    f"val-{css_class(str(sentence.get('valence') or 'neutral'))}",
                ]
                if sentence.get("recommendation"):
                    classes.append("rec")
                unsure = unsure_labels(sentence)
                if unsure:
                    classes.append("unsure")
                segments.append(
                    {
                        "id": sentence["id"],
                        "text": sentence.get("text", ""),
                        "classes": " ".join(classes),
                        "title": _sentence_title(sentence),
                        "perspective": party_name(str(sentence.get("perspective") or AUTHOR)),
                        "issue": labels.get(sentence.get("issue"), sentence.get("issue") or ""),
                        "valence": sentence.get("valence") or "",
                        "frames": ", ".join(sentence.get("frames", [])),
                        "recommendation": "yes" if sentence.get("recommendation") else "no",
                        "cues": "; ".join(
                            f"{k}: {v}" for k, v in sorted(sentence.get("cues", {}).items())
                        ),
                        "cited": "; ".join(cited.get(sentence["id"], [])),
                        "unsure": ", ".join(unsure),
                    }
                )
            paragraphs.append(segments)
        documents.append(
            {
                "id": doc.get("id"),
                "title": doc.get("title") or doc.get("source") or "Untitled document",
                "meta": [str(v) for v in (doc.get("author"), doc.get("date")) if v],
                "voice": voice_line(doc),
                "voice_evidence": (doc.get("voice") or {}).get("evidence") or "",
                "kind": doc.get("kind") or "",
                "source": doc.get("source") or "",
                "notes": list(doc.get("notes", [])),
                "paragraphs": paragraphs,
                "n_sentences": len(doc.get("sentences", [])),
                "n_events": len(doc.get("events", [])),
            }
        )
    return documents


def _issues(contract: Mapping[str, Any], parties: list[str], refs: _Refs) -> list[dict[str, Any]]:
    rows = []
    for issue in contract.get("issues", []):
        positions = issue.get("positions", {})
        cells = []
        for party in parties:
            position = positions.get(party)
            if position is None:
                cells.append({"party": party, "empty": True})
                continue
            evidence = refs.refs(list(position.get("evidence", [])))
            valence = position.get("valence") or "neutral"
            cells.append(
                {
                    "party": party,
                    "empty": False,
                    "valence": valence,
                    "tint": VALENCE_TINTS.get(valence, VALENCE_TINTS["neutral"]),
                    "frames": list(position.get("frames", [])),
                    "summary": position.get("summary") or "",
                    "shown": evidence[:EVIDENCE_SHOWN],
                    "more": evidence[EVIDENCE_SHOWN:],
                    "count": len(evidence),
                }
            )
        divergence = issue.get("divergence")
        rows.append(
            {
                "id": issue.get("id"),
                "anchor": f"issue-{css_class(str(issue.get('id')))}",
                "label": issue.get("label") or issue.get("id"),
                "salience": issue.get("salience") or 0.0,
                "divergence": divergence,
                "divergence_pct": None if divergence is None else round(100 * divergence, 1),
                "sentences": issue.get("sentences") or 0,
                "cells": cells,
                "common_ground": refs.refs(list(issue.get("common_ground", []))),
                "summaries": [
                    {
                        "party": party,
                        "name": party_name(party),
                        "summary": positions[party].get("summary") or "",
                        "quote": refs.ref(positions[party]["evidence"][0])
                        if positions[party].get("evidence")
                        else None,
                    }
                    for party in parties
                    if party in positions
                ],
            }
        )
    return rows


def _agenda(contract: Mapping[str, Any], issues: list[dict[str, Any]], refs: _Refs) -> list[Any]:
    by_id = {i["id"]: i for i in issues}
    items = []
    for item in sorted(contract.get("agenda", []), key=lambda a: a.get("rank", 0)):
        issue = by_id.get(item.get("issue"))
        stats = []
        if issue and issue["divergence"] is not None:
            stats.append(f"divergence {issue['divergence']:.2f}")
        if item.get("score") is not None:
            stats.append(f"score {item['score']:.2f}")
        items.append(
            {
                "rank": item.get("rank"),
                "label": issue["label"] if issue else item.get("issue"),
                "anchor": issue["anchor"] if issue else None,
                "stats": stats,
                "why": item.get("why") or "",
                "bridging": refs.refs(list(item.get("bridging", []))),
            }
        )
    return items


def _salience_chart(issues: list[dict[str, Any]]) -> dict[str, Any]:
    label_w, bar_w, row_h, top = 170, 220, 26, 8
    largest = max((float(i["salience"]) for i in issues), default=0.0) or 1.0
    bars = []
    for n, issue in enumerate(sorted(issues, key=lambda i: -float(i["salience"]))):
        width = bar_w * float(issue["salience"]) / largest
        bars.append(
            {
                "y": top + n * row_h,
                "width": round(width, 1),
                "label": _truncate(str(issue["label"]), 24),
                "full": issue["label"],
                "value": f"{float(issue['salience']):.0%}",
                "anchor": issue["anchor"],
            }
        )
    return {
        "width": label_w + bar_w + 50,
        "height": top * 2 + row_h * len(bars),
        "label_w": label_w,
        "row_h": row_h,
        "bars": bars,
    }


def _balance_chart(
    contract: Mapping[str, Any], parties: list[str], colours: Mapping[str, str]
) -> dict[str, Any]:
    label_w, margin, half, bar_h, gap, top = 170, 44, 110, 11, 12, 22
    groups = []
    y = top
    for issue in contract.get("issues", []):
        positions = issue.get("positions", {})
        bars: list[dict[str, Any]] = []
        for party in (p for p in parties if p in positions):
            balance = max(-1.0, min(1.0, float(positions[party].get("balance") or 0.0)))
            width = abs(balance) * half
            bars.append(
                {
                    "y": y + len(bars) * (bar_h + 2),
                    "x": label_w + margin + half - (width if balance < 0 else 0),
                    "width": round(max(width, 1.5), 1),
                    "colour": colours.get(party, AUTHOR_COLOUR),
                    "party": party_name(party),
                    "value": f"{balance:+.2f}",
                    "text_x": label_w + margin + half + (width + 4 if balance >= 0 else -width - 4),
                    "anchor": "start" if balance >= 0 else "end",
                }
            )
        height = max(len(bars), 1) * (bar_h + 2)
        groups.append(
            {
                "label": _truncate(str(issue.get("label") or issue.get("id")), 24),
                "full": issue.get("label") or issue.get("id"),
                "label_y": y + height / 2 + 4,
                "bars": bars,
            }
        )
        y += height + gap
    return {
        "width": label_w + 2 * (margin + half),
        "height": y + 4,
        "label_w": label_w,
        "centre": label_w + margin + half,
        "half": half,
        "bar_h": bar_h,
        "top": top,
        "groups": groups,
    }


def _year_fraction(date: str | None) -> float | None:
    match = _DATE.match(date or "")
    if not match:
        return None
    year, month, day = match.groups()
    value = float(year)
    if month:
        value += (int(month) - 1) / 12
        value += ((int(day) - 1) / 31 if day else 0.5) / 12
    else:
        value += 0.5
    return value


def _timeline(events: list[dict[str, Any]], refs: _Refs) -> dict[str, Any]:
    left, right, width, height, top, bottom = 46, 16, 880, 210, 14, 34
    dated = [(e, _year_fraction(e.get("date"))) for e in events]
    points_in = [(e, x) for e, x in dated if x is not None]
    undated = len(events) - len(points_in)
    if not points_in:
        return {"points": [], "undated": undated}
    xs = [x for _, x in points_in]
    lo, hi = min(xs), max(xs)
    if hi - lo < 1 / 6:
        lo, hi = lo - 1 / 12, hi + 1 / 12
    pad = (hi - lo) * 0.04
    lo, hi = lo - pad, hi + pad
    plot_w, plot_h = width - left - right, height - top - bottom

    def sx(value: float) -> float:
        return round(left + (value - lo) / (hi - lo) * plot_w, 1)

    def sy(score: float) -> float:
        return round(top + (10 - max(-10.0, min(10.0, score))) / 20 * plot_h, 1)

    seen: dict[tuple[float, float], int] = {}
    points = []
    for event, x in points_in:
        score = float(event.get("goldstein") or 0.0)
        key = (sx(x), sy(score))
        offset = seen.get(key, 0)
        seen[key] = offset + 1
        ref = refs.ref(event.get("sentence_id"))
        points.append(
            {
                "x": key[0] + 9 * offset,
                "y": key[1],
                "colour": goldstein_colour(score),
                "href": ref["href"],
                "title": (
                    f"{event.get('date')} · {event.get('actor1')} → {event.get('actor2')} · "
                    f"CAMEO {event.get('cameo')} · Goldstein {score:+.1f} · {ref['title']}"
                ),
            }
        )
    span = hi - lo
    if span > 3:
        step = 1.0
    elif span > 1.2:
        step = 0.25
    else:
        step = 1 / 12
    ticks = []
    tick = (int(lo / step) + 1) * step
    while tick < hi:
        year, month = int(tick + 1e-6), round((tick - int(tick + 1e-6)) * 12) + 1
        label = str(year) if step == 1.0 else f"{year}-{month:02d}"
        ticks.append({"x": sx(tick), "label": label})
        tick += step
    if len(ticks) > 10:
        ticks = ticks[:: (len(ticks) + 9) // 10]
    return {
        "points": points,
        "undated": undated,
        "width": width,
        "height": height,
        "left": left,
        "right": width - right,
        "top": top,
        "bottom": height - bottom,
        "zero": sy(0.0),
        "y_ticks": [{"y": sy(v), "label": f"{v:+d}" if v else "0"} for v in (10, 5, 0, -5, -10)],
        "ticks": ticks,
    }


def _events(contract: Mapping[str, Any], refs: _Refs) -> tuple[list[Any], dict[str, Any]]:
    events = all_events(contract)
    rows = []
    for event in events:
        score = event.get("goldstein")
        rows.append(
            {
                "date": event.get("date"),
                "actor1": event.get("actor1"),
                "actor2": event.get("actor2"),
                "actor1_name": party_name(str(event.get("actor1"))),
                "actor2_name": party_name(str(event.get("actor2"))),
                "cameo": event.get("cameo"),
                "cameo_name": cameo_name(str(event.get("cameo", ""))),
                "goldstein": score,
                "colour": goldstein_colour(score if isinstance(score, int | float) else None),
                "ref": refs.ref(event.get("sentence_id")),
            }
        )
    return rows, _timeline(events, refs)


def build_view(analysis: Analysis, **options: Any) -> dict[str, Any]:
    """The display values and chart geometry the HTML template lays out.

    Args:
        analysis: The analysis to show.
        **options: ``title`` (str): a page title instead of the default.

    Returns:
        A dict of plain values (strings, numbers, lists, dicts) for the template.
    """
    contract = analysis.to_contract()
    sentences = sentence_index(contract)
    refs = _Refs(sentences)
    parties = ordered_parties(contract)
    colours = _party_colours(contract, parties)
    issues = _issues(contract, parties, refs)
    events, timeline = _events(contract, refs)
    dyad = [{"code": c, "name": party_name(c)} for c in contract.get("dyad", [])]
    documents = _documents(contract, _citations(contract))
    perspectives = {str(s.get("perspective") or AUTHOR) for s in sentences.values()}
    legend = [
        {
            "code": code,
            "name": party_name(code),
            "class": css_class(code),
            "colour": colour,
            "tint": _tint(colour, 0.18),
        }
        for code, colour in colours.items()
        if code in perspectives or code in parties
    ]
    dyad_names = " – ".join(d["name"] for d in dyad)
    return {
        "title": options.get("title") or f"{dyad_names}: perspective map",
        "dyad": dyad,
        "dyad_names": dyad_names,
        "taxonomy": contract.get("taxonomy"),
        "schema": contract.get("schema"),
        "documents": documents,
        "counts": {
            "documents": len(documents),
            "sentences": len(sentences),
            "issues": len(issues),
            "events": len(events),
        },
        "parties": [
            {"code": p, "name": party_name(p), "colour": colours.get(p, AUTHOR_COLOUR)}
            for p in parties
        ],
        "legend": legend,
        "valence_tints": VALENCE_TINTS,
        "issues": issues,
        "agenda": _agenda(contract, issues, refs),
        "events": events,
        "timeline": timeline,
        "salience_chart": _salience_chart(issues),
        "balance_chart": _balance_chart(contract, parties, colours),
        "critical_colour": CRITICAL_COLOUR,
        "cooperative_colour": COOPERATIVE_COLOUR,
        "middle_colour": MIDDLE_COLOUR,
        "errors": list(contract.get("errors", [])),
    }


@registry.renderers.register("html")
def render_html(analysis: Analysis, **options: Any) -> str:
    """Render an analysis as one self-contained HTML page.

    Args:
        analysis: The analysis to show.
        **options: ``title`` (str): a page title instead of "A – B: perspective map".

    Returns:
        The page as an HTML string (no external resources; all text escaped).
    """
    template = _environment().get_template("report.html")
    return template.render(**build_view(analysis, **options))
