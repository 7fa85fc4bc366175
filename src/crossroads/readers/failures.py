"""Short, one-line reasons for failures that the readers report, and nothing else said."""

from __future__ import annotations

import contextlib
import errno
import logging
import warnings
from collections.abc import Iterator

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


# Libraries whose log records and warnings would print their own lines beside ours
# (pypdf's "EOF marker not found", trafilatura's and htmldate's parser notes).
_LIBRARY_LOGGERS = ("pypdf", "trafilatura", "htmldate", "courlan", "justext", "charset_normalizer")


@contextlib.contextmanager
def quiet_libraries() -> Iterator[None]:
    """Silence the readers' libraries: what goes wrong reaches the user as our one line."""
    loggers = [logging.getLogger(name) for name in _LIBRARY_LOGGERS]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL + 1)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)
