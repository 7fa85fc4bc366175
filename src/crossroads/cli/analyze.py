"""``crossroads analyze``: documents in, perspective map out."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from crossroads.cli.params import ISO_DATE, check_out, write_text_or_print
from crossroads.errors import CrossroadsError
from crossroads.model import AUTHOR, GENRES

FORMATS = ("json", "md", "html")
_SUFFIX_FORMATS = {".json": "json", ".html": "html", ".htm": "html", ".md": "md"}


@click.command()
@click.argument("sources", nargs=-1, required=True)
@click.option(
    "--dyad",
    required=True,
    help="The two countries: codes or names, e.g. KHM-USA, 'Cambodia-United States', cambodia,us.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default=None,
    help="Output format (default: from --out's suffix, else md).",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    callback=check_out,
    help="Write to this file instead of stdout (checked before the analysis starts).",
)
@click.option(
    "--taxonomy",
    type=click.Path(path_type=Path),
    help="An issue taxonomy YAML file (default: the bilateral-relations taxonomy).",
)
@click.option(
    "--voice",
    help="Whom the writer speaks for, in every document: a code (e.g. KHM) or 'author'.",
)
@click.option(
    "--genre",
    type=click.Choice(GENRES),
    help="The documents' genre, instead of the one the voice stage detects.",
)
@click.option(
    "--date",
    type=ISO_DATE,
    help="The documents' date (2024, 2024-06 or 2024-06-11), instead of the one they state; "
    "relative dates ('on Thursday') resolve against it.",
)
@click.option(
    "--stage",
    "stage_names",
    multiple=True,
    help="Use this registered stage in place of the default of its kind, "
    "e.g. crossroads.valence.v1 (repeatable).",
)
@click.option(
    "--max-size",
    default="10MB",
    show_default=True,
    callback=lambda ctx, param, value: _size(value),
    help="The largest file or downloaded page read, e.g. 500KB, 50MB; larger ones are refused.",
)
@click.option(
    "--url-timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=60.0,
    show_default=True,
    help="Seconds one URL may take in all (connecting, redirects, the whole download).",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def analyze(
    sources: tuple[str, ...],
    dyad: str,
    fmt: str | None,
    out: Path | None,
    taxonomy: Path | None,
    voice: str | None,
    genre: str | None,
    date: str | None,
    stage_names: tuple[str, ...],
    max_size: int,
    url_timeout: float,
    quiet: bool,
) -> None:
    """Analyse documents (txt, md, html, pdf, URLs, directories) about two countries.

    Prints the perspective map: who says what on which issue, on what grounds, the events
    reported, divergence and common ground per issue, and a ranked dialogue agenda. Every
    claim cites its sentence. Bad sources are reported on stderr; the rest are analysed.
    Only English documents are analysed; sources are read within --max-size and
    --url-timeout, and long documents in chunks (see README, "Limits").

    Example:

        crossroads analyze essay.pdf statement.html --dyad Cambodia-US --format html --out map.html
    """
    import crossroads.render  # noqa: F401  (registers the renderers)
    from crossroads.dyad import parse_dyad
    from crossroads.pipeline import DEFAULT_STAGES, PipelineConfig, with_stages
    from crossroads.pipeline import analyze as run
    from crossroads.progress import DocumentProgress
    from crossroads.readers.limits import Limits
    from crossroads.registry import renderers

    try:
        pair = parse_dyad(dyad)
    except CrossroadsError as exc:
        raise click.UsageError(f"--dyad: {exc}") from None
    fmt = fmt or _SUFFIX_FORMATS.get(out.suffix.lower() if out else "", "md")
    options: dict[str, str] = {}
    if voice:
        options["voice"] = _voice_code(voice, pair)
    if genre:
        options["genre"] = genre
    if date:
        options["date"] = date
    try:
        config = PipelineConfig(
            stages=with_stages(DEFAULT_STAGES, stage_names), taxonomy=taxonomy, options=options
        )
        with DocumentProgress(enabled=not quiet) as progress:
            limits = Limits(max_bytes=max_size, url_seconds=url_timeout)
            analysis = run(list(sources), pair, config, progress, limits)
    except CrossroadsError as exc:
        raise click.ClickException(str(exc)) from None
    for line in analysis.errors:
        click.echo(f"crossroads: error: {line}", err=True)
    for doc in analysis.documents:
        for warning in doc.warnings:
            click.echo(f"crossroads: warning: {doc.source}: {warning}", err=True)
    written = True
    if analysis.documents:
        written = write_text_or_print(renderers.get(fmt)(analysis), out)
    if analysis.errors or not written:
        sys.exit(1)


def _size(value: str) -> int:
    """Bytes from a --max-size value, or a usage error naming the option."""
    from crossroads.readers.limits import parse_size

    try:
        return parse_size(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--max-size") from None


def _voice_code(voice: str, pair: tuple[str, str]) -> str:
    """``author`` or a code, from a code or a name (``--voice Cambodia``)."""
    from crossroads.annotate.actors import gazetteer

    if voice.lower() == AUTHOR:
        return AUTHOR
    code = voice.upper() if voice.upper() in pair else gazetteer().code_for(voice)
    if not code:
        raise click.UsageError(f"--voice: {voice!r} is neither 'author' nor a known country")
    return code
