"""What runs per document, in this process or on a Dask worker: read, annotate, embed.

The functions here return plain dicts (see :mod:`crossroads.store.records`) so that Dask
can ship them back to the client, which alone writes the knowledge base. The pipeline
(and with it every model it loads) is built once per process and spec and cached; the
models themselves are cached per process by :mod:`crossroads.models`. So a worker loads
MiniLM and spaCy once, whatever number of documents it is given; :func:`worker_stats`
tells how often it did.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np

from crossroads import __version__
from crossroads.errors import CrossroadsError
from crossroads.model import Document
from crossroads.pipeline import DEFAULT_STAGES, Pipeline, PipelineConfig
from crossroads.progress import DocumentProgress
from crossroads.store.kb import RunInfo
from crossroads.store.queries import dyad_key
from crossroads.store.records import content_hash, to_record

EMBEDDER = "all-MiniLM-L6-v2"
_STATS = {"pipelines_built": 0, "documents": 0}


@dataclass(frozen=True)
class AnalysisSpec:
    """How to analyse documents for the store: dyad, stages, taxonomy, embeddings.

    The dyad is kept sorted, so that ``KHM-USA`` and ``USA-KHM`` annotate alike and share
    one corpus.
    """

    dyad: tuple[str, str]
    stages: tuple[str, ...] = DEFAULT_STAGES
    taxonomy: str | None = None
    embed: bool = True
    options: tuple[tuple[str, Any], ...] = field(default=())

    def __post_init__(self) -> None:
        a, b = sorted(code.upper() for code in self.dyad)
        object.__setattr__(self, "dyad", (a, b))
        object.__setattr__(self, "stages", tuple(self.stages))

    @property
    def key(self) -> str:
        """The dyad's key in the store (``"KHM-USA"``)."""
        return dyad_key(self.dyad)

    def config(self) -> PipelineConfig:
        """The pipeline configuration."""
        return PipelineConfig(
            stages=self.stages, taxonomy=self.taxonomy, options=dict(self.options)
        )

    def run_info(self) -> RunInfo:
        """The run identity stored with the documents this spec annotates."""
        pipeline = pipeline_for(self)
        return RunInfo(
            version=__version__,
            stages=self.stages,
            taxonomy=pipeline.taxonomy.name,
            embedder=EMBEDDER if self.embed else "",
        )


@lru_cache(maxsize=8)
def pipeline_for(spec: AnalysisSpec) -> Pipeline:
    """The pipeline of a spec, built once per process."""
    _STATS["pipelines_built"] += 1
    return Pipeline(spec.dyad, spec.config())


def worker_stats() -> dict[str, int]:
    """How often this process built a pipeline and loaded models, and documents done.

    Returns:
        ``pipelines_built``, ``documents``, ``encoder_loads`` and ``parser_loads`` (the
        per-process model caches' misses).
    """
    from crossroads import models

    return {
        **_STATS,
        "encoder_loads": models.sentence_encoder.cache_info().misses,
        "parser_loads": models.spacy_pipeline.cache_info().misses,
    }


def _annotated(
    doc: Document, raw_text: str, spec: AnalysisSpec, progress: DocumentProgress | None = None
) -> dict[str, Any]:
    pipeline = pipeline_for(spec)
    doc = pipeline.annotate(doc, progress)
    embeddings = None
    if spec.embed:
        from crossroads.models import encode_sentences

        if all(s.embedding is not None for s in doc.sentences):
            embeddings = np.vstack([s.embedding for s in doc.sentences])  # the issue stage's
        else:
            embeddings = encode_sentences(doc.sentences, pipeline.context.dyad)
    _STATS["documents"] += 1
    return to_record(doc, raw_text, spec.key, embeddings)


def _failure(source: str, exc: Exception) -> dict[str, Any]:
    if isinstance(exc, CrossroadsError):
        message = str(exc)
    else:  # a stage's bug must not end a run of thousands of documents
        message = f"{source}: analysis failed: {type(exc).__name__}: {exc}"
    return {"status": "error", "source": source, "error": message}


def analyse_source(
    source: str,
    spec: AnalysisSpec,
    known: frozenset[str] = frozenset(),
    progress: DocumentProgress | None = None,
) -> dict[str, Any]:
    """Read and annotate one file or URL, unless its text is already stored.

    Args:
        source: A file path or URL.
        spec: How to analyse it.
        known: Content hashes already stored for the dyad.
        progress: Told the chunks of a long document as the pipeline goes (a workspace
            job shows them).

    Returns:
        ``{"status": "ok", "source", "record"}``, ``{"status": "unchanged", "source",
        "content_hash"}`` or ``{"status": "error", "source", "error"}`` (one line naming
        the source).
    """
    from crossroads.readers import read

    try:
        doc = read(source, doc_id="d0")
        raw_text = doc.text
        digest = content_hash(raw_text)
        if digest in known:
            return {"status": "unchanged", "source": source, "content_hash": digest}
        record = _annotated(doc, raw_text, spec, progress)
        return {"status": "ok", "source": source, "record": record}
    except Exception as exc:
        return _failure(source, exc)


def reannotate_stored(stored: dict[str, Any], spec: AnalysisSpec) -> dict[str, Any]:
    """Annotate a stored document's text again with the current pipeline.

    Args:
        stored: ``id``, ``source``, ``title``, ``author``, ``date``, ``kind`` and
            ``raw_text`` of a stored document.
        spec: How to analyse it.

    Returns:
        ``{"status": "ok", "source", "id", "record"}`` or an error dict.
    """
    doc = Document(
        id="d0",
        source=stored["source"],
        text=stored["raw_text"],
        title=stored["title"],
        author=stored["author"],
        date=stored["date"],
        kind=stored["kind"],
    )
    try:
        record = _annotated(doc, stored["raw_text"], spec)
    except Exception as exc:
        return _failure(stored["source"], exc)
    return {"status": "ok", "source": stored["source"], "id": stored["id"], "record": record}
