"""What the package ships is what its scripts and commands produce."""

import doctest
import importlib
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import matchwise
from matchwise.formats.pick.parameters import read_calibration_record, read_parameters
from matchwise.pick.calibration import DEFAULT_SEED, _version

ROOT = Path(__file__).parents[1]


def test_the_shipped_parameters_were_fitted_on_the_current_facts_catalog_and_priors():
    # The version hashes the facts, the DEMO catalog, the priors, the model's revision
    # (engine.pick.calibration.MODEL_REVISION) and the seed: if any changed,
    # re-run `matchwise calibrate` and commit the new parameter file and model card.
    assert read_parameters().version == _version(DEFAULT_SEED)
    card = (ROOT / "docs" / "model-card.md").read_text(encoding="utf-8")
    assert read_parameters().version in card


def test_the_calibration_record_lists_every_target_with_its_source():
    record = read_calibration_record()
    assert record["converged"]
    assert len(record["targets"]) == 18
    assert all(t["source"] and t["confidence"] for t in record["targets"])
    # Every figure within 4 standard errors, and no more than one beyond 3: the interview rate
    # at the next program one would signal (37%, Lakhani et al. 2024), which the synthetic
    # applicants' choices do not reach (docs/model-card.md).
    assert all(abs(t["standardized"]) < 4 for t in record["targets"])
    beyond = [t["name"] for t in record["targets"] if abs(t["standardized"]) > 3]
    assert beyond in (
        [],
        ["DR interview rate at the next program one would signal, unsignaled (2024)"],
    )


def test_the_demo_catalog_is_what_the_script_writes(tmp_path):
    out = tmp_path / "demo.csv"
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "make_demo_catalog.py"), str(out)],
        check=True,
        capture_output=True,
    )
    shipped = ROOT / "src" / "matchwise" / "data" / "demo_catalog.csv"
    assert out.read_bytes() == shipped.read_bytes()


MODULES = sorted(
    m.name
    for m in pkgutil.walk_packages(matchwise.__path__, "matchwise.")
    if not m.name.endswith("__main__") and ".migrations" not in m.name
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_are_true(name):
    module = importlib.import_module(name)
    failures, _ = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert failures == 0
