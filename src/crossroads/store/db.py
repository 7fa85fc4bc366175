"""Opening the knowledge base: where it lives, engines, migrations, write transactions.

A plain path or ``sqlite:///...`` URL opens a SQLite file (WAL journal, 30 s busy timeout,
foreign keys on, writes under ``BEGIN IMMEDIATE`` so concurrent writers queue instead of
deadlocking); a ``postgresql://`` URL opens PostgreSQL through psycopg 3; any other URL
scheme is refused. A knowledge base opens in one of three modes (:data:`OPEN_MODES`):

* ``create`` (``corpus add``): created if missing, then migrated to the head revision;
* ``write`` (``corpus date``, ``reannotate``): must exist; migrated to the head revision;
* ``read`` (``list``, ``search``, ``map``, ``trends``, ``info``): must exist and be at the
  head revision; opened read-only (SQLite ``mode=ro``, a PostgreSQL read-only session),
  so it is never created, migrated or changed, and a read-only file can be read.
"""

from __future__ import annotations

import os
import random
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal, TypeVar
from urllib.parse import quote

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.pool import NullPool

from crossroads.errors import CrossroadsError
from crossroads.events.store import user_data_dir

ENV_VAR = "CROSSROADS_DB"
MIGRATIONS = Path(__file__).parent / "migrations"
BUSY_TIMEOUT_MS = 30_000
_MIGRATION_LOCK = 7_262_011  # PostgreSQL advisory lock key held while migrating
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")
OpenMode = Literal["create", "write", "read"]
OPEN_MODES: tuple[OpenMode, ...] = ("create", "write", "read")
T = TypeVar("T")


class StoreError(CrossroadsError):
    """The knowledge base cannot be opened, migrated or written."""


class NoKnowledgeBase(StoreError):
    """A command that reads or changes a knowledge base was pointed where there is none."""

    def __init__(self, where: str) -> None:
        super().__init__(where, "no knowledge base here")
        self.args = (f"no knowledge base at {where}",)

    def __str__(self) -> str:
        return str(self.args[0])


class UnsupportedDatabase(StoreError):
    """A ``--db`` URL of a database that Crossroads does not store in (mysql://...)."""


def default_db_path() -> Path:
    """Return the knowledge base used when none is named: ``$CROSSROADS_DB`` or per user.

    Returns:
        ``$CROSSROADS_DB`` if set, else ``kb.sqlite`` in the per-user data directory
        (``~/.local/share/crossroads`` on Linux).
    """
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser()
    return user_data_dir() / "kb.sqlite"


def database_url(target: str | Path | None = None) -> str:
    """The SQLAlchemy URL of a knowledge base given as a path or URL.

    Args:
        target: A file path, a ``sqlite:///`` URL, a ``postgresql://`` (or
            ``postgres://``) URL; None for ``$CROSSROADS_DB`` or the per-user default.

    Returns:
        The URL, with PostgreSQL mapped to the psycopg 3 dialect.
    """
    if target is None:
        env = os.environ.get(ENV_VAR)
        target = env if env else default_db_path()
    value = str(target)
    for prefix in ("postgresql+psycopg://", "postgresql://", "postgres://"):
        if value.startswith(prefix):
            return "postgresql+psycopg://" + value[len(prefix) :]
    if value.startswith("sqlite:"):
        return value
    scheme = _SCHEME.match(value)
    if scheme:
        raise UnsupportedDatabase(
            _display(value),
            f"unsupported database URL scheme {scheme.group(1)!r}: "
            "give a SQLite file path or a postgresql:// URL",
        )
    path = Path(value).expanduser()
    return f"sqlite:///{path}"


def _sqlite_engine(url: str, mode: OpenMode) -> Engine:
    path = make_url(url).database
    in_memory = not path or path == ":memory:"
    if mode == "create" and not in_memory:
        try:
            Path(path).parent.mkdir(parents=True, exist_ok=True)  # type: ignore[arg-type]
        except OSError as exc:
            raise StoreError(str(path), f"cannot create its directory: {exc.strerror}") from exc
    elif not in_memory and not Path(path).is_file():  # type: ignore[arg-type]
        raise NoKnowledgeBase(str(path))
    if mode == "read" and not in_memory:
        url = f"sqlite:///file:{quote(str(path))}?mode=ro&uri=true"
        folder = Path(path).parent  # type: ignore[arg-type]
        if not os.access(folder, os.W_OK) and not Path(f"{path}-shm").exists():
            # A WAL file needs its -shm index, which a read-only folder cannot hold; no
            # writer can work there either, so the file is read as unchanging.
            url += "&immutable=1"
    engine = create_engine(
        url,
        poolclass=NullPool,
        connect_args={"timeout": BUSY_TIMEOUT_MS / 1000},
    )

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event below issue BEGIN, not the sqlite3 module.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        if mode != "read":  # a read-only connection takes the journal mode the file has
            journal = cursor.execute("PRAGMA journal_mode").fetchone()[0]
            if journal != "wal":
                cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        # Take the write lock at the start: a deferred transaction that later upgrades
        # to a writer fails at once with "database is locked" instead of waiting.
        connection.exec_driver_sql("BEGIN" if mode == "read" else "BEGIN IMMEDIATE")

    return engine


def make_engine(url: str, mode: OpenMode = "create") -> Engine:
    """Create the engine for a knowledge base URL (see :func:`database_url`).

    Args:
        url: A ``sqlite:///`` or ``postgresql+psycopg://`` URL.
        mode: ``create``, ``write`` or ``read`` (see the module's notes); a SQLite file
            must exist unless ``create``.

    Returns:
        The engine, configured for concurrent writers, or read-only for ``read``.

    Raises:
        NoKnowledgeBase: ``write`` or ``read`` and no SQLite file at the path.
    """
    if url.startswith("sqlite"):
        return _sqlite_engine(url, mode)
    if mode == "read":
        return create_engine(
            url,
            pool_pre_ping=True,
            connect_args={"options": "-c default_transaction_read_only=on"},
        )
    return create_engine(url, pool_pre_ping=True)


def is_locked(exc: BaseException) -> bool:
    """Tell whether a database error is a transient lock or serialisation conflict."""
    message = str(exc).lower()
    return isinstance(exc, OperationalError) and (
        "locked" in message or "busy" in message or "deadlock" in message
    )


def retrying(action: Callable[[], T], attempts: int = 8) -> T:
    """Run ``action``, retrying with jittered back-off while the database is locked.

    Args:
        action: A callable that runs one whole transaction.
        attempts: How many times to try before giving up.

    Returns:
        What ``action`` returns.
    """
    for attempt in range(attempts):
        try:
            return action()
        except OperationalError as exc:
            if not is_locked(exc) or attempt == attempts - 1:
                raise
            time.sleep(min(2.0, 0.05 * 2**attempt) * (0.5 + random.random()))
    raise AssertionError("unreachable")


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """A connection inside one write transaction, committed on success.

    Args:
        engine: The knowledge base's engine.

    Yields:
        The connection.
    """
    with engine.begin() as connection:
        yield connection


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to ``revision`` with the migrations shipped in the package.

    The migrations run in one transaction that holds the database's write lock (SQLite)
    or an advisory lock (PostgreSQL), so processes opening a new knowledge base at once
    create it once.

    Args:
        engine: The knowledge base's engine.
        revision: An Alembic revision id ("0001", "0002") or "head".
    """
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))

    def run() -> None:
        with engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(text(f"SELECT pg_advisory_xact_lock({_MIGRATION_LOCK})"))
            config.attributes["connection"] = connection
            command.upgrade(config, revision)

    retrying(run)


def current_revision(engine: Engine) -> str | None:
    """The schema revision a knowledge base is at (None for an empty database)."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def shipped_revisions() -> list[str]:
    """The schema revisions the package's migrations know, oldest first."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    script = ScriptDirectory.from_config(config)
    return [s.revision for s in reversed(list(script.walk_revisions()))]


def _check_readable(engine: Engine, url: str) -> None:
    """Fail unless a knowledge base opened read-only is at the head revision."""
    revision = current_revision(engine)
    where = _display(url)
    if revision is None:
        raise NoKnowledgeBase(where)
    known = shipped_revisions()
    if revision not in known:
        raise StoreError(where, f"schema {revision} was written by a newer crossroads")
    if revision != known[-1]:
        raise StoreError(
            where,
            f"schema {revision} is older than {known[-1]}; reading commands do not migrate: "
            "run a writing command (crossroads corpus reannotate) to upgrade it",
        )


def open_engine(
    target: str | Path | None = None, revision: str = "head", mode: OpenMode = "create"
) -> Engine:
    """Open a knowledge base: migrated to ``revision``, or read-only at the head.

    Args:
        target: A path or URL (see :func:`database_url`).
        revision: The schema revision to bring it to (tests use "0001"); ignored when
            reading.
        mode: ``create`` (make it if missing), ``write`` (it must exist) or ``read``
            (it must exist at the head revision; nothing is changed).

    Returns:
        The engine.

    Raises:
        NoKnowledgeBase: ``write`` or ``read`` where there is no knowledge base.
        UnsupportedDatabase: ``target`` is a URL of another database (mysql://...).
        StoreError: The database cannot be reached, created or migrated, or (read) has
            an old schema.
    """
    url = database_url(target)
    engine = make_engine(url, mode)
    try:
        if mode == "read":
            _check_readable(engine, url)
        else:
            if mode == "write" and not url.startswith("sqlite") and not current_revision(engine):
                raise NoKnowledgeBase(_display(url))
            migrate(engine, revision)
    except OperationalError as exc:
        engine.dispose()
        first = str(exc.orig).splitlines()[0] if exc.orig else str(exc).splitlines()[0]
        raise StoreError(_display(url), f"cannot open the knowledge base: {first}") from exc
    except StoreError:
        engine.dispose()
        raise
    return engine


def _display(url: str) -> str:
    """A URL or path fit to show a user (no password)."""
    if url.startswith("sqlite:///"):
        return url[len("sqlite:///") :]
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url.split("@")[-1]


@contextmanager
def scratch_database(admin: str, name: str) -> Iterator[str]:
    """A new PostgreSQL database ``name`` on the server of ``admin``, dropped afterwards.

    For tests and benchmarks, which must not touch a database they did not make.

    Args:
        admin: A ``postgresql://`` URL of a database on that server that may create others.
        name: The new database's name.

    Yields:
        The new database's URL (``admin`` with its database name replaced).

    Raises:
        StoreError: a database of that name exists already (it is left alone).
    """
    engine = create_engine(database_url(admin), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as c:
            exists = c.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
            if exists.first() is not None:
                raise StoreError(name, "a database of that name exists")
            c.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            yield admin.rsplit("/", 1)[0] + "/" + name
        finally:
            with engine.connect() as c:
                c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        engine.dispose()
