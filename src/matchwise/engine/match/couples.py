"""Compiled Roth–Peranson deferred acceptance: singles, couples and supplemental PGY-1 lists.

The NRMP's algorithm (Roth & Peranson 1999), on the flat arrays of
:class:`matchwise.engine.match.deferred_acceptance.Instance`:

1. Single applicants propose down their lists, as in plain deferred acceptance. An applicant
   held by an advanced (PGY-2) program whose list entry links a supplemental list gets a
   *PGY-1 seat* that proposes down that list; losing the advanced position withdraws it.
2. Couples enter one at a time and propose pairs of programs: a pair is held only if both
   programs would take their member (a program named twice must take both); -1 means "no
   position for this member".
3. When a couple member is displaced, the couple withdraws the partner too and proposes its
   next pair. A withdrawal leaves a vacancy that someone rejected earlier may now want: after
   the proposals stop, every applicant, PGY-1 seat and couple is checked for a blocking pair;
   each one found is sent back to propose from there, and the proposals resume. This repeats
   until no blocking pair is left (stable) or ``max_rounds`` is reached (the caller re-runs
   with another order of couples and reports when no stable matching was found).

Agents held by programs (``hwho``): applicant ``a`` for their own position, ``n + a`` for the
PGY-1 seat of their supplemental list. Work items: ``a`` (single), ``n + a`` (PGY-1 seat),
``2n + c`` (couple). Keys as in :mod:`matchwise.engine.match.proposals`.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numba import njit

from matchwise.engine.match.proposals import heap_push, heap_replace_top

Array = Any

# Fields of the static tuple ``m`` (the instance) and the state tuple ``s``.
OFFSETS, CHOICES, KEYS, LINKS, SUPP_OFF, SUPP_CHOICES, SUPP_KEYS = 0, 1, 2, 3, 4, 5, 6
COUPLES, PAIR_OFF, PAIRS, PAIR_KEYS, MEMBER_COUPLE, CAPACITY, CAP_OFF = 7, 8, 9, 10, 11, 12, 13
COUNT, HKEY, HWHO, NXT, MATCH, GNEXT, GMATCH, GLIST, CNEXT, CPAIR = range(10)
STACK, QUEUED, TALLY = 10, 11, 12  # TALLY: [stack size, proposals]


@njit(cache=True)
def lookup_keys(prog_offsets: Array, prog_choices: Array, who: Array, where: Array) -> Array:
    """The key of applicant ``who[i]`` at program ``where[i]`` (-1 when ``where[i]`` is -1 or
    does not rank them), by a scan of the program's list (first occurrence counts)."""
    keys = np.full(who.shape[0], -1, np.int32)
    for i in range(who.shape[0]):
        p = where[i]
        if p < 0:
            continue
        start = prog_offsets[p]
        for j in range(start, prog_offsets[p + 1]):
            if prog_choices[j] == who[i]:
                keys[i] = 2 * (j - start) + 1
                break
    return keys


@njit(cache=True)
def new_state(n_app: int, n_prog: int, n_slots: int, n_couples: int) -> Array:
    """Empty state: held applicants per program, pointers and matches of every agent."""
    return (
        np.zeros(n_prog, np.int32),  # COUNT
        np.zeros(n_slots, np.int32),  # HKEY
        np.zeros(n_slots, np.int32),  # HWHO
        np.zeros(n_app, np.int64),  # NXT: next entry of the primary list
        np.full(n_app, -1, np.int32),  # MATCH: program of the applicant's own position
        np.zeros(n_app, np.int64),  # GNEXT: next entry of the active supplemental list
        np.full(n_app, -1, np.int32),  # GMATCH: program of the PGY-1 seat
        np.full(n_app, -1, np.int64),  # GLIST: active supplemental list
        np.zeros(n_couples, np.int64),  # CNEXT: next pair
        np.full(n_couples, -1, np.int64),  # CPAIR: pair held
        np.zeros(2 * n_app + n_couples, np.int64),  # STACK of work items
        np.zeros(2 * n_app + n_couples, np.bool_),  # QUEUED: item on the stack
        np.zeros(2, np.int64),  # TALLY
    )


@njit(cache=True, inline="always")
def push(s: Array, item: int) -> None:
    if not s[QUEUED][item]:
        s[QUEUED][item] = True
        s[STACK][s[TALLY][0]] = item
        s[TALLY][0] += 1


@njit(cache=True, inline="always")
def accepts(m: Array, s: Array, p: int, key: int) -> bool:
    """Whether program ``p`` would hold an applicant with ``key`` now."""
    if key < 0 or m[CAPACITY][p] == 0:
        return False
    return bool(s[COUNT][p] < m[CAPACITY][p] or key < s[HKEY][m[CAP_OFF][p]])


@njit(cache=True, inline="always")
def ranked_above(m: Array, s: Array, p: int, key: int, skip0: int, skip1: int) -> int:
    """How many applicants program ``p`` holds with a better key, leaving out two agents."""
    base = m[CAP_OFF][p]
    better = 0
    for i in range(base, base + s[COUNT][p]):
        who = s[HWHO][i]
        if s[HKEY][i] < key and who != skip0 and who != skip1:
            better += 1
    return better


@njit(cache=True, inline="always")
def hold(m: Array, s: Array, p: int, key: int, who: int) -> int:
    """Hold ``who`` at ``p`` (which takes them); returns the agent pushed out, or -1."""
    base = m[CAP_OFF][p]
    size = s[COUNT][p]
    if size < m[CAPACITY][p]:
        heap_push(s[HKEY], s[HWHO], base, size, key, who)
        s[COUNT][p] = size + 1
        return -1
    out: int = s[HWHO][base]
    heap_replace_top(s[HKEY], s[HWHO], base, size, key, who)
    return out


@njit(cache=True, inline="always")
def release(m: Array, s: Array, p: int, who: int) -> None:
    """Take ``who`` out of program ``p``'s held applicants (a withdrawal: leaves a vacancy)."""
    hkey, hwho = s[HKEY], s[HWHO]
    base = m[CAP_OFF][p]
    size = s[COUNT][p]
    i = 0
    while i < size and hwho[base + i] != who:
        i += 1
    if i == size:
        return
    last = size - 1
    s[COUNT][p] = last
    if i == last:
        return
    key, moved = hkey[base + last], hwho[base + last]
    # Put the last element in the hole, then sift it up or down.
    while i > 0:
        parent = (i - 1) >> 1
        if hkey[base + parent] >= key:
            break
        hkey[base + i] = hkey[base + parent]
        hwho[base + i] = hwho[base + parent]
        i = parent
    while True:
        child = 2 * i + 1
        if child >= last:
            break
        if child + 1 < last and hkey[base + child + 1] > hkey[base + child]:
            child += 1
        if hkey[base + child] <= key:
            break
        hkey[base + i] = hkey[base + child]
        hwho[base + i] = hwho[base + child]
        i = child
    hkey[base + i] = key
    hwho[base + i] = moved


@njit(cache=True, inline="always")
def drop_pgy1_seat(m: Array, s: Array, a: int) -> None:
    n = s[MATCH].shape[0]
    if s[GMATCH][a] >= 0:
        release(m, s, s[GMATCH][a], n + a)
        s[GMATCH][a] = -1
    s[GLIST][a] = -1


@njit(cache=True, inline="always")
def unseat(m: Array, s: Array, who: int) -> None:
    """``who`` was pushed out of its program: a PGY-1 seat proposes on; a single loses their
    PGY-1 seat and proposes on; a couple withdraws the partner and proposes its next pair."""
    n = s[MATCH].shape[0]
    if who >= n:
        s[GMATCH][who - n] = -1
        push(s, who)
        return
    s[MATCH][who] = -1
    c = m[MEMBER_COUPLE][who]
    if c < 0:
        drop_pgy1_seat(m, s, who)
        push(s, who)
        return
    couple = m[COUPLES][c]
    partner = couple[1] if couple[0] == who else couple[0]
    if s[MATCH][partner] >= 0:
        release(m, s, s[MATCH][partner], partner)
        s[MATCH][partner] = -1
    s[CPAIR][c] = -1
    push(s, 2 * n + c)


@njit(cache=True, inline="always")
def propose_single(m: Array, s: Array, a: int) -> None:
    match = s[MATCH]
    if match[a] >= 0:
        return
    offsets, choices, keys, capacity = m[OFFSETS], m[CHOICES], m[KEYS], m[CAPACITY]
    cap_off, count, hkey = m[CAP_OFF], s[COUNT], s[HKEY]
    end = offsets[a + 1]
    k = s[NXT][a]
    while k < end:
        p = choices[k]
        key = keys[k]
        k += 1
        if key < 0 or capacity[p] == 0:
            continue
        s[TALLY][1] += 1
        if count[p] < capacity[p] or key < hkey[cap_off[p]]:
            out = hold(m, s, p, key, a)
            s[NXT][a] = k
            match[a] = p
            supplemental = m[LINKS][k - 1]
            if supplemental >= 0:
                s[GLIST][a] = supplemental
                s[GNEXT][a] = m[SUPP_OFF][supplemental]
                push(s, match.shape[0] + a)
            if out >= 0:
                unseat(m, s, out)
            return
    s[NXT][a] = end


@njit(cache=True, inline="always")
def propose_pgy1(m: Array, s: Array, a: int) -> None:
    gmatch, glist, gnext = s[GMATCH], s[GLIST], s[GNEXT]
    supplemental = glist[a]
    if supplemental < 0 or gmatch[a] >= 0:
        return
    choices, keys, capacity = m[SUPP_CHOICES], m[SUPP_KEYS], m[CAPACITY]
    cap_off, count, hkey = m[CAP_OFF], s[COUNT], s[HKEY]
    end = m[SUPP_OFF][supplemental + 1]
    k = gnext[a]
    while k < end:
        p = choices[k]
        key = keys[k]
        k += 1
        if key < 0 or capacity[p] == 0:
            continue
        s[TALLY][1] += 1
        if count[p] < capacity[p] or key < hkey[cap_off[p]]:
            out = hold(m, s, p, key, gmatch.shape[0] + a)
            gnext[a] = k
            gmatch[a] = p
            if out >= 0:
                unseat(m, s, out)
            return
    gnext[a] = end


@njit(cache=True, inline="always")
def pair_takes(m: Array, s: Array, c: int, j: int) -> bool:
    """Whether both programs of pair ``j`` would take the couple's members now, given where
    they are (a member already at the program stays; one leaving it frees the position)."""
    m0, m1 = m[COUPLES][c, 0], m[COUPLES][c, 1]
    q0, q1 = m[PAIRS][j, 0], m[PAIRS][j, 1]
    k0, k1 = m[PAIR_KEYS][j, 0], m[PAIR_KEYS][j, 1]
    cur0, cur1 = s[MATCH][m0], s[MATCH][m1]
    if q0 < 0 and q1 < 0:
        return False
    if (q0 >= 0 and (k0 < 0 or m[CAPACITY][q0] == 0)) or (
        q1 >= 0 and (k1 < 0 or m[CAPACITY][q1] == 0)
    ):
        return False
    if q0 == q1:
        incoming = 0
        worst = -1
        if cur0 != q0:
            incoming += 1
            worst = max(worst, k0)
        if cur1 != q1:
            incoming += 1
            worst = max(worst, k1)
        if incoming == 0:
            return True
        return bool(ranked_above(m, s, q0, worst, -1, -1) + incoming <= m[CAPACITY][q0])
    if q0 >= 0 and cur0 != q0:
        leaving = m1 if cur1 == q0 else -1
        if ranked_above(m, s, q0, k0, leaving, -1) + 1 > m[CAPACITY][q0]:
            return False
    if q1 >= 0 and cur1 != q1:
        leaving = m0 if cur0 == q1 else -1
        if ranked_above(m, s, q1, k1, leaving, -1) + 1 > m[CAPACITY][q1]:
            return False
    return True


@njit(cache=True, inline="always")
def propose_couple(m: Array, s: Array, c: int) -> None:
    if s[CPAIR][c] >= 0:
        return
    m0, m1 = m[COUPLES][c, 0], m[COUPLES][c, 1]
    end = m[PAIR_OFF][c + 1]
    j = s[CNEXT][c]
    while j < end:
        q0, q1 = m[PAIRS][j, 0], m[PAIRS][j, 1]
        j += 1
        s[TALLY][1] += 1
        if not pair_takes(m, s, c, j - 1):
            continue
        out0 = hold(m, s, q0, m[PAIR_KEYS][j - 1, 0], m0) if q0 >= 0 else -1
        out1 = hold(m, s, q1, m[PAIR_KEYS][j - 1, 1], m1) if q1 >= 0 else -1
        s[MATCH][m0] = q0
        s[MATCH][m1] = q1
        s[CPAIR][c] = j - 1
        s[CNEXT][c] = j
        if out0 >= 0:
            unseat(m, s, out0)
        if out1 >= 0:
            unseat(m, s, out1)
        return
    s[CNEXT][c] = end


@njit(cache=True)
def run(m: Array, s: Array) -> None:
    """Process work items until none is left."""
    n = s[MATCH].shape[0]
    stack, queued, tally = s[STACK], s[QUEUED], s[TALLY]
    while tally[0] > 0:
        tally[0] -= 1
        item = stack[tally[0]]
        queued[item] = False
        if item < n:
            propose_single(m, s, item)
        elif item < 2 * n:
            propose_pgy1(m, s, item - n)
        else:
            propose_couple(m, s, item - 2 * n)


@njit(cache=True)
def first_block(m: Array, s: Array, start: int, stop: int, choices: Array, keys: Array) -> int:
    """The first entry in ``start:stop`` whose program would take its applicant now, or -1."""
    capacity, cap_off, count, hkey = m[CAPACITY], m[CAP_OFF], s[COUNT], s[HKEY]
    for k in range(start, stop):
        p, key = choices[k], keys[k]
        if key >= 0 and capacity[p] > 0 and (count[p] < capacity[p] or key < hkey[cap_off[p]]):
            return k
    return -1


@njit(cache=True)
def repair(m: Array, s: Array, fix: bool) -> int:
    """Count the agents in a blocking pair; with ``fix``, send each back to propose from the
    best pair it blocks with (withdrawing it from where it is)."""
    n = s[MATCH].shape[0]
    match, nxt, gmatch, gnext, glist = s[MATCH], s[NXT], s[GMATCH], s[GNEXT], s[GLIST]
    offsets, choices, keys, member_couple = m[OFFSETS], m[CHOICES], m[KEYS], m[MEMBER_COUPLE]
    supp_off, supp_choices, supp_keys = m[SUPP_OFF], m[SUPP_CHOICES], m[SUPP_KEYS]
    found = 0
    for a in range(n):
        if member_couple[a] >= 0:
            continue
        held = match[a] >= 0
        stop = nxt[a] - 1 if held else nxt[a]
        k = first_block(m, s, offsets[a], stop, choices, keys)
        if k >= 0:
            found += 1
            if fix:
                if held:
                    release(m, s, match[a], a)
                    match[a] = -1
                drop_pgy1_seat(m, s, a)
                nxt[a] = k
                push(s, a)
            continue
        supplemental = glist[a]
        if supplemental < 0:
            continue
        seated = gmatch[a] >= 0
        stop = gnext[a] - 1 if seated else gnext[a]
        k = first_block(m, s, supp_off[supplemental], stop, supp_choices, supp_keys)
        if k >= 0:
            found += 1
            if fix:
                if seated:
                    release(m, s, gmatch[a], n + a)
                    gmatch[a] = -1
                gnext[a] = k
                push(s, n + a)
    couples, pair_off, cpair, cnext = m[COUPLES], m[PAIR_OFF], s[CPAIR], s[CNEXT]
    for c in range(couples.shape[0]):
        stop = cpair[c] if cpair[c] >= 0 else cnext[c]
        for j in range(pair_off[c], stop):
            if pair_takes(m, s, c, j):
                found += 1
                if fix:
                    for member in couples[c]:
                        if match[member] >= 0:
                            release(m, s, match[member], member)
                            match[member] = -1
                    cpair[c] = -1
                    cnext[c] = j
                    push(s, 2 * n + c)
                break
    return found


@njit(cache=True)
def solve_once(m: Array, order: Array, max_rounds: int) -> Array:
    """One run: singles first, then the couples in ``order``, then rounds of repair.

    Returns ``(match, pgy1 match, count, proposals, rounds, blocking agents left)``.
    """
    n = m[OFFSETS].shape[0] - 1
    n_prog = m[CAPACITY].shape[0]
    n_couples = m[COUPLES].shape[0]
    s = new_state(n, n_prog, m[CAP_OFF][n_prog], n_couples)
    for a in range(n):
        s[NXT][a] = m[OFFSETS][a]
    for c in range(n_couples):
        s[CNEXT][c] = m[PAIR_OFF][c]
    for a in range(n - 1, -1, -1):
        if m[MEMBER_COUPLE][a] < 0:
            push(s, a)
    run(m, s)
    for c in order:
        push(s, 2 * n + c)
        run(m, s)
    rounds = 0
    left = 0
    if n_couples > 0 or m[SUPP_OFF].shape[0] > 1:
        # The last pass only counts, so that the state is the matching it counted on.
        left = repair(m, s, max_rounds > 0)
        while left > 0 and rounds < max_rounds:
            run(m, s)
            rounds += 1
            left = repair(m, s, rounds < max_rounds)
    return s[MATCH], s[GMATCH], s[COUNT], s[TALLY][1], rounds, left
