"""Sentence segmentation: the cases that break naive splitters in foreign-affairs prose."""

from crossroads.text.segment import split_sentences


def sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text)]


def test_titles_and_initials_do_not_end_sentences() -> None:
    text = (
        "The visit of Adm. Rachel Okafor, head of the fleet, was brief. "
        "Gen. T. R. Mbeki met Dr. Lund at No. 5 Harbour Road. It rained."
    )
    assert sentences(text) == [
        "The visit of Adm. Rachel Okafor, head of the fleet, was brief.",
        "Gen. T. R. Mbeki met Dr. Lund at No. 5 Harbour Road.",
        "It rained.",
    ]


def test_country_abbreviations_inside_and_at_the_end() -> None:
    text = (
        "Ties with the U.S. deepened after the talks. Officials in the U.K. Foreign Office "
        "agreed. Trade with the U.S. The figures are clear."
    )
    out = sentences(text)
    assert out[0] == "Ties with the U.S. deepened after the talks."
    assert out[1] == "Officials in the U.K. Foreign Office agreed."
    assert out[2] == "Trade with the U.S."
    assert out[3] == "The figures are clear."


def test_quotations_close_with_their_sentence() -> None:
    text = (
        '"We will never give up our claim," the minister said. "Is that a threat?" '
        "he asked. “Nobody wins a trade war.” The talks ended."
    )
    assert sentences(text) == [
        '"We will never give up our claim," the minister said.',
        '"Is that a threat?" he asked.',
        "“Nobody wins a trade war.”",
        "The talks ended.",
    ]


def test_question_inside_an_open_quotation_splits_before_a_new_capital() -> None:
    text = "“Do we even hold bonds abroad? We hold nothing there,” he said."
    assert sentences(text) == ["“Do we even hold bonds abroad?", "We hold nothing there,” he said."]


def test_ellipsis_inside_a_quote_and_offsets() -> None:
    text = 'Two boats "entered the waters...near the reef," she said. Then they left.'
    spans = list(split_sentences(text, offset=100))
    assert len(spans) == 2
    assert spans[0][0] == 100
    assert text[spans[1][0] - 100 : spans[1][1] - 100] == "Then they left."


def _body(text: str) -> list[str]:
    from crossroads.model import Document
    from crossroads.text.stage import Segmenter

    return [s.text for s in Segmenter()(Document(id="d1", source="list.txt", text=text)).sentences]


def test_each_item_of_a_list_of_signed_documents_is_a_sentence() -> None:
    text = (
        "Joint Communiqué\n\n"
        "7. The two ministers witnessed the signing of the following instruments:\n"
        "– Agreement on the avoidance of double taxation;\n"
        "– Memorandum of Understanding on cooperation in fisheries\n"
        "and aquaculture research;\n"
        "(c) Programme of cultural exchanges for 2027–2029.\n\n"
        "8. The ministers agreed to meet again in Lilongwe.\n"
    )
    assert _body(text) == [
        "7. The two ministers witnessed the signing of the following instruments:",
        "– Agreement on the avoidance of double taxation;",
        "– Memorandum of Understanding on cooperation in fisheries and aquaculture research;",
        "(c) Programme of cultural exchanges for 2027–2029.",
        "8. The ministers agreed to meet again in Lilongwe.",
    ]


def test_a_dash_that_opens_a_wrapped_line_mid_sentence_is_not_a_list() -> None:
    text = (
        "The commission, which met in Gaborone on Monday, reviewed the water treaty\n"
        "– and its annex on the Limpopo – before adjourning until June.\n"
    )
    assert _body(text) == [
        "The commission, which met in Gaborone on Monday, reviewed the water treaty "
        "– and its annex on the Limpopo – before adjourning until June."
    ]


def test_a_list_ends_where_prose_resumes_and_a_wrapped_item_stays_whole() -> None:
    text = (
        "The sides signed:\n"
        "- a programme of cooperation in culture for 2024\n"
        "– 2027;\n"
        "- a memorandum on trade.\n"
        "The talks then turned to the border, where\n"
        "- as both admitted - little had changed.\n"
    )
    lead, wrapped, last_item, prose = _body(text)
    assert lead == "The sides signed:" and last_item == "- a memorandum on trade."
    assert wrapped == "- a programme of cooperation in culture for 2024 – 2027;"
    assert (
        prose
        == "The talks then turned to the border, where - as both admitted - little had changed."
    )


def test_a_dash_after_an_abbreviation_or_a_semicolon_continues_the_sentence() -> None:
    assert _body(
        "The deal was first proposed by the U.S.\n— and later endorsed by Brussels — as a way "
        "to calm the border.\n"
    ) == [
        "The deal was first proposed by the U.S. — and later endorsed by Brussels — as a way "
        "to calm the border."
    ]
    assert len(_body("Greece has defended it;\n– and Washington has stayed silent.\n")) == 1


def test_a_list_under_a_heading_without_colon_and_a_numbered_list_are_one_item_a_sentence() -> None:
    text = (
        "Press release\n\n"
        "The ministry summoned the ambassador on Tuesday.\n\n"
        "Outcomes of the meeting\n"
        "- a joint survey of the river bed\n"
        "- a hotline between the two coast guards\n\n"
        "The ministry demands that:\n"
        "1) the dredging stop at once;\n"
        "2) the border commission meet before March.\n"
    )
    assert _body(text) == [
        "The ministry summoned the ambassador on Tuesday.",
        "- a joint survey of the river bed",
        "- a hotline between the two coast guards",
        "The ministry demands that:",
        "1) the dredging stop at once;",
        "2) the border commission meet before March.",
    ]


def test_a_wires_summary_bullets_under_its_headline_stay_out_of_the_body() -> None:
    text = (
        "Lesotho and South Africa reopen Maseru bridge\n\n"
        "* Crossing shut for nine days\n"
        "* Traders count losses\n\n"
        "MASERU, May 2 (Wire) - The Maseru bridge reopened on Friday.\n"
    )
    assert _body(text) == ["MASERU, May 2 (Wire) - The Maseru bridge reopened on Friday."]
