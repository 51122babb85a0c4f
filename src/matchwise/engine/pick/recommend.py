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

from matchwise.engine.pick.curve import diminishing_returns, prefix_full_match
from matchwise.engine.pick.explain import profile_reasons, program_notes, summarized_reasons
from matchwise.engine.pick.features import applicant_terms
from matchwise.engine.pick.fees import FeeSchedule
from matchwise.engine.pick.filters import hard_filters
from matchwise.engine.pick.listproblem import (
    BoolArray,
    FloatArray,
    IntArray,
    ListProblem,
    SignalPool,
)
from matchwise.engine.pick.model import (
    SIGNAL_GOLD,
    SIGNAL_NONE,
    SIGNAL_SILVER,
    ModelArrays,
    ProgramFeatures,
    applicant_logit,
    evaluate_model,
    evaluate_signaled,
    median_applications,
    program_features,
    subset_features,
)
from matchwise.engine.pick.objective import Weights, full_match_per_draw
from matchwise.engine.pick.optimizer import Budget, Objective
from matchwise.engine.pick.parameters import ModelParameters
from matchwise.engine.pick.profile import Profile
from matchwise.engine.pick.program import SPECIALTY_LABELS, Program, Specialty
from matchwise.engine.pick.quadrature import normal_quadrature
from matchwise.engine.pick.result import (
    CurvePoint,
    FilteredResult,
    Interval,
    ProgramResult,
    Recommendation,
    SpecialtyTotal,
)
from matchwise.engine.pick.signals import optimize_with_signals
from matchwise.engine.pick.tiers import tier_for

IR_CODES = (Specialty.IR_INTEGRATED, Specialty.IR_INDEPENDENT)
INTERVAL_PERCENTILES = (5.0, 95.0)  # a 90% interval
TOP_REASONS = 3
CURVE_DRAWS = 100


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
    nodes: int = 16
    curve_limit: int = 100  # programs along the greedy order that the curve covers
    diminishing_threshold: float = 0.001  # 0.1 percentage point of P(match)


@dataclass(frozen=True)
class Scored:
    """The programs the applicant can apply to, their features and point-estimate arrays;
    and the programs in scope that the hard filters rule out, with the reasons."""

    programs: tuple[Program, ...]
    features: ProgramFeatures
    point: ModelArrays
    problem: ListProblem
    filtered: tuple[FilteredResult, ...]


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
    draw: int = 0,
) -> ListProblem:
    """The optimizer's view of one draw (0 = the point estimate)."""
    eligible = arrays.eligible.copy()
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
    """Point-estimate scores for every program the applicant can apply to.

    Only programs in the applicant's specialties (and in ``options.only``, when given) are
    considered; those a hard filter rules out are set aside with their reasons, so the
    optimizer works on the open programs alone.
    """
    keep = set(options.only) if options.only is not None else None
    scope = [p for p in in_scope(profile, catalog) if keep is None or p.code in keep]
    reasons = [hard_filters(profile, p) for p in scope]
    programs = tuple(p for p, r in zip(scope, reasons, strict=True) if not r)
    filtered = tuple(
        FilteredResult(p.code, p.name, p.specialty.value, r)
        for p, r in zip(scope, reasons, strict=True)
        if r
    )
    features = program_features(profile, programs, medians=median_applications(catalog))
    nodes, weights = normal_quadrature(options.nodes)
    point = params.point()
    arrays = evaluate_model(applicant_logit(profile, point), features, point, nodes)
    problem = build_problem(
        profile, programs, features, arrays, weights, pools=options.signal_pools
    )
    return Scored(programs, features, arrays, problem, filtered)


def interval(values: FloatArray) -> Interval:
    low, high = np.percentile(values, INTERVAL_PERCENTILES)
    return (float(low), float(high))


def make_objective(problem: ListProblem, options: PickOptions) -> Objective:
    ones = np.ones(problem.size)
    if options.objective == "utility":
        return Objective(weights=Weights.of(problem, problem.utility))
    if options.objective == "ir_floor":
        return Objective(
            weights=Weights.of(problem, ones),
            floor_weights=Weights.of(problem, problem.ir_track.astype(float)),
            floor=options.ir_floor,
        )
    return Objective(weights=Weights.of(problem, ones))


@dataclass(frozen=True)
class DrawArrays:
    """Per-draw probabilities of a subset of programs, signals applied: shapes (D, n, K)."""

    index: IntArray  # positions in the scored programs
    interview: FloatArray
    accept: FloatArray


def _draw_arrays(
    profile: Profile,
    scored: Scored,
    params: ModelParameters,
    options: PickOptions,
    index: IntArray,
    signal: IntArray,
    rng: np.random.Generator,
) -> DrawArrays:
    draws = params.draws(options.draws, rng)
    nodes, _ = normal_quadrature(options.nodes)
    f = subset_features(scored.features, index)
    x = applicant_logit(profile, draws)
    interview, conversion = evaluate_signaled(x, f, draws, nodes, signal[index], rng)
    return DrawArrays(index=index, interview=interview, accept=interview * conversion)


def _point_rows(scored: Scored, signal: IntArray) -> tuple[FloatArray, FloatArray]:
    """Point-estimate interview and accept rows (J, K) with signals applied."""
    a = scored.point
    level = signal[:, None]
    interview = np.where(
        level == SIGNAL_GOLD,
        a.interview_gold[0],
        np.where(level == SIGNAL_SILVER, a.interview_silver[0], a.interview[0]),
    )
    return interview, interview * a.conversion[0]


_SIGNAL_NAMES = {SIGNAL_GOLD: "gold", SIGNAL_SILVER: "silver"}


def _program_results(
    profile: Profile,
    scored: Scored,
    params: ModelParameters,
    chosen: Sequence[int],
    signal: IntArray,
    draw: DrawArrays,
    fees: FeeSchedule,
) -> tuple[ProgramResult, ...]:
    weights = scored.problem.node_weights
    interview, accept = _point_rows(scored, signal)
    where = {int(j): n for n, j in enumerate(draw.index)}
    cols = [where[int(j)] for j in chosen]
    # All intervals at once: percentiles over the draw axis.
    int_low, int_high = np.percentile(
        draw.interview[:, cols] @ weights, INTERVAL_PERCENTILES, axis=0
    )
    acc_low, acc_high = np.percentile(draw.accept[:, cols] @ weights, INTERVAL_PERCENTILES, axis=0)
    terms = applicant_terms(profile)
    counts: dict[str, int] = {}
    out: list[ProgramResult] = []
    for m, j in enumerate(chosen):
        program = scored.programs[j]
        group = program.specialty.value if fees.per_specialty else "all"
        cost = fees.marginal_cost(counts.get(group, 0))
        counts[group] = counts.get(group, 0) + 1
        p_int, p_acc = float(interview[j] @ weights), float(accept[j] @ weights)
        reasons = summarized_reasons(
            profile,
            scored.features,
            j,
            params,
            signal=int(signal[j]),
            top=TOP_REASONS,
            terms=terms,
        )
        out.append(
            ProgramResult(
                code=program.code,
                name=program.name,
                specialty=program.specialty.value,
                track=program.track.value,
                tier=tier_for(p_acc),
                p_interview=p_int,
                p_interview_interval=(float(int_low[m]), float(int_high[m])),
                p_match=p_acc,
                p_match_interval=(float(acc_low[m]), float(acc_high[m])),
                signal=_SIGNAL_NAMES.get(int(signal[j])),
                reasons=reasons,
                notes=program_notes(scored.features, j, params),
                cost_usd=cost,
                demo=program.demo,
            )
        )
    return tuple(out)


def _sub_problem(problem: ListProblem, index: IntArray) -> ListProblem:
    """The problem restricted to ``index`` (for per-draw evaluation of a subset)."""
    return replace(
        problem,
        codes=tuple(problem.codes[i] for i in index),
        specialty=tuple(problem.specialty[i] for i in index),
        accept=problem.accept[index],
        accept_gold=problem.accept_gold[index],
        accept_silver=problem.accept_silver[index],
        eligible=problem.eligible[index],
        needs_pgy1=problem.needs_pgy1[index],
        supplies_pgy1=problem.supplies_pgy1[index],
        signal_ok=problem.signal_ok[index],
        utility=problem.utility[index],
        ir_track=problem.ir_track[index],
    )


def _probability(
    sub: ListProblem,
    point: FloatArray,
    draws: FloatArray,
    chosen: BoolArray,
    main: BoolArray | None = None,
) -> tuple[float, Interval]:
    value = float(full_match_per_draw(point[None], chosen, sub, main)[0])
    return value, interval(full_match_per_draw(draws, chosen, sub, main))


def _totals(
    scored: Scored,
    sub: ListProblem,
    point: FloatArray,
    draw: DrawArrays,
    chosen: BoolArray,
    signal: IntArray,
    fees: FeeSchedule,
) -> tuple[SpecialtyTotal, ...]:
    out: list[SpecialtyTotal] = []
    programs = [scored.programs[i] for i in draw.index]
    for specialty in Specialty:
        members = np.array([p.specialty is specialty for p in programs], dtype=bool)
        picked = members & chosen
        if not members.any():
            continue
        if specialty.is_pgy1_year:
            # P(securing a PGY-1 year from these programs) = 1 - Π(1 - a)
            p = float(1 - np.exp(np.log1p(-point[picked]).sum(axis=0)) @ sub.node_weights)
            per_draw = 1 - np.exp(np.log1p(-draw.accept[:, picked]).sum(axis=1)) @ sub.node_weights
            iv = interval(per_draw)
        else:
            p, iv = _probability(sub, point, draw.accept, chosen, members)
        sig = signal[draw.index]
        out.append(
            SpecialtyTotal(
                specialty=specialty.value,
                label=SPECIALTY_LABELS[specialty],
                applications=int(picked.sum()),
                cost_usd=fees.cost_of(int(picked.sum())) if fees.per_specialty else 0.0,
                p_match=p,
                p_match_interval=iv,
                signals_gold=int(((sig == SIGNAL_GOLD) & picked).sum()),
                signals_silver=int(((sig == SIGNAL_SILVER) & picked).sum()),
            )
        )
    return tuple(out)


def _curve(
    scored: Scored,
    draw: DrawArrays,
    signal: IntArray,
    order: Sequence[int],
    dollars: Sequence[float],
) -> tuple[CurvePoint, ...]:
    if not order:
        return ()
    problem = scored.problem
    where = {int(j): n for n, j in enumerate(draw.index)}
    idx = np.array(order)
    cols = np.array([where[int(j)] for j in order])
    interview, accept = _point_rows(scored, signal)
    args = (problem.needs_pgy1[idx], problem.supplies_pgy1[idx], problem.node_weights)
    point = prefix_full_match(accept[idx][None], *args, has_pgy1=problem.has_pgy1)[0]
    # The curve's band uses the first CURVE_DRAWS draws: enough for a chart's 90% band.
    drawn = prefix_full_match(draw.accept[:CURVE_DRAWS, cols], *args, has_pgy1=problem.has_pgy1)
    low, high = np.percentile(drawn, INTERVAL_PERCENTILES, axis=0)
    interviews = np.cumsum(interview[idx] @ problem.node_weights)
    return tuple(
        CurvePoint(
            applications=n + 1,
            dollars=float(dollars[n]),
            p_match=float(point[n]),
            p_low=float(low[n]),
            p_high=float(high[n]),
            expected_interviews=float(interviews[n]),
        )
        for n in range(len(order))
    )


def _notes(scored: Scored, options: PickOptions) -> tuple[str, ...]:
    notes: list[str] = []
    if any(p.demo for p in scored.programs):
        notes.append(
            "DEMO catalog: synthetic programs shaped by published figures; not real program "
            "data (docs/catalog-format.md explains how to load real data)."
        )
    specialties = {p.specialty for p in scored.programs}
    if Specialty.IR_INTEGRATED in specialties:
        notes.append(
            "IR-Integrated match rates by applicant type and its P(match)-by-ranks curve are "
            "not published: they rest on documented priors (docs/model-card.md)."
        )
    for pool in options.signal_pools:
        if pool.confidence == "prior":
            notes.append(f"Signals: {pool.source}.")
    notes.append(
        "Probabilities are model estimates calibrated on published aggregates (model card), "
        "not guarantees; intervals are 90% intervals over parameter uncertainty."
    )
    return tuple(notes)


def _assemble(
    profile: Profile,
    scored: Scored,
    params: ModelParameters,
    options: PickOptions,
    *,
    chosen: Sequence[int],
    signal: IntArray,
    order: Sequence[int],
    dollars: Sequence[float],
    objective: str,
    rng: np.random.Generator,
) -> Recommendation:
    """Intervals, reasons, totals and the curve around a chosen list."""
    problem = scored.problem
    index = np.array(sorted(set(chosen) | set(order)), dtype=int)
    draw = _draw_arrays(profile, scored, params, options, index, signal, rng)
    sub = _sub_problem(problem, index)
    in_list = np.isin(index, np.array(list(chosen), dtype=int))
    _, accept = _point_rows(scored, signal)
    interview, _ = _point_rows(scored, signal)
    point = accept[index]
    p_match, p_iv = _probability(sub, point, draw.accept, in_list)
    has_ir = bool(problem.ir_track.any())
    ir = _probability(sub, point, draw.accept, in_list, sub.ir_track) if has_ir else None
    w = problem.node_weights
    exp_int = float((interview[index][in_list] @ w).sum())
    exp_draws = (draw.interview[:, in_list] @ w).sum(axis=1)
    totals = _totals(scored, sub, point, draw, in_list, signal, options.fees)
    cost = sum(t.cost_usd for t in totals)
    curve = _curve(scored, draw, signal, order, dollars)
    return Recommendation(
        programs=_program_results(profile, scored, params, chosen, signal, draw, options.fees),
        filtered=scored.filtered,
        totals=totals,
        p_match=p_match,
        p_match_interval=p_iv,
        p_match_ir=ir[0] if ir else None,
        p_match_ir_interval=ir[1] if ir else None,
        expected_interviews=exp_int,
        expected_interviews_interval=(
            float(np.percentile(exp_draws, 5)),
            float(np.percentile(exp_draws, 95)),
        ),
        cost_usd=float(cost) if options.fees.per_specialty else options.fees.cost_of(len(chosen)),
        objective=objective,
        parameter_version=params.version,
        curve=curve,
        diminishing_returns_at=diminishing_returns(
            [c.p_match for c in curve], threshold=options.diminishing_threshold
        ),
        diminishing_threshold=options.diminishing_threshold,
        notes=_notes(scored, options),
        profile_reasons=profile_reasons(profile, params),
        draws=options.draws,
        nodes=options.nodes,
    )


def recommend(
    profile: Profile,
    catalog: Sequence[Program],
    params: ModelParameters,
    options: PickOptions,
    *,
    rng: np.random.Generator,
) -> Recommendation:
    """The optimized, explained list with intervals (MODEL.md sections 1 to 4)."""
    scored = score(profile, catalog, params, options)
    problem = scored.problem
    budget = Budget(
        fees=options.fees, usd=options.budget_usd, applications=options.max_applications
    )
    result = optimize_with_signals(
        problem,
        make_objective(problem, options),
        budget,
        curve_limit=options.curve_limit,
        signals=bool(problem.signal_pools),
        min_gain=options.diminishing_threshold
        if options.budget_usd is None and options.max_applications is None
        else 1e-12,
    )
    recommendation = _assemble(
        profile,
        scored,
        params,
        options,
        chosen=result.chosen,
        signal=result.signal,
        order=result.order,
        dollars=result.order_dollars,
        objective=options.objective,
        rng=rng,
    )
    if result.floor_met is False:
        note = (
            f"The IR floor of {options.ir_floor:.0%} cannot be reached within this budget: the "
            f"best P(match in IR) reachable here is {result.floor_value:.1%}."
        )
        recommendation = replace(recommendation, notes=(note, *recommendation.notes))
    return recommendation


def evaluate_programs(
    profile: Profile,
    catalog: Sequence[Program],
    params: ModelParameters,
    options: PickOptions,
    *,
    codes: Sequence[str],
    gold: Sequence[str] = (),
    silver: Sequence[str] = (),
    rng: np.random.Generator,
) -> Recommendation:
    """A user's own list in the same terms as a pick (no optimization)."""
    scored = score(profile, catalog, params, replace(options, only=None))
    position = {p.code: j for j, p in enumerate(scored.programs)}
    signal = np.zeros(len(scored.programs), dtype=int)
    for code in gold:
        signal[position[code]] = SIGNAL_GOLD
    for code in silver:
        signal[position[code]] = SIGNAL_SILVER
    eligible = [position[c] for c in codes if c in position]
    fees = options.fees
    counts: dict[str, int] = {}
    dollars: list[float] = []
    for j in eligible:
        group = scored.programs[j].specialty.value if fees.per_specialty else "all"
        counts[group] = counts.get(group, 0) + 1
        dollars.append(float(sum(fees.cost_of(n) for n in counts.values())))
    listed = set(codes)
    scored = replace(scored, filtered=tuple(f for f in scored.filtered if f.code in listed))
    result = _assemble(
        profile,
        scored,
        params,
        options,
        chosen=eligible,
        signal=signal,
        order=eligible,
        dollars=dollars,
        objective="evaluate",
        rng=rng,
    )
    filtered_codes = {f.code for f in scored.filtered}
    out_of_scope = [c for c in codes if c not in position and c not in filtered_codes]
    if out_of_scope:
        note = f"Not scored: {', '.join(out_of_scope)} (a specialty your profile does not list)."
        result = replace(result, notes=(note, *result.notes))
    return result
