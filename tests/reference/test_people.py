"""Officials as transcripts and letterheads name them, resolved to their country and term."""

from __future__ import annotations

import pytest

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


def test_a_one_word_alias_names_its_official_only_while_in_office() -> None:
    ruto = people().resolve("Ruto", "2024-03-01")
    assert ruto is not None and (ruto.code, ruto.role) == ("KEN", "head-of-state")
    # Ruto was Kenya's deputy president in 2015, not a listed office: a family name alone
    # outside its dates is someone else's as likely as his
    assert people().resolve("Ruto", "2015-03-01") is None
    full = people().resolve("William Ruto", "2015-03-01")
    assert full is not None and full.code == "KEN"  # the full name is still his


@pytest.mark.parametrize(
    ("name", "date", "code"),
    [
        ("President Hakainde Hichilema", "2024-02-01", "ZMB"),
        ("Xiomara Castro", "2023-06-01", "HND"),
        ("Prime Minister Mia Mottley", "2024-01-10", "BRB"),
        ("Sitiveni Rabuka", "2023-05-01", "FJI"),
        ("Robert Golob", "2024-04-01", "SVN"),
        ("Paul Biya", "2022-11-01", "CMR"),
    ],
)
def test_officials_of_small_states_on_every_continent_resolve(
    name: str, date: str, code: str
) -> None:
    term = people().resolve(name, date)
    assert term is not None and term.code == code


def test_a_one_word_alias_shared_by_two_officials_picks_the_one_in_office() -> None:
    # Castro alone: Cuba's president in 2015, Honduras's in 2023
    assert (t := people().resolve("Castro", "2015-01-01")) is not None and t.code == "CUB"
    assert (t := people().resolve("Castro", "2023-06-01")) is not None and t.code == "HND"


def test_a_term_ending_in_a_month_covers_the_days_of_that_month() -> None:
    # Juan Ramón de la Fuente's term is dated to June 2025 only; a day in June is his.
    assert people().resolve("Secretary de la Fuente", "2025-06-17") is not None
    assert people().resolve("Secretary de la Fuente", "2025-07-02") is None


def test_a_title_alone_names_no_one() -> None:
    # transcripts label an unnamed speaker by title and a note ("Minister (translation):")
    assert people().resolve("Minister (translation)", "2025-05-01") is None
    assert people().resolve("Secretary", "2025-05-01") is None
