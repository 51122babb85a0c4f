"""Network's JSON routes: contacts, their interactions, and who is due; all scoped to the caller."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Body, Router
from ninja.errors import HttpError
from pydantic import ValidationError

from matchwise.engine.network.contacts import Contact, Interaction
from matchwise.network import services
from matchwise.network.models import ContactRow

router = Router(tags=["network"])


def _problems(exc: ValidationError) -> str:
    return "; ".join(
        f"{'.'.join(str(p) for p in e['loc'])}: {str(e['msg']).removeprefix('Value error, ')}"
        for e in exc.errors(include_url=False)
    )


def _contact_out(row: ContactRow) -> dict[str, Any]:
    data: dict[str, Any] = row.to_contact().model_dump(mode="json")
    data["mentor_kinds"] = sorted(data["mentor_kinds"])
    data.update(id=row.id, project=row.project)
    return data


def _own(request: HttpRequest, contact_id: int) -> ContactRow:
    row = services.contact_of(request.user, contact_id)
    if row is None:
        raise HttpError(404, f"no contact {contact_id}")
    return row


def _validated(payload: dict[str, Any]) -> tuple[Contact, str | None]:
    data = dict(payload)
    project = data.pop("project", None)
    data.pop("id", None)
    try:
        return Contact.model_validate(data), project
    except ValidationError as exc:
        raise HttpError(400, _problems(exc)) from None


@router.get("/contacts", summary="Your contacts")
def list_contacts(
    request: HttpRequest, q: str = "", relationship: str = ""
) -> list[dict[str, Any]]:
    rows = services.contacts_of(request.user, text=q[:100], relationship=relationship)
    return [_contact_out(r) for r in rows]


@router.post("/contacts", summary="Add a contact (the fields of a Contact, plus project)")
def create_contact(request: HttpRequest, payload: Body[dict[str, Any]]) -> dict[str, Any]:
    contact, project = _validated(payload)
    return _contact_out(services.save_contact(request.user, contact, project=project))


@router.get("/contacts/{contact_id}", summary="One contact")
def get_contact(request: HttpRequest, contact_id: int) -> dict[str, Any]:
    return _contact_out(_own(request, contact_id))


@router.put("/contacts/{contact_id}", summary="Replace a contact's fields")
def put_contact(
    request: HttpRequest, contact_id: int, payload: Body[dict[str, Any]]
) -> dict[str, Any]:
    row = _own(request, contact_id)
    contact, project = _validated(payload)
    return _contact_out(services.save_contact(request.user, contact, row=row, project=project))


@router.delete("/contacts/{contact_id}", summary="Delete a contact and their interactions")
def delete_contact(request: HttpRequest, contact_id: int) -> dict[str, Any]:
    _own(request, contact_id).delete()
    return {"deleted": contact_id}


@router.get("/contacts/{contact_id}/interactions", summary="A contact's interactions, newest first")
def list_interactions(request: HttpRequest, contact_id: int) -> list[dict[str, Any]]:
    row = _own(request, contact_id)
    return [
        {"id": i.id, **i.to_interaction().model_dump(mode="json")}
        for i in services.interactions_of(request.user, row)
    ]


@router.post("/contacts/{contact_id}/interactions", summary="Log an interaction")
def log_interaction(
    request: HttpRequest, contact_id: int, payload: Body[dict[str, Any]]
) -> dict[str, Any]:
    row = _own(request, contact_id)
    try:
        interaction = Interaction.model_validate(payload)
    except ValidationError as exc:
        raise HttpError(400, _problems(exc)) from None
    if interaction.on > services.today():
        raise HttpError(400, "on: log an interaction once it has happened, not a future date")
    logged = services.add_interaction(request.user, row, interaction)
    return {"id": logged.id, **interaction.model_dump(mode="json")}


@router.get("/due", summary="Every contact's next follow-up: state, dates and the reason")
def due(request: HttpRequest, all: bool = False) -> list[dict[str, Any]]:
    items = services.follow_ups(request.user)
    return [
        {
            "contact_id": d.row.id,
            "name": d.row.name,
            "rule": d.follow_up.rule.key,
            "state": d.follow_up.state.value,
            "due_from": d.follow_up.due_from.isoformat(),
            "overdue_after": d.follow_up.overdue_after.isoformat(),
            "reason": d.follow_up.reason,
            "last_summary": d.last_row.summary if d.last_row else "",
            "promised": d.last_row.promised if d.last_row else "",
        }
        for d in items
        if all or d.follow_up.state.value in ("due", "overdue")
    ]
