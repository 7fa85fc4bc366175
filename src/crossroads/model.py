"""The plain document model that travels through every stage.

A reader makes a :class:`Document` with its text and metadata; segmentation fills
``sentences``; annotation stages fill each sentence's fields and the document's ``events``;
aggregation turns many documents into a :class:`PerspectiveMap` and an agenda.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

SCHEMA = "crossroads.analysis/1"

VALENCES = ("cooperative", "critical", "neutral")
FRAMES = ("sovereignty", "legal", "historical", "security", "values", "development", "pragmatic")
AUTHOR = "author"
GENRES = (
    "speech",
    "statement",
    "joint-statement",
    "briefing",
    "interview",
    "editorial",
    "op-ed",
    "news",
    "report",
)
ESSAY_PARAGRAPH_SENTENCES = 2.5


@dataclass
class Mention:
    """A span of text that names an actor (country, organisation, or a person tied to one)."""

    start: int  # offsets relative to the sentence text
    end: int
    text: str
    code: str  # ISO3 country code or organisation acronym
    kind: str = "country"  # country | capital | institution | organisation | person | demonym


@dataclass
class Voice:
    """Who writes or speaks a document, in which genre, and for which party."""

    genre: str
    speaker: str | None
    party: str  # a code, or ``author`` for a reporter, an analyst or a joint statement
    evidence: str

    def to_contract(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Event:
    """An action between two actors reported by the text, coded in CAMEO."""

    actor1: str
    actor2: str
    cameo: str
    goldstein: float
    date: str | None
    sentence_id: str
    trigger: str = ""
    quad_class: int = 0

    def to_contract(self) -> dict[str, Any]:
        return {
            "actor1": self.actor1,
            "actor2": self.actor2,
            "cameo": self.cameo,
            "goldstein": self.goldstein,
            "date": self.date,
            "sentence_id": self.sentence_id,
            "trigger": self.trigger,
            "quad_class": self.quad_class,
        }


@dataclass
class Sentence:
    """One body sentence with its annotations; ``start``/``end`` index the document text."""

    id: str
    text: str
    start: int
    end: int
    paragraph: int = 0
    heading: str | None = None  # the section heading the sentence sits under
    actors: list[Mention] = field(default_factory=list)
    perspective: str = AUTHOR
    issue: str = "other"
    issue_scores: dict[str, float] = field(default_factory=dict)
    valence: str = "neutral"
    frames: list[str] = field(default_factory=list)
    recommendation: bool = False
    quoted: bool = False  # the sentence opens with a quotation mark: a direct quotation
    turn: str | None = None  # the writer's voice here: a transcript turn's party, or the doc's
    confidence: dict[str, float] = field(default_factory=dict)  # label -> probability
    cues: dict[str, str] = field(default_factory=dict)  # why each label was given
    # spaCy parse of the sentence, filled by the parse stage; never serialised
    parse: Any = field(default=None, repr=False, compare=False)
    # MiniLM embedding (numpy vector) when a stage computed one; never serialised
    embedding: Any = field(default=None, repr=False, compare=False)

    def to_contract(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "perspective": self.perspective,
            "issue": self.issue,
            "valence": self.valence,
            "frames": list(self.frames),
            "recommendation": self.recommendation,
            "quoted": self.quoted,
            "confidence": dict(self.confidence),
            "actors": sorted({m.code for m in self.actors}),
            "cues": dict(self.cues),
        }


@dataclass
class Document:
    """A source read into normalised text, with metadata and, later, annotations."""

    id: str
    source: str
    text: str = ""
    title: str | None = None
    author: str | None = None
    date: str | None = None  # ISO date, as precise as known ("2024", "2024-12", "2024-12-05")
    kind: str = "txt"  # txt | md | html | pdf
    sentences: list[Sentence] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # bylines, disclaimers moved out of the body
    persons: dict[str, str] = field(default_factory=dict)  # person name -> actor code
    voice: Voice | None = None
    declared: dict[str, str] = field(default_factory=dict)  # front matter: genre, voice
    language: str | None = None  # ISO 639-1 code the reader detected, e.g. "en"
    warnings: list[str] = field(default_factory=list)  # what was cut, dropped or missing

    def is_essay(self) -> bool:
        """Whether the text argues in paragraphs (commentary) rather than reports in short ones.

        News and statements attribute sentence by sentence in one- or two-sentence
        paragraphs; essays develop a view over longer ones (2.5 sentences or more on average).
        """
        paragraphs = len({s.paragraph for s in self.sentences}) or 1
        return len(self.sentences) / paragraphs >= ESSAY_PARAGRAPH_SENTENCES

    def to_contract(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "author": self.author,
            "date": self.date,
            "source": self.source,
            "kind": self.kind,
            "voice": self.voice.to_contract() if self.voice else None,
            "text": self.text,
            "notes": list(self.notes),
            "language": self.language,
            "warnings": list(self.warnings),
            "sentences": [s.to_contract() for s in self.sentences],
            "events": [e.to_contract() for e in self.events],
        }


@dataclass
class Position:
    """One party's stance on one issue, resting on its evidence sentences."""

    party: str
    valence: str
    frames: list[str]
    evidence: list[str]
    summary: str
    balance: float = 0.0  # (cooperative - critical) / sentences, in [-1, 1]
    critical_share: float = 0.0
    frame_weights: dict[str, float] = field(default_factory=dict)
    basis: str = "voiced"  # voiced: the party's own words; actions: events it is reported doing

    def to_contract(self) -> dict[str, Any]:
        d = asdict(self)
        d.pop("party")
        return d


@dataclass
class IssueEntry:
    """An issue of the perspective map: salience, positions, divergence, common ground."""

    id: str
    label: str
    salience: float
    divergence: float | None
    positions: dict[str, Position]
    common_ground: list[str]
    sentences: int = 0
    divergence_parts: dict[str, float] = field(default_factory=dict)

    def to_contract(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "salience": self.salience,
            "divergence": self.divergence,
            "divergence_parts": dict(self.divergence_parts),
            "sentences": self.sentences,
            "positions": {k: v.to_contract() for k, v in self.positions.items()},
            "common_ground": list(self.common_ground),
        }


@dataclass
class AgendaItem:
    """An issue proposed for a dialogue, with the reason for its rank and bridging proposals."""

    issue: str
    rank: int
    score: float
    why: str
    bridging: list[str]

    def to_contract(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Analysis:
    """The result of one run: documents, the perspective map and the agenda."""

    dyad: tuple[str, str]
    documents: list[Document]
    issues: list[IssueEntry] = field(default_factory=list)
    agenda: list[AgendaItem] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    taxonomy: str = "default"

    def to_contract(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "dyad": list(self.dyad),
            "taxonomy": self.taxonomy,
            "documents": [d.to_contract() for d in self.documents],
            "issues": [i.to_contract() for i in self.issues],
            "agenda": [a.to_contract() for a in self.agenda],
            "errors": list(self.errors),
        }
