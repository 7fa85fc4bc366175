"""State outlets named in a header, including abbreviations that two countries' outlets share."""

from __future__ import annotations

from crossroads.reference.outlets import outlets


def test_a_full_name_finds_its_country() -> None:
    assert [o.code for o in outlets().find("Editorial | Xinhua News Agency")] == ["CHN"]


def test_a_shared_abbreviation_follows_the_full_name_beside_it() -> None:
    found = outlets().find("VTV | Venezolana de Televisión | Opinión")
    assert {o.code for o in found} == {"VEN"}


def test_a_shared_abbreviation_alone_names_no_outlet() -> None:
    # Vietnam Television and Venezolana de Televisión are both "VTV"
    assert outlets().find("VTV commentary") == []
    assert [o.code for o in outlets().find("Vietnam Television (VTV)")] == ["VNM", "VNM"]
