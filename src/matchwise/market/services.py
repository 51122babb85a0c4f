"""The Market page's services: ask for a simulation, find the owner's simulations.

Every query is scoped to the owner: a simulation of someone else's is never found (the views
answer 404).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from matchwise.market.models import UNFINISHED, MarketSimulation
from matchwise.market.simulation import (
    DEFAULT_SEED,
    SimulationError,
    SimulationRequest,
    scenario_specs,
)
from matchwise.market.tasks import launch
from matchwise.pick.web import applicant_of

RECENT = 10


def simulations_of(owner: Any) -> QuerySet[MarketSimulation]:
    return MarketSimulation.objects.filter(owner=owner)


def simulation_of(owner: Any, simulation_id: object) -> MarketSimulation | None:
    """The owner's simulation with this id, or None (also for a malformed id)."""
    try:
        pk = int(str(simulation_id))
    except ValueError:
        return None
    return simulations_of(owner).filter(pk=pk).first()


def recent_simulations(owner: Any) -> list[MarketSimulation]:
    return list(simulations_of(owner).defer("result")[:RECENT])


def ask_simulation(
    owner: Any,
    *,
    specialty: str,
    runs: int,
    changes: tuple[str, ...],
    seed: int = DEFAULT_SEED,
    me: bool = False,
) -> MarketSimulation:
    """Check the request, store it, and start it (a thread locally, the worker when hosted).

    ``me``: put the owner (their Pick profile as it is now) in every market. One simulation at
    a time per user: a second one while the first is unfinished is refused.
    """
    profile = applicant_of(owner) if me else None
    if me and profile is None:
        raise SimulationError("to put yourself in the market, fill in your Profile first")
    request = SimulationRequest(specialty=specialty, runs=runs, seed=seed, changes=changes)
    scenarios = scenario_specs(request)  # raises SimulationError, with the reason
    if simulations_of(owner).filter(status__in=UNFINISHED).exists():
        raise SimulationError("a simulation of yours is still running: wait for it to finish")
    simulation = MarketSimulation.objects.create(
        owner=owner,
        specialty=specialty,
        runs=runs,
        seed=seed,
        changes=list(changes),
        entrant_profile=profile.model_dump(mode="json") if profile else None,
        total=runs * len(scenarios),
    )
    launch(simulation)
    return simulation
