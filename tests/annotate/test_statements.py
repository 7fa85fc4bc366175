"""Attributed critical statements become CAMEO 111 events; commentary does not."""

from crossroads.model import Document
from crossroads.pipeline import Pipeline

TEXT = """Lima Rejects Santiago's Fishing Claims

The Peruvian foreign ministry said on Monday that Chile's new fishing rules were illegal and a violation of the maritime ruling.

Analysts say the dispute could hurt trade between the two neighbours.

The weather in the port was calm.
"""


def analysed() -> Document:
    pipe = Pipeline(("PER", "CHL"))
    return pipe.annotate(Document(id="d1", source="t.txt", text=TEXT))


def test_official_criticism_is_a_disapproval_event_and_analysis_is_not() -> None:
    doc = analysed()
    first = doc.sentences[0]
    assert first.perspective == "PER" and first.valence == "critical"
    events = [(e.actor1, e.actor2, e.cameo[:2], e.sentence_id) for e in doc.events]
    assert ("PER", "CHL", "11", first.id) in events
    assert not [e for e in doc.events if e.sentence_id != first.id]
    assert all(-10 <= e.goldstein <= 10 for e in doc.events)
