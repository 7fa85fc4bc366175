"""The parse stage reads a wire's first sentence past its dateline.

The text is written for this test.
"""

from pathlib import Path

from crossroads.pipeline import DEFAULT_STAGES, Pipeline, PipelineConfig, with_stages
from crossroads.readers import read
from crossroads.readers.dates import dateline_end

WIRE = """Ministers meet over fishing dispute

HANOI, May 14, 2025 (Wire) - Vietnam's foreign minister met his Philippine counterpart in
Hanoi on Wednesday to discuss the detention of fishermen near the Spratly Islands.

The two sides said they would keep talking.
"""


def test_dateline_end_finds_wire_datelines_only() -> None:
    assert dateline_end("HANOI, May 14, 2025 (Wire) - Vietnam's minister met") == len(
        "HANOI, May 14, 2025 (Wire) -"
    )
    assert dateline_end("PARIS, 11 June - France said") == len("PARIS, 11 June -")
    assert dateline_end("Meanwhile, June 11 - talks went on") == 0  # not a place in capitals
    assert dateline_end("Vietnam's minister met his counterpart") == 0


def test_the_first_sentence_of_a_wire_is_coded_past_its_dateline(tmp_path: Path) -> None:
    path = tmp_path / "wire.txt"
    path.write_text(WIRE, encoding="utf-8")
    stages = with_stages(DEFAULT_STAGES, ["crossroads.event_review.v1"])  # the rule coder
    doc = Pipeline(("PHL", "VNM"), PipelineConfig(stages=stages)).annotate(read(str(path)))
    first = doc.sentences[0]
    assert first.text.startswith("HANOI, May 14, 2025")  # the text keeps its dateline
    assert doc.text[first.start : first.end] == first.text
    met = [e for e in doc.events if e.sentence_id == first.id]
    assert ("VNM", "PHL", "04") in {(e.actor1, e.actor2, e.cameo[:2]) for e in met}  # consult
