"""The catalog's JSON routes (shared data: any signed-in user may read it)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from matchwise.programs.services import ProgramQuery, get_program, search_programs

router = Router(tags=["programs"])


class ProgramFilters(Schema):
    q: str = ""
    specialty: str = ""
    state: str = ""
    region: str = ""
    visa: str = ""
    min_img_share: float | None = None
    sort: str = "name"
    page: int = 1


@router.get("/", summary="Search and filter the catalog (50 a page)")
def list_programs(request: HttpRequest, filters: Query[ProgramFilters]) -> dict[str, Any]:
    if filters.page < 1:
        raise HttpError(400, "page: must be 1 or more")
    if filters.min_img_share is not None and not 0 <= filters.min_img_share <= 1:
        raise HttpError(400, "min_img_share: a share between 0 and 1")
    page = search_programs(
        ProgramQuery(text=filters.q, specialty=filters.specialty, state=filters.state,
                     region=filters.region, visa=filters.visa,
                     min_img_share=filters.min_img_share, sort=filters.sort, page=filters.page)
    )  # fmt: skip
    return {
        "count": page.paginator.count,
        "page": page.number,
        "pages": page.paginator.num_pages,
        "programs": [record.data for record in page],
    }


@router.get("/{code}", summary="One program with every attribute and its source")
def one_program(request: HttpRequest, code: str) -> dict[str, Any]:
    record = get_program(code)
    if record is None:
        raise HttpError(404, f"no program with code {code}")
    data: dict[str, Any] = record.data
    return data
