"""A workspace on SQLite and on PostgreSQL: two analysts, a viewer, stored documents.

The PostgreSQL variant runs when CROSSROADS_TEST_PG names a server; each test gets its own
database, created and dropped around it (as ``tests/store/conftest.py`` does). Documents are
read and segmented by the real readers and the light rule stages, then stored with
``KnowledgeBase.store``; users and workspaces are rows of the store's own tables.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, insert, text

from crossroads.model import Event, Voice
from crossroads.pipeline import Pipeline, PipelineConfig
from crossroads.readers import read
from crossroads.store import KnowledgeBase, RunInfo
from crossroads.store import schema as t
from crossroads.store.db import database_url
from crossroads.store.records import to_record

PG_ENV = "CROSSROADS_TEST_PG"
LIGHT_STAGES = (
    "crossroads.segment.v1",
    "crossroads.valence.v1",
    "crossroads.frames.v1",
    "crossroads.recommendation.v1",
)
RUN = RunInfo("test", LIGHT_STAGES, "bilateral-default")
NOW = datetime(2026, 12, 1, 9, 0)

# Short texts written for these tests (Cambodia and the United States).
PORT = (
    "port.txt",
    "Pier works at Ream draw a warning",
    "2024-03-12",
    "Officials in Washington said on Monday that new piers at the Ream base worry them. "
    "They fear that one foreign navy could gain exclusive use of the harbour. "
    "The Cambodian defence ministry replied that its constitution bars any foreign base. "
    "A visiting US delegation toured the site with Cambodian officers last week.",
)
RICE = (
    "rice.txt",
    "Rice farmers look to American buyers",
    "2024-07-02",
    "Cambodian exporters hope to sell more fragrant rice in American supermarkets. "
    "A trade mission from Phnom Penh met buyers in California in June. "
    "Both governments should lower the paperwork that slows small shipments.",
)
ELSEWHERE = (
    "other.txt",
    "A document of another workspace",
    "2024-09-09",
    "Washington criticised the arrest of a union leader in Phnom Penh. "
    "The Cambodian government called the criticism unfair.",
)


@dataclass
class Desk:
    """A knowledge base with a KHM-USA workspace and its people and documents."""

    kb: KnowledgeBase
    workspace: int
    other_workspace: int
    users: dict[str, int]
    documents: dict[str, int] = field(default_factory=dict)

    @property
    def engine(self) -> Engine:
        return self.kb.engine


def _postgres_database() -> Iterator[str]:
    admin = os.environ.get(PG_ENV)
    if not admin:
        pytest.skip(f"PostgreSQL tests need a server: set {PG_ENV} (.ci/run does)")
    name = f"crossroads_test_{uuid.uuid4().hex[:12]}"
    engine = create_engine(database_url(admin), isolation_level="AUTOCOMMIT")
    with engine.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin.rsplit("/", 1)[0] + "/" + name
    finally:
        with engine.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def kb_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL or path of an empty knowledge base, on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        yield str(tmp_path / "kb.sqlite")
    else:
        yield from _postgres_database()


def store_text(
    kb: KnowledgeBase,
    folder: Path,
    spec: tuple[str, str, str, str],
    voice: Voice | None = None,
    events: tuple[tuple[str, str, str, int], ...] = (),
) -> int:
    """Read, segment and store one test text; return its document id.

    ``events`` are (actor1, actor2, cameo, sentence position) the machine "coded".
    """
    name, title, date, body = spec
    path = folder / name
    path.write_text(f"{title}\n\n{body}\n", encoding="utf-8")
    doc = Pipeline(("KHM", "USA"), PipelineConfig(stages=LIGHT_STAGES)).annotate(
        read(str(path), doc_id="d1")
    )
    doc.title, doc.date, doc.voice = title, date, voice
    for a1, a2, code, position in events:
        doc.events.append(Event(a1, a2, code, 1.0, date[:7], f"d1:s{position}", "test"))
    assert kb.store(to_record(doc, path.read_text(encoding="utf-8"), "KHM-USA"), RUN) == "added"
    with kb.engine.connect() as c:
        return int(c.execute(text("SELECT max(id) FROM documents")).scalar_one())


@pytest.fixture
def desk(kb_url: str, tmp_path: Path) -> Iterator[Desk]:
    """Workspace "khm-usa" (analysts nadia and omar, viewer vera) holding PORT and RICE;
    workspace "elsewhere" holding ELSEWHERE."""
    kb = KnowledgeBase.open(kb_url)
    with kb.engine.begin() as c:
        users = {}
        for name in ("nadia", "omar", "vera"):
            key = c.execute(
                insert(t.users).values(name=name, password_hash="x", created_at=NOW)
            ).inserted_primary_key
            assert key is not None
            users[name] = int(key[0])
        spaces = []
        for slug in ("khm-usa", "elsewhere"):
            key = c.execute(
                insert(t.workspaces).values(slug=slug, name=slug, dyad="KHM-USA", created_at=NOW)
            ).inserted_primary_key
            assert key is not None
            spaces.append(int(key[0]))
        roles = {"nadia": "analyst", "omar": "analyst", "vera": "viewer"}
        for name, role in roles.items():
            c.execute(insert(t.memberships).values(workspace_id=spaces[0],
                                                   user_id=users[name], role=role))  # fmt: skip
    desk = Desk(kb, spaces[0], spaces[1], users)
    folder = tmp_path / "texts"
    folder.mkdir()
    desk.documents["port"] = store_text(
        kb, folder, PORT, Voice("news", None, "author", "a wire report"),
        events=(("USA", "KHM", "042", 4),),
    )  # fmt: skip
    desk.documents["rice"] = store_text(kb, folder, RICE)
    desk.documents["other"] = store_text(kb, folder, ELSEWHERE)
    with kb.engine.begin() as c:
        for key, space in (("port", spaces[0]), ("rice", spaces[0]), ("other", spaces[1])):
            c.execute(insert(t.workspace_documents).values(
                workspace_id=space, document_id=desk.documents[key], added_at=NOW))  # fmt: skip
    yield desk
    kb.close()
