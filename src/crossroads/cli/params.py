"""Option types and output checks the commands share: dates, limits, ``--out`` files."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import click

DATE_FORMS = "2024, 2024-01 or 2024-01-15"
MAX_LIMIT = 1_000_000  # rows a listing or search returns at most; larger is a typo


class IsoDate(click.ParamType):
    """A date as precise as the user knows it: ``2024``, ``2024-01`` or ``2024-01-15``."""

    name = "date"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        from crossroads.readers.dates import strict_iso_date  # late: the readers load slowly

        iso = strict_iso_date(str(value))
        if iso is None:
            self.fail(f"expected a date like {DATE_FORMS}, got {value!r}", param, ctx)
        return iso


ISO_DATE = IsoDate()
LIMIT = click.IntRange(min=1, max=MAX_LIMIT)


def output_problem(path: Path) -> str | None:
    """Why a file cannot be written at ``path``, or None when it looks writable.

    Checked before a command works, so that a typo in ``--out`` costs nothing; a disk that
    fills while writing is caught by :func:`write_text_or_print`.
    """
    if path.is_dir():
        return "is a directory"
    folder = path.parent
    if not folder.exists():
        return f"no such directory: {folder}"
    if not folder.is_dir():
        return f"not a directory: {folder}"
    if path.exists():
        return None if os.access(path, os.W_OK) else "permission denied"
    if not os.access(folder, os.W_OK | os.X_OK):
        return f"cannot create files in {folder}: permission denied"
    return None


def check_out(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path | None:
    """click callback of ``--out``: a usage error at once when the file cannot be written."""
    if value is not None:
        problem = output_problem(value)
        if problem:
            raise click.BadParameter(f"{value}: {problem}", ctx, param)
    return value


def write_failed(out: Path, exc: OSError) -> None:
    """Say in one line that ``out`` could not be written, and remove a partial file."""
    from crossroads.readers.failures import short_reason

    if out.is_file():
        out.unlink(missing_ok=True)
    click.echo(
        f"crossroads: error: --out {out}: cannot write: {short_reason(exc)}; "
        "the result follows on stdout",
        err=True,
    )


def write_text_or_print(text: str, out: Path | None) -> bool:
    """Write the result to ``out`` (or stdout); if writing fails, print it instead.

    Returns:
        False when ``out`` could not be written (the result went to stdout).
    """
    if out is None:
        click.echo(text)
        return True
    try:
        out.write_text(text, encoding="utf-8")
    except OSError as exc:
        write_failed(out, exc)
        click.echo(text)
        return False
    click.echo(f"crossroads: wrote {out}", err=True)
    return True
