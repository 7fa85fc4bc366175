"""The ``crossroads`` command: thin wrappers over library calls."""

from __future__ import annotations

import click

from crossroads import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="crossroads")
def main() -> None:
    """Crossroads: perspective maps of the relations between two countries.

    Example:

        crossroads analyze essay.pdf --dyad Cambodia-US --format html --out map.html
    """


def _register() -> None:
    from crossroads.cli.analyze import analyze
    from crossroads.cli.corpus import corpus
    from crossroads.cli.events import events

    main.add_command(analyze)
    main.add_command(corpus)
    main.add_command(events)


_register()
