"""Runs of the market simulator spread over worker processes.

Kept apart from :mod:`matchwise.market.simulation` so that a worker process imports only the
engine (not the file readers, SciPy or Django): each worker starts in about half the time.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from typing import Any

import numpy as np

from matchwise.engine.market.rankcurve import Entrant, simulate_run_with_entrant
from matchwise.engine.market.simulator import MarketSpec, simulate_run
from matchwise.engine.pick.parameters import ModelParameters
from matchwise.engine.pick.program import Program

Progress = Callable[[int, int], None]  # (runs done, runs in all)

# Each worker process loads the catalog and parameters once (not once per run).
_WORKER: dict[str, Any] = {}


def _init_worker(catalog: Sequence[Program], params: ModelParameters) -> None:
    _WORKER["catalog"], _WORKER["params"] = catalog, params


def _run_one(
    spec: MarketSpec, seed: np.random.SeedSequence, entrant: Entrant | None = None
) -> dict[str, float]:
    catalog, params, rng = _WORKER["catalog"], _WORKER["params"], np.random.default_rng(seed)
    if entrant is None:
        return simulate_run(spec, catalog, params, rng)
    return simulate_run_with_entrant(spec, catalog, params, rng, entrant)


def run_tasks(
    tasks: Sequence[tuple[MarketSpec, np.random.SeedSequence]],
    *,
    catalog: Sequence[Program],
    params: ModelParameters,
    workers: int,
    progress: Progress | None = None,
    entrant: Entrant | None = None,
) -> list[dict[str, float]]:
    """Every (spec, seed) run's figures, in the order of ``tasks``, on ``workers`` processes
    (with ``entrant`` in every market when given)."""
    results: list[dict[str, float] | None] = [None] * len(tasks)
    report = progress or (lambda done, total: None)
    report(0, len(tasks))
    if workers == 1:
        _init_worker(catalog, params)
        for i, (spec, seed) in enumerate(tasks):
            results[i] = _run_one(spec, seed, entrant)
            report(i + 1, len(tasks))
    else:
        # "spawn" starts clean interpreters: safe under a threaded web server, and the same
        # on Linux, macOS and Windows.
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(
            workers, mp_context=context, initializer=_init_worker, initargs=(catalog, params)
        ) as pool:
            futures: dict[Future[dict[str, float]], int] = {
                pool.submit(_run_one, spec, seed, entrant): i
                for i, (spec, seed) in enumerate(tasks)
            }
            for done, future in enumerate(as_completed(futures), start=1):
                results[futures[future]] = future.result()
                report(done, len(tasks))
    return [r for r in results if r is not None]
