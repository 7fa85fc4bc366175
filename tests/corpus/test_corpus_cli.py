"""``crossroads corpus``: what an analyst types and reads."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from crossroads.cli import main
from crossroads.store import KnowledgeBase, RunInfo

from ..store.conftest import LIGHT_STAGES, make_record, write_texts

ANALYZE_DATA = Path(__file__).parents[1] / "data" / "analyze"
LIGHT = ["--stages", ",".join(LIGHT_STAGES), "--no-embed", "-q"]


def run(*args: str) -> Any:
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def db(tmp_path: Path) -> str:
    """A knowledge base with the five test documents, added through the CLI."""
    write_texts(tmp_path / "docs")
    path = str(tmp_path / "kb.sqlite")
    result = run("corpus", "add", str(tmp_path / "docs"), "--dyad", "Cambodia-US", "--db", path,
                 *LIGHT)  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "5 added, 0 replaced, 0 unchanged, 0 failed" in result.stderr
    return path


def test_list_in_every_format(db: str) -> None:
    rows = json.loads(run("corpus", "list", "--dyad", "KHM-USA", "--since", "2024-06",
                          "--format", "json", "--db", db).stdout)  # fmt: skip
    assert [(r["title"], r["date"], r["dyad"], r["sentences"]) for r in rows] == [
        ("Garment tariffs worry Phnom Penh", "2025-04-02", "KHM-USA", 3),
        ("Soldiers train together again", "2025-01-15", "KHM-USA", 3),
        ("A vote without rivals", "2024-08-03", "KHM-USA", 3),
    ]
    assert all(Path(r["source"]).suffix == ".md" and isinstance(r["id"], int) for r in rows)
    table = run("corpus", "list", "--dyad", "USA-KHM", "--db", db)
    assert table.exit_code == 0 and "5 documents" in table.stdout and "Ream" in table.stdout
    out = run("corpus", "list", "--format", "csv", "--until", "2024-05", "--db", db).stdout
    parsed = list(csv.DictReader(io.StringIO(out)))
    assert [r["title"] for r in parsed] == ["Demining aid resumes", "Concern over the Ream base"]
    assert list(parsed[0])[:6] == ["id", "title", "date", "dyad", "source", "sentences"]


def test_search_text_hits_name_document_date_and_perspective(db: str) -> None:
    result = run("corpus", "search", "Ream", "--dyad", "KHM-USA", "--mode", "fts",
                 "--format", "json", "--db", db)  # fmt: skip
    [hit] = json.loads(result.stdout)
    assert set(hit) >= {"text", "document", "date", "perspective", "issue", "score"}
    assert (hit["document"], hit["date"], hit["perspective"]) == (
        "Concern over the Ream base", "2024-02-10", "author",
    )  # fmt: skip
    table = run("corpus", "search", "garments", "--mode", "fts", "--db", db)
    assert "tariffs" in table.stdout


def test_readding_and_bad_files(db: str, tmp_path: Path) -> None:
    shutil.copy(ANALYZE_DATA / "blank.txt", tmp_path / "docs" / "blank.txt")
    result = run("corpus", "add", str(tmp_path / "docs"), "--dyad", "KHM-USA", "--db", db,
                 *LIGHT)  # fmt: skip
    assert result.exit_code == 1
    assert "blank.txt: the file is empty" in result.stderr
    assert "0 added, 0 replaced, 5 unchanged, 1 failed" in result.stderr
    assert "Traceback" not in result.output


def test_map_over_the_corpus_follows_the_analysis_contract(tmp_path: Path) -> None:
    path = str(tmp_path / "kb.sqlite")
    run_info = RunInfo("test", ("synthetic",), "default")
    with KnowledgeBase.open(path) as kb:
        kb.store(make_record("2024-02-01", "one.md", [
            ("USA", "military-presence", "critical", ["security"]),
            ("KHM", "military-presence", "critical", ["sovereignty"]),
        ]), run_info)  # fmt: skip
        kb.store(make_record("2025-03-01", "two.md", [
            ("USA", "economy", "cooperative", ["development"]),
        ]), run_info)  # fmt: skip
    result = run("corpus", "map", "--dyad", "US-Cambodia", "--format", "json", "--db", path)
    assert result.exit_code == 0, result.output
    analysis = json.loads(result.stdout)
    assert analysis["schema"] == "crossroads.analysis/1" and analysis["dyad"] == ["USA", "KHM"]
    ids = [s["id"] for d in analysis["documents"] for s in d["sentences"]]
    assert ids == ["d1:s1", "d1:s2", "d2:s1"]
    issues = {i["id"]: i for i in analysis["issues"]}
    presence = issues["military-presence"]
    assert set(presence["positions"]) == {"USA", "KHM"}
    assert presence["positions"]["KHM"]["evidence"] == ["d1:s2"]
    assert presence["divergence"] > 0.8  # both critical of each other, on other grounds
    since = json.loads(run("corpus", "map", "--dyad", "KHM-USA", "--since", "2025",
                           "--format", "json", "--db", path).stdout)  # fmt: skip
    assert [d["source"] for d in since["documents"]] == ["two.md"]
    page = tmp_path / "map.html"
    assert (
        run("corpus", "map", "--dyad", "KHM-USA", "--out", str(page), "--db", path).exit_code == 0
    )
    assert 'id="d1:s2"' in page.read_text(encoding="utf-8")
    empty = run("corpus", "map", "--dyad", "THA-USA", "--db", path)
    assert empty.exit_code == 1 and "no stored documents" in empty.stderr


def test_trends_rows_and_files(tmp_path: Path) -> None:
    path = str(tmp_path / "kb.sqlite")
    run_info = RunInfo("test", ("synthetic",), "default")
    with KnowledgeBase.open(path) as kb:
        history = [
            ("2024-01-05", "critical", "critical"),
            ("2024-04-05", "critical", "cooperative"),
            ("2024-07-05", "cooperative", "cooperative"),
        ]
        for i, (date, us, kh) in enumerate(history):
            kb.store(make_record(date, f"d{i}.md", [
                ("USA", "military-presence", us, ["security"]),
                ("KHM", "military-presence", kh, ["security"]),
                ("author", "economy", "neutral", []),
            ]), run_info)  # fmt: skip
    result = run("corpus", "trends", "--dyad", "KHM-USA", "--by", "quarter", "--format", "json",
                 "--db", path)  # fmt: skip
    rows = json.loads(result.stdout)
    assert list(rows[0])[:8] == ["period", "issue", "party", "salience", "cooperative",
                                 "critical", "neutral", "divergence"]  # fmt: skip
    presence = {r["period"]: r["divergence"] for r in rows if r["issue"] == "military-presence"}
    # Both critical, then opposed, then both cooperative: the relationship warms.
    assert presence == {"2024-Q1": pytest.approx(0.8), "2024-Q2": pytest.approx(0.8),
                        "2024-Q3": pytest.approx(0.0)}  # fmt: skip
    assert [r["salience"] for r in rows if r["issue"] == "economy"] == [0.3333] * 3
    for name, magic in (("t.html", b"<!doctype html"), ("t.png", b"\x89PNG"), ("t.svg", b"<?xml")):
        out = tmp_path / name
        done = run("corpus", "trends", "--dyad", "KHM-USA", "--out", str(out), "--db", path)
        assert done.exit_code == 0 and done.stdout == ""
        assert out.read_bytes().startswith(magic)
    page = (tmp_path / "t.html").read_text(encoding="utf-8")
    assert "<svg" in page and "2024-Q3" in page and "<script" not in page
    csv_rows = list(csv.DictReader(io.StringIO(run(
        "corpus", "trends", "--dyad", "KHM-USA", "--by", "year", "--format", "csv", "--db", path
    ).stdout)))  # fmt: skip
    assert {(r["period"], r["issue"], r["party"]) for r in csv_rows} == {
        ("2024", "military-presence", "USA"), ("2024", "military-presence", "KHM"),
        ("2024", "economy", "author"),
    }  # fmt: skip


def test_dask_engine_through_the_cli(dask_client: Any, tmp_path: Path) -> None:
    write_texts(tmp_path / "docs", ["ream.md", "tariffs.md"])
    shutil.copy(ANALYZE_DATA / "fake.pdf", tmp_path / "docs" / "fake.pdf")
    path = str(tmp_path / "kb.sqlite")
    address = dask_client.scheduler.address
    result = run("corpus", "add", str(tmp_path / "docs"), "--dyad", "KHM-USA", "--db", path,
                 "--engine", "dask", "--scheduler", address, *LIGHT)  # fmt: skip
    assert result.exit_code == 1
    assert "fake.pdf: not a PDF file" in result.stderr
    assert "2 added, 0 replaced, 0 unchanged, 1 failed" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["list", "--since", "2024-1"], "'--since': expected a date like 2024, 2024-01"),
        (["trends", "--dyad", "KHM-Atlantis"], "unknown country 'Atlantis'"),
        (["add", "x.md", "--dyad", "KHM-USA", "--scheduler", "tcp://h:1"], "needs --engine dask"),
        (["trends", "--dyad", "KHM-USA", "--out", "t.xlsx"], "--out must end in .html"),
    ],
)
def test_bad_arguments_give_one_line(args: list[str], message: str, db: str) -> None:
    result = run("corpus", *args, "--db", db)
    assert result.exit_code != 0
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_unusable_database_is_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    result = run("corpus", "list", "--db", str(blocker / "kb.sqlite"))
    assert result.exit_code == 1
    assert (
        result.stderr.count("\n") == 1
        and "kb.sqlite" not in result.stderr
        or "file" in result.stderr
    )
