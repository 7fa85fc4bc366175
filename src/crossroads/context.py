"""What every stage may read besides the document: the dyad, the taxonomy, shared models."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Context:
    """Run-wide settings and resources handed to each stage."""

    dyad: tuple[str, str]
    taxonomy: Any = None  # crossroads.annotate.taxonomy.Taxonomy
    options: dict[str, Any] = field(default_factory=dict)
