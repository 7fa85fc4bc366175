"""The knowledge base of analysed documents (SQLite by default, PostgreSQL by URL).

    from crossroads.store import KnowledgeBase, Filters, search

    kb = KnowledgeBase.open()                    # ~/.local/share/crossroads/kb.sqlite
    hits = search(kb.engine, "Ream", Filters(dyad="KHM-USA"))

Modules: :mod:`~crossroads.store.db` (paths, engines, migrations, retries),
:mod:`~crossroads.store.schema` (tables), :mod:`~crossroads.store.records` (documents as
plain records and back), :mod:`~crossroads.store.kb` (writes),
:mod:`~crossroads.store.queries` (list, search, load) and :mod:`~crossroads.store.trends`.
"""

from crossroads.store.db import StoreError, database_url, default_db_path
from crossroads.store.kb import KnowledgeBase, RunInfo
from crossroads.store.queries import Filters, QueryError, dyad_key, list_documents, search
from crossroads.store.trends import trends

__all__ = [
    "Filters",
    "KnowledgeBase",
    "QueryError",
    "RunInfo",
    "StoreError",
    "database_url",
    "default_db_path",
    "dyad_key",
    "list_documents",
    "search",
    "trends",
]
