"""One perspective map over many stored documents (the contract of ``crossroads analyze``)."""

from __future__ import annotations

from sqlalchemy import Engine

from crossroads.aggregate import build_analysis
from crossroads.annotate.taxonomy import load_taxonomy
from crossroads.model import Analysis
from crossroads.store.queries import Filters, load_documents


def corpus_map(
    engine: Engine, dyad: tuple[str, str], filters: Filters, taxonomy: str | None = None
) -> Analysis:
    """Rebuild the selected documents from the store and map them as one analysis.

    Args:
        engine: The knowledge base's engine.
        dyad: The two parties, in the order the map shows them.
        filters: Which documents (dyad, dates, source; issue/party keep whole documents
            holding such a sentence).
        taxonomy: The issue taxonomy file the documents were annotated with (None: default).

    Returns:
        The analysis: documents (ids ``d<stored id>``), perspective map and agenda, ready
        for the json, md and html renderers.
    """
    documents = load_documents(engine, filters)
    return build_analysis(documents, dyad, load_taxonomy(taxonomy))
