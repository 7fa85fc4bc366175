"""Fixtures every test folder shares: an empty knowledge base on SQLite and on PostgreSQL.

The PostgreSQL variant runs when CROSSROADS_TEST_PG names a server (``.ci/run`` starts
one); each test gets its own database, created and dropped around it.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest

from crossroads.store.db import scratch_database

PG_ENV = "CROSSROADS_TEST_PG"


def postgres_database() -> Iterator[str]:
    """Yield the URL of a new PostgreSQL database, dropped afterwards (skips without a server)."""
    admin = os.environ.get(PG_ENV)
    if not admin:
        pytest.skip(f"PostgreSQL tests need a server: set {PG_ENV} (.ci/run does)")
    with scratch_database(admin, f"crossroads_test_{uuid.uuid4().hex[:12]}") as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def kb_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL or path of an empty knowledge base, on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        yield str(tmp_path / "kb.sqlite")
    else:
        yield from postgres_database()


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def new_kb_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Callable[[], str]]:
    """Makes empty knowledge bases for fixtures that a test module builds once and shares.

    Each call gives a new one (on SQLite, or on PostgreSQL a database dropped after the
    module), so two shared fixtures of one module never meet.
    """
    with ExitStack() as made:

        def new() -> str:
            if request.param == "sqlite":
                return str(tmp_path_factory.mktemp("kb") / "kb.sqlite")
            return made.enter_context(contextmanager(postgres_database)())

        yield new
