"""Fetch a document over HTTP(S) with urllib and tell what kind of document it is."""

from __future__ import annotations

import http.client
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import Message

from crossroads.errors import ReadError
from crossroads.readers.failures import short_reason

TIMEOUT_SECONDS = 20.0
MAX_BYTES = 50 * 1024 * 1024
USER_AGENT = "Crossroads/0.1 (document reader; Python urllib)"

_KINDS_BY_TYPE = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/pdf": "pdf",
    "application/x-pdf": "pdf",
    "text/markdown": "md",
    "text/x-markdown": "md",
    "text/plain": "txt",
}


@dataclass
class Fetched:
    """The body of an HTTP response and what its headers say about it."""

    url: str  # the final URL, after redirects
    data: bytes
    content_type: str | None  # e.g. "text/html", lower case, without parameters
    charset: str | None


def is_url(source: str) -> bool:
    """Tell whether a source names an http(s) URL rather than a file.

    Args:
        source: A file path or URL.

    Returns:
        ``True`` for ``http://`` and ``https://`` addresses.
    """
    return source.lower().startswith(("http://", "https://"))


def kind_from_content_type(content_type: str | None) -> str | None:
    """The document kind that an HTTP Content-Type names, if it names one.

    Args:
        content_type: The media type, without parameters.

    Returns:
        ``"html"``, ``"pdf"``, ``"md"``, ``"txt"`` or ``None`` for other or missing types.
    """
    if not content_type:
        return None
    return _KINDS_BY_TYPE.get(content_type.lower())


def fetch(url: str, timeout: float = TIMEOUT_SECONDS) -> Fetched:
    """Download a URL.

    Args:
        url: An http or https URL.
        timeout: Seconds to wait for the connection and for each read.

    Returns:
        The body and what the response headers say about its type and charset.

    Raises:
        ReadError: The server could not be reached, answered with an error status, took
            too long, or sent more than 50 MiB.
    """
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            data = response.read(MAX_BYTES + 1)
            headers: Message = response.headers
            final_url = response.geturl()
    except urllib.error.HTTPError as exc:
        raise ReadError(url, f"could not fetch: HTTP {exc.code} {exc.reason}") from exc
    except urllib.error.URLError as exc:
        reason = exc.reason
        text = short_reason(reason) if isinstance(reason, BaseException) else str(reason)
        raise ReadError(url, f"could not fetch: {text}") from exc
    except TimeoutError as exc:
        raise ReadError(url, "could not fetch: timed out") from exc
    except (OSError, ValueError, http.client.HTTPException) as exc:
        raise ReadError(url, f"could not fetch: {short_reason(exc)}") from exc
    if len(data) > MAX_BYTES:
        raise ReadError(url, "could not fetch: the document is larger than 50 MiB")
    content_type = headers.get_content_type() if headers.get("Content-Type") else None
    return Fetched(
        url=final_url,
        data=data,
        content_type=content_type,
        charset=headers.get_content_charset(),
    )
