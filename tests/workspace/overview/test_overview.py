"""The dyad overview an analyst opens: map, agenda, trends and one timeline of documents and events."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from crossroads.store.queries import Filters, QueryError
from crossroads.store.trends import trends
from crossroads.workspace.overview import (
    NO_EVENT_STORE,
    TEMPLATES,
    build_overview,
    overview_context,
)
from crossroads.workspace.timeline import render_timeline

from .conftest import DYAD, SCRIPT_TITLE, SVG, Corpus, link, marks, svg_of

_svg, _points = svg_of, marks


def _render(name: str, context: dict) -> str:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)), autoescape=True, undefined=StrictUndefined
    )
    return env.get_template(f"overview/{name}").render(**context)


def test_map_has_each_partys_position_per_issue(corpus: Corpus, events_db: Path) -> None:
    overview = build_overview(corpus.documents, DYAD, events=events_db)
    cells = {
        entry.id: {p: (pos.valence, pos.frames) for p, pos in entry.positions.items()}
        for entry in overview.issues
    }
    assert cells == {
        "nontraditional-security": {
            "AUS": ("neutral", ["legal"]),
            "IDN": ("critical", ["sovereignty"]),
        },
        "alignment": {"AUS": ("neutral", ["legal"]), "IDN": ("critical", ["security"])},
        "defense-cooperation": {
            "AUS": ("cooperative", ["security"]),
            "IDN": ("cooperative", ["pragmatic"]),
        },
        "governance": {"AUS": ("critical", ["values"]), "IDN": ("critical", ["sovereignty"])},
        "economy": {},
    }
    assert overview.parties == ["AUS", "IDN"]
    by_id = {e.id: e for e in overview.issues}
    # Both cooperative on different grounds: close; both critical of each other: far apart.
    assert by_id["defense-cooperation"].divergence < 0.3 < by_id["governance"].divergence
    assert by_id["economy"].divergence is None
    papua = corpus.doc_id("Rights report strains ties")
    assert by_id["governance"].positions["IDN"].evidence == [f"{papua}:s2"]
    assert by_id["governance"].common_ground == [f"{papua}:s3"]
    # The same map ``crossroads corpus map`` gives over these documents.
    from crossroads.corpus.maps import corpus_map

    same = corpus_map(corpus.kb.engine, DYAD, Filters(dyad="AUS-IDN"))
    assert [i.to_contract() for i in same.issues] == [i.to_contract() for i in overview.issues]

    html = _render("map.html", overview_context(overview, link))
    row = re.search(r'<tr id="issue-governance".*?</tr>', html, re.S).group(0)
    assert 'data-party="AUS" data-valence="critical"' in row
    assert f'href="/w/desk/sentence/{papua}%3As2"' in row
    assert "Indonesia rejected the criticism" in row  # the cited sentence as its tooltip
    assert "one-sided" in re.search(r'<tr id="issue-economy".*?</tr>', html, re.S).group(0)


def test_agenda_cites_its_bridging_sentences(corpus: Corpus, events_db: Path) -> None:
    overview = build_overview(corpus.documents, DYAD, events=events_db)
    fisheries = corpus.doc_id("Fishing boats burned again")
    papua = corpus.doc_id("Rights report strains ties")
    bridging = {item.issue: item.bridging for item in overview.agenda}
    assert bridging["nontraditional-security"] == [f"{fisheries}:s3"]
    assert bridging["governance"] == [f"{papua}:s3"]
    assert [item.rank for item in overview.agenda] == list(range(1, len(overview.agenda) + 1))
    html = _render("agenda.html", overview_context(overview, link))
    item = re.search(r'<li data-issue="nontraditional-security".*?</li>', html, re.S).group(0)
    assert f'<a class="cite" href="/w/desk/sentence/{fisheries}%3As3">{fisheries}:s3</a>' in item
    assert "should set up a joint fund for fishing villages" in item
    assert "No proposal in the documents bridges this gap." in html  # alignment has none


def test_trends_are_those_of_the_store(corpus: Corpus, events_db: Path) -> None:
    overview = build_overview(corpus.documents, DYAD, events=events_db, by="quarter")
    assert overview.trends == trends(corpus.kb.engine, DYAD, Filters(dyad="AUS-IDN"), by="quarter")
    q3 = [r for r in overview.trends if r["period"] == "2024-Q3" and r["party"] == "IDN"]
    assert [(r["issue"], r["cooperative"], r["balance"]) for r in q3] == [
        ("defense-cooperation", 1, 1.0)
    ]
    html = _render("trends.html", overview_context(overview, link))
    assert html.count("<svg") == 4  # one panel per dated issue (economy's document is undated)
    assert (
        'data-party="IDN"' in html
        and "Indonesia on Democracy, human rights and governance, 2024-Q4: balance -1.00" in html
    )


def test_timeline_draws_every_document_event_and_month_as_a_link(
    corpus: Corpus, events_db: Path
) -> None:
    overview = build_overview(corpus.documents, DYAD, events=events_db)
    figure = render_timeline(overview.timeline, link)
    svg = _svg(figure)
    docs, coded = _points(svg, "doc"), _points(svg, "coded")
    months, turning = _points(svg, "month"), _points(svg, "turning")
    # Four dated documents, four coded events, February to November (the documents' span).
    assert len(docs) == 4 and len(coded) == 4
    assert [a.find(f"{SVG}title").text.split(":")[0] for a in months] == [
        f"2024-{m:02d}" for m in range(2, 12)
    ]
    # The warm first half gives way to a cooler second: a turning point in July.
    assert "2024-07" in [t.period for t in overview.timeline.turning_points]
    assert len(turning) == len(overview.timeline.turning_points)
    assert all(a.get("href", "").startswith("https://wire.example.net/2024/") for a in turning)
    for a in docs + coded + months + turning:
        assert a.get("href") and a.find(f"{SVG}title").text.strip()
    papua = corpus.doc_id("Rights report strains ties")
    [papua_point] = [a for a in docs if a.get("href") == f"/w/desk/document/{papua}"]
    assert (
        "balance -0.33 (1 cooperative, 2 critical of 3 dyad sentences)"
        in papua_point.find(f"{SVG}title").text
    )
    assert {a.get("href") for a in coded} == {
        f"/w/desk/sentence/{s.replace(':', '%3A')}"
        for s in (e.sentence_id for d in corpus.documents for e in d.events)
    }
    assert {a.get("href") for a in months} == {
        f"/w/desk/event-month/2024-{m:02d}" for m in range(2, 12)
    }
    assert "1 undated document is not drawn" in figure
    # Q1→Q2 both hold, Q2→Q3 documents warm while events cool, Q3→Q4 both cool.
    assert [s.verdict for s in overview.timeline.agreement] == ["steady", "opposite", "same"]
    assert "moved the same way in 1 of 3 quarter-to-quarter steps, opposite ways in 1" in figure
    json.dumps(overview.to_dict())  # the JSON twin serialises


def test_a_period_drops_documents_and_months_outside_it(corpus: Corpus, events_db: Path) -> None:
    overview = build_overview(
        corpus.documents, DYAD, since="2024-04", until="2024-09", events=events_db
    )
    assert sorted(d.title for d in overview.documents) == sorted(
        ["Jakarta questions the submarine plan", SCRIPT_TITLE]
    )
    assert overview.left_out == 3  # two outside the period, one undated
    assert [e.id for e in overview.issues] == ["alignment", "defense-cooperation"] or sorted(
        e.id for e in overview.issues
    ) == ["alignment", "defense-cooperation"]
    svg = _svg(render_timeline(overview.timeline, link))
    assert len(_points(svg, "doc")) == 2 and len(_points(svg, "coded")) == 2
    assert [m.period for m in overview.timeline.months] == [f"2024-{m:02d}" for m in range(4, 10)]
    assert len(_points(svg, "month")) == 6


def test_without_event_data_the_overview_says_so(corpus: Corpus, empty_events_db: Path) -> None:
    empty = build_overview(corpus.documents, DYAD, events=empty_events_db)
    note = empty.timeline.events_note
    assert note and "No events for AUS-IDN" in note and "empty" in note
    figure = render_timeline(empty.timeline, link)
    assert note in figure.replace("&#39;", "'").replace("&#96;", "`")
    svg = _svg(figure)
    assert _points(svg, "month") == [] and "monthly mean Goldstein" not in "".join(svg.itertext())
    assert len(_points(svg, "doc")) == 4  # the documents are still drawn
    none = build_overview(corpus.documents, DYAD, events=None)
    assert none.timeline.events_note == NO_EVENT_STORE
    assert "moved the same way" not in render_timeline(none.timeline, link)


def test_user_text_is_escaped(corpus: Corpus, events_db: Path) -> None:
    overview = build_overview(corpus.documents, DYAD, events=events_db)
    context = overview_context(overview, link)
    figure = str(context["timeline_figure"])
    assert "<script>" not in figure and "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in figure
    page = _render("overview.html", context)
    assert "<script>" not in page
    titles = [a.find(f"{SVG}title").text for a in _points(_svg(figure), "doc")]
    assert any(t.startswith(SCRIPT_TITLE) for t in titles)  # the reader sees the text as written


def test_bad_period_is_one_clear_message(corpus: Corpus) -> None:
    with pytest.raises(QueryError, match="since: expected a date like 2024"):
        build_overview(corpus.documents, DYAD, since="last spring")
