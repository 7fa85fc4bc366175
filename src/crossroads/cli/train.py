"""``crossroads train``: fit the learned stages on the labelled corpus."""

from __future__ import annotations

from pathlib import Path

import click

from crossroads.errors import CrossroadsError


@click.command()
@click.option(
    "--corpus",
    "corpus_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("training/corpus"),
    show_default=True,
    help="The labelled corpus (see docs/annotation-guide.md).",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where to write the weights (default: the package's data/models).",
)
@click.option(
    "--cv",
    "cv",
    type=click.Choice(["genre", "pair", "pair-folds"]),
    multiple=True,
    help="Also score held out: leave one genre out, leave one pair out, or five folds "
    "that each hold out whole pairs, reported by genre (repeatable).",
)
@click.option(
    "--extra",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    multiple=True,
    help="Also learn from this folder of labelled documents, e.g. a workspace's "
    "`crossroads corpus export-labels` (repeatable).",
)
@click.option("--no-write", is_flag=True, help="Score only; write no weights.")
@click.option("--quiet", "-q", is_flag=True, help="No progress lines.")
def train(
    corpus_dir: Path,
    out_dir: Path | None,
    cv: tuple[str, ...],
    extra: tuple[Path, ...],
    no_write: bool,
    quiet: bool,
) -> None:
    """Train the learned issue, valence, frames and recommendation stages (seeded).

    Reads every labelled document, annotates it with the rule stages, aligns its labels,
    fits one small linear model per task over the sentence embeddings and rule signals,
    and writes the weights the v2 stages load. With --cv it prints held-out tables.

    Example:

        crossroads train --corpus training/corpus --cv genre --cv pair-folds

        crossroads train --extra labelled/   # plus a workspace's reviewed documents
    """
    from crossroads.training.evaluate import heading, table
    from crossroads.training.run import MODELS_DIR
    from crossroads.training.run import train as run

    done = 0

    def progress(step: str) -> None:
        nonlocal done
        done += 1
        if not quiet:
            click.echo(f"Train - {done}: {step} ✓", err=True)

    try:
        result = run(corpus_dir, None if no_write else (out_dir or MODELS_DIR), cv, progress, extra)
    except CrossroadsError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(
        f"{result.documents} documents, {result.sentences} aligned sentences "
        f"({result.unaligned} unaligned)"
    )
    for by, scores in result.held_out.items():
        click.echo(f"\n{heading(by)} (rules → learned):\n")
        click.echo(table(scores, by))
    for path in result.written:
        click.echo(f"wrote {path}", err=True)
