"""Whose view each sentence expresses, on short texts written for these tests."""

from __future__ import annotations

import pytest

from crossroads.model import Document
from crossroads.pipeline import Pipeline, PipelineConfig

STAGES = (
    "crossroads.segment.v1",
    "crossroads.parse.v1",
    "crossroads.actors.v1",
    "crossroads.perspective.v1",
)


def voices(text: str, dyad: tuple[str, str]) -> list[tuple[str, str]]:
    pipe = Pipeline(dyad, PipelineConfig(stages=STAGES))
    doc = pipe.annotate(Document(id="d1", source="t.txt", text=text))
    return [(s.text, s.perspective) for s in doc.sentences]


ESSAY = """The relationship between the two neighbours has rarely been simple. The last decade has tested it. Energy is where it is tested most.

Warsaw has voiced growing concern about the pipeline. Polish officials argue that it would deepen Europe's dependence on a single supplier. This view is shared across the political spectrum.

From the German perspective, the project is a commercial venture. Berlin insists that it breaks no European rule. Moreover, the company behind it is registered in Switzerland.

Both governments should set up a joint energy council to review such projects before they are approved. It could meet twice a year. Its reports should be public.
"""


@pytest.fixture(scope="module")
def essay() -> list[tuple[str, str]]:
    return voices(ESSAY, ("POL", "DEU"))


def test_reported_views_and_their_carry_over(essay: list[tuple[str, str]]) -> None:
    assert [p for _, p in essay] == [
        "author",
        "author",
        "author",
        "POL",
        "POL",
        "POL",
        "DEU",
        "DEU",
        "DEU",
        "author",
        "author",
        "author",
    ]


def test_joint_subject_is_the_shared_voice_and_according_to_names_the_source() -> None:
    text = (
        "The two foreign ministers agreed to meet again in June.\n\n"
        "According to Seoul, the talks were productive.\n\n"
        "Critics in both capitals were less sure."
    )
    got = voices(text, ("KOR", "JPN"))
    assert got[0][1] == "author"
    assert got[1][1] == "KOR"


def test_a_quoted_spokesperson_keeps_the_voice_of_the_ministry_that_spoke_first() -> None:
    text = (
        "Beijing on Monday criticised the new tariffs imposed by Ottawa.\n\n"
        '"These measures violate trade rules," spokesperson Lin Mei said.\n\n'
        "Lin added that China would respond."
    )
    got = voices(text, ("CAN", "CHN"))
    assert [p for _, p in got] == ["CHN", "CHN", "CHN"]


def test_a_ministry_statement_speaks_for_its_country() -> None:
    text = (
        "MINISTRY OF FOREIGN AFFAIRS OF THE REPUBLIC OF GHANA\n"
        "Statement on the border incident\n\n"
        "The Government is gravely concerned by the incursion reported on 3 May.\n\n"
        "We urge the authorities of Togo to investigate the matter without delay.\n\n"
        "Our country remains committed to good neighbourliness."
    )
    got = voices(text, ("GHA", "TGO"))
    assert {p for _, p in got} == {"GHA"}


NEWS_WITH_COMMENTATORS = """Kenya and Tanzania reopened the Namanga crossing on Friday after a week of closure.

Truckers had waited for days on both sides. "We lost a week of wages," said a driver from Mombasa who hauls fuel to Arusha.

Grace Njoroge, a researcher at a Dar es Salaam policy institute, said the closure had cost Tanzania more than it gained.

A political analyst said both governments had acted for domestic audiences. She said the next dispute was only a matter of time.

Peter Olsen, an expert on East Africa, said the deal would hold.

Amina Otieno, a lecturer at the University of Nairobi, said the queues would return by the harvest.

The trade minister said the crossing would stay open around the clock.
"""


@pytest.fixture(scope="module")
def commentators() -> list[tuple[str, str]]:
    return voices(NEWS_WITH_COMMENTATORS, ("KEN", "TZA"))


def test_a_quoted_person_takes_the_country_of_the_city_they_live_or_work_in(
    commentators: list[tuple[str, str]],
) -> None:
    by_start = {text.split()[0]: p for text, p in commentators}
    assert by_start['"We'] == "KEN"  # a driver from Mombasa
    assert by_start["Grace"] == "TZA"  # a researcher at a Dar es Salaam institute
    assert by_start["Amina"] == "KEN"  # a lecturer at a university named after Nairobi


def test_an_untied_commentator_is_the_writer_and_a_topic_does_not_tie(
    commentators: list[tuple[str, str]],
) -> None:
    by_start = {text.split()[0]: p for text, p in commentators}
    assert by_start["A"] == "author"  # "a political analyst said": no tie
    assert by_start["She"] == "author"  # she continues the analyst, not the last party
    assert by_start["Peter"] == "author"  # an expert on East Africa is not East Africa's


def test_an_office_after_a_private_voice_is_not_that_voice() -> None:
    text = (
        "Dodoma said the closure of the crossing had been necessary.\n\n"
        '"We lost a week of wages," said a driver from Mombasa.\n\n'
        "The minister said the crossing would stay open from now on."
    )
    got = [p for _, p in voices(text, ("KEN", "TZA"))]
    assert got == ["TZA", "KEN", "TZA"]


def test_the_spokesperson_of_a_ministrys_own_release_is_the_ministrys() -> None:
    text = (
        "MINISTRY OF FOREIGN AFFAIRS OF THE REPUBLIC OF GHANA\n"
        "Statement on the claims about the border\n\n"
        "The Ministry rejected the claims made by a Togolese official on Tuesday.\n\n"
        "The Togolese side has claimed that Ghanaian patrols crossed the line at Aflao.\n\n"
        "The spokesperson stressed that Ghana's patrols had stayed on Ghanaian soil.\n\n"
        "The Ministry called on Lomé to share its evidence through the joint commission."
    )
    got = [p for _, p in voices(text, ("GHA", "TGO"))]
    assert got[1] == "TGO"  # the other side's claim
    assert got[2:] == ["GHA", "GHA"]  # not the Togolese voice heard just before


def test_what_a_persons_clause_is_about_does_not_tie_them_but_where_it_places_them_does() -> None:
    text = (
        "Peru and Bolivia signed the lake protocol on Monday.\n\n"
        "Lucía Mamani, who studies Peruvian trade policy at a university in La Paz, said the "
        "protocol would help fishing families on both shores.\n\n"
        '"Nobody here wants a quarrel over trout," she said.'
    )
    got = [p for _, p in voices(text, ("PER", "BOL"))]
    assert got[1:] == ["BOL", "BOL"]  # placed in La Paz; Peruvian policy is her subject


def test_an_office_after_a_sentence_that_sets_the_scene_is_that_partys() -> None:
    text = (
        "Senegal's interior minister accused Mali of letting smugglers cross at Kidira.\n\n"
        '"Our patience has limits," he said.\n\n'
        "In Bamako, the government has chosen its words with care.\n\n"
        "The foreign ministry said it had opened an inquiry into the crossings."
    )
    got = [p for _, p in voices(text, ("SEN", "MLI"))]
    assert got[:2] == ["SEN", "SEN"]
    assert got[3] == "MLI"  # the scene is Bamako's, not the last voice's


def test_a_person_introduced_with_a_tie_keeps_it_when_named_or_told_of_later() -> None:
    text = (
        "The talks brought together Tamar Roeva, deputy speaker of Georgia's parliament, "
        "and Emin Sadikhov, a senior Azerbaijani diplomat.\n\n"
        "They agreed to reopen the customs post at the Red Bridge.\n\n"
        '"Trade has waited long enough," Roeva told reporters.\n\n'
        "Sadikhov played down the delays at the crossing.\n\n"
        "He said the new scanners would be installed before winter."
    )
    got = [p for _, p in voices(text, ("GEO", "AZE"))]
    assert got[2] == "GEO"  # named later, tied when introduced
    assert got[4] == "AZE"  # "he" after the act of the Azerbaijani diplomat


def test_saying_nothing_and_an_impersonal_forecast_are_the_writers() -> None:
    text = (
        "Chad closed its border crossing at Kousseri on Monday.\n\n"
        "Cameroon's foreign ministry did not respond to a request for comment.\n\n"
        "A spokesman for the Chadian army declined to comment.\n\n"
        "Chad's president is expected to visit Yaoundé next month.\n\n"
        "The Cameroonian embassy did not reply to calls, but in a statement it said the "
        "closure would hurt traders on both sides."
    )
    got = [p for _, p in voices(text, ("TCD", "CMR"))]
    assert got[1:4] == ["author", "author", "author"]
    assert got[4] == "CMR"  # a view given later in the sentence still counts


def test_a_parenthetical_reporting_clause_and_a_town_set_before_the_speaker() -> None:
    text = (
        "Zambia and Malawi reopened the Mwami crossing on Friday.\n\n"
        '"Our lorries waited for nine days," said a Zambian driver, Joseph Banda.\n\n'
        "Neither country, he said, could afford another month of closed borders.\n\n"
        "In Blantyre, officials said the queues had already begun to shrink."
    )
    got = [p for _, p in voices(text, ("ZMB", "MWI"))]
    assert got[1:3] == ["ZMB", "ZMB"]  # "he said" between subject and verb still reports
    assert got[3] == "MWI"  # the town set before the speakers places them


def test_a_small_town_ties_its_speaker_but_a_person_named_like_a_town_does_not() -> None:
    # Songea (about 200,000 people) is below the big-city cut; "Songea" is also the first
    # word of the driver's name, and only his home town, Mombasa, ties him.
    text = (
        "A maize trader at the Songea market said Kenyan buyers had stopped coming since "
        "the new levy.\n\n"
        "Songea Mwakyusa, a bus driver from Mombasa, said the queues at the border were "
        "the longest he had seen."
    )
    assert [p for _, p in voices(text, ("KEN", "TZA"))] == ["TZA", "KEN"]


def test_the_speaker_cue_is_the_subject_as_written_in_the_sentence() -> None:
    # Later stages look the speaker up in the sentence (which party it names), so the cue
    # must be the sentence's own characters, not the parser's tokens joined by spaces.
    text = "Ecuador's foreign ministry, which summoned the envoy, said the fine was unlawful."
    pipe = Pipeline(("COL", "ECU"), PipelineConfig(stages=STAGES))
    (sentence,) = pipe.annotate(Document(id="d1", source="t.txt", text=text)).sentences
    assert sentence.cues["speaker"] == "Ecuador's foreign ministry, which summoned the envoy"
    assert sentence.perspective == "ECU"


def test_a_body_that_a_persons_clause_places_them_at_ties_them() -> None:
    text = (
        "Paris and Rome traded accusations over the border checks again this week.\n\n"
        "Anna Weber, who follows migration policy at a Vienna think tank, said the "
        'quarrel was "a seasonal ritual".'
    )
    assert [p for _, p in voices(text, ("FRA", "ITA"))] == ["author", "AUT"]


def test_a_speaker_after_an_opening_place_phrase_is_still_the_subject() -> None:
    # The parser hangs "Halima Yusuf, a trader from Kano" on the opening phrase's place,
    # and leaves "said" without a subject; the speaker is hers all the same.
    text = (
        "Niger closed the crossing on Monday.\n\n"
        "At a lorry park outside Maradi, Halima Yusuf, a trader from Kano, said she had "
        "lost three days of sales."
    )
    assert [p for _, p in voices(text, ("NER", "NGA"))] == ["author", "NGA"]


def test_an_untied_office_after_a_lead_naming_both_parties_is_the_leads_subjects() -> None:
    text = (
        "ACCRA, May 4 (Gulf of Guinea Desk) - Ghana agreed with Togo on Monday to share "
        "radar data on pirate boats, the defence ministry said.\n\n"
        '"A boat that slips past one radar will meet the other," the defence minister told '
        "reporters."
    )
    assert [p for _, p in voices(text, ("GHA", "TGO"))] == ["author", "GHA"]


def test_neither_government_is_no_one_states_office() -> None:
    text = (
        "Togo's navy has patrolled the eastern half of the shared waters since 2012.\n\n"
        "The arrangement is ageing, and neither government has said what should replace it."
    )
    assert [p for _, p in voices(text, ("GHA", "TGO"))] == ["author", "author"]


def test_a_place_named_with_its_country_is_not_part_of_the_speaker() -> None:
    # "Maradi, Niger" is a place and its country, not the speaker: the trader from Kano is
    text = (
        "Niger closed the crossing on Monday.\n\n"
        "At a lorry park outside Maradi, Niger, Halima Yusuf, a trader from Kano, said she "
        "had lost three days of sales."
    )
    pipe = Pipeline(("NER", "NGA"), PipelineConfig(stages=STAGES))
    sentence = pipe.annotate(Document(id="d1", source="t.txt", text=text)).sentences[1]
    assert sentence.cues["speaker"] == "Halima Yusuf, a trader from Kano"
    assert sentence.perspective == "NGA"


def test_what_a_persons_clause_studies_does_not_tie_them_even_as_a_demonym() -> None:
    text = (
        "Kenya and Ethiopia signed a power-trade deal on Friday.\n\n"
        "Marta Lind, a researcher who specialises in Ethiopian politics, said the deal "
        "would hold."
    )
    assert [p for _, p in voices(text, ("KEN", "ETH"))] == ["author", "author"]


def test_the_main_clauses_subject_names_the_party_of_a_later_untied_office() -> None:
    text = (
        "While Ghana hesitated, Togo signed a radar pact with it on Monday.\n\n"
        '"The sea has no border," the defence minister told reporters.'
    )
    assert [p for _, p in voices(text, ("GHA", "TGO"))] == ["author", "TGO"]


def test_a_town_the_parser_takes_for_a_person_still_places_the_speaker() -> None:
    # the small parser tags "Mbour" as a person; what a speaker is "from" is a place
    text = (
        "Gambia raised the ferry fares in May.\n\n"
        "Ousmane Ndiaye, a fisherman from Mbour, said the new fares would ruin him."
    )
    assert [p for _, p in voices(text, ("GMB", "SEN"))] == ["author", "SEN"]


def test_the_sides_of_a_communique_speak_together_and_one_side_informing_of_its_view() -> None:
    # no voice stage here: the writer is the author, as in a joint communiqué
    got = voices(
        "4. The Chilean Side expressed its concern at the delays at the Chacalluta crossing.\n\n"
        "5. The Sides welcomed the opening of the new customs building at Santa Rosa.\n\n"
        "6. The Peruvian Side informed the Chilean Side of its position on the seabed survey.\n\n"
        "7. The Peruvian Side informed the Chilean Side of the arrival of its survey ship.\n",
        ("CHL", "PER"),
    )
    assert [p for _, p in got] == ["CHL", "author", "PER", "author"]


def test_one_party_named_as_a_party_to_a_treaty_and_a_position_at_sea_are_not_views() -> None:
    got = voices(
        "The ceasefire has held for a year.\n\n"
        "Armenia, one of the Parties to the 2020 ceasefire statement, said that Azerbaijani "
        "troops had violated it.\n",
        ("ARM", "AZE"),
    )
    assert got[-1][1] == "ARM"
    got = voices(
        "Ankara notified Athens of the position of its survey ship on Monday.\n", ("GRC", "TUR")
    )
    assert got[0][1] == "author"  # an act told by the writer, not Turkey's view


def test_a_speaker_nothing_ties_is_marked_as_the_rules_guess_for_the_trees() -> None:
    from crossroads.learned.signals import trees_decide

    pipe = Pipeline(("GHA", "TGO"), PipelineConfig(stages=STAGES))
    text = (
        "Ghana's trade minister said the new levy was unlawful.\n\n"
        "The border post at Aflao has been quiet since May.\n\n"
        "A man who drives a lorry for a cement firm said he had waited four days.\n"
    )
    doc = pipe.annotate(Document(id="d1", source="t.txt", text=text))
    minister, scene, driver = (s.cues.get("perspective_basis") for s in doc.sentences)
    assert (minister, scene) == ("attributed", "writer")
    assert driver == "last-voice" and doc.sentences[-1].perspective == "GHA"  # a guess
    assert trees_decide(driver) and not trees_decide(minister)


def _voiced(text: str, dyad: tuple[str, str]) -> list[tuple[str, str]]:
    stages = (*STAGES[:3], "crossroads.voice.v1", STAGES[3])
    doc = Pipeline(dyad, PipelineConfig(stages=stages)).annotate(
        Document(id="d1", source="t.txt", text=text)
    )
    return [(s.text, s.perspective) for s in doc.sentences]


JOINT = """JOINT STATEMENT

on the visit of the Minister of Foreign Affairs of Malawi to Zambia

1. At the invitation of the Minister of Foreign Affairs of Zambia, the Minister of Foreign Affairs of Malawi paid an official visit to Lusaka on 3 and 4 March 2026.

2. The Ministers reaffirmed the close ties between the two countries.

3. The Malawian side raised the delays faced by its lorries at the Mwami border post. It asked that the post stay open at night.

4. The Zambian side undertook to extend the opening hours of the post from April.

5. The two sides agreed to meet again in Lilongwe.
"""


def test_in_a_joint_statement_one_side_speaking_for_itself_takes_that_side() -> None:
    got = dict(_voiced(JOINT, ("MWI", "ZMB")))
    (visit,) = (t for t in got if t.startswith("1."))
    assert got[visit] == "author"  # the protocol of the visit is the shared voice
    assert got["2. The Ministers reaffirmed the close ties between the two countries."] == "author"
    (raised,) = (t for t in got if t.startswith("3."))
    assert got[raised] == "MWI"
    assert got["It asked that the post stay open at night."] == "MWI"
    (undertook,) = (t for t in got if t.startswith("4."))
    assert got[undertook] == "ZMB"
    assert got["5. The two sides agreed to meet again in Lilongwe."] == "author"


def test_the_sentences_of_a_quotation_that_runs_on_are_the_quoted_speakers() -> None:
    text = (
        "Lesotho and South Africa reopened the Maseru bridge on Friday.\n\n"
        "Lesotho's trade minister told reporters that the closure had cost traders dearly.\n\n"
        '"We thank the South African officers who worked through the night. We are in '
        "touch with Pretoria every hour. But we want to know why the bridge was shut "
        'without notice," the minister said.\n'
    )
    got = _voiced(text, ("LSO", "ZAF"))
    assert [p for _, p in got[2:]] == ["LSO", "LSO", "LSO"]


def test_a_group_placed_in_a_town_at_the_start_of_a_sentence_takes_its_country() -> None:
    text = (
        "Sri Lanka and the Maldives signed a fisheries deal on Monday. "
        "Fishermen in Negombo say the real problem lies further out at sea."
    )
    assert voices(text, ("LKA", "MDV"))[1][1] == "LKA"


def test_a_speaker_in_a_small_border_town_takes_the_country_of_the_town() -> None:
    # towns of 15,000 to 100,000 people: Kambove (COD) and Mpika (ZMB)
    text = (
        "Zambia and the DR Congo agreed on Monday to extend the hours of the border post.\n\n"
        "A money changer in Kambove said queues of lorries still reached the hills.\n\n"
        "A truck driver from Mpika said he had waited four days to cross.\n"
    )
    got = voices(text, ("COD", "ZMB"))
    assert [p for _, p in got[1:]] == ["COD", "ZMB"]


def test_an_office_named_with_its_country_before_ties_the_official_named_by_it_later() -> None:
    text = (
        "Norway's energy minister and his Danish counterpart traded words on Tuesday over "
        "the old cables.\n\n"
        "Danish officials said the cables kept the lights on.\n\n"
        'Energy Minister Terje Aasland said the government would not approve a new link "at '
        'any price." Later, Aasland said Norway would consult its neighbour first.\n'
    )
    got = voices(text, ("DNK", "NOR"))
    assert [p for _, p in got[2:]] == ["NOR", "NOR"]
