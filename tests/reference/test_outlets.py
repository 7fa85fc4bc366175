"""State outlets named in a header, including abbreviations that two countries' outlets share;
independent papers on a masthead."""

from __future__ import annotations

import csv
from importlib import resources

import pycountry

from crossroads.reference.outlets import independent_masthead, outlets


def test_a_full_name_finds_its_country() -> None:
    assert [o.code for o in outlets().find("Editorial | Xinhua News Agency")] == ["CHN"]


def test_a_shared_abbreviation_follows_the_full_name_beside_it() -> None:
    found = outlets().find("VTV | Venezolana de Televisión | Opinión")
    assert {o.code for o in found} == {"VEN"}


def test_a_shared_abbreviation_alone_names_no_outlet() -> None:
    # Vietnam Television and Venezolana de Televisión are both "VTV"
    assert outlets().find("VTV commentary") == []
    assert [o.code for o in outlets().find("Vietnam Television (VTV)")] == ["VNM", "VNM"]


def test_no_outlet_is_both_state_owned_and_independent() -> None:
    data = resources.files("crossroads.data")
    rows = list(csv.DictReader(data.joinpath("independent_media.csv").read_text().splitlines()))
    assert len(rows) > 100
    assert all(pycountry.countries.get(alpha_3=r["country"]) for r in rows)
    state = {o.name.lower() for f in [r["outlet"] for r in rows] for o in outlets().find(f)}
    assert not state, f"listed as state media too: {sorted(state)}"


def test_an_independent_masthead_stands_alone_on_its_line() -> None:
    assert independent_masthead(["THE HINDU".title(), "Chennai, 4 May 2026"]) == "The Hindu"
    assert independent_masthead(["Source: Dawn"]) == "Dawn"
    assert independent_masthead(["Dawn of a new era on the Indus"]) is None


def test_a_name_with_its_article_needs_the_article_capitalised() -> None:
    # "The National" is an Abu Dhabi daily; a publisher's line naming a press authority is not it
    line = "Published by Al-Maaref House, an institution of the National Press Authority"
    assert outlets().find(line) == []
    assert [o.code for o in outlets().find("THE NATIONAL | Abu Dhabi")] == ["ARE"]
    assert [o.code for o in outlets().find("The National, 3 May 2026")] == ["ARE"]
