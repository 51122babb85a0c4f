"""Running simulations in the background.

- **Local mode** (``matchwise serve``): a simulation starts at once in a thread of the server;
  its runs go to worker processes (:mod:`matchwise.market.runner`).
- **Hosted mode**: the Market page only queues the simulation (a row in the database);
  ``matchwise market worker`` takes queued simulations one at a time, oldest first, and runs
  them. Any number of workers may run against one database: a simulation is claimed by a
  conditional update (``queued`` -> ``running``), which only one worker can win.

Progress is written to the row after every run, so the page's progress bar reads the database
and works whichever process runs the simulation.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone

from matchwise.engine.pick.profile import Profile
from matchwise.market.models import UNFINISHED, MarketSimulation, Status
from matchwise.market.simulation import (
    SimulationError,
    SimulationRequest,
    result_to_dict,
    run_simulation,
)

log = logging.getLogger(__name__)
INTERRUPTED = "interrupted: the server stopped before the simulation finished; run it again"
FAILED = "the simulation failed unexpectedly (the server's log has the details)"
WORKER_STOPPED = "interrupted: its worker stopped before it finished; run it again"
STALE = timedelta(minutes=10)  # a run takes seconds: ten minutes without one is a dead worker
SERVER_STARTED = timezone.now()  # local mode: older unfinished simulations were cut off


def launch(simulation: MarketSimulation) -> None:
    """Start ``simulation`` now in a thread (local mode); hosted mode leaves it queued."""
    if settings.MATCHWISE_HOSTED:
        return
    thread = threading.Thread(
        target=_run_in_thread, args=(simulation.pk,), name=f"market-{simulation.pk}", daemon=True
    )
    thread.start()


def _run_in_thread(pk: int) -> None:
    try:
        run_task(pk)
    finally:
        connection.close()  # the thread's own connection


def claim(pk: int) -> bool:
    """Mark a queued simulation running; False if another process took it first."""
    now = timezone.now()
    won = MarketSimulation.objects.filter(pk=pk, status=Status.QUEUED).update(
        status=Status.RUNNING, started=now, heartbeat=now
    )
    return won == 1


def run_task(pk: int, *, workers: int | None = None) -> bool:
    """Claim and run one simulation, recording progress, the result or the reason it failed.

    False if it was not queued (another worker took it, or it was run already).
    """
    if not claim(pk):
        return False
    row = MarketSimulation.objects.get(pk=pk)
    request = SimulationRequest(
        specialty=row.specialty,
        runs=row.runs,
        seed=row.seed,
        changes=tuple(row.changes),
        workers=workers,
        profile=Profile.model_validate(row.entrant_profile) if row.entrant_profile else None,
    )
    rows = MarketSimulation.objects.filter(pk=pk)

    def progress(done: int, total: int) -> None:
        rows.update(done=done, total=total, heartbeat=timezone.now())

    try:
        result = run_simulation(request, progress=progress)
    except SimulationError as exc:
        rows.update(status=Status.FAILED, error=str(exc), finished=timezone.now())
    except Exception:
        log.exception("market simulation %s failed", pk)
        rows.update(status=Status.FAILED, error=FAILED, finished=timezone.now())
    else:
        rows.update(status=Status.DONE, result=result_to_dict(result), finished=timezone.now())
    return True


def mark_interrupted() -> None:
    """Say so when a simulation can no longer finish, so that the page stops waiting for it
    (and its owner may ask for another).

    Local mode: one left unfinished by an earlier run of the server (its thread died with it).
    Hosted mode: one running whose heartbeat (written after every run, a few seconds apart)
    stopped ``STALE`` ago: its worker was stopped.
    """
    now = timezone.now()
    if settings.MATCHWISE_HOSTED:
        stale = MarketSimulation.objects.filter(status=Status.RUNNING, heartbeat__lt=now - STALE)
        stale.update(status=Status.FAILED, error=WORKER_STOPPED, finished=now)
        return
    MarketSimulation.objects.filter(status__in=UNFINISHED, created__lt=SERVER_STARTED).update(
        status=Status.FAILED, error=INTERRUPTED, finished=now
    )


def next_queued() -> int | None:
    row = MarketSimulation.objects.filter(status=Status.QUEUED).order_by("created", "id").first()
    return row.pk if row else None


def work(
    *,
    once: bool = False,
    poll_seconds: float = 2.0,
    workers: int | None = None,
    echo: Callable[[str], None] = print,
    sleep: Callable[[float], None] = time.sleep,
) -> int:
    """Run queued simulations until stopped (or, with ``once``, until none is queued).

    Returns how many simulations this worker ran.
    """
    ran = 0
    while True:
        # a long-lived worker drops a connection the database closed, as Django does per
        # request; not inside a transaction (a test's), which closing would break
        if not connection.in_atomic_block:
            close_old_connections()
        pk = next_queued()
        if pk is None:
            if once:
                return ran
            sleep(poll_seconds)
            continue
        started = time.perf_counter()
        if run_task(pk, workers=workers):
            ran += 1
            row = MarketSimulation.objects.get(pk=pk)
            took = time.perf_counter() - started
            echo(f"simulation {pk} ({row.label}): {row.status} in {took:.1f} s")
