"""Scholarly's JSON routes: the portfolio's outputs, its review, and ERAS entries; all scoped to
the caller."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Body, Router
from ninja.errors import HttpError
from pydantic import ValidationError

from matchwise.engine.scholarly.outputs import Output
from matchwise.formats.scholarly.eras import eras_dict, eras_entries, load_eras
from matchwise.scholarly import services
from matchwise.scholarly.models import OutputRow

router = Router(tags=["scholarly"])


def _out(row: OutputRow) -> dict[str, Any]:
    data: dict[str, Any] = row.to_output().model_dump(mode="json")
    data["topics"] = sorted(data["topics"])
    data.update(id=row.id, project_id=row.project_id)
    return data


def _own(request: HttpRequest, output_id: int) -> OutputRow:
    row = services.output_of(request.user, output_id)
    if row is None:
        raise HttpError(404, f"no output {output_id}")
    return row


def _validated(payload: dict[str, Any], history: Any = ()) -> Output:
    data = {k: v for k, v in payload.items() if k not in ("id", "project_id")}
    data.setdefault("history", history)
    try:
        return Output.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'output'}: "
            f"{str(e['msg']).removeprefix('Value error, ')}"
            for e in exc.errors(include_url=False)
        )
        raise HttpError(400, problems) from None


@router.get("/outputs", summary="Your research outputs")
def list_outputs(request: HttpRequest) -> list[dict[str, Any]]:
    return [_out(r) for r in services.outputs_of(request.user)]


@router.post("/outputs", summary="Add an output (the fields of docs/scholarly.md)")
def create_output(request: HttpRequest, payload: Body[dict[str, Any]]) -> dict[str, Any]:
    return _out(services.save_output(request.user, _validated(payload)))


@router.get("/outputs/{output_id}", summary="One output")
def get_output(request: HttpRequest, output_id: int) -> dict[str, Any]:
    return _out(_own(request, output_id))


@router.put("/outputs/{output_id}", summary="Replace an output (a new status is dated today)")
def put_output(
    request: HttpRequest, output_id: int, payload: Body[dict[str, Any]]
) -> dict[str, Any]:
    row = _own(request, output_id)
    output = _validated(payload, history=row.to_output().model_dump(mode="json")["history"])
    return _out(services.save_output(request.user, output, row=row, project=row.project))


@router.delete("/outputs/{output_id}", summary="Delete an output")
def delete_output(request: HttpRequest, output_id: int) -> dict[str, Any]:
    _own(request, output_id)
    services.delete_output(request.user, output_id)
    return {"deleted": output_id}


@router.get("/review", summary="Counts, benchmarks (with sources) and honesty findings")
def review(request: HttpRequest) -> dict[str, Any]:
    found = services.review(request.user)
    return {
        "counts": {
            k: getattr(found.counts, k)
            for k in (
                "items",
                "peer_reviewed_publications",
                "presentations",
                "national_presentations",
                "first_author",
                "ir_related",
                "ir_share",
                "in_progress",
            )
        },
        "benchmarks": [
            {
                "measure": b.measure,
                "value": b.value,
                "band": b.band,
                "standing": b.standing,
                "source": b.source,
                "confidence": b.confidence,
            }
            for b in found.benchmarks
        ],
        "findings": [
            {
                "code": f.code,
                "severity": f.severity.value,
                "output_id": found.rows[f.index].id,
                "title": f.title,
                "reason": f.reason,
            }
            for f in found.findings
        ],
    }


@router.get("/eras", summary="ERAS Scholarly Works entries for a season")
def eras(request: HttpRequest, season: int = 2027) -> dict[str, Any]:
    try:
        mapping = load_eras(season)
    except ValueError as exc:
        raise HttpError(400, f"season: {exc}") from None
    data: dict[str, Any] = eras_dict(eras_entries(services.portfolio(request.user), mapping))
    return data
