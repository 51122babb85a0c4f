"""Compiled inner loops of applicant-proposing deferred acceptance for single applicants.

Everything here works on flat arrays (the layout of
:class:`matchwise.engine.match.deferred_acceptance.SinglesMarket`) and is compiled by numba;
:mod:`matchwise.engine.match.deferred_acceptance` is the typed API over it.

Conventions shared with :mod:`matchwise.engine.match.couples`:

- A *key* is how a program ranks an applicant, comparable across insertions: the applicant at
  position ``r`` of the program's list has key ``2r + 1``; an applicant inserted just above
  position ``r`` (incremental insertion) has key ``2r``. Lower is better; ``-1`` means the
  program does not rank the applicant (no proposal counts: mutual acceptability).
- Each program's held applicants form a max-heap on key in its own slots of ``heap_key`` and
  ``heap_who`` (``cap_off[p]`` to ``cap_off[p] + capacity[p]``), so the worst held applicant is
  at the top and a better proposal replaces it in O(log capacity).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numba import njit

# The compiled functions take and return numpy arrays (and tuples of them) and ints.
Array = Any


@njit(cache=True)
def entry_keys(
    app_offsets: Array, app_choices: Array, prog_offsets: Array, prog_choices: Array
) -> Array:
    """The key of each rank-list entry: how the program it names ranks its applicant, or -1.

    The first occurrence counts when a list names someone twice. The entries are grouped by
    program (a counting sort), then each program's ranks are spread over a scratch array indexed
    by applicant, read by the entries naming the program, and cleared: linear time.
    """
    n_app = app_offsets.shape[0] - 1
    n_prog = prog_offsets.shape[0] - 1
    n_entries = app_choices.shape[0]
    entry_app = np.empty(n_entries, np.int32)
    for a in range(n_app):
        for k in range(app_offsets[a], app_offsets[a + 1]):
            entry_app[k] = a
    start = np.zeros(n_prog + 1, np.int64)
    for k in range(n_entries):
        start[app_choices[k] + 1] += 1
    for p in range(n_prog):
        start[p + 1] += start[p]
    fill = start[:-1].copy()
    by_program = np.empty(n_entries, np.int64)
    for k in range(n_entries):
        p = app_choices[k]
        by_program[fill[p]] = k
        fill[p] += 1
    keys = np.full(n_entries, -1, np.int32)
    scratch = np.full(n_app, -1, np.int32)
    for p in range(n_prog):
        first = prog_offsets[p]
        for j in range(first, prog_offsets[p + 1]):
            a = prog_choices[j]
            if scratch[a] == -1:
                scratch[a] = 2 * (j - first) + 1
        for i in range(start[p], start[p + 1]):
            k = by_program[i]
            a = entry_app[k]
            if scratch[a] >= 0:
                keys[k] = scratch[a]
                scratch[a] = -2  # a second entry of the same applicant for p does not count
        for j in range(first, prog_offsets[p + 1]):
            scratch[prog_choices[j]] = -1
    return keys


@njit(cache=True, inline="always")
def heap_push(hkey: Array, hwho: Array, base: int, size: int, key: int, who: int) -> None:
    """Add (key, who) to the max-heap of ``size`` elements starting at ``base``."""
    i = size
    while i > 0:
        parent = (i - 1) >> 1
        if hkey[base + parent] >= key:
            break
        hkey[base + i] = hkey[base + parent]
        hwho[base + i] = hwho[base + parent]
        i = parent
    hkey[base + i] = key
    hwho[base + i] = who


@njit(cache=True, inline="always")
def heap_replace_top(hkey: Array, hwho: Array, base: int, size: int, key: int, who: int) -> None:
    """Replace the worst (top) element of a full max-heap by (key, who) and restore the order."""
    i = 0
    while True:
        child = 2 * i + 1
        if child >= size:
            break
        if child + 1 < size and hkey[base + child + 1] > hkey[base + child]:
            child += 1
        if hkey[base + child] <= key:
            break
        hkey[base + i] = hkey[base + child]
        hwho[base + i] = hwho[base + child]
        i = child
    hkey[base + i] = key
    hwho[base + i] = who


@njit(cache=True)
def run_chain(
    a: int,
    n_app: int,
    offsets: Array,
    choices: Array,
    keys: Array,
    x_choices: Array,
    x_keys: Array,
    capacity: Array,
    cap_off: Array,
    state: Array,
    undo: Array,
) -> int:
    """Let applicant ``a`` propose down their list, and every applicant they displace after
    them, until someone is held or runs out of list. Returns the number of proposals.

    ``state`` is ``(count, hkey, hwho, nxt, match)`` (see :func:`new_state`). Applicant
    ``n_app`` (one past the market) is the inserted applicant, whose list is
    ``x_choices``/``x_keys``. When ``undo`` is a journal (see :func:`new_undo`) the old value of
    everything the chain changes is saved first, so that :func:`rollback` can restore it.
    """
    count, hkey, hwho, nxt, match = state
    journal = undo[0]
    proposals = 0
    while a >= 0:
        end = x_choices.shape[0] if a == n_app else offsets[a + 1]
        k = nxt[a]
        p = -1
        displaced = -1
        held = False
        while k < end:
            if a == n_app:
                p = x_choices[k]
                key = x_keys[k]
            else:
                p = choices[k]
                key = keys[k]
            k += 1
            if key < 0:
                continue
            size = count[p]
            cap = capacity[p]
            if cap == 0:
                continue
            proposals += 1
            base = cap_off[p]
            if size < cap:
                if journal.shape[0] > 0:
                    save_program(p, n_app, capacity, cap_off, state, undo)
                heap_push(hkey, hwho, base, size, key, a)
                count[p] = size + 1
                held = True
                break
            if key < hkey[base]:
                displaced = hwho[base]
                if journal.shape[0] > 0:
                    save_program(p, n_app, capacity, cap_off, state, undo)
                    save_applicant(displaced, state, undo)
                heap_replace_top(hkey, hwho, base, size, key, a)
                match[displaced] = -1
                held = True
                break
        if journal.shape[0] > 0:
            save_applicant(a, state, undo)
        nxt[a] = k
        match[a] = p if held else -1
        a = displaced
    return proposals


@njit(cache=True)
def new_state(n_app: int, n_prog: int, n_slots: int) -> Array:
    """Empty solver state with one applicant slot more than the market (for insertion):
    ``(count per program, heap keys, heap applicants, next entry per applicant, program held
    at per applicant or -1)``."""
    return (
        np.zeros(n_prog, np.int32),
        np.zeros(n_slots, np.int32),
        np.zeros(n_slots, np.int32),
        np.zeros(n_app + 1, np.int64),
        np.full(n_app + 1, -1, np.int32),
    )


@njit(cache=True)
def new_undo(n_app: int, n_prog: int, n_slots: int, active: bool) -> Array:
    """A journal for :func:`rollback`, or an inactive one (empty journal) for a plain solve.

    ``(journal, marks, old nxt, old match, old count, old heap keys, old heap applicants)``:
    ``journal[0]`` counts the entries after ``journal[1]`` (the current mark); an entry is an
    applicant ``a`` or a program coded ``n_app + 1 + p``; ``marks`` says what is saved already.
    """
    if not active:
        e32 = np.zeros(0, np.int32)
        return (
            np.zeros(0, np.int64),
            np.zeros(0, np.int64),
            np.zeros(0, np.int64),
            e32,
            e32,
            e32,
            e32,
        )
    journal = np.zeros(2 + n_app + 1 + n_prog, np.int64)
    journal[1] = 1
    return (
        journal,
        np.zeros(n_app + 1 + n_prog, np.int64),
        np.zeros(n_app + 1, np.int64),
        np.zeros(n_app + 1, np.int32),
        np.zeros(n_prog, np.int32),
        np.zeros(n_slots, np.int32),
        np.zeros(n_slots, np.int32),
    )


@njit(cache=True)
def save_applicant(a: int, state: Array, undo: Array) -> None:
    """Save applicant ``a``'s pointer and match the first time the chain touches them."""
    journal, marks, old_nxt, old_match = undo[0], undo[1], undo[2], undo[3]
    if marks[a] != journal[1]:
        marks[a] = journal[1]
        journal[2 + journal[0]] = a
        journal[0] += 1
        old_nxt[a] = state[3][a]
        old_match[a] = state[4][a]


@njit(cache=True)
def save_program(
    p: int, n_app: int, capacity: Array, cap_off: Array, state: Array, undo: Array
) -> None:
    """Save program ``p``'s held applicants the first time the chain touches it."""
    journal, marks = undo[0], undo[1]
    code = n_app + 1 + p
    if marks[code] != journal[1]:
        marks[code] = journal[1]
        journal[2 + journal[0]] = code
        journal[0] += 1
        undo[4][p] = state[0][p]
        for s in range(cap_off[p], cap_off[p] + capacity[p]):
            undo[5][s] = state[1][s]
            undo[6][s] = state[2][s]


@njit(cache=True)
def rollback(n_app: int, capacity: Array, cap_off: Array, state: Array, undo: Array) -> None:
    """Restore everything saved since the last rollback, and start a new journal."""
    journal = undo[0]
    for i in range(2, 2 + journal[0]):
        code = journal[i]
        if code <= n_app:
            state[3][code] = undo[2][code]
            state[4][code] = undo[3][code]
        else:
            p = code - n_app - 1
            state[0][p] = undo[4][p]
            for s in range(cap_off[p], cap_off[p] + capacity[p]):
                state[1][s] = undo[5][s]
                state[2][s] = undo[6][s]
    journal[0] = 0
    journal[1] += 1


@njit(cache=True)
def solve_all(
    offsets: Array, choices: Array, keys: Array, capacity: Array, cap_off: Array, state: Array
) -> int:
    """Run deferred acceptance for every applicant from an empty ``state``; returns the number
    of proposals. The insertion slot (applicant ``n_app``) stays empty."""
    n_app = offsets.shape[0] - 1
    n_prog = capacity.shape[0]
    empty = np.zeros(0, np.int32)
    undo = new_undo(n_app, n_prog, 0, False)
    nxt = state[3]
    for a in range(n_app):
        nxt[a] = offsets[a]
    proposals = 0
    for a in range(n_app):
        proposals += run_chain(
            a, n_app, offsets, choices, keys, empty, empty, capacity, cap_off, state, undo
        )
    return proposals
