"""The library call behind ``crossroads train``: corpus in, weights and held-out tables out."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import crossroads.data
from crossroads.annotate.taxonomy import load_taxonomy
from crossroads.context import Context
from crossroads.errors import CrossroadsError
from crossroads.model import Document
from crossroads.pipeline import RULE_STAGES
from crossroads.training import corpus as corpus_files
from crossroads.training.dataset import Dataset, build
from crossroads.training.evaluate import Scores, held_out
from crossroads.training.fit import SEED, fit_all

DEFAULT_CORPUS = Path("training/corpus")
MODELS_DIR = Path(crossroads.data.__file__).parent / "models"


@dataclass
class TrainingResult:
    """What one training run did: the data it saw and, if asked, the held-out scores."""

    documents: int
    sentences: int
    unaligned: int
    written: list[Path] = field(default_factory=list)
    held_out: dict[str, list[Scores]] = field(default_factory=dict)
    dataset: Dataset | None = None


def _annotate(labelled: corpus_files.LabelledDocument) -> tuple[Document, Context]:
    from crossroads.pipeline import Pipeline, PipelineConfig
    from crossroads.readers import read

    # the rule reading and the rule event coders, whose proposals the event review weighs
    stages = (*RULE_STAGES, "crossroads.events.v1", "crossroads.statement_events.v1")
    pipeline = Pipeline(labelled.dyad, PipelineConfig(stages=stages))
    doc = read(str(labelled.path.parent / labelled.labels["file"]), doc_id="d1")
    return pipeline.annotate(doc), pipeline.context


def labelled_documents(
    corpus_dir: Path, extra: tuple[Path, ...] = ()
) -> list[corpus_files.LabelledDocument]:
    """Check and load the corpus and any extra folders of labelled documents.

    Args:
        corpus_dir: the labelled corpus.
        extra: more folders in the same format, such as a workspace's export
            (``crossroads corpus export-labels``).

    Returns:
        The documents of every folder, the corpus first.

    Raises:
        CrossroadsError: a folder holds no labelled document, or a file has a problem.
    """
    docs = []
    for folder in (corpus_dir, *extra):
        files = sorted(folder.rglob("*.json"))
        if not files:
            raise CrossroadsError(str(folder), "no labelled documents (*.json) found")
        problems = [line for f in files for line in corpus_files.check(f)]
        if problems:
            raise CrossroadsError(
                str(folder), f"{len(problems)} labelling problems, first: {problems[0]}"
            )
        docs.extend(corpus_files.load(folder))
    return docs


def load_dataset(
    corpus_dir: Path,
    progress: Callable[[str], None] | None = None,
    extra: tuple[Path, ...] = (),
) -> tuple[list[corpus_files.LabelledDocument], Dataset]:
    """Check the corpus, then annotate it with the rule stages and align its labels."""
    docs = labelled_documents(corpus_dir, extra)
    return docs, build(docs, _annotate, progress)


def train(
    corpus_dir: Path = DEFAULT_CORPUS,
    out_dir: Path | None = MODELS_DIR,
    cross_validate: tuple[str, ...] = (),
    progress: Callable[[str], None] | None = None,
    extra: tuple[Path, ...] = (),
) -> TrainingResult:
    """Fit the learned stages on the corpus and write their weights.

    Args:
        corpus_dir: the labelled corpus (``docs/annotation-guide.md``).
        out_dir: where the ``.npz`` weights go; ``None`` to write nothing.
        cross_validate: held-out groupings to score (``genre``, ``pair``).
        progress: told each step as it is done.
        extra: more folders of labelled documents, e.g. workspace exports.

    Returns:
        The corpus figures, the files written and the held-out scores.
    """
    docs, data = load_dataset(corpus_dir, progress, extra)
    if len(data) == 0:
        raise CrossroadsError(str(corpus_dir), "no labelled sentence matched the text")
    issue_ids = list(load_taxonomy().ids)
    result = TrainingResult(len(docs), len(data), data.unaligned, dataset=data)
    for by in cross_validate:
        result.held_out[by] = held_out(data, by, issue_ids, progress)
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
        meta = {
            "taxonomy": load_taxonomy().name,
            "issue_ids": issue_ids,
            "seed": SEED,
            "documents": len(docs),
            "sentences": len(data),
        }
        for task, model in fit_all(data, issue_ids).items():
            model.meta = dict(meta)
            path = out_dir / f"{task}.npz"
            model.save(path)
            result.written.append(path)
        (out_dir / "TRAINED.json").write_text(json.dumps(meta, indent=1) + "\n")
    return result
