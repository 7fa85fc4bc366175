"""One timeline of a dyad's documents and events on one time axis, drawn as inline SVG.

Three bands share the x axis (calendar days):

* **Documents** at their dates, at the height of their *valence balance*: (cooperative −
  critical) / the document's dyad sentences, those voiced by either party or by the
  writer (a third party's voice, such as ASEAN's, is left out as the map sets it apart).
  +1 is all cooperative, −1 all critical, so a reader sees the relationship warm and cool.
* **Coded events**, the CAMEO events the pipeline coded from the documents, one lane per
  quad class, at the event's date (the document's when the text gives none).
* **Event data**: the GDELT/ICEWS monthly mean Goldstein score of the dyad (both
  directions), one point per month with events, and its turning points.

Every point is an SVG ``<a>`` with a ``<title>``; where it leads is asked of a ``link``
callable, so this module knows no routes. The caption says how many documents are
undated (not drawn) and, quarter by quarter, whether the documents and the event record
moved the same way (see :func:`compare_quarters`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal

from markupsafe import Markup, escape

from crossroads.cameo import QUAD_CLASSES, describe, quad_class_of
from crossroads.model import AUTHOR, Document
from crossroads.render.html import (
    COOPERATIVE_COLOUR,
    CRITICAL_COLOUR,
    MIDDLE_COLOUR,
    goldstein_colour,
)
from crossroads.store.trends import period_of
from crossroads.workspace import timeline_scale as scale

Day = date  # the fields named ``date`` hold ISO strings; ``day`` fields hold this
LinkKind = Literal["document", "sentence", "event-month", "event-source", "period"]
#: ``link(kind, id)``: a document id (``d12``), a sentence id (``d12:s3``), an event-data
#: month (``2024-12``), an event's source URL, or a period (``2024-05``, ``2024-Q2``,
#: ``2024``: the overview narrowed to it), to the address a point opens.
Link = Callable[[LinkKind, str], str]

# Below these changes from one quarter to the next a measure is said to hold steady.
STEADY_BALANCE = 0.05
STEADY_GOLDSTEIN = 0.5
# Lanes of the coded events, warm on top as on the balance axis.
LANES = (2, 1, 3, 4)

WIDTH, LEFT, RIGHT = 960, 150, 16
DOC_TOP, DOC_H = 26, 140
LANE_H = 16
GAP = 34
GOLD_H = 130
AXIS_H = 34


@dataclass
class DocumentMark:
    """A document on the timeline: its date and valence balance."""

    id: str
    title: str
    date: str
    day: Day
    cooperative: int
    critical: int
    counted: int  # its dyad sentences (voiced by either party or the writer)

    @property
    def balance(self) -> float | None:
        """(cooperative − critical) / dyad sentences; None without any."""
        return (self.cooperative - self.critical) / self.counted if self.counted else None


@dataclass
class CodedEvent:
    """An event coded from a document's sentence."""

    sentence_id: str
    document_id: str
    actor1: str
    actor2: str
    cameo: str
    goldstein: float
    quad_class: int
    date: str
    day: Day
    sentence: str = ""


@dataclass
class EventMonth:
    """One month of the event data (direction "both") with events."""

    period: str
    day: date  # the month's first day
    events: int
    goldstein: float | None
    top_event: str = ""  # the most mentioned event, described
    top_url: str | None = None


@dataclass
class TurningMark:
    """A turning point of the monthly Goldstein series."""

    period: str
    day: date
    level_before: float
    level_after: float
    top_event: str = ""
    top_url: str | None = None


@dataclass
class Agreement:
    """One quarter-to-quarter step: did document balance and Goldstein move alike?"""

    previous: str
    period: str
    balance_change: float
    goldstein_change: float

    @property
    def verdict(self) -> str:
        """``"same"``, ``"opposite"`` or ``"steady"`` (one of them held)."""
        doc = _direction(self.balance_change, STEADY_BALANCE)
        gold = _direction(self.goldstein_change, STEADY_GOLDSTEIN)
        if doc == 0 or gold == 0:
            return "steady"
        return "same" if doc == gold else "opposite"

    def describe(self) -> str:
        """E.g. ``2024-Q3: documents warmer (+0.40), events warmer (+2.1)``."""

        def word(change: float, band: float) -> str:
            return {1: "warmer", -1: "cooler", 0: "steady"}[_direction(change, band)]

        return (
            f"{self.period}: documents {word(self.balance_change, STEADY_BALANCE)}"
            f" ({self.balance_change:+.2f}), events"
            f" {word(self.goldstein_change, STEADY_GOLDSTEIN)} ({self.goldstein_change:+.1f})"
        )


@dataclass
class Timeline:
    """Everything the timeline draws, with the ids each point links to."""

    dyad: tuple[str, str]
    documents: list[DocumentMark] = field(default_factory=list)
    events: list[CodedEvent] = field(default_factory=list)
    months: list[EventMonth] = field(default_factory=list)
    turning_points: list[TurningMark] = field(default_factory=list)
    undated_documents: int = 0
    undated_events: int = 0
    events_note: str | None = None  # why there is no event-data band
    events_source: str | None = None  # the event database's file name, said in the caption
    start: date | None = None  # the period asked for, if any
    end: date | None = None
    agreement: list[Agreement] = field(default_factory=list)

    def caption(self) -> list[str]:
        """The caption's sentences: undated items, the event-data note, the comparison."""
        lines = []
        if self.undated_documents:
            n = self.undated_documents
            lines.append(
                f"{n} undated document{'s are' if n != 1 else ' is'} not drawn"
                " (they still count in the map and agenda)."
            )
        if self.undated_events:
            n = self.undated_events
            lines.append(f"{n} coded event{'s' if n != 1 else ''} without any date not drawn.")
        if self.events_note:
            lines.append(self.events_note)
        else:
            if self.events_source:
                lines.append(f"Event data from {self.events_source}.")
            lines.append(agreement_summary(self.agreement))
        return lines


def _direction(change: float, band: float) -> int:
    return 0 if abs(change) < band else (1 if change > 0 else -1)


def representative_day(iso: str | None) -> date | None:
    """The day a date as precise as known is drawn on: its middle when day or month lack.

    Args:
        iso: ``"2024"``, ``"2024-05"`` or ``"2024-05-17"``.

    Returns:
        1 July for a year, the 15th for a month, the day itself; None if unreadable.
    """
    if not iso:
        return None
    try:
        year = int(iso[:4])
        if len(iso) < 7:
            return date(year, 7, 1)
        month = int(iso[5:7])
        return date(year, month, int(iso[8:10]) if len(iso) >= 10 else 15)
    except ValueError:
        return None


def document_marks(documents: Sequence[Document], dyad: tuple[str, str]) -> list[DocumentMark]:
    """The dated documents with their valence balance over their dyad sentences."""
    voices = {*dyad, AUTHOR}
    marks = []
    for doc in documents:
        day = representative_day(doc.date)
        if day is None or doc.date is None:
            continue
        counted = [s for s in doc.sentences if s.perspective in voices]
        marks.append(
            DocumentMark(
                id=doc.id,
                title=doc.title or doc.source,
                date=doc.date,
                day=day,
                cooperative=sum(s.valence == "cooperative" for s in counted),
                critical=sum(s.valence == "critical" for s in counted),
                counted=len(counted),
            )
        )
    return marks


def coded_events(documents: Sequence[Document]) -> tuple[list[CodedEvent], int]:
    """The documents' coded events placed in time, and how many have no date at all."""
    out, undated = [], 0
    for doc in documents:
        texts = {s.id: s.text for s in doc.sentences}
        for e in doc.events:
            when = e.date or doc.date
            day = representative_day(when)
            if day is None or when is None:
                undated += 1
                continue
            quad = e.quad_class
            if quad not in QUAD_CLASSES:
                try:
                    quad = quad_class_of(e.cameo)
                except ValueError:
                    quad = 1 if e.goldstein >= 0 else 3
            out.append(
                CodedEvent(
                    sentence_id=e.sentence_id,
                    document_id=doc.id,
                    actor1=e.actor1,
                    actor2=e.actor2,
                    cameo=e.cameo,
                    goldstein=e.goldstein,
                    quad_class=quad,
                    date=when,
                    day=day,
                    sentence=texts.get(e.sentence_id, ""),
                )
            )
    return out, undated


def compare_quarters(
    documents: Sequence[DocumentMark], months: Sequence[EventMonth]
) -> list[Agreement]:
    """Quarter by quarter, the change in document balance beside the change in Goldstein.

    A quarter's document balance pools its documents' dyad sentences: (cooperative −
    critical) / sentences (documents dated by year only fall in no quarter). Its Goldstein
    level is the mean over its events (the monthly means weighted by their event counts).
    Only quarters with both are compared, each with the previous such quarter.

    Args:
        documents: The dated documents.
        months: The months of event data.

    Returns:
        One step per pair of consecutive compared quarters.
    """
    pooled: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for d in documents:
        quarter = period_of(d.date, "quarter")
        if quarter is not None and d.counted:
            pooled[quarter][0] += d.cooperative - d.critical
            pooled[quarter][1] += d.counted
    weighted: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for m in months:
        if m.goldstein is not None and m.events:
            quarter = period_of(m.period, "quarter")
            if quarter is not None:
                weighted[quarter][0] += m.goldstein * m.events
                weighted[quarter][1] += m.events
    both = sorted(set(pooled) & set(weighted))
    levels = [(q, pooled[q][0] / pooled[q][1], weighted[q][0] / weighted[q][1]) for q in both]
    return [
        Agreement(prev[0], cur[0], round(cur[1] - prev[1], 3), round(cur[2] - prev[2], 3))
        for prev, cur in zip(levels, levels[1:], strict=False)
    ]


def agreement_summary(steps: Sequence[Agreement]) -> str:
    """One paragraph: how often documents and event record moved alike, and how it is read."""
    how = (
        "Per quarter, the documents' balance is (cooperative − critical) / their dyad"
        " sentences and the event level is the mean Goldstein of its events; a change under"
        f" {STEADY_BALANCE} in balance or {STEADY_GOLDSTEIN} in Goldstein counts as steady."
    )
    if not steps:
        return (
            "Too few quarters hold both documents and event data to compare them (two are"
            " needed). " + how
        )
    same = sum(s.verdict == "same" for s in steps)
    opposite = sum(s.verdict == "opposite" for s in steps)
    n = len(steps)
    head = (
        f"Documents and the event record moved the same way in {same} of {n}"
        f" quarter-to-quarter step{'s' if n != 1 else ''}, opposite ways in {opposite}"
        f" ({'; '.join(s.describe() for s in steps)})."
    )
    return f"{head} {how}"


def build_timeline(
    documents: Sequence[Document],
    dyad: tuple[str, str],
    months: Sequence[EventMonth] = (),
    turning_points: Sequence[TurningMark] = (),
    *,
    start: date | None = None,
    end: date | None = None,
    events_note: str | None = None,
    events_source: str | None = None,
) -> Timeline:
    """Place documents, their coded events and the event data on one axis.

    Args:
        documents: The selected documents (already filtered to the period).
        dyad: The two parties.
        months: The event data's months with events, in order.
        turning_points: The turning points of their Goldstein series.
        start: The period's first day, if one was asked for (fixes the axis).
        end: The period's last day, likewise.
        events_note: Why there is no event data, in words (then no event band).
        events_source: Where the event data comes from (the database's file name).

    Returns:
        The timeline, ready for :func:`render_timeline`.
    """
    marks = document_marks(documents, dyad)
    events, undated_events = coded_events(documents)
    return Timeline(
        dyad=dyad,
        documents=marks,
        events=events,
        months=list(months),
        turning_points=list(turning_points),
        undated_documents=sum(representative_day(d.date) is None for d in documents),
        undated_events=undated_events,
        events_note=events_note,
        events_source=events_source,
        start=start,
        end=end,
        agreement=compare_quarters(marks, months) if not events_note else [],
    )


# ---------------------------------------------------------------------------- drawing


class _Axis:
    """Days to x positions over the drawn range, the ticks under it, and its bin period."""

    def __init__(self, timeline: Timeline) -> None:
        days = [d.day for d in timeline.documents] + [e.day for e in timeline.events]
        days += [m.day for m in timeline.months] + [t.day for t in timeline.turning_points]
        lo = timeline.start or min(days)
        hi = timeline.end or max(days)
        if (hi - lo).days < 60:
            lo, hi = lo - timedelta(days=30), hi + timedelta(days=30)
        pad = timedelta(days=max(1, round((hi - lo).days * 0.03)))
        self.lo, self.hi = lo - pad, hi + pad
        self.span = (self.hi - self.lo).days
        self.plot = WIDTH - LEFT - RIGHT
        #: The period a crowded lane is binned by (see :mod:`timeline_scale`).
        self.period = scale.bin_period(self.span, self.plot)
        self.bin_px = scale.PERIOD_DAYS[self.period] / self.span * self.plot
        self.binned: list[str] = []  # the bands drawn one mark per period, for the caption

    def x(self, day: date) -> float:
        return round(LEFT + (day - self.lo).days / self.span * self.plot, 1)

    def ticks(self) -> list[tuple[float, str]]:
        return scale.ticks(self.lo, self.hi, self.x, WIDTH)

    def radius(self, count: int, most: int) -> float:
        return scale.mark_radius(count, most, self.bin_px)


def _a(href: str, title: str, shape: str, css: str, count: int | None = None) -> str:
    data = "" if count is None else f' data-count="{count}"'
    return f'<a href="{escape(href)}" class="{css}"{data}><title>{escape(title)}</title>{shape}</a>'


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def _text(x: float, y: float, text: str, css: str = "label", anchor: str = "end") -> str:
    return f'<text x="{x}" y="{y}" class="{css}" text-anchor="{anchor}">{escape(text)}</text>'


def _documents_band(timeline: Timeline, axis: _Axis, link: Link, top: float) -> list[str]:
    def y(balance: float) -> float:
        return round(top + (1 - balance) / 2 * DOC_H, 1)

    # Band titles start at the figure's edge: right-aligned to the plot, they ran off it.
    out = [_text(4, top - 10, "Documents: valence balance", "band", "start")]
    for value, label in ((1, "+1 cooperative"), (0, "0"), (-1, "−1 critical")):
        out.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(value)}" y2="{y(value)}" class="grid"/>'
        )
        out.append(_text(LEFT - 6, y(value) + 4, label))
    if len(timeline.documents) > scale.LANE_LIMIT:
        axis.binned.append("documents")
        return out + _document_bins(timeline, axis, link, y)
    for d in timeline.documents:
        balance = d.balance
        shown = 0.0 if balance is None else balance
        colour = MIDDLE_COLOUR if balance is None else goldstein_colour(10 * balance)
        state = (
            "no sentence by the dyad or the writer"
            if balance is None
            else f"balance {balance:+.2f} ({d.cooperative} cooperative, {d.critical} critical"
            f" of {d.counted} dyad sentences)"
        )
        shape = (
            f'<circle cx="{axis.x(d.day)}" cy="{y(shown)}" r="6" fill="{colour}"'
            ' stroke="#1d2125" stroke-width="1"/>'
        )
        out.append(
            _a(link("document", d.id), f"{d.title} · {d.date} · {state}", shape, "point doc")
        )
    return out


def _document_bins(
    timeline: Timeline, axis: _Axis, link: Link, y: Callable[[float], float]
) -> list[str]:
    """One mark per period at the period's pooled balance, sized by its documents."""
    out = []
    groups = scale.bins(timeline.documents, lambda d: d.day, axis.period)
    most = max(len(b.items) for b in groups)
    for b in groups:
        counted = sum(d.counted for d in b.items)
        net = sum(d.cooperative - d.critical for d in b.items)
        balance = net / counted if counted else None
        colour = MIDDLE_COLOUR if balance is None else goldstein_colour(10 * balance)
        state = (
            "no sentence by the dyad or the writer"
            if balance is None
            else f"pooled balance {balance:+.2f} over {_plural(counted, 'dyad sentence')}"
        )
        r = axis.radius(len(b.items), most)
        shape = (
            f'<circle cx="{axis.x(b.middle)}" cy="{y(balance or 0.0)}" r="{r}" fill="{colour}"'
            ' stroke="#1d2125" stroke-width="1"/>'
        )
        title = f"{b.label}: {_plural(len(b.items), 'document')}, {state} · open this period"
        out.append(_a(link("period", b.label), title, shape, "point doc-bin", len(b.items)))
    return out


def _events_band(timeline: Timeline, axis: _Axis, link: Link, top: float) -> list[str]:
    out = [_text(4, top - 10, "Events coded from the documents", "band", "start")]
    lane_y = {q: top + i * LANE_H + LANE_H / 2 for i, q in enumerate(LANES)}
    for quad, y in lane_y.items():
        out.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y}" y2="{y}" class="grid"/>')
        out.append(_text(LEFT - 6, y + 4, QUAD_CLASSES[quad]))
    per_lane = Counter(e.quad_class for e in timeline.events)
    if per_lane and max(per_lane.values()) > scale.LANE_LIMIT:
        axis.binned.append("coded events")
        return out + _event_bins(timeline, axis, link, lane_y)
    for e in timeline.events:
        x, y = axis.x(e.day), lane_y[e.quad_class]
        shape = _event_shape(e.quad_class, x, y, 5)
        what = describe(e.cameo) or "event"
        title = (
            f"{e.date} · {e.actor1} → {e.actor2} · {what} (CAMEO {e.cameo}, Goldstein"
            f" {e.goldstein:+.1f}) · {e.sentence_id}: {_clip(e.sentence)}"
        )
        out.append(_a(link("sentence", e.sentence_id), title, shape, "point coded"))
    return out


def _event_shape(quad: int, x: float, y: float, r: float) -> str:
    """Material acts are filled squares, verbal ones rings; cooperative green, conflict red."""
    colour = COOPERATIVE_COLOUR if quad <= 2 else CRITICAL_COLOUR
    if quad in (2, 4):
        return (
            f'<rect x="{round(x - r, 1)}" y="{round(y - r, 1)}" width="{2 * r}"'
            f' height="{2 * r}" fill="{colour}"/>'
        )
    return f'<circle cx="{x}" cy="{y}" r="{r}" fill="#ffffff" stroke="{colour}" stroke-width="2"/>'


def _event_bins(timeline: Timeline, axis: _Axis, link: Link, lane_y: dict[int, float]) -> list[str]:
    """One mark per period and quad class, sized by its count, opening that period."""
    out = []
    groups = scale.bins(timeline.events, lambda e: e.day, axis.period)
    counts = [Counter(e.quad_class for e in b.items) for b in groups]
    most = max(n for c in counts for n in c.values())
    for b, count in zip(groups, counts, strict=True):
        for quad in LANES:
            n = count.get(quad, 0)
            if not n:
                continue
            shape = _event_shape(quad, axis.x(b.middle), lane_y[quad], axis.radius(n, most))
            title = (
                f"{b.label}: {_plural(n, QUAD_CLASSES[quad].lower() + ' event')} coded from"
                " the documents · open this period"
            )
            out.append(_a(link("period", b.label), title, shape, "point coded-bin", n))
    return out


def _clip(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _goldstein_band(timeline: Timeline, axis: _Axis, link: Link, top: float) -> list[str]:
    def y(score: float) -> float:
        return round(top + (10 - max(-10.0, min(10.0, score))) / 20 * GOLD_H, 1)

    out = [_text(4, top - 10, "Event data: monthly mean Goldstein", "band", "start")]
    for value in (10, 0, -10):
        out.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(value)}" y2="{y(value)}" class="grid"/>'
        )
        out.append(_text(LEFT - 6, y(value) + 4, f"{value:+d}" if value else "0"))
    months = [m for m in timeline.months if m.goldstein is not None]
    binned = len(months) > scale.LANE_LIMIT
    points = _month_bins(months, axis.period) if binned else months
    if binned:
        axis.binned.append("event-data months")
    gap = 31 if not binned else scale.PERIOD_DAYS[axis.period] + 2
    run: list[str] = []
    lines = []
    previous: date | None = None
    for m in points:
        # A period without events breaks the line: the record is silent there.
        if previous is not None and (m.day - previous).days > gap:
            if len(run) > 1:
                lines.append(run)
            run = []
        run.append(f"{axis.x(_middle(m, binned, axis.period))},{y(m.goldstein or 0.0)}")
        previous = m.day
    if len(run) > 1:
        lines.append(run)
    out += [f'<polyline points="{" ".join(r)}" class="series"/>' for r in lines]
    for t in timeline.turning_points:
        x = axis.x(t.day)
        out.append(f'<line x1="{x}" x2="{x}" y1="{top}" y2="{top + GOLD_H}" class="turn"/>')
        title = (
            f"Turning point {t.period}: mean Goldstein {t.level_before:+.2f} → "
            f"{t.level_after:+.2f}" + (f" · top event: {t.top_event}" if t.top_event else "")
        )
        href = link("event-source", t.top_url) if t.top_url else link("event-month", t.period)
        shape = f'<path d="M{x} {top - 7} l7 7 l-7 7 l-7 -7 z" fill="#3b3b6d" stroke="#ffffff"/>'
        out.append(_a(href, title, shape, "point turning"))
    for m in points:
        gold = m.goldstein or 0.0
        title = f"{m.period}: {_plural(m.events, 'event')}, mean Goldstein {gold:+.2f}" + (
            f" · most mentioned: {m.top_event}" if m.top_event else ""
        )
        shape = (
            f'<circle cx="{axis.x(_middle(m, binned, axis.period))}" cy="{y(gold)}" r="4"'
            f' fill="{goldstein_colour(gold)}" stroke="#1d2125" stroke-width="0.5"/>'
        )
        if binned:
            title += " · open this period"
            out.append(_a(link("period", m.period), title, shape, "point month-bin", m.events))
        else:
            out.append(_a(link("event-month", m.period), title, shape, "point month"))
    return out


def _month_bins(months: Sequence[EventMonth], period: str) -> list[EventMonth]:
    """The months pooled per period: events summed, Goldstein weighted by events."""
    out = []
    for b in scale.bins(months, lambda m: m.day, period):
        events = sum(m.events for m in b.items)
        gold = sum((m.goldstein or 0.0) * m.events for m in b.items) / max(1, events)
        out.append(EventMonth(b.label, b.start, events, round(gold, 3)))
    return out


def _middle(m: EventMonth, binned: bool, period: str) -> date:
    days = scale.PERIOD_DAYS[period] if binned else 28
    return m.day + timedelta(days=int(days / 2))


def render_timeline(timeline: Timeline, link: Link) -> Markup:
    """Draw the timeline as a ``<figure>``: the SVG and its caption (all text escaped).

    Args:
        timeline: From :func:`build_timeline`.
        link: ``link(kind, id) -> URL`` for every point (see :data:`Link`).

    Returns:
        HTML safe to put in a page as it is (no script, nothing from the network).
    """
    lines = timeline.caption()
    caption = "".join(f"<p>{escape(line)}</p>" for line in lines)
    if not (timeline.documents or timeline.events or timeline.months):
        note = "Nothing to draw: no dated document or event in this selection."
        return Markup(
            f'<figure class="timeline"><figcaption><p>{note}</p>{caption}</figcaption></figure>'
        )
    axis = _Axis(timeline)
    parts = _documents_band(timeline, axis, link, DOC_TOP)
    top = DOC_TOP + DOC_H + GAP
    parts += _events_band(timeline, axis, link, top)
    top += LANE_H * len(LANES)
    if timeline.events_note is None:
        top += GAP
        parts += _goldstein_band(timeline, axis, link, top)
        top += GOLD_H
    bottom = top + 8
    parts.append(
        f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{bottom}" y2="{bottom}" class="axis"/>'
    )
    for x, label in axis.ticks():
        parts.append(f'<line x1="{x}" x2="{x}" y1="{bottom}" y2="{bottom + 5}" class="axis"/>')
        parts.append(_text(x, bottom + 18, label, "tick", "middle"))
    height = bottom + AXIS_H
    a, b = (escape(code) for code in timeline.dyad)
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}"'
        f' width="100%" role="img" aria-labelledby="timeline-title" class="timeline">'
        f'<title id="timeline-title">Timeline of {a}–{b}: documents, coded events and'
        " event data</title>"
        "<style>.grid{stroke:#e3e6ea}.axis{stroke:#8a8f96}.label,.tick{font:11px sans-serif;"
        "fill:#5f6670}.band{font:600 12px sans-serif;fill:#1d2125}.series{fill:none;"
        "stroke:#3b3b6d;stroke-width:1.5}.turn{stroke:#3b3b6d;stroke-dasharray:4 3}"
        "a.point:hover>*:not(title),a.point:focus>*:not(title){stroke:#000;stroke-width:2.5}"
        "</style>" + "".join(parts) + "</svg>"
    )
    if axis.binned:
        what = " and ".join(axis.binned)
        lines.insert(
            0,
            f"Too many to draw one by one, the {what} are drawn one mark per {axis.period}"
            f" (and class), its size growing with its count; open a mark to see that"
            f" {axis.period} alone.",
        )
    caption = "".join(f"<p>{escape(line)}</p>" for line in lines)
    return Markup(f'<figure class="timeline">{svg}<figcaption>{caption}</figcaption></figure>')
