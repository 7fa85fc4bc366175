"""Wiring of stages from configuration, and the library call behind ``crossroads analyze``."""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from crossroads.aggregate import build_analysis
from crossroads.aggregate.mentions import unmentioned_parties
from crossroads.annotate.taxonomy import Taxonomy, load_taxonomy
from crossroads.context import Context
from crossroads.errors import CrossroadsError, ReadError, UnknownStage, UnsupportedLanguage
from crossroads.model import Analysis, Document, Sentence
from crossroads.progress import DocumentProgress
from crossroads.registry import stages

if TYPE_CHECKING:
    from crossroads.readers.limits import Limits

# Modules whose import registers the built-in stages (datasette's DEFAULT_PLUGINS idea).
BUILTIN_STAGE_MODULES = (
    "crossroads.text.stage",
    "crossroads.annotate.parse",
    "crossroads.annotate.actors",
    "crossroads.annotate.voice",
    "crossroads.annotate.perspective",
    "crossroads.annotate.issues",
    "crossroads.annotate.valence",
    "crossroads.annotate.frames",
    "crossroads.annotate.recommendation",
    "crossroads.annotate.events",
    "crossroads.annotate.statements",
    "crossroads.learned.stages",
)

# The rule-based reading: every stage up to the sentence labels (the learned stages train
# on its output, so their features match what they see at run time).
RULE_STAGES = (
    "crossroads.segment.v1",
    "crossroads.parse.v1",
    "crossroads.actors.v1",
    "crossroads.voice.v1",
    "crossroads.perspective.v1",
    "crossroads.issues.v1",
    "crossroads.recommendation.v1",
    "crossroads.valence.v1",
    "crossroads.frames.v1",
)
# A learned stage is the default only where it measured better than its rules on texts
# neither was fitted to (README, "Quality"): held-out genres and pairs of the corpus, and
# the open gold's texts of pairs the rules were not written on. Issue, valence and
# recommendation, frames (keeping the rules' frames the model does not rule out), the
# perspective of the sentences whose rule basis is unsure, and the review of coded events
# (``event_review.v2``; ``v1`` keeps every rule event).
_LEARNED_DEFAULTS = {
    "crossroads.perspective.v1": "crossroads.perspective.v2",
    "crossroads.issues.v1": "crossroads.issues.v2",
    "crossroads.valence.v1": "crossroads.valence.v2",
    "crossroads.recommendation.v1": "crossroads.recommendation.v2",
    "crossroads.frames.v1": "crossroads.frames.v2",
}
DEFAULT_STAGES = (
    *(_LEARNED_DEFAULTS.get(name, name) for name in RULE_STAGES),
    "crossroads.events.v1",
    "crossroads.statement_events.v1",
    "crossroads.event_review.v2",
)

# Segmentation reads the whole text; the stages after it take a long document in chunks of
# about this many sentences (whole paragraphs, unless one paragraph alone is twice as long)
# and let each chunk's spaCy parses go once it is done, so memory stays flat however long
# the document. A document of fewer sentences is one chunk: exactly the unchunked run.
CHUNK_SENTENCES = 1000
SEGMENT_KIND = "crossroads.segment"

SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".text"}


def stage_kind(name: str) -> str:
    """The kind of a versioned stage name: ``crossroads.valence.v2`` -> ``crossroads.valence``."""
    return name.rsplit(".", 1)[0]


def with_stages(base: Sequence[str], replacements: Iterable[str]) -> tuple[str, ...]:
    """``base`` with each replacement taking the place of the stage of its kind.

    Raises:
        UnknownStage: a replacement is not registered or has no stage of its kind in ``base``.
    """
    load_builtin_stages()
    out = list(base)
    for name in replacements:
        stages.get(name)  # raises UnknownStage naming the known stages
        kinds = [stage_kind(s) for s in out]
        if stage_kind(name) not in kinds:
            raise UnknownStage(name, "no default stage of this kind to replace")
        out[kinds.index(stage_kind(name))] = name
    return tuple(out)


def load_builtin_stages() -> None:
    """Import the modules that register the built-in stages."""
    for name in BUILTIN_STAGE_MODULES:
        importlib.import_module(name)


@dataclass
class PipelineConfig:
    """Which stages run, in order, and the taxonomy they share."""

    stages: Sequence[str] = DEFAULT_STAGES
    taxonomy: str | Path | None = None
    options: dict[str, Any] = field(default_factory=dict)
    chunk_sentences: int = CHUNK_SENTENCES


class Pipeline:
    """A sequence of annotation stages built from a configuration."""

    def __init__(self, dyad: tuple[str, str], config: PipelineConfig | None = None) -> None:
        load_builtin_stages()
        self.config = config or PipelineConfig()
        self.taxonomy: Taxonomy = load_taxonomy(self.config.taxonomy)
        self.context = Context(dyad=dyad, taxonomy=self.taxonomy, options=self.config.options)
        self.stages = [stages.make(name) for name in self.config.stages]
        kinds = [stage_kind(name) for name in self.config.stages]
        whole = kinds.index(SEGMENT_KIND) + 1 if SEGMENT_KIND in kinds else len(kinds)
        self._whole_stages, self._chunk_stages = self.stages[:whole], self.stages[whole:]

    def annotate(self, doc: Document, progress: DocumentProgress | None = None) -> Document:
        """Run every stage on one document read by a reader.

        A document of more than ``chunk_sentences`` sentences goes through the stages after
        segmentation chunk by chunk (see :data:`CHUNK_SENTENCES`): the voice the first chunk
        finds holds for the rest, a reported view does not carry over a chunk's end, and the
        sentences of a finished chunk keep their labels but not their spaCy parse.

        The ``date`` option (``--date``) replaces the date the source gives, before any
        stage runs, so that relative dates ("on Thursday") resolve against it.

        Args:
            doc: the document as read.
            progress: told how many chunks a long document has, then each one done.
        """
        if self.config.options.get("date"):
            doc.date = self.config.options["date"]
        for stage in self._whole_stages:
            doc = stage(doc, self.context)
        chunks = chunk_sentences(doc.sentences, self.config.chunk_sentences)
        if len(chunks) <= 1:
            for stage in self._chunk_stages:
                doc = stage(doc, self.context)
            return doc
        if progress:
            progress.start_parts(len(chunks))
        annotated: list[Sentence] = []
        begin = 0
        for sentences in chunks:
            annotated.extend(self._annotate_chunk(doc, sentences, begin))
            begin = sentences[-1].end
            if progress:
                progress.part_done()
        doc.sentences = annotated
        return doc

    def _annotate_chunk(
        self, doc: Document, sentences: list[Sentence], begin: int
    ) -> list[Sentence]:
        """Annotate the sentences of one chunk, as a document of the text from ``begin`` to
        its last sentence; its events join the document's and its parses are let go."""
        end = sentences[-1].end
        for s in sentences:
            s.start, s.end = s.start - begin, s.end - begin
        declared = dict(doc.declared)
        if doc.voice:  # the voice the first chunk found, its header and all, holds throughout
            declared.setdefault("genre", doc.voice.genre)
            declared.setdefault("voice", doc.voice.party)
        part = replace(
            doc,
            text=doc.text[begin:end],
            sentences=sentences,
            events=[],
            declared=declared,
        )
        for stage in self._chunk_stages:
            part = stage(part, self.context)
        doc.voice = doc.voice or part.voice
        doc.events.extend(part.events)
        for s in part.sentences:
            s.start, s.end = s.start + begin, s.end + begin
        release_parses(part)
        return part.sentences

    def aggregate(self, documents: list[Document], errors: list[str] | None = None) -> Analysis:
        """Build the perspective map and agenda over annotated documents."""
        return build_analysis(documents, self.context.dyad, self.taxonomy, errors or [])


def chunk_sentences(sentences: list[Sentence], size: int) -> list[list[Sentence]]:
    """Sentences in chunks of at least ``size`` (the last one may be shorter), each ending
    at a paragraph's end, unless a chunk reaches twice ``size`` inside one paragraph."""
    chunks: list[list[Sentence]] = []
    current: list[Sentence] = []
    for i, sentence in enumerate(sentences):
        current.append(sentence)
        ends_paragraph = i + 1 == len(sentences) or sentences[i + 1].paragraph != sentence.paragraph
        if (len(current) >= size and ends_paragraph) or len(current) >= 2 * size:
            chunks.append(current)
            current = []
    if current:
        chunks.append(current)
    return chunks


def check_english(doc: Document) -> None:
    """Refuse a document the reader found to be in another language than English.

    Raises:
        UnsupportedLanguage: naming the language found.
    """
    from crossroads.readers.language import ENGLISH, language_name

    if doc.language and doc.language != ENGLISH:
        name = language_name(doc.language)
        raise UnsupportedLanguage(
            doc.source, f"the text is in {name} ({doc.language}); Crossroads reads English only"
        )


def release_parses(doc: Document) -> None:
    """Let a document's spaCy parses go: the labels are set, and parses are the bulk of it."""
    for sentence in doc.sentences:
        sentence.parse = None


def expand_sources(sources: Iterable[str]) -> tuple[list[str], list[ReadError]]:
    """Files and URLs to read: directories expand to the documents they hold."""
    out: list[str] = []
    errors: list[ReadError] = []
    for src in sources:
        if src.startswith(("http://", "https://")):
            out.append(src)
            continue
        p = Path(src)
        if p.is_dir():
            found = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES)
            if not found:
                errors.append(
                    ReadError(src, "is a directory with no .txt, .md, .html or .pdf files")
                )
            out.extend(str(f) for f in found)
        else:
            out.append(src)
    return out, errors


def analyze(
    sources: Sequence[str],
    dyad: tuple[str, str],
    config: PipelineConfig | None = None,
    progress: DocumentProgress | None = None,
    limits: Limits | None = None,
) -> Analysis:
    """Read, annotate and map documents; bad sources are reported, the rest analysed.

    A document that is not in English is not analysed (the stages read English only): it
    is reported among the errors, like a source that cannot be read.

    Args:
        sources: file paths, directories or http(s) URLs.
        dyad: the two parties, as codes (see :func:`crossroads.dyad.parse_dyad`).
        config: stages and taxonomy; the defaults need no configuration.
        progress: told the number of documents, then each one as it is done.
        limits: the size limit of a source and the time limit of a URL.

    Returns:
        The analysis; ``errors`` lists "source: problem" for each source that failed,
        and each document's ``warnings`` say if its text never names one of the parties.
    """
    from crossroads.readers import read

    pipeline = Pipeline(dyad, config)
    names_actors = "crossroads.actors" in {stage_kind(s) for s in pipeline.config.stages}
    paths, failures = expand_sources(sources)
    errors = [str(e) for e in failures]
    if progress:
        progress.start(len(paths))
    documents: list[Document] = []
    for path in paths:
        try:
            doc = read(path, doc_id=f"d{len(documents) + 1}", limits=limits)
            check_english(doc)
            documents.append(pipeline.annotate(doc, progress))
            release_parses(doc)
            warning = unmentioned_parties(doc, dyad) if names_actors else None
            if warning:
                doc.warnings.append(warning)
        except CrossroadsError as exc:
            errors.append(str(exc))
        if progress:
            progress.done(path)
    return pipeline.aggregate(documents, errors)
