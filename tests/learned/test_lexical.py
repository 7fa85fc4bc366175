"""The word block of the learned models: TF-IDF as scikit-learn computes it, carried in the
weights file, and a word that decides a label in training decides it at run time."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from crossroads.learned.lexical import Vocabulary, terms
from crossroads.learned.weights import LinearModel
from crossroads.training import fit

TEXTS = [
    "The minister deplored the shelling of the border village.",
    "The two sides welcomed the agreement on river water.",
    "Officials deplored the seizure of the fishing boats.",
    "Both delegations welcomed the reopening of the crossing.",
    "The ministry deplored the expulsion of its ambassador.",
    "The leaders welcomed the new trade agreement.",
    "The river rises in the highlands.",
    "The border is about nine hundred kilometres long.",
]


def test_terms_are_words_and_word_pairs() -> None:
    assert terms("Both sides welcomed it, a step.") == [
        "both",
        "sides",
        "welcomed",
        "it",
        "step",
        "both sides",
        "sides welcomed",
        "welcomed it",
        "it step",
    ]


def test_the_weights_equal_scikit_learns_tfidf() -> None:
    vocabulary = Vocabulary.fit(TEXTS, min_df=2)
    reference = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
    expected = reference.fit_transform(TEXTS).toarray()
    assert vocabulary.terms == list(reference.get_feature_names_out())
    got = np.zeros(expected.shape, dtype=np.float32)
    rows, cols, vals = vocabulary.weights(TEXTS)
    got[rows, cols] = vals
    assert np.allclose(got, expected, atol=1e-6)


def test_a_deciding_word_carries_to_a_new_sentence_and_through_the_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # the dense features are noise: only "deplored" (3 sentences) and "welcomed" (3) decide
    monkeypatch.setattr(fit, "LEXICAL", {"valence": 30.0})
    monkeypatch.setitem(fit.C, "valence", 1.0)
    noise = np.random.default_rng(0).normal(size=(len(TEXTS), 5)).astype(np.float32)
    labels = ["critical", "cooperative"] * 3 + ["neutral", "neutral"]
    model = fit.fit_softmax("valence", noise, labels, ["cooperative", "critical", "neutral"], TEXTS)
    assert model.vocabulary is not None and "deplored" in model.vocabulary.terms
    new = ["The government deplored the arrest of its citizens.", "Both welcomed the talks."]
    x = np.zeros((2, 5), dtype=np.float32)
    p = model.proba(x, new)
    assert [model.classes[int(k)] for k in p.argmax(axis=1)] == ["critical", "cooperative"]
    model.save(tmp_path / "valence.npz")
    again = LinearModel.load(tmp_path / "valence.npz", "valence.npz")
    assert np.allclose(again.proba(x, new), p, atol=1e-5)
