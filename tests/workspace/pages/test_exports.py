"""Exports an analyst downloads: each of the right type and of the workspace's documents only."""

from __future__ import annotations

import base64
import hashlib
import json
import re

from crossroads.workspace import spaces

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
    assert {e["name"] for e in listed} >= {"map.json", "map.md", "map.html"}
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
