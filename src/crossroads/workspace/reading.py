"""What a workspace's pages read: its documents, its cached overview, its search, a month of events.

    docs = workspace_reading(engine, ws)                   # labels in force, this workspace only
    entry = cache.get(engine, ws, since="2024", events=events_db)   # built once per state
    hits = workspace_search(engine, ws, "submarines")      # never another workspace's
    hits = workspace_search(engine, ws, "submarines", vectors=VectorCache())  # embeddings kept
    rows = month_events(events_db, ws, "2024-05")          # the event-data month a point opens

Building the overview of a thousand documents takes seconds, so :class:`OverviewCache`
keeps it per workspace, period and selection, and rebuilds it only when the workspace's
*state* changes (:func:`workspace_state`): a document linked, unlinked or re-analysed, a
label set, the events database rewritten. The state is read from the database on every
request, so several server processes never serve a stale map. A rebuild reads from the
database only the documents whose own stamp changed (:class:`DocumentCache`): after one
upload or one correction, one document, not a thousand. :class:`VectorCache` keeps a
workspace's sentence embeddings for semantic search by the same rule.
"""

from __future__ import annotations

import json
import re
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Generic, TypeVar
from urllib.parse import quote, urlencode

import numpy as np
from jinja2 import Environment
from markupsafe import Markup
from sqlalchemy import Engine, func, select

from crossroads.errors import CrossroadsError
from crossroads.model import Document
from crossroads.store import schema
from crossroads.store.queries import Filters, load_documents, search, sentence_vectors
from crossroads.workspace.exports import workspace_documents
from crossroads.workspace.overview import Overview, build_overview, overview_context
from crossroads.workspace.spaces import Workspace
from crossroads.workspace.timeline import Link

MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
SENTENCE_ID = re.compile(r"^d(\d+):s(\d+)$")
DOCUMENT_ID = re.compile(r"^d(\d+)$")
QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
MONTH_EVENTS = 200  # events listed for one month, most mentioned first
Vectors = tuple[np.ndarray, np.ndarray]  # sentence ids, embeddings (one row each)
K = TypeVar("K")
V = TypeVar("V")


class ReadingError(CrossroadsError):
    """A request for a workspace's reading that cannot be answered (a malformed month)."""


def workspace_dyad(workspace: Workspace) -> tuple[str, str]:
    """The workspace's dyad in the order its pages show it (``("IDN", "AUS")``)."""
    a, b = workspace.dyad.split("-")
    return a, b


def workspace_filters(workspace: Workspace) -> Filters:
    """The store's selection of exactly the workspace's documents, read with its labels."""
    return Filters(workspace=workspace.id)


def workspace_reading(
    engine: Engine, workspace: Workspace, documents: Sequence[int] | None = None
) -> list[Document]:
    """The workspace's documents with its labels in force, oldest first.

    Args:
        engine: The knowledge base's engine.
        workspace: The workspace.
        documents: Stored document ids to keep (None: all the workspace holds).

    Returns:
        Documents with ids ``d<stored id>``.
    """
    loaded = workspace_documents(engine, workspace.id)
    if documents is None:
        return loaded
    wanted = {f"d{i}" for i in documents}
    return [d for d in loaded if d.id in wanted]


def workspace_state(engine: Engine, workspace_id: int) -> tuple[Any, ...]:
    """A fingerprint of what the workspace's overview is built from.

    It changes when a document is linked or unlinked, a linked document is stored again
    or re-annotated, or a label is set or changed (every correction bumps its label's
    version). Two indexed aggregate queries: cheap next to building an overview.
    """
    wd, d, lab = schema.workspace_documents, schema.documents, schema.labels
    documents = (
        select(
            func.count(), func.sum(d.c.id), func.max(wd.c.added_at), func.max(d.c.added_at),
            func.sum(d.c.run_id), func.sum(d.c.sentence_count),
        )
        .select_from(wd.join(d, d.c.id == wd.c.document_id))
        .where(wd.c.workspace_id == workspace_id)
    )  # fmt: skip
    labels = select(func.count(), func.sum(lab.c.version), func.max(lab.c.updated_at)).where(
        lab.c.workspace_id == workspace_id
    )
    with engine.connect() as c:
        return (*c.execute(documents).one(), *c.execute(labels).one())


def document_stamps(engine: Engine, workspace_id: int) -> dict[int, tuple[Any, ...]]:
    """Per document of the workspace: its date (first), then what changes when it does.

    The document's run, time stored and sentence count (a re-analysis changes them), and
    the count, version sum and last change of its labels in this workspace.
    """
    wd, d, lab = schema.workspace_documents, schema.documents, schema.labels
    labels = (
        select(
            lab.c.document_id, func.count().label("n"), func.sum(lab.c.version).label("v"),
            func.max(lab.c.updated_at).label("at"),
        )
        .where(lab.c.workspace_id == workspace_id)
        .group_by(lab.c.document_id)
        .subquery()
    )  # fmt: skip
    query = (
        select(
            d.c.id, d.c.date, d.c.run_id, d.c.added_at, d.c.sentence_count,
            labels.c.n, labels.c.v, labels.c.at,
        )
        .select_from(
            wd.join(d, d.c.id == wd.c.document_id).outerjoin(
                labels, labels.c.document_id == d.c.id
            )
        )
        .where(wd.c.workspace_id == workspace_id)
    )  # fmt: skip
    with engine.connect() as c:
        return {row[0]: tuple(row[1:]) for row in c.execute(query)}


class _Kept(Generic[K, V]):
    """A bounded LRU of values, each kept with the state it was made from (thread-safe)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._entries: OrderedDict[K, tuple[tuple[Any, ...], V]] = OrderedDict()
        self._lock = threading.Lock()

    def held(self, key: K) -> tuple[tuple[Any, ...], V] | None:
        """The state and value kept for ``key``, whatever the state (None: nothing kept)."""
        with self._lock:
            return self._entries.get(key)

    def fresh(self, key: K, state: tuple[Any, ...]) -> V | None:
        """The value kept for ``key`` if it was made from ``state`` (None: none such)."""
        with self._lock:
            found = self._entries.get(key)
            if found is None or found[0] != state:
                return None
            self._entries.move_to_end(key)
            return found[1]

    def keep(self, key: K, state: tuple[Any, ...], value: V) -> None:
        """Keep ``value`` for ``key``, dropping the least recently used beyond the size."""
        with self._lock:
            self._entries[key] = (state, value)
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)


class DocumentCache:
    """Workspaces' documents as loaded with their labels, each kept while its stamp holds.

    Turning stored rows back into documents (their JSON columns) is most of an overview's
    build; a document is read again only when :func:`document_stamps` says it changed.
    The documents are shared by the overviews built from them and never modified.
    """

    def __init__(self, size: int = 4) -> None:
        """Keep at most ``size`` workspaces' documents."""
        self._kept: _Kept[tuple[str, int], dict[int, tuple[tuple[Any, ...], Document]]]
        self._kept = _Kept(size)
        self.loaded = 0  # documents read from the database so far

    def get(
        self, engine: Engine, workspace: Workspace, documents: Sequence[int] | None = None
    ) -> list[Document]:
        """What :func:`workspace_reading` gives, reading only the changed documents."""
        key = (str(engine.url), workspace.id)
        stamps = document_stamps(engine, workspace.id)
        found = self._kept.held(key)
        held = dict(found[1]) if found is not None else {}
        stale = [i for i, stamp in stamps.items() if i not in held or held[i][0] != stamp]
        if stale:
            chosen = None if len(stale) == len(stamps) else tuple(stale)
            for doc in load_documents(engine, Filters(workspace=workspace.id, ids=chosen)):
                stored = int(doc.id[1:])
                if stored in stamps:  # else unlinked meanwhile
                    held[stored] = (stamps[stored], doc)
        fresh = {i: held[i] for i in stamps if i in held}
        self.loaded += len(stale)
        self._kept.keep(key, (), fresh)  # each document carries its own stamp
        wanted = fresh if documents is None else {i: fresh[i] for i in documents if i in fresh}
        # The order load_documents gives: undated first, then by date, then by id.
        order = sorted(wanted, key=lambda i: (stamps[i][0] is not None, stamps[i][0] or "", i))
        return [wanted[i][1] for i in order]


def events_state(events: Path | None) -> tuple[Any, ...]:
    """A fingerprint of the events database file (None: no file, or no database)."""
    if events is None:
        return (None,)
    try:
        stat = events.stat()
    except OSError:
        return (str(events), None)
    return (str(events), stat.st_mtime_ns, stat.st_size)


def period_query(period: str) -> dict[str, str]:
    """The overview's ``since`` and ``until`` for a period (``2024-05``, ``2024-Q2``, ``2024``)."""
    quarter = QUARTER.match(period)
    if quarter is not None:
        year, q = quarter.group(1), int(quarter.group(2))
        return {"since": f"{year}-{3 * q - 2:02d}", "until": f"{year}-{3 * q:02d}"}
    return {"since": period, "until": period}


def links(slug: str, documents: Sequence[int] | None = None) -> Link:
    """Where the overview's points lead in the workspace ``slug``.

    Documents and sentences open the document view (``/w/{slug}/documents/{id}`` and its
    ``#s<position>`` anchor), an event-data month its page of events, a period (a binned
    mark) the overview narrowed to it (keeping the chosen ``documents``), and an event's
    source URL itself, if it is an http(s) URL (anything else could run script).
    """
    base = f"/w/{quote(slug, safe='')}"
    chosen = [("doc", str(i)) for i in sorted(set(documents or ()))]

    def link(kind: str, ident: str) -> str:
        if kind == "event-source":
            return ident if ident.lower().startswith(("https://", "http://")) else "#"
        if kind == "event-month":
            return f"{base}/events/{quote(ident, safe='')}"
        if kind == "period":
            return f"{base}/overview?{urlencode([*period_query(ident).items(), *chosen])}"
        sentence = SENTENCE_ID.match(ident)
        if sentence:
            return f"{base}/documents/{sentence.group(1)}#s{sentence.group(2)}"
        document = DOCUMENT_ID.match(ident)
        if document:
            return f"{base}/documents/{document.group(1)}"
        return "#"

    return link  # type: ignore[return-value]


@dataclass
class CachedOverview:
    """A built overview, and its rendered partials once a page asked for them."""

    overview: Overview
    _body: Markup | None = field(default=None, repr=False)
    _json: bytes | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def json(self) -> bytes:
        """The overview as JSON (:meth:`Overview.to_dict`), encoded once.

        Encoding a thousand documents' overview takes longer than answering from the
        cache, so the JSON twin is kept ready too.
        """
        with self._lock:
            if self._json is None:
                self._json = json.dumps(
                    self.overview.to_dict(), ensure_ascii=False, separators=(",", ":")
                ).encode("utf-8")
            return self._json

    def body(self, env: Environment, link: Link) -> Markup:
        """The overview's partials (``overview/overview.html``) rendered, once.

        The partials hold no per-user value (no CSRF token, no name), so one rendering
        serves every member of the workspace.
        """
        with self._lock:
            if self._body is None:
                template = env.get_template("overview/overview.html")
                html = template.render(**overview_context(self.overview, link))
                self._body = Markup(html)  # noqa: S704 - autoescaped template output
            return self._body


class OverviewCache:
    """Built overviews per workspace, period, selection and trend period; bounded LRU.

    An entry is used only while :func:`workspace_state` and the events database's file
    are what they were when it was built; otherwise it is built again. Concurrent
    requests for the same missing entry build it once.
    """

    def __init__(self, size: int = 8) -> None:
        """Keep at most ``size`` overviews (a thousand documents' one takes tens of MB)."""
        self._kept: _Kept[tuple[Any, ...], CachedOverview] = _Kept(size)
        self._lock = threading.Lock()  # guards the building locks and the count
        self._building: dict[tuple[Any, ...], threading.Lock] = {}
        self.builds = 0  # how many overviews were built (not served from the cache)
        self.documents = DocumentCache()

    def get(
        self,
        engine: Engine,
        workspace: Workspace,
        *,
        since: str | None = None,
        until: str | None = None,
        documents: Sequence[int] | None = None,
        events: Path | None = None,
        by: str = "quarter",
    ) -> CachedOverview:
        """The workspace's overview, from the cache when nothing it rests on changed.

        Args:
            engine: The knowledge base's engine.
            workspace: The workspace.
            since: First date kept, or None.
            until: Last date kept (inclusive at its precision), or None.
            documents: Stored document ids to keep (None: all).
            events: The events database file, or None for none.
            by: The trends' period (``month``, ``quarter``, ``year``).

        Returns:
            The cached overview.

        Raises:
            QueryError: a malformed date or period (nothing is cached).
        """
        selection = None if documents is None else tuple(sorted(set(documents)))
        key = (str(engine.url), workspace.id, since, until, selection, by)
        state = (*workspace_state(engine, workspace.id), *events_state(events))
        kept = self._kept.fresh(key, state)
        if kept is not None:
            return kept
        with self._lock:
            building = self._building.setdefault(key, threading.Lock())
        with building:
            kept = self._kept.fresh(key, state)  # another request may have built it meanwhile
            if kept is not None:
                return kept
            overview = build_overview(
                self.documents.get(engine, workspace, selection),
                workspace_dyad(workspace),
                since=since,
                until=until,
                events=events,
                by=by,
            )
            entry = CachedOverview(overview)
            self._kept.keep(key, state, entry)
            with self._lock:
                self.builds += 1
                self._building.pop(key, None)
            return entry


class VectorCache:
    """The sentence embeddings of workspaces (ids and matrix), per workspace; bounded LRU.

    Semantic search compares the query with every embedding of the workspace: reading
    50,000 of them from the database takes longer than the comparison, so they are kept
    while :func:`workspace_state` is what it was when they were read.
    """

    def __init__(self, size: int = 4) -> None:
        """Keep at most ``size`` workspaces' embeddings (50,000 sentences take 77 MB)."""
        self._kept: _Kept[tuple[str, int], Vectors] = _Kept(size)
        self._reading = threading.Lock()  # one read at a time: the others wait and reuse it
        self.reads = 0  # how many times embeddings were read (not served from the cache)

    def get(self, engine: Engine, workspace: Workspace) -> Vectors:
        """The workspace's :func:`~crossroads.store.queries.sentence_vectors`, kept."""
        key = (str(engine.url), workspace.id)
        state = workspace_state(engine, workspace.id)
        kept = self._kept.fresh(key, state)
        if kept is not None:
            return kept
        with self._reading:
            kept = self._kept.fresh(key, state)  # another request may have read them meanwhile
            if kept is not None:
                return kept
            vectors = sentence_vectors(engine, workspace_filters(workspace))
            self.reads += 1  # under the reading lock: one read at a time
            self._kept.keep(key, state, vectors)
            return vectors


def workspace_search(
    engine: Engine,
    workspace: Workspace,
    query: str,
    mode: str = "hybrid",
    limit: int = 20,
    vectors: VectorCache | None = None,
) -> list[dict[str, Any]]:
    """Sentences of the workspace's documents matching a query (its labels in force).

    Args:
        engine: The knowledge base's engine.
        workspace: The workspace; no other workspace's document is ever searched.
        query: Words or a phrase.
        mode: ``hybrid``, ``fts`` or ``semantic`` (see :func:`crossroads.store.queries.search`).
        limit: At most this many hits.
        vectors: Where the workspace's embeddings are kept (the server's); None reads them.

    Returns:
        The hits of :func:`~crossroads.store.queries.search`, each with ``semantic_only``
        (True when only the meaning matched, no word of the query).
    """
    if not query.strip():
        return []
    kept = vectors.get(engine, workspace) if vectors is not None and mode != "fts" else None
    filters = workspace_filters(workspace)
    hits = search(engine, query, filters, mode=mode, limit=limit, vectors=kept)
    return [dict(h, semantic_only=h["match"] == "semantic") for h in hits]


def month_events(
    events: Path | None, workspace: Workspace, month: str, limit: int = MONTH_EVENTS
) -> tuple[list[dict[str, Any]], str | None]:
    """The event-data events of the workspace's dyad in one month, most mentioned first.

    Args:
        events: The events database file, or None.
        workspace: The workspace (its dyad, in either direction).
        month: ``YYYY-MM``.
        limit: At most this many events.

    Returns:
        The events (``date``, ``actor1``, ``actor2``, ``code``, ``event`` described,
        ``goldstein``, ``mentions``, ``source_url``) and None; or no event and the reason.

    Raises:
        ReadingError: the month is not ``YYYY-MM``.
    """
    found = MONTH.match(month)
    if found is None:
        raise ReadingError(repr(month), "expected a month like 2024-05")
    if events is None:
        from crossroads.workspace.overview import NO_EVENT_STORE

        return [], NO_EVENT_STORE
    from crossroads.cameo import describe
    from crossroads.dyad import Dyad
    from crossroads.events import EventStoreError, open_store
    from crossroads.events.series import dyad_filter_sql, next_period, query_params

    start = date(int(found.group(1)), int(found.group(2)), 1)
    end = next_period(start, "month")
    try:
        con = open_store(events, read_only=True)
    except EventStoreError as exc:
        return [], f"No event data: {exc}."
    try:
        params = query_params(Dyad(*workspace_dyad(workspace)), None, start, None)
        params["end"] = end
        rows = con.execute(
            f"""
            SELECT event_date, actor1_name, actor2_name, actor1_country, actor2_country,
                   event_code, goldstein, num_mentions, source_url
            FROM events
            WHERE {dyad_filter_sql(None)} AND event_date >= $start AND event_date < $end
            ORDER BY num_mentions DESC NULLS LAST, abs(goldstein) DESC NULLS LAST, event_id
            LIMIT {int(limit)}
            """,
            params,
        ).fetchall()
    finally:
        con.close()
    out = [
        {
            "date": day.isoformat() if day else None,
            "actor1": name1 or country1,
            "actor2": name2 or country2,
            "code": code,
            "event": describe(code) or code,
            "goldstein": goldstein,
            "mentions": mentions,
            "source_url": url or None,
        }
        for day, name1, name2, country1, country2, code, goldstein, mentions, url in rows
    ]
    return out, None if out else f"No {workspace.dyad} event in the event data for {month}."


def events_database(state: Any) -> Path | None:
    """The events database a server uses: ``app.state.events_db`` if set, else the default.

    ``crossroads serve --events-db`` sets it (None: no event data); otherwise it is the
    file the ``events`` commands use (``$CROSSROADS_EVENTS_DB`` or the per-user data
    directory), if it exists.
    """
    if hasattr(state, "events_db"):
        chosen = state.events_db
        return Path(chosen) if chosen is not None else None
    from crossroads.events.store import default_db_path

    path = default_db_path()
    return path if path.exists() else None
