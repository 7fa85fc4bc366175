"""Actors: who a sentence names, as country and organisation codes, for any pair."""

from __future__ import annotations

import time

import pytest

from crossroads import registry
from crossroads.annotate.actors import gazetteer
from crossroads.context import Context
from crossroads.model import Document, Sentence


def found(text: str) -> list[tuple[str, str, str]]:
    return [(m.text, m.code, m.kind) for m in gazetteer().find(text)]


def codes(text: str) -> list[str]:
    return [m.code for m in gazetteer().find(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hanoi and Washington upgraded ties to a comprehensive partnership.", ["VNM", "USA"]),
        ("Manila accused Beijing of ramming its supply boat.", ["PHL", "CHN"]),
        ("Tokyo protested after Chinese ships entered Japanese waters.", ["JPN", "CHN", "JPN"]),
        (
            "Canberra wants a stable relationship with the People's Republic of China.",
            ["AUS", "CHN"],
        ),
        ("Bangkok and the United States of America resumed the Cobra Gold drills.", ["THA", "USA"]),
        ("New Delhi blamed Islamabad for the attack.", ["IND", "PAK"]),
        ("Brasília and Buenos Aires signed a nuclear pact.", ["BRA", "ARG"]),
        ("Viet Nam and the Lao PDR share a long border.", ["VNM", "LAO"]),
        ("The Kremlin and the White House traded accusations.", ["RUS", "USA"]),
        ("Burma, now Myanmar, borders Thailand.", ["MMR", "MMR", "THA"]),
        ("The DPRK fired a missile toward the ROK.", ["PRK", "KOR"]),
        ("Filipinos and Indonesians travel visa-free.", ["PHL", "IDN"]),
        ("Kenyan and Ethiopian runners dominated.", ["KEN", "ETH"]),
        (
            "Kosovo and Serbia met in Brussels with Taiwanese observers.",
            ["XKX", "SRB", "EU", "TWN"],
        ),
        ("Britain, the U.K. and Downing Street are one actor.", ["GBR", "GBR", "GBR"]),
    ],
)
def test_countries_capitals_and_demonyms_of_many_pairs(text: str, expected: list[str]) -> None:
    assert codes(text) == expected


def test_us_is_a_country_but_us_is_a_pronoun() -> None:
    assert found("Let us ask whether the US and the U.S. Navy differ.") == [
        ("US", "USA", "country"),
        ("U.S. Navy", "USA", "institution"),
    ]


def test_possessives_with_straight_and_curly_apostrophes() -> None:
    assert codes("China's claims and Cambodia’s answer") == ["CHN", "KHM"]
    assert [m.text for m in gazetteer().find("Cambodia’s answer")] == ["Cambodia"]


def test_hyphenated_dyads_and_sino_prefix_give_two_mentions() -> None:
    assert codes("US-China rivalry and Cambodia-US ties") == ["USA", "CHN", "KHM", "USA"]
    assert found("Sino-Japanese relations")[:1] == [("Sino", "CHN", "demonym")]
    assert codes("Sino-Japanese relations") == ["CHN", "JPN"]
    assert codes("the Thai-Cambodian border") == ["THA", "KHM"]


def test_offsets_point_into_the_text() -> None:
    text = "After talks in Phnom Penh, the Cambodian side thanked Japan."
    for m in gazetteer().find(text):
        assert text[m.start : m.end] == m.text


@pytest.mark.parametrize(
    "text",
    [
        "Ships crossed the South China Sea and the East China Sea.",
        "Fishing in the Gulf of Thailand and the Indian Ocean declined.",
        "Tension on the Korean Peninsula eased.",
        "She studied in New Mexico and at the Australian National University.",
        "The Washington Post and the New York Times covered it.",
        "A statue of George Washington stands there.",
        "Patrols in the West Philippine Sea and the Taiwan Strait grew.",
        "He ate turkey with a guinea pig; the china was broken.",
        "Growth in Latin America and South America slowed.",
        "She reported for the Bangkok Post and the Phnom Penh Post.",
        "He taught at the University of Tokyo.",
    ],
)
def test_places_papers_and_words_that_contain_a_country_are_not_mentions(text: str) -> None:
    assert found(text) == []


def test_hong_kong_is_its_own_code_not_china() -> None:
    assert codes("Hong Kong protesters marched.") == ["HKG"]


def test_ambiguous_names_count_only_as_countries() -> None:
    assert codes("Michael Jordan met officials in Amman.") == ["JOR"]
    assert codes("Jordan and Chad voted against.") == ["JOR", "TCD"]
    assert codes("Chad Smith plays drums.") == []
    assert codes("She moved to Atlanta, Georgia last year.") == []
    assert codes("Armenia, Georgia and Azerbaijan met.") == ["ARM", "GEO", "AZE"]
    assert codes("Turkey and Guinea abstained.") == ["TUR", "GIN"]
    assert codes("Guinea-Bissau and Equatorial Guinea and Papua New Guinea") == [
        "GNB",
        "GNQ",
        "PNG",
    ]


@pytest.mark.parametrize(
    ("text", "span", "code"),
    [
        ("The Cambodian Defense Ministry denied it.", "Cambodian Defense Ministry", "KHM"),
        ("China's foreign ministry said so.", "China's foreign ministry", "CHN"),
        (
            "the Ministry of Foreign Affairs of Vietnam said",
            "Ministry of Foreign Affairs of Vietnam",
            "VNM",
        ),
        ("the U.S. embassy issued a warning", "U.S. embassy", "USA"),
        ("the Chinese military responded", "Chinese military", "CHN"),
        ("Beijing's envoy protested", "Beijing's envoy", "CHN"),
        ("officials in Manila were furious", "officials in Manila", "PHL"),
        ("the President of Indonesia arrived", "President of Indonesia", "IDN"),
        ("Thai government spokesperson X", "Thai government spokesperson", "THA"),
        ("Senior Australian officials travelled", "Australian officials", "AUS"),
        ("US analysts doubted it", "US analysts", "USA"),
        ("Japan's Ministry of Defense said", "Japan's Ministry of Defense", "JPN"),
    ],
)
def test_generic_offices_take_the_country_next_to_them(text: str, span: str, code: str) -> None:
    institutions = [(m.text, m.code) for m in gazetteer().find(text) if m.kind == "institution"]
    assert institutions == [(span, code)]


def test_generic_offices_alone_are_not_mentions() -> None:
    assert found("The foreign ministry spokesperson said officials and analysts agreed.") == []


def test_analysts_are_not_bound_by_where_they_sit() -> None:
    assert found("analysts in Singapore disagreed") == [("Singapore", "SGP", "country")]


def test_named_institutions_and_organisations() -> None:
    text = (
        "The Pentagon, INDOPACOM, the People's Liberation Army, the PLA, Xinhua, the "
        "Tatmadaw, the Bundeswehr, the Quai d'Orsay and Japan's Self-Defense Forces"
    )
    assert codes(text) == ["USA", "USA", "CHN", "CHN", "CHN", "MMR", "DEU", "FRA", "JPN", "JPN"]
    orgs = "ASEAN, the United Nations, the European Union, NATO, the Quad, AUKUS, the G7, the IMF"
    assert codes(orgs) == ["ASEAN", "UN", "EU", "NATO", "QUAD", "AUKUS", "G7", "IMF"]
    assert codes("the Security Council and the Mekong River Commission") == ["UN", "MRC"]
    assert codes("The WHO warned; who knows why.") == ["WHO"]


def test_coast_guards_of_both_sides() -> None:
    text = "The China Coast Guard and the Philippine Coast Guard traded blame."
    assert found(text) == [
        ("China Coast Guard", "CHN", "institution"),
        ("Philippine Coast Guard", "PHL", "institution"),
    ]


def test_code_for_name_of_and_adjective_of() -> None:
    g = gazetteer()
    assert g.code_for("the United States") == "USA"
    assert g.code_for("u.s.") == "USA"
    assert g.code_for("Viet Nam") == "VNM"
    assert g.code_for("khm") == "KHM"
    assert g.code_for("Khmer") == "KHM"
    assert g.code_for("Phnom Penh") == "KHM"
    assert g.code_for("asean") == "ASEAN"
    assert g.code_for("Xyzland") is None
    assert g.name_of("USA") == "United States"
    assert g.name_of("KOR") == "South Korea"
    assert g.name_of("CHN") == "China"
    assert g.adjective_of("KHM") == "Cambodian"
    assert g.adjective_of("USA") == "US"


def test_every_country_has_a_name_and_most_have_an_adjective_and_capital() -> None:
    g = gazetteer()
    un_members_sample = ["NGA", "PER", "FIN", "MNG", "FJI", "MAR", "KAZ", "URY", "NAM", "NPL"]
    for code in un_members_sample:
        assert g.adjective_of(code) != code
    capitals = ["Abuja", "Lima", "Helsinki", "Ulaanbaatar", "Suva", "Rabat", "Astana", "Windhoek"]
    assert codes(" and ".join(capitals)) == ["NGA", "PER", "FIN", "MNG", "FJI", "MAR", "KAZ", "NAM"]


def test_find_is_fast() -> None:
    g = gazetteer()
    text = (
        "The Cambodian government said on Monday that Chinese naval vessels at the base would "
        "not threaten US interests, while analysts in Washington and Canberra stayed sceptical."
    )
    began = time.perf_counter()
    for _ in range(500):
        g.find(text)
    assert (time.perf_counter() - began) / 500 < 0.002


# --- the stage, with persons ---------------------------------------------------------------


def run_stage(lines: list[str], parse: bool = True) -> Document:
    doc = Document(id="d1", source="test")
    doc.sentences = [
        Sentence(id=f"d1:s{i}", text=t, start=0, end=len(t)) for i, t in enumerate(lines)
    ]
    if parse:
        from crossroads.models import spacy_pipeline

        nlp = spacy_pipeline()
        for sentence in doc.sentences:
            sentence.parse = nlp(sentence.text)
    stage = registry.stages.make("crossroads.actors.v1")
    return stage(doc, Context(dyad=("KHM", "USA")))


def persons_in(sentence: Sentence) -> list[tuple[str, str]]:
    return [(m.text, m.code) for m in sentence.actors if m.kind == "person"]


@pytest.fixture(scope="module")
def briefing() -> Document:
    return run_stage(
        [
            "Cambodian prime minister Hun Sen rejected the report.",
            "China Coast Guard spokesperson Gan Yu said the vessel had intruded.",
            "Australian Defence Minister Richard Marles visited Manila.",
            "U.S. Deputy Secretary of State Wendy Sherman arrived on Tuesday.",
            "Nguyen Khac Giang, an analyst at a research institute in Singapore, disagreed.",
            "Japan's Prime Minister Kishida Fumio met Chinese President Xi Jinping.",
            "Philippine armed forces spokesperson Medel Aguilar described the incident.",
            "The U.S. State Department spokesperson Matthew Miller called it dangerous.",
            "CPP spokesperson Sok Eysan dismissed the claim.",
            "Later, Xi and Kishida shook hands while Hun Sen, Sherman, Miller and Eysan watched.",
            "Prayuth Chan-ocha, Thailand's prime minister, spoke; Mr. Prayuth then left.",
        ]
    )


def test_persons_are_bound_by_their_title(briefing: Document) -> None:
    assert briefing.persons["Hun Sen"] == "KHM"
    assert briefing.persons["Gan Yu"] == "CHN"
    assert briefing.persons["Richard Marles"] == "AUS"
    assert briefing.persons["Wendy Sherman"] == "USA"
    assert briefing.persons["Kishida Fumio"] == "JPN"
    assert briefing.persons["Xi Jinping"] == "CHN"
    assert briefing.persons["Medel Aguilar"] == "PHL"
    assert briefing.persons["Matthew Miller"] == "USA"


def test_persons_are_bound_by_apposition(briefing: Document) -> None:
    assert briefing.persons["Prayuth Chan-ocha"] == "THA"


def test_analysts_and_party_spokespeople_are_not_bound(briefing: Document) -> None:
    assert "Nguyen Khac Giang" not in briefing.persons
    assert "Sok Eysan" not in briefing.persons


def test_later_mentions_by_surname_or_first_token(briefing: Document) -> None:
    assert persons_in(briefing.sentences[9]) == [
        ("Xi", "CHN"),
        ("Kishida", "JPN"),
        ("Hun Sen", "KHM"),
        ("Sherman", "USA"),
        ("Miller", "USA"),
    ]
    assert ("Prayuth", "THA") in persons_in(briefing.sentences[10])
    assert ("Gan Yu", "CHN") in persons_in(briefing.sentences[1])


def test_stage_without_parse_fills_actors_but_no_persons() -> None:
    doc = run_stage(["Chinese President Xi Jinping met Brazilian officials."], parse=False)
    assert doc.persons == {}
    assert [(m.text, m.code) for m in doc.sentences[0].actors] == [
        ("Chinese President", "CHN"),
        ("Brazilian officials", "BRA"),
    ]


def test_person_forms_shared_by_two_countries_are_not_guessed() -> None:
    doc = run_stage(
        [
            "North Korean leader Kim Jong Un test-fired a missile.",
            "South Korean Defence Minister Kim Yong Hyun condemned it.",
            "Kim said nothing more.",
        ]
    )
    assert doc.persons.get("Kim Jong Un") == "PRK"
    assert doc.persons.get("Kim Yong Hyun") == "KOR"
    assert persons_in(doc.sentences[2]) == []


def test_an_informal_republic_of_names_the_country_and_the_roc_is_taiwan() -> None:
    # "Presidency of the Republic of Brazil" is no formal name in our data, but it is
    # Brazil's presidency; "Republic of China" stays Taiwan's name, not China's.
    codes = {line: [m.code for m in gazetteer().find(line)] for line in (
        "Presidency of the Republic of Brazil",
        "the Republic of China",
        "Ministry of Foreign Affairs of the Republic of Ghana",
    )}  # fmt: skip
    assert codes["Presidency of the Republic of Brazil"] == ["BRA"]
    assert codes["the Republic of China"] == ["TWN"]
    assert codes["Ministry of Foreign Affairs of the Republic of Ghana"] == ["GHA"]


def test_a_surname_after_the_full_name_is_that_person_not_another_official() -> None:
    doc = run_stage(
        [
            "The Minister of Foreign Affairs of New Zealand, the Rt Hon Winston Peters, "
            "visited South Tarawa on 10 and 11 March 2026.",
            "Minister Peters thanked the Government and the people of Kiribati.",
        ]
    )
    assert doc.persons.get("Winston Peters") == "NZL"
    assert persons_in(doc.sentences[1]) == [("Peters", "NZL")]


def test_a_bank_of_a_country_is_that_countrys() -> None:
    assert codes("The Bank of Uganda said the shilling would stay stable.") == ["UGA"]
    assert codes("a loan from the Export-Import Bank of China") == ["CHN"]
    assert codes("Farms on the bank of the Mekong flooded.") == []


def test_the_taliban_govern_afghanistan_and_the_pakistani_taliban_are_pakistans() -> None:
    assert codes("The Taliban's foreign ministry summoned the envoy.") == ["AFG"]
    assert codes("The Pakistani Taliban claimed the attack.") == ["PAK"]
