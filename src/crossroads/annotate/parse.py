"""The parse stage: one spaCy pass over all sentences, shared by later stages."""

from __future__ import annotations

from crossroads.context import Context
from crossroads.model import Document
from crossroads.models import spacy_pipeline
from crossroads.readers.dates import dateline_end
from crossroads.registry import stages


@stages.register("crossroads.parse.v1")
class Parser:
    """Attach a spaCy parse (tags, dependencies, entities) to every sentence."""

    def __init__(self, batch_size: int = 64) -> None:
        self.batch_size = batch_size

    def __call__(self, doc: Document, ctx: Context) -> Document:
        nlp = spacy_pipeline()
        texts = [_without_dateline(s.text) for s in doc.sentences]
        for sentence, parsed in zip(
            doc.sentences, nlp.pipe(texts, batch_size=self.batch_size), strict=True
        ):
            sentence.parse = parsed
        return doc


def _without_dateline(text: str) -> str:
    """The sentence with an opening wire dateline blanked, so that "NAIROBI, March 3 -" is
    not parsed as the subject of the first clause; offsets stay those of the text."""
    end = dateline_end(text)
    return " " * end + text[end:] if end else text


@stages.register("crossroads.noop.v1")
class NoOp:
    """A stage that changes nothing: use it in a configuration to skip a stage."""

    def __call__(self, doc: Document, ctx: Context) -> Document:
        return doc
