"""Signals: which chosen programs get the gold and silver signals, and the list around them.

A signal changes one program's acceptance row (``accept_gold`` / ``accept_silver``). Allocation
is greedy by the objective's gain — gold first, then silver, each pool on its own — improved by
moving a signal to an unsignaled program when that helps. The list is then re-optimized with
the signaled programs kept in, and the two steps alternate until the list stops changing (at
most a few rounds).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from matchwise.engine.pick.listproblem import (
    BoolArray,
    FloatArray,
    IntArray,
    ListProblem,
    SignalPool,
)
from matchwise.engine.pick.objective import (
    Weights,
    build_state,
    values_replacing,
    values_with,
    values_without,
)
from matchwise.engine.pick.optimizer import (
    Budget,
    GreedyTrace,
    Objective,
    addable,
    greedy,
    improve,
    set_key,
)

NONE, SILVER, GOLD = 0, 1, 2
MAX_ROUNDS = 3
SECOND_START_UP_TO = 30  # open programs


def effective_accept(problem: ListProblem, signal: IntArray) -> FloatArray:
    """Acceptance rows with each program's signal applied."""
    out: FloatArray = np.where(
        (signal == GOLD)[:, None],
        problem.accept_gold,
        np.where((signal == SILVER)[:, None], problem.accept_silver, problem.accept),
    )
    return out


def _in_pool(problem: ListProblem, pool: SignalPool) -> BoolArray:
    return np.array([s in pool.specialties for s in problem.specialty], dtype=bool) & (
        problem.signal_ok
    )


def allocate_signals(
    problem: ListProblem,
    objective: Objective,
    chosen: BoolArray,
    *,
    fixed: IntArray | None = None,
) -> IntArray:
    """Greedy gold-then-silver allocation per pool among the chosen programs.

    Each signal goes where it raises the (floor, value) key most: first toward the floor on
    P(match in IR) while it is not met, then toward the objective. ``fixed`` signals
    (user-chosen) are kept and count against their pool.
    """
    signal = np.zeros(problem.size, dtype=int) if fixed is None else fixed.copy()
    for pool in problem.signal_pools:
        members = _in_pool(problem, pool) & chosen
        for level, count, rows in (
            (GOLD, pool.gold, problem.accept_gold),
            (SILVER, pool.silver, problem.accept_silver),
        ):
            left = count - int(((signal == level) & members).sum())
            for _ in range(max(left, 0)):
                open_ = members & (signal == NONE)
                if not open_.any():
                    break
                best = _best_signal(problem, objective, chosen, signal, rows, open_)
                if best is None:
                    break
                signal[best] = level
    return signal


def _best_signal(
    problem: ListProblem,
    objective: Objective,
    chosen: BoolArray,
    signal: IntArray,
    rows: FloatArray,
    open_: BoolArray,
) -> int | None:
    accept = effective_accept(problem, signal)
    state = build_state(problem, objective.weights, accept, chosen)
    values = values_replacing(problem, objective.weights, state, accept, rows)
    if objective.floor_weights is not None and objective.floor is not None:
        fstate = build_state(problem, objective.floor_weights, accept, chosen)
        floors = values_replacing(problem, objective.floor_weights, fstate, accept, rows)
        first = np.minimum(floors, objective.floor) - min(fstate.value, objective.floor)
    else:
        first = np.zeros(problem.size)
    gain = values - state.value
    first = np.where(open_, first, -np.inf)
    top = float(first.max())
    candidates = open_ & (first >= top - 1e-12)
    best = int(np.argmax(np.where(candidates, gain, -np.inf)))
    if top <= 1e-12 and gain[best] <= 0:
        return None
    return best


@dataclass(frozen=True)
class ListResult:
    """The optimizer's answer."""

    chosen: tuple[int, ...]  # in order of contribution (the greedy order where it applies)
    signal: IntArray  # (J,) NONE / SILVER / GOLD
    value: float  # the objective
    floor_value: float | None  # P(match in IR) when a floor was asked
    floor_met: bool | None
    greedy_value: float  # before local search
    order: tuple[int, ...]  # the whole greedy order (for the curve), signals applied
    order_values: tuple[float, ...]
    order_dollars: tuple[float, ...]


def _contribution_order(
    problem: ListProblem, weights: Weights, accept: FloatArray, chosen: BoolArray
) -> tuple[int, ...]:
    """Chosen programs by how much the objective would lose without each."""
    state = build_state(problem, weights, accept, chosen)
    loss = state.value - values_without(problem, weights, state, accept)
    picked = [int(j) for j in np.flatnonzero(chosen)]
    return tuple(sorted(picked, key=lambda j: (-loss[j], j)))


def _optimize_once(
    problem: ListProblem,
    objective: Objective,
    accept: FloatArray,
    budget: Budget,
    allowed: BoolArray,
    forced: BoolArray,
    min_gain: float,
) -> tuple[BoolArray, float]:
    start = forced.copy()
    if objective.floor_weights is not None:
        floor_only = Objective(weights=objective.floor_weights)
        start, _ = greedy(
            problem,
            floor_only,
            accept,
            budget,
            start=start,
            # IR positions, and the PGY-1 years that advanced IR positions need
            allowed=allowed & ((objective.floor_weights.utility > 0) | problem.supplies_pgy1),
        )
        floor_state = build_state(problem, objective.floor_weights, accept, start)
        # Only as many IR programs as the floor needs: trim from the end of the greedy order.
        if objective.floor is not None and floor_state.value > objective.floor:
            start = _trim_to_floor(problem, objective, accept, start, forced)
    chosen, _ = greedy(
        problem, objective, accept, budget, start=start, allowed=allowed, min_gain=min_gain
    )
    greedy_value = build_state(problem, objective.weights, accept, chosen).value
    chosen = improve(
        problem,
        objective,
        accept,
        budget,
        chosen,
        allowed=allowed,
        forced=forced,
        min_gain=min_gain,
    )
    return chosen, greedy_value


def _trim_to_floor(
    problem: ListProblem,
    objective: Objective,
    accept: FloatArray,
    chosen: BoolArray,
    forced: BoolArray,
) -> BoolArray:
    assert objective.floor_weights is not None and objective.floor is not None
    current = chosen.copy()
    for j in _contribution_order(problem, objective.floor_weights, accept, current)[::-1]:
        if forced[j]:
            continue
        trial = current.copy()
        trial[j] = False
        if build_state(problem, objective.floor_weights, accept, trial).value >= objective.floor:
            current = trial
    return current


def optimize_with_signals(
    problem: ListProblem,
    objective: Objective,
    budget: Budget,
    *,
    forced: Sequence[int] = (),
    curve_limit: int | None = None,
    signals: bool = True,
    min_gain: float = 1e-12,
) -> ListResult:
    """The optimized list and its signals, plus the whole greedy order for the curve.

    ``min_gain``: stop adding programs when one more adds less than this to the objective
    (with no budget and no maximum, the list would otherwise grow to the whole catalog).
    """
    allowed = problem.eligible.copy()
    forced_mask = np.zeros(problem.size, dtype=bool)
    forced_mask[list(forced)] = True
    starts = [np.zeros(problem.size, dtype=int)]
    # The second start matters on small problems (brute-force tests); on the DEMO catalog it
    # changed the objective by at most 0.05 percentage point in 14 runs, so large problems
    # skip it to halve the run time.
    if signals and problem.signal_pools and int(allowed.sum()) <= SECOND_START_UP_TO:
        starts.append(_signals_first(problem, objective.weights, allowed, forced_mask, budget))
    best: tuple[BoolArray, IntArray, float] | None = None
    best_key = (-np.inf, -np.inf)
    for start in starts:
        chosen, signal, greedy_value = _alternate(
            problem, objective, budget, allowed, forced_mask, start, signals, min_gain
        )
        key = set_key(problem, objective, effective_accept(problem, signal), chosen)
        if best is None or key > best_key:
            best, best_key = (chosen, signal, greedy_value), key
    assert best is not None
    chosen, signal, greedy_value = best
    accept = effective_accept(problem, signal)
    value = build_state(problem, objective.weights, accept, chosen).value
    floor_value = (
        build_state(problem, objective.floor_weights, accept, chosen).value
        if objective.floor_weights is not None
        else None
    )
    trace = _curve_order(problem, objective, accept, budget, allowed, curve_limit)
    return ListResult(
        chosen=_contribution_order(problem, objective.weights, accept, chosen),
        signal=signal,
        value=value,
        floor_value=floor_value,
        floor_met=None
        if floor_value is None or objective.floor is None
        else floor_value >= objective.floor - 1e-12,
        greedy_value=greedy_value,
        order=tuple(trace.order),
        order_values=tuple(trace.values),
        order_dollars=tuple(trace.dollars),
    )


def _alternate(
    problem: ListProblem,
    objective: Objective,
    budget: Budget,
    allowed: BoolArray,
    forced: BoolArray,
    signal: IntArray,
    signals: bool,
    min_gain: float,
) -> tuple[BoolArray, IntArray, float]:
    """Alternate list and signal steps from a starting signal assignment until stable."""
    chosen = forced | (signal != NONE)
    greedy_value = 0.0
    for round_ in range(MAX_ROUNDS):
        accept = effective_accept(problem, signal)
        keep = forced | (signal != NONE)
        if round_ == 0:
            new_chosen, greedy_value = _optimize_once(
                problem, objective, accept, budget, allowed, keep, min_gain
            )
        else:
            # Later rounds only re-place programs around the new signals: warm start.
            new_chosen = improve(
                problem,
                objective,
                accept,
                budget,
                chosen,
                allowed=allowed,
                forced=keep,
                min_gain=min_gain,
            )
        new_signal = (
            allocate_signals(problem, objective, new_chosen) if signals else np.zeros_like(signal)
        )
        if np.array_equal(new_chosen, chosen) and np.array_equal(new_signal, signal):
            break
        chosen, signal = new_chosen, new_signal
    return chosen, signal, greedy_value


def _signals_first(
    problem: ListProblem,
    weights: Weights,
    allowed: BoolArray,
    forced: BoolArray,
    budget: Budget,
) -> IntArray:
    """Signals placed before the list: each to the program that gains most when added with
    it. A second starting point, since the best signal targets need not be on the list
    chosen without signals."""
    signal = np.zeros(problem.size, dtype=int)
    chosen = forced.copy()
    for pool in problem.signal_pools:
        members = _in_pool(problem, pool) & allowed
        for level, count, rows in (
            (GOLD, pool.gold, problem.accept_gold),
            (SILVER, pool.silver, problem.accept_silver),
        ):
            for _ in range(count):
                if budget.applications is not None and chosen.sum() >= budget.applications:
                    return signal
                accept = effective_accept(problem, signal)
                state = build_state(problem, weights, accept, chosen)
                open_ = members & ~chosen & addable(problem, budget, chosen)
                if not open_.any():
                    break
                gains = np.where(open_, values_with(problem, weights, state, rows), -np.inf)
                j = int(np.argmax(gains))
                signal[j] = level
                chosen[j] = True
    return signal


def _curve_order(
    problem: ListProblem,
    objective: Objective,
    accept: FloatArray,
    budget: Budget,
    allowed: BoolArray,
    limit: int | None,
) -> GreedyTrace:
    """The greedy order with no budget: what each further application would buy."""
    unlimited = Budget(fees=budget.fees)
    _, trace = greedy(
        problem,
        Objective(weights=objective.weights),
        accept,
        unlimited,
        start=np.zeros(problem.size, dtype=bool),
        allowed=allowed,
        limit=limit,
    )
    return trace
