"""The match: applicant-proposing deferred acceptance, as the NRMP clears (Roth & Peranson 1999).

A market is flat arrays: each applicant's rank list of programs and each program's rank list of
applicants, in preference order, and the programs' capacities. A proposal counts only if both
sides rank each other (mutual acceptability). The applicant-optimal stable matching of a
singles market is unique, so any correct solver gives the same answer.

>>> market = singles_market(
...     applicant_lists=[[0, 1], [0], [1, 0]],
...     program_lists=[[2, 0, 1], [0, 2]],
...     capacity=[1, 1],
... )
>>> solve_singles(market).tolist()
[0, -1, 1]

:func:`solve_singles` is the fast path for single applicants; :func:`solve` clears a full
:class:`Instance` (couples, supplemental PGY-1 lists, reversion of unfilled positions);
:func:`insert_applicant` answers "what if one more applicant enters" from a solved singles
market without solving it again. :func:`matchwise.engine.match.stability.check_matching`
verifies any result.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from matchwise.engine.match import couples as rp
from matchwise.engine.match import proposals as da

IntArray = npt.NDArray[np.int32]
OffsetArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class SinglesMarket:
    """Single applicants and programs as flat rank lists (CSR layout).

    ``app_offsets`` (int64, n_applicants + 1): applicant ``a``'s list is
    ``app_choices[app_offsets[a]:app_offsets[a + 1]]``, program indices (int32) in preference
    order; ``prog_offsets``/``prog_choices`` likewise for programs ranking applicants;
    ``capacity`` (int32, n_programs): positions per program. Lists must not name anyone twice
    (:mod:`matchwise.formats.market.match_instance` rejects such files); if they do, the first
    occurrence counts.
    """

    app_offsets: OffsetArray
    app_choices: IntArray
    prog_offsets: OffsetArray
    prog_choices: IntArray
    capacity: IntArray

    @property
    def n_applicants(self) -> int:
        return int(self.app_offsets.shape[0]) - 1

    @property
    def n_programs(self) -> int:
        return int(self.capacity.shape[0])

    def applicant_list(self, a: int) -> IntArray:
        """Applicant ``a``'s rank list (program indices, most wanted first)."""
        return self.app_choices[self.app_offsets[a] : self.app_offsets[a + 1]]

    def program_list(self, p: int) -> IntArray:
        """Program ``p``'s rank list (applicant indices, most wanted first)."""
        return self.prog_choices[self.prog_offsets[p] : self.prog_offsets[p + 1]]


def flatten(lists: Sequence[Sequence[int]]) -> tuple[OffsetArray, IntArray]:
    """Rank lists as (offsets, choices) arrays.

    >>> offsets, choices = flatten([[3, 1], [], [2]])
    >>> offsets.tolist(), choices.tolist()
    ([0, 2, 2, 3], [3, 1, 2])
    """
    lengths = np.fromiter((len(x) for x in lists), np.int64, count=len(lists))
    offsets = np.zeros(len(lists) + 1, np.int64)
    np.cumsum(lengths, out=offsets[1:])
    choices = np.fromiter((c for x in lists for c in x), np.int32, count=int(offsets[-1]))
    return offsets, choices


def singles_market(
    *,
    applicant_lists: Sequence[Sequence[int]],
    program_lists: Sequence[Sequence[int]],
    capacity: Sequence[int],
) -> SinglesMarket:
    """A :class:`SinglesMarket` from Python lists (for tests and small markets)."""
    app_offsets, app_choices = flatten(applicant_lists)
    prog_offsets, prog_choices = flatten(program_lists)
    return SinglesMarket(
        app_offsets=app_offsets,
        app_choices=app_choices,
        prog_offsets=prog_offsets,
        prog_choices=prog_choices,
        capacity=np.asarray(capacity, np.int32),
    )


def validate_market(market: SinglesMarket) -> None:
    """Raise ``ValueError`` when the arrays do not describe a market (wrong dtype, shape, an
    index out of range, a negative capacity); the compiled code trusts them."""
    n_app, n_prog = market.n_applicants, market.n_programs
    for name, arr, dtype in (
        ("app_offsets", market.app_offsets, np.int64),
        ("app_choices", market.app_choices, np.int32),
        ("prog_offsets", market.prog_offsets, np.int64),
        ("prog_choices", market.prog_choices, np.int32),
        ("capacity", market.capacity, np.int32),
    ):
        if arr.dtype != dtype or arr.ndim != 1:
            raise ValueError(f"{name} must be a one-dimensional {np.dtype(dtype).name} array")
    if market.prog_offsets.shape[0] != n_prog + 1:
        raise ValueError("prog_offsets must have one entry more than capacity")
    for name, offsets, choices, bound in (
        ("app", market.app_offsets, market.app_choices, n_prog),
        ("prog", market.prog_offsets, market.prog_choices, n_app),
    ):
        if offsets[0] != 0 or offsets[-1] != choices.shape[0] or np.any(np.diff(offsets) < 0):
            raise ValueError(f"{name}_offsets must rise from 0 to len({name}_choices)")
        if choices.size and (choices.min() < 0 or choices.max() >= bound):
            raise ValueError(f"{name}_choices holds an index out of range")
    if market.capacity.size and market.capacity.min() < 0:
        raise ValueError("capacity must not be negative")


@dataclass
class SolvedSingles:
    """A solved singles market, kept ready for incremental insertion.

    ``matching[a]`` is applicant ``a``'s program or -1; ``proposals`` counts the proposals that
    reached a program ranking the applicant. The other fields are the solver's state.
    """

    market: SinglesMarket
    matching: IntArray
    proposals: int
    keys: IntArray = field(repr=False)
    cap_off: OffsetArray = field(repr=False)
    state: tuple[IntArray, IntArray, IntArray, OffsetArray, IntArray] = field(repr=False)
    undo: tuple[OffsetArray, ...] = field(repr=False)


def capacity_offsets(capacity: IntArray) -> OffsetArray:
    """Where each program's heap of held applicants starts in the flat heap arrays."""
    cap_off = np.zeros(capacity.shape[0] + 1, np.int64)
    np.cumsum(capacity, out=cap_off[1:])
    return cap_off


def solve_singles_state(market: SinglesMarket) -> SolvedSingles:
    """Solve ``market`` and keep the state that :func:`insert_applicant` continues from."""
    validate_market(market)
    keys = da.entry_keys(
        market.app_offsets, market.app_choices, market.prog_offsets, market.prog_choices
    )
    cap_off = capacity_offsets(market.capacity)
    n_slots = int(cap_off[-1])
    state = da.new_state(market.n_applicants, market.n_programs, n_slots)
    proposals = da.solve_all(
        market.app_offsets, market.app_choices, keys, market.capacity, cap_off, state
    )
    undo = da.new_undo(market.n_applicants, market.n_programs, n_slots, True)
    matching: IntArray = state[4][: market.n_applicants]
    return SolvedSingles(market, matching, int(proposals), keys, cap_off, state, undo)


def solve_singles(market: SinglesMarket) -> IntArray:
    """The applicant-optimal stable matching: each applicant's program index, or -1.

    Mutual acceptability: an applicant is matched only to a program that ranks them.
    """
    return solve_singles_state(market).matching.copy()


@dataclass(frozen=True)
class Insertion:
    """What one more applicant entering a solved market changes.

    ``program``: where the new applicant matches (-1: unmatched); ``moved``: the applicants of
    the market whose match changes (the chain the insertion starts), with ``moved_from`` and
    ``moved_to`` their programs before and after (-1: unmatched); ``proposals``: proposals made.
    """

    program: int
    moved: IntArray
    moved_from: IntArray
    moved_to: IntArray
    proposals: int


def insert_applicant(
    solved: SolvedSingles, choices: Sequence[int], positions: Sequence[int]
) -> Insertion:
    """The matching with one more applicant, ranking ``choices`` in order, whom program
    ``choices[i]`` ranks just above the applicant now at position ``positions[i]`` of its list
    (0: first; the list's length: last; -1: not at all). ``solved`` is left as it was.

    Exact: deferred acceptance gives the same matching whatever the order of proposals, so
    letting the newcomer propose last, from the solved state, is solving the larger market;
    only the chain of displacements the newcomer starts is run, and then undone.

    >>> market = singles_market(applicant_lists=[[0]], program_lists=[[0]], capacity=[1])
    >>> solved = solve_singles_state(market)
    >>> insert_applicant(solved, [0], [0]).program  # ranked above applicant 0, takes the seat
    0
    """
    market = solved.market
    n_app = market.n_applicants
    x_choices = np.asarray(choices, np.int32).reshape(-1)
    pos = np.asarray(positions, np.int64).reshape(-1)
    if x_choices.shape != pos.shape:
        raise ValueError("choices and positions must have the same length")
    if x_choices.size and (x_choices.min() < 0 or x_choices.max() >= market.n_programs):
        raise ValueError("choices holds a program index out of range")
    lengths = np.diff(market.prog_offsets)[x_choices] if x_choices.size else pos
    if np.any(pos < -1) or np.any(pos > lengths):
        raise ValueError("a position is outside its program's list")
    x_keys = np.where(pos < 0, -1, 2 * pos).astype(np.int32)
    # A program named twice counts once, as in a solve.
    _, first = np.unique(x_choices, return_index=True)
    repeated = np.ones(x_choices.shape[0], bool)
    repeated[first] = False
    x_keys[repeated] = -1
    state = solved.state
    state[3][n_app] = 0
    state[4][n_app] = -1
    proposals = da.run_chain(
        n_app,
        n_app,
        market.app_offsets,
        market.app_choices,
        solved.keys,
        x_choices,
        x_keys,
        market.capacity,
        solved.cap_off,
        state,
        solved.undo,
    )
    journal = solved.undo[0]
    touched = journal[2 : 2 + journal[0]]
    moved = np.sort(touched[touched < n_app]).astype(np.int32)
    moved_to = state[4][moved].copy()
    moved_from = solved.undo[3][moved].copy()
    program = int(state[4][n_app])
    da.rollback(n_app, market.capacity, solved.cap_off, state, solved.undo)
    changed = moved_from != moved_to
    return Insertion(
        program=program,
        moved=moved[changed],
        moved_from=moved_from[changed],
        moved_to=moved_to[changed],
        proposals=int(proposals),
    )


# ---- the full market: couples, supplemental PGY-1 lists, reversion --------------------------


@dataclass(frozen=True)
class Instance:
    """A market as the NRMP clears it.

    - ``market``: every applicant's primary rank list, the programs' lists and capacities.
      Couple members have empty primary lists: their couple's pair list is used instead.
    - ``couples`` (int32, shape (n_couples, 2)): the two members of each couple;
      ``pair_offsets``/``pairs`` (int32, shape (n_pairs, 2)): couple ``c``'s list of pairs
      ``pairs[pair_offsets[c]:pair_offsets[c + 1]]``, a program for the first member and one
      for the second, -1 meaning "no position for this member" (never both).
    - ``links`` (int32, one per entry of ``market.app_choices``): the supplemental list of
      PGY-1 programs to use if the applicant matches that (advanced) program, or -1;
      ``supplemental_offsets``/``supplemental_choices``: the lists, each of one applicant.
    - ``reverts_to`` (int32, one per program): where the program's unfilled positions go when
      it does not fill, or -1.
    """

    market: SinglesMarket
    couples: IntArray
    pair_offsets: OffsetArray
    pairs: IntArray
    links: IntArray
    supplemental_offsets: OffsetArray
    supplemental_choices: IntArray
    reverts_to: IntArray


def make_instance(
    market: SinglesMarket,
    *,
    couples: Sequence[tuple[int, int]] = (),
    pair_lists: Sequence[Sequence[tuple[int, int]]] = (),
    supplemental_lists: Sequence[Sequence[int]] = (),
    links: Mapping[tuple[int, int], int] | None = None,
    reverts_to: Mapping[int, int] | None = None,
) -> Instance:
    """An :class:`Instance` from Python values: ``links`` maps (applicant, program on their
    primary list) to a supplemental list's index; ``reverts_to`` maps a program to another.

    >>> market = singles_market(applicant_lists=[[], [], [0]], program_lists=[[0, 2], [1]],
    ...                         capacity=[1, 1])
    >>> inst = make_instance(market, couples=[(0, 1)], pair_lists=[[(0, 1)]])
    >>> solve(inst).program.tolist()
    [0, 1, -1]
    """
    pair_offsets, _ = flatten([[0] * len(lst) for lst in pair_lists])
    pairs = np.array([pq for lst in pair_lists for pq in lst], np.int32).reshape(-1, 2)
    supplemental_offsets, supplemental_choices = flatten(supplemental_lists)
    entry_links = np.full(market.app_choices.shape[0], -1, np.int32)
    for (a, p), index in (links or {}).items():
        entries = np.flatnonzero(market.applicant_list(a) == p)
        if entries.size == 0:
            raise ValueError(f"applicant {a} does not rank program {p}, so it cannot link a list")
        entry_links[market.app_offsets[a] + entries[0]] = index
    reverts = np.full(market.n_programs, -1, np.int32)
    for p, q in (reverts_to or {}).items():
        reverts[p] = q
    return Instance(
        market=market,
        couples=np.array(couples, np.int32).reshape(-1, 2),
        pair_offsets=pair_offsets,
        pairs=pairs,
        links=entry_links,
        supplemental_offsets=supplemental_offsets,
        supplemental_choices=supplemental_choices,
        reverts_to=reverts,
    )


def validate_instance(instance: Instance) -> IntArray:
    """Raise ``ValueError`` when the arrays do not describe a market; return each supplemental
    list's applicant (-1 for a list no entry links)."""
    market = instance.market
    validate_market(market)
    n_app, n_prog = market.n_applicants, market.n_programs
    couples, pairs = instance.couples, instance.pairs
    n_couples = couples.shape[0]
    if couples.dtype != np.int32 or couples.ndim != 2 or couples.shape[1] != 2:
        raise ValueError("couples must be an int32 array of shape (n_couples, 2)")
    if pairs.dtype != np.int32 or pairs.ndim != 2 or pairs.shape[1] != 2:
        raise ValueError("pairs must be an int32 array of shape (n_pairs, 2)")
    offsets = instance.pair_offsets
    if offsets.shape != (n_couples + 1,) or offsets[0] != 0 or offsets[-1] != pairs.shape[0]:
        raise ValueError("pair_offsets must rise from 0 to len(pairs), one more than couples")
    if couples.size and (couples.min() < 0 or couples.max() >= n_app):
        raise ValueError("couples names an applicant out of range")
    if np.unique(couples).size != couples.size:
        raise ValueError("an applicant is in two couples, or partnered with themselves")
    if np.any(np.diff(market.app_offsets)[couples.reshape(-1)] > 0):
        raise ValueError("couple members rank pairs, not programs: their own lists must be empty")
    if pairs.size and (pairs.min() < -1 or pairs.max() >= n_prog):
        raise ValueError("pairs names a program out of range")
    if np.any((pairs[:, 0] < 0) & (pairs[:, 1] < 0)):
        raise ValueError("a pair must name a program for at least one member")
    supp_offsets, supp_choices = instance.supplemental_offsets, instance.supplemental_choices
    n_lists = supp_offsets.shape[0] - 1
    if supp_offsets[0] != 0 or supp_offsets[-1] != supp_choices.shape[0]:
        raise ValueError("supplemental_offsets must rise from 0 to len(supplemental_choices)")
    if supp_choices.size and (supp_choices.min() < 0 or supp_choices.max() >= n_prog):
        raise ValueError("a supplemental list names a program out of range")
    links = instance.links
    if links.shape != market.app_choices.shape or links.dtype != np.int32:
        raise ValueError("links must be an int32 array with one entry per rank-list entry")
    if links.size and (links.min() < -1 or links.max() >= n_lists):
        raise ValueError("links names a supplemental list out of range")
    owner = np.full(n_lists, -1, np.int32)
    entry_owner = np.repeat(np.arange(n_app, dtype=np.int32), np.diff(market.app_offsets))
    for k in np.flatnonzero(links >= 0):
        s, a = links[k], entry_owner[k]
        if owner[s] not in (-1, a):
            raise ValueError(f"supplemental list {s} is linked by two applicants")
        owner[s] = a
    reverts = instance.reverts_to
    if reverts.shape != (n_prog,) or reverts.dtype != np.int32:
        raise ValueError("reverts_to must be an int32 array with one entry per program")
    if reverts.size and (reverts.min() < -1 or reverts.max() >= n_prog):
        raise ValueError("reverts_to names a program out of range")
    for p in np.flatnonzero(reverts >= 0):
        q, steps = int(p), 0
        while q >= 0 and steps <= n_prog:
            q, steps = int(reverts[q]), steps + 1
        if q >= 0:
            raise ValueError(f"program {p}'s positions revert in a circle")
    return owner


@dataclass(frozen=True)
class Matching:
    """The outcome of :func:`solve`.

    ``program[a]``: applicant ``a``'s program (a couple member's too), or -1; ``pgy1[a]``: the
    PGY-1 program matched from the supplemental list linked to ``program[a]``, or -1;
    ``capacity``: positions per program after unfilled positions reverted. ``stable``: no
    blocking pair is left; when False, ``blocking`` agents (applicants, PGY-1 seats, couples)
    still block the returned matching after ``runs`` runs with different orders of couples.
    """

    program: IntArray
    pgy1: IntArray
    capacity: IntArray
    stable: bool
    runs: int
    rounds: int
    blocking: int
    proposals: int

    @property
    def outcome(self) -> str:
        if self.stable:
            return "stable"
        return (
            f"no stable matching found in {self.runs} run(s); blocking pairs left: {self.blocking}"
        )


MAX_RUNS = 8  # Roth & Peranson re-run with another order when a run cycles; 8 is our bound
MAX_ROUNDS = 50  # rounds of blocking-pair repair within one run


def couple_orders(n_couples: int, runs: int) -> list[IntArray]:
    """The distinct orders couples enter in each run: as listed, reversed, then rotations."""
    base = np.arange(n_couples, dtype=np.int32)
    orders = [base, base[::-1].copy()]
    orders += [np.roll(base, -(r * n_couples) // runs) for r in range(2, runs)]
    distinct: list[IntArray] = []
    for order in orders[:runs]:
        if not any(np.array_equal(order, seen) for seen in distinct):
            distinct.append(order)
    return distinct


def _static_arrays(instance: Instance, owner: IntArray, capacity: IntArray) -> tuple[Any, ...]:
    market = instance.market
    keys = da.entry_keys(
        market.app_offsets, market.app_choices, market.prog_offsets, market.prog_choices
    )
    supp_owner = np.repeat(owner, np.diff(instance.supplemental_offsets))
    supp_keys = rp.lookup_keys(
        market.prog_offsets, market.prog_choices, supp_owner, instance.supplemental_choices
    )
    pair_members = np.repeat(instance.couples, np.diff(instance.pair_offsets), axis=0)
    pair_keys = rp.lookup_keys(
        market.prog_offsets,
        market.prog_choices,
        np.ascontiguousarray(pair_members).reshape(-1),
        np.ascontiguousarray(instance.pairs).reshape(-1),
    ).reshape(-1, 2)
    member_couple = np.full(market.n_applicants, -1, np.int64)
    member_couple[instance.couples[:, 0]] = np.arange(instance.couples.shape[0])
    member_couple[instance.couples[:, 1]] = np.arange(instance.couples.shape[0])
    return (
        market.app_offsets,
        market.app_choices,
        keys,
        instance.links,
        instance.supplemental_offsets,
        instance.supplemental_choices,
        supp_keys,
        np.ascontiguousarray(instance.couples),
        instance.pair_offsets,
        np.ascontiguousarray(instance.pairs),
        np.ascontiguousarray(pair_keys),
        member_couple,
        capacity,
        capacity_offsets(capacity),
    )


def solve(
    instance: Instance, *, max_runs: int = MAX_RUNS, max_rounds: int = MAX_ROUNDS
) -> Matching:
    """Clear the market the Roth–Peranson way (see :mod:`matchwise.engine.match.couples`).

    Runs until one is stable (at most ``max_runs``, each with another order of couples; the
    last is returned if none is). Then positions a program left unfilled revert where
    ``reverts_to`` says and the market is cleared again, until no unfilled position reverts.
    """
    owner = validate_instance(instance)
    capacity = instance.market.capacity.copy()
    orders = couple_orders(instance.couples.shape[0], max(1, max_runs))
    total = 0
    for _ in range(instance.market.n_programs + 1):
        m = _static_arrays(instance, owner, capacity)
        runs = 0
        for order in orders:
            program, pgy1, count, proposals, rounds, left = rp.solve_once(m, order, max_rounds)
            total += int(proposals)
            runs += 1
            if left == 0:
                break
        unfilled = capacity - count
        moving = (instance.reverts_to >= 0) & (unfilled > 0)
        if not moving.any():
            break
        np.add.at(capacity, instance.reverts_to[moving], unfilled[moving])
        capacity[moving] -= unfilled[moving]
    return Matching(
        program=program,
        pgy1=pgy1,
        capacity=capacity,
        stable=bool(left == 0),
        runs=runs,
        rounds=int(rounds),
        blocking=int(left),
        proposals=total,
    )


def warm_up() -> None:
    """Compile the kernels (or load them from numba's cache) on a tiny market, so that the
    next solve's time is the solve's alone."""
    market = singles_market(applicant_lists=[[0], [], []], program_lists=[[0, 1]], capacity=[1])
    solve(make_instance(market, couples=[(1, 2)], pair_lists=[[(0, -1)]]))
    insert_applicant(solve_singles_state(market), [0], [0])
