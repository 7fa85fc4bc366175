"""The dyad overview: perspective map, agenda, trends and one timeline over chosen documents.

:func:`build_overview` takes documents already loaded (with a workspace's corrected labels
in force) and assembles what the overview page shows, from the project's one home for
each part: the map and agenda of :func:`crossroads.aggregate.build_analysis` (what
``crossroads corpus map`` gives), the trend rows of :func:`crossroads.store.trends.fold_trends`,
and the GDELT/ICEWS monthly series and turning points of :mod:`crossroads.events`. Every
item keeps the ids that link back to its source: sentence ids (``d<doc>:s<pos>``),
document ids and the event data's source URLs.

The partials in ``templates/overview/`` render an :class:`Overview`; give them the
context of :func:`overview_context`.
"""

from __future__ import annotations

import calendar
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import duckdb

from crossroads.aggregate import build_analysis
from crossroads.annotate.taxonomy import load_taxonomy
from crossroads.dyad import Dyad
from crossroads.model import AgendaItem, Document, IssueEntry
from crossroads.render.html import DYAD_COLOURS
from crossroads.render.markdown import ordered_parties, party_name
from crossroads.store.queries import check_date
from crossroads.store.trends import PERIODS, fold_trends
from crossroads.workspace.timeline import (
    EventMonth,
    Link,
    Timeline,
    TurningMark,
    build_timeline,
    render_timeline,
)

TEMPLATES = Path(__file__).parent / "templates"
TREND_ISSUES = 6  # panels in the trends chart: the issues most written about
# Common-ground and bridging sentences cited per map row or agenda item (the rest counted):
# over a thousand documents an issue can have thousands.
CITED = 6
NO_EVENT_STORE = (
    "No event data: no GDELT or ICEWS events database is connected, so the timeline shows"
    " the documents only (ingest event files with `crossroads events ingest`)."
)


@dataclass
class DocumentRef:
    """A selected document as the overview lists it."""

    id: str
    title: str
    date: str | None
    sentences: int
    events: int


@dataclass
class Overview:
    """What the dyad overview shows, every item with the ids it links back to."""

    dyad: tuple[str, str]
    since: str | None
    until: str | None
    documents: list[DocumentRef]
    issues: list[IssueEntry]  # the perspective map, most salient first
    agenda: list[AgendaItem]  # rank 1 first, with bridging sentence ids
    parties: list[str]  # the map's columns: the dyad, then other voices
    trends: list[dict[str, Any]]  # rows of :func:`crossroads.store.trends.fold_trends`
    trends_by: str
    timeline: Timeline
    sentences: dict[str, str] = field(default_factory=dict)  # id -> text of those shown
    left_out: int = 0  # documents outside the period (undated ones too, once a period is set)
    taxonomy: str = "default"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (the page's JSON twin): the map as in CONTRACT.md, and the rest."""

        def plain(value: Any) -> Any:
            if isinstance(value, date):
                return value.isoformat()
            if isinstance(value, dict):
                return {k: plain(v) for k, v in value.items()}
            if isinstance(value, list | tuple):
                return [plain(v) for v in value]
            return value

        timeline = plain(asdict(self.timeline))
        timeline["caption"] = self.timeline.caption()
        for mark, row in zip(self.timeline.documents, timeline["documents"], strict=True):
            row["balance"] = None if mark.balance is None else round(mark.balance, 3)
        for step, row in zip(self.timeline.agreement, timeline["agreement"], strict=True):
            row["verdict"] = step.verdict
        return {
            "dyad": list(self.dyad),
            "since": self.since,
            "until": self.until,
            "taxonomy": self.taxonomy,
            "documents": [asdict(d) for d in self.documents],
            "left_out": self.left_out,
            "issues": [i.to_contract() for i in self.issues],
            "agenda": [a.to_contract() for a in self.agenda],
            "trends": {"by": self.trends_by, "rows": self.trends},
            "timeline": timeline,
            "sentences": dict(self.sentences),
        }


def in_period(iso: str | None, since: str | None, until: str | None) -> bool:
    """Whether a document date falls in a period, by the rule of the store's filters.

    ``since`` and ``until`` are inclusive and as precise as given (``until="2024-06"``
    keeps all of June); an undated document is in no period, but in the whole record.

    Args:
        iso: The document's date (``2024``, ``2024-05``, ``2024-05-17``) or None.
        since: The first date, or None.
        until: The last date, or None.

    Returns:
        True when the date is inside.
    """
    if since is None and until is None:
        return True
    if not iso:
        return False
    return (since is None or iso >= since) and (until is None or iso <= f"{until}~")


def period_bounds(since: str | None, until: str | None) -> tuple[date | None, date | None]:
    """The first and last day of a period given as ISO dates of any precision."""
    start = end = None
    if since:
        start = date(int(since[:4]), int(since[5:7] or 1), int(since[8:10] or 1))
    if until:
        year = int(until[:4])
        month = int(until[5:7]) if len(until) >= 7 else 12
        day = int(until[8:10]) if len(until) >= 10 else calendar.monthrange(year, month)[1]
        end = date(year, month, day)
    return start, end


def _month_tops(
    con: duckdb.DuckDBPyConnection, dyad: Dyad, start: date | None, end: date | None
) -> dict[date, tuple[str, str | None]]:
    """Per month, the most mentioned event (described) and its source URL: one query."""
    from crossroads.cameo import describe
    from crossroads.events.series import dyad_filter_sql, query_params

    where = dyad_filter_sql(None)
    if start is not None:
        where += " AND event_date >= $start"
    if end is not None:
        where += " AND event_date <= $end"
    rows = con.execute(
        f"""
        SELECT month, event_date, actor1_name, actor2_name, event_code, source_url FROM (
            SELECT date_trunc('month', event_date)::DATE AS month, event_date, actor1_name,
                   actor2_name, event_code, source_url,
                   row_number() OVER (PARTITION BY date_trunc('month', event_date)
                       ORDER BY num_mentions DESC NULLS LAST, abs(goldstein) DESC NULLS LAST,
                                event_id) AS k
            FROM events WHERE {where}
        ) WHERE k = 1
        """,
        query_params(dyad, None, start, end),
    ).fetchall()
    return {
        month: (f"{day} {a1} → {a2}: {describe(code) or code}", url or None)
        for month, day, a1, a2, code, url in rows
    }


def event_record(
    events: duckdb.DuckDBPyConnection | str | Path | None,
    dyad: tuple[str, str],
    start: date | None = None,
    end: date | None = None,
) -> tuple[list[EventMonth], list[TurningMark], str | None]:
    """The dyad's monthly Goldstein series and turning points from the events database.

    Args:
        events: An open events database (DuckDB), its path, or None.
        dyad: The two countries (either order: the series counts both directions).
        start: First day (None: from the first event).
        end: Last day (None: to the last event).

    Returns:
        The months with events, the turning points, and None; or two empty lists and a
        sentence saying why there is no event data.
    """
    if events is None:
        return [], [], NO_EVENT_STORE
    # Late: ruptures and scipy take a second or two to import, needless without event data.
    from crossroads.events import EventStoreError, open_store
    from crossroads.events.series import dyad_series, no_events_reason
    from crossroads.events.turning_points import turning_points

    if isinstance(events, str | Path):
        try:
            con = open_store(events, read_only=True)
        except EventStoreError as exc:
            return [], [], f"No event data: {exc}."
        label = str(events)
    else:
        con, label = events, "connected"
    try:
        pair = Dyad(*dyad)
        series = dyad_series(con, pair, "month", start=start, end=end, fill=True)
        if series.empty:
            reason = no_events_reason(con, pair, label, start=start, end=end)
            return [], [], f"{reason.replace('--from/--to', 'the period')}."
        tops = _month_tops(con, pair, start, end)
        both = series[series["direction"] == "both"]
        months = []
        for row in both.itertuples(index=False):
            if not row.events:
                continue  # a silent month has nothing to open
            top, url = tops.get(row.period_start, ("", None))
            gold = None if row.goldstein_mean != row.goldstein_mean else float(row.goldstein_mean)
            months.append(
                EventMonth(str(row.period), row.period_start, int(row.events), gold, top, url)
            )
        points = turning_points(con, pair, "month", series=series, start=start, end=end, top=1)
        marks = []
        for p in points:
            first = p.top_events[0] if p.top_events else {}
            what = (
                f"{first.get('event_date')} {first.get('actor1_name')} → "
                f"{first.get('actor2_name')}: {first.get('event') or first.get('event_code')}"
                if first
                else ""
            )
            marks.append(
                TurningMark(
                    p.period, p.date, p.level_before, p.level_after, what, first.get("source_url")
                )
            )
        return months, marks, None
    finally:
        if isinstance(events, str | Path):
            con.close()


def _document_span(documents: Sequence[Document]) -> tuple[date | None, date | None]:
    """From the first dated document's month to the last one's, for the event window."""
    dates = sorted(d.date for d in documents if d.date and len(d.date) >= 4)
    if not dates:
        return None, None
    return period_bounds(dates[0][:7], dates[-1][:7])


def _sentence_groups(
    documents: Sequence[Document],
) -> list[tuple[str | None, str, str, str, str, int]]:
    counts: Counter[tuple[str | None, str, str, str, str]] = Counter()
    for d in documents:
        for s in d.sentences:
            counts[(d.date, s.issue, s.perspective, s.valence, ",".join(s.frames))] += 1
    return [(*key, n) for key, n in counts.items()]


def build_overview(
    documents: list[Document],
    dyad: tuple[str, str],
    *,
    since: str | None = None,
    until: str | None = None,
    events: duckdb.DuckDBPyConnection | str | Path | None = None,
    by: str = "quarter",
    taxonomy: str | None = None,
) -> Overview:
    """Assemble the dyad overview over documents and a period.

    Args:
        documents: Loaded documents (ids ``d<stored id>``) with the labels in force.
        dyad: The two parties, in the order the map shows them.
        since: First date kept (``2024``, ``2024-01`` or ``2024-01-15``), or None.
        until: Last date kept, inclusive at its precision, or None.
        events: The events database (DuckDB connection or path) or None. Its window is
            the period, or without one the months the dated documents span.
        by: The trends' period: ``month``, ``quarter`` or ``year``.
        taxonomy: The issue taxonomy file the documents were annotated with (None: default).

    Returns:
        The overview.

    Raises:
        QueryError: ``since``/``until`` is not a date, or ``by`` no period.
    """
    from crossroads.store.queries import QueryError

    if by not in PERIODS:
        raise QueryError("by", f"expected one of {', '.join(PERIODS)}, got {by!r}")
    since, until = check_date(since, "since"), check_date(until, "until")
    selected = [d for d in documents if in_period(d.date, since, until)]
    analysis = build_analysis(selected, dyad, load_taxonomy(taxonomy))
    start, end = period_bounds(since, until)
    window = (start, end) if since or until else _document_span(selected)
    months, turning, note = event_record(events, dyad, *window)
    source = Path(events).name if isinstance(events, str | Path) else None
    timeline = build_timeline(
        selected,
        dyad,
        months,
        turning,
        start=start,
        end=end,
        events_note=note,
        events_source=source,
    )
    parties = ordered_parties(
        {"dyad": list(dyad), "issues": [i.to_contract() for i in analysis.issues]}
    )
    cited: set[str] = set()
    for entry in analysis.issues:
        cited.update(entry.common_ground[:CITED])
        for position in entry.positions.values():
            cited.update(position.evidence)
    for item in analysis.agenda:
        cited.update(item.bridging[:CITED])
    texts = {s.id: s.text for d in selected for s in d.sentences if s.id in cited}
    return Overview(
        dyad=dyad,
        since=since,
        until=until,
        documents=[
            DocumentRef(d.id, d.title or d.source, d.date, len(d.sentences), len(d.events))
            for d in selected
        ],
        issues=analysis.issues,
        agenda=analysis.agenda,
        parties=parties,
        trends=fold_trends(_sentence_groups(selected), dyad, by),
        trends_by=by,
        timeline=timeline,
        sentences=texts,
        left_out=len(documents) - len(selected),
        taxonomy=analysis.taxonomy,
    )


def trend_chart(overview: Overview, width: int = 300, height: int = 120) -> list[dict[str, Any]]:
    """Small-multiple geometry of the trends: each dyad party's balance per period.

    Args:
        overview: The overview.
        width: Each panel's width in pixels.
        height: Each panel's height.

    Returns:
        Up to :data:`TREND_ISSUES` panels (the issues with most sentences), each with its
        ``issue``, ``label``, ``width``, ``height``, ``zero`` (y of balance 0),
        ``periods`` (label and x) and ``lines`` (party, colour, ``points`` string and
        the points with their titles).
    """
    rows = overview.trends
    periods = sorted({r["period"] for r in rows})
    if not periods:
        return []
    weight: Counter[str] = Counter()
    for r in rows:
        weight[r["issue"]] += r["sentences"]
    labels = {e.id: e.label for e in overview.issues}
    left, right, top, bottom = 34, 10, 10, 22
    step = (width - left - right) / max(1, len(periods) - 1)

    def x(period: str) -> float:
        if len(periods) == 1:
            return round((left + width - right) / 2, 1)
        return round(left + periods.index(period) * step, 1)

    def y(balance: float) -> float:
        return round(top + (1 - balance) / 2 * (height - top - bottom), 1)

    panels = []
    for issue, _ in sorted(weight.items(), key=lambda kv: (-kv[1], kv[0]))[:TREND_ISSUES]:
        lines = []
        for party, colour in zip(overview.dyad, DYAD_COLOURS, strict=True):
            mine = [r for r in rows if r["issue"] == issue and r["party"] == party]
            if not mine:
                continue
            points = [
                {
                    "x": x(r["period"]),
                    "y": y(r["balance"]),
                    "title": (
                        f"{party_name(party)} on {labels.get(issue, issue)}, {r['period']}:"
                        f" balance {r['balance']:+.2f} ({r['cooperative']} cooperative,"
                        f" {r['critical']} critical of {r['sentences']})"
                    ),
                }
                for r in mine
            ]
            lines.append(
                {
                    "party": party,
                    "name": party_name(party),
                    "colour": colour,
                    "points": points,
                    "path": " ".join(f"{p['x']},{p['y']}" for p in points),
                }
            )
        panels.append(
            {
                "issue": issue,
                "label": labels.get(issue, issue),
                "width": width,
                "height": height,
                "left": left,
                "right": width - right,
                "zero": y(0.0),
                "top": y(1.0),
                "bottom": y(-1.0),
                "periods": [{"label": p, "x": x(p)} for p in periods],
                "lines": lines,
            }
        )
    return panels


def overview_context(overview: Overview, link: Link) -> dict[str, Any]:
    """The values the ``templates/overview/*.html`` partials need.

    Args:
        overview: From :func:`build_overview`.
        link: ``link(kind, id) -> URL`` (kinds: ``document``, ``sentence``,
            ``event-month``, ``event-source``), also used for the sentence citations.

    Returns:
        ``overview``, ``link``, ``party_name``, ``timeline_figure`` (safe HTML),
        ``trend_panels``, ``dyad_colours`` (party -> colour) and ``cited`` (how many
        common-ground and bridging sentences a row or item cites; the rest are counted).
    """
    return {
        "cited": CITED,
        "overview": overview,
        "link": link,
        "party_name": party_name,
        "timeline_figure": render_timeline(overview.timeline, link),
        "trend_panels": trend_chart(overview),
        "dyad_colours": dict(zip(overview.dyad, DYAD_COLOURS, strict=True)),
    }
