"""Time a full pick over the DEMO catalog against evaluating one list, in the same run.

    python benchmarks/bench_pick.py [--repeat N]

A pick covers all three specialties of the example profile (IR-Integrated, DR, PGY-1 years),
optimizes list and signals, and computes every interval (200 parameter draws) and the curve.
The baseline is the evaluation of the chosen list (no optimization): the ratio says what the
optimizer costs on top of scoring. The target (issue 2): a full pick well under 0.1 s, so that
the browser can recompute on every slider move.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

import numpy as np

from matchwise.engine.pick.recommend import PickOptions, evaluate_programs, recommend
from matchwise.formats.pick.catalog import load_demo_catalog
from matchwise.formats.pick.facts import load_facts, signal_pools
from matchwise.formats.pick.parameters import read_parameters
from matchwise.pick.service import example_profile_path, fee_schedule, load_profile


def _time(run: Callable[[], object], repeat: int) -> float:
    run()  # warm caches (quadrature nodes, imports)
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    profile = load_profile(example_profile_path())
    catalog = load_demo_catalog()
    params = read_parameters()
    pools = signal_pools(load_facts())
    print(
        f"DEMO catalog: {len(catalog)} programs; profile specialties "
        f"{', '.join(s.value for s in profile.specialties)}"
    )
    for budget in (None, 600.0, 1200.0):
        options = PickOptions(fees=fee_schedule(), budget_usd=budget, signal_pools=pools)
        result = recommend(profile, catalog, params, options, rng=np.random.default_rng(0))
        codes = tuple(p.code for p in result.programs)
        gold = tuple(p.code for p in result.programs if p.signal == "gold")
        silver = tuple(p.code for p in result.programs if p.signal == "silver")
        pick_s = _time(
            lambda o=options: recommend(profile, catalog, params, o, rng=np.random.default_rng(0)),
            args.repeat,
        )
        eval_s = _time(
            lambda o=options, c=codes, g=gold, s=silver: evaluate_programs(
                profile,
                catalog,
                params,
                o,
                codes=c,
                gold=g,
                silver=s,
                rng=np.random.default_rng(0),
            ),
            args.repeat,
        )
        label = "no budget (stop at diminishing returns)" if budget is None else f"${budget:,.0f}"
        print(
            f"budget {label:>40}: {len(codes):3d} programs | pick {pick_s * 1000:7.1f} ms | "
            f"evaluate the same list {eval_s * 1000:6.1f} ms | ratio {pick_s / eval_s:5.1f}x"
        )


if __name__ == "__main__":
    main()
