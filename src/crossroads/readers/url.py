"""Fetch a document over HTTP(S) with urllib, bounded in time, size and redirects.

A socket timeout bounds each read, not a whole download: a server that sends one byte every
few seconds would hold the run for ever. So every fetch runs under a deadline that, when it
passes, shuts the connection's socket down and ends any read that is waiting. Redirects are
followed only to http(s) URLs (never to ``ftp:`` or ``file:``) and only a few times.

Under :func:`crossroads.readers.netguard.guarded` (a workspace's URL imports), the URL and
every redirect hop must resolve to public addresses, each connection goes to the address
that was checked, and no proxy is used (a proxy would resolve the host itself, unchecked).
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import threading
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import Message
from types import TracebackType
from typing import Any
from urllib.parse import urljoin, urlsplit

from crossroads.errors import ReadError
from crossroads.readers import netguard
from crossroads.readers.failures import short_reason
from crossroads.readers.limits import MAX_REDIRECTS, Limits, format_size

# The longest wait for one read, when the whole deadline is longer.
READ_TIMEOUT_SECONDS = 20.0
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


class _Refused(Exception):
    """A redirect we do not follow; its message is the problem to report."""


class _Deadline:
    """Shuts down every socket of a fetch when its time is up (a context manager)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> _Deadline:
        self._timer.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._timer.cancel()

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)
            if self.expired:
                _shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                _shut(sock)

    def connection(self, base: type[http.client.HTTPConnection]) -> Any:
        """A connection class like ``base`` whose sockets this deadline watches."""
        deadline = self

        class Watched(base):  # type: ignore[valid-type,misc]
            def connect(self) -> None:
                if not netguard.private_allowed():
                    self._create_connection = netguard.connect
                super().connect()
                deadline.watch(self.sock)

        return Watched


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # already closed
        sock.shutdown(socket.SHUT_RDWR)


class _HTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, deadline: _Deadline) -> None:
        super().__init__()
        self._deadline = deadline

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(self._deadline.connection(http.client.HTTPConnection), req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, deadline: _Deadline) -> None:
        super().__init__()
        self._deadline = deadline

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(self._deadline.connection(http.client.HTTPSConnection), req)


class _RedirectHandler(urllib.request.HTTPRedirectHandler):
    """Follows at most MAX_REDIRECTS redirects, and only to http(s) URLs."""

    max_redirections = MAX_REDIRECTS + 1  # our own check below speaks first

    def http_error_302(
        self,
        req: urllib.request.Request,
        fp: Any,
        code: int,
        msg: str,
        headers: http.client.HTTPMessage,
    ) -> Any:
        location = headers.get("location") or headers.get("uri")
        if location:
            target = urljoin(req.full_url, location)
            if not is_url(target):
                scheme = urlsplit(target).scheme or "other"
                raise _Refused(f"a redirect to {scheme}: is not followed (http and https only)")
            if len(getattr(req, "redirect_dict", {})) >= MAX_REDIRECTS:
                raise _Refused(f"more than {MAX_REDIRECTS} redirects")
            try:
                netguard.check_url(target)
            except netguard.AddressRefused as exc:
                raise _Refused(f"the redirect to {target} is refused: {exc}") from None
            except OSError:
                pass  # unresolvable: the connection reports it as for any URL
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


def _opener(deadline: _Deadline) -> urllib.request.OpenerDirector:
    """An opener for http(s) only: no ftp, file or data handlers to be redirected to."""
    opener = urllib.request.OpenerDirector()
    proxies: dict[str, str] | None = None if netguard.private_allowed() else {}
    for handler in (
        urllib.request.ProxyHandler(proxies),
        _HTTPHandler(deadline),
        _HTTPSHandler(deadline),
        urllib.request.HTTPDefaultErrorHandler(),
        _RedirectHandler(),
        urllib.request.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    return opener


def fetch(url: str, limits: Limits | None = None) -> Fetched:
    """Download a URL within the limits.

    Args:
        url: An http or https URL.
        limits: The largest body and the whole time the fetch may take
            (:class:`~crossroads.readers.limits.Limits` by default).

    Returns:
        The body and what the response headers say about its type and charset.

    Raises:
        ReadError: The server could not be reached, answered with an error status,
            redirected elsewhere than http(s) or too often, took longer than the time
            limit, or sent more than the size limit; under the address guard, the URL
            or a redirect hop resolves to a refused address.
    """
    limits = limits or Limits()
    too_slow = f"could not fetch: no complete answer within {limits.url_seconds:g} s"
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
    timeout = min(READ_TIMEOUT_SECONDS, limits.url_seconds)
    try:
        netguard.check_url(url)
    except netguard.AddressRefused as exc:
        raise ReadError(url, f"not fetched: {exc}") from None
    except OSError:
        pass  # unresolvable: the fetch below reports it as it always has
    with _Deadline(limits.url_seconds) as deadline:
        try:
            with _opener(deadline).open(request, timeout=timeout) as response:
                headers: Message = response.headers
                final_url = response.geturl()
                data = _body(response, limits.max_bytes)
        except _Refused as exc:
            raise ReadError(url, f"could not fetch: {exc}") from None
        except urllib.error.HTTPError as exc:
            raise ReadError(url, f"could not fetch: HTTP {exc.code} {exc.reason}") from exc
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, netguard.AddressRefused):
                raise ReadError(url, f"not fetched: {exc.reason}") from None
            if deadline.expired:
                raise ReadError(url, too_slow) from exc
            raise ReadError(url, f"could not fetch: {_reason(exc)}") from exc
        except Exception as exc:
            if deadline.expired:
                raise ReadError(url, too_slow) from exc
            raise ReadError(url, f"could not fetch: {_reason(exc)}") from exc
    if deadline.expired:  # the socket was shut while a read waited: the body is cut
        raise ReadError(url, too_slow)
    if data is None:
        limit = format_size(limits.max_bytes)
        raise ReadError(url, f"could not fetch: larger than the {limit} size limit")
    content_type = headers.get_content_type() if headers.get("Content-Type") else None
    return Fetched(
        url=final_url,
        data=data,
        content_type=content_type,
        charset=headers.get_content_charset(),
    )


def _body(response: http.client.HTTPResponse, max_bytes: int) -> bytes | None:
    """The response body, or ``None`` when it is (or is announced as) over ``max_bytes``."""
    length = response.headers.get("Content-Length", "")
    if length.isdigit() and int(length) > max_bytes:
        return None
    data = response.read(max_bytes + 1)
    return None if len(data) > max_bytes else data


def _reason(exc: BaseException) -> str:
    """A one-line reason for a failed fetch."""
    if isinstance(exc, urllib.error.URLError):
        reason = exc.reason
        return short_reason(reason) if isinstance(reason, BaseException) else str(reason)
    if isinstance(exc, TimeoutError):
        return "timed out"
    return short_reason(exc)
