"""Several dyads side by side, over one common range of periods."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import duckdb
import pandas as pd

from crossroads.events.series import (
    COUNT_COLUMNS,
    SERIES_COLUMNS,
    Dyad,
    dyad_filter_sql,
    dyad_series,
    fill_gaps,
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
    fill: bool = False,
) -> pd.DataFrame:
    """The series of several dyads, in long form.

    Args:
        con: The events database.
        dyads: The dyads to compare, each once.
        freq: "week", "month" or "quarter".
        direction: "both", or "forward" (first country acts on the second) or "backward".
        actor_types: As in :func:`crossroads.events.series.dyad_series`.
        start: First day (None: the earliest event of any of the dyads).
        end: Last day (None: the latest event of any of the dyads).
        fill: Give every dyad every period of the common range, zero where it has none.

    Returns:
        A ``dyad`` column followed by the series columns; one row per dyad and period.

    Raises:
        ValueError: a dyad is given twice, or the direction is unknown.
    """
    if direction not in ("both", "forward", "backward"):
        raise ValueError(f"unknown direction {direction!r}; use both, forward or backward")
    repeated = sorted({d.label for d in dyads if dyads.count(d) > 1})
    if repeated:
        raise ValueError(f"{', '.join(repeated)} given twice; give each dyad once")
    low, high = _date_range(con, dyads, actor_types) if fill else (None, None)
    frames = []
    for dyad in dyads:
        series = dyad_series(con, dyad, freq, actor_types=actor_types, start=start, end=end)
        if fill:
            series = fill_gaps(series, start=start or low, end=end or high)
        wanted = {"both": "both", "forward": dyad.directions[0], "backward": dyad.directions[1]}
        series = series[series["direction"] == wanted[direction]]
        frames.append(series.assign(dyad=dyad.label))
    frames = [f for f in frames if not f.empty]
    if not frames:
        return pd.DataFrame(columns=["dyad", *SERIES_COLUMNS])
    frame = pd.concat(frames, ignore_index=True)
    return frame[["dyad", *SERIES_COLUMNS]]


def compare_wide(
    frame: pd.DataFrame, measures: Sequence[str] = ("events", "goldstein_mean")
) -> pd.DataFrame:
    """One row per period (of any dyad) and one column per dyad and measure.

    Args:
        frame: The output of :func:`compare_dyads`.
        measures: Series columns to show.

    Returns:
        Columns ``period`` then ``<dyad> <measure>`` for each dyad and measure. Counts
        stay integers, 0 where a dyad has no event in a period; means are empty there.
    """
    if frame.empty:
        return pd.DataFrame(columns=["period"])
    periods = frame.drop_duplicates("period").sort_values("period_start")["period"].tolist()
    wide = pd.DataFrame({"period": periods})
    for dyad in dict.fromkeys(frame["dyad"]):
        part = frame[frame["dyad"] == dyad].set_index("period")
        for measure in measures:
            column = part[measure].reindex(periods)
            if measure in COUNT_COLUMNS:
                column = column.fillna(0).astype("int64")
            wide[f"{dyad} {measure}"] = column.to_numpy()
    return wide
