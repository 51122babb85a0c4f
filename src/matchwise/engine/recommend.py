"""The whole pick, from a profile and a catalog to an explained list with intervals.

Steps: filter (with reasons), score every program with the one-factor model at the point
estimate, optimize the list and the signals on those scores, then re-score the chosen list
and the curve's programs under parameter draws to give every probability a 90% interval.

>>> # recommend(profile, catalog, params, PickOptions(fees=...), rng=np.random.default_rng(0))
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from matchwise.engine.explain import explain_program, program_notes
from matchwise.engine.fees import FeeSchedule
from matchwise.engine.listproblem import BoolArray, FloatArray, ListProblem, SignalPool
from matchwise.engine.model import (
    SIGNAL_GOLD,
    SIGNAL_NONE,
    SIGNAL_SILVER,
    ModelArrays,
    ProgramFeatures,
    applicant_logit,
    evaluate_model,
    program_features,
)
from matchwise.engine.parameters import ModelParameters
from matchwise.engine.profile import Profile
from matchwise.engine.program import SPECIALTY_LABELS, Program, Specialty
from matchwise.engine.quadrature import DEFAULT_NODES, normal_quadrature
from matchwise.engine.result import (
    CurvePoint,
    FilteredResult,
    Interval,
    ProgramResult,
    Recommendation,
    SpecialtyTotal,
)

IR_CODES = (Specialty.IR_INTEGRATED, Specialty.IR_INDEPENDENT)
INTERVAL_PERCENTILES = (5.0, 95.0)  # a 90% interval
TOP_REASONS = 4


@dataclass(frozen=True)
class PickOptions:
    """The user's choices for one run."""

    fees: FeeSchedule
    budget_usd: float | None = None
    max_applications: int | None = None
    objective: str = "p_match"  # p_match | utility | ir_floor
    ir_floor: float | None = None
    only: tuple[str, ...] | None = None
    signal_pools: tuple[SignalPool, ...] = ()
    draws: int = 200
    nodes: int = DEFAULT_NODES
    curve_limit: int = 150  # programs along the greedy order that the curve covers
    diminishing_threshold: float = 0.005  # 0.5 percentage point of P(match)


@dataclass(frozen=True)
class Scored:
    """Programs in scope, their features and point-estimate arrays."""

    programs: tuple[Program, ...]
    features: ProgramFeatures
    point: ModelArrays
    problem: ListProblem


def in_scope(profile: Profile, catalog: Sequence[Program]) -> tuple[Program, ...]:
    """The catalog's programs in the specialties the applicant applies to."""
    wanted = set(profile.specialties)
    return tuple(p for p in catalog if p.specialty in wanted)


def build_problem(
    profile: Profile,
    programs: Sequence[Program],
    features: ProgramFeatures,
    arrays: ModelArrays,
    weights: FloatArray,
    *,
    pools: Sequence[SignalPool],
    only: Sequence[str] | None = None,
    draw: int = 0,
) -> ListProblem:
    """The optimizer's view of one draw (0 = the point estimate)."""
    eligible = arrays.eligible.copy()
    if only is not None:
        keep = set(only)
        eligible &= np.array([p.code in keep for p in programs], dtype=bool)
    wanted = {s.value for s in profile.specialties}
    return ListProblem(
        codes=tuple(p.code for p in programs),
        specialty=tuple(p.specialty.value for p in programs),
        accept=arrays.accept(SIGNAL_NONE)[draw],
        accept_gold=arrays.accept(SIGNAL_GOLD)[draw],
        accept_silver=arrays.accept(SIGNAL_SILVER)[draw],
        node_weights=weights,
        eligible=eligible,
        needs_pgy1=np.array([p.needs_pgy1 for p in programs], dtype=bool),
        supplies_pgy1=np.array([p.specialty.is_pgy1_year for p in programs], dtype=bool),
        signal_ok=np.array([p.signals_accepted is not False for p in programs], dtype=bool),
        utility=np.array([profile.weight_for(p.code, p.specialty) for p in programs]),
        ir_track=np.array([p.specialty in IR_CODES for p in programs], dtype=bool),
        has_pgy1=profile.completed_pgy1,
        signal_pools=tuple(
            replace(pool, specialties=tuple(s for s in pool.specialties if s in wanted))
            for pool in pools
            if any(s in wanted for s in pool.specialties)
        ),
    )


def score(
    profile: Profile,
    catalog: Sequence[Program],
    params: ModelParameters,
    options: PickOptions,
) -> Scored:
    """Point-estimate scores for every program in scope."""
    programs = in_scope(profile, catalog)
    features = program_features(profile, programs)
    nodes, weights = normal_quadrature(options.nodes)
    point = params.point()
    arrays = evaluate_model(applicant_logit(profile, point), features, point, nodes)
    problem = build_problem(
        profile, programs, features, arrays, weights, pools=options.signal_pools, only=options.only
    )
    return Scored(programs, features, arrays, problem)


def full_match_probability(
    accept: FloatArray,
    chosen: BoolArray,
    problem: ListProblem,
    weights: FloatArray,
    main: BoolArray | None = None,
) -> FloatArray:
    """P(a full training path) per draw for ``accept`` of shape (D, J, K): shape (D,).

    Success is a categorical position, or an advanced one together with a PGY-1 year (unless
    the applicant has done one): ``1 - Q_C · (1 - (1 - Q_A)(1 - Q_P))`` with Q the products of
    (1 - accept) over the chosen programs of each kind, integrated over the factor's nodes.
    ``main`` restricts the residency positions counted (e.g. to IR tracks).
    """
    main = problem.main if main is None else main & problem.main
    log_miss = np.log1p(-np.minimum(accept, 1 - 1e-12))

    def q(mask: BoolArray) -> FloatArray:
        return np.exp(log_miss[:, chosen & mask, :].sum(axis=1))

    q_c = q(main & ~problem.needs_pgy1)
    q_a = q(main & problem.needs_pgy1)
    pgy1 = np.ones_like(q_c) if problem.has_pgy1 else 1 - q(problem.supplies_pgy1)
    success = 1 - q_c * (1 - (1 - q_a) * pgy1)
    out: FloatArray = success @ weights
    return out


def interval(values: FloatArray) -> Interval:
    low, high = np.percentile(values, INTERVAL_PERCENTILES)
    return (float(low), float(high))
