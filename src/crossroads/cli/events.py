"""``crossroads events``: GDELT and ICEWS event data in DuckDB (thin wrappers)."""

from __future__ import annotations

import glob
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

import click
import duckdb
import pandas as pd
from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TransferSpeedColumn,
)

from crossroads.cli.errors import one_line_errors
from crossroads.dyad import Dyad, parse_dyad
from crossroads.errors import CrossroadsError
from crossroads.events import ingest as ingest_lib
from crossroads.events.series import FREQUENCIES, MEASURES, parse_period
from crossroads.events.store import ENV_VAR, default_db_path, open_store, user_data_dir

F = TypeVar("F", bound=Callable[..., Any])
INPUT_SUFFIXES = (".csv", ".zip", ".tab", ".tsv", ".txt", ".gz")
MAX_MALFORMED_SHOWN = 20

# ----------------------------------------------------------------------------- helpers


def _dyad(text: str, option: str = "--dyad") -> Dyad:
    """Read a dyad argument (codes or names, e.g. KHM-USA); a bad one is a usage error."""
    try:
        return parse_dyad(text)
    except CrossroadsError as exc:
        raise click.BadParameter(exc.problem, param_hint=f"'{option}'") from None


def _actor_types(text: str | None) -> list[str] | None:
    if not text:
        return None
    return [t.strip().upper() for t in text.split(",") if t.strip()]


def _day(value: datetime | None) -> date | None:
    return value.date() if value else None


def _stderr() -> Console:
    return Console(stderr=True)


def _fail(message: str) -> click.ClickException:
    return click.ClickException(message)


_errors = one_line_errors("events database", lambda: (duckdb.Error,))


def _db_option(func: F) -> F:
    return click.option(
        "--db",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help=f"The events database (default: ${ENV_VAR} or {default_db_path()}).",
    )(func)


def _output_options(func: F) -> F:
    func = click.option(
        "--out",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help="Write to a file: .parquet/.csv/.json (table), .html (page), .png/.svg (chart).",
    )(func)
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(["table", "json", "csv"]),
        default="table",
        show_default=True,
        help="What to print on stdout.",
    )(func)


def _series_options(func: F) -> F:
    func = click.option(
        "--to", "end", type=click.DateTime(["%Y-%m-%d"]), help="Last day (YYYY-MM-DD)."
    )(func)
    func = click.option(
        "--from", "start", type=click.DateTime(["%Y-%m-%d"]), help="First day (YYYY-MM-DD)."
    )(func)
    func = click.option(
        "--actor-types",
        default=None,
        help="Only events whose two actors carry one of these CAMEO types, e.g. GOV,MIL.",
    )(func)
    return click.option(
        "--freq",
        type=click.Choice(FREQUENCIES),
        default="month",
        show_default=True,
        help="Period of the series.",
    )(func)


def _fill_option(func: F) -> F:
    return click.option(
        "--fill",
        is_flag=True,
        help="Also give the periods without events, with zero counts (default: only "
        "periods with events).",
    )(func)


def _measure_option(help_text: str) -> Callable[[F], F]:
    return click.option(  # type: ignore[return-value]
        "--measure",
        type=click.Choice(MEASURES),
        default="goldstein_mean",
        show_default=True,
        help=help_text,
    )


@contextmanager
def _reader(db: Path | None) -> Iterator[duckdb.DuckDBPyConnection]:
    con = open_store(db, read_only=True)
    try:
        yield con
    finally:
        con.close()


def _print_data(
    fmt: str,
    frame: pd.DataFrame,
    *,
    title: str,
    json_rows: list[dict[str, Any]] | None = None,
) -> None:
    from crossroads.events.output import rich_table, to_csv, to_json

    if fmt == "json":
        click.echo(to_json(json_rows if json_rows is not None else frame))
    elif fmt == "csv":
        click.echo(to_csv(frame), nl=False)
    else:
        Console().print(rich_table(frame, title=title))


def _wants_stdout(ctx: click.Context, out: Path | None) -> bool:
    """Print data unless --out is given without an explicit --format."""
    if out is None:
        return True
    return ctx.get_parameter_source("fmt") is not click.core.ParameterSource.DEFAULT


def _write_out(
    out: Path,
    frame: pd.DataFrame,
    *,
    chart: Callable[[], Any] | None,
    page: Callable[[], str] | None,
) -> None:
    from crossroads.events.charts import save_figure
    from crossroads.events.output import TABLE_SUFFIXES, write_table

    suffix = out.suffix.lower()
    try:
        if suffix in TABLE_SUFFIXES:
            write_table(frame, out)
        elif suffix in (".png", ".svg") and chart is not None:
            import matplotlib.pyplot as plt

            fig = chart()
            save_figure(fig, out)
            plt.close(fig)
        elif suffix in (".html", ".htm") and page is not None:
            out.write_text(page(), encoding="utf-8")
        else:
            kinds = ".parquet, .csv, .json" + (", .html" if page else "")
            kinds += ", .png, .svg" if chart else ""
            raise _fail(f"{out}: unsupported output type {suffix or '(none)'}; use {kinds}")
    except OSError as exc:
        raise _fail(f"{out}: cannot write ({exc.strerror or exc})") from exc
    click.echo(f"Wrote {out}", err=True)


# ----------------------------------------------------------------------------- commands


@click.group()
def events() -> None:
    """Event data from GDELT and ICEWS in DuckDB: what happened between two countries.

    Example:

        crossroads events ingest 20241201.export.CSV.zip icews.2023.tab
        crossroads events series --dyad KHM-USA --freq month --out khm-usa.html
    """


def _http_url(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    from crossroads.events.fetch import FetchError, check_base_url

    if value is None:
        return None
    try:
        return check_base_url(value)
    except FetchError as exc:
        raise click.BadParameter(f"{value!r} is {exc.problem}") from None


def _expand(inputs: tuple[str, ...]) -> list[Path]:
    paths: list[Path] = []
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            paths += sorted(
                p for p in path.iterdir() if p.is_file() and p.suffix.lower() in INPUT_SUFFIXES
            )
        elif not path.exists() and glob.has_magic(item):
            matches = sorted(glob.glob(item))
            paths += [Path(m) for m in matches] if matches else [path]
        else:
            paths.append(path)
    return paths


class ByteSize(click.ParamType):
    """A number of bytes, written 500MB, 4GiB or 1000000."""

    name = "size"
    _UNITS: dict[str, int] = {
        "": 1,
        "b": 1,
        **{p + "b": 1000 ** (i + 1) for i, p in enumerate("kmgt")},
        **{p + "ib": 1024 ** (i + 1) for i, p in enumerate("kmgt")},
    }

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            return value
        match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*", str(value))
        if not match or match[2].lower() not in self._UNITS:
            self.fail(f"{value!r} is not a size such as 500MB, 4GiB or 1000000", param, ctx)
        return int(float(match[1]) * self._UNITS[match[2].lower()])


@events.command()
@click.argument("files", nargs=-1, required=True)
@_db_option
@click.option(
    "--max-expanded-size",
    type=ByteSize(),
    default=ingest_lib.ArchiveLimits.max_expanded_size,
    show_default=f"{ingest_lib.ArchiveLimits.max_expanded_size // ingest_lib.GiB}GiB",
    help="Refuse a zip archive whose members expand to more than this.",
)
@click.option(
    "--max-ratio",
    type=click.FloatRange(min=1),
    default=ingest_lib.ArchiveLimits.max_ratio,
    show_default=True,
    help="Refuse a zip member that expands more than this many times its compressed size.",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar, no summary table.")
@_errors
def ingest(
    files: tuple[str, ...],
    db: Path | None,
    max_expanded_size: int,
    max_ratio: float,
    quiet: bool,
) -> None:
    """Load GDELT 1.0/2.0 and ICEWS event files (zipped or plain, any mix) into DuckDB.

    The format is told by each file's rows (57/58 GDELT 1.0, mixed or not, 61 GDELT 2.0,
    or an ICEWS header). Events are keyed on their dataset's id: one already stored, from
    any file, is counted as already present and not added again. Malformed rows are
    reported as file:line: reason; a file that cannot be read is reported and the others
    are still loaded (exit code 1). Zip archives are streamed, never extracted to disk.

    Example:

        crossroads events ingest 20240101.export.CSV.zip 2024*.zip icews.2023.tab
    """
    paths = _expand(files)
    limits = ingest_lib.ArchiveLimits(max_expanded_size, max_ratio)
    con = open_store(db)
    err = _stderr()
    try:
        with Progress(
            TextColumn("[bold]Ingesting"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("{task.fields[current]}"),
            console=err,
            transient=True,
            disable=quiet,
        ) as progress:
            task = progress.add_task("ingest", total=len(paths), current="")
            report = ingest_lib.ingest_files(
                con,
                paths,
                lambda _: progress.advance(task),
                limits=limits,
                on_start=lambda path: progress.update(task, current=path.name),
            )
    finally:
        close_problem = _close(con)
    _print_ingest_report(report, quiet)
    if close_problem:
        click.echo(f"Error: events database: {close_problem}", err=True)
    if report.failed or close_problem:
        sys.exit(1)


def _close(con: duckdb.DuckDBPyConnection) -> str | None:
    """Close the database; the problem when that fails (e.g. its last write hit a full disk)."""
    try:
        con.close()
    except duckdb.Error as exc:
        text = str(exc).strip()
        return text.splitlines()[0] if text else type(exc).__name__
    return None


def _print_ingest_report(report: ingest_lib.IngestReport, quiet: bool) -> None:
    for result in report.files:
        for warning in result.warnings:
            click.echo(f"Warning: {warning}", err=True)
        for row in result.malformed[:MAX_MALFORMED_SHOWN]:
            click.echo(f"Malformed: {row}", err=True)
        hidden = len(result.malformed) - MAX_MALFORMED_SHOWN
        if hidden > 0:
            click.echo(
                f"Malformed: {result.path.name}: {hidden} more (table malformed_rows)", err=True
            )
    if not quiet:
        _print_ingest_summary(report)
    click.echo(
        f"Ingested: {report.rows} new, {report.already_present} already present, "
        f"{len(report.malformed)} malformed, from {len(report.files)} files",
        err=True,
    )
    for result in report.failed:
        click.echo(f"Error: {result.path}: {result.error}", err=True)


def _print_ingest_summary(report: ingest_lib.IngestReport) -> None:
    from rich.table import Table

    table = Table(title="Ingested")
    for column, justify in (
        ("file", "left"),
        ("dataset", "left"),
        ("new", "right"),
        ("already present", "right"),
        ("malformed", "right"),
        ("status", "left"),
    ):
        table.add_column(column, justify=justify)  # type: ignore[arg-type]
    for r in report.files:
        status = "error" if r.error else "already ingested" if r.already_ingested else "added"
        table.add_row(
            r.path.name,
            r.dataset or "",
            str(r.rows),
            str(r.already_present),
            str(len(r.malformed)),
            status,
        )
    table.add_row(
        "total", "", str(report.rows), str(report.already_present), str(len(report.malformed)), ""
    )
    Console().print(table)


def _db_name(db: Path | None) -> str:
    return str(db or default_db_path())


def _say(reason: str | None, out: Path | None = None, *, chartable: bool = True) -> None:
    """Tell the user in one line on stderr why there is nothing to show.

    An image of nothing would be empty axes, so a .png/.svg --out is then refused
    (exit 1) with the reason in its one line.
    """
    if reason is None:
        return
    if out is not None and not chartable and out.suffix.lower() in (".png", ".svg"):
        raise _fail(f"{out}: not written, nothing to chart. {reason}")
    click.echo(reason, err=True)


@events.command()
@click.option("--dyad", required=True, help="Two countries, e.g. KHM-USA (both directions).")
@_series_options
@_fill_option
@_output_options
@_db_option
@click.pass_context
@_errors
def series(
    ctx: click.Context,
    dyad: str,
    freq: str,
    actor_types: str | None,
    start: datetime | None,
    end: datetime | None,
    fill: bool,
    fmt: str,
    out: Path | None,
    db: Path | None,
) -> None:
    """The dyad's event series per period and direction (A>B, B>A, both).

    Columns: events, quad1..quad4 (verbal/material cooperation, verbal/material
    conflict), conflict_share, goldstein_mean, goldstein_weighted (by NumMentions),
    tone_mean, mentions. Only periods with events are listed unless --fill is given.
    With no events, one line on stderr says why.

    Example:

        crossroads events series --dyad KHM-USA --freq month --out khm-usa.html
    """
    from crossroads.events.series import dyad_series, no_events_reason

    pair = _dyad(dyad)
    types = _actor_types(actor_types)
    first, last = _day(start), _day(end)
    with _reader(db) as con:
        frame = dyad_series(con, pair, freq, actor_types=types, start=first, end=last, fill=fill)
        reason = None
        if frame.empty:
            reason = no_events_reason(
                con, pair, _db_name(db), actor_types=types, start=first, end=last
            )
        _say(reason, out, chartable=reason is None)
        if _wants_stdout(ctx, out) and not (reason and fmt == "table"):
            shown = frame.drop(columns="period_start") if fmt == "table" else frame
            _print_data(fmt, shown, title=f"{pair.label} by {freq}")
        if out is not None:
            _write_series_out(con, out, frame, pair, freq, types, reason)


def _write_series_out(
    con: duckdb.DuckDBPyConnection,
    out: Path,
    frame: pd.DataFrame,
    pair: Dyad,
    freq: str,
    types: list[str] | None,
    reason: str | None,
) -> None:
    from crossroads.events.charts import html_page, series_figure
    from crossroads.events.turning_points import no_turning_point_reason, turning_points

    title = f"{pair.label} events by {freq}"

    def points() -> list[Any]:
        return turning_points(con, pair, freq, actor_types=types, series=frame, top=5)

    def chart() -> Any:
        return series_figure(frame, title, points())

    def page() -> str:
        import matplotlib.pyplot as plt

        if reason is not None:
            return html_page(f"{pair.label}: event series", [("", reason)])
        found = points()
        fig = series_figure(frame, title, found)
        turning: Any = pd.DataFrame([p.summary() for p in found])
        if not found:
            turning = no_turning_point_reason(frame, "goldstein_mean")
        try:
            return html_page(
                f"{pair.label}: event series",
                [
                    ("", fig),
                    ("Turning points", turning),
                    ("Series", frame.drop(columns="period_start")),
                ],
            )
        finally:
            plt.close(fig)

    _write_out(out, frame, chart=chart, page=page)


_TOP_EVENT_COLUMNS = (
    "event_date",
    "direction",
    "event",
    "goldstein",
    "num_mentions",
    "source_url",
)


@events.command("turning-points")
@click.option("--dyad", required=True, help="Two countries, e.g. KHM-USA.")
@_series_options
@_measure_option("Which series to segment.")
@click.option("--penalty", type=float, default=None, help="PELT penalty (default: BIC-like).")
@click.option("--min-size", type=click.IntRange(1), default=2, show_default=True)
@click.option("--top", type=click.IntRange(0), default=5, show_default=True, help="Events each.")
@_output_options
@_db_option
@click.pass_context
@_errors
def turning_points_cmd(
    ctx: click.Context,
    dyad: str,
    freq: str,
    actor_types: str | None,
    start: datetime | None,
    end: datetime | None,
    measure: str,
    penalty: float | None,
    min_size: int,
    top: int,
    fmt: str,
    out: Path | None,
    db: Path | None,
) -> None:
    """Where the dyad's Goldstein series changes level, with the events around each shift.

    Each turning point has its period, the mean level before and after, and the most
    mentioned events of that period and the one before, with their source URLs. When
    there is none, one line on stderr says why.

    Example:

        crossroads events turning-points --dyad KHM-USA --format json
    """
    from crossroads.events.charts import html_page, series_figure
    from crossroads.events.series import dyad_series, no_events_reason
    from crossroads.events.turning_points import no_turning_point_reason, turning_points

    pair = _dyad(dyad)
    types = _actor_types(actor_types)
    first, last = _day(start), _day(end)
    with _reader(db) as con:
        frame = dyad_series(con, pair, freq, actor_types=types, start=first, end=last)
        points = turning_points(
            con,
            pair,
            freq,
            measure=measure,
            penalty=penalty,
            min_size=min_size,
            top=top,
            actor_types=types,
            series=frame,
        )
        empty = None
        if frame.empty:
            empty = no_events_reason(
                con, pair, _db_name(db), actor_types=types, start=first, end=last
            )
    reason = empty or (None if points else no_turning_point_reason(frame, measure, min_size))
    _say(reason, out, chartable=empty is None)
    summary = pd.DataFrame(
        [p.summary() for p in points],
        columns=["period", "date", "level_before", "level_after", "change"],
    )
    flat = pd.DataFrame(
        [{**p.summary(), **event} for p in points for event in (p.top_events or [{}])]
    )
    if _wants_stdout(ctx, out):
        if fmt == "table":
            from crossroads.events.output import rich_table

            console = Console()
            if points:
                console.print(rich_table(summary, title=f"{pair.label} turning points ({measure})"))
            for p in points:
                events_frame = pd.DataFrame(p.top_events)
                if not events_frame.empty:
                    columns = [c for c in _TOP_EVENT_COLUMNS if c in events_frame]
                    console.print(rich_table(events_frame[columns], title=f"Around {p.period}"))
        else:
            _print_data(fmt, flat, title="", json_rows=[p.as_dict() for p in points])
    if out is not None:

        def chart() -> Any:
            return series_figure(frame, f"{pair.label} ({measure})", points, measure)

        def page() -> str:
            import matplotlib.pyplot as plt

            title = f"{pair.label}: turning points"
            if empty is not None:
                return html_page(title, [("", empty)])
            fig = chart()
            sections: list[tuple[str, Any]] = [("", fig)]
            if reason is not None:
                sections.append(("Turning points", reason))
            else:
                sections.append(("Turning points", summary))
            for p in points:
                sections.append((f"Events around {p.period}", pd.DataFrame(p.top_events)))
            try:
                return html_page(title, sections)
            finally:
                plt.close(fig)

        _write_out(out, flat, chart=chart, page=page)


def _dyads(text: str) -> list[Dyad]:
    """The dyads of --dyads, each once (a dyad named twice is a usage error)."""
    pairs = [_dyad(item, "--dyads") for item in text.split(",") if item.strip()]
    if not pairs:
        raise click.BadParameter("give at least one dyad, e.g. KHM-USA", param_hint="'--dyads'")
    repeated = list(dict.fromkeys(p.label for p in pairs if pairs.count(p) > 1))
    if repeated:
        raise click.BadParameter(
            f"{', '.join(repeated)} is given twice; name each dyad once", param_hint="'--dyads'"
        )
    return pairs


@events.command()
@click.option("--dyads", required=True, help="Comma-separated dyads, e.g. KHM-USA,VNM-USA.")
@_series_options
@_fill_option
@click.option(
    "--direction",
    type=click.Choice(["both", "forward", "backward"]),
    default="both",
    show_default=True,
    help="forward: the first country of each dyad acts on the second.",
)
@_measure_option("Which series to chart and tabulate.")
@_output_options
@_db_option
@click.pass_context
@_errors
def compare(
    ctx: click.Context,
    dyads: str,
    freq: str,
    actor_types: str | None,
    start: datetime | None,
    end: datetime | None,
    fill: bool,
    direction: str,
    measure: str,
    fmt: str,
    out: Path | None,
    db: Path | None,
) -> None:
    """Several dyads side by side over the same periods (table and chart).

    The table shows events and the chosen measure per dyad, for every period in which
    one of them has events (all periods of the range with --fill); json and csv give one
    row per dyad and period with every series column.

    Example:

        crossroads events compare --dyads KHM-USA,VNM-USA,THA-USA --out compare.html
    """
    from crossroads.events.charts import compare_figure, html_page
    from crossroads.events.compare import compare_dyads, compare_wide
    from crossroads.events.series import no_events_reason

    pairs = _dyads(dyads)
    types = _actor_types(actor_types)
    first, last = _day(start), _day(end)
    with _reader(db) as con:
        frame = compare_dyads(
            con,
            pairs,
            freq,
            direction=direction,
            actor_types=types,
            start=first,
            end=last,
            fill=fill,
        )
        found = set(frame["dyad"])
        reasons = [
            no_events_reason(con, p, _db_name(db), actor_types=types, start=first, end=last)
            for p in pairs
            if p.label not in found
        ]
    for reason in reasons:
        _say(reason, out, chartable=not frame.empty)
    wide = compare_wide(frame, ("events", measure))
    if _wants_stdout(ctx, out):
        if fmt == "table":
            from crossroads.events.output import rich_table

            if not frame.empty:
                Console().print(rich_table(wide, title=f"Dyads by {freq} ({direction})"))
        else:
            _print_data(fmt, frame, title="")
    if out is not None:

        def chart() -> Any:
            return compare_figure(frame, measure)

        def page() -> str:
            import matplotlib.pyplot as plt

            notes = [("", reason) for reason in reasons]
            if frame.empty:
                return html_page("Dyads compared", notes)
            fig = chart()
            try:
                return html_page("Dyads compared", [*notes, ("", fig), ("By period", wide)])
            finally:
                plt.close(fig)

        _write_out(out, frame, chart=chart, page=page)


@events.command()
@click.option("--dyad", required=True, help="Two countries, e.g. KHM-USA.")
@click.option(
    "--month",
    "--period",
    "period",
    required=True,
    help="The period: 2024-12 (month), 2024-Q4 (quarter) or 2024-W49 (ISO week).",
)
@click.option("--limit", type=click.IntRange(1), default=10, show_default=True)
@click.option("--actor-types", default=None, help="Only actors of these types, e.g. GOV,MIL.")
@_output_options
@_db_option
@click.pass_context
@_errors
def top(
    ctx: click.Context,
    dyad: str,
    period: str,
    limit: int,
    actor_types: str | None,
    fmt: str,
    out: Path | None,
    db: Path | None,
) -> None:
    """The most mentioned events of a dyad in one period, with their source URLs.

    Example:

        crossroads events top --dyad KHM-USA --month 2024-12
    """
    from crossroads.events.charts import html_page
    from crossroads.events.series import no_events_reason, top_events

    pair = _dyad(dyad)
    try:
        first, after, _ = parse_period(period)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="'--month'") from exc
    types = _actor_types(actor_types)
    with _reader(db) as con:
        frame = top_events(con, pair, first, after, limit=limit, actor_types=types)
        reason = None
        if frame.empty:
            last = after - timedelta(days=1)
            reason = no_events_reason(
                con, pair, _db_name(db), actor_types=types, start=first, end=last
            )
    _say(reason)
    if _wants_stdout(ctx, out) and not (reason and fmt == "table"):
        shown = frame
        if fmt == "table":
            shown = frame[
                [
                    "event_date",
                    "direction",
                    "actor1_name",
                    "actor2_name",
                    "event_code",
                    "event",
                    "goldstein",
                    "num_mentions",
                    "source_url",
                ]
            ]
        _print_data(fmt, shown, title=f"{pair.label} {period}: top events")
    if out is not None:

        def page() -> str:
            body = frame if reason is None else reason
            return html_page(f"{pair.label} {period}: top events", [("Events", body)])

        _write_out(out, frame, chart=None, page=page)


@events.command()
@click.option("--from", "start", type=click.DateTime(["%Y-%m-%d"]), required=True)
@click.option("--to", "end", type=click.DateTime(["%Y-%m-%d"]), required=True)
@click.option(
    "--dest",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help=f"Download directory (default: {user_data_dir() / 'gdelt'}).",
)
@click.option(
    "--base-url",
    default=None,
    callback=_http_url,
    help="Server directory with masterfilelist.txt, http(s) (default: GDELT 2.0's).",
)
@click.option("--ingest/--no-ingest", "then_ingest", default=False, help="Ingest the files.")
@click.option("--timeout", type=float, default=60, show_default=True, help="Seconds per request.")
@click.option(
    "--max-redirects",
    type=click.IntRange(0),
    default=5,
    show_default=True,
    help="Redirects followed per request (only to http(s) URLs).",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@_db_option
@_errors
def fetch(
    start: datetime,
    end: datetime,
    dest: Path | None,
    base_url: str | None,
    then_ingest: bool,
    timeout: float,
    max_redirects: int,
    quiet: bool,
    db: Path | None,
) -> None:
    """Download GDELT 2.0 event exports for a date range (needs the network).

    Reads the master file list, downloads each 15-minute export of the range, checks
    its MD5, skips files already complete, and re-downloads bad ones once. A download
    stops at the size the list gives (a larger file is reported, not retried).

    Example:

        crossroads events fetch --from 2024-12-01 --to 2024-12-07 --ingest
    """
    from crossroads.events.fetch import DEFAULT_BASE_URL, fetch_exports

    if end < start:
        raise click.BadParameter("--to is before --from", param_hint="'--to'")
    target = dest or user_data_dir() / "gdelt"
    with Progress(
        TextColumn("[bold]Downloading"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeElapsedColumn(),
        console=_stderr(),
        transient=True,
        disable=quiet,
    ) as progress:
        task = progress.add_task("fetch", total=None)
        report = fetch_exports(
            start.date(),
            end.date(),
            target,
            base_url=base_url or DEFAULT_BASE_URL,
            timeout=timeout,
            max_redirects=max_redirects,
            on_start=lambda files: progress.update(task, total=sum(f.size for f in files)),
            on_bytes=lambda n: progress.advance(task, n),
        )
    click.echo(
        f"{len(report.downloaded)} downloaded, {len(report.skipped)} already there, "
        f"{len(report.failed)} failed, in {target}",
        err=True,
    )
    for name, problem in report.failed:
        click.echo(f"Error: {name}: {problem}", err=True)
    if then_ingest and report.files:
        con = open_store(db)
        try:
            result = ingest_lib.ingest_files(con, sorted(report.files))
        finally:
            con.close()
        click.echo(
            f"Ingested: {result.rows} new, {result.already_present} already present, "
            f"from {len(result.files)} files",
            err=True,
        )
        for bad in result.failed:
            click.echo(f"Error: {bad.path}: {bad.error}", err=True)
        if result.failed:
            sys.exit(1)
    if report.failed:
        sys.exit(1)
