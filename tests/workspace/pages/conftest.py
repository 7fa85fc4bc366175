"""The overview, search and export pages of a server with two Indonesia–Australia desks.

``desk`` holds the five hand-labelled documents of the overview tests (one with a
``<script>`` title) and the server tests' trade talk; ``rival``, a workspace of the same
dyad where only olga is a member, holds one document of its own about lobster quotas, which
must never show in ``desk``'s pages. The cast and roles are those of
``tests/workspace/server``. One knowledge base per module, on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from crossroads.corpus.worker import AnalysisSpec, analyse_source
from crossroads.workspace import spaces

from ...store.conftest import LIGHT_STAGES
from ..overview.conftest import DYAD, events_db, store_documents  # noqa: F401  (fixture)
from ..server.conftest import Server, build_server

RIVAL_TEXT = (
    "Australian and Indonesian negotiators met in Kupang to settle lobster quotas in the "
    "Timor Sea. Indonesia said the new lobster quotas protect its coastal villages."
)
RIVAL_TITLE = "Lobster quotas settled in Kupang"


def store_rival(server: Server, folder: Path) -> tuple[spaces.Workspace, int]:
    """The ``rival`` workspace (olga admin) and its one stored document's id."""
    engine = server.engine
    rival = spaces.create_workspace(
        engine, "Rival desk", "Indonesia-Australia", slug="rival", admin_id=server.users["olga"].id
    )
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "lobster.md"
    path.write_text(f'---\ntitle: "{RIVAL_TITLE}"\ndate: 2024-06-03\n---\n\n{RIVAL_TEXT}\n')
    spec = AnalysisSpec(DYAD, stages=LIGHT_STAGES, embed=False)
    result = analyse_source(str(path), spec)
    assert result["status"] == "ok", result
    assert server.app.state.kb.store(result["record"], spec.run_info()) == "added"
    [doc] = [d for d in server.app.state.kb.stale_documents(None, None) if d["source"] == str(path)]
    spaces.add_document(engine, rival.id, doc["id"], server.users["olga"].id)
    return rival, int(doc["id"])


def link_all(server: Server, workspace_id: int, skip: set[int]) -> None:
    """Link every stored document but those in ``skip`` to a workspace."""
    for doc in server.app.state.kb.stale_documents(None, None):
        if doc["id"] not in skip:
            spaces.add_document(server.engine, workspace_id, doc["id"], server.users["ana"].id)


@pytest.fixture(scope="module")
def site(
    request: pytest.FixtureRequest,
    new_kb_url: Callable[[], str],
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Server]:
    """The server with ``desk`` (six documents) and ``rival`` (one), and the event data."""
    root = tmp_path_factory.mktemp("pages")
    server = build_server(new_kb_url())
    try:
        store_documents(server.app.state.kb, root / "docs")
        rival, rival_doc = store_rival(server, root / "rival")
        link_all(server, server.desk.id, skip={rival_doc})
        server.app.state.events_db = request.getfixturevalue("events_db")
        server.rival = rival  # type: ignore[attr-defined]
        server.rival_doc = rival_doc  # type: ignore[attr-defined]
        yield server
    finally:
        server.app.state.kb.close()
