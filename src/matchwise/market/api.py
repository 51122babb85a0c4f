"""The Market's JSON routes: ask for a simulation (it runs in the background, as from the page),
follow its progress, read its result; all scoped to the caller."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from matchwise.market import services
from matchwise.market.models import MarketSimulation
from matchwise.market.simulation import DEFAULT_SEED, SimulationError
from matchwise.market.tasks import mark_interrupted

router = Router(tags=["market"])


class SimulationIn(Schema):
    specialty: str
    runs: int = 20
    changes: tuple[str, ...] = ()
    seed: int = DEFAULT_SEED
    me: bool = False  # put yourself (your Pick profile) in every market


def _out(row: MarketSimulation, *, with_result: bool) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": row.pk, "specialty": row.specialty, "runs": row.runs, "seed": row.seed,
        "changes": row.changes, "me": row.entrant_profile is not None, "status": row.status,
        "done": row.done, "total": row.total, "error": row.error or None,
        "created": row.created.isoformat(),
        "finished": row.finished.isoformat() if row.finished else None,
    }  # fmt: skip
    if with_result:
        data["result"] = row.result
    return data


@router.get("/simulations", summary="Your recent simulations (without their results)")
def list_simulations(request: HttpRequest) -> list[dict[str, Any]]:
    mark_interrupted()
    return [_out(r, with_result=False) for r in services.recent_simulations(request.user)]


@router.post("/simulations", summary="Ask for a simulation; it runs in the background")
def create_simulation(request: HttpRequest, payload: SimulationIn) -> dict[str, Any]:
    try:
        row = services.ask_simulation(
            request.user, specialty=payload.specialty, runs=payload.runs,
            changes=tuple(payload.changes), seed=payload.seed, me=payload.me,
        )  # fmt: skip
    except SimulationError as exc:
        raise HttpError(400, str(exc)) from None
    row.refresh_from_db()
    return _out(row, with_result=True)


@router.get("/simulations/{simulation_id}", summary="One simulation: progress, then its result")
def get_simulation(request: HttpRequest, simulation_id: int) -> dict[str, Any]:
    mark_interrupted()
    row = services.simulation_of(request.user, simulation_id)
    if row is None:
        raise HttpError(404, f"no simulation {simulation_id}")
    return _out(row, with_result=True)
