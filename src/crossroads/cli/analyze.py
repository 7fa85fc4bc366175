"""``crossroads analyze``: documents in, perspective map out."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from crossroads.errors import CrossroadsError

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
    help="Write to this file instead of stdout.",
)
@click.option(
    "--taxonomy",
    type=click.Path(path_type=Path),
    help="An issue taxonomy YAML file (default: the bilateral-relations taxonomy).",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def analyze(
    sources: tuple[str, ...],
    dyad: str,
    fmt: str | None,
    out: Path | None,
    taxonomy: Path | None,
    quiet: bool,
) -> None:
    """Analyse documents (txt, md, html, pdf, URLs, directories) about two countries.

    Prints the perspective map: who says what on which issue, on what grounds, the events
    reported, divergence and common ground per issue, and a ranked dialogue agenda. Every
    claim cites its sentence. Bad sources are reported on stderr; the rest are analysed.

    Example:

        crossroads analyze essay.pdf statement.html --dyad Cambodia-US --format html --out map.html
    """
    import crossroads.render  # noqa: F401  (registers the renderers)
    from crossroads.dyad import parse_dyad
    from crossroads.pipeline import PipelineConfig
    from crossroads.pipeline import analyze as run
    from crossroads.progress import DocumentProgress
    from crossroads.registry import renderers

    try:
        pair = parse_dyad(dyad)
    except CrossroadsError as exc:
        raise click.UsageError(f"--dyad: {exc}") from None
    fmt = fmt or _SUFFIX_FORMATS.get(out.suffix.lower() if out else "", "md")
    try:
        with DocumentProgress(enabled=not quiet) as progress:
            analysis = run(list(sources), pair, PipelineConfig(taxonomy=taxonomy), progress)
    except CrossroadsError as exc:
        raise click.ClickException(str(exc)) from None
    for line in analysis.errors:
        click.echo(f"crossroads: error: {line}", err=True)
    if analysis.documents:
        text = renderers.get(fmt)(analysis)
        if out:
            out.write_text(text, encoding="utf-8")
            click.echo(f"crossroads: wrote {out}", err=True)
        else:
            click.echo(text)
    if analysis.errors:
        sys.exit(1)
