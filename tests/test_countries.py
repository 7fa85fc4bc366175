"""The one country resolver: names and codes to ISO3 and back, for every part of Crossroads."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import crossroads
from crossroads.countries import country_code, country_name, resolve_country
from crossroads.errors import UnknownCountry
from crossroads.events.countries import map_country_names
from crossroads.render.markdown import party_name


def test_resolve_country() -> None:
    assert resolve_country("Viet Nam") == "VNM"
    assert resolve_country("the Philippines") == "PHL"
    assert resolve_country("usa") == "USA"
    assert resolve_country("Kosovo") == "XKX"
    assert resolve_country("Taiwan") == "TWN"
    with pytest.raises(UnknownCountry) as err:
        resolve_country("Atlantis")
    assert err.value.subject == "Atlantis"


@pytest.mark.parametrize(
    ("name", "code"),
    [
        # Names as ICEWS files write them: listing forms, old names, no accents.
        ("Korea, South", "KOR"),
        ("Korea, North", "PRK"),
        ("Congo, Democratic Republic of the", "COD"),
        ("Congo, Republic of the", "COG"),
        ("Iran, Islamic Republic of", "IRN"),
        ("St. Kitts and Nevis", "KNA"),
        ("St. Vincent and the Grenadines", "VCT"),
        ("Occupied Palestinian Territory", "PSE"),
        ("Burma", "MMR"),
        ("Swaziland", "SWZ"),
        ("Curacao", "CUW"),
        ("Reunion", "REU"),
        ("Serbia and Montenegro", "SCG"),
        ("Netherlands Antilles", "ANT"),
        ("United States of America", "USA"),
        (' "Cambodia" ', "KHM"),
    ],
)
def test_event_data_names_resolve(name: str, code: str) -> None:
    assert country_code(name) == code


def test_organisations_and_unknown_names_are_no_country() -> None:
    assert country_code("ASEAN") is None
    assert country_code("Atlantis") is None
    assert country_code("") is None
    assert map_country_names(["Cambodia", "Atlantis", "Cambodia"]) == {
        "Cambodia": "KHM",
        "Atlantis": None,
    }


def test_names_of_codes_are_the_same_in_reports() -> None:
    assert country_name("VNM") == "Vietnam"
    assert country_name("RUS") == "Russia"
    assert country_name("ASEAN") == "ASEAN"
    assert [party_name(code) for code in ("USA", "VNM", "author", "ASEAN")] == [
        "United States",
        "Vietnam",
        "Author",
        "ASEAN",
    ]


def test_only_the_resolver_and_the_gazetteer_look_countries_up() -> None:
    """pycountry's countries are read by the gazetteer alone (its languages name a document's
    language elsewhere); no module keeps its own alias table."""
    root = Path(crossroads.__file__).parent
    users = sorted(
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if re.search(
            r"pycountry\.(?:countries|historic_countries)|from pycountry import",
            path.read_text("utf-8"),
            re.M,
        )
    )
    assert users == ["annotate/actors.py"]
