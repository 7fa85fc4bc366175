"""Accounts: users and passwords, sign-in sessions, API tokens and the sign-in rate limit.

    user = create_user(engine, "nadia", "a long passphrase", superuser=True)
    user = sign_in(engine, "nadia", "a long passphrase", address="203.0.113.7")
    session = start_session(engine, user.id)        # session.token goes in the cookie
    secret, token = create_api_token(engine, user.id, "nightly export")

Passwords are hashed with argon2 (pwdlib). Session and API-token secrets are random;
the database keeps only their sha256, so a copy of the database opens no account. A
session lasts while it is used (``idle``, sliding) and at most ``max_age`` in all.
Sign-in failures are rows of ``login_attempts``, so the limit holds across server
processes sharing one database.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher
from sqlalchemy import Engine, delete, func, insert, or_, select, update

from crossroads.errors import CrossroadsError
from crossroads.store import schema
from crossroads.store.db import retrying

NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$")
MIN_PASSWORD = 8
TOKEN_PREFIX = "cr_"  # makes a leaked API token recognisable in logs and secret scanners
_hasher = PasswordHash((Argon2Hasher(),))
# Verified when the name is unknown, so that a wrong name costs as long as a wrong password.
_DUMMY_HASH = _hasher.hash("not a password of anyone")


class AccountError(CrossroadsError):
    """A user name, password or token that cannot be accepted."""


class BadSignIn(AccountError):
    """The name or the password is wrong (the message does not say which)."""


class RateLimited(AccountError):
    """Too many failed sign-ins for a name or from an address in the recent window."""

    def __init__(self, subject: str, problem: str, retry_after: int) -> None:
        super().__init__(subject, problem)
        self.retry_after = retry_after


@dataclass(frozen=True)
class User:
    """A signed-in user with the role they hold in each workspace (workspace id -> role)."""

    id: int
    name: str
    is_superuser: bool = False
    roles: Mapping[int, str] = field(default_factory=dict, hash=False, compare=False)


@dataclass(frozen=True)
class LoginLimit:
    """How many failed sign-ins, per name or per address, a window tolerates."""

    failures: int = 5
    window: timedelta = timedelta(minutes=15)


@dataclass(frozen=True)
class SessionPolicy:
    """How long a session lives: ``idle`` since its last use, ``max_age`` in all."""

    idle: timedelta = timedelta(hours=12)
    max_age: timedelta = timedelta(days=7)


@dataclass(frozen=True)
class Session:
    """A started session: the secret for the cookie and the session's CSRF token."""

    token: str
    csrf_token: str
    user_id: int
    expires_at: datetime


@dataclass(frozen=True)
class ApiToken:
    """An API token as listed (never with its secret)."""

    id: int
    name: str
    created_at: datetime
    last_used_at: datetime | None


def now() -> datetime:
    """The current UTC time, naive as the tables store it."""
    return datetime.now(UTC).replace(tzinfo=None)


def digest(secret: str) -> str:
    """The sha256 (hex) under which a session or API-token secret is stored."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


# ----------------------------------------------------------------------------- users


def check_name(name: str) -> str:
    """A user name as stored, or :class:`AccountError` saying what is wrong with it."""
    if not NAME.match(name):
        raise AccountError(
            repr(name),
            "a user name is 1 to 80 letters, digits, '.', '_' or '-', starting with a "
            "letter or digit",
        )
    return name


def check_password(password: str) -> None:
    """Refuse a password too short to be one (:class:`AccountError`)."""
    if len(password) < MIN_PASSWORD:
        raise AccountError("password", f"too short: use at least {MIN_PASSWORD} characters")


def create_user(engine: Engine, name: str, password: str, *, superuser: bool = False) -> User:
    """Create a user with an argon2 hash of their password.

    Args:
        engine: The knowledge base's engine.
        name: The sign-in name (see :data:`NAME`).
        password: At least :data:`MIN_PASSWORD` characters.
        superuser: Whether the user may create workspaces.

    Returns:
        The new user (a member of no workspace yet).

    Raises:
        AccountError: the name is malformed or taken, or the password too short.
    """
    check_name(name)
    check_password(password)
    password_hash = _hasher.hash(password)

    def write() -> int:
        with engine.begin() as c:
            taken = c.execute(select(schema.users.c.id).where(schema.users.c.name == name))
            if taken.first() is not None:
                raise AccountError(name, "a user of that name exists")
            result = c.execute(
                insert(schema.users).values(
                    name=name,
                    password_hash=password_hash,
                    is_superuser=superuser,
                    created_at=now(),
                )
            )
            assert result.inserted_primary_key is not None
            return int(result.inserted_primary_key[0])

    return User(id=retrying(write), name=name, is_superuser=superuser)


def load_user(engine: Engine, user_id: int) -> User | None:
    """A user with their workspace roles, or None if there is no such user."""
    u, m = schema.users, schema.memberships
    with engine.connect() as c:
        row = c.execute(select(u.c.id, u.c.name, u.c.is_superuser).where(u.c.id == user_id)).first()
        if row is None:
            return None
        roles = c.execute(select(m.c.workspace_id, m.c.role).where(m.c.user_id == user_id))
        return User(
            id=row.id,
            name=row.name,
            is_superuser=bool(row.is_superuser),
            roles={int(w): str(r) for w, r in roles},
        )


def find_user(engine: Engine, name: str) -> User | None:
    """The user of that name with their workspace roles, or None."""
    with engine.connect() as c:
        user_id = c.execute(
            select(schema.users.c.id).where(schema.users.c.name == name)
        ).scalar_one_or_none()
    return load_user(engine, int(user_id)) if user_id is not None else None


def list_users(engine: Engine) -> list[User]:
    """Every user with their workspace roles, by name."""
    with engine.connect() as c:
        ids = c.execute(select(schema.users.c.id).order_by(schema.users.c.name)).scalars().all()
    return [user for user in (load_user(engine, int(i)) for i in ids) if user is not None]


def verify_password(engine: Engine, name: str, password: str) -> User | None:
    """The user if ``password`` is theirs, else None (no rate limit: see :func:`sign_in`)."""
    u = schema.users
    with engine.connect() as c:
        row = c.execute(select(u.c.id, u.c.password_hash).where(u.c.name == name)).first()
    if row is None:
        _hasher.verify(password, _DUMMY_HASH)
        return None
    valid, updated = _hasher.verify_and_update(password, row.password_hash)
    if not valid:
        return None
    if updated is not None:  # the hasher's parameters changed since: store the new hash
        with engine.begin() as c:
            c.execute(update(u).where(u.c.id == row.id).values(password_hash=updated))
    return load_user(engine, int(row.id))


def change_password(engine: Engine, user_id: int, new_password: str) -> None:
    """Set a user's password and end all their sessions (a stolen cookie dies with it).

    Args:
        engine: The knowledge base's engine.
        user_id: The user.
        new_password: At least :data:`MIN_PASSWORD` characters.

    Raises:
        AccountError: the password is too short or the user does not exist.
    """
    check_password(new_password)
    password_hash = _hasher.hash(new_password)
    with engine.begin() as c:
        u = schema.users
        changed = c.execute(update(u).where(u.c.id == user_id).values(password_hash=password_hash))
        if changed.rowcount == 0:
            raise AccountError(f"user {user_id}", "no such user")
        c.execute(delete(schema.sessions).where(schema.sessions.c.user_id == user_id))


# ----------------------------------------------------------------------------- sign-in


def sign_in(
    engine: Engine, name: str, password: str, address: str, limit: LoginLimit | None = None
) -> User:
    """Check a name and password under the rate limit, and record the attempt.

    While a name or an address is over the limit, even the right password is refused, so
    that guessing cannot go on; the refused attempt is not recorded, so the block ends one
    window after the last real failure.

    Args:
        engine: The knowledge base's engine.
        name: The name typed.
        password: The password typed.
        address: The client's address.
        limit: The rate limit (default :class:`LoginLimit`).

    Returns:
        The user.

    Raises:
        RateLimited: too many recent failures for the name or the address.
        BadSignIn: wrong name or password.
    """
    limit = limit or LoginLimit()
    a = schema.login_attempts
    since = now() - limit.window
    with engine.connect() as c:
        counts = c.execute(
            select(
                func.count().filter(a.c.name == name),
                func.count().filter(a.c.address == address),
                func.min(a.c.at),
            ).where(
                a.c.at >= since,
                a.c.succeeded.is_(False),
                or_(a.c.name == name, a.c.address == address),
            )
        ).one()
    if max(counts[0], counts[1]) >= limit.failures:
        oldest = counts[2] or now()
        wait = max(1, int((oldest + limit.window - now()).total_seconds()))
        minutes = max(1, round(wait / 60))
        raise RateLimited(
            "sign-in",
            f"too many failed sign-ins for this name or address; try again in {minutes} "
            f"minute{'s' if minutes != 1 else ''}",
            retry_after=wait,
        )
    user = verify_password(engine, name, password)

    def record() -> None:
        with engine.begin() as c:
            c.execute(
                insert(a).values(
                    name=name[:80], address=address[:64], at=now(), succeeded=user is not None
                )
            )

    retrying(record)
    if user is None:
        raise BadSignIn("sign-in", "wrong name or password")
    return user


# ----------------------------------------------------------------------------- sessions


def start_session(engine: Engine, user_id: int, policy: SessionPolicy | None = None) -> Session:
    """Start a session for a signed-in user.

    Returns:
        The session; its ``token`` is shown once (for the cookie), the database keeps its
        sha256.
    """
    policy = policy or SessionPolicy()
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    started = now()
    expires = started + min(policy.idle, policy.max_age)
    with engine.begin() as c:
        c.execute(
            insert(schema.sessions).values(
                token_hash=digest(token),
                user_id=user_id,
                csrf_token=csrf,
                created_at=started,
                expires_at=expires,
            )
        )
    return Session(token=token, csrf_token=csrf, user_id=user_id, expires_at=expires)


def resume_session(
    engine: Engine, token: str, policy: SessionPolicy | None = None
) -> tuple[User, str] | None:
    """The user and CSRF token of a live session, extending its idle expiry.

    Args:
        engine: The knowledge base's engine.
        token: The session secret from the cookie.
        policy: Idle and maximum lifetimes (default :class:`SessionPolicy`).

    Returns:
        ``(user, csrf_token)``, or None when the session is unknown or expired (an
        expired one is deleted).
    """
    policy = policy or SessionPolicy()
    s = schema.sessions
    key = digest(token)
    moment = now()
    with engine.connect() as c:
        row = c.execute(
            select(s.c.user_id, s.c.csrf_token, s.c.created_at, s.c.expires_at).where(
                s.c.token_hash == key
            )
        ).first()
    if row is None:
        return None
    if row.expires_at <= moment or row.created_at + policy.max_age <= moment:
        end_session(engine, token)
        return None
    renewed = min(moment + policy.idle, row.created_at + policy.max_age)
    # Write only when the expiry moves noticeably: not one UPDATE per request.
    if renewed - row.expires_at > min(timedelta(minutes=1), policy.idle / 20):
        with engine.begin() as c:
            c.execute(update(s).where(s.c.token_hash == key).values(expires_at=renewed))
    user = load_user(engine, int(row.user_id))
    return (user, str(row.csrf_token)) if user is not None else None


def end_session(engine: Engine, token: str) -> None:
    """Delete a session (sign out); an unknown token is ignored."""
    with engine.begin() as c:
        c.execute(delete(schema.sessions).where(schema.sessions.c.token_hash == digest(token)))


# ----------------------------------------------------------------------------- API tokens


def create_api_token(engine: Engine, user_id: int, name: str) -> tuple[str, ApiToken]:
    """Create an API token for scripts (``Authorization: Bearer <secret>``).

    Args:
        engine: The knowledge base's engine.
        user_id: The token's owner; the token acts with the owner's roles.
        name: What the token is for, as listed.

    Returns:
        ``(secret, token)``: the secret is shown this once, the database keeps its sha256.

    Raises:
        AccountError: the name is empty or longer than 200 characters.
    """
    label = name.strip()
    if not label or len(label) > 200:
        raise AccountError("token name", "give the token a name of 1 to 200 characters")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    created = now()
    with engine.begin() as c:
        result = c.execute(
            insert(schema.api_tokens).values(
                user_id=user_id, name=label, token_hash=digest(secret), created_at=created
            )
        )
        assert result.inserted_primary_key is not None
        token_id = int(result.inserted_primary_key[0])
    return secret, ApiToken(id=token_id, name=label, created_at=created, last_used_at=None)


def list_api_tokens(engine: Engine, user_id: int) -> list[ApiToken]:
    """A user's API tokens, newest first."""
    t = schema.api_tokens
    with engine.connect() as c:
        rows = c.execute(
            select(t.c.id, t.c.name, t.c.created_at, t.c.last_used_at)
            .where(t.c.user_id == user_id)
            .order_by(t.c.created_at.desc(), t.c.id.desc())
        )
        return [ApiToken(**row._mapping) for row in rows]


def revoke_api_token(engine: Engine, user_id: int, token_id: int) -> bool:
    """Revoke one of a user's API tokens; False if they hold no token of that id."""
    t = schema.api_tokens
    with engine.begin() as c:
        gone = c.execute(delete(t).where(t.c.id == token_id, t.c.user_id == user_id))
    return bool(gone.rowcount)


def token_user(engine: Engine, secret: str) -> User | None:
    """The owner of an API token (recording its use), or None for an unknown or revoked one."""
    t = schema.api_tokens
    key = digest(secret)
    with engine.connect() as c:
        row = c.execute(select(t.c.id, t.c.user_id).where(t.c.token_hash == key)).first()
    if row is None:
        return None

    def touch() -> None:
        with engine.begin() as c:
            c.execute(update(t).where(t.c.id == row.id).values(last_used_at=now()))

    retrying(touch)
    return load_user(engine, int(row.user_id))


def as_json(user: User) -> dict[str, Any]:
    """A user as the API shows them."""
    return {"id": user.id, "name": user.name, "superuser": user.is_superuser}
