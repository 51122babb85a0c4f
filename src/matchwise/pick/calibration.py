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

import numpy as np

from matchwise.engine.market.marketfit import MarketFit, MarketTarget, fit_program_noise
from matchwise.engine.market.simulator import (
    MarketCheck,
    MarketSpec,
    SyntheticMarket,
    generate_market,
    market_aggregates,
    run_seeds,
    simulate_figures,
    summarize_runs,
    with_program_noise,
)
from matchwise.engine.match.deferred_acceptance import solve_singles
from matchwise.engine.pick.aggregates import Aggregates
from matchwise.engine.pick.calibration import (
    MODEL_REVISION,
    CalibrationResult,
    build_samples,
    calibrate,
)
from matchwise.engine.pick.calibration import implied_aggregates as engine_implied
from matchwise.engine.pick.parameters import ModelParameters
from matchwise.engine.pick.priors import prior_parameters
from matchwise.engine.pick.profile import ApplicantType
from matchwise.engine.pick.validation import CHECK_DRAWS, Validation, validate
from matchwise.formats.chart import svg_text, write_chart
from matchwise.formats.market.market_fit import fit_to_json
from matchwise.formats.pick.catalog import load_demo_catalog
from matchwise.formats.pick.facts import calibration_targets, load_facts, population_specs, unknowns
from matchwise.formats.pick.modelcard import aggregates_json, model_card_markdown
from matchwise.formats.pick.parameters import (
    calibration_record,
    params_to_json,
    read_calibration_record,
    read_parameters,
)
from matchwise.formats.pick.validation_chart import ranks_chart_spec

DEFAULT_SEED = 2026
# Runs of the market check per pool (a DR run takes about 0.2 s, an IR run about 0.05 s).
MARKET_CHECK_RUNS: Mapping[str, int] = {"416": 20, "416-survey": 10, "420": 10}
# Calibration targets that a simulated market produces, and the market's name for them.
MARKET_FIGURES: Mapping[str, str] = {
    "matches_per_applicant": "match_rate.all",
    "us_senior_share_of_matches": "share_of_matches.us_senior",
    "us_md_share_of_matches": "share_of_matches.us_md_senior",
    "interviews_per_matched_applicant": "interviews_per_matched_applicant",
    **{f"match_rate.{t.value}": f"match_rate.{t.value}" for t in ApplicantType},
}
RANKS_CHART = "model-card-ranks.svg"  # written beside the model card


def default_parameter_path() -> Path:
    """Where the shipped parameter file lives (inside the package's data folder)."""
    return Path(str(resources.files("matchwise.data") / "parameters.json"))


def _version(seed: int) -> str:
    facts = (resources.files("matchwise.data") / "facts.toml").read_bytes()
    catalog = (resources.files("matchwise.data") / "demo_catalog.csv").read_bytes()
    priors = params_to_json(prior_parameters()).encode()
    revision = f"model-{MODEL_REVISION}".encode()
    digest = hashlib.sha256(facts + catalog + priors + revision + str(seed).encode()).hexdigest()
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


def validate_calibration(
    result: CalibrationResult, *, seed: int = DEFAULT_SEED, draws: int = CHECK_DRAWS
) -> Validation:
    """The posterior predictive check and leave-one-out predictions of a fit
    (engine/pick/validation.py), on the pools it was fitted on."""
    samples = build_samples(population_specs(load_facts()), load_demo_catalog(), seed)
    rng = np.random.default_rng(seed + 1)
    return validate(result, prior_parameters(), samples, rng, draws=draws)


def ranks_chart(record: Mapping[str, Any]) -> dict[str, Any]:
    """The DR P(match)-by-ranks chart (Vega-Lite) of a validation record."""
    return ranks_chart_spec(record["ranks"], record["published_ranks"])


def _cited(row: Mapping[str, Any]) -> str:
    return f"{row['source']} ({row['confidence']})"


def _positions(facts: Mapping[str, Any]) -> dict[str, tuple[int, int, str]]:
    """Published 2024 positions and filled positions of IR-Integrated and DR, with sources."""
    ir = next(r for r in facts["ir_integrated"]["positions"] if r["year"] == 2024)
    dr = next(r for r in facts["diagnostic_radiology"]["positions"] if r["year"] == 2024)
    return {
        "416": (ir["pgy1"] + ir["pgy2"], ir["filled_pgy1"] + ir["filled_pgy2"], _cited(ir)),
        "420": (dr["total"], dr["filled"], _cited(dr)),
    }


# The figures fitted through simulation: who gets the positions when applicants compete.
MARKET_FIT_METRICS = ("us_senior_share_of_matches", "us_md_share_of_matches")


def market_targets() -> list[MarketTarget]:
    """The published figures the programs' ranking noise is fitted to, with their sources."""
    return [
        MarketTarget(t.name, t.specialty, MARKET_FIGURES[t.metric], t.value, t.se,
                     f"{t.source} ({t.confidence})")
        for t in calibration_targets(load_facts())
        if t.metric in MARKET_FIT_METRICS
    ]  # fmt: skip


def draw_markets(
    params: ModelParameters, pools: Mapping[str, int], *, seed: int = DEFAULT_SEED
) -> dict[str, list[SyntheticMarket]]:
    """``runs`` markets for each pool (pool -> runs), with the check's run seeds."""
    specs, catalog = population_specs(load_facts()), load_demo_catalog()
    return {
        pool: [
            generate_market(MarketSpec(specs[pool]), catalog, params, np.random.default_rng(s))
            for s in run_seeds(seed, runs)
        ]
        for pool, runs in pools.items()
    }


def fit_market(
    params: ModelParameters, *, seed: int = DEFAULT_SEED
) -> tuple[MarketFit, dict[str, list[SyntheticMarket]]]:
    """Fit the programs' ranking noise through simulation (engine/market/marketfit.py); the markets
    drawn for it are returned too, for the check."""
    targets = market_targets()
    pools = {t.pool: MARKET_CHECK_RUNS[t.pool] for t in targets}
    markets = draw_markets(params, pools, seed=seed)
    return fit_program_noise(markets, targets), markets


def market_checks(
    params: ModelParameters,
    *,
    seed: int = DEFAULT_SEED,
    fit: MarketFit | None = None,
    markets: Mapping[str, list[SyntheticMarket]] | None = None,
) -> list[MarketCheck]:
    """The published figures only a whole market produces (fill rates, who gets the positions
    with competition for them), beside the simulated market's under ``params`` and, when given,
    the ``fit``'s ranking noise (the figures it was fitted to are marked).

    Each pool's market is simulated ``MARKET_CHECK_RUNS`` times with run seeds from ``seed``
    (deterministic), on the DEMO catalog's positions; ``markets`` already drawn with those seeds
    are re-ranked instead of drawn again (the same markets: common random numbers).
    """
    facts = load_facts()
    pools, catalog = population_specs(facts), load_demo_catalog()
    noise = fit.program_noise if fit is not None else 1.0
    figures = {}
    for name, runs in MARKET_CHECK_RUNS.items():
        drawn = (markets or {}).get(name)
        if drawn is not None and len(drawn) == runs:
            ranked = [with_program_noise(m, noise) for m in drawn]
            figures[name] = summarize_runs(
                [market_aggregates(m, solve_singles(m.rank_lists)) for m in ranked]
            )
        else:
            spec = MarketSpec(pools[name], program_noise=noise)
            figures[name] = simulate_figures(spec, catalog, params, run_seeds(seed, runs))
    fitted = {(r.target.pool, r.target.figure) for r in fit.results} if fit else set()
    checks: list[MarketCheck] = []
    for code, (positions, filled, source) in _positions(facts).items():
        label = "IR" if code == "416" else "DR"
        checks += [
            MarketCheck(f"{label} positions (2024; simulated: the DEMO catalog's)", code,
                        positions, figures[code]["positions"], source),
            MarketCheck(f"{label} fill rate (2024: filled / positions)", code, filled / positions,
                        figures[code]["fill_rate"], source),
        ]  # fmt: skip
    checks += [
        MarketCheck(t.name, t.specialty, t.value, figures[t.specialty][MARKET_FIGURES[t.metric]],
                    f"{t.source} ({t.confidence})",
                    fitted=(t.specialty, MARKET_FIGURES[t.metric]) in fitted)
        for t in calibration_targets(facts)
        if t.metric in MARKET_FIGURES
    ]  # fmt: skip
    return checks


def write_calibration(
    result: CalibrationResult,
    *,
    parameters_path: Path,
    model_card_path: Path | None,
    command: str,
    seed: int = DEFAULT_SEED,
    validation: Validation | None = None,
) -> MarketFit:
    """Write the parameter file (with the fit's record and its validation), the market fit
    beside it (``market_fit.json``: fitted through simulation, :func:`fit_market`) and, if
    asked, the model card (which includes the fit, its validation with the ranks chart written
    beside it as an SVG, and :func:`market_checks`)."""
    record = calibration_record(result, validation)
    text = params_to_json(result.parameters, record)
    parameters_path.write_text(text, encoding="utf-8")
    fit, markets = fit_market(result.parameters, seed=seed)
    fit_text = fit_to_json(fit, seed=seed, version=result.parameters.version)
    parameters_path.with_name("market_fit.json").write_text(fit_text, encoding="utf-8")
    if model_card_path is not None:
        chart = None
        if "validation" in record:
            chart = RANKS_CHART
            write_chart(ranks_chart(record["validation"]), model_card_path.with_name(chart))
        card = model_card_markdown(
            result,
            unknowns=unknowns(load_facts()),
            command=command,
            market_checks=market_checks(result.parameters, seed=seed, fit=fit, markets=markets),
            market_fit=fit,
            validation=record.get("validation"),
            ranks_chart=chart,
        )
        model_card_path.write_text(card, encoding="utf-8")
    return fit


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
    """What ``matchwise model-card --json`` prints: the implied aggregates and, for the shipped
    parameters, the validation stored with them by ``matchwise calibrate``."""
    validation = read_calibration_record().get("validation") if params is None else None
    return aggregates_json(implied_aggregates(params), validation)


def validation_report() -> dict[str, Any]:
    """The shipped parameters' validation (for the "How good are these numbers?" page): the
    record, the ranks chart as SVG, the parameter version; empty when it was not run."""
    record = read_calibration_record().get("validation")
    if not record:
        return {}
    return {
        "version": read_parameters().version,
        "record": record,
        "chart_svg": svg_text(ranks_chart(record)),
    }
