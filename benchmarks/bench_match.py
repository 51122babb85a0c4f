"""Time the match engine on generated NRMP-scale markets, against the `matching` package.

    python benchmarks/bench_match.py [--repeat N] [--reference-size N]

The market (Roth & Peranson 1999; NRMP Main Residency Match figures): about 50,000 applicants,
6,600 program tracks, 43,000 positions, rank lists of about 12 (6 to 18), programs ranking about
90% of the applicants who rank them, by a common score with noise. Measured in one run:

- the singles-only match (target: under 50 ms on a 2-core machine), and proposals per second;
- the same market with 1,100 couples ranking pairs (target: under 200 ms);
- the ratio against the `matching` package's solver on the largest market it takes in a few
  seconds (its documented API fails by recursion at about 1,000 applicants, so its algorithm is
  called directly, on the same market cut to mutually acceptable pairs);
- one incremental insertion ("what if I also rank X"), in microseconds.

Compilation is excluded: every kernel runs once on the market before it is timed (and numba
caches the machine code on disk with ``cache=True``).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from matchwise.engine.match.deferred_acceptance import (
    Instance,
    insert_applicant,
    make_instance,
    singles_market,
    solve,
    solve_singles,
    solve_singles_state,
)

sys.path.insert(0, str(Path(__file__).parents[1]))
from tests.engine.match_markets import reference_matching  # after the path


def nrmp_market(
    rng: np.random.Generator,
    n_applicants: int = 50_000,
    n_programs: int = 6_600,
    positions: int = 43_000,
    n_couples: int = 0,
) -> Instance:
    """A synthetic market shaped like the NRMP's (never real data)."""
    capacity = 1 + rng.multinomial(positions - n_programs, np.ones(n_programs) / n_programs)
    quality = rng.normal(size=n_programs)
    popularity = np.exp(quality)
    cdf = np.cumsum(popularity / popularity.sum())
    # Each applicant draws 24 candidates by popularity, keeps 6 to 18 distinct ones, best first.
    candidates = np.minimum(np.searchsorted(cdf, rng.random((n_applicants, 24))), n_programs - 1)
    taste = quality[candidates] + rng.normal(size=candidates.shape)
    order = np.argsort(candidates, axis=1, kind="stable")
    sorted_c = np.take_along_axis(candidates, order, axis=1)
    repeat = np.zeros_like(sorted_c, dtype=bool)
    repeat[:, 1:] = sorted_c[:, 1:] == sorted_c[:, :-1]
    dup = np.zeros_like(repeat)
    np.put_along_axis(dup, order, repeat, axis=1)
    taste[dup] = -np.inf
    ranked = np.take_along_axis(candidates, np.argsort(-taste, axis=1), axis=1)
    lengths = np.minimum(rng.integers(6, 19, size=n_applicants), (~dup).sum(axis=1))
    applicant_lists = [ranked[a, : lengths[a]].tolist() for a in range(n_applicants)]
    # Couples: two applicants' lists combined into pairs by joint taste, then "one alone".
    couples = [(2 * c, 2 * c + 1) for c in range(n_couples)]
    pair_lists = []
    for m0, m1 in couples:
        first, second = applicant_lists[m0][:5], applicant_lists[m1][:5]
        pairs = [(p, q) for i, p in enumerate(first) for j, q in enumerate(second) if i + j < 6]
        pairs.sort(key=lambda pq: first.index(pq[0]) + second.index(pq[1]))
        pairs += [(p, -1) for p in first[:3]] + [(-1, q) for q in second[:3]]
        pair_lists.append(pairs)
    wanted: list[set[int]] = [set() for _ in range(n_programs)]
    for a, lst in enumerate(applicant_lists):
        for p in lst:
            wanted[p].add(a)
    for (m0, m1), pairs in zip(couples, pair_lists, strict=True):
        applicant_lists[m0] = applicant_lists[m1] = []
        for p, q in pairs:
            if p >= 0:
                wanted[p].add(m0)
            if q >= 0:
                wanted[q].add(m1)
    score = rng.normal(size=n_applicants)
    program_lists = []
    for p in range(n_programs):
        pool = np.fromiter(wanted[p], np.int64, count=len(wanted[p]))
        pool = pool[rng.random(pool.shape[0]) < 0.9]
        program_lists.append(pool[np.argsort(-(score[pool] + rng.normal(size=pool.shape[0])))])
    market = singles_market(
        applicant_lists=applicant_lists,
        program_lists=[lst.tolist() for lst in program_lists],
        capacity=capacity.tolist(),
    )
    return make_instance(market, couples=couples, pair_lists=pair_lists)


def _time(run: Callable[[], object], repeat: int) -> float:
    run()  # compile or load the kernels, warm the caches
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument(
        "--reference-size", type=int, default=10_000, help="applicants for the `matching` run"
    )
    args = parser.parse_args()
    rng = np.random.default_rng(2027)
    singles = nrmp_market(rng).market
    positions = int(singles.capacity.sum())
    print(
        f"market: {singles.n_applicants:,} applicants, {singles.n_programs:,} programs, "
        f"{positions:,} positions, lists of {singles.app_choices.size / singles.n_applicants:.1f}"
    )
    singles_s = _time(lambda: solve_singles(singles), args.repeat)
    proposals = solve_singles_state(singles).proposals
    print(
        f"singles-only match: {singles_s * 1000:7.1f} ms (target < 50) | "
        f"{proposals:,} proposals, {proposals / singles_s / 1e6:.1f} M proposals/s"
    )
    full = nrmp_market(np.random.default_rng(2027), n_couples=1_100)
    result = solve(full)
    couples_s = _time(lambda: solve(full), args.repeat)
    print(
        f"with 1,100 couples: {couples_s * 1000:7.1f} ms (target < 200) | {result.outcome}, "
        f"{result.runs} run(s), {result.rounds} round(s) of repair, "
        f"{result.proposals:,} proposals | ratio to singles-only {couples_s / singles_s:.1f}x"
    )
    n_ref = args.reference_size
    small = nrmp_market(
        np.random.default_rng(1), n_ref, n_ref * 6_600 // 50_000, n_ref * 43_000 // 50_000
    ).market
    ours = _time(lambda: solve_singles(small), args.repeat)
    start = time.perf_counter()
    reference = reference_matching(small)
    theirs = time.perf_counter() - start
    assert np.array_equal(reference, solve_singles(small)), "the matchings differ"
    print(
        f"`matching` package on {small.n_applicants:,} applicants, {small.n_programs:,} "
        f"programs: {theirs:7.2f} s vs ours {ours * 1000:.2f} ms | same matching | "
        f"ratio {theirs / ours:,.0f}x"
    )
    solved = solve_singles_state(singles)
    choice = [int(p) for p in rng.choice(singles.n_programs, size=12, replace=False)]
    positions_at = [len(singles.program_list(p)) // 2 for p in choice]
    insert_s = _time(lambda: insert_applicant(solved, choice, positions_at), args.repeat * 20)
    print(
        f"incremental insertion (12 programs, ranked mid-list by each): {insert_s * 1e6:7.1f} µs"
        f" | ratio to a full singles solve {singles_s / insert_s:,.0f}x"
    )


if __name__ == "__main__":
    main()
