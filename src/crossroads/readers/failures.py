"""Short, one-line reasons for failures that the readers report."""

from __future__ import annotations

import errno

_MAX_CHARS = 100


def short_reason(exc: BaseException) -> str:
    """Describe an exception in one short line, fit for a :class:`ReadError` problem.

    Args:
        exc: The exception a library raised.

    Returns:
        Its first line of message (or its class name when it has none), at most 100
        characters; for an ``OSError``, its plain reason (``"permission denied"``).
    """
    if isinstance(exc, OSError) and exc.strerror:
        if exc.errno == errno.EACCES:
            return "permission denied"
        return exc.strerror[0].lower() + exc.strerror[1:]
    lines = str(exc).strip().splitlines()
    message = lines[0].strip() if lines else ""
    if not message:
        message = type(exc).__name__
    if len(message) > _MAX_CHARS:
        message = message[: _MAX_CHARS - 1] + "\u2026"
    return message
