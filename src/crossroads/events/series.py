"""Dyadic event series: counts by QuadClass, Goldstein and tone per period and direction.

A dyad (A, B) matches events whose actor countries are A and B in either order. Each
period has three rows: ``A>B`` (A is Actor1, the one who acts), ``B>A``, and ``both``.
A series holds the periods with events; :func:`fill_gaps` (``fill=True``) adds the
empty periods between first and last (or the requested range) with zero counts and
empty means, which charts need to show the silences.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta

import duckdb
import pandas as pd

from crossroads.cameo import describe
from crossroads.dyad import Dyad

FREQUENCIES = ("week", "month", "quarter")

#: Series columns a turning-point search or a comparison chart can follow.
MEASURES = ("goldstein_mean", "goldstein_weighted", "tone_mean", "conflict_share")

SERIES_COLUMNS = (
    "period",
    "period_start",
    "direction",
    "events",
    "quad1",
    "quad2",
    "quad3",
    "quad4",
    "conflict_share",
    "goldstein_mean",
    "goldstein_weighted",
    "tone_mean",
    "mentions",
)


def period_start(day: date, freq: str) -> date:
    """Return the first day of the period that holds ``day``.

    Args:
        day: A date.
        freq: "week" (ISO weeks, from Monday), "month" or "quarter".

    Returns:
        The period's first day.
    """
    if freq == "week":
        return day - timedelta(days=day.weekday())
    if freq == "month":
        return day.replace(day=1)
    if freq == "quarter":
        return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    raise ValueError(f"unknown frequency {freq!r}; use one of {', '.join(FREQUENCIES)}")


def next_period(start: date, freq: str) -> date:
    """Return the first day of the period after the one starting on ``start``."""
    if freq == "week":
        return start + timedelta(days=7)
    months = 1 if freq == "month" else 3
    month = start.month - 1 + months
    return date(start.year + month // 12, month % 12 + 1, 1)


def period_label(start: date, freq: str) -> str:
    """Label a period: ``2024-12``, ``2024-Q4`` or ISO week ``2024-W49``."""
    if freq == "week":
        year, week, _ = start.isocalendar()
        return f"{year}-W{week:02d}"
    if freq == "quarter":
        return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
    return f"{start.year}-{start.month:02d}"


def parse_period(text: str) -> tuple[date, date, str]:
    """Parse a period label into its first day, the next period's first day and its freq.

    Args:
        text: ``2024-12`` (month), ``2024-Q4`` (quarter) or ``2024-W49`` (ISO week).

    Returns:
        (start, end exclusive, freq).

    Raises:
        ValueError: The text is none of those forms.
    """
    value = text.strip().upper()
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})", value):
        year, month = int(m[1]), int(m[2])
        if 1 <= month <= 12:
            start = date(year, month, 1)
            return start, next_period(start, "month"), "month"
    if m := re.fullmatch(r"(\d{4})-Q([1-4])", value):
        start = date(int(m[1]), 3 * (int(m[2]) - 1) + 1, 1)
        return start, next_period(start, "quarter"), "quarter"
    if m := re.fullmatch(r"(\d{4})-W(\d{1,2})", value):
        try:
            start = date.fromisocalendar(int(m[1]), int(m[2]), 1)
        except ValueError:
            pass
        else:
            return start, start + timedelta(days=7), "week"
    raise ValueError(f"{text!r} is not a period like 2024-12, 2024-Q4 or 2024-W49")


def dyad_filter_sql(actor_types: Sequence[str] | None) -> str:
    """The WHERE clause matching a dyad ($a, $b) and, optionally, actor types ($types)."""
    sql = (
        "((actor1_country = $a AND actor2_country = $b)"
        " OR (actor1_country = $b AND actor2_country = $a))"
    )
    if actor_types:
        for n in (1, 2):
            sql += (
                f" AND (actor{n}_type1 IN (SELECT unnest($types))"
                f" OR actor{n}_type2 IN (SELECT unnest($types))"
                f" OR actor{n}_type3 IN (SELECT unnest($types)))"
            )
    return sql


def _range_sql(start: date | None, end: date | None) -> str:
    sql = ""
    if start is not None:
        sql += " AND event_date >= $start"
    if end is not None:
        sql += " AND event_date <= $end"
    return sql


def query_params(
    dyad: Dyad,
    actor_types: Sequence[str] | None,
    start: date | None,
    end: date | None,
) -> dict[str, object]:
    """Named parameters for :func:`dyad_filter_sql` plus a date range."""
    params: dict[str, object] = {"a": dyad.a, "b": dyad.b}
    if actor_types:
        params["types"] = [t.upper() for t in actor_types]
    if start is not None:
        params["start"] = start
    if end is not None:
        params["end"] = end
    return params


def dyad_series(
    con: duckdb.DuckDBPyConnection,
    dyad: Dyad,
    freq: str = "month",
    *,
    actor_types: Sequence[str] | None = None,
    start: date | None = None,
    end: date | None = None,
    fill: bool = False,
) -> pd.DataFrame:
    """Compute the event series of a dyad.

    Args:
        con: The events database.
        dyad: The two countries.
        freq: "week", "month" or "quarter".
        actor_types: Keep only events where both actors carry one of these CAMEO type
            codes (Type1, Type2 or Type3), e.g. ``["GOV", "MIL"]``.
        start: First day to include (None: from the first event).
        end: Last day to include (None: to the last event).
        fill: Also give the periods without events (see :func:`fill_gaps`).

    Returns:
        One row per period and direction, with the columns of :data:`SERIES_COLUMNS`.
        ``goldstein_weighted`` weights each event's Goldstein score by its NumMentions;
        ``conflict_share`` is (quad3 + quad4) / events.
    """
    if freq not in FREQUENCIES:
        raise ValueError(f"unknown frequency {freq!r}; use one of {', '.join(FREQUENCIES)}")
    sql = f"""
        WITH ev AS (
            SELECT date_trunc('{freq}', event_date)::DATE AS period_start,
                   CASE WHEN actor1_country = $a THEN 0 ELSE 1 END AS dir,
                   quad_class, goldstein, num_mentions, avg_tone
            FROM events
            WHERE {dyad_filter_sql(actor_types)}{_range_sql(start, end)}
        )
        SELECT period_start, coalesce(dir, 2) AS dir,
               count(*) AS events,
               count(*) FILTER (WHERE quad_class = 1) AS quad1,
               count(*) FILTER (WHERE quad_class = 2) AS quad2,
               count(*) FILTER (WHERE quad_class = 3) AS quad3,
               count(*) FILTER (WHERE quad_class = 4) AS quad4,
               avg(goldstein) AS goldstein_mean,
               sum(goldstein * num_mentions)
                   / nullif(sum(num_mentions) FILTER (WHERE goldstein IS NOT NULL), 0)
                   AS goldstein_weighted,
               avg(avg_tone) AS tone_mean,
               coalesce(sum(num_mentions), 0) AS mentions
        FROM ev
        GROUP BY GROUPING SETS ((period_start, dir), (period_start))
    """
    found = con.execute(sql, query_params(dyad, actor_types, start, end)).df()
    series = _complete(found, dyad, freq)
    return fill_gaps(series, start=start, end=end) if fill else series


#: Series columns that count things (integers; 0 for a period without events).
COUNT_COLUMNS = ("events", "quad1", "quad2", "quad3", "quad4", "mentions")
_MEANS = ("goldstein_mean", "goldstein_weighted", "tone_mean")


def _complete(found: pd.DataFrame, dyad: Dyad, freq: str) -> pd.DataFrame:
    """Give each period with events its three directions; add labels and shares."""
    if found.empty:
        return pd.DataFrame(columns=list(SERIES_COLUMNS))
    starts = [pd.Timestamp(s).date() for s in found["period_start"]]
    found = found.assign(period_start=starts).set_index(["period_start", "dir"])
    index = pd.MultiIndex.from_product(
        [sorted(set(starts)), [0, 1, 2]], names=["period_start", "dir"]
    )
    frame = found.reindex(index).reset_index()
    frame["direction"] = [dyad.directions[d] for d in frame["dir"]]
    frame["period"] = [period_label(p, freq) for p in frame["period_start"]]
    return _typed(frame)


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    """Counts as integers (0 where a period has none), means as floats, the share."""
    for column in COUNT_COLUMNS:
        frame[column] = frame[column].fillna(0).astype("int64")
    for column in _MEANS:
        frame[column] = frame[column].astype("float64")
    events = frame["events"].where(frame["events"] > 0)
    frame["conflict_share"] = (frame["quad3"] + frame["quad4"]) / events
    return frame[list(SERIES_COLUMNS)].reset_index(drop=True)


def series_freq(series: pd.DataFrame) -> str:
    """The frequency of a non-empty series, read from its period labels."""
    return parse_period(str(series["period"].iloc[0]))[2]


def calendar(first: date, last: date, freq: str) -> list[date]:
    """The first days of every period from the one holding ``first`` to ``last``'s."""
    periods, current = [], period_start(first, freq)
    while current <= last:
        periods.append(current)
        current = next_period(current, freq)
    return periods


def fill_gaps(
    series: pd.DataFrame, *, start: date | None = None, end: date | None = None
) -> pd.DataFrame:
    """Pad a series with the periods that have no events: zero counts, empty means.

    Args:
        series: A (non-filled) output of :func:`dyad_series`; an empty one is returned
            as it is.
        start: Pad from the period of this day (None: the series' first period).
        end: Pad to the period of this day (None: the series' last period).

    Returns:
        The series with every period from first to last, each with its directions.
    """
    if series.empty:
        return series
    freq = series_freq(series)
    starts = series["period_start"]
    periods = calendar(start or min(starts), end or max(starts), freq)
    directions = list(dict.fromkeys(series["direction"]))
    index = pd.MultiIndex.from_product([periods, directions], names=["period_start", "direction"])
    frame = series.set_index(["period_start", "direction"]).reindex(index).reset_index()
    frame["period"] = [period_label(p, freq) for p in frame["period_start"]]
    return _typed(frame)


def count_events(
    con: duckdb.DuckDBPyConnection,
    dyad: Dyad | None = None,
    *,
    actor_types: Sequence[str] | None = None,
    start: date | None = None,
    end: date | None = None,
) -> int:
    """How many events the database holds: in all, or of a dyad and selection."""
    if dyad is None:
        row = con.execute("SELECT count(*) FROM events").fetchone()
    else:
        row = con.execute(
            f"SELECT count(*) FROM events WHERE {dyad_filter_sql(actor_types)}"
            + _range_sql(start, end),
            query_params(dyad, actor_types, start, end),
        ).fetchone()
    return int(row[0]) if row else 0


def no_events_reason(
    con: duckdb.DuckDBPyConnection,
    dyad: Dyad,
    db: str,
    *,
    actor_types: Sequence[str] | None = None,
    start: date | None = None,
    end: date | None = None,
) -> str:
    """Say in one line why a dyad's series is empty, and what to do about it.

    Args:
        con: The events database.
        dyad: The dyad whose series is empty.
        db: The database as the user knows it (its path).
        actor_types: The selection that was asked for.
        start: As asked.
        end: As asked.

    Returns:
        E.g. ``"No events for KHM-USA in the events database x.duckdb (120 events in
        all); ingest files that cover KHM and USA with `crossroads events ingest`"``.
    """
    total = count_events(con)
    if total == 0:
        return (
            f"No events for {dyad.label}: the events database {db} is empty; ingest GDELT"
            " or ICEWS files with `crossroads events ingest`"
        )
    of_dyad = count_events(con, dyad)
    if of_dyad == 0:
        return (
            f"No events for {dyad.label} in the events database {db} ({total:,} events in"
            f" all); ingest files that cover {dyad.a} and {dyad.b} with"
            " `crossroads events ingest`"
        )
    selection = []
    if start is not None:
        selection.append(f"from {start.isoformat()}")
    if end is not None:
        selection.append(f"to {end.isoformat()}")
    if actor_types:
        selection.append("with actor types " + ",".join(actor_types))
    asked = " ".join(selection) or "in this selection"
    return (
        f"No events for {dyad.label} {asked} ({of_dyad:,} {dyad.label} events in all);"
        " widen --from/--to or --actor-types"
    )


def top_events(
    con: duckdb.DuckDBPyConnection,
    dyad: Dyad,
    start: date,
    end_exclusive: date,
    *,
    limit: int = 10,
    actor_types: Sequence[str] | None = None,
) -> pd.DataFrame:
    """The most-mentioned events of a dyad in a date range, with their source URLs.

    Args:
        con: The events database.
        dyad: The two countries (both directions).
        start: First day.
        end_exclusive: Day after the last day.
        limit: How many events.
        actor_types: As in :func:`dyad_series`.

    Returns:
        Rows with date, direction, actors, CAMEO code and its description, QuadClass,
        Goldstein, NumMentions, tone, source URL and dataset; most mentioned first.
    """
    params = query_params(dyad, actor_types, None, None)
    params.update({"lo": start, "hi": end_exclusive, "limit": limit})
    frame = con.execute(
        f"""
        SELECT event_date, actor1_country || '>' || actor2_country AS direction,
               actor1_name, actor2_name, event_code, quad_class, goldstein,
               num_mentions, avg_tone, source_url, dataset, event_id
        FROM events
        WHERE {dyad_filter_sql(actor_types)} AND event_date >= $lo AND event_date < $hi
        ORDER BY num_mentions DESC NULLS LAST, abs(goldstein) DESC NULLS LAST, event_id
        LIMIT $limit
        """,
        params,
    ).df()
    frame.insert(5, "event", [describe(code) for code in frame["event_code"]])
    frame["event_date"] = [pd.Timestamp(d).date() for d in frame["event_date"]]
    return frame
