"""Knowledge bases for the storage tests: a SQLite file, and a fresh PostgreSQL database.

The PostgreSQL variant runs when CROSSROADS_TEST_PG names a server (``.ci/run`` starts
one); each test gets its own database, created and dropped around it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from crossroads.model import Document, Sentence
from crossroads.store import KnowledgeBase
from crossroads.store.records import to_record

LIGHT_STAGES = (
    "crossroads.segment.v1",
    "crossroads.valence.v1",
    "crossroads.frames.v1",
    "crossroads.recommendation.v1",
)

# Short documents written for these tests (dated Markdown, Cambodia–United States).
TEXTS = {
    "ream.md": (
        "Concern over the Ream base",
        "2024-02-10",
        "Washington has voiced concern about the upgrade of the Ream Naval Base. US officials "
        "say exclusive access for a foreign navy would threaten regional security. Phnom Penh "
        "insists that the constitution forbids foreign military bases on Cambodian soil. The "
        "two governments should open a regular dialogue on the port.",
    ),
    "demining.md": (
        "Demining aid resumes",
        "2024-05-20",
        "The United States announced new funding for demining in Battambang province. "
        "Cambodian officials welcomed the assistance as a sign of renewed trust. Both sides "
        "agreed to expand cooperation on disaster relief.",
    ),
    "elections.md": (
        "A vote without rivals",
        "2024-08-03",
        "The State Department criticised the exclusion of the main opposition party from the "
        "election. Cambodian ministers rejected the statement as interference in internal "
        "affairs. Rights groups warned that independent media are disappearing.",
    ),
    "exercise.md": (
        "Soldiers train together again",
        "2025-01-15",
        "Cambodian and American engineers held a joint humanitarian exercise near Kampot. "
        "Officers on both sides described the drill as a modest but useful step. Washington "
        "hopes to resume the larger Angkor Sentinel exercise next year.",
    ),
    "tariffs.md": (
        "Garment tariffs worry Phnom Penh",
        "2025-04-02",
        "New US tariffs on garments could cost tens of thousands of factory jobs in Cambodia. "
        "The commerce ministry asked Washington to negotiate a lower rate. Exporters fear that "
        "orders will move to other countries.",
    ),
}


def write_texts(folder: Path, names: list[str] | None = None) -> list[Path]:
    """Write the test documents (all, or those named) as Markdown with front matter."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name in names or list(TEXTS):
        title, date, body = TEXTS[name]
        path = folder / name
        path.write_text(f"---\ntitle: {title}\ndate: {date}\n---\n\n{body}\n", encoding="utf-8")
        paths.append(path)
    return paths


def make_record(
    date: str, source: str, rows: list[tuple[str, str, str, list[str]]]
) -> dict[str, Any]:
    """A stored record of a document whose sentences carry the given annotations."""
    text = " ".join(f"Sentence {i} of {source}." for i in range(len(rows)))
    doc = Document(id="d0", source=source, text=text, title=source, date=date, kind="md")
    cursor = 0
    for i, (perspective, issue, valence, frames) in enumerate(rows):
        piece = f"Sentence {i} of {source}."
        doc.sentences.append(
            Sentence(id=f"d0:s{i + 1}", text=piece, start=cursor, end=cursor + len(piece),
                     perspective=perspective, issue=issue, valence=valence, frames=frames)
        )  # fmt: skip
        cursor += len(piece) + 1
    return to_record(doc, text, "KHM-USA")


@pytest.fixture
def kb(kb_url: str) -> Iterator[KnowledgeBase]:
    """An open, empty knowledge base (migrated to head)."""
    base = KnowledgeBase.open(kb_url)
    yield base
    base.close()
