"""The workspace web app: :func:`create_app` builds it on one knowledge base.

    app = create_app("kb.sqlite", secret_key="...")     # or a postgresql:// URL
    uvicorn.run(app)                                    # what `crossroads serve` does

The knowledge base is opened once (created and migrated if need be) and kept in
``app.state.kb``; settings in ``app.state.settings``; templates (Jinja2, autoescaped) in
``app.state.templates``; the caches of built overviews and of workspaces' embeddings in
``app.state.overview_cache`` and ``app.state.vector_cache``. Routers are those of
:data:`crossroads.workspace.routes.ROUTER_MODULES`. Background services (the analysis
worker) are passed as ``services``: each is started when the server starts and stopped
when it stops (the lifespan), so a TestClient used without ``with`` starts none.
"""

from __future__ import annotations

import importlib
import os
import secrets
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any, Protocol

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, pass_context, select_autoescape
from starlette.convertors import Convertor
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import compile_path, replace_params
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from crossroads.errors import CrossroadsError
from crossroads.events.store import user_data_dir
from crossroads.store import KnowledgeBase
from crossroads.workspace import deps
from crossroads.workspace.access import can
from crossroads.workspace.accounts import LoginLimit, RateLimited, SessionPolicy
from crossroads.workspace.reading import OverviewCache, VectorCache
from crossroads.workspace.routes import ROUTER_MODULES

HERE = Path(__file__).parent
SECRET_ENV = "CROSSROADS_SECRET_KEY"
# Everything a page uses comes from this server: no CDN, no inline script.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'self'"
)


class Service(Protocol):
    """A background service run alongside the server (the analysis worker)."""

    def start(self, app: FastAPI) -> None:
        """Start (called once when the server starts)."""

    def stop(self, app: FastAPI) -> None:
        """Stop and wait for the service's work to reach a safe point."""


def create_app(
    db: str | None = None,
    *,
    secret_key: str | None = None,
    session_idle: timedelta | None = None,
    session_max_age: timedelta | None = None,
    login_limit: LoginLimit | None = None,
    services: Sequence[Service] = (),
    router_modules: Sequence[str] = ROUTER_MODULES,
) -> FastAPI:
    """Build the workspace app on a knowledge base.

    Args:
        db: A SQLite path or a ``postgresql://`` URL; None for ``$CROSSROADS_DB`` or the
            per-user default.
        secret_key: Signs session cookies; None for ``$CROSSROADS_SECRET_KEY``, else a key
            kept in the per-user data directory (made on first use), so that sessions
            survive a restart and processes on one host agree.
        session_idle: How long an unused session lives (default 12 hours).
        session_max_age: How long any session lives (default 7 days).
        login_limit: Failed sign-ins tolerated per name or address (default 5 in 15 min).
        services: Started on startup, stopped on shutdown, in order.
        router_modules: Modules whose ``router`` is included (default: all areas').

    Returns:
        The FastAPI app.
    """
    kb = KnowledgeBase.open(db, mode="create")
    default = SessionPolicy()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        started: list[Service] = []
        try:
            for service in services:
                service.start(app)
                started.append(service)
            yield
        finally:
            for service in reversed(started):
                service.stop(app)
            kb.close()

    app = FastAPI(
        title="Crossroads workspace",
        summary="Read, correct and follow the relations between two countries.",
        version=_version(),
        docs_url=None,  # FastAPI's Swagger page loads from a CDN: /api/docs is ours
        redoc_url=None,
        openapi_url="/api/openapi.json",
        lifespan=lifespan,
        dependencies=[Depends(deps.csrf_protect)],
    )
    app.state.kb = kb
    app.state.settings = deps.Settings(
        secret_key=secret_key or _secret_key(),
        sessions=SessionPolicy(
            idle=session_idle or default.idle, max_age=session_max_age or default.max_age
        ),
        login_limit=login_limit or LoginLimit(),
    )
    app.state.templates = templates()
    app.state.overview_cache = OverviewCache()
    app.state.vector_cache = VectorCache()
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    for name in router_modules:
        app.include_router(importlib.import_module(name).router)
    _install_handlers(app)
    app.add_middleware(_SecurityHeaders)
    return app


def templates() -> Jinja2Templates:
    """The workspace's templates: autoescaped, with ``path_for`` for links.

    ``path_for(name, **params)`` gives a route's path (``/w/desk``), where Starlette's
    ``url_for`` gives an absolute URL that changes with the Host header; ``can(user,
    action, workspace)`` is :func:`crossroads.workspace.access.can`, so that a page hides
    what the caller may not do by the same rule that refuses it.
    """
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
    )

    @pass_context
    def path_for(context: dict[str, Any], name: str, /, **params: Any) -> str:
        app = context["request"].app
        found = _path_formats(app).get(name)
        if found is None or set(params) != set(found[1]):  # a mount (static files)
            return str(app.url_path_for(name, **params))
        path, _ = replace_params(found[0], found[1], dict(params))
        return path

    env.globals["path_for"] = path_for
    env.globals["can"] = can  # pages show what a role may do by asking access.can, too
    return Jinja2Templates(env=env)


def _path_formats(app: FastAPI) -> dict[str, tuple[str, dict[str, Convertor[Any]]]]:
    """Each API route's path format and parameters by name, compiled once per app.

    Starlette's ``url_path_for`` tries the routes one by one, raising at each miss: a
    millisecond a call on this app, and the document list makes one call per document.
    """
    formats = getattr(app.state, "path_formats", None)
    if formats is None:
        formats = {}
        for path, _, route in deps.api_routes(app):
            _, path_format, convertors = compile_path(path)
            formats.setdefault(route.name, (path_format, convertors))
        app.state.path_formats = formats
    return formats  # type: ignore[no-any-return]


class _SecurityHeaders:
    """Adds the security headers to every response (plain ASGI: streams pass untouched)."""

    HEADERS = (
        (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"same-origin"),
    )

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(n, v) for n, v in self.HEADERS if n not in present]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, with_headers)


def _install_handlers(app: FastAPI) -> None:
    """Refusals and errors as JSON for the API, as pages (or the sign-in redirect) otherwise."""

    @app.exception_handler(deps.SignInRequired)
    async def sign_in_required(request: Request, exc: deps.SignInRequired) -> Response:
        if deps.is_api(request):
            return JSONResponse(
                {"detail": "sign in, or send an API token as 'Authorization: Bearer <token>'"},
                401,
                headers={"WWW-Authenticate": "Bearer", deps.DENIED: "sign-in"},
            )
        target = request.url.path if request.method == "GET" else "/"
        return RedirectResponse(
            app.url_path_for("login_page") + f"?next={target}",
            303,
            headers={deps.DENIED: "sign-in"},
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        return _error(request, exc.status_code, str(exc.detail), dict(exc.headers or {}))

    @app.exception_handler(RateLimited)
    async def rate_limited(request: Request, exc: RateLimited) -> Response:
        return _error(request, 429, str(exc), {"Retry-After": str(exc.retry_after)})

    @app.exception_handler(CrossroadsError)
    async def bad_input(request: Request, exc: CrossroadsError) -> Response:
        return _error(request, 400, str(exc), {})

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ())[1:]) or 'request'}: {e.get('msg', '')}"
            for e in exc.errors()
        )
        return _error(request, 422, problems or "invalid request", {})


def _error(request: Request, status: int, message: str, headers: dict[str, str]) -> Response:
    if deps.is_api(request):
        return JSONResponse({"detail": message}, status, headers=headers)
    response = deps.render(request, "error.html", {"status": status, "message": message}, status)
    response.headers.update(headers)
    return response


def _secret_key() -> str:
    env = os.environ.get(SECRET_ENV)
    if env:
        return env
    path = user_data_dir() / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        # O_EXCL: two processes starting at once keep the first key written.
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as out:
                out.write(secrets.token_urlsafe(48))
    return path.read_text(encoding="utf-8").strip()


def _version() -> str:
    from crossroads import __version__

    return __version__
