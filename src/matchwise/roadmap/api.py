"""The Roadmap's JSON routes: the cycle and pathways (which re-date the plan), milestones,
letters, readiness and the agenda; all scoped to the caller."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from matchwise.engine.roadmap.cycle import Pathway
from matchwise.engine.roadmap.milestones import MilestoneStatus, is_late
from matchwise.roadmap import agenda, services
from matchwise.roadmap.models import LetterRow, Milestone
from matchwise.roadmap.readiness import readiness_of

router = Router(tags=["roadmap"])
PathwayName = Literal["ir-integrated", "dr-esir", "ir-independent"]
StatusName = Literal["planned", "in_progress", "done", "skipped"]
CategoryName = Literal["exams", "network", "research", "clinical", "application", "interviews"]
LetterStatusName = Literal["to_ask", "asked", "agreed", "uploaded", "declined"]


class SettingsIn(Schema):
    cycle_year: int
    pathways: list[PathwayName]
    time_zone: str = "UTC"


class MilestoneIn(Schema):
    title: str | None = None
    category: CategoryName | None = None
    due: date | None = None
    status: StatusName | None = None
    skip_reason: str | None = None
    why: str | None = None


class LetterIn(Schema):
    writer: str
    specialty: Literal["ir", "dr", "other"]
    us_based: bool = True
    contact_id: int | None = None
    relationship: str = ""
    known_months: int | None = None
    seen: str = ""
    status: LetterStatusName = "to_ask"
    asked_on: date | None = None
    agreed_on: date | None = None
    uploaded_on: date | None = None
    eras_letter_id: str = ""


def _refused(exc: Exception) -> HttpError:
    return HttpError(400, str(exc))


def _milestone(row: Milestone, today: date) -> dict[str, Any]:
    return {
        "id": row.id, "key": row.key or None, "title": row.title, "category": row.category,
        "due": row.due, "start": row.start, "estimated": row.estimated, "pinned": row.pinned,
        "basis": row.basis, "why": row.why, "status": row.status,
        "skip_reason": row.skip_reason, "done_on": row.done_on,
        "late": is_late(row.due, MilestoneStatus(row.status), today),
    }  # fmt: skip


def _letter(row: LetterRow) -> dict[str, Any]:
    fields = LetterIn.model_fields
    return {"id": row.id, **{name: getattr(row, name) for name in fields}}


@router.get("/settings", summary="Your target cycle, pathways and time zone")
def get_settings(request: HttpRequest) -> dict[str, Any]:
    found = services.settings_of(request.user)
    if found is None:
        raise HttpError(404, "no roadmap yet: PUT /api/roadmap/settings first")
    return {
        "cycle_year": found.cycle_year,
        "pathways": found.pathways,
        "time_zone": found.time_zone,
    }


@router.put("/settings", summary="Choose the cycle and pathways; the plan is made or re-dated")
def put_settings(request: HttpRequest, payload: SettingsIn) -> dict[str, Any]:
    try:
        services.save_settings(
            request.user, cycle_year=payload.cycle_year,
            pathways=[Pathway(p) for p in payload.pathways], time_zone=payload.time_zone,
        )  # fmt: skip
    except services.RoadmapError as exc:
        raise _refused(exc) from None
    added, moved, removed = services.apply_plan(request.user)
    return {"added": added, "moved": moved, "removed": removed}


@router.get("/milestones", summary="Your milestones, by due date")
def list_milestones(request: HttpRequest) -> list[dict[str, Any]]:
    today = services.today_for(request.user)
    return [_milestone(m, today) for m in services.milestones_of(request.user)]


@router.post("/milestones", summary="Add a milestone of your own")
def create_milestone(request: HttpRequest, payload: MilestoneIn) -> dict[str, Any]:
    data = payload.model_dump(exclude_none=True)
    if not data.get("title") or not data.get("category"):
        raise HttpError(400, "a milestone needs a title and a category")
    try:
        row = services.save_milestone(request.user, None, plan="mine", **data)
    except services.RoadmapError as exc:
        raise _refused(exc) from None
    return _milestone(row, services.today_for(request.user))


def _own_milestone(request: HttpRequest, milestone_id: int) -> Milestone:
    row = services.milestone_of(request.user, milestone_id)
    if row is None:
        raise HttpError(404, f"no milestone {milestone_id}")
    return row


@router.get("/milestones/{milestone_id}", summary="One milestone")
def get_milestone(request: HttpRequest, milestone_id: int) -> dict[str, Any]:
    return _milestone(_own_milestone(request, milestone_id), services.today_for(request.user))


@router.patch("/milestones/{milestone_id}", summary="Change a milestone (status, date, ...)")
def patch_milestone(
    request: HttpRequest, milestone_id: int, payload: MilestoneIn
) -> dict[str, Any]:
    row = _own_milestone(request, milestone_id)
    data = payload.model_dump(exclude_unset=True)
    try:
        if "status" in data:
            row = services.set_status(
                request.user, row.id, MilestoneStatus(data.pop("status")),
                reason=data.pop("skip_reason", None) or "",
            )  # fmt: skip
        if data:
            row = services.save_milestone(request.user, row, **data)
    except services.RoadmapError as exc:
        raise _refused(exc) from None
    return _milestone(row, services.today_for(request.user))


@router.delete("/milestones/{milestone_id}", summary="Remove a milestone")
def delete_milestone(request: HttpRequest, milestone_id: int) -> dict[str, bool]:
    row = _own_milestone(request, milestone_id)
    return {"deleted": services.delete_milestone(request.user, row.id)}


@router.get("/cycle", summary="The dates of your cycle: published, estimated or unknown")
def get_cycle(request: HttpRequest) -> list[dict[str, Any]]:
    found = services.settings_of(request.user)
    if found is None:
        raise HttpError(404, "no roadmap yet: PUT /api/roadmap/settings first")
    rows = services.cycle_table(request.user, found.cycle_year, services.pathways_of(found))
    return [
        {
            "event": r.event.value, "label": r.label,
            "published": r.published.on if r.published else None,
            "source": r.published.source if r.published else None,
            "confidence": r.published.confidence.value if r.published else None,
            "plans_use": r.anchor.on, "estimated": r.anchor.estimated, "basis": r.anchor.basis,
        }
        for r in rows
    ]  # fmt: skip


@router.get("/letters", summary="Your letters of recommendation and the goal")
def list_letters(request: HttpRequest) -> dict[str, Any]:
    goal = services.goal_of(request.user)
    return {
        "goal": {"strong": goal.strong, "pending": goal.pending, "target": list(goal.goal),
                 "met": goal.met, "summary": goal.summary},
        "letters": [_letter(r) for r in services.letters_of(request.user)],
    }  # fmt: skip


@router.post("/letters", summary="Add a letter")
def create_letter(request: HttpRequest, payload: LetterIn) -> dict[str, Any]:
    try:
        return _letter(services.save_letter(request.user, None, **payload.model_dump()))
    except services.RoadmapError as exc:
        raise _refused(exc) from None


def _own_letter(request: HttpRequest, letter_id: int) -> LetterRow:
    row = services.letter_of(request.user, letter_id)
    if row is None:
        raise HttpError(404, f"no letter {letter_id}")
    return row


@router.get("/letters/{letter_id}", summary="One letter")
def get_letter(request: HttpRequest, letter_id: int) -> dict[str, Any]:
    return _letter(_own_letter(request, letter_id))


@router.put("/letters/{letter_id}", summary="Replace a letter's fields")
def put_letter(request: HttpRequest, letter_id: int, payload: LetterIn) -> dict[str, Any]:
    row = _own_letter(request, letter_id)
    try:
        return _letter(services.save_letter(request.user, row, **payload.model_dump()))
    except services.RoadmapError as exc:
        raise _refused(exc) from None


@router.delete("/letters/{letter_id}", summary="Remove a letter")
def delete_letter(request: HttpRequest, letter_id: int) -> dict[str, bool]:
    row = _own_letter(request, letter_id)
    return {"deleted": services.delete_letter(request.user, row.id)}


@router.get("/readiness", summary="Where you stand, each benchmark with its source")
def get_readiness(request: HttpRequest, effects: bool = False) -> dict[str, Any]:
    found = readiness_of(request.user, with_effects=effects)
    if found.profile is None:
        raise HttpError(404, "no profile yet: PUT /api/pick/profile first")
    return readiness_dict(found)


def readiness_dict(found: Any) -> dict[str, Any]:
    """The JSON form of a readiness view (shared with ``matchwise readiness --json``)."""
    return {
        "met": found.met,
        "letters_from": found.letters_from,
        "benchmarks": [
            {
                "area": g.area, "label": g.label, "have": g.have, "target": g.target,
                "low": g.benchmark.low, "high": g.benchmark.high, "met": g.met,
                "source": g.benchmark.source, "confidence": g.benchmark.confidence,
                "note": g.benchmark.note, "action": g.action, "whatif": g.change,
                "effect": _effect(found.effects.get(g.area)),
            }
            for g in found.gaps
        ],
    }  # fmt: skip


def _effect(effect: Any) -> dict[str, Any] | None:
    if effect is None:
        return None
    return {
        "change": effect.change, "p_match_before": effect.before, "p_match_after": effect.after,
        "p_match_ir_before": effect.before_ir, "p_match_ir_after": effect.after_ir,
        "error": effect.error or None, "text": effect.text,
    }  # fmt: skip


@router.get("/agenda", summary="What is due in the next days, and what is late")
def get_agenda(request: HttpRequest, days: int = 7) -> list[dict[str, Any]]:
    if not 1 <= days <= 730:
        raise HttpError(400, "days: from 1 to 730")
    return [agenda_dict(i) for i in agenda.agenda_of(request.user, days=days)]


def agenda_dict(item: Any) -> dict[str, Any]:
    return {
        "kind": item.kind.value, "on": item.on.isoformat(), "title": item.title,
        "why": item.why, "overdue": item.overdue, "link": item.link,
    }  # fmt: skip
