"""The learned stages' weights: small ``.npz`` files in ``crossroads/data/models``.

A model is a linear layer over standardised features: softmax over classes (issue,
valence), or one sigmoid per label (frames, recommendation). Inference needs only numpy;
training (``crossroads train``) uses scikit-learn and writes these files.
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

    def proba(self, features: np.ndarray) -> np.ndarray:
        """Class probabilities (softmax) or per-label probabilities (sigmoid), row-wise."""
        if features.shape[1] != self.coef.shape[1]:
            raise WeightsError(
                self.task,
                f"expects {self.coef.shape[1]} features, got {features.shape[1]}; " + REBUILD,
            )
        z = ((features - self.mean) / self.scale) @ self.coef.T + self.intercept
        if self.kind == "sigmoid":
            return 1.0 / (1.0 + np.exp(-z))
        z = z - z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    def save(self, path: Path) -> None:
        """Write the model (arrays plus a JSON header) to ``path``."""
        header = {
            "format": FORMAT,
            "task": self.task,
            "classes": self.classes,
            "kind": self.kind,
            **self.meta,
        }
        arrays = {
            "coef": self.coef,
            "intercept": self.intercept,
            "mean": self.mean,
            "scale": self.scale,
        }
        if self.thresholds is not None:
            arrays["thresholds"] = self.thresholds
        arrays["header"] = np.array(json.dumps(header))
        with open(path, "wb") as f:
            np.savez_compressed(f, **arrays)  # type: ignore[arg-type]

    @classmethod
    def load(cls, path: Path | Any, name: str) -> LinearModel:
        """Read a model; a missing or corrupt file is a :class:`WeightsError` naming it."""
        try:
            with path.open("rb") as f, np.load(f, allow_pickle=False) as data:
                header = json.loads(str(data["header"]))
                arrays = {k: data[k].astype(np.float32) for k in data.files if k != "header"}
        except FileNotFoundError:
            raise WeightsError(name, f"weights file not found; {REBUILD}") from None
        except Exception as exc:  # zip, npy or JSON damage: all mean the same to a user
            raise WeightsError(
                name, f"weights file is corrupt ({type(exc).__name__}); {REBUILD}"
            ) from None
        if header.get("format") != FORMAT or "coef" not in arrays:
            raise WeightsError(name, f"not a Crossroads weights file; {REBUILD}")
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
        )


def models_dir() -> Any:
    """Where the shipped weights live (a package resource)."""
    return resources.files("crossroads.data").joinpath("models")


@lru_cache(maxsize=16)
def load_model(task: str) -> LinearModel:
    """The shipped model for ``task`` (``issue``, ``valence``, ``frames``, ...), cached."""
    name = f"crossroads/data/models/{task}.npz"
    return LinearModel.load(models_dir().joinpath(f"{task}.npz"), name)
