"""Run the real CLI in-process (Typer's runner) on the packaged data."""

import json

import pytest
from typer.testing import CliRunner

from matchwise.cli import app


@pytest.fixture
def run():
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(app, list(args), catch_exceptions=False)

    return invoke


@pytest.fixture(scope="session")
def pick_json():
    """One default pick as JSON, shared by the tests that only read it."""
    result = CliRunner().invoke(app, ["pick", "--format", "json", "--draws", "60"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)
