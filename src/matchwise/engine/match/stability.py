"""Verify a matching: capacities, acceptability, and no blocking pair (singles, PGY-1 seats and
couples), independently of the solver that produced it.

A single applicant and a program *block* when each ranks the other, the applicant prefers the
program to their match (or is unmatched), and the program has a free position or ranks the
applicant above someone it holds. The same holds for the PGY-1 seat of a supplemental list
(against the list linked to the applicant's match). A couple blocks with a pair it ranks above
its match when each program would take its member: with the couple's own positions freed where
a member leaves, the member must be among the program's top ``capacity`` (both members, when a
program is named twice).

>>> from matchwise.engine.match.deferred_acceptance import make_instance, singles_market, solve
>>> market = singles_market(applicant_lists=[[0], [0]], program_lists=[[1, 0]], capacity=[1])
>>> check_matching(make_instance(market), solve(make_instance(market)))
[]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from matchwise.engine.match.deferred_acceptance import Instance, Matching, validate_instance

IntArray = npt.NDArray[np.int32]


@dataclass(frozen=True)
class _Ranks:
    """Where each program ranks each applicant: lookups by sorted (program, applicant) code."""

    codes: npt.NDArray[np.int64]
    ranks: npt.NDArray[np.int64]
    n_app: int

    def __call__(self, programs: npt.ArrayLike, applicants: npt.ArrayLike) -> npt.NDArray[np.int64]:
        """The rank (0 = first) of each applicant at each program, or -1 when unranked."""
        p = np.asarray(programs, np.int64)
        a = np.asarray(applicants, np.int64)
        code = p * self.n_app + a
        at = np.searchsorted(self.codes, code)
        at = np.minimum(at, max(self.codes.shape[0] - 1, 0))
        found = (self.codes.shape[0] > 0) & (self.codes[at] == code) & (p >= 0)
        return np.where(found, self.ranks[at] if self.codes.shape[0] else -1, -1)


def _ranks(instance: Instance) -> _Ranks:
    market = instance.market
    n_app = max(market.n_applicants, 1)
    lengths = np.diff(market.prog_offsets)
    prog = np.repeat(np.arange(market.n_programs, dtype=np.int64), lengths)
    rank = np.arange(market.prog_choices.shape[0], dtype=np.int64) - np.repeat(
        market.prog_offsets[:-1], lengths
    )
    codes = prog * n_app + market.prog_choices
    unique, first = np.unique(codes, return_index=True)  # the first occurrence counts
    return _Ranks(unique, rank[first], n_app)


class _Names:
    def __init__(self, applicants: Sequence[str] | None, programs: Sequence[str] | None) -> None:
        self.applicants = applicants
        self.programs = programs

    def a(self, index: int) -> str:
        return self.applicants[index] if self.applicants else f"applicant {index}"

    def p(self, index: int) -> str:
        if index < 0:
            return "no position"
        return self.programs[index] if self.programs else f"program {index}"


def check_matching(
    instance: Instance,
    matching: Matching,
    *,
    applicant_names: Sequence[str] | None = None,
    program_names: Sequence[str] | None = None,
) -> list[str]:
    """Every way ``matching`` breaks the rules of ``instance``, in words; empty = verified."""
    validate_instance(instance)
    market = instance.market
    n_app, n_prog = market.n_applicants, market.n_programs
    names = _Names(applicant_names, program_names)
    program, pgy1, capacity = matching.program, matching.pgy1, matching.capacity
    if program.shape != (n_app,) or pgy1.shape != (n_app,) or capacity.shape != (n_prog,):
        return ["the matching does not have one entry per applicant and per program"]
    if np.any((program < -1) | (program >= n_prog) | (pgy1 < -1) | (pgy1 >= n_prog)):
        return ["the matching names a program out of range"]
    problems: list[str] = []
    if capacity.sum() != market.capacity.sum() or np.any(capacity < 0):
        problems.append("positions were lost or made up when unfilled positions reverted")
    rank = _ranks(instance)
    # Who each program holds, as (rank, agent): agent a for a position, n + a for a PGY-1 seat.
    seated = np.concatenate([np.flatnonzero(program >= 0), np.flatnonzero(pgy1 >= 0)])
    agents = np.concatenate([np.flatnonzero(program >= 0), n_app + np.flatnonzero(pgy1 >= 0)])
    where = np.concatenate([program[program >= 0], pgy1[pgy1 >= 0]])
    held_rank = rank(where, seated)
    count = np.bincount(where, minlength=n_prog)
    for p in np.flatnonzero(count > capacity).tolist():
        problems.append(f"{names.p(p)} holds {count[p]} applicants for {capacity[p]} positions")
    for p, a in zip(where[held_rank < 0], seated[held_rank < 0], strict=True):
        problems.append(f"{names.a(a)} is matched to {names.p(p)}, which does not rank them")
    # The worst rank each full program holds (the largest integer: a free position).
    worst = np.full(n_prog, -1, np.int64)
    np.maximum.at(worst, where, held_rank)
    worst[count < capacity] = np.iinfo(np.int64).max
    holds = _holdings(where, held_rank, agents, n_prog)
    member = np.zeros(n_app, bool)
    member[instance.couples.reshape(-1)] = True
    entry_link = instance.links
    problems += _check_singles(instance, matching, rank, worst, capacity, member, names)
    problems += _check_pgy1(instance, matching, entry_link, rank, worst, capacity, names)
    problems += _check_couples(instance, matching, rank, holds, capacity, names)
    return problems


def _holdings(
    where: npt.NDArray[np.int64],
    held_rank: npt.NDArray[np.int64],
    agents: npt.NDArray[np.int64],
    n_prog: int,
) -> list[list[tuple[int, int]]]:
    holds: list[list[tuple[int, int]]] = [[] for _ in range(n_prog)]
    for p, r, who in zip(where.tolist(), held_rank.tolist(), agents.tolist(), strict=True):
        holds[p].append((r, who))
    return holds


def _check_singles(
    instance: Instance,
    matching: Matching,
    rank: _Ranks,
    worst: npt.NDArray[np.int64],
    capacity: IntArray,
    member: npt.NDArray[np.bool_],
    names: _Names,
) -> list[str]:
    market = instance.market
    lengths = np.diff(market.app_offsets)
    who = np.repeat(np.arange(market.n_applicants, dtype=np.int64), lengths)
    position = np.arange(market.app_choices.shape[0]) - np.repeat(market.app_offsets[:-1], lengths)
    p = market.app_choices.astype(np.int64)
    matched = matching.program[who]
    # The position of the applicant's match on their own list (length: unmatched).
    at_match = np.where(p == matched, position, np.iinfo(np.int64).max)
    match_pos = np.full(market.n_applicants, np.iinfo(np.int64).max, np.int64)
    np.minimum.at(match_pos, who, at_match)
    problems = [
        f"{names.a(a)} is matched to {names.p(int(matching.program[a]))}, which they do not rank"
        for a in np.flatnonzero(
            (matching.program >= 0) & (match_pos == np.iinfo(np.int64).max) & ~member
        ).tolist()
    ]
    r = rank(p, who)
    blocking = (
        ~member[who] & (position < match_pos[who]) & (r >= 0) & (capacity[p] > 0) & (r < worst[p])
    )
    for k in np.flatnonzero(blocking):
        a, q = int(who[k]), int(p[k])
        problems.append(
            f"{names.a(a)} and {names.p(q)} block the matching: {names.a(a)} ranks "
            f"{names.p(q)} above {names.p(int(matching.program[a]))} and {names.p(q)} "
            + ("has a free position" if worst[q] == np.iinfo(np.int64).max else "would take them")
        )
    return problems


def _check_pgy1(
    instance: Instance,
    matching: Matching,
    entry_link: IntArray,
    rank: _Ranks,
    worst: npt.NDArray[np.int64],
    capacity: IntArray,
    names: _Names,
) -> list[str]:
    market = instance.market
    offsets, choices = instance.supplemental_offsets, instance.supplemental_choices
    problems = []
    entry_owner = np.repeat(np.arange(market.n_applicants), np.diff(market.app_offsets))
    linking = np.union1d(entry_owner[entry_link >= 0], np.flatnonzero(matching.pgy1 >= 0))
    for a in linking.tolist():
        p = int(matching.program[a])
        own = market.applicant_list(a).tolist()
        active = -1
        if p >= 0 and p in own:
            active = int(entry_link[market.app_offsets[a] + own.index(p)])
        seat = int(matching.pgy1[a])
        if active < 0:
            if seat >= 0:
                problems.append(
                    f"{names.a(a)} has a PGY-1 position at {names.p(seat)} but no supplemental "
                    f"list linked to {names.p(p)}"
                )
            continue
        listed = choices[offsets[active] : offsets[active + 1]].tolist()
        if seat >= 0 and seat not in listed:
            problems.append(f"{names.a(a)}'s PGY-1 position {names.p(seat)} is not on their list")
            continue
        above = listed[: listed.index(seat)] if seat >= 0 else listed
        for q in above:
            r = int(rank(q, a))
            if r >= 0 and capacity[q] > 0 and r < worst[q]:
                problems.append(
                    f"{names.a(a)}'s PGY-1 seat and {names.p(q)} block the matching: the "
                    f"supplemental list ranks {names.p(q)} above {names.p(seat)}, which would "
                    "take them"
                )
                break
    return problems


def _takes(holds: list[tuple[int, int]], cap: int, incoming: list[int], leaving: set[int]) -> bool:
    """Whether a program holding ``holds`` takes every rank in ``incoming`` (responsive
    preferences: the worst of them within its top ``cap``), once ``leaving`` agents left."""
    if cap == 0 or any(r < 0 for r in incoming):
        return False
    worst_in = max(incoming)
    better = sum(1 for r, who in holds if r < worst_in and who not in leaving)
    return better + len(incoming) <= cap


def _check_couples(
    instance: Instance,
    matching: Matching,
    rank: _Ranks,
    holds: list[list[tuple[int, int]]],
    capacity: IntArray,
    names: _Names,
) -> list[str]:
    problems = []
    for c, (m0, m1) in enumerate(instance.couples.tolist()):
        pairs = instance.pairs[instance.pair_offsets[c] : instance.pair_offsets[c + 1]].tolist()
        current = (int(matching.program[m0]), int(matching.program[m1]))
        if matching.pgy1[m0] >= 0 or matching.pgy1[m1] >= 0:
            problems.append(f"couple {names.a(m0)} and {names.a(m1)} hold a PGY-1 seat")
        if current == (-1, -1):
            above = pairs
        elif list(current) in pairs:
            above = pairs[: pairs.index(list(current))]
        else:
            problems.append(
                f"couple {names.a(m0)} and {names.a(m1)} are matched to "
                f"({names.p(current[0])}, {names.p(current[1])}), a pair they do not rank"
            )
            continue
        for q0, q1 in above:
            if _pair_blocks(rank, holds, capacity, (m0, m1), (q0, q1), current):
                problems.append(
                    f"couple {names.a(m0)} and {names.a(m1)} block the matching with "
                    f"({names.p(q0)}, {names.p(q1)}), which they rank above "
                    f"({names.p(current[0])}, {names.p(current[1])}) and which would take them"
                )
                break
    return problems


def _pair_blocks(
    rank: _Ranks,
    holds: list[list[tuple[int, int]]],
    capacity: IntArray,
    members: tuple[int, int],
    pair: tuple[int, int],
    current: tuple[int, int],
) -> bool:
    incoming: dict[int, list[int]] = {}
    for member, q, cur in zip(members, pair, current, strict=True):
        if q >= 0 and q != cur:
            incoming.setdefault(q, []).append(int(rank(q, member)))
    for q, ranks in incoming.items():
        leaving = {
            member
            for member, target, cur in zip(members, pair, current, strict=True)
            if cur == q and target != q
        }
        if not _takes(holds[q], int(capacity[q]), ranks, leaving):
            return False
    return True
