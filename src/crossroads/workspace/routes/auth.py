"""Signing in and out, the account page (password, API tokens) and their JSON twins."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel

from crossroads.workspace import accounts
from crossroads.workspace.accounts import User
from crossroads.workspace.deps import (
    COOKIE,
    Auth,
    authenticate,
    engine,
    public,
    render,
    safe_next,
    settings,
    signed_in,
)

router = APIRouter()
SignedIn = Annotated[User, Depends(signed_in)]


class TokenRequest(BaseModel):
    """The body of ``POST /api/tokens``."""

    name: str


@router.get("/login", name="login_page", dependencies=[Depends(public)])
def login_page(request: Request, next: str = "/") -> Response:
    """The sign-in form (a signed-in user goes straight on)."""
    if getattr(request.state, "auth", Auth(None)).user is not None:
        return RedirectResponse(safe_next(next), 303)
    return render(request, "login.html", {"next": safe_next(next), "name": ""})


@router.post("/login", dependencies=[Depends(public)])
def login(
    request: Request,
    name: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/",
) -> Response:
    """Check the name and password (rate-limited), start a session and set its cookie."""
    conf = settings(request)
    address = request.client.host if request.client else "unknown"
    try:
        user = accounts.sign_in(engine(request), name, password, address, conf.login_limit)
    except accounts.RateLimited as exc:
        page = render(
            request,
            "login.html",
            {"next": safe_next(next), "name": name, "error": exc.problem},
            429,
        )
        page.headers["Retry-After"] = str(exc.retry_after)
        return page
    except accounts.BadSignIn as exc:
        context = {"next": safe_next(next), "name": name, "error": exc.problem}
        return render(request, "login.html", context, 401)
    session = accounts.start_session(engine(request), user.id, conf.sessions)
    response = RedirectResponse(safe_next(next), 303)
    response.set_cookie(
        COOKIE,
        conf.signer().dumps(session.token),
        max_age=int(conf.sessions.max_age.total_seconds()),
        path="/",
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
    )
    return response


@router.post("/logout")
def logout(
    request: Request, user: SignedIn, auth: Annotated[Auth, Depends(authenticate)]
) -> Response:
    """End the session and forget the cookie."""
    if auth.session_token:
        accounts.end_session(engine(request), auth.session_token)
    response = RedirectResponse(request.app.url_path_for("login_page"), 303)
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="lax")
    return response


@router.get("/api/me")
def me(user: SignedIn) -> dict[str, Any]:
    """The caller, and their role in each workspace (by id)."""
    return accounts.as_json(user) | {"roles": {str(k): v for k, v in user.roles.items()}}


# ----------------------------------------------------------------------------- account page


def _account(request: Request, user: User, status: int = 200, **extra: Any) -> HTMLResponse:
    tokens = accounts.list_api_tokens(engine(request), user.id)
    return render(request, "account.html", {"tokens": tokens, **extra}, status)


@router.get("/account", name="account_page")
def account_page(request: Request, user: SignedIn) -> HTMLResponse:
    """The account page: change the password, create and revoke API tokens."""
    return _account(request, user)


@router.post("/account/password")
def change_password(
    request: Request,
    user: SignedIn,
    current: Annotated[str, Form()] = "",
    new: Annotated[str, Form()] = "",
    confirm: Annotated[str, Form()] = "",
) -> Response:
    """Change the password (the current one is asked again); every session ends."""
    if accounts.verify_password(engine(request), user.name, current) is None:
        return _account(request, user, 400, error="the current password is wrong")
    if new != confirm:
        return _account(request, user, 400, error="the two new passwords differ")
    try:
        accounts.change_password(engine(request), user.id, new)
    except accounts.AccountError as exc:
        return _account(request, user, 400, error=str(exc))
    return RedirectResponse(request.app.url_path_for("login_page"), 303)


@router.post("/account/tokens")
def create_token_page(
    request: Request, user: SignedIn, name: Annotated[str, Form()] = ""
) -> HTMLResponse:
    """Create an API token; the page shows its secret this once."""
    try:
        secret, token = accounts.create_api_token(engine(request), user.id, name)
    except accounts.AccountError as exc:
        return _account(request, user, 400, error=str(exc))
    return _account(request, user, 201, secret=secret, new_token=token)


@router.post("/account/tokens/{token_id}/revoke")
def revoke_token_page(request: Request, user: SignedIn, token_id: int) -> Response:
    """Revoke one of the caller's API tokens."""
    if not accounts.revoke_api_token(engine(request), user.id, token_id):
        raise HTTPException(404, f"you hold no API token {token_id}")
    return RedirectResponse(request.app.url_path_for("account_page"), 303)


@router.get("/api/tokens")
def list_tokens(request: Request, user: SignedIn) -> list[dict[str, Any]]:
    """The caller's API tokens (never their secrets)."""
    return [
        {
            "id": t.id,
            "name": t.name,
            "created_at": t.created_at.isoformat(),
            "last_used_at": t.last_used_at.isoformat() if t.last_used_at else None,
        }
        for t in accounts.list_api_tokens(engine(request), user.id)
    ]


@router.post("/api/tokens", status_code=201)
def create_token(request: Request, user: SignedIn, body: TokenRequest) -> dict[str, Any]:
    """Create an API token: the response holds its secret, shown this once."""
    secret, token = accounts.create_api_token(engine(request), user.id, body.name)
    return {"id": token.id, "name": token.name, "token": secret}


@router.delete("/api/tokens/{token_id}", status_code=204)
def revoke_token(request: Request, user: SignedIn, token_id: int) -> Response:
    """Revoke one of the caller's API tokens."""
    if not accounts.revoke_api_token(engine(request), user.id, token_id):
        raise HTTPException(404, f"you hold no API token {token_id}")
    return Response(status_code=204)
