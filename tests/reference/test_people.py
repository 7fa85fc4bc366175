"""Officials as transcripts and letterheads name them, resolved to their country and term."""

from __future__ import annotations

from crossroads.reference.people import people


def test_a_family_name_written_first_is_the_same_person() -> None:
    term = people().resolve("Foreign Minister KAMIKAWA Yoko", "2024-06-14")
    assert term is not None and (term.name, term.code) == ("Yoko Kamikawa", "JPN")


def test_a_transcripts_label_is_resolved_through_its_brackets_and_long_titles() -> None:
    martin = people().resolve("An Tánaiste (Deputy Micheál Martin)", "2024-01-24")
    assert martin is not None and martin.code == "IRL"
    label = "Minister for Foreign Affairs MARIA MALMER STENERGARD (M)"
    sweden = people().resolve(label, "2025-03-14")
    assert sweden is not None and sweden.code == "SWE"


def test_an_office_and_a_family_name_resolve_only_for_an_official_of_that_date() -> None:
    manalo = people().resolve("Secretary Manalo", "2024-05-01")
    assert manalo is not None and manalo.code == "PHL"
    assert people().resolve("Secretary Manalo", "2015-05-01") is None  # not yet in office
    assert people().resolve("Mr Manalo", "2024-05-01") is None  # no office, no guess
    assert people().resolve("Manalo", "2024-05-01") is None
