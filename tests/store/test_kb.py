"""Storing, re-adding, filtering and searching documents: SQLite and PostgreSQL alike."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from crossroads.corpus import AnalysisSpec, add_sources, reannotate
from crossroads.store import Filters, KnowledgeBase, RunInfo, list_documents, search, trends
from crossroads.store.queries import load_documents

from .conftest import LIGHT_STAGES, make_record, write_texts

ANALYZE_DATA = Path(__file__).parents[1] / "data" / "analyze"
LIGHT = AnalysisSpec(("USA", "KHM"), stages=LIGHT_STAGES, embed=False)
KHM_USA = Filters(dyad="KHM-USA")


def test_add_then_readd_unchanged_does_nothing(kb: KnowledgeBase, tmp_path: Path) -> None:
    write_texts(tmp_path / "docs")
    first = add_sources(kb, [str(tmp_path / "docs")], LIGHT)
    assert (first.added, first.unchanged, first.errors) == (5, 0, [])
    before = kb.counts()
    again = add_sources(kb, [str(tmp_path / "docs")], LIGHT)
    assert (again.added, again.replaced, again.unchanged) == (0, 0, 5)
    assert kb.counts() == before
    docs = list_documents(kb.engine, KHM_USA)
    assert [d["date"] for d in docs] == ["2025-04-02", "2025-01-15", "2024-08-03", "2024-05-20",
                                         "2024-02-10"]  # fmt: skip
    assert {d["dyad"] for d in docs} == {"KHM-USA"}
    assert sum(d["sentences"] for d in docs) == before["sentences"] == 16


def test_changed_document_is_reanalysed(kb: KnowledgeBase, tmp_path: Path) -> None:
    [ream, *_] = write_texts(tmp_path / "docs")
    add_sources(kb, [str(tmp_path / "docs")], LIGHT)
    ream.write_text(
        "---\ntitle: Ream handed over\ndate: 2024-03-01\n---\n\nThe pier at Ream was "
        "inaugurated. Foreign warships may visit the base.\n",
        encoding="utf-8",
    )
    report = add_sources(kb, [str(tmp_path / "docs")], LIGHT)
    assert (report.added, report.replaced, report.unchanged) == (0, 1, 4)
    docs = list_documents(kb.engine, Filters(dyad="KHM-USA", source="ream.md"))
    assert [(d["title"], d["date"], d["sentences"]) for d in docs] == [
        ("Ream handed over", "2024-03-01", 2)
    ]
    texts = [h["text"] for h in search(kb.engine, "Ream", KHM_USA, mode="fts")]
    assert texts == ["The pier at Ream was inaugurated."]


def test_bad_files_are_reported_and_the_rest_stored(kb: KnowledgeBase, tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    write_texts(folder, ["ream.md", "tariffs.md"])
    for name in ("binary.txt", "blank.txt", "fake.pdf"):
        shutil.copy(ANALYZE_DATA / name, folder / name)
    report = add_sources(kb, [str(folder), str(tmp_path / "missing.md")], LIGHT)
    assert report.added == 2
    reasons = {Path(line.split(":", 1)[0]).name: line.split(": ", 1)[1] for line in report.errors}
    assert reasons == {
        "binary.txt": "looks like binary data, not text",
        "blank.txt": "the file is empty",
        "fake.pdf": "not a PDF file",
        "missing.md": "no such file",
    }
    assert kb.counts()["documents"] == 2


def test_filters_by_date_source_issue_and_party(kb: KnowledgeBase, tmp_path: Path) -> None:
    write_texts(tmp_path / "docs")
    add_sources(kb, [str(tmp_path / "docs")], LIGHT)
    titles = [d["title"] for d in list_documents(kb.engine, Filters(dyad="KHM-USA", since="2025"))]
    assert titles == ["Garment tariffs worry Phnom Penh", "Soldiers train together again"]
    dated = Filters(dyad="KHM-USA", since="2024-05", until="2024-08")
    assert [d["date"] for d in list_documents(kb.engine, dated)] == ["2024-08-03", "2024-05-20"]
    assert list_documents(kb.engine, Filters(dyad="THA-USA")) == []
    # The light pipeline leaves issue "other" and voice "author" on every sentence.
    assert len(list_documents(kb.engine, Filters(dyad="KHM-USA", party="author"))) == 5
    assert list_documents(kb.engine, Filters(dyad="KHM-USA", party="KHM")) == []
    assert list_documents(kb.engine, Filters(dyad="KHM-USA", issue="economy")) == []
    hits = search(kb.engine, "tariffs", Filters(dyad="KHM-USA", until="2024-12"), mode="fts")
    assert hits == []


def test_full_text_search_gives_sentence_document_date_perspective(
    kb: KnowledgeBase, tmp_path: Path
) -> None:
    write_texts(tmp_path / "docs")
    add_sources(kb, [str(tmp_path / "docs")], LIGHT)
    [hit] = search(kb.engine, "Ream", KHM_USA, mode="fts")
    assert hit["text"].startswith("Washington has voiced concern about the upgrade of the Ream")
    assert (hit["document"], hit["date"], hit["perspective"]) == (
        "Concern over the Ream base",
        "2024-02-10",
        "author",
    )
    assert hit["score"] > 0
    # Stemming: "exercises" finds "exercise"; all words are required.
    found = {h["text"] for h in search(kb.engine, "exercises", KHM_USA, mode="fts")}
    assert any("Angkor Sentinel exercise" in t for t in found)
    assert search(kb.engine, "Ream tariffs", KHM_USA, mode="fts") == []


def test_semantic_search_finds_a_paraphrase(kb: KnowledgeBase, tmp_path: Path) -> None:
    write_texts(tmp_path / "docs")
    spec = AnalysisSpec(("KHM", "USA"), stages=LIGHT_STAGES, embed=True)
    add_sources(kb, [str(tmp_path / "docs")], spec)
    hits = search(kb.engine, "import duties on clothing", KHM_USA, mode="semantic", limit=3)
    assert hits[0]["text"].startswith("New US tariffs on garments")  # no shared content word
    assert hits[0]["document"] == "Garment tariffs worry Phnom Penh"
    assert hits[0]["score"] > hits[1]["score"] >= 0.3  # the floor keeps the related two
    assert {h["match"] for h in hits} == {"semantic"}
    unfloored = search(kb.engine, "import duties on clothing", KHM_USA, mode="semantic",
                       limit=3, min_similarity=-1.0)  # fmt: skip
    assert len(unfloored) == 3 and unfloored[2]["score"] < 0.3
    assert search(kb.engine, "import duties on clothing", KHM_USA, mode="fts") == []
    hybrid = search(kb.engine, "Ream", KHM_USA, limit=5)
    assert "Ream Naval Base" in hybrid[0]["text"] and hybrid[0]["match"] == "both"
    # "Ream" means nothing to the other sentences: below the floor, they are no hits.
    assert len(hybrid) == 1


def test_reannotate_uses_stored_text_and_records_the_run(kb: KnowledgeBase, tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    write_texts(folder)
    segment_only = AnalysisSpec(("KHM", "USA"), stages=LIGHT_STAGES[:1], embed=False)
    add_sources(kb, [str(folder)], segment_only)
    assert all(
        s.valence == "neutral" for d in load_documents(kb.engine, KHM_USA) for s in d.sentences
    )
    shutil.rmtree(folder)  # the files are gone: re-annotation reads the store only
    report = reannotate(kb, LIGHT)
    assert (report.reannotated, report.errors) == (5, [])
    docs = load_documents(kb.engine, KHM_USA)
    assert {s.valence for d in docs for s in d.sentences} >= {"critical", "cooperative"}
    assert kb.counts()["sentences"] == 16
    assert reannotate(kb, LIGHT).reannotated == 0  # already annotated by this pipeline
    assert reannotate(kb, LIGHT, everything=True).reannotated == 5


def test_trends_salience_balance_and_divergence(kb: KnowledgeBase) -> None:
    run = RunInfo("test", ("synthetic",), "default")
    kb.store(make_record("2024-01-10", "a", [
        ("USA", "military-presence", "critical", ["security"]),
        ("USA", "military-presence", "critical", ["security"]),
        ("KHM", "military-presence", "cooperative", ["security"]),
        ("KHM", "military-presence", "cooperative", ["security"]),
        ("author", "economy", "neutral", []),
    ]), run)  # fmt: skip
    kb.store(make_record("2024-03", "b", [
        ("KHM", "economy", "cooperative", ["development"]),
        ("USA", "economy", "cooperative", ["development"]),
        ("author", "economy", "neutral", []),
    ]), run)  # fmt: skip
    kb.store(make_record("2024-05-02", "c", [("USA", "governance", "critical", ["values"])]), run)
    kb.store(make_record("2024", "year-only", [("USA", "governance", "critical", [])]), run)
    rows = trends(kb.engine, ("USA", "KHM"), KHM_USA, by="quarter")
    q1 = {(r["issue"], r["party"]): r for r in rows if r["period"] == "2024-Q1"}
    mp_usa, mp_khm = q1[("military-presence", "USA")], q1[("military-presence", "KHM")]
    assert mp_usa["salience"] == mp_khm["salience"] == pytest.approx(4 / 8)
    assert (mp_usa["critical"], mp_usa["cooperative"], mp_usa["balance"]) == (2, 0, -1.0)
    assert (mp_khm["cooperative"], mp_khm["balance"]) == (2, 1.0)
    # Opposed stances on the same grounds: 0.8 · |−1 − 1| / 2 + 0.2 · 0.
    assert mp_usa["divergence"] == pytest.approx(0.8)
    economy = q1[("economy", "KHM")]
    assert economy["salience"] == pytest.approx(4 / 8)
    assert economy["divergence"] == pytest.approx(0.0)  # both cooperative, same frames
    assert q1[("economy", "author")]["divergence"] == pytest.approx(0.0)
    q2 = [r for r in rows if r["period"] == "2024-Q2"]
    assert [(r["issue"], r["party"], r["divergence"]) for r in q2] == [("governance", "USA", None)]
    assert {r["period"] for r in rows} == {"2024-Q1", "2024-Q2"}  # "2024" is not a quarter
    yearly = trends(kb.engine, ("USA", "KHM"), KHM_USA, by="year")
    governance = [r for r in yearly if r["issue"] == "governance"]
    assert [(r["party"], r["critical"], r["salience"]) for r in governance] == [
        ("USA", 2, pytest.approx(2 / 10))
    ]
    months = {r["period"] for r in trends(kb.engine, ("USA", "KHM"), KHM_USA, by="month")}
    assert months == {"2024-01", "2024-03", "2024-05"}
    only_usa = trends(kb.engine, ("USA", "KHM"), Filters(dyad="KHM-USA", party="usa"), by="year")
    assert {r["party"] for r in only_usa} == {"USA"}
