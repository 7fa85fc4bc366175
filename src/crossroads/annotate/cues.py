"""Weighted cue patterns: the lexicon mechanism shared by issues, valence and frames."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml


@dataclass
class Cues:
    """Regular-expression cues with weights, matched case-insensitively on word boundaries."""

    patterns: list[tuple[re.Pattern[str], float]] = field(default_factory=list)

    @classmethod
    def from_mapping(cls, mapping: dict[str, Any] | None) -> Cues:
        """Compile ``{pattern: weight}``; raises re.error or ValueError on bad entries."""
        out = []
        for pattern, weight in (mapping or {}).items():
            out.append((re.compile(rf"(?<![\w-])(?:{pattern})(?![\w])", re.I), float(weight)))
        return cls(out)

    def score(self, text: str) -> tuple[float, list[str]]:
        """Sum of the weights of the patterns found in ``text`` and the matched words."""
        total, hits = 0.0, []
        for pattern, weight in self.patterns:
            m = pattern.search(text)
            if m:
                total += weight
                hits.append(m.group(0))
        return total, hits

    def spans(self, text: str) -> list[tuple[int, int, float]]:
        """Every match as (start, end, weight)."""
        return [
            (m.start(), m.end(), weight)
            for pattern, weight in self.patterns
            for m in pattern.finditer(text)
        ]


# libyaml's loader when PyYAML was built with it: several times faster on our data files.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(text: str) -> Any:
    """Parse YAML text safely (no arbitrary objects), with libyaml when available."""
    return yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader


@lru_cache(maxsize=8)
def load_data(name: str) -> Any:
    """A YAML file shipped in ``crossroads/data``."""
    return read_yaml(resources.files("crossroads.data").joinpath(name).read_text("utf-8"))
