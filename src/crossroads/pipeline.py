"""Wiring of stages from configuration, and the library call behind ``crossroads analyze``."""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crossroads.aggregate import build_analysis
from crossroads.aggregate.mentions import unmentioned_parties
from crossroads.annotate.taxonomy import Taxonomy, load_taxonomy
from crossroads.context import Context
from crossroads.errors import CrossroadsError, ReadError, UnknownStage
from crossroads.model import Analysis, Document
from crossroads.progress import DocumentProgress
from crossroads.registry import stages

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
# A learned stage is the default only where it measured better than its rules on held-out
# genres and on the development texts (README, "Quality"): valence and recommendation.
_LEARNED_DEFAULTS = {
    "crossroads.valence.v1": "crossroads.valence.v2",
    "crossroads.recommendation.v1": "crossroads.recommendation.v2",
}
DEFAULT_STAGES = (
    *(_LEARNED_DEFAULTS.get(name, name) for name in RULE_STAGES),
    "crossroads.events.v1",
    "crossroads.statement_events.v1",
)

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


class Pipeline:
    """A sequence of annotation stages built from a configuration."""

    def __init__(self, dyad: tuple[str, str], config: PipelineConfig | None = None) -> None:
        load_builtin_stages()
        self.config = config or PipelineConfig()
        self.taxonomy: Taxonomy = load_taxonomy(self.config.taxonomy)
        self.context = Context(dyad=dyad, taxonomy=self.taxonomy, options=self.config.options)
        self.stages = [stages.make(name) for name in self.config.stages]

    def annotate(self, doc: Document) -> Document:
        """Run every stage on one document read by a reader.

        The ``date`` option (``--date``) replaces the date the source gives, before any
        stage runs, so that relative dates ("on Thursday") resolve against it.
        """
        if self.config.options.get("date"):
            doc.date = self.config.options["date"]
        for stage in self.stages:
            doc = stage(doc, self.context)
        return doc

    def aggregate(self, documents: list[Document], errors: list[str] | None = None) -> Analysis:
        """Build the perspective map and agenda over annotated documents."""
        return build_analysis(documents, self.context.dyad, self.taxonomy, errors or [])


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
) -> Analysis:
    """Read, annotate and map documents; bad sources are reported, the rest analysed.

    Args:
        sources: file paths, directories or http(s) URLs.
        dyad: the two parties, as codes (see :func:`crossroads.dyad.parse_dyad`).
        config: stages and taxonomy; the defaults need no configuration.
        progress: told the number of documents, then each one as it is done.

    Returns:
        The analysis; ``errors`` lists "source: problem" for each source that failed,
        ``warnings`` each document that never names one of the parties.
    """
    from crossroads.readers import read

    pipeline = Pipeline(dyad, config)
    names_actors = "crossroads.actors" in {stage_kind(s) for s in pipeline.config.stages}
    paths, failures = expand_sources(sources)
    errors = [str(e) for e in failures]
    warnings: list[str] = []
    if progress:
        progress.start(len(paths))
    documents: list[Document] = []
    for path in paths:
        try:
            doc = pipeline.annotate(read(path, doc_id=f"d{len(documents) + 1}"))
            documents.append(doc)
            warning = unmentioned_parties(doc, dyad) if names_actors else None
            if warning:
                warnings.append(warning)
        except CrossroadsError as exc:
            errors.append(str(exc))
        if progress:
            progress.done(path)
    analysis = pipeline.aggregate(documents, errors)
    analysis.warnings = warnings
    return analysis
