"""The ``crossroads`` command: thin wrappers over library calls.

Subcommands are imported when they are used, so ``crossroads analyze`` does not pay for
DuckDB, pandas or SQLAlchemy, which only ``events`` and ``corpus`` need.
"""

from __future__ import annotations

import importlib
from typing import Any

import click

from crossroads import __version__

# name -> "module:attribute" of the click command or group
SUBCOMMANDS = {
    "analyze": "crossroads.cli.analyze:analyze",
    "corpus": "crossroads.cli.corpus:corpus",
    "events": "crossroads.cli.events:events",
    "serve": "crossroads.cli.serve:serve",
    "train": "crossroads.cli.train:train",
    "users": "crossroads.cli.users:users",
    "workspaces": "crossroads.cli.users:workspaces",
}


class LazyGroup(click.Group):
    """A click group whose subcommands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(SUBCOMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = SUBCOMMANDS.get(cmd_name)
        if target is None:
            return None
        module, attribute = target.split(":")
        command: Any = getattr(importlib.import_module(module), attribute)
        return command if isinstance(command, click.Command) else None


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="crossroads")
def main() -> None:
    """Crossroads: perspective maps of the relations between two countries.

    Example:

        crossroads analyze essay.pdf --dyad Cambodia-US --format html --out map.html
    """
