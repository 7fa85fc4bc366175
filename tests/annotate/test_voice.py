"""Who speaks, for whom, in which genre: the voice stage on documents written for the tests.

The texts in ``tests/data/voice`` are ours: a minister's speech, a state newspaper's
editorial, a ministry briefing, a joint statement and a wire report.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from crossroads.model import Document, Voice
from crossroads.pipeline import analyze
from crossroads.readers import read

DATA = Path(__file__).resolve().parents[1] / "data" / "voice"
STAGES_TO_VOICE = (
    "crossroads.segment.v1",
    "crossroads.parse.v1",
    "crossroads.actors.v1",
    "crossroads.voice.v1",
    "crossroads.perspective.v1",
)


def read_voice(stem: str, dyad: tuple[str, str], **options: str) -> Document:
    from crossroads.pipeline import Pipeline, PipelineConfig

    pipe = Pipeline(dyad, PipelineConfig(stages=STAGES_TO_VOICE, options=dict(options)))
    return pipe.annotate(read(str(DATA / f"{stem}.txt")))


def test_a_ministers_speech_speaks_for_her_country_not_the_host() -> None:
    doc = read_voice("speech-ken-tza", ("KEN", "TZA"))
    assert doc.voice is not None
    assert (doc.voice.genre, doc.voice.party) == ("speech", "KEN")
    assert "Kenya" in doc.voice.evidence
    own = [s for s in doc.sentences if s.text.startswith("We are concerned")]
    assert own and own[0].perspective == "KEN"


def test_a_state_newspapers_editorial_speaks_for_its_country() -> None:
    doc = read_voice("editorial-chn-phl", ("CHN", "PHL"))
    assert doc.voice is not None
    assert (doc.voice.genre, doc.voice.party) == ("editorial", "CHN")
    assert "Global Times" in doc.voice.evidence
    assert all(s.perspective == "CHN" for s in doc.sentences)


def test_a_briefing_gives_questions_to_the_author_and_answers_to_the_ministry() -> None:
    doc = read_voice("briefing-vnm-chn", ("CHN", "VNM"))
    assert doc.voice is not None
    assert (doc.voice.genre, doc.voice.party) == ("briefing", "VNM")
    questions = [s for s in doc.sentences if s.text.startswith("Question:")]
    answers = [s for s in doc.sentences if s.text.startswith(("Answer:", "We "))]
    assert len(questions) == 2 and len(answers) == 4
    assert {s.perspective for s in questions} == {"author"}
    assert {s.perspective for s in answers} == {"VNM"}


def test_a_question_relaying_the_other_sides_claim_stays_the_askers(tmp_path: Path) -> None:
    from crossroads.pipeline import Pipeline, PipelineConfig

    path = tmp_path / "briefing.txt"
    path.write_text(
        "Ministry of Foreign Affairs of Peru\n\nRegular press briefing by the spokesperson\n\n"
        "Question: Bolivia's transport chamber says Peruvian inspectors have held its trucks "
        "at Desaguadero since Monday.\n\n"
        "Answer: The inspections follow the customs rules both countries signed, and we are "
        "working with La Paz to shorten them.\n",
        encoding="utf-8",
    )
    pipe = Pipeline(("BOL", "PER"), PipelineConfig(stages=STAGES_TO_VOICE))
    doc = pipe.annotate(read(str(path)))
    assert doc.voice is not None and doc.voice.party == "PER"
    question = next(s for s in doc.sentences if s.text.startswith("Question:"))
    answer = next(s for s in doc.sentences if s.text.startswith("Answer:"))
    assert question.perspective == "author"  # not BOL: the journalist relays the claim
    assert answer.perspective == "PER"


def test_a_joint_statement_is_the_shared_voice_until_one_side_speaks() -> None:
    doc = read_voice("joint-bra-usa", ("BRA", "USA"))
    assert doc.voice is not None
    assert (doc.voice.genre, doc.voice.party) == ("joint-statement", "author")
    by_start = {s.text.split()[1]: s.perspective for s in doc.sentences}
    assert by_start["two"] == "author"  # "The two sides reaffirmed ..."
    assert by_start["Brazilian"] == "BRA"
    assert by_start["United"] == "USA"


def test_a_wire_report_is_the_reporters_voice_with_the_byline_as_speaker() -> None:
    doc = read_voice("news-aus-chn", ("AUS", "CHN"))
    assert doc.voice is not None
    assert (doc.voice.genre, doc.voice.party, doc.voice.speaker) == (
        "news",
        "author",
        "Sam Hollis",
    )
    assert doc.sentences[0].perspective == "author"


def test_voice_and_genre_can_be_declared() -> None:
    doc = read_voice("news-aus-chn", ("AUS", "CHN"), voice="AUS", genre="statement")
    assert doc.voice is not None
    assert (doc.voice.genre, doc.voice.party) == ("statement", "AUS")
    assert "declared" in doc.voice.evidence


def test_front_matter_declares_the_voice(tmp_path: Path) -> None:
    md = tmp_path / "note.md"
    md.write_text(
        "---\ntitle: A note\ngenre: op-ed\nvoice: IDN\n---\n\n"
        "Jakarta and Canberra share a long maritime border. The two should talk more often.\n"
    )
    analysis = analyze([str(md)], ("AUS", "IDN"))
    voice = analysis.documents[0].voice
    assert voice is not None and (voice.genre, voice.party) == ("op-ed", "IDN")


@pytest.mark.parametrize("stem", ["speech-ken-tza", "briefing-vnm-chn"])
def test_the_voice_is_in_the_json(stem: str) -> None:
    analysis = analyze([str(DATA / f"{stem}.txt")], ("KEN", "TZA"))
    voice = analysis.to_contract()["documents"][0]["voice"]
    assert set(voice) == {"genre", "speaker", "party", "evidence"}


def test_an_op_ed_by_a_serving_foreign_minister_speaks_for_her_government(tmp_path: Path) -> None:
    op_ed = tmp_path / "op-ed.txt"
    op_ed.write_text(
        "Opinion: Neighbours who keep talking\n\nBy Penny Wong\n\n"
        "Our two countries have disagreed before and will again. "
        "What matters is that we keep the channels open. "
        "Australia will keep working with Indonesia on maritime security and on trade.\n",
        encoding="utf-8",
    )
    doc = read_voice_path(op_ed, ("AUS", "IDN"), date="2024-03-01")
    assert doc.voice is not None
    assert (doc.voice.genre, doc.voice.party) == ("op-ed", "AUS")
    assert "foreign-minister" in doc.voice.evidence


def read_voice_path(path: Path, dyad: tuple[str, str], date: str) -> Document:
    from crossroads.pipeline import Pipeline, PipelineConfig

    doc = read(str(path))
    doc.date = date
    return Pipeline(dyad, PipelineConfig(stages=STAGES_TO_VOICE)).annotate(doc)


def test_an_op_ed_signed_by_a_serving_minister_speaks_for_the_government() -> None:
    doc = read_voice("op-ed-office-note-gha-tgo", ("GHA", "TGO"))
    assert doc.voice is not None
    assert (doc.voice.genre, doc.voice.party) == ("op-ed", "GHA")
    # the closing note presents the writer: it is not a body sentence
    assert not any(s.text.startswith("The writer is") for s in doc.sentences)
    own = [s for s in doc.sentences if s.text.startswith("Ghana wants")]
    assert own and own[0].perspective == "GHA"


def test_an_op_ed_by_a_former_ambassador_is_the_writers_own() -> None:
    doc = read_voice("op-ed-former-official-gha-tgo", ("GHA", "TGO"))
    assert doc.voice is not None
    assert (doc.voice.genre, doc.voice.party) == ("op-ed", "author")


def test_a_readout_speaks_for_its_issuer_not_the_leader_it_names_as_counterpart() -> None:
    doc = read_voice("readout-tur-egy", ("EGY", "TUR"))
    assert doc.voice is not None
    assert (doc.voice.genre, doc.voice.party) == ("statement", "TUR")


def test_a_translation_note_does_not_make_the_language_a_party() -> None:
    doc = read_voice("statement-translated-cod-rwa", ("COD", "RWA"))
    assert doc.voice is not None
    assert (doc.voice.genre, doc.voice.party) == ("statement", "COD")
    assert "French" not in doc.voice.evidence


def voice_of_text(
    tmp_path: Path, text: str, dyad: tuple[str, str], date: str
) -> tuple[Voice, Document]:
    path = tmp_path / "doc.txt"
    path.write_text(text, encoding="utf-8")
    doc = read_voice_path(path, dyad, date)
    assert doc.voice is not None
    return doc.voice, doc


def test_a_guest_address_speaks_for_the_guest_not_the_parliament_that_hosts_it(
    tmp_path: Path,
) -> None:
    text = (
        "NATIONAL ASSEMBLY OF THE REPUBLIC OF ZAMBIA\nJoint Sitting\n\n"
        "ADDRESS BY HER EXCELLENCY THE PRESIDENT OF THE REPUBLIC OF MALAWI\n\n"
        "Madam Speaker, honourable members,\n\n"
        "I bring you the greetings of the people of Malawi. "
        "Our two countries share a lake, a railway and a long friendship. "
        "We ask that the border posts at Mchinji stay open through the rains.\n"
    )
    voice, doc = voice_of_text(tmp_path, text, ("MWI", "ZMB"), "2025-02-10")
    assert (voice.genre, voice.party) == ("speech", "MWI")
    # "our two countries" in one side's speech stays that side's view, and so does what follows
    later = [s.perspective for s in doc.sentences if s.text.startswith(("Our two", "We ask"))]
    assert later == ["MWI", "MWI"]


def test_an_interview_in_a_state_aligned_paper_speaks_for_the_interviewee(
    tmp_path: Path,
) -> None:
    text = (
        "NEW STRAITS TIMES | WORLD\n\n'We want the crossings to run on time'\n\n"
        "Singapore's foreign minister, Vivian Balakrishnan, spoke to the paper about the "
        "rail link, water and the causeway queues.\n\n"
        "Q: Is the rail link on schedule?\n\n"
        "A: We are confident that it will open at the end of next year. "
        "Singapore has done its part at Woodlands.\n\n"
        "Q: And the water price?\n\n"
        "A: We have always honoured the agreement, and we will go on doing so.\n"
    )
    voice, _ = voice_of_text(tmp_path, text, ("MYS", "SGP"), "2025-05-02")
    assert (voice.genre, voice.party) == ("interview", "SGP")  # not the paper's country
    assert "New Straits Times" not in voice.evidence


def test_a_letterhead_in_capitals_with_an_apostrophe_names_its_state(tmp_path: Path) -> None:
    text = (
        "PEOPLE'S DEMOCRATIC REPUBLIC OF ALGERIA\nMINISTRY OF FOREIGN AFFAIRS\n\n"
        "COMMUNIQUÉ\n\n"
        "Algeria has taken note of the remarks made in Paris this week. "
        "It rejects them and calls for respect between the two countries.\n"
    )
    voice, _ = voice_of_text(tmp_path, text, ("DZA", "FRA"), "2025-03-04")
    assert voice.party == "DZA"


def test_the_speakers_own_i_and_we_stay_the_speakers_party(tmp_path: Path) -> None:
    # Before: "I propose" right after the neighbour's reported view went to the neighbour.
    voice, doc = voice_of_text(
        tmp_path,
        "Address by the Prime Minister of Estonia to the Riigikogu\n\n"
        "Members of the Riigikogu, thank you.\n\n"
        "Finland has been our closest partner on the cables under the Gulf.\n\n"
        "Helsinki says the repairs took too long last winter.\n\n"
        "I propose that we build the next cable together, with joint patrols to protect it.\n\n"
        "We have asked Helsinki to name its experts by the spring.\n",
        ("EST", "FIN"),
        "2025-11-20",
    )
    assert voice.party == "EST"
    proposal = next(s for s in doc.sentences if s.text.startswith("I propose"))
    request = next(s for s in doc.sentences if s.text.startswith("We have asked"))
    assert (proposal.perspective, request.perspective) == ("EST", "EST")


def test_a_place_before_an_untied_speaker_ties_it_to_that_country(tmp_path: Path) -> None:
    _, doc = voice_of_text(
        tmp_path,
        "Quota row deepens\n\nBy a staff reporter\n\n"
        "Iceland set a larger herring quota on Friday than its neighbours had proposed.\n\n"
        "In Oslo, the fisheries directorate answered that the stock could not bear it.\n",
        ("ISL", "NOR"),
        "2025-11-20",
    )
    answer = next(s for s in doc.sentences if s.text.startswith("In Oslo"))
    assert answer.perspective == "NOR"


def test_an_untied_office_in_a_report_speaks_for_the_party_just_named(tmp_path: Path) -> None:
    voice, doc = voice_of_text(
        tmp_path,
        "Herring quota set\n\nBy a staff reporter\n\n"
        "REYKJAVIK - Icelandic boats will be allowed to land more herring this year.\n\n"
        "The new catch limit took effect on Friday after weeks of talks.\n\n"
        "The fisheries minister said the stock had moved north into Icelandic waters.\n",
        ("ISL", "NOR"),
        "2025-11-20",
    )
    assert voice.party == "author"
    minister = next(s for s in doc.sentences if s.text.startswith("The fisheries minister"))
    assert minister.perspective == "ISL"


def test_a_state_outlets_own_commentary_speaks_for_its_state_an_outside_writer_does_not(
    tmp_path: Path,
) -> None:
    body = (
        "Five weeks after the lorries were turned back at the river crossing, the freight "
        "is still waiting. Vilnius calls this a security measure. Our drivers call it a "
        "blockade, and they are right.\n"
    )
    house = f"BELTA\n\nCOMMENTARY\n\nA queue at the border\n\nBy Staff Commentator\n\n{body}"
    voice, _ = voice_of_text(tmp_path, house, ("BLR", "LTU"), "2025-03-02")
    assert (voice.genre, voice.party) == ("editorial", "BLR")
    contributor = house + "\nThe author is a lecturer in economics. The views are her own.\n"
    voice, _ = voice_of_text(tmp_path, contributor, ("BLR", "LTU"), "2025-03-02")
    assert (voice.genre, voice.party) == ("op-ed", "author")


def test_a_long_title_line_that_opens_with_joint_communique_makes_a_joint_statement(
    tmp_path: Path,
) -> None:
    text = (
        "REPUBLIC OF GHANA\n\n"
        "JOINT COMMUNIQUÉ on the state visit of the President of the Republic of Togo to "
        "the Republic of Ghana from 3 to 5 March 2025, at the invitation of the President\n\n"
        "1. The two Heads of State held talks in a warm atmosphere.\n\n"
        "2. The two sides agreed to reopen the Aflao crossing at night.\n"
    )
    voice, doc = voice_of_text(tmp_path, text, ("GHA", "TGO"), "2025-03-05")
    assert (voice.genre, voice.party) == ("joint-statement", "author")
    # a numbered paragraph's number opens its sentence, it is not a sentence of its own
    assert [s.text[:2] for s in doc.sentences[-2:]] == ["1.", "2."]


def test_remarks_as_the_topic_of_a_title_do_not_make_a_speech(tmp_path: Path) -> None:
    text = (
        "Seoul answers Tokyo's island remarks\n\n"
        "SEOUL, May 2 (Reuters) - South Korea's foreign ministry said on Friday that "
        "Japan's claim to the islets was groundless, and summoned a Japanese diplomat.\n"
    )
    voice, _ = voice_of_text(tmp_path, text, ("JPN", "KOR"), "2025-05-02")
    assert (voice.genre, voice.party) == ("news", "author")


def perspective_of(doc: Document, opening: str) -> str:
    """The perspective of the first sentence that opens with ``opening``."""
    return next(s.perspective for s in doc.sentences if s.text.startswith(opening))


def _voice_of(tmp_path: Path, text: str, dyad: tuple[str, str]) -> Document:
    from crossroads.pipeline import Pipeline, PipelineConfig

    path = tmp_path / "doc.txt"
    path.write_text(text, encoding="utf-8")
    return Pipeline(dyad, PipelineConfig(stages=STAGES_TO_VOICE)).annotate(read(str(path)))


def test_a_toast_in_honour_of_a_guest_is_the_hosts(tmp_path: Path) -> None:
    doc = _voice_of(
        tmp_path,
        "PRIME MINISTER OF NEW ZEALAND\n\nToast at the state dinner in honour of the "
        "President of the Republic of Fiji\n\nWellington, 3 March 2026\n\n"
        "Mr President, welcome back to Wellington. Our two peoples have crossed this ocean "
        "to each other for centuries. We will keep our promise on climate finance, and we "
        "ask Suva to keep working with us on the fisheries patrols.\n",
        ("FJI", "NZL"),
    )
    assert doc.voice is not None
    assert (doc.voice.genre, doc.voice.party) == ("speech", "NZL")  # not the guest's Fiji
    assert all(s.perspective == "NZL" for s in doc.sentences)


def test_a_speech_without_header_is_placed_by_its_welcome_or_its_visit(tmp_path: Path) -> None:
    host = _voice_of(
        tmp_path,
        "Excellencies, dear friends, welcome to Lusaka. Zambia has waited a long time for "
        "this commission to meet again, and we intend to use every hour of it.\n",
        ("MWI", "ZMB"),
    )
    assert host.voice is not None and host.voice.party == "ZMB"
    assert "host" in host.voice.evidence
    guest = _voice_of(
        tmp_path,
        "Ladies and gentlemen, it is a pleasure to be in Lilongwe. I bring the greetings of "
        "my government, which wants the border markets reopened before the harvest.\n",
        ("MWI", "ZMB"),
    )
    assert guest.voice is not None and guest.voice.party == "ZMB"  # a guest in Malawi
    assert "guest" in guest.voice.evidence


def test_a_joint_press_conference_is_no_ones_but_each_answer_is_its_speakers(
    tmp_path: Path,
) -> None:
    doc = _voice_of(
        tmp_path,
        "Press conference of the foreign ministers\n\nManila, 12 February 2025\n\n"
        "Secretary Manalo: We agreed to open a hotline between our coast guards.\n\n"
        "Q (Ana Cruz, Rappler): Minister, will Hanoi stop building on the reefs?\n\n"
        "Minister Bui Thanh Son: Viet Nam acts within its own waters and under the law.\n\n"
        "Q (Tran Minh, VnExpress): Secretary, what does Manila ask for?\n\n"
        "Secretary Manalo: We ask for restraint from every side.\n",
        ("PHL", "VNM"),
    )
    assert doc.voice is not None
    assert (doc.voice.genre, doc.voice.party) == ("briefing", "author")
    by_label = {s.text.split(":")[0]: s.perspective for s in doc.sentences}
    assert by_label["Secretary Manalo"] == "PHL"
    assert by_label["Minister Bui Thanh Son"] == "VNM"
    assert by_label["Q (Ana Cruz, Rappler)"] == "author"


def test_a_ministrys_letterhead_over_plain_prose_is_its_press_release(tmp_path: Path) -> None:
    text = (
        "MINISTRY OF FOREIGN AFFAIRS OF THE REPUBLIC OF GHANA\n\n"
        "Minister receives the ambassador of Togo\n\n"
        "The Minister said Ghana had received the ambassador of Togo in Accra on Monday. "
        "She told him that the arrears on the power line must be settled by June, and "
        "noted that the two grids had worked together for forty years. "
        "The ambassador said Lomé would answer within the week.\n"
    )
    doc = _voice_of(tmp_path, text, ("GHA", "TGO"))
    assert doc.voice is not None
    assert (doc.voice.genre, doc.voice.party) == ("statement", "GHA")
    # the same prose under a newspaper's headline is the reporter's
    headline = text.replace("MINISTRY OF FOREIGN AFFAIRS OF THE REPUBLIC OF GHANA", "Power talks")
    news = _voice_of(tmp_path, headline, ("GHA", "TGO"))
    assert news.voice is not None and (news.voice.genre, news.voice.party) == ("news", "author")


def test_an_interviews_introduction_is_the_outlets_and_its_answers_the_ministers(
    tmp_path: Path,
) -> None:
    text = (
        "THE LAKESIDE HERALD\n\n"
        "Interview: 'The lake belongs to both our peoples'\n\n"
        "Malawi's foreign minister came to our offices in Lilongwe a week after the talks on "
        "the lake border stalled. Tanzania has again asked for the line to run down the "
        "middle of the water. The interview has been shortened.\n\n"
        "Herald: Will Malawi go to the International Court of Justice?\n\n"
        "Minister: We prefer to settle this with our neighbours through the mediation panel. "
        "Our position rests on the 1890 treaty, and it has not changed.\n\n"
        "Herald: Tanzanian officials say the treaty is a colonial relic.\n\n"
        "Minister: A treaty does not lapse because it is old. We will keep talking to Dodoma.\n"
    )
    _, doc = voice_of_text(tmp_path, text, ("MWI", "TZA"), "2025-09-10")

    # the outlet introduces, before the first turn
    for intro in ("Malawi's foreign", "Tanzania has again", "The interview has"):
        assert perspective_of(doc, intro) == "author"
    assert perspective_of(doc, "Herald: Will") == "author"
    # a question relaying the other side
    assert perspective_of(doc, "Herald: Tanzanian") == "author"
    assert perspective_of(doc, "Minister: We prefer") == "MWI"
    assert perspective_of(doc, "Our position") == "MWI"
    assert perspective_of(doc, "Minister: A treaty") == "MWI"


def test_a_debates_members_speak_for_their_country_though_they_ask(tmp_path: Path) -> None:
    text = (
        "NATIONAL ASSEMBLY OF KENYA\nQuestion time, Wednesday 8 October 2025\n\n"
        "THE SPEAKER: Order. The Member for Busia Township has the floor.\n\n"
        "HON. MEMBER FOR BUSIA TOWNSHIP (ODM): Mr Speaker, traders at the border tell me that "
        "Ugandan officers have turned back our milk lorries for three weeks. What is the "
        "Ministry doing about it?\n\n"
        "THE CABINET SECRETARY FOR TRADE: Mr Speaker, we have written to Kampala and asked for "
        "a meeting of the joint committee. Kenya will not accept a ban that breaks the customs "
        "union.\n\n"
        "HON. MEMBER FOR BUSIA TOWNSHIP (ODM): Uganda has done this before, in 2019. When will "
        "the Ministry stop writing letters and act?\n"
    )
    voice, doc = voice_of_text(tmp_path, text, ("KEN", "UGA"), "2025-10-08")
    assert voice.genre == "speech"
    assert doc.sentences[0].perspective == "author"  # the chair

    assert perspective_of(doc, "HON. MEMBER FOR BUSIA TOWNSHIP (ODM): Mr Speaker") == "KEN"
    assert perspective_of(doc, "HON. MEMBER FOR BUSIA TOWNSHIP (ODM): Uganda") == "KEN"
    assert perspective_of(doc, "When will the Ministry") == "KEN"  # not a reporter's question
    assert perspective_of(doc, "THE CABINET SECRETARY") == "KEN"
    assert perspective_of(doc, "Kenya will not accept") == "KEN"


def test_an_unknown_papers_editorial_speaks_for_the_city_on_its_masthead(tmp_path: Path) -> None:
    # The outlet is invented, so no list knows it; the masthead's city does. The other
    # party is never named (only "our neighbour"), which defeats a count of names.
    voice, doc = voice_of_text(
        tmp_path,
        "THE LAKESIDE COURIER\nKampala\n\nLEADING ARTICLE\n\nA fence is not a neighbour\n\n"
        "Kampala, 3 March 2026\n\n"
        "Our country has never closed a market to the traders who cross the lake at dawn. "
        "It is therefore strange to read that a neighbour of ours now counts every canoe "
        "as a threat.\n\n"
        "Uganda's offer of a joint patrol stands, and our government will not withdraw it "
        "because of a season of harsh words. We ask only that the patrol boats of both "
        "shores answer to one set of rules.\n",
        ("KEN", "UGA"),
        "2026-03-03",
    )
    assert (voice.genre, voice.party) == ("editorial", "UGA")
    assert "Kampala" in voice.evidence


def test_a_retired_officers_op_ed_is_his_own_voice(tmp_path: Path) -> None:
    voice, doc = voice_of_text(
        tmp_path,
        "OPINION\n\nThe sea between us needs a telephone\n\nBy Tomás Ferreira Lima\n\n"
        "Nobody who has stood on a patrol deck at night believes that a protest note stops "
        "a trawler. Both navies know the waters, and both know the other's captains by name. "
        "What they lack is a line they can call before a boarding, not after it.\n\n"
        "Tomás Ferreira Lima is a retired rear admiral of the Brazilian Navy. The views "
        "expressed are his own.\n",
        ("ARG", "BRA"),
        "2026-02-10",
    )
    assert (voice.genre, voice.party) == ("op-ed", "author")


def test_a_joint_press_conference_gives_each_minister_his_own_country(tmp_path: Path) -> None:
    # Names with lower-case particles ("al-Shaibani") label turns, and a title with a
    # family name written with particles ("SECRETARY DE LA FUENTE") resolves.
    voice, doc = voice_of_text(
        tmp_path,
        "Transcript of the joint press conference\n\n"
        "Moderator: We begin with the two ministers' remarks.\n\n"
        "Asaad al-Shaibani (Translation): Syria thanks Mexico for receiving our delegation "
        "and for reopening its embassy in Damascus.\n\n"
        "SECRETARY DE LA FUENTE: Mexico will send a consular team to Damascus next month.\n\n"
        "Reporter (Milenio): Will Syria lift the visa rule for Mexican students?\n\n"
        "Asaad al-Shaibani (Translation): We are studying it with our Mexican friends.\n",
        ("MEX", "SYR"),
        "2025-05-20",
    )
    assert (voice.genre, voice.party) == ("briefing", "author")
    by_opening = {s.text.split()[0]: s.perspective for s in doc.sentences}
    assert by_opening["Asaad"] == "SYR"
    assert by_opening["SECRETARY"] == "MEX"
    assert by_opening["Reporter"] == "author"


def test_a_broadcast_presenters_lines_are_the_outlets_not_the_guests(tmp_path: Path) -> None:
    voice, doc = voice_of_text(
        tmp_path,
        "Morning Edition: interview with the foreign minister\n\n"
        "PRESENTER: Talks with Tanzania broke down on Friday; the minister joins us.\n\n"
        "MUDAVADI: Thank you. Kenya remains ready to talk about the border posts.\n\n"
        "PRESENTER: Dodoma says Kenya broke the deal first. Is that fair?\n\n"
        "MUDAVADI: It is not fair, and we have shown our figures to the commission.\n",
        ("KEN", "TZA"),
        "2025-03-02",
    )
    assert voice.party == "KEN"
    by_opening = [(s.text.split()[0], s.perspective) for s in doc.sentences]
    assert all(p == "author" for w, p in by_opening if w == "PRESENTER:")
    assert all(p == "KEN" for w, p in by_opening if w == "MUDAVADI:")


def test_an_independent_papers_editorial_of_a_named_city_is_its_own_voice(
    tmp_path: Path,
) -> None:
    # The masthead's city alone does not make a paper a state's voice: this one argues
    # with both governments and never speaks as the country ("our", "we", "us").
    voice, _ = voice_of_text(
        tmp_path,
        "THE HARBOUR LEDGER\nMombasa, 9 June 2026\n\nEDITORIAL\n\nTwo ministries, one queue\n\n"
        "The lorries at Namanga have waited four days this week, and neither Nairobi nor "
        "Dodoma has explained why. Kenya blames the scanners on the Tanzanian side; "
        "Tanzania blames Kenyan paperwork. Both are partly right. The two revenue "
        "authorities should publish the waiting times each morning, as this newspaper "
        "has asked before.\n",
        ("KEN", "TZA"),
        "2026-06-09",
    )
    assert (voice.genre, voice.party) == ("editorial", "author")


def test_a_state_papers_editorial_that_never_names_the_other_side_is_its_citys(
    tmp_path: Path,
) -> None:
    voice, _ = voice_of_text(
        tmp_path,
        "THE DAILY STANDARD\nDodoma\n\nEDITORIAL\n\nA neighbour's lorries and ours\n\n"
        "Dodoma, 9 June 2026\n\n"
        "We have built the new scanners at Namanga with our own money. Our drivers wait "
        "like everyone else. A certain neighbour of ours prefers to count the hours rather "
        "than the lorries. Tanzania will keep the border open, as it always has.\n",
        ("KEN", "TZA"),
        "2026-06-09",
    )
    assert (voice.genre, voice.party) == ("editorial", "TZA")


def test_questions_after_remarks_to_the_press_make_an_interview(tmp_path: Path) -> None:
    # "Remarks" heads a speech, but reporters asking in turn make the transcript an
    # exchange with the press; only a debate's header keeps members' questions a speech's.
    voice, doc = voice_of_text(
        tmp_path,
        "Remarks to the Press after the border talks\n\n"
        "MUDAVADI: Kenya came to listen, and we leave with a date for the next round.\n\n"
        "Question: Will the posts at Namanga reopen this month?\n\n"
        "MUDAVADI: That depends on the survey teams, not on me.\n\n"
        "Question: Dodoma says the survey is finished. Is it?\n\n"
        "MUDAVADI: Not on our side of the line.\n",
        ("KEN", "TZA"),
        "2025-03-02",
    )
    assert voice.genre == "interview"
    assert voice.party == "KEN"
    assert all(s.perspective == "author" for s in doc.sentences if s.text.startswith("Question"))


def test_a_paper_that_writes_about_the_us_does_not_speak_as_a_country(tmp_path: Path) -> None:
    # "US" is the United States, not "us": an independent paper that names it often
    # still writes in its own voice
    voice, _ = voice_of_text(
        tmp_path,
        "THE HARBOUR LEDGER\nMombasa, 9 June 2026\n\nEDITORIAL\n\nA port between two giants\n\n"
        "The US navy called at Mombasa in May; the Chinese one called in June. Tanzania "
        "courts the US and China alike. Kenya's courtship of the US is older, and the US "
        "has been slower to pay for it. Both capitals should stop treating the harbour as "
        "a prize.\n",
        ("KEN", "TZA"),
        "2026-06-09",
    )
    assert (voice.genre, voice.party) == ("editorial", "author")


def test_a_headline_that_opens_with_a_city_is_no_masthead(tmp_path: Path) -> None:
    voice, _ = voice_of_text(
        tmp_path,
        "EDITORIAL\n\nKampala, where the lake traders wait\n\n"
        "We have said it before and we say it again: our markets are open to every canoe. "
        "Kenya and Uganda both promised a joint patrol, and we are still waiting for it.\n",
        ("KEN", "UGA"),
        "2026-03-03",
    )
    assert (voice.genre, voice.party) == ("editorial", "author")


def test_an_interviews_guest_takes_the_party_of_the_office_the_introduction_gives_them(
    tmp_path: Path,
) -> None:
    # the envoy is in no list of officials: the introduction ties the name on the answers'
    # label to an office of one party, and the headline quoting the guest is no turn
    text = (
        "THE RIVERSIDE COURIER\nInterview\n\n"
        'Consul General Amara Touré: "We want the ferry back before the rains"\n\n'
        "By Ama Boateng\n\n"
        "Guinea's Consul General in Freetown, Amara Touré, spoke to us a day after the "
        "ferry at Pamelap was stopped for the third time this year.\n\n"
        "Courier: Sierra Leone says the ferry carried goods without papers. Is that so?\n\n"
        "Touré: The papers were in order. We have sent copies to the port authority.\n\n"
        "Courier: Will Conakry close its side of the crossing?\n\n"
        "Touré: No. We have asked for a joint inspection, and we are waiting for an answer.\n"
    )
    voice, doc = voice_of_text(tmp_path, text, ("GIN", "SLE"), "2026-05-04")
    assert (voice.genre, voice.party) == ("interview", "GIN")
    assert voice.speaker == "Touré"
    assert "Consul General" in voice.evidence
    assert perspective_of(doc, "Courier: Sierra Leone says") == "author"
    assert perspective_of(doc, "Touré: The papers") == "GIN"
    assert perspective_of(doc, "Touré: No.") == "GIN"
    assert perspective_of(doc, "We have sent") == "GIN"


def test_an_answerer_placed_only_as_a_guest_in_a_capital_gets_no_party(tmp_path: Path) -> None:
    # "in Freetown" says where the guest sits, not whom they speak for
    text = (
        "THE RIVERSIDE COURIER\nInterview\n\n"
        "Amara Touré, who has lived in Freetown for twenty years, runs a shipping agency "
        "on the quay.\n\n"
        "Courier: Is the ferry running again?\n\n"
        "Touré: Not yet. The traders on both sides are losing money every week.\n\n"
        "Courier: Who is to blame?\n\n"
        "Touré: The port and the customs office each blame the other.\n"
    )
    voice, _ = voice_of_text(tmp_path, text, ("GIN", "SLE"), "2026-05-04")
    assert (voice.genre, voice.party) == ("interview", "author")


_OUR_GOVERNMENT_EDITORIAL = (
    "{masthead}\nIslamabad, 3 March 2026\n\nEDITORIAL\n\n{headline}\n\n"
    "Our government promised the traders of Torkham a reopened crossing by January. "
    "We are now in March, and our exporters are still paying for trucks that do not move. "
    "Kabul has its own reasons for the closure, but our ministers have not explained theirs. "
    "Both sides should publish the terms of the talks and let the crossing reopen.\n"
)


def test_an_independent_papers_our_government_is_the_papers_own_voice(tmp_path: Path) -> None:
    # a known independent paper on its masthead writes for its editors, however often it
    # says "our government"; an unknown paper of the same city speaks as the country
    text = _OUR_GOVERNMENT_EDITORIAL.format(masthead="DAWN", headline="A crossing kept shut")
    voice, doc = voice_of_text(tmp_path, text, ("AFG", "PAK"), "2026-03-03")
    assert (voice.genre, voice.party) == ("editorial", "author")
    assert "Dawn: an independent paper" in voice.evidence
    assert perspective_of(doc, "Our government promised") == "author"

    unknown = _OUR_GOVERNMENT_EDITORIAL.format(
        masthead="THE FRONTIER LEDGER", headline="A crossing kept shut"
    )
    voice, _ = voice_of_text(tmp_path, unknown, ("AFG", "PAK"), "2026-03-03")
    assert (voice.genre, voice.party) == ("editorial", "PAK")


def test_an_independent_papers_name_inside_a_headline_is_no_masthead(tmp_path: Path) -> None:
    text = _OUR_GOVERNMENT_EDITORIAL.format(
        masthead="THE FRONTIER LEDGER", headline="Dawn at Torkham, and still no trucks"
    )
    voice, _ = voice_of_text(tmp_path, text, ("AFG", "PAK"), "2026-03-03")
    assert (voice.genre, voice.party) == ("editorial", "PAK")


def test_a_headline_answering_the_other_sides_statement_does_not_make_it_the_issuer(
    tmp_path: Path,
) -> None:
    header = [
        "MINISTRY OF FOREIGN AFFAIRS OF THE REPUBLIC OF GHANA",
        "PRESS RELEASE",
        "Ghana rejects the statement of the Togolese authorities on the border incident",
    ]
    body = [
        "The Government of Ghana rejects the account of the incident given in Lomé on Monday.",
        "These claims do not reflect the facts.",
        "Ghana calls on Togo to open a joint inquiry without delay.",
    ]
    doc = _voice_of(tmp_path, "\n\n".join([*header, " ".join(body)]) + "\n", ("GHA", "TGO"))
    assert doc.voice is not None and doc.voice.party == "GHA"
    assert doc.voice.speaker == "Ministry of Foreign Affairs of the Republic of Ghana"
    assert [s.perspective for s in doc.sentences] == ["GHA"] * len(body)


def test_an_unnamed_official_answering_in_the_first_person_speaks_for_the_country_not_named(
    tmp_path: Path,
) -> None:
    # an outlet we do not know, a guest named only by office, no country in the header
    text = (
        "RADIO LAGOA | SUNDAY MORNING\n\n"
        "The deputy foreign minister on the closed border\n\n"
        "INTERVIEWER: Deputy Minister, welcome.\n\n"
        "DEPUTY MINISTER: Thank you for having me.\n\n"
        "INTERVIEWER: Why is the crossing at Chuí still closed?\n\n"
        "DEPUTY MINISTER: We have asked Uruguay three times for the inspection reports. "
        "Our trucks have waited since Monday, and we sent a note to the Uruguayan embassy "
        "on Wednesday.\n\n"
        "INTERVIEWER: And if Montevideo does not answer?\n\n"
        "DEPUTY MINISTER: Then we will raise it with Uruguay at the Mercosur council, "
        "because our exporters cannot wait.\n"
    )
    voice, doc = voice_of_text(tmp_path, text, ("BRA", "URY"), "2025-06-01")
    assert (voice.genre, voice.party) == ("interview", "BRA")
    answer = ("DEPUTY MINISTER: We have asked", "DEPUTY MINISTER: Then")
    assert [s.perspective for s in doc.sentences if s.text.startswith(answer)] == ["BRA", "BRA"]
    questions = [s.perspective for s in doc.sentences if s.text.startswith("INTERVIEWER: Why")]
    assert questions == ["author"]


def test_a_presidents_message_to_the_nation_is_his_speech(tmp_path: Path) -> None:
    # "Message ... to the Nation" is no news story: the president named in it speaks
    text = (
        "PRÉSIDENCE DE LA RÉPUBLIQUE DU TOGO\n\n"
        "Message of the President of the Republic, Faure Gnassingbé, to the Nation after the "
        "closing of the Aflao crossing\n\n"
        "Lomé, 3 March 2025\n\n"
        "Dear compatriots.\n\n"
        "On Friday the Ghanaian authorities closed the crossing at Aflao without notice. "
        "I have asked our Minister of Foreign Affairs to seek an explanation from Accra. "
        "We will keep our side of the border open to every traveller.\n"
    )
    voice, _ = voice_of_text(tmp_path, text, ("GHA", "TGO"), "2025-03-03")
    assert (voice.genre, voice.party) == ("speech", "TGO")


def test_a_ministrys_comment_on_the_other_sides_remarks_is_its_own_statement(
    tmp_path: Path,
) -> None:
    # the header names the other side's minister as the one answered, not as the speaker
    text = (
        "MINISTRY OF FOREIGN AFFAIRS OF THE REPUBLIC OF AZERBAIJAN\nPress Service\n\n"
        "Comment in connection with the remarks of the Minister of Foreign Affairs of the "
        "Republic of Armenia\n\n"
        "Baku, 12 May 2025\n\n"
        "We have taken note of the remarks made by the Armenian minister in Yerevan on 10 May. "
        "They do not reflect the agreements reached by the two delegations. "
        "We call on Yerevan to keep to the text that both sides initialled.\n"
    )
    voice, _ = voice_of_text(tmp_path, text, ("ARM", "AZE"), "2025-05-12")
    assert (voice.genre, voice.party) == ("statement", "AZE")


def test_a_press_conference_answered_by_both_ministers_gives_each_answer_its_side(
    tmp_path: Path,
) -> None:
    # the labels are offices with their countries, in a transcript's capitals
    text = (
        "Transcript of the joint press conference\n\n"
        "Windhoek, 4 April 2025\n\n"
        "MODERATOR: Good afternoon. The ministers will speak, then take questions.\n\n"
        "MINISTER OF FOREIGN AFFAIRS OF NAMIBIA: We agreed today to reopen the Katwitwi post. "
        "Our traders have waited long enough.\n\n"
        "MINISTER OF EXTERNAL RELATIONS OF ANGOLA: Angola welcomes the decision. "
        "We will send our customs officers to the post next week.\n\n"
        "JOURNALIST (Radio Nacional): Minister, when will the fees be lowered?\n\n"
        "MINISTER OF EXTERNAL RELATIONS OF ANGOLA: The commission will decide in June.\n"
    )
    voice, doc = voice_of_text(tmp_path, text, ("AGO", "NAM"), "2025-04-04")
    assert (voice.genre, voice.party) == ("briefing", "author")
    said = {s.text.split(": ", 1)[-1]: s.perspective for s in doc.sentences}
    assert said["We agreed today to reopen the Katwitwi post."] == "NAM"
    assert said["Angola welcomes the decision."] == "AGO"
    assert said["Minister, when will the fees be lowered?"] == "author"
