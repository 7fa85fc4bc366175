"""Searching a workspace: its own sentences only, semantic-only hits marked."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from crossroads.corpus.worker import AnalysisSpec, analyse_source
from crossroads.workspace import spaces

from ...store.conftest import LIGHT_STAGES
from ..overview.conftest import DYAD, SCRIPT_TITLE
from ..server.conftest import Server, build_server
from .conftest import RIVAL_TITLE


def test_a_word_search_finds_the_desks_sentence_and_links_it(site: Server) -> None:
    got = site.script("vic").get("/api/w/desk/search", params={"q": "submarines", "mode": "fts"})
    assert got.status_code == 200
    [hit] = got.json()["hits"]
    assert hit["document"] == "Jakarta questions the submarine plan"
    assert hit["match"] == "fts" and hit["semantic_only"] is False
    page = site.browser("vic")[0].get("/w/desk/search", params={"q": "submarines"})
    assert page.status_code == 200
    position = hit["sentence_id"].split(":s")[1]
    assert f'href="/w/desk/documents/{hit["document_id"]}#s{position}"' in page.text
    assert "≈ meaning</span>\n" not in page.text.split('<ol class="hits">')[1]


def test_another_workspaces_hit_never_appears(site: Server) -> None:
    for mode in ("hybrid", "fts"):
        desk = site.script("ana").get("/api/w/desk/search", params={"q": "lobster", "mode": mode})
        assert desk.status_code == 200 and desk.json()["hits"] == [], mode
    page = site.browser("ana")[0].get("/w/desk/search", params={"q": "lobster quotas"})
    assert RIVAL_TITLE not in page.text and "No sentence of this workspace matches" in page.text
    # The rival workspace's member finds it, so the word is there to be found.
    rival = site.script("olga").get("/api/w/rival/search", params={"q": "lobster"}).json()
    assert {h["document"] for h in rival["hits"]} == {RIVAL_TITLE}
    assert site.script("olga").get("/api/w/desk/search", params={"q": "x"}).status_code == 404


def test_hits_are_escaped_and_bad_modes_refused(site: Server) -> None:
    page = site.browser("vic")[0].get("/w/desk/search", params={"q": "marines"})
    assert SCRIPT_TITLE not in page.text and "&lt;script&gt;" in page.text
    bad = site.script("vic").get("/api/w/desk/search", params={"q": "x", "mode": "fuzzy"})
    assert bad.status_code == 400 and "--mode: expected one of" in bad.json()["detail"]
    empty = site.script("vic").get("/api/w/desk/search", params={"q": "  "}).json()
    assert empty["hits"] == []


# ------------------------------------------------------------- semantic search (MiniLM)

MEANING = {  # written for this test
    "reef.md": (
        "Fishing boats seized near the reef",
        "Indonesian fishermen were detained by an Australian patrol near the reef. "
        "Jakarta protested the detention of its fishermen.",
    ),
    "ports.md": (
        "Harbour works in Darwin",
        "Australia's government is upgrading the naval harbour in Darwin. "
        "Indonesia's defence minister visited the naval harbour last week.",
    ),
}


@pytest.fixture(scope="module")
def embedded(
    new_kb_url: Callable[[], str], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    """A server whose desk holds two documents stored with their sentence embeddings."""
    root = tmp_path_factory.mktemp("semantic")
    server = build_server(new_kb_url())
    try:
        spec = AnalysisSpec(DYAD, stages=LIGHT_STAGES, embed=True)
        for name, (title, body) in MEANING.items():
            path = Path(root / name)
            path.write_text(f'---\ntitle: "{title}"\ndate: 2024-03-01\n---\n\n{body}\n')
            result = analyse_source(str(path), spec)
            assert result["status"] == "ok", result
            assert server.app.state.kb.store(result["record"], spec.run_info()) == "added"
        for doc in server.app.state.kb.stale_documents(None, None):
            spaces.add_document(server.engine, server.desk.id, doc["id"], None)
        yield server
    finally:
        server.app.state.kb.close()


def test_a_hit_found_by_meaning_alone_is_marked(embedded: Server) -> None:
    query = "fishermen detained"
    got = embedded.script("vic").get("/api/w/desk/search", params={"q": query}).json()
    by_text = {h["text"]: h for h in got["hits"]}
    worded = by_text["Indonesian fishermen were detained by an Australian patrol near the reef."]
    assert worded["match"] == "both" and worded["semantic_only"] is False
    # "detention" is not "detained": found by its meaning, not by the words.
    protest = by_text["Jakarta protested the detention of its fishermen."]
    assert protest["match"] == "semantic" and protest["semantic_only"] is True
    meaning_only = [h for h in got["hits"] if h["semantic_only"]]
    assert all(
        not {"fishermen", "detained"} <= set(h["text"].lower().split()) for h in meaning_only
    )
    assert "Australia's government is upgrading the naval harbour in Darwin." not in by_text
    page = embedded.browser("vic")[0].get("/w/desk/search", params={"q": query})
    marked = page.text.count('<span class="semantic-only" title="found by meaning')
    assert marked == len(meaning_only)


def test_a_document_linked_after_a_search_is_found_by_meaning(
    embedded: Server, tmp_path: Path
) -> None:
    # The server keeps the desk's embeddings between searches: a newly linked document's
    # sentences must still be searched (written for this test, unrelated to the others).
    query = "scholarships for engineering students"
    before = embedded.script("vic").get("/api/w/desk/search", params={"q": query}).json()
    text = "Canberra will fund scholarships for Indonesian engineering students."
    assert text not in {h["text"] for h in before["hits"]}
    path = tmp_path / "scholarships.md"
    path.write_text(f'---\ntitle: "Scholarships"\ndate: 2024-04-02\n---\n\n{text}\n')
    spec = AnalysisSpec(DYAD, stages=LIGHT_STAGES, embed=True)
    result = analyse_source(str(path), spec)
    assert embedded.app.state.kb.store(result["record"], spec.run_info()) == "added"
    [doc] = [
        d for d in embedded.app.state.kb.stale_documents(None, None) if d["source"] == str(path)
    ]
    spaces.add_document(embedded.engine, embedded.desk.id, doc["id"], None)
    after = embedded.script("vic").get("/api/w/desk/search", params={"q": query}).json()
    assert text in {h["text"] for h in after["hits"]}
    # Searching by meaning alone finds it too (no word of the query needed: "grants").
    grants = embedded.script("vic").get(
        "/api/w/desk/search", params={"q": "grants for young engineers", "mode": "semantic"}
    )
    assert text in {h["text"] for h in grants.json()["hits"]}
