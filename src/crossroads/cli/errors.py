"""One line on stderr for every failure a command reports: the shared error decorator."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

import click

from crossroads.errors import CrossroadsError

F = TypeVar("F", bound=Callable[..., Any])


def one_line_errors(
    label: str, backend_errors: Callable[[], tuple[type[BaseException], ...]]
) -> Callable[[F], F]:
    """Turn library failures, and the storage backend's own, into one line and exit 1.

    Args:
        label: names the store in its messages ("knowledge base", "events database").
        backend_errors: returns the backend's exception classes; called only on failure,
            so the backend is imported only when a command fails.
    """

    def decorate(func: F) -> F:
        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            try:
                return func(*args, **kwargs)
            except CrossroadsError as exc:
                raise click.ClickException(str(exc)) from None
            except Exception as exc:
                if not isinstance(exc, backend_errors()):
                    raise
                cause = getattr(exc, "orig", None) or exc  # SQLAlchemy wraps the driver's
                text = str(cause).strip()
                first = text.splitlines()[0] if text else type(exc).__name__
                raise click.ClickException(f"{label}: {first}") from None

        return wrapper  # type: ignore[return-value]

    return decorate
