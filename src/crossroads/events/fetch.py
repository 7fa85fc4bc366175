"""Download GDELT 2.0 event exports for a date range (optional network).

GDELT lists every file in ``masterfilelist.txt``, one ``size md5 url`` line each. We keep
the ``*.export.CSV.zip`` files whose 15-minute timestamp falls in the range, download
each from ``base_url`` + its file name, and check size and MD5. A complete, valid file
already on disk is skipped; a partial one is resumed with an HTTP Range request when the
server allows it; a file whose checksum is wrong is downloaded again once, then reported.
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

DEFAULT_BASE_URL = "http://data.gdeltproject.org/gdeltv2/"
MASTER_LIST = "masterfilelist.txt"
_EXPORT = re.compile(r"(\d{14})\.export\.CSV\.zip$")
_CHUNK = 1 << 16


class FetchError(Exception):
    """The master file list could not be read."""


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


def read_master_list(base_url: str = DEFAULT_BASE_URL, *, timeout: float = 60) -> list[RemoteFile]:
    """Download and parse the master file list.

    Args:
        base_url: Where ``masterfilelist.txt`` and the files are.
        timeout: Seconds before giving up on the server.

    Returns:
        The files listed.

    Raises:
        FetchError: The list cannot be downloaded.
    """
    url = _join(base_url, MASTER_LIST)
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310
            text = response.read().decode("utf-8", errors="replace")
    except (urllib.error.URLError, OSError) as exc:
        raise FetchError(f"{url}: cannot download the master file list ({exc})") from exc
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


def _download(url: str, part: Path, timeout: float, on_bytes: Callable[[int], None] | None) -> None:
    offset = part.stat().st_size if part.exists() else 0
    request = urllib.request.Request(url)
    if offset:
        request.add_header("Range", f"bytes={offset}-")
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
        resumed = offset and response.status == 206
        if on_bytes and offset and not resumed:
            on_bytes(-offset)
        with part.open("ab" if resumed else "wb") as handle:
            while chunk := response.read(_CHUNK):
                handle.write(chunk)
                if on_bytes:
                    on_bytes(len(chunk))


def fetch_exports(
    start: date,
    end: date,
    dest: str | Path,
    *,
    base_url: str = DEFAULT_BASE_URL,
    timeout: float = 60,
    on_start: Callable[[list[RemoteFile]], None] | None = None,
    on_bytes: Callable[[int], None] | None = None,
) -> FetchReport:
    """Download the GDELT 2.0 event exports of a date range into ``dest``.

    Args:
        start: First day (inclusive).
        end: Last day (inclusive).
        dest: Directory for the files (created when missing).
        base_url: Server directory holding ``masterfilelist.txt`` and the files.
        timeout: Seconds before giving up on one request.
        on_start: Called with the list of files to fetch (e.g. to size a progress bar).
        on_bytes: Called with each number of bytes received (negative when a partial
            download had to start over).

    Returns:
        Downloaded, skipped (already complete) and failed files.

    Raises:
        FetchError: The master file list cannot be downloaded.
    """
    target_dir = Path(dest)
    target_dir.mkdir(parents=True, exist_ok=True)
    wanted = select_exports(read_master_list(base_url, timeout=timeout), start, end)
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
        for attempt in range(2):
            try:
                _download(url, part, timeout, on_bytes)
            except (urllib.error.URLError, OSError) as exc:
                problem = f"download failed ({exc})"
                break
            if part.stat().st_size == remote.size and _md5(part) == remote.md5:
                part.replace(path)
                problem = ""
                break
            problem = "MD5 checksum does not match the master file list"
            if on_bytes:
                on_bytes(-part.stat().st_size)
            part.unlink()
            if attempt == 0:
                continue
        if problem:
            report.failed.append((remote.name, problem))
        else:
            report.downloaded.append(path)
    return report
