"""Repair of extraction damage and the separation of metadata from the body."""

from crossroads.model import Document
from crossroads.text.repair import classify
from crossroads.text.stage import Segmenter

ESSAY = """**BRIDGES OVER THE STRAIT:
RETHINKING TIES**

BY AMARA OSEI

*Amara Osei (amara@example.org) is a senior fellow at the Harbour Institute.*

The two governments resumed talks in March after a year of silence. Both sides
described the meeting as frank, and a second round is planned for the autumn in

the northern port city. Officials also discussed fisheries and the long-stalled inter-
connector project.

### **Where they differ**

The coastal state insists that the disputed reef lies within its waters.\f
Its neighbour rejects that claim and cites an older treaty.

*The views expressed in this commentary are the author's own.*

Click here to subscribe to our newsletter.
"""


def segmented() -> Document:
    return Segmenter()(Document(id="d1", source="essay.txt", text=ESSAY))


def test_byline_author_note_and_disclaimers_are_metadata_not_body() -> None:
    doc = segmented()
    bodies = " ".join(s.text for s in doc.sentences)
    assert "senior fellow" not in bodies
    assert "views expressed" not in bodies
    assert "Click here" not in bodies
    assert "AMARA" not in bodies
    assert doc.author == "Amara Osei"
    assert doc.title == "Bridges Over the Strait: Rethinking Ties"
    assert any("senior fellow" in n for n in doc.notes)


def test_sentence_cut_by_a_blank_line_is_joined_and_hyphenation_undone() -> None:
    texts = [s.text for s in segmented().sentences]
    assert (
        "Both sides described the meeting as frank, and a second round is planned for the "
        "autumn in the northern port city." in texts
    )
    assert (
        "Officials also discussed fisheries and the long-stalled interconnector project." in texts
    )


def test_headings_are_not_sentences_but_are_kept_as_context() -> None:
    doc = segmented()
    assert all(s.text != "Where they differ" for s in doc.sentences)
    reef = next(s for s in doc.sentences if "disputed reef" in s.text)
    assert reef.heading == "Where they differ"
    assert "**" not in doc.text and "###" not in doc.text


def test_offsets_index_the_normalised_text() -> None:
    doc = segmented()
    assert len(doc.sentences) == 5
    for s in doc.sentences:
        assert doc.text[s.start : s.end] == s.text
    assert [s.id for s in doc.sentences][:2] == ["d1:s1", "d1:s2"]


def test_page_break_between_sentences_keeps_both() -> None:
    blocks = classify("First page ends here.\fSecond page starts here.")
    assert [b.text for b in blocks if b.kind == "body"] == [
        "First page ends here.",
        "Second page starts here.",
    ]


def test_a_short_line_after_a_finished_paragraph_is_a_heading_even_ending_in_a_preposition() -> (
    None
):
    doc = Segmenter()(
        Document(
            id="d1",
            source="x.md",
            text="Trade grew last year.\n\nRivers and the dams between\n\nBoth sides want more water.",
        )
    )
    assert [s.text for s in doc.sentences] == [
        "Trade grew last year.",
        "Both sides want more water.",
    ]
    assert doc.sentences[1].heading == "Rivers and the dams between"


def test_direct_quotations_are_marked() -> None:
    doc = Segmenter()(
        Document(id="d1", source="x.txt", text='"We will not yield," she said. The talks ended.')
    )
    assert [s.quoted for s in doc.sentences] == [True, False]


def test_a_title_in_capitals_keeps_apostrophes_inside_words() -> None:
    from crossroads.text.repair import recase

    assert recase("PEOPLE'S REPUBLIC OF CHINA") == "People's Republic of China"
    assert recase("THE US AND THE NATION’S ALLIES") == "The US and the Nation’s Allies"
    assert recase("'NEVER' AGAIN") == "'Never' Again"
