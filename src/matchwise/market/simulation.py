"""Market simulations as a service: the CLI's ``matchwise market simulate`` and the Market page
both call :func:`run_simulation`.

Runs are spread over processes; run k always draws from the k-th child of
``SeedSequence(seed)``, and results are put back in run order, so a simulation gives the same
figures whatever the number of workers.

``run_simulation(SimulationRequest(specialty="416", runs=50, changes=("applications+10",)))``
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from matchwise.engine.market.rankcurve import make_entrant
from matchwise.engine.market.simulator import (
    INTERVAL_TEXT,
    SHARE_INTERVAL_TEXT,
    ChangeError,
    Estimate,
    MarketSpec,
    apply_changes,
    parse_change,
    run_seeds,
    summarize_runs,
)
from matchwise.engine.pick.profile import Profile
from matchwise.formats.market.market_fit import read_program_noise
from matchwise.formats.pick.catalog import load_demo_catalog
from matchwise.formats.pick.facts import load_facts, population_specs
from matchwise.formats.pick.parameters import read_parameters
from matchwise.market.runner import Progress, run_tasks

DEFAULT_RUNS = 100
DEFAULT_SEED = 2026
MAX_RUNS = 2000
# The figures shown first (CLI table, Market page): (figure, label, is a share)
HEADLINE_FIGURES: tuple[tuple[str, str, bool], ...] = (
    ("match_rate.all", "Match rate, all applicants", True),
    ("match_rate.us_md_senior", "  US MD seniors", True),
    ("match_rate.us_do_senior", "  US DO seniors", True),
    ("match_rate.us_img", "  US-citizen IMGs", True),
    ("match_rate.non_us_img", "  non-US IMGs", True),
    ("fill_rate", "Fill rate (positions filled)", True),
    ("share_of_matches.us_senior", "Share of matches to US seniors", True),
    ("interviews_per_position", "Interviews per position", False),
    ("applications_per_applicant", "Applications per applicant", False),
    ("interviews_per_applicant", "Interviews per applicant", False),
    ("interviews_per_matched_applicant", "Interviews per matched applicant", False),
    ("no_interview_share", "Applicants with no interview", True),
)


class SimulationError(ValueError):
    """A request the simulator cannot run; the message says what to change."""


@dataclass(frozen=True)
class SimulationRequest:
    """What to simulate: a specialty's market, and optionally the same market changed."""

    specialty: str
    runs: int = DEFAULT_RUNS
    seed: int = DEFAULT_SEED
    changes: tuple[str, ...] = ()
    workers: int | None = None  # None: one per core, at most one per run
    profile: Profile | None = None  # put this applicant in every market: their own curve


@dataclass(frozen=True)
class Scenario:
    """One market's figures across runs (the baseline, or the baseline changed)."""

    name: str
    changes: tuple[str, ...]
    figures: Mapping[str, Estimate]


@dataclass(frozen=True)
class SimulationResult:
    specialty: str
    runs: int
    seed: int
    parameters_version: str
    interval: str
    scenarios: tuple[Scenario, ...]
    notes: tuple[str, ...] = field(default=())
    entrant_interval: str | None = None  # set when a profile was put in the market

    @property
    def baseline(self) -> Scenario:
        return self.scenarios[0]

    @property
    def changed(self) -> Scenario | None:
        return self.scenarios[1] if len(self.scenarios) > 1 else None


def market_specialties() -> tuple[str, ...]:
    """Specialties with a published applicant pool to simulate (the calibration pools)."""
    return tuple(k for k in population_specs(load_facts()) if k.isdigit())


def _spec(specialty: str) -> MarketSpec:
    pools = population_specs(load_facts())
    if specialty not in pools or not specialty.isdigit():
        choices = " or ".join(market_specialties())
        raise SimulationError(
            f"no published applicant pool for specialty {specialty!r}: choose {choices}"
        )
    return MarketSpec(pools[specialty], program_noise=read_program_noise())


def scenario_specs(request: SimulationRequest) -> list[tuple[str, MarketSpec]]:
    """The baseline, and the changed market when changes are asked for (checked first)."""
    if not 1 <= request.runs <= MAX_RUNS:
        raise SimulationError(f"runs must be between 1 and {MAX_RUNS}, not {request.runs}")
    base = _spec(request.specialty)
    specs = [("baseline", base)]
    if request.changes:
        try:
            changes = [parse_change(text) for text in request.changes]
            specs.append((", ".join(c.text for c in changes), apply_changes(base, changes)))
        except ChangeError as exc:
            raise SimulationError(str(exc)) from None
    return specs


def _worker_count(request: SimulationRequest, tasks: int) -> int:
    wanted = request.workers if request.workers is not None else (os.cpu_count() or 1)
    return max(1, min(wanted, tasks))


def run_simulation(
    request: SimulationRequest, *, progress: Progress | None = None
) -> SimulationResult:
    """Simulate the market ``request.runs`` times (and the changed market as often).

    The changed market uses the same run seeds as the baseline.
    """
    specs = scenario_specs(request)
    seeds = run_seeds(request.seed, request.runs)
    tasks = [(spec, seed) for _, spec in specs for seed in seeds]
    params = read_parameters()
    catalog = load_demo_catalog()
    entrant = (
        make_entrant(request.profile, request.specialty, catalog, params)
        if request.profile is not None
        else None
    )
    figures = run_tasks(
        tasks,
        catalog=catalog,
        params=params,
        workers=_worker_count(request, len(tasks)),
        progress=progress,
        entrant=entrant,
    )
    scenarios = tuple(
        Scenario(
            name=name,
            changes=request.changes if k else (),
            figures=summarize_runs(figures[k * request.runs : (k + 1) * request.runs]),
        )
        for k, (name, _) in enumerate(specs)
    )
    return SimulationResult(
        specialty=request.specialty,
        runs=request.runs,
        seed=request.seed,
        parameters_version=params.version,
        interval=INTERVAL_TEXT,
        scenarios=scenarios,
        entrant_interval=SHARE_INTERVAL_TEXT if entrant is not None else None,
        notes=(
            "Synthetic applicants (the calibration's priors) applying to the DEMO catalog: "
            "the figures describe the model's market, not a forecast of a real one.",
            "Singles only: linked PGY-1 years and couples are not simulated.",
        ),
    )


def _number(value: float) -> float | None:
    return None if math.isnan(value) else value


def result_to_dict(result: SimulationResult) -> dict[str, Any]:
    """The JSON form (``--json`` and the Market page's stored result); NaN becomes null."""
    return {
        "specialty": result.specialty,
        "runs": result.runs,
        "seed": result.seed,
        "parameters_version": result.parameters_version,
        "interval": result.interval,
        "entrant_interval": result.entrant_interval,
        "notes": list(result.notes),
        "scenarios": [
            {
                "name": s.name,
                "changes": list(s.changes),
                "figures": {
                    k: {name: _number(v) for name, v in asdict(e).items()}
                    for k, e in s.figures.items()
                },
            }
            for s in result.scenarios
        ],
    }
