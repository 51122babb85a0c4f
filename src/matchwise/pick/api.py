"""Pick's JSON routes: the profile, picks, evaluations and plans, all scoped to the caller."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Body, Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from matchwise.formats.pick.profile import ProfileError, profile_from_data
from matchwise.formats.pick.results import result_to_dict
from matchwise.pick.options import OptionError
from matchwise.pick.service import PickRequest, run_evaluate
from matchwise.pick.web import (
    applicant_of,
    pick_for,
    plan_of,
    plans_of,
    profile_of,
    save_plan,
    save_profile,
)
from matchwise.programs.services import all_programs

router = Router(tags=["pick"])


class PickControls(Schema):
    budget_usd: float | None = None
    max_applications: int | None = None
    objective: str | None = None  # p_match | utility | None (auto)
    signals: bool = True
    ir_signals: str | None = None  # "ir-own" (default, conservative) | "ir-shared"


class PlanIn(PickControls):
    name: str = "Plan"


class EvaluateIn(Schema):
    programs: list[str]
    gold: list[str] = Field(default_factory=list)
    silver: list[str] = Field(default_factory=list)


def _check(controls: PickControls) -> None:
    if controls.budget_usd is not None and controls.budget_usd < 0:
        raise HttpError(400, "budget_usd: must be zero or more dollars")
    if controls.max_applications is not None and controls.max_applications < 1:
        raise HttpError(400, "max_applications: must be at least 1")
    if controls.objective not in (None, "p_match", "utility"):
        raise HttpError(400, "objective: one of p_match, utility (or null for automatic)")
    if controls.ir_signals not in (None, "ir-own", "ir-shared"):
        raise HttpError(400, "ir_signals: one of ir-own, ir-shared (or null for ir-own)")


@router.get("/profile", summary="Your profile (404 until you save one)")
def get_profile(request: HttpRequest) -> dict[str, Any]:
    profile = profile_of(request.user)
    if profile is None:
        raise HttpError(404, "no profile yet: PUT one")
    data: dict[str, Any] = profile.model_dump(mode="json")
    return data


@router.put("/profile", summary="Save your profile (validated whole; nothing saved on error)")
def put_profile(request: HttpRequest, payload: Body[dict[str, Any]]) -> dict[str, Any]:
    try:
        profile = profile_from_data(payload, origin="profile")
    except ProfileError as exc:
        raise HttpError(400, str(exc)) from None
    save_profile(request.user, profile)
    data: dict[str, Any] = profile.model_dump(mode="json")
    return data


def _pick(request: HttpRequest, controls: PickControls) -> Any:
    _check(controls)
    found = pick_for(request.user, budget_usd=controls.budget_usd,
                     max_applications=controls.max_applications,
                     objective=controls.objective, signals=controls.signals,
                     ir_signals=controls.ir_signals)  # fmt: skip
    if found is None:
        raise HttpError(409, "save a profile first (PUT /api/pick/profile)")
    return found[0]


@router.post("/run", summary="Run a pick (documented in docs/pick-output.md)")
def run(request: HttpRequest, controls: PickControls) -> dict[str, Any]:
    return result_to_dict(_pick(request, controls))


@router.post("/evaluate", summary="Score your own list in the same terms")
def evaluate(request: HttpRequest, body: EvaluateIn) -> dict[str, Any]:
    profile = applicant_of(request.user)
    if profile is None:
        raise HttpError(409, "save a profile first (PUT /api/pick/profile)")
    try:
        result = run_evaluate(PickRequest(profile=profile, catalog=all_programs()),
                              body.programs, gold=body.gold, silver=body.silver)  # fmt: skip
    except OptionError as exc:
        raise HttpError(400, str(exc)) from None
    return result_to_dict(result)


@router.post("/plans", summary="Run a pick and save it as a plan")
def create_plan(request: HttpRequest, body: PlanIn) -> dict[str, Any]:
    result = _pick(request, body)
    controls = body.dict(exclude={"name"})
    plan = save_plan(request.user, name=body.name, result=result, controls=controls)
    return {"id": plan.id, "name": plan.name, "parameter_version": plan.parameter_version}


@router.get("/plans", summary="Your plans")
def list_plans(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {"id": p.id, "name": p.name, "created": p.created.isoformat(),
         "parameter_version": p.parameter_version, "p_match": p.result["p_match"]}
        for p in plans_of(request.user)
    ]  # fmt: skip


@router.get("/plans/{plan_id}", summary="One of your plans, exactly as computed")
def get_plan(request: HttpRequest, plan_id: int) -> dict[str, Any]:
    plan = plan_of(request.user, plan_id)
    if plan is None:
        raise HttpError(404, "no such plan")
    return {"id": plan.id, "name": plan.name, "inputs": plan.inputs, "result": plan.result}
