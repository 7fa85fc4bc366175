"""Several dyads side by side, over one common range of periods."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import duckdb
import pandas as pd

from crossroads.events.series import (
    SERIES_COLUMNS,
    Dyad,
    dyad_filter_sql,
    dyad_series,
    query_params,
)


def _date_range(
    con: duckdb.DuckDBPyConnection, dyads: Sequence[Dyad], actor_types: Sequence[str] | None
) -> tuple[date | None, date | None]:
    lows, highs = [], []
    for dyad in dyads:
        row = con.execute(
            "SELECT min(event_date), max(event_date) FROM events WHERE "
            + dyad_filter_sql(actor_types),
            query_params(dyad, actor_types, None, None),
        ).fetchone()
        if row and row[0] is not None:
            lows.append(row[0])
            highs.append(row[1])
    return (min(lows) if lows else None, max(highs) if highs else None)


def compare_dyads(
    con: duckdb.DuckDBPyConnection,
    dyads: Sequence[Dyad],
    freq: str = "month",
    *,
    direction: str = "both",
    actor_types: Sequence[str] | None = None,
    start: date | None = None,
    end: date | None = None,
) -> pd.DataFrame:
    """The series of several dyads over the same periods, in long form.

    Args:
        con: The events database.
        dyads: The dyads to compare.
        freq: "week", "month" or "quarter".
        direction: "both", or "forward" (first country acts on the second) or "backward".
        actor_types: As in :func:`crossroads.events.series.dyad_series`.
        start: First day (None: the earliest event of any of the dyads).
        end: Last day (None: the latest event of any of the dyads).

    Returns:
        A ``dyad`` column followed by the series columns; one row per dyad and period.
    """
    if direction not in ("both", "forward", "backward"):
        raise ValueError(f"unknown direction {direction!r}; use both, forward or backward")
    low, high = _date_range(con, dyads, actor_types)
    start = start or low
    end = end or high
    frames = []
    for dyad in dyads:
        series = dyad_series(con, dyad, freq, actor_types=actor_types, start=start, end=end)
        wanted = {"both": "both", "forward": dyad.directions[0], "backward": dyad.directions[1]}
        series = series[series["direction"] == wanted[direction]]
        frames.append(series.assign(dyad=dyad.label))
    if not frames:
        return pd.DataFrame(columns=["dyad", *SERIES_COLUMNS])
    frame = pd.concat(frames, ignore_index=True)
    return frame[["dyad", *SERIES_COLUMNS]]


def compare_wide(
    frame: pd.DataFrame, measures: Sequence[str] = ("events", "goldstein_mean")
) -> pd.DataFrame:
    """Pivot a comparison to one row per period and one column per dyad and measure.

    Args:
        frame: The output of :func:`compare_dyads`.
        measures: Series columns to show.

    Returns:
        Columns ``period`` then ``<dyad> <measure>`` for each dyad and measure.
    """
    if frame.empty:
        return pd.DataFrame(columns=["period"])
    wide = frame.pivot(index="period", columns="dyad", values=list(measures))
    dyads = list(dict.fromkeys(frame["dyad"]))
    columns = {f"{d} {m}": wide[(m, d)] for d in dyads for m in measures}
    return pd.DataFrame(columns).reset_index()
