"""Issue taxonomies loaded from YAML; the default one is the contract's."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from crossroads.annotate.cues import Cues, read_yaml
from crossroads.errors import TaxonomyError


@dataclass
class Issue:
    """One issue of a taxonomy with its cue patterns and example statements."""

    id: str
    label: str
    description: str
    cues: Cues = field(default_factory=Cues)
    examples: list[str] = field(default_factory=list)


@dataclass
class Taxonomy:
    """A named set of issues with a fallback id for sentences on none of them."""

    name: str
    issues: list[Issue]
    fallback: str = "other"
    source: str = "default"
    relationship: str | None = None  # the issue for the relationship as a whole

    @property
    def ids(self) -> list[str]:
        return [i.id for i in self.issues]

    def label(self, issue_id: str) -> str:
        for issue in self.issues:
            if issue.id == issue_id:
                return issue.label
        return issue_id

    @cached_property
    def prototypes(self) -> np.ndarray:
        """One unit vector per issue: the mean embedding of its description and examples."""
        from crossroads.models import cached_encode

        groups = [[issue.description, *issue.examples] for issue in self.issues]
        vecs = cached_encode([text for group in groups for text in group])
        rows, start = [], 0
        for group in groups:
            mean = vecs[start : start + len(group)].mean(axis=0)
            rows.append(mean / (np.linalg.norm(mean) or 1.0))
            start += len(group)
        return np.vstack(rows)


def _parse(data: Any, source: str) -> Taxonomy:
    if not isinstance(data, dict) or not isinstance(data.get("issues"), list):
        raise TaxonomyError(source, "a taxonomy needs a list under 'issues'")
    issues = []
    for n, item in enumerate(data["issues"], 1):
        if not isinstance(item, dict) or "id" not in item:
            raise TaxonomyError(source, f"issue #{n} has no 'id'")
        try:
            cues = Cues.from_mapping(item.get("cues"))
        except (re.error, TypeError, ValueError) as exc:
            raise TaxonomyError(source, f"issue {item['id']}: bad cue: {exc}") from None
        issues.append(
            Issue(
                id=str(item["id"]),
                label=str(item.get("label") or item["id"]),
                description=str(item.get("description") or item.get("label") or item["id"]),
                cues=cues,
                examples=[str(e) for e in item.get("examples") or []],
            )
        )
    fallback = str(data.get("fallback") or "other")
    if fallback not in {i.id for i in issues}:
        issues.append(Issue(fallback, "Other", "Anything else."))
    relationship = data.get("relationship")
    if relationship is not None and relationship not in {i.id for i in issues}:
        raise TaxonomyError(source, f"'relationship: {relationship}' is not one of its issues")
    name = str(data.get("name") or Path(source).stem)
    return Taxonomy(name, issues, fallback, source, relationship)


@lru_cache(maxsize=1)
def default_taxonomy() -> Taxonomy:
    """The default taxonomy, parsed once per process (shared; do not modify)."""
    return load_taxonomy()


def load_taxonomy(path: str | Path | None = None) -> Taxonomy:
    """Load a taxonomy file, or the default one when ``path`` is None.

    Args:
        path: a YAML file with ``issues: [{id, label, description, cues, examples}]``.

    Returns:
        The parsed taxonomy.

    Raises:
        TaxonomyError: the file is missing or malformed.
    """
    if path is None:
        text = resources.files("crossroads.data").joinpath("taxonomy.yaml").read_text("utf-8")
        return _parse(read_yaml(text), "default")
    p = Path(path)
    if not p.is_file():
        raise TaxonomyError(str(path), "no such taxonomy file")
    try:
        data = read_yaml(p.read_text("utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise TaxonomyError(str(path), f"not valid YAML ({exc.__class__.__name__})") from None
    return _parse(data, str(path))
