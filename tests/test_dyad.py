"""The --dyad argument: two countries, by code or name, in any case."""

from __future__ import annotations

import pytest

from crossroads.dyad import Dyad, parse_dyad
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


def test_a_dyad_is_a_pair_with_labels() -> None:
    dyad = parse_dyad("Cambodia-US")
    assert dyad == Dyad("KHM", "USA")
    first, second = dyad
    assert (first, second) == ("KHM", "USA")
    assert dyad.label == "KHM-USA"
    assert dyad.directions == ("KHM>USA", "USA>KHM", "both")


def test_every_command_reads_dyads_with_the_one_parser() -> None:
    """No module but crossroads.dyad splits a dyad argument itself."""
    from pathlib import Path

    import crossroads

    root = Path(crossroads.__file__).parent
    parsers = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if "def parse_dyad" in path.read_text(encoding="utf-8")
    ]
    assert parsers == ["dyad.py"]
