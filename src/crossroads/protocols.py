"""Every extension point of Crossroads, as typed protocols.

A stage annotates a document; a renderer turns an analysis into bytes; a reader turns a
source into a document. Built-ins register through :mod:`crossroads.registry` exactly as
third-party code would.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

if TYPE_CHECKING:
    from crossroads.context import Context
    from crossroads.model import Analysis, Document


@runtime_checkable
class Stage(Protocol):
    """Annotate a document in place and return it (one concern per stage)."""

    def __call__(self, doc: Document, ctx: Context) -> Document: ...


@runtime_checkable
class Renderer(Protocol):
    """Render an analysis to text in one output format."""

    def __call__(self, analysis: Analysis, **options: Any) -> str: ...


@runtime_checkable
class Reader(Protocol):
    """Read a file path or URL into a :class:`~crossroads.model.Document` (text + metadata).

    Raises :class:`crossroads.errors.ReadError` naming the source and the problem.
    """

    def __call__(self, source: str, doc_id: str = "d1") -> Document: ...
