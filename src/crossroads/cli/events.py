"""``crossroads events``: GDELT and ICEWS event data (being built)."""

import click


@click.group()
def events() -> None:
    """Event data from GDELT and ICEWS in DuckDB."""
