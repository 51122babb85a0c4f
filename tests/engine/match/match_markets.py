"""Random singles markets and the `matching` package's solver, as the independent reference."""

from __future__ import annotations

import numpy as np
from matching.algorithms.hospital_resident import resident_optimal
from matching.games.hospital_resident import _make_players

from matchwise.engine.match.deferred_acceptance import (
    Instance,
    SinglesMarket,
    make_instance,
    singles_market,
)


def random_market(
    rng: np.random.Generator,
    n_applicants: int,
    n_programs: int,
    *,
    list_length: int = 5,
    max_capacity: int = 3,
    min_capacity: int = 0,
    unranked_share: float = 0.1,
    stranger_share: float = 0.05,
) -> SinglesMarket:
    """Applicants rank up to ``list_length`` programs; each program ranks most of those who rank
    it (``unranked_share`` left out) and a few who do not (``stranger_share``), in random order."""
    applicant_lists = []
    rankers: list[list[int]] = [[] for _ in range(n_programs)]
    for a in range(n_applicants):
        length = int(rng.integers(0, min(list_length, n_programs) + 1)) if n_programs else 0
        choices = rng.choice(n_programs, size=length, replace=False).tolist() if length else []
        applicant_lists.append(choices)
        for p in choices:
            if rng.random() >= unranked_share:
                rankers[p].append(a)
    program_lists = []
    for p in range(n_programs):
        ranked = set(rankers[p])
        if n_applicants and stranger_share > 0:
            strangers = rng.integers(0, n_applicants, size=int(stranger_share * len(ranked)) + 1)
            ranked.update(int(a) for a in strangers)
        order = sorted(ranked)
        rng.shuffle(order)
        program_lists.append(order)
    capacity = rng.integers(min_capacity, max_capacity + 1, size=n_programs)
    return singles_market(
        applicant_lists=applicant_lists, program_lists=program_lists, capacity=capacity.tolist()
    )


def reference_matching(market: SinglesMarket) -> np.ndarray:
    """The `matching` package's resident-optimal matching of ``market``.

    Its algorithm wants every list reciprocated, every resident with a list and no hospital
    without a position, so both sides' lists are cut to the mutually acceptable pairs first
    (which is what mutual acceptability means). The game class's documented API deep-copies the
    players and fails by recursion at about 1,000 applicants, so this calls the algorithm itself.
    """
    n_app, n_prog = market.n_applicants, market.n_programs
    open_programs = {p for p in range(n_prog) if market.capacity[p] > 0}
    ranked_by = [set(market.program_list(p).tolist()) for p in range(n_prog)]
    resident_prefs = {}
    for a in range(n_app):
        prefs = [
            p
            for p in dict.fromkeys(market.applicant_list(a).tolist())
            if p in open_programs and a in ranked_by[p]
        ]
        if prefs:
            resident_prefs[a] = prefs
    wanted_by = {p: set() for p in open_programs}
    for a, prefs in resident_prefs.items():
        for p in prefs:
            wanted_by[p].add(a)
    hospital_prefs = {
        p: [a for a in dict.fromkeys(market.program_list(p).tolist()) if a in wanted_by[p]]
        for p in open_programs
    }
    capacities = {p: int(market.capacity[p]) for p in open_programs}
    residents, hospitals = _make_players(resident_prefs, hospital_prefs, capacities)
    resident_optimal(residents, hospitals)
    result = np.full(n_app, -1, np.int32)
    for resident in residents:
        if resident.matching is not None:
            result[resident.name] = resident.matching.name
    return result


def random_instance(
    rng: np.random.Generator, n_singles: int, n_couples: int, n_programs: int
) -> Instance:
    """Singles, couples ranking pairs (some with one member alone), and programs ranking the
    individuals who want them, in random order; a few supplemental lists and reversions."""
    market = random_market(rng, n_singles + 2 * n_couples, n_programs, list_length=5)
    app_lists = [market.applicant_list(a).tolist() for a in range(market.n_applicants)]
    prog_lists = [market.program_list(p).tolist() for p in range(n_programs)]
    couples, pair_lists = [], []
    for c in range(n_couples):
        m0, m1 = n_singles + 2 * c, n_singles + 2 * c + 1
        couples.append((m0, m1))
        pairs = set()
        for _ in range(int(rng.integers(1, 7))):
            q0, q1 = (int(x) for x in rng.integers(-1, n_programs, size=2))
            if (q0, q1) != (-1, -1):
                pairs.add((q0, q1))
        pairs_list = sorted(pairs)
        rng.shuffle(pairs_list)
        pair_lists.append(pairs_list)
        app_lists[m0] = app_lists[m1] = []
        for q0, q1 in pairs_list:
            for member, q in ((m0, q0), (m1, q1)):
                if q >= 0 and member not in prog_lists[q] and rng.random() < 0.9:
                    prog_lists[q].insert(int(rng.integers(0, len(prog_lists[q]) + 1)), member)
    supplemental_lists, links = [], {}
    for a in range(min(n_singles, 3)):
        if app_lists[a]:
            pgy1 = rng.choice(n_programs, size=min(2, n_programs), replace=False).tolist()
            for q in pgy1:
                if a not in prog_lists[q]:
                    prog_lists[q].append(a)
            links[(a, app_lists[a][0])] = len(supplemental_lists)
            supplemental_lists.append(pgy1)
    reverts = {0: n_programs - 1} if n_programs > 1 and rng.random() < 0.5 else {}
    market = singles_market(
        applicant_lists=app_lists, program_lists=prog_lists, capacity=market.capacity.tolist()
    )
    return make_instance(
        market,
        couples=couples,
        pair_lists=pair_lists,
        supplemental_lists=supplemental_lists,
        links=links,
        reverts_to=reverts,
    )
