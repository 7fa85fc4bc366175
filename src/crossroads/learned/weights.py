"""The learned stages' weights: small ``.npz`` files in ``crossroads/data/models``.

A model is a linear layer over standardised features, plus optionally the sentence's words
and word pairs (:mod:`.lexical`, vocabulary shipped in the file): softmax over classes
(issue, valence), or one sigmoid per label (frames, recommendation); or an ensemble of
boosted trees (perspective), whose decisions hinge on how rule signals combine. Inference
needs only numpy; training (``crossroads train``) uses scikit-learn and writes these files.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from crossroads.errors import WeightsError
from crossroads.learned.lexical import Vocabulary

FORMAT = "crossroads.weights/1"
REBUILD = "rebuild it with `make train`"


@dataclass
class LinearModel:
    """A trained linear classifier with its feature standardisation."""

    task: str
    classes: list[str]
    kind: str  # softmax | sigmoid
    coef: np.ndarray  # (classes, features)
    intercept: np.ndarray
    mean: np.ndarray
    scale: np.ndarray
    meta: dict[str, Any] = field(default_factory=dict)
    thresholds: np.ndarray | None = None  # sigmoid: per-label decision thresholds
    vocabulary: Vocabulary | None = None  # the word block's terms, if the model has one
    lexical_coef: np.ndarray | None = None  # (classes, terms), on raw TF-IDF weights

    def proba(self, features: np.ndarray, texts: list[str] | None = None) -> np.ndarray:
        """Class probabilities (softmax) or per-label probabilities (sigmoid), row-wise.

        ``texts`` are the rows' sentences, needed when the model has a word block.
        """
        if features.shape[1] != self.coef.shape[1]:
            raise WeightsError(
                self.task,
                f"expects {self.coef.shape[1]} features, got {features.shape[1]}; " + REBUILD,
            )
        z = ((features - self.mean) / self.scale) @ self.coef.T + self.intercept
        if self.vocabulary is not None and self.lexical_coef is not None:
            if texts is None or len(texts) != len(features):
                raise ValueError(f"{self.task}: the word block needs one text per row")
            z = z + self.vocabulary.scores(texts, self.lexical_coef)
        if self.kind == "sigmoid":
            return 1.0 / (1.0 + np.exp(-z))
        return _softmax(z)

    def save(self, path: Path) -> None:
        """Write the model (arrays plus a JSON header) to ``path``."""
        arrays = {
            "coef": self.coef,
            "intercept": self.intercept,
            "mean": self.mean,
            "scale": self.scale,
        }
        if self.thresholds is not None:
            arrays["thresholds"] = self.thresholds
        if self.vocabulary is not None and self.lexical_coef is not None:
            arrays["lexical_terms"] = np.array(self.vocabulary.terms, dtype=str)
            arrays["lexical_idf"] = self.vocabulary.idf
            arrays["lexical_coef"] = self.lexical_coef
        _write(
            path, {"task": self.task, "classes": self.classes, "kind": self.kind}, self.meta, arrays
        )

    @classmethod
    def load(cls, path: Path | Any, name: str) -> LinearModel:
        """Read a model; a missing or corrupt file is a :class:`WeightsError` naming it."""
        header, raw = _read(path, name)
        terms = raw.pop("lexical_terms", None)
        arrays = {k: v.astype(np.float32) for k, v in raw.items()}
        if "coef" not in arrays:
            raise WeightsError(name, f"not a Crossroads weights file; {REBUILD}")
        vocabulary = None
        if terms is not None:
            if "lexical_idf" not in arrays or "lexical_coef" not in arrays:
                raise WeightsError(name, f"word block incomplete; {REBUILD}")
            vocabulary = Vocabulary([str(t) for t in terms], arrays["lexical_idf"])
        meta = {k: v for k, v in header.items() if k not in ("format", "task", "classes", "kind")}
        return cls(
            header["task"],
            header["classes"],
            header["kind"],
            arrays["coef"],
            arrays["intercept"],
            arrays["mean"],
            arrays["scale"],
            meta,
            arrays.get("thresholds"),
            vocabulary,
            arrays.get("lexical_coef"),
        )


@dataclass
class TreeModel:
    """Gradient-boosted trees, one per class per round, flattened into node arrays.

    A row goes left at a node when its feature is at most the threshold; the class scores
    are the baseline plus the leaf values reached in every tree, turned into a softmax.
    """

    task: str
    classes: list[str]
    feature: np.ndarray  # (nodes,) int: the feature a node tests
    threshold: np.ndarray  # (nodes,)
    left: np.ndarray  # (nodes,) int: index of the left child, in the same arrays
    right: np.ndarray
    leaf: np.ndarray  # (nodes,) bool
    value: np.ndarray  # (nodes,): a leaf's contribution to its class score
    roots: np.ndarray  # (trees,) int: the first node of each tree
    tree_class: np.ndarray  # (trees,) int: the class a tree adds to
    baseline: np.ndarray  # (classes,)
    width: int  # number of features
    meta: dict[str, Any] = field(default_factory=dict)
    kind: str = "trees"

    def proba(self, features: np.ndarray) -> np.ndarray:
        """Class probabilities, row-wise."""
        if features.shape[1] != self.width:
            raise WeightsError(
                self.task, f"expects {self.width} features, got {features.shape[1]}; " + REBUILD
            )
        rows = np.arange(len(features))
        scores = np.tile(self.baseline, (len(features), 1)).astype(np.float64)
        for root, k in zip(self.roots, self.tree_class, strict=True):
            node = np.full(len(features), root)
            while not self.leaf[node].all():
                inner = ~self.leaf[node]
                at = node[inner]
                go_left = features[rows[inner], self.feature[at]] <= self.threshold[at]
                node[inner] = np.where(go_left, self.left[at], self.right[at])
            scores[:, k] += self.value[node]
        return _softmax(scores)

    _ARRAYS = ("feature", "threshold", "left", "right", "leaf", "value", "roots", "tree_class")

    def save(self, path: Path) -> None:
        """Write the model (node arrays plus a JSON header) to ``path``."""
        arrays = {name: getattr(self, name) for name in self._ARRAYS}
        arrays["baseline"] = self.baseline
        fixed = {"task": self.task, "classes": self.classes, "kind": self.kind, "width": self.width}
        _write(path, fixed, self.meta, arrays)


def _softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def _write(
    path: Path, fixed: dict[str, Any], meta: dict[str, Any], arrays: dict[str, np.ndarray]
) -> None:
    """Arrays plus a JSON header (format, the model's fixed fields, training facts)."""
    header = {"format": FORMAT, **fixed, **meta}
    with open(path, "wb") as f:
        np.savez_compressed(f, header=np.array(json.dumps(header)), **arrays)  # type: ignore[arg-type]


def _read(path: Path | Any, name: str) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    """The header and arrays of a weights file; damage is a :class:`WeightsError` naming it."""
    try:
        with path.open("rb") as f, np.load(f, allow_pickle=False) as data:
            header = json.loads(str(data["header"]))
            arrays = {k: data[k] for k in data.files if k != "header"}
    except FileNotFoundError:
        raise WeightsError(name, f"weights file not found; {REBUILD}") from None
    except Exception as exc:  # zip, npy or JSON damage: all mean the same to a user
        raise WeightsError(
            name, f"weights file is corrupt ({type(exc).__name__}); {REBUILD}"
        ) from None
    if header.get("format") != FORMAT:
        raise WeightsError(name, f"not a Crossroads weights file; {REBUILD}")
    return header, arrays


def load_trees(path: Path | Any, name: str) -> TreeModel:
    """Read a tree ensemble (see :class:`TreeModel`)."""
    header, arrays = _read(path, name)
    missing = [k for k in (*TreeModel._ARRAYS, "baseline") if k not in arrays]
    if header.get("kind") != "trees" or missing:
        raise WeightsError(name, f"not a Crossroads tree model; {REBUILD}")
    meta = {
        k: v for k, v in header.items() if k not in ("format", "task", "classes", "kind", "width")
    }
    return TreeModel(
        header["task"],
        header["classes"],
        arrays["feature"].astype(np.int64),
        arrays["threshold"].astype(np.float64),
        arrays["left"].astype(np.int64),
        arrays["right"].astype(np.int64),
        arrays["leaf"].astype(bool),
        arrays["value"].astype(np.float64),
        arrays["roots"].astype(np.int64),
        arrays["tree_class"].astype(np.int64),
        arrays["baseline"].astype(np.float64),
        int(header["width"]),
        meta,
    )


def models_dir() -> Any:
    """Where the shipped weights live (a package resource)."""
    return resources.files("crossroads.data").joinpath("models")


@lru_cache(maxsize=16)
def load_model(task: str) -> LinearModel:
    """The shipped model for ``task`` (``issue``, ``valence``, ``frames``, ...), cached."""
    name = f"crossroads/data/models/{task}.npz"
    return LinearModel.load(models_dir().joinpath(f"{task}.npz"), name)


@lru_cache(maxsize=4)
def load_tree_model(task: str) -> TreeModel:
    """The shipped tree ensemble for ``task`` (``perspective``), cached."""
    name = f"crossroads/data/models/{task}.npz"
    return load_trees(models_dir().joinpath(f"{task}.npz"), name)
