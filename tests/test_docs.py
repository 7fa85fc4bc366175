"""Meta-tests: every command has help with an example and a README section; every
registered stage is reachable from the default pipeline or documented as optional."""

from pathlib import Path

import click
from click.testing import CliRunner

from crossroads.cli import main
from crossroads.pipeline import DEFAULT_STAGES, load_builtin_stages
from crossroads.registry import renderers, stages

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def commands() -> list[list[str]]:
    out = []
    ctx = click.Context(main)
    for name in main.list_commands(ctx):
        cmd = main.get_command(ctx, name)
        if isinstance(cmd, click.Group):
            out.extend([name, sub] for sub in cmd.list_commands(ctx))
        else:
            out.append([name])
    return out


def test_every_command_has_help_with_an_example() -> None:
    runner = CliRunner()
    found = commands()
    assert ["analyze"] in found and ["corpus", "trends"] in found and ["events", "series"] in found
    for words in found:
        result = runner.invoke(main, [*words, "--help"])
        assert result.exit_code == 0, words
        assert "Example" in result.output, f"{' '.join(words)} --help has no example"


def test_every_command_appears_in_the_readme() -> None:
    for words in commands():
        assert f"crossroads {' '.join(words)}" in README, (
            f"README lacks crossroads {' '.join(words)}"
        )


def test_default_stages_and_renderers_are_registered() -> None:
    load_builtin_stages()
    import crossroads.render  # noqa: F401

    assert set(DEFAULT_STAGES) <= set(stages.names())
    assert {"json", "md", "html"} <= set(renderers.names())
    assert "crossroads.noop.v1" in stages.names()


def test_built_ins_satisfy_the_extension_protocols() -> None:
    from crossroads.protocols import Reader, Renderer, Stage
    from crossroads.readers import read

    load_builtin_stages()
    for name in stages.names():
        assert isinstance(stages.make(name), Stage), name
    for name in renderers.names():
        assert isinstance(renderers.get(name), Renderer), name
    assert isinstance(read, Reader)
