"""The --dyad argument: two countries, by code or name, in any case."""

from __future__ import annotations

import pytest

from crossroads.dyad import parse_dyad, resolve_country
from crossroads.errors import UnknownCountry


@pytest.mark.parametrize(
    ("arg", "expected"),
    [
        ("KHM-USA", ("KHM", "USA")),
        ("Cambodia-United States", ("KHM", "USA")),
        ("cambodia,us", ("KHM", "USA")),
        ("Vietnam-US", ("VNM", "USA")),
        ("US-China", ("USA", "CHN")),
        ("Philippines/China", ("PHL", "CHN")),
        ("japan - china", ("JPN", "CHN")),
        ("Australia,China", ("AUS", "CHN")),
        ("Thailand-U.S.", ("THA", "USA")),
        ("India-Pakistan", ("IND", "PAK")),
        ("Brazil-Argentina", ("BRA", "ARG")),
        ("Guinea-Bissau,Senegal", ("GNB", "SEN")),
        ("Guinea-Bissau-Senegal", ("GNB", "SEN")),
        ("Timor-Leste-Australia", ("TLS", "AUS")),
        ("Trinidad and Tobago-Jamaica", ("TTO", "JAM")),
        ("vnm-chn", ("VNM", "CHN")),
        ("South Korea-North Korea", ("KOR", "PRK")),
    ],
)
def test_parse_dyad_accepts_codes_and_names(arg: str, expected: tuple[str, str]) -> None:
    assert parse_dyad(arg) == expected


def test_unknown_side_is_named() -> None:
    with pytest.raises(UnknownCountry) as err:
        parse_dyad("Xyzland-USA")
    assert err.value.subject == "Xyzland"
    assert "unknown country 'Xyzland' in --dyad" in err.value.problem
    assert "KHM-USA" in err.value.problem


def test_one_side_only_is_refused() -> None:
    with pytest.raises(UnknownCountry) as err:
        parse_dyad("Cambodia")
    assert err.value.subject == "Cambodia"


def test_the_same_country_twice_is_refused() -> None:
    with pytest.raises(UnknownCountry):
        parse_dyad("KHM-Cambodia")


def test_organisations_are_not_countries() -> None:
    with pytest.raises(UnknownCountry):
        parse_dyad("ASEAN-USA")


def test_resolve_country() -> None:
    assert resolve_country("Viet Nam") == "VNM"
    assert resolve_country("the Philippines") == "PHL"
    assert resolve_country("usa") == "USA"
    assert resolve_country("Kosovo") == "XKX"
    assert resolve_country("Taiwan") == "TWN"
    with pytest.raises(UnknownCountry):
        resolve_country("Atlantis")
