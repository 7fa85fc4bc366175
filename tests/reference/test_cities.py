"""Towns that tie a quoted person to a country: whole names, longest first."""

from __future__ import annotations

from crossroads.reference.cities import Cities, cities


def test_a_town_is_found_as_a_whole_word_and_before_based() -> None:
    assert cities().find("a money changer in Kambove said") == ["COD"]
    assert cities().find("a Mombasa-based analyst") == ["KEN"]
    assert cities().find("Kambovers") == []


def test_the_longest_name_wins_and_names_do_not_overlap() -> None:
    towns = Cities({"Santa Rosa": "ARG", "Santa Rosa de Copán": "HND", "Rosa": "XXX"})
    assert towns.find("traders from Santa Rosa de Copán and Santa Rosa") == ["HND", "ARG"]


def test_a_name_that_begins_or_ends_with_punctuation_is_found() -> None:
    towns = Cities({"'s-Hertogenbosch": "NLD", "Homyel'": "BLR"})
    assert towns.find("a councillor in 's-Hertogenbosch") == ["NLD"]
    assert towns.find("Homyel' traders") == ["BLR"]
