"""The workspace's routers, one module per area; each module exposes ``router``.

Add an area's router by adding its module to :data:`ROUTER_MODULES`; follow the route
convention of :mod:`crossroads.workspace.deps` (every route declares its access), which
the generated access matrix in ``tests/workspace/server`` checks for every route listed.
"""

ROUTER_MODULES: tuple[str, ...] = (
    "crossroads.workspace.routes.auth",  # sign-in, sign-out, API tokens, /api/me
    "crossroads.workspace.routes.workspaces",  # list, create, home, documents, members
    "crossroads.workspace.routes.jobs",  # uploads, URL imports, job status
    "crossroads.workspace.routes.documents",  # document view, corrections, reviews, audit log
    "crossroads.workspace.routes.overview",  # map, agenda, trends, timeline, event months
    "crossroads.workspace.routes.search",  # full-text and semantic search
    "crossroads.workspace.routes.exports",  # map, sentences, network, labelled data out
)
