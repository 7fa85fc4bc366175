"""A workspace reads its own documents with its labels in force: map, trends, search."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import insert

from crossroads.corpus.maps import corpus_map
from crossroads.model import Document
from crossroads.store import Filters, list_documents, search, trends
from crossroads.store import schema as t
from crossroads.store.queries import load_documents
from crossroads.workspace.labels import correct
from crossroads.workspace.reading import DocumentCache, workspace_reading
from crossroads.workspace.spaces import Workspace

from .conftest import ELSEWHERE, NOW, Desk, store_text

DYAD = ("KHM", "USA")


def _position(desk: Desk, issue: str, party: str) -> tuple[str, float] | None:
    analysis = corpus_map(desk.engine, DYAD, Filters(workspace=desk.workspace))
    for entry in analysis.issues:
        if entry.id == issue and party in entry.positions:
            p = entry.positions[party]
            return p.valence, p.balance
    return None


def _attribute_the_port_dispute(desk: Desk) -> None:
    """nadia reads s1 as Washington's and s3 as Phnom Penh's, both on the base."""
    port, nadia = desk.documents["port"], desk.users["nadia"]
    for position, party in ((1, "USA"), (3, "KHM")):
        correct(desk.engine, desk.workspace, port, position, "perspective", party, nadia, 0)
        correct(desk.engine, desk.workspace, port, position, "issue", "military-presence", nadia, 0)


def test_a_valence_correction_changes_the_maps_cell(desk: Desk) -> None:
    _attribute_the_port_dispute(desk)
    assert _position(desk, "military-presence", "USA") == ("critical", -1.0)
    correct(desk.engine, desk.workspace, desk.documents["port"], 1, "valence", "cooperative",
            desk.users["omar"], 0)  # fmt: skip
    assert _position(desk, "military-presence", "USA") == ("cooperative", 1.0)
    # The machine reading, outside the workspace, is untouched: no party on that issue.
    plain = corpus_map(desk.engine, DYAD, Filters(dyad="KHM-USA"))
    assert "military-presence" not in {i.id for i in plain.issues}


def test_a_workspace_reads_only_its_documents(desk: Desk) -> None:
    mine = Filters(workspace=desk.workspace)
    titles = {d["title"] for d in list_documents(desk.engine, mine)}
    assert titles == {"Pier works at Ream draw a warning", "Rice farmers look to American buyers"}
    assert {d.id for d in load_documents(desk.engine, mine)} == {
        f"d{desk.documents['port']}", f"d{desk.documents['rice']}"}  # fmt: skip
    assert search(desk.engine, "union leader", mine, mode="fts") == []
    theirs = Filters(workspace=desk.other_workspace)
    [hit] = search(desk.engine, "union leader", theirs, mode="fts")
    assert hit["document_id"] == desk.documents["other"]


def test_loaded_documents_carry_corrected_labels_and_events(desk: Desk) -> None:
    port, omar = desk.documents["port"], desk.users["omar"]
    correct(desk.engine, desk.workspace, port, 2, "frames", ["sovereignty"], omar, 0)
    correct(desk.engine, desk.workspace, port, 2, "recommendation", True, omar, 0)
    correct(desk.engine, desk.workspace, port, 4, "events",
            [{"actor1": "USA", "actor2": "KHM", "cameo": "043"},
             {"actor1": "KHM", "actor2": "USA", "cameo": "036"}], omar, 0)  # fmt: skip
    [doc] = [d for d in load_documents(desk.engine, Filters(workspace=desk.workspace))
             if d.id == f"d{port}"]  # fmt: skip
    s2 = doc.sentences[1]
    assert (s2.frames, s2.recommendation) == (["sovereignty"], True)
    assert [(e.actor1, e.actor2, e.cameo, e.sentence_id, e.date) for e in doc.events] == [
        ("USA", "KHM", "043", f"d{port}:s4", "2024-03"),
        ("KHM", "USA", "036", f"d{port}:s4", "2024-03"),
    ]
    assert doc.events[0].goldstein == 2.8 and doc.events[0].quad_class == 1
    assert doc.voice is not None and doc.voice.genre == "news"


def test_trends_count_the_labels_in_force(desk: Desk) -> None:
    _attribute_the_port_dispute(desk)
    rows = trends(desk.engine, DYAD, Filters(workspace=desk.workspace), by="quarter")
    cells = {(r["period"], r["issue"], r["party"]): r for r in rows}
    usa = cells[("2024-Q1", "military-presence", "USA")]
    assert (usa["critical"], usa["sentences"]) == (1, 1)
    assert cells[("2024-Q1", "military-presence", "KHM")]["divergence"] is not None
    correct(desk.engine, desk.workspace, desk.documents["port"], 1, "valence", "cooperative",
            desk.users["nadia"], 0)  # fmt: skip
    rows = trends(desk.engine, DYAD, Filters(workspace=desk.workspace), by="quarter")
    usa = {(r["issue"], r["party"]): r for r in rows}[("military-presence", "USA")]
    assert (usa["cooperative"], usa["critical"]) == (1, 0)
    # Outside the workspace, the machine reading has every sentence as the author's.
    plain = trends(desk.engine, DYAD, Filters(dyad="KHM-USA"), by="quarter")
    assert {r["party"] for r in plain} == {"author"}


def test_search_filters_and_shows_the_values_in_force(desk: Desk) -> None:
    _attribute_the_port_dispute(desk)
    mine = Filters(workspace=desk.workspace, party="USA")
    [hit] = search(desk.engine, "piers", mine, mode="fts")
    assert (hit["perspective"], hit["issue"]) == ("USA", "military-presence")
    on_issue = Filters(workspace=desk.workspace, issue="military-presence")
    # "Cambodian" is in three sentences of the workspace; one is on the base, by KHM.
    assert len(search(desk.engine, "Cambodian", Filters(workspace=desk.workspace), mode="fts")) == 3
    [hit] = search(desk.engine, "Cambodian", on_issue, mode="fts")
    assert (hit["sentence_id"], hit["perspective"]) == (f"d{desk.documents['port']}:s3", "KHM")
    assert [d["title"] for d in list_documents(desk.engine, on_issue)] == [
        "Pier works at Ream draw a warning"]  # fmt: skip


def _as_read(docs: list[Document]) -> list[tuple[str, list[tuple[str, str, str]]]]:
    return [(d.id, [(s.perspective, s.issue, s.valence) for s in d.sentences]) for d in docs]


def test_a_rebuild_reads_only_the_documents_that_changed(desk: Desk, tmp_path: Path) -> None:
    ws = Workspace(desk.workspace, "khm-usa", "khm-usa", "KHM-USA", False, NOW)
    cache = DocumentCache()
    first = cache.get(desk.engine, ws)
    assert _as_read(first) == _as_read(workspace_reading(desk.engine, ws))
    assert cache.loaded == 2
    assert cache.get(desk.engine, ws) == first and cache.loaded == 2  # nothing changed
    # One correction: that document alone is read again, and it carries the new value.
    port = desk.documents["port"]
    correct(desk.engine, desk.workspace, port, 1, "valence", "cooperative", desk.users["omar"], 0)
    second = cache.get(desk.engine, ws)
    assert cache.loaded == 3
    assert _as_read(second) == _as_read(workspace_reading(desk.engine, ws))
    assert second[0].sentences[0].valence == "cooperative"
    # A document linked: it alone is read; a selection keeps the oldest-first order.
    (tmp_path / "more").mkdir()
    late = store_text(desk.kb, tmp_path / "more", ("late.txt", "An undated note", "", ELSEWHERE[3]))
    with desk.engine.begin() as c:
        c.execute(insert(t.workspace_documents).values(
            workspace_id=desk.workspace, document_id=late, added_at=NOW))  # fmt: skip
    third = cache.get(desk.engine, ws)
    assert cache.loaded == 4
    assert _as_read(third) == _as_read(workspace_reading(desk.engine, ws))
    assert [d.id for d in third][0] == f"d{late}"  # undated first, as the store orders them
    chosen = cache.get(desk.engine, ws, [desk.documents["rice"], late])
    assert [d.id for d in chosen] == [f"d{late}", f"d{desk.documents['rice']}"]
