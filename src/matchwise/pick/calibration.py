"""Calibration as a service: fit, write the parameter file and the model card.

The CLI's ``matchwise calibrate`` and ``matchwise model-card`` call these functions; so will the
web app's admin pages.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from matchwise.engine.aggregates import Aggregates
from matchwise.engine.calibration import CalibrationResult, build_samples, calibrate
from matchwise.engine.calibration import implied_aggregates as engine_implied
from matchwise.engine.parameters import ModelParameters
from matchwise.engine.priors import prior_parameters
from matchwise.formats.catalog import load_demo_catalog
from matchwise.formats.facts import calibration_targets, load_facts, population_specs, unknowns
from matchwise.formats.modelcard import aggregates_json, model_card_markdown
from matchwise.formats.parameters import calibration_record, params_to_json, read_parameters

DEFAULT_SEED = 2026


def default_parameter_path() -> Path:
    """Where the shipped parameter file lives (inside the package's data folder)."""
    return Path(str(resources.files("matchwise.data") / "parameters.json"))


def _version(seed: int) -> str:
    facts = (resources.files("matchwise.data") / "facts.toml").read_bytes()
    catalog = (resources.files("matchwise.data") / "demo_catalog.csv").read_bytes()
    priors = params_to_json(prior_parameters()).encode()
    digest = hashlib.sha256(facts + catalog + priors + str(seed).encode()).hexdigest()
    return f"fit-{digest[:10]}"


def run_calibration(*, seed: int = DEFAULT_SEED) -> CalibrationResult:
    """Fit the model to the package's facts on the DEMO catalog (deterministic for a seed)."""
    facts = load_facts()
    return calibrate(
        start=prior_parameters(),
        populations=population_specs(facts),
        catalog=load_demo_catalog(),
        targets=calibration_targets(facts),
        seed=seed,
        version=_version(seed),
    )


def write_calibration(
    result: CalibrationResult, *, parameters_path: Path, model_card_path: Path | None, command: str
) -> None:
    """Write the parameter file (with the fit's record) and, if asked, the model card."""
    text = params_to_json(result.parameters, calibration_record(result))
    parameters_path.write_text(text, encoding="utf-8")
    if model_card_path is not None:
        card = model_card_markdown(result, unknowns=unknowns(load_facts()), command=command)
        model_card_path.write_text(card, encoding="utf-8")


def implied_aggregates(
    params: ModelParameters | None = None, *, seed: int = DEFAULT_SEED
) -> Mapping[str, Aggregates]:
    """The standard population's aggregates under ``params`` (the shipped ones by default).

    The samples are drawn exactly as calibration draws them, so for the shipped parameters
    these are the figures in the model card.
    """
    params = read_parameters() if params is None else params
    samples = build_samples(population_specs(load_facts()), load_demo_catalog(), seed)
    return engine_implied(params, samples)


def model_card_json(params: ModelParameters | None = None) -> dict[str, Any]:
    """What ``matchwise model-card --json`` prints."""
    return aggregates_json(implied_aggregates(params))
