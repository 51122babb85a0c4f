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

:func:`solve_singles` is the fast path for single applicants; :func:`insert_applicant` answers
"what if one more applicant enters" from a solved market without solving it again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from matchwise.engine import proposals as da

IntArray = npt.NDArray[np.int32]
OffsetArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class SinglesMarket:
    """Single applicants and programs as flat rank lists (CSR layout).

    ``app_offsets`` (int64, n_applicants + 1): applicant ``a``'s list is
    ``app_choices[app_offsets[a]:app_offsets[a + 1]]``, program indices (int32) in preference
    order; ``prog_offsets``/``prog_choices`` likewise for programs ranking applicants;
    ``capacity`` (int32, n_programs): positions per program. Lists must not name anyone twice
    (:mod:`matchwise.formats.match_instance` rejects such files); if they do, the first
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
