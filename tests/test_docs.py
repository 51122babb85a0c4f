"""The docs keep up with the code: every command documented, the README's commands are CI's."""

import re
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from matchwise.cli import app

ROOT = Path(__file__).parents[1]
COMMANDS_DOC = (ROOT / "docs" / "commands.md").read_text(encoding="utf-8")


def all_commands():
    group = typer.main.get_command(app)
    out = []
    for name, command in group.commands.items():
        if hasattr(command, "commands"):  # a group (Typer vendors its own click)
            out += [f"{name} {sub}" for sub in command.commands]
        else:
            out.append(name)
    return out


@pytest.mark.parametrize("command", all_commands())
def test_every_command_has_help_and_a_guide_entry(command):
    result = CliRunner().invoke(app, [*command.split(), "--help"])
    assert result.exit_code == 0
    assert len(result.stdout.split("Options")[0].strip()) > 40, "no help text"
    assert f"matchwise {command}" in COMMANDS_DOC, f"docs/commands.md lacks 'matchwise {command}'"


def test_the_readme_gives_exactly_two_setup_commands_and_ci_runs_the_second():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    setup = readme.split("## Set up and run")[1].split("## ")[0]
    blocks = re.findall(r"```sh\n(.*?)\n```", setup, re.S)
    assert len(blocks) == 2
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert blocks[1].strip() in ci


def test_every_doc_link_in_the_readme_and_docs_resolves():
    for page in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        for target in re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", page.read_text(encoding="utf-8")):
            assert (page.parent / target).exists(), f"{page.name} links to missing {target}"
