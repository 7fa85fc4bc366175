"""Dyadic series: the numbers an analyst checks by hand for December 2024."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from crossroads.events import Dyad, dyad_series, open_store, parse_dyad, top_events
from crossroads.events.series import parse_period, period_label


@pytest.fixture()
def con(loaded: tuple[Path, object]):  # type: ignore[no-untyped-def]
    connection = open_store(loaded[0], read_only=True)
    yield connection
    connection.close()


def _row(frame, period: str, direction: str) -> dict:  # type: ignore[no-untyped-def]
    rows = frame[(frame["period"] == period) & (frame["direction"] == direction)]
    assert len(rows) == 1
    return rows.iloc[0].to_dict()


def test_december_both_directions(con) -> None:  # type: ignore[no-untyped-def]
    series = dyad_series(con, Dyad("KHM", "USA"), "month")
    both = _row(series, "2024-12", "both")
    # 042 (+1.9, 10 mentions), 036 (+4.0, 4), 112 (-2.0, 6), 163 (-8.0, 20), 061 (+6.4, 2)
    assert both["events"] == 5
    assert (both["quad1"], both["quad2"], both["quad3"], both["quad4"]) == (2, 1, 1, 1)
    assert both["goldstein_mean"] == pytest.approx(2.3 / 5)
    assert both["goldstein_weighted"] == pytest.approx(-124.2 / 42)
    assert both["tone_mean"] == pytest.approx(-1.6)
    assert both["conflict_share"] == pytest.approx(0.4)


def test_december_each_direction(con) -> None:  # type: ignore[no-untyped-def]
    series = dyad_series(con, parse_dyad("khm-usa"), "month")
    us_acts = _row(series, "2024-12", "USA>KHM")
    khm_acts = _row(series, "2024-12", "KHM>USA")
    assert us_acts["events"] == 3
    assert us_acts["goldstein_mean"] == pytest.approx((1.9 - 2.0 - 8.0) / 3)
    assert khm_acts["events"] == 2
    assert khm_acts["goldstein_mean"] == pytest.approx((4.0 + 6.4) / 2)


def test_dyad_order_only_changes_labels(con) -> None:  # type: ignore[no-untyped-def]
    forward = dyad_series(con, Dyad("KHM", "USA"), "month")
    backward = dyad_series(con, Dyad("USA", "KHM"), "month")
    assert _row(forward, "2024-12", "USA>KHM") == _row(backward, "2024-12", "USA>KHM")


def test_only_periods_with_events_unless_filled(con) -> None:  # type: ignore[no-untyped-def]
    # KHM-USA has events in 2012-01, 2023 and 2024-11/12: a filled series would have
    # over 150 months, nearly all empty.
    plain = dyad_series(con, Dyad("KHM", "USA"), "month")
    both = plain[plain["direction"] == "both"]
    assert (both["events"] > 0).all()
    assert both["period"].tolist()[:2] == ["2012-01", "2023-01"]
    assert both["period"].tolist()[-2:] == ["2024-11", "2024-12"]
    assert len(plain) == 3 * len(both)


def test_fill_pads_empty_months_with_zero_events(con) -> None:  # type: ignore[no-untyped-def]
    series = dyad_series(con, Dyad("KHM", "USA"), "month", start=date(2024, 10, 1), fill=True)
    both = series[series["direction"] == "both"]
    assert both["period"].tolist() == ["2024-10", "2024-11", "2024-12"]
    assert both["events"].tolist() == [0, 2, 5]
    assert both["goldstein_mean"].isna().tolist() == [True, False, False]
    unfilled = dyad_series(con, Dyad("KHM", "USA"), "month", start=date(2024, 10, 1))
    assert unfilled[unfilled["direction"] == "both"]["period"].tolist() == ["2024-11", "2024-12"]


def test_actor_types_keep_only_matching_actors(con) -> None:  # type: ignore[no-untyped-def]
    dyad = Dyad("KHM", "USA")
    gov = dyad_series(con, dyad, "month", actor_types=["GOV"], start=date(2024, 12, 1))
    gov_mil = dyad_series(con, dyad, "month", actor_types=["GOV", "MIL"], start=date(2024, 12, 1))
    assert _row(gov, "2024-12", "both")["events"] == 2  # 1001, 1002
    assert _row(gov_mil, "2024-12", "both")["events"] == 3  # and 1004 (USAGOV > KHMMIL)


def test_quarters_and_iso_weeks(con) -> None:  # type: ignore[no-untyped-def]
    quarters = dyad_series(con, Dyad("KHM", "USA"), "quarter", start=date(2024, 10, 1))
    assert _row(quarters, "2024-Q4", "both")["events"] == 7  # November 2 + December 5
    weeks = dyad_series(
        con,
        Dyad("KHM", "USA"),
        "week",
        start=date(2024, 12, 1),
        end=date(2024, 12, 31),
        fill=True,
    )
    # 3 Dec (Tue) and 5 Dec (Thu) are in ISO week 49; 1 Dec (Sun) belongs to week 48.
    assert _row(weeks, "2024-W49", "both")["events"] == 2
    assert weeks["period"].iloc[0] == "2024-W48"


def test_icews_and_gdelt_count_together(con) -> None:  # type: ignore[no-untyped-def]
    series = dyad_series(con, Dyad("KHM", "USA"), "month")
    march = _row(series, "2023-03", "both")
    # 3 GDELT events (3.4, 2.8, 4.0) + ICEWS 4001 (2.8), 4002 (-5), 4003 (3.0)
    assert march["events"] == 6
    assert march["goldstein_mean"] == pytest.approx(11.0 / 6)


def test_top_events_of_a_month_with_urls(con) -> None:  # type: ignore[no-untyped-def]
    frame = top_events(con, Dyad("KHM", "USA"), date(2024, 12, 1), date(2025, 1, 1), limit=2)
    assert frame["event_id"].tolist() == [1004, 1001]
    first = frame.iloc[0]
    assert first["source_url"] == "https://news.example.org/sanctions"
    assert first["direction"] == "USA>KHM"
    assert first["event"] == "Impose embargo, boycott, or sanctions"


@pytest.mark.parametrize(
    ("text", "start", "label"),
    [
        ("2024-12", date(2024, 12, 1), "2024-12"),
        ("2024-Q4", date(2024, 10, 1), "2024-Q4"),
        ("2024-W49", date(2024, 12, 2), "2024-W49"),
    ],
)
def test_periods_parse_and_label(text: str, start: date, label: str) -> None:
    first, _, freq = parse_period(text)
    assert first == start
    assert period_label(first, freq) == label
