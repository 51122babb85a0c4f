"""Time the market simulator: one run of IR-Integrated (416) and of DR (420), its parts, and
runs per second on 1 and 2 worker processes.

    python benchmarks/bench_market.py [--runs N]

A run's parts are timed separately: drawing the population and its applications (shared with
calibration: ``build_sample``), drawing interviews and rank lists, and the match itself. The
ratio printed is the match's share of a run: the simulator's cost is the synthetic market, not
the deferred acceptance.

The baseline, measured in the same run: the pool's hard filters asked pair by pair, one Python
call of ``hard_filters`` per applicant and program, as every run did before the population was
drawn on arrays (issue 13: 93% of a 3 s DR run). A DR run should now take a fraction of it.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from matchwise.engine.market.simulator import MarketSpec, generate_market
from matchwise.engine.match.deferred_acceptance import solve_singles, warm_up
from matchwise.engine.pick.filters import hard_filters
from matchwise.engine.pick.population import draw_population
from matchwise.engine.pick.sample import build_sample
from matchwise.formats.pick.catalog import load_demo_catalog
from matchwise.formats.pick.facts import load_facts, population_specs
from matchwise.formats.pick.parameters import read_parameters
from matchwise.market.simulation import SimulationRequest, run_simulation


def _parts(specialty: str, repeat: int) -> float:
    catalog, params = load_demo_catalog(), read_parameters()
    spec = MarketSpec(population_specs(load_facts())[specialty])
    sample_s, market_s, match_s = [], [], []
    for seed in range(repeat):
        t0 = time.perf_counter()
        build_sample(spec.population, catalog, np.random.default_rng(seed))
        t1 = time.perf_counter()
        market = generate_market(spec, catalog, params, np.random.default_rng(seed))
        t2 = time.perf_counter()
        solve_singles(market.rank_lists)
        t3 = time.perf_counter()
        sample_s.append(t1 - t0)
        market_s.append(t2 - t1)
        match_s.append(t3 - t2)
    sample, run, match = (float(np.median(x)) for x in (sample_s, market_s, match_s))
    print(
        f"{specialty}: a run {run + match:.3f} s (population and applications {sample:.3f} s, "
        f"match {match * 1000:.2f} ms: {match / (run + match):.1%} of the run)"
    )
    return run + match


def _baseline(specialty: str) -> float:
    """Seconds for one hard_filters call per (applicant, program) pair of the pool."""
    catalog = load_demo_catalog()
    spec = population_specs(load_facts())[specialty]
    programs = [p for p in catalog if p.specialty.value == specialty]
    pop = draw_population(spec, np.random.default_rng(0), states={"NY": 1.0})
    profiles = [pop.profile(i) for i in range(pop.size)]
    start = time.perf_counter()
    for profile in profiles:
        for program in programs:
            hard_filters(profile, program)
    took = time.perf_counter() - start
    print(
        f"{specialty}: baseline, the filters pair by pair ({len(profiles) * len(programs):,} "
        f"calls): {took:.3f} s"
    )
    return took


def _throughput(specialty: str, runs: int) -> None:
    for workers in (1, 2):
        start = time.perf_counter()
        run_simulation(SimulationRequest(specialty=specialty, runs=runs, workers=workers))
        took = time.perf_counter() - start
        print(f"{specialty}: {runs} runs on {workers} worker(s): {runs / took:.2f} runs/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=16)
    args = parser.parse_args()
    warm_up()
    for specialty in ("416", "420"):
        run = _parts(specialty, 3)
        baseline = _baseline(specialty)
        print(f"{specialty}: a whole run / the filters pair by pair = {run / baseline:.2f}")
        _throughput(specialty, args.runs if specialty == "416" else max(4, args.runs // 4))


if __name__ == "__main__":
    main()
