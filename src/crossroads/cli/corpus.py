"""``crossroads corpus``: the knowledge base of analysed documents (thin wrappers)."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

from crossroads.cli.errors import one_line_errors
from crossroads.cli.params import (
    ISO_DATE,
    LIMIT,
    check_out,
    write_failed,
    write_text_or_print,
)
from crossroads.errors import CrossroadsError
from crossroads.store.queries import MIN_SIMILARITY

F = TypeVar("F", bound=Callable[..., Any])
QUERY_FORMATS = ("table", "json", "csv")
MAP_FORMATS = ("json", "md", "html")
_MAP_SUFFIXES = {".json": "json", ".html": "html", ".htm": "html", ".md": "md"}
LIST_COLUMNS = ("id", "title", "date", "dyad", "source", "sentences")
SEARCH_COLUMNS = ("text", "document", "date", "perspective", "issue", "match", "score")
UNDATED_HINT = (
    "date them with `crossroads corpus date ID DATE` (ids: `crossroads corpus list`), "
    "or add them with --date"
)
TREND_COLUMNS = (
    "period", "issue", "party", "salience", "cooperative", "critical", "neutral", "divergence",
)  # fmt: skip

# ----------------------------------------------------------------------------- helpers


def _sqlalchemy_errors() -> tuple[type[BaseException], ...]:
    from sqlalchemy.exc import SQLAlchemyError

    return (SQLAlchemyError,)


_errors = one_line_errors("knowledge base", _sqlalchemy_errors)


def _check_db(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A --db URL of a database we do not store in is a usage error, before any work."""
    from crossroads.store.db import UnsupportedDatabase, database_url

    if value is not None:
        try:
            database_url(value)
        except UnsupportedDatabase as exc:
            raise click.BadParameter(exc.problem, ctx, param) from None
    return value


def _db_option(func: F) -> F:
    return click.option(
        "--db",
        envvar="CROSSROADS_DB",
        callback=_check_db,
        help="Knowledge base: a SQLite file or a postgresql:// URL "
        "(default: $CROSSROADS_DB, else ~/.local/share/crossroads/kb.sqlite).",
    )(func)


def _dyad(text: str | None) -> tuple[str, str] | None:
    from crossroads.dyad import parse_dyad

    if text is None:
        return None
    try:
        return parse_dyad(text)
    except CrossroadsError as exc:
        raise click.UsageError(f"--dyad: {exc}") from None


def _filter_options(func: F) -> F:
    options = [
        click.option(
            "--since",
            type=ISO_DATE,
            help="Documents dated on or after: 2024, 2024-01 or 2024-01-15 (undated ones "
            "are left out, and counted on stderr).",
        ),
        click.option(
            "--until", type=ISO_DATE, help="Documents dated on or before (inclusive, same forms)."
        ),
        click.option("--issue", help="Only this issue id (e.g. military-presence)."),
        click.option("--party", help="Only sentences voiced by this party (KHM, USA, author...)."),
        click.option("--source", help="Only documents whose source contains this text."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _filters(dyad: tuple[str, str] | None, **kwargs: Any) -> Any:
    from crossroads.store import Filters, dyad_key

    return Filters(dyad=dyad_key(dyad) if dyad else None, **kwargs)


def _format_option(func: F) -> F:
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(QUERY_FORMATS),
        default="table",
        show_default=True,
        help="table (rich) on the terminal, or json / csv on stdout.",
    )(func)


def _open(db: str | None, mode: str = "read") -> Any:
    """The knowledge base: read-only for reading commands, which never create one."""
    from crossroads.store import KnowledgeBase

    return KnowledgeBase.open(db, mode=mode)  # type: ignore[arg-type]


def _check_issue(kb: Any, issue: str | None, taxonomy: Path | None = None) -> None:
    """An --issue that no taxonomy in use knows is a usage error naming the valid ids."""
    import difflib

    from crossroads.annotate.taxonomy import load_taxonomy
    from crossroads.store.queries import stored_issues

    if issue is None:
        return
    chosen = load_taxonomy(str(taxonomy) if taxonomy else None)
    known = {*chosen.ids, chosen.fallback, *stored_issues(kb.engine)}
    if issue in known:
        return
    close = difflib.get_close_matches(issue, sorted(known), n=1)
    hint = f" (did you mean {close[0]}?)" if close else ""
    raise click.BadParameter(
        f"unknown issue {issue!r}{hint}; valid ids: {', '.join(sorted(known))}",
        param_hint="'--issue'",
    )


def _note_undated(kb: Any, filters: Any, grouped: bool = False) -> None:
    """Say on stderr how many matching documents a date filter or grouping leaves out."""
    from crossroads.store.queries import undated_count

    if not (grouped or filters.since or filters.until):
        return
    n = undated_count(kb.engine, filters)
    if n:
        what = "document is" if n == 1 else "documents are"
        click.echo(
            f"crossroads: note: {n} matching {what} undated and left out; {UNDATED_HINT}",
            err=True,
        )


def _emit(rows: list[dict[str, Any]], fmt: str, columns: Sequence[str], title: str) -> None:
    """Print rows as a rich table, JSON or CSV on stdout."""
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    if fmt == "csv":
        extra = [k for k in (rows[0] if rows else {}) if k not in columns]
        writer = csv.DictWriter(sys.stdout, fieldnames=[*columns, *extra], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, show_lines=False)
    for name in columns:
        table.add_column(name, overflow="fold", max_width=70 if name == "text" else None)
    for row in rows:
        table.add_row(*("" if row.get(c) is None else str(row.get(c)) for c in columns))
    Console().print(table)


def _spec(
    dyad: tuple[str, str],
    stages: str | None,
    taxonomy: Path | None,
    no_embed: bool,
    date: str | None = None,
) -> Any:
    from crossroads.corpus import AnalysisSpec
    from crossroads.pipeline import DEFAULT_STAGES

    names = tuple(s.strip() for s in stages.split(",") if s.strip()) if stages else DEFAULT_STAGES
    return AnalysisSpec(
        dyad=dyad,
        stages=names,
        taxonomy=str(taxonomy) if taxonomy else None,
        embed=not no_embed,
        options=(("date", date),) if date else (),
    )


def _analysis_options(func: F) -> F:
    options = [
        click.option(
            "--engine",
            type=click.Choice(("serial", "dask")),
            default="serial",
            show_default=True,
            help="Analyse here, or on a Dask cluster (a local one unless --scheduler).",
        ),
        click.option("--scheduler", help="A Dask scheduler address, e.g. tcp://host:8786."),
        click.option(
            "--workers", type=int, default=2, show_default=True, help="LocalCluster workers."
        ),
        click.option(
            "--stages",
            help="Comma-separated registered stage names (default: the full pipeline).",
        ),
        click.option(
            "--taxonomy", type=click.Path(path_type=Path), help="An issue taxonomy YAML file."
        ),
        click.option("--no-embed", is_flag=True, help="Store no sentence embeddings."),
        click.option("--quiet", "-q", is_flag=True, help="No progress bar."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _print_failures(report: Any) -> None:
    """The failed sources' lines; run in ``finally`` so a failing store loses none."""
    for line in report.errors:
        click.echo(f"crossroads: error: {line}", err=True)


def _report(report: Any, verb: str) -> None:
    click.echo(f"crossroads: {verb}: {report.summary()}", err=True)
    if report.errors:
        sys.exit(1)


# ----------------------------------------------------------------------------- commands


@click.group()
def corpus() -> None:
    """A knowledge base of analysed documents over time: add, list, search, map, trends.

    Example:

        crossroads corpus add reports/ --dyad KHM-USA
    """


@corpus.command()
@click.argument("sources", nargs=-1, required=True)
@click.option("--dyad", required=True, help="The two countries: KHM-USA, 'Cambodia-US'...")
@click.option(
    "--date",
    type=ISO_DATE,
    help="The documents' date (2024, 2024-06 or 2024-06-11), instead of the one they "
    "state (front matter, HTML or PDF metadata, a dateline or a Published line).",
)
@_db_option
@_analysis_options
@_errors
def add(
    sources: tuple[str, ...],
    dyad: str,
    date: str | None,
    db: str | None,
    engine: str,
    scheduler: str | None,
    workers: int,
    stages: str | None,
    taxonomy: Path | None,
    no_embed: bool,
    quiet: bool,
) -> None:
    """Analyse documents (files, directories, URLs) and store them in the knowledge base.

    Unchanged documents are skipped, changed ones re-analysed; bad files are reported on
    stderr and skipped (exit status 1), the rest is stored. An already stored document
    keeps its date: change it with `crossroads corpus date`.

    Example:

        crossroads corpus add reports/ --dyad KHM-USA --engine dask --scheduler tcp://host:8786
    """
    from crossroads.corpus import IngestReport, add_sources
    from crossroads.corpus.engines import make_engine
    from crossroads.progress import DocumentProgress

    pair = _dyad(dyad)
    assert pair is not None
    spec = _spec(pair, stages, taxonomy, no_embed, date)
    report = IngestReport()
    try:
        with _open(db, "create") as kb:
            runner = make_engine(engine, scheduler, workers)
            try:
                with DocumentProgress(label="Adding", enabled=not quiet) as progress:
                    add_sources(kb, list(sources), spec, runner, progress, report)
            finally:
                runner.close()
    finally:
        _print_failures(report)
    if report.undated:
        click.echo(
            f"crossroads: note: {report.undated} of the documents stored are undated; "
            f"{UNDATED_HINT}",
            err=True,
        )
    _report(report, "corpus add")


@corpus.command()
@click.option("--dyad", help="Only this dyad's documents (default: every dyad).")
@click.option(
    "--all", "everything", is_flag=True, help="Every document, not only older annotations."
)
@_db_option
@_analysis_options
@_errors
def reannotate(
    dyad: str | None,
    everything: bool,
    db: str | None,
    engine: str,
    scheduler: str | None,
    workers: int,
    stages: str | None,
    taxonomy: Path | None,
    no_embed: bool,
    quiet: bool,
) -> None:
    """Annotate stored text again with the current pipeline, without re-reading files.

    Documents annotated by another pipeline version, stage list, taxonomy or embedder are
    re-annotated (all of them with --all).

    Example:

        crossroads corpus reannotate --dyad KHM-USA
    """
    from crossroads.corpus import reannotate as run
    from crossroads.corpus.engines import make_engine
    from crossroads.progress import DocumentProgress

    pair = _dyad(dyad) or ("AAA", "ZZZ")
    spec = _spec(pair, stages, taxonomy, no_embed)
    with _open(db, "write") as kb:
        runner = make_engine(engine, scheduler, workers)
        try:
            with DocumentProgress(label="Re-annotating", enabled=not quiet) as progress:
                report = run(kb, spec, everything, runner, progress, all_dyads=dyad is None)
        finally:
            runner.close()
    _print_failures(report)
    _report(report, "corpus reannotate")


@corpus.command(name="date")
@click.argument("doc_id", metavar="ID", type=click.IntRange(min=1))
@click.argument("date", metavar="DATE", type=ISO_DATE)
@click.option(
    "--stages", help="Comma-separated registered stage names (default: the full pipeline)."
)
@click.option("--taxonomy", type=click.Path(path_type=Path), help="An issue taxonomy YAML file.")
@click.option("--no-embed", is_flag=True, help="Store no sentence embeddings.")
@_db_option
@_errors
def date_(
    doc_id: int,
    date: str,
    stages: str | None,
    taxonomy: Path | None,
    no_embed: bool,
    db: str | None,
) -> None:
    """Set the date of a stored document (ID from corpus list): 2024, 2024-06 or 2024-06-11.

    The document is annotated again with the current pipeline (as reannotate does), so
    that its relative dates ("on Thursday", "last December") resolve against DATE.

    Example:

        crossroads corpus date 12 2021-06-11
    """
    from crossroads.corpus.worker import reannotate_stored

    with _open(db, "write") as kb:
        stored = kb.stored_document(doc_id)
        if stored is None:
            raise click.ClickException(
                f"corpus date: no document {doc_id} in the knowledge base "
                "(ids: crossroads corpus list)"
            )
        a, b = stored["dyad"].split("-", 1)
        spec = _spec((a, b), stages, taxonomy, no_embed)
        result = reannotate_stored({**stored, "date": date}, spec)
        if result["status"] == "error":
            raise click.ClickException(result["error"])
        kb.replace_annotations(doc_id, result["record"], spec.run_info())
    name = stored["title"] or stored["source"]
    click.echo(f"crossroads: corpus date: document {doc_id} ({name}) dated {date}", err=True)


@corpus.command(name="list")
@click.option("--dyad", help="Only this dyad (default: every dyad).")
@_filter_options
@click.option("--limit", type=LIMIT, help="At most this many documents.")
@_format_option
@_db_option
@_errors
def list_(
    dyad: str | None,
    since: str | None,
    until: str | None,
    issue: str | None,
    party: str | None,
    source: str | None,
    limit: int | None,
    fmt: str,
    db: str | None,
) -> None:
    """List stored documents, newest first.

    Example:

        crossroads corpus list --dyad KHM-USA --since 2024-01 --format csv
    """
    from crossroads.store import list_documents

    filters = _filters(
        _dyad(dyad), since=since, until=until, issue=issue, party=party, source=source
    )
    with _open(db) as kb:
        _check_issue(kb, issue)
        rows = list_documents(kb.engine, filters, limit)
        _note_undated(kb, filters)
    _emit(rows, fmt, LIST_COLUMNS, f"{len(rows)} documents")


@corpus.command()
@click.argument("query")
@click.option("--dyad", help="Only this dyad (default: every dyad).")
@_filter_options
@click.option(
    "--mode",
    type=click.Choice(("hybrid", "fts", "semantic")),
    default="hybrid",
    show_default=True,
    help="Full-text (fts), semantic (MiniLM embeddings) or both fused; the match column "
    "says which found each hit.",
)
@click.option(
    "--min-similarity",
    type=click.FloatRange(-1.0, 1.0),
    default=MIN_SIMILARITY,
    show_default=True,
    help="Semantic hits need at least this cosine similarity to the query.",
)
@click.option("--limit", type=LIMIT, default=20, show_default=True, help="At most this many hits.")
@_format_option
@_db_option
@_errors
def search(
    query: str,
    dyad: str | None,
    since: str | None,
    until: str | None,
    issue: str | None,
    party: str | None,
    source: str | None,
    mode: str,
    min_similarity: float,
    limit: int,
    fmt: str,
    db: str | None,
) -> None:
    """Find sentences by words and by meaning, with their document, date and perspective.

    The match column tells how each hit was found: fts (its words), semantic (its
    meaning, above --min-similarity) or both.

    Example:

        crossroads corpus search "Ream" --dyad KHM-USA --party USA --format json
    """
    from crossroads.store import search as run

    filters = _filters(
        _dyad(dyad), since=since, until=until, issue=issue, party=party, source=source
    )
    with _open(db) as kb:
        _check_issue(kb, issue)
        hits = run(kb.engine, query, filters, mode=mode, limit=limit, min_similarity=min_similarity)
        _note_undated(kb, filters)
    _emit(hits, fmt, SEARCH_COLUMNS, f"{len(hits)} sentences for {query!r}")


@corpus.command(name="map")
@click.option("--dyad", required=True, help="The two countries: KHM-USA, 'Cambodia-US'...")
@_filter_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(MAP_FORMATS),
    help="json, md or html (default: --out's suffix, else md).",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    callback=check_out,
    help="Write to a file (checked before the work starts).",
)
@click.option("--taxonomy", type=click.Path(path_type=Path), help="The issue taxonomy YAML file.")
@_db_option
@_errors
def map_(
    dyad: str,
    since: str | None,
    until: str | None,
    issue: str | None,
    party: str | None,
    source: str | None,
    fmt: str | None,
    out: Path | None,
    taxonomy: Path | None,
    db: str | None,
) -> None:
    """One perspective map over the stored documents selected (same output as analyze).

    Example:

        crossroads corpus map --dyad KHM-USA --since 2024-01 --format html --out map.html
    """
    import crossroads.render  # noqa: F401  (registers the renderers)
    from crossroads.corpus.maps import corpus_map
    from crossroads.registry import renderers

    pair = _dyad(dyad)
    assert pair is not None
    filters = _filters(pair, since=since, until=until, issue=issue, party=party, source=source)
    with _open(db) as kb:
        _check_issue(kb, issue, taxonomy)
        analysis = corpus_map(kb.engine, pair, filters, str(taxonomy) if taxonomy else None)
        _note_undated(kb, filters)
    if not analysis.documents:
        raise click.ClickException("corpus map: no stored documents match the selection")
    fmt = fmt or _MAP_SUFFIXES.get(out.suffix.lower() if out else "", "md")
    if not write_text_or_print(renderers.get(fmt)(analysis), out):
        sys.exit(1)


@corpus.command()
@click.option("--dyad", required=True, help="The two countries: KHM-USA, 'Cambodia-US'...")
@click.option(
    "--by",
    type=click.Choice(("month", "quarter", "year")),
    default="quarter",
    show_default=True,
    help="Period of the rows.",
)
@_filter_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(QUERY_FORMATS),
    default=None,
    help="table (default without --out), json or csv on stdout.",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    callback=check_out,
    help="Write .html (page with charts), .png / .svg (chart), .csv or .json (rows).",
)
@_db_option
@_errors
def trends(
    dyad: str,
    by: str,
    since: str | None,
    until: str | None,
    issue: str | None,
    party: str | None,
    source: str | None,
    fmt: str | None,
    out: Path | None,
    db: str | None,
) -> None:
    """Salience, each party's valence and the divergence per issue and period.

    Undated documents have no period: how many are left out is said on stderr.

    Example:

        crossroads corpus trends --dyad KHM-USA --by quarter --out trends.html
    """
    from crossroads.corpus.charts import check_trends_suffix, write_trends
    from crossroads.store import trends as run

    pair = _dyad(dyad)
    assert pair is not None
    filters = _filters(pair, since=since, until=until, issue=issue, party=party, source=source)
    if out:
        check_trends_suffix(out)
    with _open(db) as kb:
        _check_issue(kb, issue)
        rows = run(kb.engine, pair, filters, by)
        _note_undated(kb, filters, grouped=True)
    written = True
    if out:
        try:
            write_trends(rows, pair, by, out)
        except OSError as exc:
            write_failed(out, exc)
            written, fmt = False, fmt or "json"
        else:
            click.echo(f"crossroads: wrote {out}", err=True)
    if fmt or not out:
        _emit(rows, fmt or "table", TREND_COLUMNS, f"{'-'.join(pair)} by {by}")
    if not written:
        sys.exit(1)


@corpus.command()
@_db_option
@_errors
def info(db: str | None) -> None:
    """Where the knowledge base is, its schema revision and what it holds.

    Example:

        crossroads corpus info --db postgresql://user@host/crossroads
    """
    from crossroads.store.db import current_revision, database_url

    with _open(db) as kb:
        counts = kb.counts()
        revision = current_revision(kb.engine)
    shown = database_url(db).replace("sqlite:///", "").split("@")[-1]
    click.echo(f"knowledge base: {shown} ({kb.dialect}, schema {revision})")
    click.echo(", ".join(f"{n} {name}" for name, n in counts.items()))


@corpus.command(name="export-labels")
@click.option("--workspace", "slug", required=True, help="The workspace's slug.")
@click.option(
    "--out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="The folder to write (created if missing).",
)
@_db_option
@_errors
def export_labels(slug: str, out: Path, db: str | None) -> None:
    """Write a workspace's reviewed documents, with its corrections, in the gold format.

    One JSON per document (and the text it labels) that the shared scorer reads as gold
    and `crossroads train --extra` adds to its corpus, plus summary.yaml; where two
    analysts reviewed the same document, their agreement per field is printed too.

    Example:

        crossroads corpus export-labels --workspace khm-usa-desk --out labelled/
    """
    from crossroads.workspace.exports import export_labels as run
    from crossroads.workspace.exports import find_workspace

    with _open(db) as kb:
        result = run(kb.engine, find_workspace(kb.engine, slug), out)
    n = len(result.documents)
    click.echo(
        f"crossroads: export-labels: {n} reviewed document{'s' * (n != 1)} → {out}", err=True
    )
    for pair in result.agreement:
        click.echo(f"agreement: {pair.line()}")
