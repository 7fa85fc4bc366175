"""``crossroads corpus`` on bad input: dates, issue ids, limits, --db, --out, full disks."""

from __future__ import annotations

import errno
import json
import os
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from crossroads.cli import main
from crossroads.store import KnowledgeBase

from ..store.conftest import LIGHT_STAGES, write_texts

LIGHT = ["--stages", ",".join(LIGHT_STAGES), "--no-embed", "-q"]
READERS = [
    ["list"],
    ["search", "Ream"],
    ["map", "--dyad", "KHM-USA"],
    ["trends", "--dyad", "KHM-USA"],
    ["info"],
]
WIRE = (
    "Ream talks\n\nPHNOM PENH, June 11, 2021 (Reuters) - Washington voiced concern about the "
    "Ream Naval Base on Thursday.\n"
)
UNDATED = "Ream again\n\nPhnom Penh said the Ream Naval Base hosts no foreign troops.\n"


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def add(db: str, *sources: Path, extra: tuple[str, ...] = ()) -> Result:
    return run("corpus", "add", *map(str, sources), "--dyad", "KHM-USA", "--db", db, *LIGHT,
               *extra)  # fmt: skip


@pytest.fixture
def db(tmp_path: Path) -> str:
    """A knowledge base of five dated Markdown documents and two .txt: one dated, one not."""
    docs = tmp_path / "docs"
    write_texts(docs)
    (docs / "wire.txt").write_text(WIRE, encoding="utf-8")
    (docs / "undated.txt").write_text(UNDATED, encoding="utf-8")
    path = str(tmp_path / "kb.sqlite")
    result = add(path, docs)
    assert result.exit_code == 0, result.output
    assert "1 of the documents stored are undated" in result.stderr
    return path


def _rows(db: str, *args: str) -> list[dict[str, Any]]:
    result = run("corpus", "list", "--format", "json", "--db", db, *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


# ----------------------------------------------------------------------------- 1. dates


def test_txt_dates_come_from_the_dateline_or_add_date(db: str, tmp_path: Path) -> None:
    dates = {Path(r["source"]).name: r["date"] for r in _rows(db)}
    assert dates["wire.txt"] == "2021-06-11" and dates["undated.txt"] is None
    late = tmp_path / "late.txt"
    late.write_text(UNDATED.replace("again", "once more"), encoding="utf-8")
    assert add(db, late, extra=("--date", "2023-05")).exit_code == 0
    assert {Path(r["source"]).name: r["date"] for r in _rows(db)}["late.txt"] == "2023-05"


def test_date_filters_and_trends_count_the_undated(db: str) -> None:
    note = (
        "crossroads: note: 1 matching document is undated and left out; date them with "
        "`crossroads corpus date ID DATE`"
    )
    listed = run("corpus", "list", "--since", "2021", "--format", "json", "--db", db)
    assert listed.exit_code == 0 and note in listed.stderr
    assert len(json.loads(listed.stdout)) == 6
    assert note not in run("corpus", "list", "--db", db).stderr  # no date filter, no note
    trends = run("corpus", "trends", "--dyad", "KHM-USA", "--format", "json", "--db", db)
    assert trends.exit_code == 0 and note in trends.stderr
    searched = run("corpus", "search", "Ream", "--mode", "fts", "--since", "2020", "--db", db)
    assert note in searched.stderr
    mapped = run("corpus", "map", "--dyad", "KHM-USA", "--since", "2030", "--db", db)
    assert mapped.exit_code == 1
    assert mapped.stderr.splitlines() == [
        f"{note} (ids: `crossroads corpus list`), or add them with --date",
        "Error: corpus map: no stored documents match the selection",
    ]


def test_corpus_date_dates_a_stored_document(db: str) -> None:
    [undated] = [r for r in _rows(db) if r["date"] is None]
    result = run("corpus", "date", str(undated["id"]), "2022-02", "--db", db, *LIGHT[:-1])
    assert result.exit_code == 0, result.output
    assert f"document {undated['id']} (Ream again) dated 2022-02" in result.stderr
    assert [r["title"] for r in _rows(db, "--since", "2022-02", "--until", "2022-02")] == [
        "Ream again"
    ]
    missing = run("corpus", "date", "999", "2022-02", "--db", db)
    assert missing.exit_code == 1
    assert "no document 999 in the knowledge base" in missing.stderr
    assert run("corpus", "date", "1", "2022-13", "--db", db).exit_code == 2


def test_corpus_date_resolves_relative_event_dates(tmp_path: Path) -> None:
    source = tmp_path / "talks.txt"
    source.write_text(
        "Talks\n\nCambodia and the United States signed a demining agreement on Thursday.\n",
        encoding="utf-8",
    )
    db = str(tmp_path / "kb.sqlite")
    stages = "crossroads.segment.v1,crossroads.parse.v1,crossroads.actors.v1,crossroads.events.v1"
    options = ("--stages", stages, "--no-embed")
    assert add(db, source, extra=options[:2]).exit_code == 0

    def event_dates() -> list[str | None]:
        with KnowledgeBase.open(db) as kb, kb.engine.connect() as c:
            return [r[0] for r in c.execute(text("SELECT date FROM events"))]

    assert event_dates() and set(event_dates()) == {None}
    doc_id = str(_rows(db)[0]["id"])
    assert run("corpus", "date", doc_id, "2021-06-11", "--db", db, *options).exit_code == 0
    assert "2021-06-10" in event_dates()  # the Thursday before Friday, June 11


# ----------------------------------------------------------------------------- 2. ids, dates


def test_an_unknown_issue_names_the_valid_ids(db: str) -> None:
    result = run("corpus", "list", "--issue", "militry-presence", "--db", db)
    assert result.exit_code == 2
    line = result.stderr.strip().splitlines()[-1]
    assert "unknown issue 'militry-presence' (did you mean military-presence?)" in line
    assert "valid ids: alignment," in line and "regional-order" in line
    assert run("corpus", "list", "--issue", "military-presence", "--db", db).exit_code == 0


@pytest.mark.parametrize("bad", ["2024-13", "2024-02-30", "24", "last year"])
def test_an_impossible_date_is_a_usage_error(db: str, bad: str) -> None:
    for option in ("--since", "--until"):
        result = run("corpus", "list", option, bad, "--db", db)
        assert result.exit_code == 2
        assert f"Invalid value for '{option}': expected a date like 2024, 2024-01" in result.stderr


# ----------------------------------------------------------------------------- 4. search


def test_search_shows_how_each_hit_matched(tmp_path: Path) -> None:
    write_texts(tmp_path / "docs")
    db = str(tmp_path / "kb.sqlite")
    stages = ["--stages", ",".join(LIGHT_STAGES), "-q"]  # with embeddings
    assert run("corpus", "add", str(tmp_path / "docs"), "--dyad", "KHM-USA", "--db", db,
               *stages).exit_code == 0  # fmt: skip
    hits = json.loads(run("corpus", "search", "Ream", "--format", "json", "--db", db).stdout)
    assert [(h["match"], "Ream" in h["text"]) for h in hits] == [("both", True)]
    loose = run("corpus", "search", "Ream", "--format", "json", "--min-similarity", "-1",
                "--db", db).stdout  # fmt: skip
    kinds = {h["match"] for h in json.loads(loose)}
    assert kinds == {"both", "semantic"}
    fts = json.loads(run("corpus", "search", "Ream", "--mode", "fts", "--format", "json",
                         "--db", db).stdout)  # fmt: skip
    assert [h["match"] for h in fts] == ["fts"]
    table = run("corpus", "search", "Ream", "--db", db).stdout
    assert "match" in table and "both" in table
    assert run("corpus", "search", "Ream", "--mode", "text", "--db", db).exit_code == 2


# ----------------------------------------------------------------------------- 5. --out


@pytest.mark.parametrize(
    "command",
    [["map", "--dyad", "KHM-USA"], ["trends", "--dyad", "KHM-USA"]],
)
def test_a_bad_out_is_refused_before_any_work(command: list[str], tmp_path: Path) -> None:
    missing = tmp_path / "no" / "where.json"
    # No knowledge base either: a late check would report that first.
    result = run("corpus", *command, "--out", str(missing), "--db", str(tmp_path / "x.sqlite"))
    assert result.exit_code == 2
    assert f"Invalid value for '--out': {missing}: no such directory" in result.stderr


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_failing_map_write_keeps_the_map_on_stdout(db: str) -> None:
    mapped = run("corpus", "map", "--dyad", "KHM-USA", "--format", "json", "--out", "/dev/full",
                 "--db", db)  # fmt: skip
    assert mapped.exit_code == 1
    assert mapped.stderr.splitlines()[-1] == (
        "crossroads: error: --out /dev/full: cannot write: no space left on device; "
        "the result follows on stdout"
    )
    assert json.loads(mapped.stdout)["schema"] == "crossroads.analysis/1"


def test_a_failing_trends_write_keeps_the_rows_on_stdout(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def disk_full(*args: Any) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("crossroads.corpus.charts.write_trends", disk_full)
    out = tmp_path / "trends.png"
    result = run("corpus", "trends", "--dyad", "KHM-USA", "--out", str(out), "--db", db)
    assert result.exit_code == 1
    assert f"--out {out}: cannot write: no space left on device" in result.stderr
    rows = json.loads(result.stdout)
    assert {r["period"] for r in rows} >= {"2024-Q1", "2021-Q2"}


# ----------------------------------------------------------------------------- 6. full disk


def test_failure_lines_survive_a_failing_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = tmp_path / "docs"
    write_texts(docs, ["demining.md", "tariffs.md"])
    (docs / "blank.txt").write_text("   \n", encoding="utf-8")
    real_store = KnowledgeBase.store
    calls = []

    def store_until_full(self: KnowledgeBase, record: Any, run_info: Any) -> str:
        calls.append(record["source"])
        if len(calls) == 2:
            raise OperationalError(
                "INSERT", {}, sqlite3.OperationalError("database or disk is full")
            )
        return real_store(self, record, run_info)

    monkeypatch.setattr(KnowledgeBase, "store", store_until_full)
    db = str(tmp_path / "kb.sqlite")
    result = add(db, docs)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"crossroads: error: {docs / 'blank.txt'}: the file is empty",
        "Error: knowledge base: database or disk is full",
    ]
    monkeypatch.setattr(KnowledgeBase, "store", real_store)
    assert [r["title"] for r in _rows(db)] == ["Demining aid resumes"]  # stored before


# ----------------------------------------------------------------------------- 7. --db


@pytest.mark.parametrize("command", READERS)
def test_reading_a_missing_knowledge_base_creates_none(command: list[str], tmp_path: Path) -> None:
    typo = tmp_path / "kb.sqlte"
    result = run("corpus", *command, "--db", str(typo))
    assert result.exit_code == 1
    assert result.stderr == f"Error: no knowledge base at {typo}\n"
    assert not typo.exists() and list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", [*READERS, ["add", "x.md", "--dyad", "KHM-USA"]])
def test_an_unsupported_url_is_a_usage_error(
    command: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("corpus", *command, "--db", "mysql://x@127.0.0.1/y")
    assert result.exit_code == 2
    assert "Invalid value for '--db': unsupported database URL scheme 'mysql'" in result.stderr
    assert list(tmp_path.iterdir()) == []  # no "mysql:" folder


def test_commands_that_change_a_knowledge_base_need_one(tmp_path: Path) -> None:
    typo = tmp_path / "kb.sqlte"
    for command in (["reannotate"], ["date", "1", "2024"]):
        result = run("corpus", *command, "--db", str(typo))
        assert result.exit_code == 1 and f"no knowledge base at {typo}" in result.stderr
    assert not typo.exists()


# ----------------------------------------------------------------------------- 8. read-only


def test_a_read_only_knowledge_base_is_listed_and_searched(db: str) -> None:
    path = Path(db)
    before = path.read_bytes()
    path.chmod(0o444)
    path.parent.chmod(0o555)
    try:
        assert len(_rows(db)) == 7
        found = run("corpus", "search", "Ream", "--mode", "fts", "--format", "json", "--db", db)
        assert found.exit_code == 0, found.output
        assert len(json.loads(found.stdout)) == 3
        assert run("corpus", "info", "--db", db).exit_code == 0
    finally:
        path.parent.chmod(0o755)
        path.chmod(0o644)
    assert path.read_bytes() == before


def test_reading_opens_read_only_and_never_migrates(tmp_path: Path) -> None:
    db = str(tmp_path / "old.sqlite")
    KnowledgeBase.open(db, revision="0001").close()
    result = run("corpus", "list", "--db", db)
    assert result.exit_code == 1
    assert "schema 0001 is older than 0004; reading commands do not migrate" in result.stderr
    with sqlite3.connect(db) as raw:
        assert raw.execute("SELECT version_num FROM alembic_version").fetchall() == [("0001",)]
    KnowledgeBase.open(db).close()  # a writing open migrates
    kb = KnowledgeBase.open(db, mode="read")
    with kb, kb.engine.connect() as c, pytest.raises(OperationalError, match="readonly"):
        c.execute(text("DELETE FROM runs"))


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes read-only files")
@pytest.mark.parametrize("folder_too", [False, True])
def test_a_read_only_file_gives_no_write_error(db: str, folder_too: bool) -> None:
    Path(db).chmod(0o444)
    if folder_too:
        Path(db).parent.chmod(0o555)
    try:
        result = run("corpus", "list", "--format", "json", "--db", db)
        assert result.exit_code == 0, result.output
        assert len(json.loads(result.stdout)) == 7
    finally:
        Path(db).parent.chmod(0o755)
        Path(db).chmod(0o644)


# ----------------------------------------------------------------------------- 9. --limit


@pytest.mark.parametrize("command", [["search", "Ream"], ["list"]])
def test_a_huge_limit_is_a_usage_error(command: list[str], db: str) -> None:
    result = run("corpus", *command, "--limit", "99999999999999999999", "--db", db)
    assert result.exit_code == 2
    assert "Invalid value for '--limit'" in result.stderr and "Traceback" not in result.output
    assert run("corpus", *command, "--limit", "0", "--db", db).exit_code == 2
