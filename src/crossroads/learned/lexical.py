"""Words and word pairs of a sentence as TF-IDF weights, for the learned linear models.

The sentence embedding blurs the few words that decide a label ("deplores", "welcomes",
"under the treaty"); a bag of words and word pairs keeps them. The vocabulary is fitted on
the training corpus (terms in at least ``MIN_DF`` sentences) and shipped inside each
model's weights, so run time needs only this module and numpy. The weighting is the usual
one: sublinear term frequency, smoothed inverse document frequency, unit length.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

_TOKEN = re.compile(r"\b\w\w+\b")
MIN_DF = 3


def terms(text: str) -> list[str]:
    """The sentence's lower-cased words (two characters or more) and adjacent word pairs."""
    words = _TOKEN.findall(text.lower())
    return words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]


@dataclass
class Vocabulary:
    """Terms and their inverse document frequencies, in column order."""

    terms: list[str]
    idf: np.ndarray

    def __post_init__(self) -> None:
        self.index = {t: j for j, t in enumerate(self.terms)}

    def __len__(self) -> int:
        return len(self.terms)

    @classmethod
    def fit(cls, texts: Sequence[str], min_df: int = MIN_DF) -> Vocabulary:
        """The terms found in at least ``min_df`` of ``texts``, sorted."""
        df: Counter[str] = Counter()
        for text in texts:
            df.update(set(terms(text)))
        kept = sorted(t for t, n in df.items() if n >= min_df)
        n = len(texts)
        idf = np.array([math.log((1 + n) / (1 + df[t])) + 1 for t in kept], dtype=np.float32)
        return cls(kept, idf)

    def weights(self, texts: Iterable[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The TF-IDF matrix of ``texts`` as (row, column, value) triplets."""
        rows: list[int] = []
        cols: list[int] = []
        vals: list[float] = []
        for i, text in enumerate(texts):
            counts = Counter(j for t in terms(text) if (j := self.index.get(t)) is not None)
            if not counts:
                continue
            js = list(counts)
            w = np.array([1 + math.log(counts[j]) for j in js]) * self.idf[js]
            w /= np.linalg.norm(w)
            rows.extend([i] * len(js))
            cols.extend(js)
            vals.extend(w.tolist())
        return (
            np.array(rows, dtype=np.int64),
            np.array(cols, dtype=np.int64),
            np.array(vals, dtype=np.float32),
        )

    def scores(self, texts: Sequence[str], coef: np.ndarray) -> np.ndarray:
        """The texts' TF-IDF rows times ``coef`` (labels × terms): one row per text."""
        out = np.zeros((len(texts), coef.shape[0]), dtype=np.float32)
        rows, cols, vals = self.weights(texts)
        np.add.at(out, rows, vals[:, None] * coef[:, cols].T)
        return out
