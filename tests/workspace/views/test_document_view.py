"""The document view: sentences coloured by perspective, labels with confidence, escaping."""

from __future__ import annotations

import re

import pytest

from crossroads.render.html import AUTHOR_COLOUR, DYAD_COLOURS

from .conftest import Desk


def block(html: str, position: int) -> str:
    """The HTML of one sentence's block."""
    match = re.search(rf'<article class="sentence[^"]*" id="s{position}".*?</article>', html, re.S)
    assert match is not None, f"no block s{position}"
    return match.group(0)


def test_a_document_shows_its_sentences_labels_and_confidence(desk: Desk) -> None:
    server = desk.server
    client, _ = server.browser("vic")
    page = client.get(f"/w/desk/documents/{desk.document_id}")
    assert page.status_code == 200
    html = page.text
    assert "<h1>Trade talks in Jakarta</h1>" in html
    assert "trade-talks.md" in html and "2025-03-01" in html
    assert "news, a staff reporter" in html  # the stored voice
    assert "below 60% is marked" in html  # the cut-off is said
    canberra, jakarta, blogger, proposal = (block(html, n) for n in (1, 2, 3, 4))
    assert "Canberra wants a new trade deal" in canberra
    # The dyad's colours follow the workspace's order (Indonesia first, as the report
    # colours `--dyad Indonesia-Australia`); the author's is grey.
    assert server.desk.dyad == "IDN-AUS"
    assert f"--persp: {DYAD_COLOURS[0]}" in jakarta
    assert f"--persp: {DYAD_COLOURS[1]}" in canberra
    assert f"--persp: {AUTHOR_COLOUR}" in blogger
    assert "Australia (AUS)" in canberra and "pragmatic" in canberra
    assert "91%" in canberra and "unsure" not in canberra
    # 41% valence and 55% valence are under the cut-off; 66% issue is not.
    assert re.search(r"label-valence unsure.*?41%, unsure", jakarta, re.S)
    assert re.search(r'label-issue">.*?66%</span>', jakarta, re.S)
    assert re.search(r"label-valence unsure.*?55%, unsure", proposal, re.S)
    assert re.search(r'label-recommendation">.*?yes', proposal, re.S)
    # A viewer reads; the page offers no correction form and no review button.
    assert "<summary>Correct</summary>" not in html and "Mark reviewed" not in html


def test_script_in_a_sentence_is_shown_escaped(desk: Desk) -> None:
    client, _ = desk.server.browser("ana")
    html = client.get(f"/w/desk/documents/{desk.document_id}").text
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in block(html, 3)
    scripts = re.findall(r"<script[^>]*>", html)
    assert scripts and all(re.fullmatch(r'<script src="/static/[\w.]+" defer>', s) for s in scripts)


def test_an_analyst_gets_correction_forms_with_the_version_seen(desk: Desk) -> None:
    client, _ = desk.server.browser("ana")
    html = client.get(f"/w/desk/documents/{desk.document_id}").text
    jakarta = block(html, 2)
    forms = re.findall(r'name="field" value="(\w+)">\s*<input type="hidden" name="version" '
                       r'value="(\d+)"', jakarta)  # fmt: skip
    assert forms == [(f, "0") for f in
                     ("perspective", "issue", "valence", "frames", "recommendation", "events")]  # fmt: skip
    assert f'hx-post="/w/desk/documents/{desk.document_id}/sentences/2"' in jakarta
    assert 'hx-target="#s2"' in jakarta
    assert "Mark reviewed" in html


def test_the_json_twin(desk: Desk) -> None:
    body = desk.server.script("vic").get(f"/api/w/desk/documents/{desk.document_id}").json()
    assert body["title"] == "Trade talks in Jakarta" and body["low_confidence"] == 0.6
    assert body["voice"]["genre"] == "news"
    assert [s["id"] for s in body["sentences"]] == [
        f"d{desk.document_id}:s{n}" for n in range(1, 5)
    ]
    valence = body["sentences"][1]["labels"]["valence"]
    assert valence == {
        "value": "critical", "machine": "critical", "version": 0, "corrected": False,
        "user": None, "updated_at": None, "confidence": 0.41, "unsure": True,
    }  # fmt: skip
    assert body["sentences"][2]["text"].startswith("A blogger pasted <script>")


@pytest.mark.parametrize("path", ["/w/desk/documents/{id}", "/api/w/desk/documents/{id}"])
def test_a_document_of_another_workspace_is_not_found(desk: Desk, path: str) -> None:
    server = desk.server
    client = server.script("ana") if path.startswith("/api") else server.browser("ana")[0]
    assert client.get(path.format(id=desk.foreign_id)).status_code == 404
    assert client.get(path.format(id=desk.document_id + 1000)).status_code == 404
    owner = server.script("olga") if path.startswith("/api") else server.browser("olga")[0]
    assert owner.get(path.format(id=desk.foreign_id).replace("desk", "other")).status_code == 200
