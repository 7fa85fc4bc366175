"""The parse stage: one spaCy pass over all sentences, shared by later stages."""

from __future__ import annotations

from crossroads.context import Context
from crossroads.model import Document
from crossroads.models import spacy_pipeline
from crossroads.registry import stages


@stages.register("crossroads.parse.v1")
class Parser:
    """Attach a spaCy parse (tags, dependencies, entities) to every sentence."""

    def __init__(self, batch_size: int = 64) -> None:
        self.batch_size = batch_size

    def __call__(self, doc: Document, ctx: Context) -> Document:
        nlp = spacy_pipeline()
        texts = [s.text for s in doc.sentences]
        for sentence, parsed in zip(
            doc.sentences, nlp.pipe(texts, batch_size=self.batch_size), strict=True
        ):
            sentence.parse = parsed
        return doc


@stages.register("crossroads.noop.v1")
class NoOp:
    """A stage that changes nothing: use it in a configuration to skip a stage."""

    def __call__(self, doc: Document, ctx: Context) -> Document:
        return doc
