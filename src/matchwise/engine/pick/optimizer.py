"""The list optimizer: greedy by gain per dollar, then local swaps, under the ERAS fee tiers.

With outcomes independent and costs that depend only on the count, adding programs greedily by
marginal gain is exact (Chade & Smith 2006; Kapur & Hong 2022). Under the one-factor model it is
near-optimal, not exact: the gains are no longer separable. So the greedy list is improved by
local search (exchange one chosen program for one unchosen, drop one and add up to two, or add
one when the budget allows) until no move helps. The tests compare the result with brute force
on every instance small enough to enumerate. With per-specialty fee tiers the greedy step takes
the largest gain *per dollar* of the next application: a $30 application must buy about three
times what an $11 one does.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from itertools import combinations

import numpy as np

from matchwise.engine.pick.fees import FeeSchedule
from matchwise.engine.pick.listproblem import BoolArray, FloatArray, IntArray, ListProblem
from matchwise.engine.pick.objective import (
    ListState,
    Weights,
    add_to_state,
    build_state,
    remove_from_state,
    values_with,
    values_without,
)

_TOL = 1e-12
PAIR_COVERAGE = 0.5  # pair moves only while P(PGY-1 secured) is below this
TRAP_LIST_SIZE = 8  # lists up to this size also try two-for-a-bundle exchanges
PAIR_TRIES = 3  # advanced positions tried when bundling with PGY-1 years in local search
LONG_LIST_DROPS = 4  # exchange candidates tried per round on lists longer than that


@dataclass(frozen=True)
class Budget:
    """What the user can spend: dollars and a count (None = no limit)."""

    fees: FeeSchedule
    usd: float | None = None
    applications: int | None = None

    def group(self, specialty: str) -> str:
        return specialty if self.fees.per_specialty else "all"

    def groups(self, problem: ListProblem) -> list[str]:
        """The fee group of each program (its specialty when tiers restart per specialty)."""
        return [self.group(s) for s in problem.specialty]

    def _index(self, problem: ListProblem) -> tuple[int, IntArray]:
        names, index = problem.specialty_groups
        if self.fees.per_specialty:
            return len(names), index
        return 1, np.zeros(problem.size, dtype=np.int_)

    def counts(self, problem: ListProblem, chosen: BoolArray) -> dict[str, int]:
        names, index = problem.specialty_groups
        if not self.fees.per_specialty:
            return {"all": int(chosen.sum())}
        tally = np.bincount(index[chosen], minlength=len(names))
        return {names[g]: int(n) for g, n in enumerate(tally) if n}

    def _tally(self, problem: ListProblem, chosen: BoolArray) -> IntArray:
        groups, index = self._index(problem)
        out: IntArray = np.bincount(index[chosen], minlength=groups)
        return out

    def cost(self, problem: ListProblem, chosen: BoolArray) -> float:
        table = self.fees.cost_table(problem.size + 1)
        return float(table[self._tally(problem, chosen)].sum())

    def allows(self, problem: ListProblem, chosen: BoolArray) -> bool:
        if self.applications is not None and int(chosen.sum()) > self.applications:
            return False
        return self.usd is None or self.cost(problem, chosen) <= self.usd + 1e-9

    def next_costs(self, problem: ListProblem, chosen: BoolArray) -> FloatArray:
        """The fee of adding each program next, given the counts so far: shape (J,)."""
        table = self.fees.cost_table(problem.size + 1)
        tally = self._tally(problem, chosen)
        marginal = table[tally + 1] - table[tally]
        _, index = self._index(problem)
        out: FloatArray = marginal[index]
        return out


@dataclass(frozen=True)
class Objective:
    """What to maximize: utilities per program, and an optional floor on a second objective."""

    weights: Weights
    floor_weights: Weights | None = None
    floor: float | None = None


@dataclass
class GreedyTrace:
    order: list[int] = field(default_factory=list)
    values: list[float] = field(default_factory=list)
    dollars: list[float] = field(default_factory=list)


def _pair_move(
    problem: ListProblem,
    objective: Objective,
    accept: FloatArray,
    state: ListState,
    chosen: BoolArray,
    open_: BoolArray,
    costs: FloatArray,
    *,
    always: bool = False,
    rank: int = 0,
) -> tuple[tuple[int, ...], float] | None:
    """An advanced position together with a PGY-1 year, when neither pays alone.

    An advanced (PGY-2) position is worth nothing without a PGY-1 year and a PGY-1 year is
    worth nothing without an advanced position, so while no PGY-1 year is on the list the
    single-program gains of both are zero and greedy would never start either. This move
    takes the advanced position that would gain most if its PGY-1 were secured, then the
    PGY-1 year that gains most alongside it, and prices the pair at both fees.
    """
    advanced = open_ & problem.needs_pgy1 & ~problem.supplies_pgy1
    pgy1 = open_ & problem.supplies_pgy1
    if problem.has_pgy1 or not advanced.any() or not pgy1.any():
        return None
    if not always and float(state.pgy1_factor @ problem.node_weights) > PAIR_COVERAGE:
        return None  # PGY-1 years already on the list: single additions see the value
    hopeful = replace(state, pgy1_factor=np.ones_like(state.pgy1_factor))
    optimistic = values_with(problem, objective.weights, hopeful, accept)
    ranked = np.argsort(np.where(advanced, -optimistic, np.inf), kind="stable")
    if rank >= int(advanced.sum()):
        return None
    j = int(ranked[rank])  # the rank-th most promising advanced position
    state_j = add_to_state(problem, objective.weights, state, accept, j)
    values = values_with(problem, objective.weights, state_j, accept)
    k = int(np.argmax(np.where(pgy1, values, -np.inf)))
    gain = float(values[k]) - state.value
    return (j, k), gain / max(float(costs[j] + costs[k]), 1e-9)


def _pick_next(
    problem: ListProblem,
    objective: Objective,
    accept: FloatArray,
    state: ListState,
    chosen: BoolArray,
    open_: BoolArray,
    costs: FloatArray,
    spare: float | None,
    pairs: bool = True,
    min_gain: float = _TOL,
) -> tuple[tuple[int, ...], float] | None:
    """The best next move (one program, or an advanced + PGY-1 pair) by gain per dollar."""
    if not open_.any():
        return None
    gains = values_with(problem, objective.weights, state, accept) - state.value
    # Only moves worth at least min_gain compete, so that greedy and the local search stop
    # by the same rule (a dear application may still be worth it when a cheap one is not).
    score = np.where(open_ & (gains >= min_gain), gains / np.maximum(costs, 1e-9), -np.inf)
    best = int(np.argmax(score))
    move: tuple[tuple[int, ...], float] | None = (
        ((best,), float(score[best])) if np.isfinite(score[best]) else None
    )
    pair = _pair_move(problem, objective, accept, state, chosen, open_, costs) if pairs else None
    if pair is not None and (move is None or pair[1] > move[1]):
        j, k = pair[0]
        if spare is None or costs[j] + costs[k] <= spare + 1e-9:
            return pair
    return move


def greedy(
    problem: ListProblem,
    objective: Objective,
    accept: FloatArray,
    budget: Budget,
    *,
    start: BoolArray,
    allowed: BoolArray,
    limit: int | None = None,
    min_gain: float = _TOL,
) -> tuple[BoolArray, GreedyTrace]:
    """Add programs by gain per dollar while the budget allows (``limit`` caps the steps).

    Programs whose next fee no longer fits are skipped, so a cheaper specialty can still fill
    the rest of the budget. Stops when no affordable move adds at least ``min_gain``.
    """
    chosen = start.copy()
    trace = GreedyTrace()
    state = build_state(problem, objective.weights, accept, chosen)
    groups = budget.groups(problem)
    counts = budget.counts(problem, chosen)
    spent = budget.cost(problem, chosen)
    while limit is None or len(trace.order) < limit:
        room = None if budget.applications is None else budget.applications - int(chosen.sum())
        if room is not None and room <= 0:
            break
        fee = {g: budget.fees.marginal_cost(counts.get(g, 0)) for g in set(groups)}
        costs = np.array([fee[g] for g in groups])
        open_ = allowed & ~chosen
        spare = None if budget.usd is None else budget.usd - spent
        if spare is not None:
            open_ &= costs <= spare + 1e-9
        move = _pick_next(
            problem, objective, accept, state, chosen, open_, costs, spare, min_gain=min_gain
        )
        if move is None:
            break
        trial = chosen.copy()
        trial[list(move[0])] = True
        if len(move[0]) == 2 and not budget.allows(problem, trial):
            move = _pick_next(
                problem,
                objective,
                accept,
                state,
                chosen,
                open_,
                costs,
                spare,
                pairs=False,
                min_gain=min_gain,
            )
            if move is None:
                break
            trial = chosen.copy()
            trial[list(move[0])] = True
        steps = [state]
        for j in move[0]:
            steps.append(add_to_state(problem, objective.weights, steps[-1], accept, j))
        if steps[-1].value - state.value < min_gain * len(move[0]) and trace.order:
            break
        for j, step in zip(move[0], steps[1:], strict=True):
            # the second of a pair may be in the same fee group: price it at the next tier
            spent += budget.fees.marginal_cost(counts.get(groups[j], 0))
            counts[groups[j]] = counts.get(groups[j], 0) + 1
            chosen[j] = True
            trace.order.append(j)
            trace.dollars.append(spent)
            trace.values.append(step.value)
        state = steps[-1]
    return chosen, trace


def addable(problem: ListProblem, budget: Budget, chosen: BoolArray) -> BoolArray:
    """Which programs could be added to ``chosen`` within the budget: shape (J,)."""
    if budget.applications is not None and chosen.sum() + 1 > budget.applications:
        return np.zeros(problem.size, dtype=bool)
    if budget.usd is None:
        return ~chosen
    total = budget.cost(problem, chosen)
    return (~chosen) & (total + budget.next_costs(problem, chosen) <= budget.usd + 1e-9)


def _better(a: tuple[float, float], b: tuple[float, float], margin: float = _TOL) -> bool:
    """Is key ``a`` better than ``b``: floor attainment first, then value by ``margin``."""
    if a[0] > b[0] + _TOL:
        return True
    if a[0] < b[0] - _TOL:
        return False
    return a[1] > b[1] + margin


def _key(objective: Objective, value: float, floor_value: float) -> tuple[float, float]:
    """Sets compare by floor attainment (capped at the floor) first, then by value."""
    if objective.floor is None:
        return (0.0, value)
    return (min(floor_value, objective.floor), value)


@dataclass(frozen=True)
class _States:
    """The list's state under the objective (and under the floor, when there is one)."""

    main: ListState
    floor: ListState | None

    @classmethod
    def build(
        cls, problem: ListProblem, objective: Objective, accept: FloatArray, chosen: BoolArray
    ) -> _States:
        floor = (
            build_state(problem, objective.floor_weights, accept, chosen)
            if objective.floor_weights is not None
            else None
        )
        return cls(build_state(problem, objective.weights, accept, chosen), floor)

    def add(
        self, problem: ListProblem, objective: Objective, accept: FloatArray, j: int
    ) -> _States:
        floor = None
        if self.floor is not None and objective.floor_weights is not None:
            floor = add_to_state(problem, objective.floor_weights, self.floor, accept, j)
        return _States(add_to_state(problem, objective.weights, self.main, accept, j), floor)

    def remove(
        self, problem: ListProblem, objective: Objective, accept: FloatArray, j: int
    ) -> _States:
        floor = None
        if self.floor is not None and objective.floor_weights is not None:
            floor = remove_from_state(problem, objective.floor_weights, self.floor, accept, j)
        return _States(remove_from_state(problem, objective.weights, self.main, accept, j), floor)

    def key(self, objective: Objective) -> tuple[float, float]:
        floor_value = self.floor.value if self.floor is not None else 0.0
        return _key(objective, self.main.value, floor_value)

    def best_addition(
        self, problem: ListProblem, objective: Objective, accept: FloatArray, open_: BoolArray
    ) -> tuple[int | None, tuple[float, float]]:
        """The program whose addition gives the best key, among ``open_`` (vectorised)."""
        if not open_.any():
            return None, (-np.inf, -np.inf)
        values = values_with(problem, objective.weights, self.main, accept)
        if self.floor is not None and objective.floor_weights is not None:
            floors = values_with(problem, objective.floor_weights, self.floor, accept)
            first = np.minimum(floors, objective.floor if objective.floor is not None else np.inf)
        else:
            first = np.zeros(problem.size)
        top = np.max(np.where(open_, first, -np.inf))
        tied = open_ & (first >= top - _TOL)
        j = int(np.argmax(np.where(tied, values, -np.inf)))
        return j, (float(first[j]) if self.floor is not None else 0.0, float(values[j]))


def set_key(
    problem: ListProblem, objective: Objective, accept: FloatArray, chosen: BoolArray
) -> tuple[float, float]:
    value = build_state(problem, objective.weights, accept, chosen).value
    floor_value = (
        build_state(problem, objective.floor_weights, accept, chosen).value
        if objective.floor_weights is not None
        else 0.0
    )
    return _key(objective, value, floor_value)


def _best_addition(
    problem: ListProblem,
    objective: Objective,
    accept: FloatArray,
    budget: Budget,
    base: BoolArray,
    allowed: BoolArray,
) -> tuple[int | None, tuple[float, float]]:
    states = _States.build(problem, objective, accept, base)
    return states.best_addition(
        problem, objective, accept, allowed & addable(problem, budget, base)
    )


def _pair_addition(
    problem: ListProblem,
    objective: Objective,
    accept: FloatArray,
    budget: Budget,
    base: BoolArray,
    allowed: BoolArray,
    min_gain: float,
) -> tuple[BoolArray | None, tuple[float, float]]:
    """``base`` plus the best advanced + PGY-1 bundle that fits the budget.

    The bundle starts as the pair of :func:`_pair_move` and takes further PGY-1 years while
    each helps: under a utility objective an advanced position ranked above a categorical
    one can *lower* the value until enough PGY-1 years make it safe, so a pair alone may not
    show the bundle's worth.
    """
    open_ = allowed & addable(problem, budget, base)
    state = build_state(problem, objective.weights, accept, base)
    costs = budget.next_costs(problem, base)
    best: BoolArray | None = None
    best_key: tuple[float, float] = (-np.inf, -np.inf)
    for rank in range(PAIR_TRIES):
        move = _pair_move(
            problem, objective, accept, state, base, open_, costs, always=True, rank=rank
        )
        if move is None:
            break
        grown, key = _bundle(problem, objective, accept, budget, base, allowed, move[0], min_gain)
        if grown is not None and _better(key, best_key):
            best, best_key = grown, key
    return best, best_key


def _bundle(
    problem: ListProblem,
    objective: Objective,
    accept: FloatArray,
    budget: Budget,
    base: BoolArray,
    allowed: BoolArray,
    pair: tuple[int, ...],
    min_gain: float,
) -> tuple[BoolArray | None, tuple[float, float]]:
    grown = base.copy()
    grown[list(pair)] = True
    if not budget.allows(problem, grown):
        return None, (-np.inf, -np.inf)
    best, best_key = grown, set_key(problem, objective, accept, grown)
    state = build_state(problem, objective.weights, accept, grown)
    while True:
        more = allowed & problem.supplies_pgy1 & addable(problem, budget, grown)
        if not more.any():
            break
        values = values_with(problem, objective.weights, state, accept)
        k = int(np.argmax(np.where(more, values, -np.inf)))
        if values[k] < state.value + max(min_gain, _TOL):
            break
        state = add_to_state(problem, objective.weights, state, accept, k)
        grown = state.chosen
        key = set_key(problem, objective, accept, grown)
        if _better(key, best_key):
            best, best_key = grown, key
    return best, best_key


def _pgy1_trap(problem: ListProblem, chosen: BoolArray, allowed: BoolArray) -> bool:
    if problem.has_pgy1 or (chosen & problem.supplies_pgy1).any():
        return False
    open_ = allowed & ~chosen
    return bool((open_ & problem.supplies_pgy1).any() and (open_ & problem.needs_pgy1).any())


def improve(
    problem: ListProblem,
    objective: Objective,
    accept: FloatArray,
    budget: Budget,
    chosen: BoolArray,
    *,
    allowed: BoolArray,
    forced: BoolArray,
    max_rounds: int = 50,
    drop_candidates: int = 8,
    min_gain: float = _TOL,
) -> BoolArray:
    """Local search from ``chosen``: add, swap one for one, or drop one and add two.

    Each accepted move strictly improves the (floor, value) key and keeps the budget, so the
    search ends; ``forced`` programs are never dropped. Only the ``drop_candidates`` programs
    whose removal costs least are tried for dropping: a program that contributes much is
    almost never worth exchanging, and this keeps a round at O(drop_candidates·J·K). On the
    small instances the tests enumerate, that covers every chosen program.
    """
    current = chosen.copy()
    current_key = set_key(problem, objective, accept, current)
    index = np.arange(problem.size)
    for _ in range(max_rounds):
        states = _States.build(problem, objective, accept, current)
        loss = states.main.value - values_without(problem, objective.weights, states.main, accept)
        droppable = [int(i) for i in np.flatnonzero(current & ~forced)]
        limit = drop_candidates if current.sum() <= TRAP_LIST_SIZE else LONG_LIST_DROPS
        droppable = sorted(droppable, key=lambda i: loss[i])[:limit]
        best_key, best_set = current_key, None
        open_ = allowed & addable(problem, budget, current)
        j, key = states.best_addition(problem, objective, accept, open_)
        if j is not None and _better(key, best_key, min_gain):
            best_set = current.copy()
            best_set[j] = True
            best_key = key
        bundles = current.sum() <= TRAP_LIST_SIZE or _pgy1_trap(problem, current, allowed)
        if bundles:
            grown, key = _pair_addition(
                problem, objective, accept, budget, current, allowed, min_gain
            )
            if grown is not None and _better(key, best_key, 2 * min_gain):
                best_set, best_key = grown, key
        for i in droppable:
            without = current.copy()
            without[i] = False
            reduced = states.remove(problem, objective, accept, i)
            others = allowed & (index != i)
            j, key = reduced.best_addition(
                problem, objective, accept, others & addable(problem, budget, without)
            )
            if j is not None:
                swapped = without.copy()
                swapped[j] = True
                grown_states = reduced.add(problem, objective, accept, j)
                k, key2 = grown_states.best_addition(
                    problem, objective, accept, allowed & addable(problem, budget, swapped)
                )
                if k is not None and _better(key2, key, min_gain):
                    swapped[k] = True
                    key = key2
                if _better(key, best_key):
                    best_key, best_set = key, swapped
            if current.sum() > TRAP_LIST_SIZE:
                continue  # long lists: greedy's pair move has weighed the bundles already
            grown, key = _pair_addition(
                problem, objective, accept, budget, without, others, min_gain
            )
            if grown is not None and _better(key, best_key, min_gain):
                best_key, best_set = key, grown
        if _pgy1_trap(problem, current, allowed) and current.sum() <= TRAP_LIST_SIZE:
            # No PGY-1 year on the list: an advanced position cannot pay, so also try
            # exchanging two programs for an advanced + PGY-1 pair. Only on short lists:
            # on long ones greedy's pair move has already weighed PGY-1 years, and the
            # O(n²) exchanges would dominate the run time.
            for a, b in combinations(droppable, 2):
                without = current.copy()
                without[[a, b]] = False
                others = allowed & ~np.isin(np.arange(problem.size), [a, b])
                grown, key = _pair_addition(
                    problem, objective, accept, budget, without, others, min_gain
                )
                if grown is not None and _better(key, best_key):
                    best_key, best_set = key, grown
        if best_set is None:
            break
        current, current_key = best_set, best_key
    return current


def brute_force(
    problem: ListProblem,
    objective: Objective,
    accept: FloatArray,
    budget: Budget,
    *,
    allowed: BoolArray,
) -> tuple[BoolArray, tuple[float, float]]:
    """The best affordable subset by enumeration: for tests on small instances only."""
    idx = np.flatnonzero(allowed)
    most = len(idx) if budget.applications is None else min(budget.applications, len(idx))
    best = np.zeros(problem.size, dtype=bool)
    best_key = set_key(problem, objective, accept, best)
    for n in range(1, most + 1):
        for combo in combinations(idx, n):
            chosen = np.zeros(problem.size, dtype=bool)
            chosen[list(combo)] = True
            if not budget.allows(problem, chosen):
                continue
            key = set_key(problem, objective, accept, chosen)
            if key > best_key:
                best, best_key = chosen, key
    return best, best_key
