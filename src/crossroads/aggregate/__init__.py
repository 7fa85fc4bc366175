"""From annotated sentences to the perspective map and the dialogue agenda."""

from __future__ import annotations

from collections.abc import Iterable

from crossroads.aggregate.agenda import build_agenda
from crossroads.aggregate.map import build_map
from crossroads.annotate.taxonomy import Taxonomy
from crossroads.model import Analysis, Document

__all__ = ["build_agenda", "build_analysis", "build_map"]


def build_analysis(
    documents: list[Document],
    dyad: tuple[str, str],
    taxonomy: Taxonomy,
    errors: Iterable[str] = (),
) -> Analysis:
    """The perspective map and agenda over annotated documents, as one analysis."""
    issues = build_map(documents, dyad, taxonomy)
    agenda = build_agenda(issues, documents, dyad, taxonomy.relationship)
    return Analysis(
        dyad=dyad,
        documents=documents,
        issues=issues,
        agenda=agenda,
        errors=list(errors),
        taxonomy=taxonomy.name,
    )
