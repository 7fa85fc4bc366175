"""The dyad overview page an analyst opens, its JSON twin, its cache and the event months."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from crossroads.store import schema
from crossroads.workspace import spaces
from crossroads.workspace.labels import correct
from crossroads.workspace.overview import NO_EVENT_STORE
from crossroads.workspace.reading import events_database

from ..overview.conftest import SCRIPT_TITLE
from ..server.conftest import Server
from .conftest import RIVAL_TITLE

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _doc_id(site: Server, title: str) -> int:
    docs = spaces.workspace_documents(site.engine, site.desk.id)
    [found] = [d["id"] for d in docs if d["title"] == title]
    return int(found)


def test_the_overview_shows_the_desks_map_with_links_back(site: Server) -> None:
    browser, _ = site.browser("vic")  # a viewer may read it
    page = browser.get("/w/desk/overview")
    assert page.status_code == 200, page.text
    html = page.text
    row = re.search(r'<tr id="issue-governance".*?</tr>', html, re.S)
    assert row is not None, html
    papua = _doc_id(site, "Rights report strains ties")
    # Indonesia's critical position on governance cites its sentence in the document view.
    assert f'href="/w/desk/documents/{papua}#s2"' in row.group(0)
    assert 'data-party="IDN" data-valence="critical"' in row.group(0)
    # Documents on the timeline open the document view; event months their own page.
    assert f'href="/w/desk/documents/{papua}"' in html
    assert 'href="/w/desk/events/2024-05"' in html
    assert "https://wire.example.net/2024/" in html
    # Escaped, never run; and nothing of the rival workspace.
    assert SCRIPT_TITLE not in html and "&lt;script&gt;" in html
    assert RIVAL_TITLE not in html and "Lobster" not in html
    assert "7 documents" not in html and "6 documents" in html
    # The navigation leads to the other pages; a viewer is offered no export.
    assert 'href="/w/desk/search"' in html and 'href="/w/desk/exports"' not in html
    analyst, _ = site.browser("ana")
    assert 'href="/w/desk/exports/map.html"' in analyst.get("/w/desk/overview").text


def test_the_period_narrows_documents_and_the_json_twin_agrees(site: Server) -> None:
    script = site.script("vic")
    whole = script.get("/api/w/desk/overview").json()
    assert len(whole["documents"]) == 6 and whole["left_out"] == 0
    assert whole["dyad"] == ["IDN", "AUS"]
    later = script.get("/api/w/desk/overview", params={"since": "2024-06", "until": "2024"})
    later = later.json()
    titles = {d["title"] for d in later["documents"]}
    assert titles == {SCRIPT_TITLE, "Rights report strains ties"}
    # Left out: two earlier, one of 2025, and the undated one.
    assert later["since"] == "2024-06" and later["until"] == "2024" and later["left_out"] == 4
    assert {i["id"] for i in later["issues"]} == {"defense-cooperation", "governance"}
    # The page shows the same selection and keeps the period in its form.
    browser, _ = site.browser("vic")
    page = browser.get("/w/desk/overview", params={"since": "2024-06", "until": "2024-12"})
    assert page.status_code == 200
    assert 'name="since" value="2024-06"' in page.text
    assert "2 documents from 2024-06 to 2024-12" in page.text
    assert 'id="issue-alignment"' not in page.text


def test_chosen_documents_only(site: Server) -> None:
    papua = _doc_id(site, "Rights report strains ties")
    fish = _doc_id(site, "Fishing boats burned again")
    got = site.script("vic").get(
        "/api/w/desk/overview", params=[("doc", papua), ("doc", fish), ("doc", site.rival_doc)]
    )
    assert got.status_code == 200
    ids = {d["id"] for d in got.json()["documents"]}
    assert ids == {f"d{papua}", f"d{fish}"}  # a rival document id selects nothing


def test_ticking_two_documents_in_the_form_narrows_the_map_to_them(site: Server) -> None:
    browser, _ = site.browser("vic")
    page = browser.get("/w/desk/overview").text
    form = re.search(r'<form method="get" action="(/w/desk/overview)".*?</form>', page, re.S)
    assert form is not None
    boxes = re.findall(
        r'<input type="checkbox" name="doc" value="(\d+)"( checked)?>', form.group(0)
    )
    assert len(boxes) == 6 and not any(checked for _, checked in boxes)  # one per desk document
    assert "Rights report strains ties" in form.group(0) and RIVAL_TITLE not in form.group(0)
    papua = _doc_id(site, "Rights report strains ties")
    fish = _doc_id(site, "Fishing boats burned again")
    # What the browser sends on submit: the ticked boxes and the period fields, by GET.
    chosen = browser.get(
        form.group(1), params=[("since", ""), ("until", ""), ("by", "quarter"),
                               ("doc", papua), ("doc", fish)],
    ).text  # fmt: skip
    issues = set(re.findall(r'<tr id="issue-([a-z-]+)"', chosen))
    assert issues == {"governance", "nontraditional-security"}
    assert "2 documents, of 2 chosen" in chosen
    ticked = set(re.findall(r'name="doc" value="(\d+)" checked', chosen))
    assert ticked == {str(papua), str(fish)} and "2 of 6 ticked" in chosen


def test_a_bad_period_is_one_clear_line(site: Server) -> None:
    browser, _ = site.browser("vic")
    page = browser.get("/w/desk/overview", params={"since": "June"})
    assert page.status_code == 400
    assert (
        "since: expected a date like 2024, 2024-01 or 2024-01-15, got &#39;June&#39;" in page.text
    )
    api = site.script("vic").get("/api/w/desk/overview", params={"until": "2024-13"})
    assert api.status_code == 400 and api.json()["detail"].startswith("until: expected a date")


def test_without_event_data_the_overview_says_so(site: Server) -> None:
    saved = site.app.state.events_db
    site.app.state.events_db = None
    try:
        page = site.browser("vic")[0].get("/w/desk/overview")
        assert page.status_code == 200
        assert NO_EVENT_STORE.split(":")[0] in page.text
        assert "/w/desk/events/" not in page.text
        month = site.script("vic").get("/api/w/desk/events/2024-05").json()
        assert month["events"] == [] and month["note"] == NO_EVENT_STORE
    finally:
        site.app.state.events_db = saved


def test_an_event_month_lists_its_events_with_their_sources(site: Server) -> None:
    got = site.script("vic").get("/api/w/desk/events/2024-05").json()
    assert got["month"] == "2024-05" and got["note"] is None
    # Three AUS–IDN events that month, most mentioned first; the AUS–CHN one is not theirs.
    assert [e["code"] for e in got["events"]] == ["036", "043", "051"]
    assert all(e["date"].startswith("2024-05") for e in got["events"])
    assert got["events"][0]["source_url"] == "https://wire.example.net/2024/05/2?a=1&b=2"
    page = site.browser("vic")[0].get("/w/desk/events/2024-05")
    assert page.status_code == 200
    assert 'href="https://wire.example.net/2024/05/2?a=1&amp;b=2"' in page.text
    assert "x.example/c" not in page.text
    quiet = site.script("vic").get("/api/w/desk/events/2023-01").json()
    assert quiet["events"] == [] and "no" in quiet["note"].lower()
    bad = site.script("vic").get("/api/w/desk/events/May")
    assert bad.status_code == 400 and "expected a month like 2024-05" in bad.json()["detail"]


def test_the_overview_is_cached_until_the_desk_changes(site: Server) -> None:
    cache_of = site.app.state
    script = site.script("vic")
    first = script.get("/api/w/desk/overview", params={"by": "year"}).json()
    builds = cache_of.overview_cache.builds
    for _ in range(3):
        assert script.get("/api/w/desk/overview", params={"by": "year"}).json() == first
    assert cache_of.overview_cache.builds == builds  # served from the cache
    # Linking another document rebuilds it, and the new document shows.
    spaces.add_document(site.engine, site.desk.id, site.rival_doc, site.users["ana"].id)
    try:
        after = script.get("/api/w/desk/overview", params={"by": "year"}).json()
        assert cache_of.overview_cache.builds == builds + 1
        assert RIVAL_TITLE in {d["title"] for d in after["documents"]}
    finally:
        with site.engine.begin() as c:
            wd = schema.workspace_documents
            c.execute(
                wd.delete().where(
                    wd.c.workspace_id == site.desk.id, wd.c.document_id == site.rival_doc
                )
            )
    back = script.get("/api/w/desk/overview", params={"by": "year"}).json()
    assert back == first and cache_of.overview_cache.builds == builds + 2
    # A correction in the workspace rebuilds it too, and so does its undoing.
    papua = _doc_id(site, "Rights report strains ties")
    ana = site.users["ana"].id
    label = correct(site.engine, site.desk.id, papua, 1, "valence", "neutral", ana, 0)
    try:
        script.get("/api/w/desk/overview", params={"by": "year"})
        assert cache_of.overview_cache.builds == builds + 3
    finally:
        correct(site.engine, site.desk.id, papua, 1, "valence", "critical", ana, label.version)
    assert script.get("/api/w/desk/overview", params={"by": "year"}).json() == first
    assert cache_of.overview_cache.builds == builds + 4


def test_another_workspaces_member_reaches_nothing(site: Server) -> None:
    olga = site.script("olga")
    for path in ("/api/w/desk/overview", "/api/w/desk/events/2024-05"):
        refused = olga.get(path)
        assert refused.status_code == 404 and refused.json()["detail"] == "no workspace 'desk'"
    own = olga.get("/api/w/rival/overview").json()
    assert [d["title"] for d in own["documents"]] == [RIVAL_TITLE]


def test_the_events_database_is_the_servers_setting_or_the_events_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    file = tmp_path / "events.duckdb"
    assert events_database(SimpleNamespace(events_db=str(file))) == file  # serve --events-db
    assert events_database(SimpleNamespace(events_db=None)) is None
    monkeypatch.setenv("CROSSROADS_EVENTS_DB", str(file))
    assert events_database(SimpleNamespace()) is None  # the default file does not exist
    file.write_bytes(b"")
    assert events_database(SimpleNamespace()) == file


def test_a_correction_changes_the_overview_at_once(site: Server) -> None:
    papua = _doc_id(site, "Rights report strains ties")
    script = site.script("vic")

    def idn_on_governance() -> str:
        issues = script.get("/api/w/desk/overview").json()["issues"]
        [governance] = [i for i in issues if i["id"] == "governance"]
        return str(governance["positions"]["IDN"]["valence"])

    assert idn_on_governance() == "critical"
    ana = site.users["ana"].id
    label = correct(site.engine, site.desk.id, papua, 2, "valence", "cooperative", ana, 0)
    try:
        assert idn_on_governance() == "cooperative"
        page = site.browser("vic")[0].get("/w/desk/overview")
        row = re.search(r'<tr id="issue-governance".*?</tr>', page.text, re.S)
        assert row is not None and 'data-party="IDN" data-valence="cooperative"' in row.group(0)
    finally:
        correct(site.engine, site.desk.id, papua, 2, "valence", "critical", ana, label.version)
    assert idn_on_governance() == "critical"
