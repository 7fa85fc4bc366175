"""Concurrent writers and killed runs leave a SQLite knowledge base whole and exact."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from crossroads.corpus import AnalysisSpec, add_sources
from crossroads.store import KnowledgeBase

from .conftest import LIGHT_STAGES, TEXTS

CLI = "from crossroads.cli import main; main()"


def write_many(folder: Path, n: int) -> None:
    """``n`` distinct short dated documents built from the test texts."""
    folder.mkdir(parents=True)
    texts = list(TEXTS.values())
    for i in range(n):
        title, _, body = texts[i % len(texts)]
        month = 1 + i % 12
        (folder / f"note-{i:04d}.md").write_text(
            f"---\ntitle: {title} ({i})\ndate: 2024-{month:02d}-01\n---\n\n"
            f"Note {i} from the desk. {body}\n",
            encoding="utf-8",
        )


def add_command(db: Path, *sources: Path) -> list[str]:
    return [
        sys.executable, "-c", CLI, "corpus", "add", *map(str, sources), "--dyad", "KHM-USA",
        "--db", str(db), "--stages", ",".join(LIGHT_STAGES), "--no-embed", "-q",
    ]  # fmt: skip


def reference_content(corpus: Path, db: Path) -> list[tuple]:
    """The content of an uninterrupted, single-writer run (in this process)."""
    with KnowledgeBase.open(db) as kb:
        spec = AnalysisSpec(("KHM", "USA"), stages=LIGHT_STAGES, embed=False)
        assert add_sources(kb, [str(corpus)], spec).errors == []
    return content(db)


def content(db: Path) -> list[tuple]:
    """The stored content, independent of ids and insertion order."""
    with sqlite3.connect(db) as c:
        return c.execute(
            "SELECT d.source, d.content_hash, d.title, d.date, s.position, s.text, s.valence, "
            "s.frames, s.recommendation FROM documents d JOIN sentences s ON s.document_id = d.id "
            "ORDER BY d.source, s.position"
        ).fetchall()


def assert_consistent(db: Path) -> int:
    """Every stored document has all its sentences; the FTS index matches; return docs."""
    with sqlite3.connect(db) as c:
        assert c.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        c.execute("INSERT INTO sentences_fts(sentences_fts) VALUES ('integrity-check')")
        partial = c.execute(
            "SELECT d.source FROM documents d LEFT JOIN sentences s ON s.document_id = d.id "
            "GROUP BY d.id HAVING count(s.id) != d.sentence_count"
        ).fetchall()
        assert partial == []
        duplicates = c.execute(
            "SELECT source FROM documents GROUP BY source HAVING count(*) > 1"
        ).fetchall()
        assert duplicates == []
        return int(c.execute("SELECT count(*) FROM documents").fetchone()[0])


def test_four_processes_adding_at_once_lose_and_duplicate_nothing(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write_many(corpus, 48)
    db = tmp_path / "kb.sqlite"
    # Each process adds the whole corpus, so every document is contended by four writers.
    procs = [
        subprocess.Popen(add_command(db, corpus), stderr=subprocess.PIPE, text=True)
        for _ in range(4)
    ]
    outputs = [p.communicate(timeout=180)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0, 0], outputs
    assert assert_consistent(db) == 48
    added = sum(int(out.rsplit("corpus add: ", 1)[1].split(" added")[0]) for out in outputs)
    assert added == 48  # each document stored by exactly one of the writers
    assert content(db) == reference_content(corpus, tmp_path / "reference.sqlite")


def test_killed_run_leaves_a_consistent_kb_and_resumes(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    total = 200
    write_many(corpus, total)
    db = tmp_path / "kb.sqlite"
    proc = subprocess.Popen(add_command(db, corpus), stderr=subprocess.DEVNULL)
    stored = 0
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if db.exists():
            try:
                with sqlite3.connect(db, timeout=5) as c:
                    stored = c.execute("SELECT count(*) FROM documents").fetchone()[0]
            except sqlite3.OperationalError:
                stored = 0  # the schema is still being created
            if stored >= 10:
                break
        time.sleep(0.02)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    partial = assert_consistent(db)
    assert 10 <= partial < total  # really killed mid-way
    resumed = subprocess.run(add_command(db, corpus), capture_output=True, text=True)
    assert resumed.returncode == 0, resumed.stderr
    assert f"{total - partial} added" in resumed.stderr
    assert f"{partial} unchanged" in resumed.stderr
    assert assert_consistent(db) == total
    assert content(db) == reference_content(corpus, tmp_path / "reference.sqlite")
