"""The optimizer against brute force, and the rules it must keep."""

import numpy as np
import pytest

from matchwise.engine.pick.objective import Weights, build_state
from matchwise.engine.pick.optimizer import Budget, Objective, brute_force
from matchwise.engine.pick.signals import optimize_with_signals
from tests.engine.problems import ERAS, STEEP, random_problem

# Every instance small enough to enumerate: up to 12 programs, lists up to 4.
INSTANCES = [
    (seed, size, most, usd)
    for seed in range(40)
    for size, most, usd in ((6, 3, None), (9, 4, 60.0), (12, 4, None), (8, None, 55.0))
]


def _objective(problem, kind):
    if kind == "utility":
        return Objective(weights=Weights.of(problem, problem.utility))
    return Objective(weights=Weights.of(problem, np.ones(problem.size)))


@pytest.mark.parametrize("kind", ["p_match", "utility"])
def test_it_equals_brute_force_on_every_small_instance(kind):
    shortfalls = []
    for seed, size, most, usd in INSTANCES:
        rng = np.random.default_rng(seed)
        problem = random_problem(rng, size, has_pgy1=seed % 5 == 0)
        budget = Budget(fees=STEEP if seed % 3 == 0 else ERAS, usd=usd, applications=most)
        objective = _objective(problem, kind)
        result = optimize_with_signals(problem, objective, budget, signals=False)
        _, best = brute_force(problem, objective, problem.accept, budget, allowed=problem.eligible)
        shortfalls.append(best[1] - result.value)
    worst = max(shortfalls)
    assert worst <= 1e-9, (
        f"greedy + swaps fell short of brute force on {sum(s > 1e-9 for s in shortfalls)} of "
        f"{len(shortfalls)} instances; worst shortfall {worst:.2e}"
    )


# Signals and list are chosen jointly by alternating heuristics from two starting points
# (signals.py says why); the joint optimum is not guaranteed. Measured on these 25 instances:
# equal to brute force on most, never more than 1.2 percentage points short. The bound
# below fails the test if a change makes that worse.
SIGNAL_SHORTFALL_BOUND = 0.015


def test_signals_are_allocated_as_well_as_brute_force_allows():
    from itertools import product

    from matchwise.engine.pick.signals import effective_accept

    shortfalls = []
    for seed in range(25):
        rng = np.random.default_rng(100 + seed)
        problem = random_problem(rng, 7, pools=True)
        budget = Budget(fees=ERAS, applications=3)
        objective = _objective(problem, "p_match")
        result = optimize_with_signals(problem, objective, budget)
        best = 0.0
        members = [j for j in range(7) if problem.specialty[j] in ("416", "420")]
        for signal in product((0, 1, 2), repeat=len(members)):
            if signal.count(2) > 1 or signal.count(1) > 1:
                continue
            levels = np.zeros(7, dtype=int)
            levels[members] = signal
            accept = effective_accept(problem, levels)
            chosen, key = brute_force(problem, objective, accept, budget, allowed=problem.eligible)
            if all(chosen[j] or levels[j] == 0 for j in range(7)):
                best = max(best, key[1])
        shortfalls.append(best - result.value)
    short = [s for s in shortfalls if s > 1e-9]
    assert max(shortfalls) <= SIGNAL_SHORTFALL_BOUND, (
        f"list + signals fell short of brute force on {len(short)} of {len(shortfalls)} "
        f"instances, by up to {max(shortfalls):.4f}"
    )
    assert len(short) <= len(shortfalls) // 4


@pytest.mark.parametrize("seed", range(15))
def test_budget_and_maximum_are_never_exceeded(seed):
    rng = np.random.default_rng(seed)
    problem = random_problem(rng, 40)
    budget = Budget(fees=STEEP, usd=150.0, applications=9)
    result = optimize_with_signals(problem, _objective(problem, "p_match"), budget)
    chosen = np.zeros(40, dtype=bool)
    chosen[list(result.chosen)] = True
    assert chosen.sum() <= 9
    assert budget.cost(problem, chosen) <= 150.0
    assert not (chosen & ~problem.eligible).any()


def test_forced_programs_stay_in():
    rng = np.random.default_rng(3)
    problem = random_problem(rng, 12)
    forced = [int(np.flatnonzero(problem.eligible)[0])]
    budget = Budget(fees=ERAS, applications=3)
    result = optimize_with_signals(problem, _objective(problem, "p_match"), budget, forced=forced)
    assert forced[0] in result.chosen


def test_the_floor_is_met_when_it_can_be_and_reported_when_not():
    rng = np.random.default_rng(8)
    problem = random_problem(rng, 20)
    ir = Weights.of(problem, problem.ir_track.astype(float))
    budget = Budget(fees=ERAS, applications=6)
    reachable = build_state(problem, ir, problem.accept, problem.eligible & problem.ir_track)
    goal = 0.5 * reachable.value
    met = optimize_with_signals(
        problem, Objective(Weights.of(problem, np.ones(20)), ir, goal), budget, signals=False
    )
    assert met.floor_met and met.floor_value >= goal
    impossible = optimize_with_signals(
        problem, Objective(Weights.of(problem, np.ones(20)), ir, 0.999), budget, signals=False
    )
    assert impossible.floor_met is False


def test_the_greedy_order_covers_the_catalog_and_its_curve_rises():
    rng = np.random.default_rng(5)
    problem = random_problem(rng, 30)
    result = optimize_with_signals(problem, _objective(problem, "p_match"), Budget(fees=ERAS))
    assert len(result.order) == len(set(result.order))
    assert np.all(np.diff(result.order_values) >= -1e-12)
    assert np.all(np.diff(result.order_dollars) > 0)
