"""The catalog's JSON routes (shared data: any signed-in user may read it), and the caller's own
note and interest level for a program."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja import File, Form, Query, Router, Schema
from ninja.errors import HttpError
from ninja.files import UploadedFile

from matchwise.formats.pick.catalog import CatalogError, parse_mapping
from matchwise.programs.models import Interest
from matchwise.programs.services import (
    ProgramQuery,
    can_manage_catalog,
    get_program,
    import_upload,
    note_of,
    passing_codes,
    save_note,
    search_programs,
)

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
    fits: bool = False  # only the programs whose filters the caller's saved profile passes


class NoteIn(Schema):
    interest: int = 0  # 0 not set, 1 not for me, 2 maybe, 3 interested, 4 top choice
    notes: str = ""


class NoteOut(NoteIn):
    code: str
    interest_label: str


@router.get("/", summary="Search and filter the catalog (50 a page)")
def list_programs(request: HttpRequest, filters: Query[ProgramFilters]) -> dict[str, Any]:
    if filters.page < 1:
        raise HttpError(400, "page: must be 1 or more")
    if filters.min_img_share is not None and not 0 <= filters.min_img_share <= 1:
        raise HttpError(400, "min_img_share: a share between 0 and 1")
    passing = None
    if filters.fits:
        profile = request.applicant_profile()
        if profile is None:
            raise HttpError(400, "fits: save a profile first (PUT /api/pick/profile)")
        passing = passing_codes(profile)
    page = search_programs(
        ProgramQuery(text=filters.q, specialty=filters.specialty, state=filters.state,
                     region=filters.region, visa=filters.visa,
                     min_img_share=filters.min_img_share, sort=filters.sort, page=filters.page,
                     passing=passing)
    )  # fmt: skip
    return {
        "count": page.paginator.count,
        "page": page.number,
        "pages": page.paginator.num_pages,
        "programs": [record.data for record in page],
    }


class ImportOut(Schema):
    programs: int
    skipped: list[str]


@router.post("/import", response=ImportOut, summary="Replace the catalog from a CSV/XLSX file")
def import_catalog(
    request: HttpRequest,
    file: File[UploadedFile],
    mapping: Form[str] = "",
    skip_bad_rows: Form[bool] = False,
) -> ImportOut:
    """Staff only in hosted mode. All or nothing: a 400 lists every problem and nothing
    changes, unless ``skip_bad_rows`` asks to keep the valid rows (the skipped ones are listed)."""
    if not can_manage_catalog(request.user, hosted=settings.MATCHWISE_HOSTED):
        raise HttpError(403, "only staff maintain the shared catalog")
    try:
        read = import_upload(
            file.name or "upload",
            file.size or 0,
            file.chunks(),
            mapping=parse_mapping(mapping) if mapping else None,
            skip_bad_rows=skip_bad_rows,
        )
    except CatalogError as exc:
        raise HttpError(400, str(exc)) from None
    return ImportOut(programs=len(read.programs), skipped=[str(p) for p in read.problems])


@router.get("/{code}", summary="One program with every attribute and its source")
def one_program(request: HttpRequest, code: str) -> dict[str, Any]:
    record = get_program(code)
    if record is None:
        raise HttpError(404, f"no program with code {code}")
    data: dict[str, Any] = record.data
    return data


def _note_out(code: str, interest: int, notes: str) -> NoteOut:
    return NoteOut(
        code=code, interest=interest, notes=notes, interest_label=Interest(interest).label
    )


@router.get("/{code}/note", response=NoteOut, summary="Your note and interest for a program")
def get_note(request: HttpRequest, code: str) -> NoteOut:
    if get_program(code) is None:
        raise HttpError(404, f"no program with code {code}")
    note = note_of(request.user, code)
    return _note_out(code, note.interest if note else 0, note.notes if note else "")


@router.put("/{code}/note", response=NoteOut, summary="Keep your note and interest (empty: remove)")
def put_note(request: HttpRequest, code: str, body: NoteIn) -> NoteOut:
    if get_program(code) is None:
        raise HttpError(404, f"no program with code {code}")
    if body.interest not in Interest.values:
        raise HttpError(400, f"interest: {body.interest} is not one of 0, 1, 2, 3, 4")
    if len(body.notes) > 5000:
        raise HttpError(400, "notes: at most 5000 characters")
    note = save_note(request.user, code, interest=body.interest, notes=body.notes)
    return _note_out(code, note.interest if note else 0, note.notes if note else "")
