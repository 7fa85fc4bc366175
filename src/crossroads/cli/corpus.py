"""``crossroads corpus``: the knowledge base of analysed documents (being built)."""

import click


@click.group()
def corpus() -> None:
    """A knowledge base of analysed documents over time."""
