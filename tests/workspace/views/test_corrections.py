"""Correcting in place: corrections persist and change the map; conflicts get 409."""

from __future__ import annotations

import re
from typing import Any

from crossroads.store.queries import Filters, load_documents
from crossroads.workspace import labels
from crossroads.workspace.overview import build_overview

from .conftest import Desk
from .test_document_view import block


def correct(desk: Desk, name: str, position: int, field: str, value: Any, version: int) -> Any:
    """Post a correction the way the sentence block's htmx form does."""
    client, csrf = desk.server.browser(name)
    values = value if isinstance(value, list) else [value]
    return client.post(
        f"/w/desk/documents/{desk.document_id}/sentences/{position}",
        data={"field": field, "value": values, "version": str(version)},
        headers={"X-CSRF-Token": csrf, "HX-Request": "true"},
    )


def map_position(desk: Desk, party: str, issue: str) -> dict[str, Any]:
    """A party's position on an issue in the desk's map, from the labels in force."""
    server = desk.server
    documents = load_documents(server.engine, Filters(workspace=server.desk.id))
    overview = build_overview(documents, ("AUS", "IDN")).to_dict()
    entry = next(i for i in overview["issues"] if i["id"] == issue)
    return dict(entry["positions"][party])


def test_a_correction_answers_with_the_block_persists_and_changes_the_map(desk: Desk) -> None:
    assert map_position(desk, "AUS", "economy")["valence"] == "cooperative"
    answer = correct(desk, "ana", 1, "valence", "critical", 0)
    assert answer.status_code == 200
    fresh = answer.text.lstrip()
    assert fresh.startswith('<article class="sentence"') and 'id="s1"' in fresh
    assert re.search(r'label-valence corrected">.*?critical</span>', fresh, re.S)
    assert "corrected by ana" in fresh and "(machine: cooperative)" in fresh
    assert (
        'name="field" value="valence">\n            <input type="hidden" name="version" value="1"'
        in fresh
    )

    # Reloading shows it; who and when are stored with the old and new value.
    client, _ = desk.server.browser("vic")
    page = client.get(f"/w/desk/documents/{desk.document_id}").text
    assert "corrected by ana" in block(page, 1)
    history = labels.corrections(desk.server.engine, desk.server.desk.id, desk.document_id)
    assert [(h.position, h.field, h.old, h.new, h.user) for h in history] == [
        (1, "valence", "cooperative", "critical", "ana")
    ]
    assert history[0].at is not None
    api = desk.server.script("vic").get(f"/api/w/desk/documents/{desk.document_id}").json()
    valence = api["sentences"][0]["labels"]["valence"]
    assert (valence["value"], valence["version"], valence["user"]) == ("critical", 1, "ana")
    # The map reads the label in force: Australia's two economy sentences (one in the
    # desk's other document) were both cooperative; now one is critical, so its position
    # turns neutral; moved to diplomacy, the sentence gives Australia a critical position
    # there and leaves economy cooperative.
    assert map_position(desk, "AUS", "economy")["valence"] == "neutral"
    assert correct(desk, "ana", 1, "issue", "diplomacy", 0).status_code == 200
    assert map_position(desk, "AUS", "economy")["valence"] == "cooperative"
    assert map_position(desk, "AUS", "diplomacy")["valence"] == "critical"


def test_frames_and_the_other_fields_are_corrected_from_their_forms(desk: Desk) -> None:
    assert correct(desk, "ana", 2, "frames", ["security", "legal"], 0).status_code == 200
    assert correct(desk, "ana", 2, "recommendation", "true", 0).status_code == 200
    events = '[{"actor1": "IDN", "actor2": "AUS", "cameo": "112"}]'
    answer = correct(desk, "ana", 2, "events", events, 0)
    assert answer.status_code == 200
    assert "IDN → AUS: 112" in answer.text
    cleared = correct(desk, "ana", 2, "frames", [], 1)  # no box ticked: no frames
    assert cleared.status_code == 200
    got = {
        f: lab.value
        for f, lab in labels.sentence_labels(
            desk.server.engine, desk.server.desk.id, desk.document_id
        )[1].labels.items()
    }
    assert got["frames"] == [] and got["recommendation"] is True
    assert got["events"] == [{"actor1": "IDN", "actor2": "AUS", "cameo": "112"}]


def test_a_conflicting_correction_gets_409_naming_who_and_when(desk: Desk) -> None:
    assert correct(desk, "ana", 2, "valence", "neutral", 0).status_code == 200
    late = correct(desk, "ada", 2, "valence", "cooperative", 0)  # ada saw version 0 too
    assert late.status_code == 409
    alert = re.search(r'role="alert">(.*?)</p>', late.text, re.S)
    assert alert is not None
    assert re.fullmatch(
        rf"d{desk.document_id}:s2 valence: changed by ana at \d{{4}}-\d\d-\d\d \d\d:\d\d:\d\d UTC "
        r"\(version 1, you saw version 0\); reload the sentence and correct it again",
        alert.group(1).replace("&#39;", "'"),
    )
    # The block shows the value in force, ready to be corrected again from version 1.
    assert re.search(r'label-valence[^"]*corrected">.*?neutral</span>', late.text, re.S)
    assert 'class="sentence conflict"' in late.text
    # The JSON twin: 409 with the label in force.
    script = desk.server.script("ada")
    url = f"/api/w/desk/documents/{desk.document_id}/sentences/2"
    refused = script.put(url, json={"field": "valence", "value": "cooperative", "version": 0})
    assert refused.status_code == 409
    assert refused.json()["current"]["value"] == "neutral"
    assert refused.json()["current"]["user"] == "ana"
    assert "changed by ana" in refused.json()["detail"]
    taken = script.put(url, json={"field": "valence", "value": "cooperative", "version": 1})
    assert taken.status_code == 200 and taken.json()["version"] == 2


def test_an_invalid_value_is_refused_in_the_block(desk: Desk) -> None:
    answer = correct(desk, "ana", 1, "valence", "furious", 0)
    assert answer.status_code == 400
    assert "valence: &#39;furious&#39; is not one of cooperative, critical, neutral" in answer.text
    assert 'id="s1"' in answer.text


def test_a_viewer_cannot_correct_and_nothing_changes(desk: Desk) -> None:
    answer = correct(desk, "vic", 1, "valence", "critical", 0)
    assert answer.status_code == 403
    script = desk.server.script("vic")
    url = f"/api/w/desk/documents/{desk.document_id}/sentences/1"
    put = script.put(url, json={"field": "valence", "value": "critical", "version": 0})
    assert put.status_code == 403
    assert labels.corrections(desk.server.engine, desk.server.desk.id, desk.document_id) == []


def test_another_workspaces_document_cannot_be_corrected(desk: Desk) -> None:
    script = desk.server.script("ana")
    url = f"/api/w/desk/documents/{desk.foreign_id}/sentences/1"
    put = script.put(url, json={"field": "valence", "value": "critical", "version": 0})
    assert put.status_code == 404


def test_marking_reviewed_and_the_audit_log(desk: Desk) -> None:
    client, csrf = desk.server.browser("ana")
    page = f"/w/desk/documents/{desk.document_id}"
    marked = client.post(f"{page}/review", data={"csrf_token": csrf, "reviewed": "true"})
    assert (marked.status_code, marked.headers["location"]) == (303, page)
    html = client.get(page).text
    assert re.search(r"<dt>Reviewed</dt>\s*<dd>\s*ana \(\d{4}-\d\d-\d\d\)", html)
    assert "Unmark reviewed" in html
    assert correct(desk, "ana", 1, "valence", "critical", 0).status_code == 200
    unmarked = client.post(f"{page}/review", data={"csrf_token": csrf, "reviewed": "false"})
    assert unmarked.status_code == 303
    assert "Mark reviewed" in client.get(page).text
    assert labels.reviewers(desk.server.engine, desk.server.desk.id, desk.document_id) == []
    # A viewer cannot review, but reads the audit log: every change, newest first.
    viewer, vcsrf = desk.server.browser("vic")
    assert viewer.post(f"{page}/review", data={"csrf_token": vcsrf}).status_code == 403
    log = desk.server.script("vic").get("/api/w/desk/audit").json()
    assert [(e["action"], e["user"], e["target"]) for e in log[:3]] == [
        ("document.unreview", "ana", f"d{desk.document_id}"),
        ("label.correct", "ana", f"d{desk.document_id}:s1"),
        ("document.review", "ana", f"d{desk.document_id}"),
    ]
    # Before them, the set-up's members, added from the command line (no user).
    assert {(e["action"], e["user"], e["target"]) for e in log[3:]} == {
        ("member.add", None, name) for name in ("ada", "ana", "vic")
    }
    audit_page = viewer.get("/w/desk/audit").text
    assert 'valence: "cooperative" → "critical"' in audit_page.replace("&#34;", '"')
    # Another workspace's log holds none of it.
    other = desk.server.script("olga").get("/api/w/other/audit").json()
    assert [(e["action"], e["target"]) for e in other] == [("member.add", "olga")]
