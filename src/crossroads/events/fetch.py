"""Download GDELT 2.0 event exports for a date range (optional network).

GDELT lists every file in ``masterfilelist.txt``, one ``size md5 url`` line each. We keep
the ``*.export.CSV.zip`` files whose 15-minute timestamp falls in the range, download
each from ``base_url`` + its file name, and check size and MD5. A complete, valid file
already on disk is skipped; a partial one is resumed with an HTTP Range request when the
server allows it; a file whose checksum is wrong is downloaded again once, then reported.
A download stops at the listed size: a server that sends more is reported, not retried.
Redirects are followed only to http(s) URLs, at most ``max_redirects`` of them.
"""

from __future__ import annotations

import hashlib
import re
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

from crossroads.errors import CrossroadsError

DEFAULT_BASE_URL = "http://data.gdeltproject.org/gdeltv2/"
MASTER_LIST = "masterfilelist.txt"
_EXPORT = re.compile(r"(\d{14})\.export\.CSV\.zip$")
_CHUNK = 1 << 16
DEFAULT_MAX_REDIRECTS = 5


class FetchError(CrossroadsError):
    """The server or the master file list cannot be used."""


class _Refused(urllib.error.URLError):
    """A redirect we do not follow."""


class _Oversized(Exception):
    """The server sent more bytes than the master list says the file has."""


class _HttpRedirects(urllib.request.HTTPRedirectHandler):
    """Follow at most ``limit`` redirects, and only to http(s) URLs (never ftp or file)."""

    # urllib's own loop check must not fire first (its message spans lines): ours is the cap.
    max_repeats = max_redirections = 1 << 30

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: Any,
        newurl: str,
    ) -> urllib.request.Request | None:
        hops = getattr(req, "crossroads_hops", 0) + 1
        if urlsplit(newurl).scheme.lower() not in ("http", "https"):
            fp.close()
            raise _Refused(f"redirected to {newurl}, which is not an http(s) URL")
        if hops > self.limit:
            fp.close()
            raise _Refused(f"more than {self.limit} redirects (the last to {newurl})")
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is not None:
            new.crossroads_hops = hops  # type: ignore[attr-defined]
        return new


def _opener(max_redirects: int) -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(_HttpRedirects(max_redirects))


def _why(exc: BaseException) -> str:
    """One line saying why a request failed."""
    if isinstance(exc, urllib.error.HTTPError):
        text = f"HTTP {exc.code} {exc.reason}"
    elif isinstance(exc, urllib.error.URLError):
        text = str(exc.reason)
    else:
        text = str(exc)
    text = text.strip()
    return text.splitlines()[0] if text else type(exc).__name__


def check_base_url(base_url: str) -> str:
    """Return ``base_url`` if it is an http(s) URL with a host.

    Args:
        base_url: The server directory.

    Returns:
        The same URL.

    Raises:
        FetchError: It is not an http(s) URL.
    """
    parts = urlsplit(base_url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise FetchError(
            base_url, "not an http(s) URL such as http://data.gdeltproject.org/gdeltv2/"
        )
    return base_url


@dataclass(frozen=True)
class RemoteFile:
    """One line of the master file list."""

    size: int
    md5: str
    url: str

    @property
    def name(self) -> str:
        """The file name, e.g. ``20241201000000.export.CSV.zip``."""
        return self.url.rsplit("/", 1)[-1]

    @property
    def timestamp(self) -> datetime | None:
        """The 15-minute slot the file covers, or None for files that are not exports."""
        match = _EXPORT.search(self.name)
        return datetime.strptime(match[1], "%Y%m%d%H%M%S") if match else None


@dataclass
class FetchReport:
    """What a fetch run did."""

    downloaded: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)

    @property
    def files(self) -> list[Path]:
        """Every file now on disk and valid (downloaded or already there)."""
        return self.skipped + self.downloaded


def _join(base_url: str, name: str) -> str:
    return base_url.rstrip("/") + "/" + name


def parse_master_list(text: str) -> list[RemoteFile]:
    """Parse master file list text; lines that are not ``size md5 url`` are skipped.

    Args:
        text: The content of ``masterfilelist.txt``.

    Returns:
        The files listed.
    """
    files = []
    for line in text.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[0].isdigit() and re.fullmatch(r"[0-9a-fA-F]{32}", parts[1]):
            files.append(RemoteFile(int(parts[0]), parts[1].lower(), parts[2]))
    return files


def read_master_list(
    base_url: str = DEFAULT_BASE_URL,
    *,
    timeout: float = 60,
    max_redirects: int = DEFAULT_MAX_REDIRECTS,
) -> list[RemoteFile]:
    """Download and parse the master file list.

    Args:
        base_url: Where ``masterfilelist.txt`` and the files are (http or https).
        timeout: Seconds before giving up on the server.
        max_redirects: Redirects followed at most (only to http(s) URLs).

    Returns:
        The files listed.

    Raises:
        FetchError: The URL is not http(s), or the list cannot be downloaded.
    """
    url = _join(check_base_url(base_url), MASTER_LIST)
    try:
        with _opener(max_redirects).open(url, timeout=timeout) as response:
            text = response.read().decode("utf-8", errors="replace")
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise FetchError(url, f"cannot download the master file list ({_why(exc)})") from exc
    return parse_master_list(text)


def select_exports(files: Iterable[RemoteFile], start: date, end: date) -> list[RemoteFile]:
    """Keep the event exports whose timestamp falls on a day from ``start`` to ``end``.

    Args:
        files: Files from the master list.
        start: First day (inclusive).
        end: Last day (inclusive).

    Returns:
        The exports, in time order.
    """
    chosen = [f for f in files if f.timestamp and start <= f.timestamp.date() <= end]
    return sorted(chosen, key=lambda f: f.name)


def _md5(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "md5").hexdigest()


def is_complete(path: Path, remote: RemoteFile) -> bool:
    """Whether a local file has the listed size and MD5."""
    return path.is_file() and path.stat().st_size == remote.size and _md5(path) == remote.md5


def _download(
    opener: urllib.request.OpenerDirector,
    url: str,
    part: Path,
    size: int,
    timeout: float,
    on_bytes: Callable[[int], None] | None,
) -> None:
    """Download into ``part`` (resuming it), reading no more than the listed ``size``."""
    offset = part.stat().st_size if part.exists() else 0
    if offset >= size:  # a stale part as long as the file or longer: start over
        part.unlink()
        if on_bytes and offset:
            on_bytes(-offset)
        offset = 0
    request = urllib.request.Request(url)
    if offset:
        request.add_header("Range", f"bytes={offset}-")
    with opener.open(request, timeout=timeout) as response:
        resumed = bool(offset) and response.status == 206
        if on_bytes and offset and not resumed:
            on_bytes(-offset)
        start = offset if resumed else 0
        length = response.headers.get("Content-Length", "")
        if length.isdigit() and start + int(length) > size:
            raise _Oversized(f"the server announces {start + int(length):,} bytes")
        with part.open("ab" if resumed else "wb") as handle:
            left = size - start
            while left > 0 and (chunk := response.read(min(_CHUNK, left))):
                handle.write(chunk)
                left -= len(chunk)
                if on_bytes:
                    on_bytes(len(chunk))
            if left == 0 and response.read(1):
                raise _Oversized("the server sends more")


def _discard(part: Path, on_bytes: Callable[[int], None] | None) -> None:
    if part.exists():
        if on_bytes:
            on_bytes(-part.stat().st_size)
        part.unlink()


def fetch_exports(
    start: date,
    end: date,
    dest: str | Path,
    *,
    base_url: str = DEFAULT_BASE_URL,
    timeout: float = 60,
    max_redirects: int = DEFAULT_MAX_REDIRECTS,
    on_start: Callable[[list[RemoteFile]], None] | None = None,
    on_bytes: Callable[[int], None] | None = None,
) -> FetchReport:
    """Download the GDELT 2.0 event exports of a date range into ``dest``.

    Args:
        start: First day (inclusive).
        end: Last day (inclusive).
        dest: Directory for the files (created when missing).
        base_url: Server directory holding ``masterfilelist.txt`` and the files (http(s)).
        timeout: Seconds before giving up on one request.
        max_redirects: Redirects followed at most per request (only to http(s) URLs).
        on_start: Called with the list of files to fetch (e.g. to size a progress bar).
        on_bytes: Called with each number of bytes received (negative when a partial
            download had to start over).

    Returns:
        Downloaded, skipped (already complete) and failed files.

    Raises:
        FetchError: The base URL is not http(s), or the master file list cannot be
            downloaded.
    """
    listed = read_master_list(base_url, timeout=timeout, max_redirects=max_redirects)
    wanted = select_exports(listed, start, end)
    target_dir = Path(dest)
    target_dir.mkdir(parents=True, exist_ok=True)
    opener = _opener(max_redirects)
    if on_start:
        on_start(wanted)
    report = FetchReport()
    for remote in wanted:
        path = target_dir / remote.name
        if is_complete(path, remote):
            report.skipped.append(path)
            if on_bytes:
                on_bytes(remote.size)
            continue
        part = path.with_name(path.name + ".part")
        url = _join(base_url, remote.name)
        problem = ""
        for _attempt in range(2):
            try:
                _download(opener, url, part, remote.size, timeout, on_bytes)
            except _Oversized as exc:
                # Not retried: the same server would send too much again.
                problem = f"larger than the {remote.size:,} bytes listed ({exc}); not retried"
                _discard(part, on_bytes)
                break
            except (urllib.error.URLError, OSError, ValueError) as exc:
                problem = f"download failed ({_why(exc)})"
                break
            if part.stat().st_size == remote.size and _md5(part) == remote.md5:
                part.replace(path)
                problem = ""
                break
            problem = "MD5 checksum does not match the master file list"
            _discard(part, on_bytes)
        if problem:
            report.failed.append((remote.name, problem))
        else:
            report.downloaded.append(path)
    return report
