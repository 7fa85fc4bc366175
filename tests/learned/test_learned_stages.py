"""The learned (v2) stages as shipped: their weights load offline and their labels come
with a confidence; texts written for these tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from crossroads.annotate.taxonomy import load_taxonomy
from crossroads.cli import main
from crossroads.learned.signals import EMBEDDING_DIM, signal_names
from crossroads.learned.weights import load_model
from crossroads.model import FRAMES
from crossroads.pipeline import DEFAULT_STAGES, Pipeline, PipelineConfig, analyze, with_stages
from crossroads.readers import read

TEXT = """Tempers flare over dam

KHARTOUM, March 3 (Meridian Wire) - Sudan's foreign minister condemned Ethiopia's decision to start the fourth filling of the reservoir without a binding agreement, calling it a reckless and unilateral act that endangers millions downstream.

A day later the two governments agreed to resume technical talks in Addis Ababa and to share daily flow data from the dam, a step both delegations welcomed as a sign of goodwill.

The river rises in the Ethiopian highlands and joins the White Nile at Khartoum.
"""


@pytest.mark.parametrize("task", ["issue", "valence", "frames", "recommendation"])
def test_the_shipped_weights_fit_the_features_and_the_taxonomy(task: str) -> None:
    model = load_model(task)
    ids = list(load_taxonomy().ids)
    # the sentence, its paragraph, the rule signals; the issue model also reads the document
    document = EMBEDDING_DIM if task == "issue" else 0
    assert model.coef.shape[1] == 2 * EMBEDDING_DIM + len(signal_names(ids)) + document
    assert model.meta["issue_ids"] == ids
    assert model.meta["sentences"] >= 3000  # trained on the corpus, not a test slice


@pytest.fixture(scope="module")
def contract(tmp_path_factory: pytest.TempPathFactory) -> dict:
    path = tmp_path_factory.mktemp("learned") / "dam.txt"
    path.write_text(TEXT, encoding="utf-8")
    stages = with_stages(DEFAULT_STAGES, ["crossroads.issues.v2", "crossroads.frames.v2"])
    analysis = analyze([str(path)], ("ETH", "SDN"), PipelineConfig(stages=stages))
    return json.loads(json.dumps(analysis.to_contract()))


def by_start(contract: dict, words: str) -> dict:
    sentences = contract["documents"][0]["sentences"]
    return next(s for s in sentences if s["text"].startswith(words) or words in s["text"][:40])


def test_a_condemnation_is_critical_and_an_agreement_cooperative(contract: dict) -> None:
    assert by_start(contract, "KHARTOUM")["valence"] == "critical"
    assert by_start(contract, "A day later")["valence"] == "cooperative"


def test_background_is_neutral(contract: dict) -> None:
    assert by_start(contract, "The river rises")["valence"] == "neutral"


def test_every_learned_label_carries_a_probability(contract: dict) -> None:
    for sentence in contract["documents"][0]["sentences"]:
        confidence = sentence["confidence"]
        assert {"issue", "valence", "frames"} <= set(confidence)
        assert all(0.0 <= p <= 1.0 for p in confidence.values())


def test_the_learned_issue_of_a_dam_dispute(contract: dict) -> None:
    first = by_start(contract, "KHARTOUM")
    assert first["issue"] in {"nontraditional-security", "regional-order"}


def test_a_custom_taxonomy_falls_back_to_the_issue_rules(tmp_path: Path) -> None:
    taxonomy = tmp_path / "tax.yaml"
    taxonomy.write_text(
        "name: water\nfallback: other\nissues:\n"
        "  - id: water\n    label: Water\n    description: Rivers and dams.\n"
        "    cues:\n      'dam|river|reservoir': 2\n"
    )
    text = tmp_path / "dam.txt"
    text.write_text(TEXT, encoding="utf-8")
    stages = with_stages(DEFAULT_STAGES, ["crossroads.issues.v2"])
    analysis = analyze(
        [str(text)], ("ETH", "SDN"), PipelineConfig(stages=stages, taxonomy=taxonomy)
    )
    sentences = analysis.documents[0].sentences
    assert {s.issue for s in sentences} <= {"water", "other"}
    assert all("rules (v1)" in s.cues.get("issue_model", "") for s in sentences)


def test_stage_option_swaps_a_stage_and_refuses_an_unknown_one(tmp_path: Path) -> None:
    text = tmp_path / "dam.txt"
    text.write_text(TEXT, encoding="utf-8")
    runner = CliRunner()
    ok = runner.invoke(
        main,
        [
            "analyze",
            str(text),
            "--dyad",
            "ETH-SDN",
            "--format",
            "json",
            "-q",
            "--stage",
            "crossroads.valence.v1",
        ],
    )
    assert ok.exit_code == 0
    sentences = json.loads(ok.output)["documents"][0]["sentences"]
    assert all("valence" not in s["confidence"] for s in sentences)  # the rules give none
    bad = runner.invoke(main, ["analyze", str(text), "--dyad", "ETH-SDN", "--stage", "x.v9"])
    assert bad.exit_code != 0 and "x.v9" in bad.output and "Traceback" not in bad.output


def test_the_shipped_perspective_trees_fit_their_features() -> None:
    from crossroads.learned.signals import PERSPECTIVE_CLASSES, perspective_signal_names
    from crossroads.learned.weights import load_tree_model

    model = load_tree_model("perspective")
    assert model.classes == PERSPECTIVE_CLASSES
    assert model.width == len(perspective_signal_names())
    assert model.meta["sentences"] >= 3000


BRIEFING = """MINISTRY OF FOREIGN AFFAIRS OF THE REPUBLIC OF GHANA
Regular press briefing by the Spokesperson, 4 June 2025

Question: Togo's customs service says Ghanaian lorries have been held at Aflao for a week. Will you respond?

Answer: We have raised the matter with our friends in Lomé through the joint commission. The delays are caused by a new electronic system on the Togolese side, and we expect it to be fixed within days. Ghana values the trade corridor and will keep it open.
"""


def test_learned_perspective_keeps_a_briefings_answers_with_the_ministry(tmp_path: Path) -> None:
    path = tmp_path / "briefing.txt"
    path.write_text(BRIEFING, encoding="utf-8")
    stages = with_stages(DEFAULT_STAGES, ["crossroads.perspective.v2"])
    out = analyze([str(path)], ("GHA", "TGO"), PipelineConfig(stages=stages)).to_contract()
    sentences = out["documents"][0]["sentences"]
    question = [s for s in sentences if s["text"].startswith("Question:")]
    answers = [s for s in sentences if not s["text"].startswith(("Question:", "Will you"))]
    assert question and question[0]["perspective"] == "author"
    assert answers and all(s["perspective"] == "GHA" for s in answers)
    assert all(0 < s["confidence"]["perspective"] <= 1 for s in sentences)


NEWS = """Fishing row deepens

DAKAR, 9 May (Coastline News) - Senegal's fisheries minister, Awa Roe, said on Friday that Mauritanian patrol boats had seized three Senegalese pirogues inside waters both countries share. The boats had held valid licences, she added. Officials said the seizures broke the spirit of the accord.

"Not one fine will be paid for fishing where our boats have every right to fish."

Mauritania's interior ministry said the boats had crossed the maritime line and would be released once fines were paid.

The two countries signed a fisheries accord in 2018 that lets about 400 Senegalese boats work Mauritanian waters each year.
"""


def _annotated(tmp_path: Path, stages: tuple[str, ...]) -> list:
    from crossroads.pipeline import Pipeline
    from crossroads.readers import read

    path = tmp_path / "fishing.txt"
    path.write_text(NEWS, encoding="utf-8")
    pipeline = Pipeline(("SEN", "MRT"), PipelineConfig(stages=stages))
    return pipeline.annotate(read(str(path), doc_id="d1")).sentences


def test_learned_perspective_decides_only_where_the_rules_are_unsure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from crossroads.learned.signals import PERSPECTIVE_CLASSES, trees_decide
    from crossroads.learned.weights import TreeModel

    rules = _annotated(tmp_path, with_stages(DEFAULT_STAGES, ["crossroads.perspective.v1"]))
    bases = [s.cues.get("perspective_basis", "writer") for s in rules]
    assert any(trees_decide(b) for b in bases) and not all(trees_decide(b) for b in bases)
    # trees that always answer "the writer" show which sentences they may change
    writer = PERSPECTIVE_CLASSES.index("author")

    def always_writer(self: TreeModel, features):  # type: ignore[no-untyped-def]
        import numpy as np

        p = np.full((len(features), len(PERSPECTIVE_CLASSES)), 0.01)
        p[:, writer] = 0.97
        return p

    monkeypatch.setattr(TreeModel, "proba", always_writer)
    learned = _annotated(tmp_path, DEFAULT_STAGES)
    for before, after, basis in zip(rules, learned, bases, strict=True):
        assert 0 < after.confidence["perspective"] <= 1
        if trees_decide(basis):
            assert before.perspective == "SEN" and after.perspective == "author"
        else:  # an attributed view, the writer's narration: the rules' answer stands
            assert after.perspective == before.perspective


def test_learned_perspective_reads_who_speaks_in_a_news_story(tmp_path: Path) -> None:
    got = {s.text[:12]: s.perspective for s in _annotated(tmp_path, DEFAULT_STAGES)}
    assert got["DAKAR, 9 May"] == "SEN"  # the minister, named with her office
    assert got["The boats ha"] == "SEN"  # "she added"
    assert got["Officials sa"] == "SEN"  # a group continuing the minister's view
    assert got['"Not one fin'] == "SEN"  # a quote carried across the paragraph break
    assert got["Mauritania's"] == "MRT"
    assert got["The two coun"] == "author"  # a shared fact told by the writer


_OPENING = "The two delegations will meet again in March.\n\n"
_TRADE = (
    "Kenya raised its import duty on Ugandan sugar to 35 percent last month, and Kampala "
    "says the tariff breaks the rules of the East African customs union.\n\n"
    "Ugandan millers have lost half their sales in Nairobi since the duty took effect.\n"
)
_BORDER = (
    "Ugandan soldiers crossed into Kenya's West Pokot county last month in pursuit of cattle "
    "raiders, and Nairobi says the incursion breaks the border protocol of 2019.\n\n"
    "Kenyan officers report three villages emptied, and guns moving across the frontier.\n"
)


def test_a_short_line_leans_to_the_issue_of_the_document_around_it(tmp_path: Path) -> None:
    def opening_scores(body: str) -> dict[str, float]:
        path = tmp_path / "doc.txt"
        path.write_text(_OPENING + body, encoding="utf-8")
        doc = Pipeline(("KEN", "UGA"), PipelineConfig()).annotate(read(str(path)))
        return doc.sentences[0].issue_scores

    trade, border = opening_scores(_TRADE), opening_scores(_BORDER)
    # the same words; what else they may be about is the document's topic
    assert trade.get("economy", 0) > border.get("economy", 0)
    assert border.get("nontraditional-security", 0) > trade.get("nontraditional-security", 0)


def test_the_perspective_trees_see_whether_a_party_is_named_by_the_speaker_or_the_report(
    tmp_path: Path,
) -> None:
    from crossroads.learned.signals import perspective_features, perspective_signal_names
    from crossroads.pipeline import RULE_STAGES

    path = tmp_path / "wire.txt"
    path.write_text(
        "Maize prices rose again this week.\n\n"
        "A grain trader who works for a Zambian cooperative said Malawian buyers had stopped "
        "paying on time.\n",
        encoding="utf-8",
    )
    pipeline = Pipeline(("MWI", "ZMB"), PipelineConfig(stages=RULE_STAGES))  # what trees see
    doc = pipeline.annotate(read(str(path)))
    row = perspective_features(doc, pipeline.context)[1]
    column = dict(zip(perspective_signal_names(), row, strict=True))
    # the speaker's own words name Zambia (party B); what they report names Malawi (party A)
    assert column["b:in_speaker"] == 1 and column["b:in_content"] == 0
    assert column["a:in_content"] == 1 and column["a:in_speaker"] == 0
    mirror = perspective_features(doc, pipeline.context, swap=True)[1]
    flipped = dict(zip(perspective_signal_names(), mirror, strict=True))
    assert flipped["a:in_speaker"] == 1 and flipped["b:in_content"] == 1


def test_a_frame_the_lexicon_finds_stays_unless_the_model_rules_it_out() -> None:
    import numpy as np

    from crossroads.learned.signals import FRAMES_RULE_FLOOR, decide_frames

    cut = np.full(len(FRAMES), 0.5)
    rules = np.zeros(len(FRAMES))
    rules[FRAMES.index("legal")] = 1.0
    p = np.full(len(FRAMES), FRAMES_RULE_FLOOR / 2)
    p[FRAMES.index("legal")] = FRAMES_RULE_FLOOR + 0.05  # unsure, but the lexicon saw it
    p[FRAMES.index("security")] = 0.3  # unsure, and no lexicon cue: below its cut
    p[FRAMES.index("values")] = 0.9  # the model alone is enough
    chosen = {FRAMES[j] for j in np.flatnonzero(decide_frames(p, rules, cut))}
    assert chosen == {"legal", "values"}
    p[FRAMES.index("legal")] = FRAMES_RULE_FLOOR / 2  # the model rules the cue out
    assert "legal" not in {FRAMES[j] for j in np.flatnonzero(decide_frames(p, rules, cut))}


def test_the_default_reader_gives_a_cited_treaty_its_legal_ground(tmp_path: Path) -> None:
    assert "crossroads.frames.v2" in DEFAULT_STAGES
    path = tmp_path / "river.txt"
    path.write_text(
        "Lesotho and South Africa met in Maseru on Tuesday.\n\n"
        "South Africa's water minister said the 1986 treaty binds both states under "
        "international law to share the cost of the second phase of the highlands scheme.\n",
        encoding="utf-8",
    )
    doc = Pipeline(("LSO", "ZAF"), PipelineConfig()).annotate(read(str(path)))
    treaty = doc.sentences[-1]
    assert "legal" in treaty.frames
    assert 0 < treaty.confidence["frames"] <= 1
    assert "legal:" in treaty.cues["frames"]  # the lexicon's words behind a frame it kept
