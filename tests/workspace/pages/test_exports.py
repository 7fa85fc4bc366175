"""Exports an analyst downloads: each of the right type and of the workspace's documents only."""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import re
import zipfile

import networkx as nx

from crossroads.workspace import spaces
from crossroads.workspace.labels import mark_reviewed, unmark_reviewed

from ..overview.conftest import SCRIPT_TITLE
from ..server.conftest import Server
from .conftest import RIVAL_TITLE


def _desk_ids(site: Server) -> set[str]:
    return {f"d{d['id']}" for d in spaces.workspace_documents(site.engine, site.desk.id)}


def test_the_exports_page_lists_every_export(site: Server) -> None:
    browser, _ = site.browser("ana")
    page = browser.get("/w/desk/exports")
    assert page.status_code == 200
    listed = site.script("ana").get("/api/w/desk/exports").json()
    assert {e["name"] for e in listed} == {
        "map.json", "map.md", "map.html", "sentences.csv", "network.graphml", "network.csv",
        "labels.zip",
    }  # fmt: skip
    for export in listed:
        assert f'href="{export["url"]}"' in page.text
        assert export["url"] == f"/w/desk/exports/{export['name']}"


def test_the_map_as_json_is_the_contract_over_the_desk(site: Server) -> None:
    got = site.script("ana").get("/api/w/desk/exports/map.json")
    assert got.status_code == 200
    assert got.headers["content-type"] == "application/json"
    assert got.headers["content-disposition"] == 'attachment; filename="desk-map.json"'
    contract = json.loads(got.content)
    assert contract["schema"].startswith("crossroads.analysis/")
    assert {d["id"] for d in contract["documents"]} == _desk_ids(site)
    assert RIVAL_TITLE not in got.text
    by_issue = {i["id"]: i for i in contract["issues"]}
    assert by_issue["governance"]["positions"]["IDN"]["valence"] == "critical"
    # A browser's download from the page is the same file.
    browser, _ = site.browser("ana")
    assert json.loads(browser.get("/w/desk/exports/map.json").content) == contract


def test_the_map_as_markdown_and_as_the_html_report(site: Server) -> None:
    script = site.script("ana")
    memo = script.get("/api/w/desk/exports/map.md")
    assert memo.status_code == 200
    assert memo.headers["content-type"] == "text/markdown; charset=utf-8"
    assert "Rights report strains ties" in memo.text and RIVAL_TITLE not in memo.text
    report = script.get("/w/desk/exports/map.html")
    assert report.status_code == 200
    assert report.headers["content-type"] == "text/html; charset=utf-8"
    assert report.headers["content-disposition"] == 'inline; filename="desk-map.html"'
    html = report.text
    assert "Indonesia–Australia desk: perspective map" in html
    assert "Rights report strains ties" in html and RIVAL_TITLE not in html
    assert SCRIPT_TITLE not in html  # escaped
    # Only the report's own inline script may run, allowed by its hash.
    policy = report.headers["content-security-policy"]
    [script_text] = re.findall(r"<script>(.*?)</script>", html, re.S)
    digest = base64.b64encode(hashlib.sha256(script_text.encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}';" in policy and "default-src 'none'" in policy


def test_exports_need_the_export_action_and_a_known_name(site: Server) -> None:
    refused = site.script("vic").get("/api/w/desk/exports/map.json")
    assert refused.status_code == 403
    assert refused.json()["detail"] == "a viewer cannot export in this workspace"
    assert site.browser("vic")[0].get("/w/desk/exports").status_code == 403
    foreign = site.script("olga").get("/api/w/desk/exports/map.json")
    assert foreign.status_code == 404
    unknown = site.script("ana").get("/api/w/desk/exports/secrets.txt")
    assert unknown.status_code == 404 and "no export 'secrets.txt'" in unknown.json()["detail"]
    # olga's own workspace exports hold her document alone.
    own = json.loads(site.script("olga").get("/api/w/rival/exports/map.json").content)
    assert [d["title"] for d in own["documents"]] == [RIVAL_TITLE]


def test_sentences_and_network_downloads_hold_the_desks_labels(site: Server) -> None:
    script = site.script("ana")
    got = script.get("/api/w/desk/exports/sentences.csv")
    assert got.status_code == 200 and got.headers["content-type"] == "text/csv; charset=utf-8"
    assert got.headers["content-disposition"] == 'attachment; filename="desk-sentences.csv"'
    rows = list(csv.DictReader(io.StringIO(got.text)))
    assert {f"d{r['document_id']}" for r in rows} == _desk_ids(site)
    assert "lobster" not in got.text.lower()
    papua = [r for r in rows if r["title"] == "Rights report strains ties"]
    assert [(r["perspective"], r["valence"]) for r in papua] == [
        ("AUS", "critical"), ("IDN", "critical"), ("author", "cooperative"),
    ]  # fmt: skip
    graphml = script.get("/api/w/desk/exports/network.graphml")
    assert graphml.status_code == 200
    assert graphml.headers["content-type"] == "application/graphml+xml"
    graph = nx.read_graphml(io.BytesIO(graphml.content))
    edges = {(u, v, d["stance"]): d["weight"] for u, v, d in graph.edges(data=True)}
    assert edges[("actor:IDN", "issue:governance", "critical")] == 1
    assert not any("author" in u for u, _, _ in edges)  # the writers' voice is no actor
    edges_csv = script.get("/api/w/desk/exports/network.csv")
    assert edges_csv.headers["content-type"] == "text/csv; charset=utf-8"
    table = list(csv.DictReader(io.StringIO(edges_csv.text)))
    assert {"source": "IDN", "target": "governance", "stance": "critical"}.items() <= [
        r for r in table if r["source"] == "IDN" and r["target"] == "governance"
    ][0].items()
    assert len(table) == graph.number_of_edges()


def test_the_labelled_data_zip_holds_the_reviewed_documents(site: Server) -> None:
    script = site.script("ana")
    nothing = script.get("/api/w/desk/exports/labels.zip")
    assert nothing.status_code == 400
    assert "no reviewed documents to export: mark some reviewed" in nothing.json()["detail"]
    papua = next(
        d["id"] for d in spaces.workspace_documents(site.engine, site.desk.id)
        if d["title"] == "Rights report strains ties"
    )  # fmt: skip
    ana = site.users["ana"].id
    mark_reviewed(site.engine, site.desk.id, papua, ana)
    try:
        got = script.get("/api/w/desk/exports/labels.zip")
        assert got.status_code == 200 and got.headers["content-type"] == "application/zip"
        with zipfile.ZipFile(io.BytesIO(got.content)) as archive:
            names = archive.namelist()
            [record_name] = [n for n in names if n.endswith(".json")]
            record = json.loads(archive.read(record_name))
            summary = archive.read("desk-labels/summary.yaml").decode()
        assert all(n.startswith("desk-labels/") for n in names)
        assert "Rights report strains ties" in summary and "ana" in summary
        assert [s["valence"] for s in record["sentences"]] == [
            "critical",
            "critical",
            "cooperative",
        ]
    finally:
        unmark_reviewed(site.engine, site.desk.id, papua, ana)
