"""The workspace: a web app where a team reads, corrects and follows one relationship.

``crossroads serve`` runs :func:`crossroads.workspace.app.create_app` on uvicorn. The
library modules take an SQLAlchemy ``Engine`` (``kb.engine``) and plain ids, so each is
usable and testable without the web layer; the routes are thin.

Map of the package:

* :mod:`~crossroads.workspace.app`: ``create_app`` (knowledge base, templates, static
  files, error pages, security headers, the lifespan that starts and stops services).
* :mod:`~crossroads.workspace.accounts`: users and argon2 passwords, sessions (only the
  sha256 of their secret stored), API tokens, the sign-in rate limit.
* :mod:`~crossroads.workspace.access`: roles, actions and ``can(user, action,
  workspace)``, the one place where permissions are decided.
* :mod:`~crossroads.workspace.spaces`: workspaces, their members (always one admin at
  least) and the documents they hold.
* :mod:`~crossroads.workspace.deps`: FastAPI dependencies (who is calling, CSRF, the
  ``{slug}`` workspace for an action) and the route convention every router follows.
* :mod:`~crossroads.workspace.routes`: one router per area, listed in
  ``ROUTER_MODULES``: ``auth`` (sign-in, account, API tokens), ``workspaces`` (list,
  create, home, members), and those of the areas below.
* :mod:`~crossroads.workspace.jobs`: background analysis: uploads and URL imports as
  jobs, the worker the server starts, resumption, ``FOR UPDATE SKIP LOCKED``.
* :mod:`~crossroads.workspace.uploads`: upload limits and type checks, URL imports
  without SSRF (private addresses refused unless the workspace allows them).
* :mod:`~crossroads.workspace.labels`: corrections, the labels in force over the machine
  reading (with version conflicts), reviews.
* :mod:`~crossroads.workspace.audit`: the audit log of every change in a workspace.
* :mod:`~crossroads.workspace.exports`: the map, sentences, network and labelled data out.
* :mod:`~crossroads.workspace.overview`: the dyad overview (map, agenda, trends) over the
  labels in force.
* :mod:`~crossroads.workspace.timeline`: documents, coded events and the event-data
  series on one time axis.
* ``templates/`` (Jinja2, autoescaped; pages extend ``base.html``) and ``static/``
  (vendored htmx with its licence, ``crossroads.css``): nothing is loaded from the network.
"""
