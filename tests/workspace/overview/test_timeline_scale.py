"""The timeline over thousands of events and decades: binned marks, every count kept, clean ticks.

The documents and events here are made up by a seeded generator (no storage is needed:
the timeline is drawn from loaded documents). Sizes are bounded by the number of bins,
not of events: about 80 bins across the axis × (4 event lanes + documents + event data)
is under 500 marks of some 300 bytes, so 200 KB holds the drawing with room to spare,
however many events it summarises (the unbinned drawing of 14,600 events was 6.5 MB).
"""

from __future__ import annotations

import random
import re
import xml.etree.ElementTree as ET
from collections import Counter
from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest

from crossroads import cameo
from crossroads.model import Document, Event, Sentence
from crossroads.workspace.overview import build_overview, in_period
from crossroads.workspace.reading import links
from crossroads.workspace.timeline import EventMonth, build_timeline, render_timeline
from crossroads.workspace.timeline_scale import LANE_LIMIT

from .conftest import DYAD, SVG
from .conftest import marks as _marks
from .conftest import svg_of as _svg

SIZE_BOUND = 200_000
CODES = ("040", "057", "061", "111", "120", "173", "190", "036")
DIGIT_PX = 6.7  # 11px sans-serif: a digit or hyphen is at most about 0.6 em wide


def make_documents(first_year: int, years: int, documents: int, events_each: int) -> list[Document]:
    """Dated documents about the dyad, each with a few labelled sentences and coded events."""
    rng = random.Random(first_year * 1000 + documents)
    out = []
    for n in range(documents):
        day = date(first_year + rng.randrange(years), rng.randint(1, 12), rng.randint(1, 28))
        doc_id = f"d{n + 1}"
        sentences = [
            Sentence(f"{doc_id}:s{k}", f"Sentence {k} of report {n}.", 0, 10,
                     perspective=rng.choice(DYAD), issue="diplomacy",
                     valence=rng.choice(("cooperative", "critical", "neutral")))
            for k in (1, 2)
        ]  # fmt: skip
        events = []
        for _ in range(events_each):
            code = rng.choice(CODES)
            events.append(
                Event("AUS", "IDN", code, cameo.goldstein(code), None, f"{doc_id}:s1",
                      quad_class=cameo.quad_class_of(code))
            )  # fmt: skip
        out.append(Document(doc_id, f"report-{n}.md", title=f"Report {n}", date=day.isoformat(),
                            sentences=sentences, events=events))  # fmt: skip
    return out


def _period(a: ET.Element) -> str:
    title = a.find(f"{SVG}title")
    assert title is not None and title.text
    return title.text.split(":")[0]


def test_twelve_thousand_events_are_drawn_one_mark_per_month_and_class() -> None:
    docs = make_documents(2021, 4, 1_200, 10)
    timeline = build_timeline(docs, DYAD, events_note="No event data.")
    figure = render_timeline(timeline, links("desk"))
    assert len(figure.encode()) < SIZE_BOUND
    svg = _svg(figure)
    assert _marks(svg, "coded") == [] and _marks(svg, "doc") == []  # no single points
    coded = _marks(svg, "coded-bin")
    # Every event counted once, in its month and class.
    assert sum(int(a.get("data-count", 0)) for a in coded) == 12_000 == len(timeline.events)
    kinds = {"verbal cooperation": 1, "material cooperation": 2, "verbal conflict": 3,
             "material conflict": 4}  # fmt: skip
    drawn = Counter()
    for a in coded:
        text = a.find(f"{SVG}title").text  # type: ignore[union-attr]
        quad = next(q for name, q in kinds.items() if f" {name} event" in text)
        drawn[(_period(a), quad)] += int(a.get("data-count", 0))
    assert drawn == Counter((e.day.isoformat()[:7], e.quad_class) for e in timeline.events)
    assert len({p for p, _ in drawn}) == 48  # four years of months
    documents = _marks(svg, "doc-bin")
    assert sum(int(a.get("data-count", 0)) for a in documents) == 1_200
    assert "drawn one mark per month" in figure
    # Ten times the events, the same number of marks: the size follows the bins.
    more = render_timeline(
        build_timeline(make_documents(2021, 4, 1_200, 100), DYAD, events_note="x"), links("d")
    )
    assert len(more.encode()) < SIZE_BOUND
    assert len(_marks(_svg(more), "coded-bin")) <= len(coded) + 8


@pytest.mark.parametrize(("years", "period"), [(4, "month"), (10, "quarter")])
def test_a_binned_mark_opens_its_period_and_holds_what_it_counts(years: int, period: str) -> None:
    docs = make_documents(2012, years, 900, 12)
    overview = build_overview(docs, DYAD)
    figure = render_timeline(overview.timeline, links("desk"))
    assert f"drawn one mark per {period}" in figure
    coded = _marks(_svg(figure), "coded-bin")
    per_period = Counter()
    for a in coded:
        per_period[a.get("href")] += int(a.get("data-count", 0))
    for href in sorted(per_period)[:: max(1, len(per_period) // 5)]:
        url = urlsplit(href)
        assert url.path == "/w/desk/overview"
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        # Following the mark: the overview of that period holds exactly the events counted.
        narrowed = build_overview(docs, DYAD, since=query["since"], until=query["until"])
        assert len(narrowed.timeline.events) == per_period[href], href
        inside = [d for d in docs if in_period(d.date, query["since"], query["until"])]
        assert len(narrowed.documents) == len(inside) > 0
    label = _period(coded[0])
    assert re.fullmatch(r"\d{4}-\d\d" if period == "month" else r"\d{4}-Q[1-4]", label)


def test_a_few_hundred_documents_stay_points_and_selections_are_kept_in_the_links() -> None:
    docs = make_documents(2020, 3, LANE_LIMIT, 0)
    svg = _svg(render_timeline(build_timeline(docs, DYAD, events_note="x"), links("desk")))
    assert len(_marks(svg, "doc")) == LANE_LIMIT and _marks(svg, "doc-bin") == []
    crowded = make_documents(2020, 3, LANE_LIMIT + 1, 0)
    chosen = links("desk", [7, 3])
    svg = _svg(render_timeline(build_timeline(crowded, DYAD, events_note="x"), chosen))
    bins = _marks(svg, "doc-bin")
    assert sum(int(a.get("data-count", 0)) for a in bins) == LANE_LIMIT + 1
    assert all(a.get("href", "").endswith("&doc=3&doc=7") for a in bins)


def _months(first: date, count: int) -> list[EventMonth]:
    out = []
    for k in range(count):
        index = first.year * 12 + first.month - 1 + k
        day = date(index // 12, index % 12 + 1, 1)
        out.append(EventMonth(day.isoformat()[:7], day, 10 + k % 7, (k % 21) - 10.0))
    return out


def test_decades_of_event_data_are_binned_by_year_and_keep_every_event() -> None:
    months = _months(date(1985, 1, 1), 480)  # forty years
    timeline = build_timeline([], DYAD, months)
    svg = _svg(render_timeline(timeline, links("desk")))
    assert _marks(svg, "month") == []
    bins = _marks(svg, "month-bin")
    assert [_period(a) for a in bins] == [str(y) for y in range(1985, 2025)]
    assert sum(int(a.get("data-count", 0)) for a in bins) == sum(m.events for m in months)
    assert bins[0].get("href") == "/w/desk/overview?since=1985&until=1985"
    # Up to LANE_LIMIT months each keep their own point and open their event-month page.
    short = _svg(render_timeline(build_timeline([], DYAD, _months(date(2000, 1, 1), 120)),
                                 links("desk")))  # fmt: skip
    points = _marks(short, "month")
    assert len(points) == 120 and points[5].get("href") == "/w/desk/events/2000-06"


@pytest.mark.parametrize("months", [1, 14, 50, 130, 400, 900])
def test_tick_labels_never_overlap_nor_leave_the_drawing(months: int) -> None:
    timeline = build_timeline([], DYAD, _months(date(1950, 3, 1), months))
    svg = _svg(render_timeline(timeline, links("desk")))
    ticks = [
        (float(t.get("x", 0)), t.text or "")
        for t in svg.iter(f"{SVG}text")
        if t.get("class") == "tick"
    ]
    assert len(ticks) >= 2, ticks
    width = float(svg.get("viewBox", "0 0 0 0").split()[2])
    for x, label in ticks:
        assert x - len(label) * DIGIT_PX / 2 >= 0 and x + len(label) * DIGIT_PX / 2 <= width
    for (x1, a), (x2, b) in zip(ticks, ticks[1:], strict=False):
        assert x2 - x1 > (len(a) + len(b)) * DIGIT_PX / 2, (a, b, x2 - x1)
    years = [int(label[:4]) for _, label in ticks]
    assert years == sorted(years)
