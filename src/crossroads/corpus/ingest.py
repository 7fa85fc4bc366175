"""Adding documents to the knowledge base, and re-annotating what it holds.

    report = add_sources(kb, ["reports/"], AnalysisSpec(("KHM", "USA")))

Sources are expanded (directories → their documents), read and annotated by an engine
(this process or Dask workers) and written here, by the client, one transaction per
document. A document whose text is already stored for the dyad is not analysed again; one
whose file changed replaces its stored version; a bad file is reported and skipped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from crossroads.corpus.engines import Engine, SerialEngine
from crossroads.corpus.worker import AnalysisSpec, analyse_source, reannotate_stored
from crossroads.pipeline import expand_sources
from crossroads.progress import DocumentProgress
from crossroads.store.kb import KnowledgeBase


@dataclass
class IngestReport:
    """What a run did: counts per outcome and one line per failed source."""

    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    reannotated: int = 0
    undated: int = 0  # documents stored without a date (neither the source nor --date gave one)
    errors: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One line for the user, e.g. ``3 added, 1 replaced, 5 unchanged, 1 failed``."""
        parts = [
            f"{self.added} added",
            f"{self.replaced} replaced",
            f"{self.unchanged} unchanged",
        ]
        if self.reannotated:
            parts = [f"{self.reannotated} re-annotated"]
        parts.append(f"{len(self.errors)} failed")
        return ", ".join(parts)


def add_sources(
    kb: KnowledgeBase,
    sources: Sequence[str],
    spec: AnalysisSpec,
    engine: Engine | None = None,
    progress: DocumentProgress | None = None,
    report: IngestReport | None = None,
) -> IngestReport:
    """Analyse files, directories and URLs and store them in the knowledge base.

    Args:
        kb: The knowledge base (written from this process only).
        sources: Paths, directories or http(s) URLs.
        spec: Dyad, stages, taxonomy and whether to store embeddings.
        engine: Where to analyse (default: this process).
        progress: Told the number of documents, then each one as it is stored.
        report: Filled as the run goes (default: a new one), so that a caller still has
            the failures seen so far when a store write fails.

    Returns:
        The report; ``errors`` holds "source: problem" lines for the sources skipped.
    """
    engine = engine or SerialEngine()
    paths, failures = expand_sources(sources)
    report = report if report is not None else IngestReport()
    report.errors.extend(str(e) for e in failures)
    run = spec.run_info()
    known = frozenset(kb.known_hashes(spec.key))
    if progress:
        progress.start(len(paths))
    for batch in engine.map(analyse_source, paths, spec=spec, known=known):
        for result in batch:
            _store(kb, result, run, report)
            if progress:
                progress.done(result["source"])
    return report


def _store(kb: KnowledgeBase, result: dict[str, Any], run: Any, report: IngestReport) -> None:
    status = result["status"]
    if status == "error":
        report.errors.append(result["error"])
        return
    if status == "unchanged":
        report.unchanged += 1
        return
    outcome = kb.store(result["record"], run)
    setattr(report, outcome, getattr(report, outcome) + 1)
    if outcome != "unchanged" and not result["record"]["date"]:
        report.undated += 1


def reannotate(
    kb: KnowledgeBase,
    spec: AnalysisSpec,
    everything: bool = False,
    engine: Engine | None = None,
    progress: DocumentProgress | None = None,
    all_dyads: bool = False,
) -> IngestReport:
    """Annotate stored text again with the current pipeline, without reading files.

    Args:
        kb: The knowledge base.
        spec: The current pipeline (its dyad selects the documents).
        everything: Re-annotate every document, not only those another pipeline
            (version, stages, taxonomy or embedder) annotated.
        engine: Where to analyse (default: this process).
        progress: Told the number of documents, then each one as it is stored.
        all_dyads: Ignore the spec's dyad and take every stored document (each is
            annotated with its own dyad).

    Returns:
        The report (``reannotated`` and ``errors``).
    """
    engine = engine or SerialEngine()
    run = spec.run_info()
    todo = kb.stale_documents(None if all_dyads else spec.key, None if everything else run)
    report = IngestReport()
    if progress:
        progress.start(len(todo))
    by_dyad: dict[str, list[dict[str, Any]]] = {}
    for doc in todo:
        by_dyad.setdefault(doc["dyad"], []).append(doc)
    for key, docs in by_dyad.items():
        dyad_spec = spec if key == spec.key else _with_dyad(spec, key)
        dyad_run = run if key == spec.key else dyad_spec.run_info()
        for batch in engine.map(reannotate_stored, docs, spec=dyad_spec):
            for result in batch:
                if result["status"] == "error":
                    report.errors.append(result["error"])
                else:
                    kb.replace_annotations(result["id"], result["record"], dyad_run)
                    report.reannotated += 1
                if progress:
                    progress.done(result["source"])
    return report


def _with_dyad(spec: AnalysisSpec, key: str) -> AnalysisSpec:
    a, b = key.split("-", 1)
    return AnalysisSpec(
        dyad=(a, b),
        stages=spec.stages,
        taxonomy=spec.taxonomy,
        embed=spec.embed,
        options=spec.options,
    )
