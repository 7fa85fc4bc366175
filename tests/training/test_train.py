"""``crossroads train`` end to end on a small slice of labelled documents, and the weights it
writes loaded by the v2 stages."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from crossroads.cli import main
from crossroads.errors import WeightsError
from crossroads.learned.weights import LinearModel
from crossroads.training.corpus import check
from crossroads.training.dataset import Dataset
from crossroads.training.evaluate import PAIR_FOLDS, held_out_folds

SLICE = Path(__file__).resolve().parents[1] / "data" / "voice"


def test_the_slice_is_well_formed() -> None:
    problems = [p for f in sorted(SLICE.glob("*.json")) for p in check(f)]
    assert problems == []


def test_a_bad_label_is_named_with_its_file(tmp_path: Path) -> None:
    shutil.copy(SLICE / "news-aus-chn.txt", tmp_path)
    text = (SLICE / "news-aus-chn.json").read_text().replace('"critical"', '"angry"', 1)
    (tmp_path / "news-aus-chn.json").write_text(text)
    problems = check(tmp_path / "news-aus-chn.json")
    assert problems and problems[0].startswith("news-aus-chn.json: sentence 1: valence 'angry'")


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("models")
    result = CliRunner().invoke(
        main,
        ["train", "--corpus", str(SLICE), "--out", str(out), "--cv", "genre"]
        + ["--cv", "pair-folds", "-q"],
    )
    assert result.exit_code == 0, result.output
    return out, result.output


def test_training_writes_one_weights_file_per_learned_stage(trained: tuple[Path, str]) -> None:
    out, output = trained
    assert sorted(p.name for p in out.glob("*.npz")) == [
        "events.npz",
        "frames.npz",
        "issue.npz",
        "perspective.npz",
        "recommendation.npz",
        "valence.npz",
    ]
    assert "5 documents" in output


def test_leave_one_genre_out_scores_every_genre(trained: tuple[Path, str]) -> None:
    _, output = trained
    for genre in ("briefing", "editorial", "joint-statement", "news", "speech", "**all**"):
        assert f"| {genre} |" in output


def test_pair_folds_are_reported_by_genre(trained: tuple[Path, str]) -> None:
    _, output = trained
    folds = output.split("folds, each holding out whole pairs")[1]
    for genre in ("briefing", "news", "speech", "**all**"):
        assert f"| {genre} |" in folds


def test_pair_folds_hold_out_whole_pairs() -> None:
    pairs = [f"P{k % 7}" for k in range(40)]
    data = Dataset(np.zeros((40, 1)), pair=pairs)
    folds = held_out_folds(data, PAIR_FOLDS)
    assert len(folds) == 5
    tested = np.concatenate([rows for _, rows in folds])
    assert sorted(tested.tolist()) == list(range(40))  # every row held out exactly once
    for _, rows in folds:
        inside = {pairs[i] for i in rows}
        outside = {p for i, p in enumerate(pairs) if i not in set(rows.tolist())}
        assert not inside & outside  # a pair is never on both sides of a fold


def test_training_is_reproducible(trained: tuple[Path, str], tmp_path: Path) -> None:
    out, _ = trained
    again = CliRunner().invoke(
        main, ["train", "--corpus", str(SLICE), "--out", str(tmp_path), "-q"]
    )
    assert again.exit_code == 0
    a = LinearModel.load(out / "valence.npz", "a")
    b = LinearModel.load(tmp_path / "valence.npz", "b")
    assert np.allclose(a.coef, b.coef) and a.classes == b.classes


def test_the_trained_models_give_probabilities(trained: tuple[Path, str]) -> None:
    out, _ = trained
    model = LinearModel.load(out / "valence.npz", "valence")
    p = model.proba(np.zeros((2, model.coef.shape[1]), dtype=np.float32))
    assert p.shape == (2, 3) and np.allclose(p.sum(axis=1), 1.0)
    assert model.vocabulary is None  # valence reads no words (see fit.LEXICAL)
    issue = LinearModel.load(out / "issue.npz", "issue")
    texts = ["The ministry condemned the raid.", "Both sides welcomed the deal."]
    q = issue.proba(np.zeros((2, issue.coef.shape[1]), dtype=np.float32), texts)
    assert q.shape == (2, len(issue.classes)) and np.allclose(q.sum(axis=1), 1.0)
    assert issue.vocabulary is not None and len(issue.vocabulary) > 0  # the word block


def test_a_corrupt_weights_file_is_one_clear_line(tmp_path: Path) -> None:
    bad = tmp_path / "valence.npz"
    bad.write_bytes(b"not a zip file")
    with pytest.raises(WeightsError) as err:
        LinearModel.load(bad, "crossroads/data/models/valence.npz")
    message = str(err.value)
    assert "valence.npz" in message and "make train" in message and "\n" not in message


def test_a_missing_weights_file_names_the_rebuild(tmp_path: Path) -> None:
    with pytest.raises(WeightsError, match="not found; rebuild it with `make train`"):
        LinearModel.load(tmp_path / "issue.npz", "issue.npz")


def test_an_empty_corpus_is_refused(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["train", "--corpus", str(tmp_path), "-q"])
    assert result.exit_code == 1
    assert "no labelled documents" in result.output


def test_exported_trees_give_scikit_learns_probabilities(tmp_path: Path) -> None:
    from sklearn.ensemble import HistGradientBoostingClassifier

    from crossroads.learned.weights import load_trees
    from crossroads.training.fit import SEED, TREES, fit_trees

    rng = np.random.default_rng(0)
    x = rng.random((400, 6))
    y = np.where(x[:, 0] > 0.6, "author", np.where(x[:, 1] > 0.5, "party_a", "party_b"))
    classes = ["author", "party_a", "party_b", "third"]
    model = fit_trees("perspective", x, list(y), classes)
    model.save(tmp_path / "perspective.npz")
    loaded = load_trees(tmp_path / "perspective.npz", "perspective.npz")
    reference = HistGradientBoostingClassifier(random_state=SEED, **TREES).fit(x, y)
    ours = loaded.proba(x[:50])
    assert np.allclose(ours[:, :3], reference.predict_proba(x[:50]), atol=1e-6)
    assert np.allclose(ours[:, 3], 0.0, atol=1e-9)  # a class never seen never wins
