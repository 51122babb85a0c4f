"""Catalog services, shared by the pages, the CLI and the API; and the user's own program notes
(every note function takes the user whose notes it touches)."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import Q, QuerySet

from matchwise.engine.pick.filters import hard_filters
from matchwise.engine.pick.profile import Profile
from matchwise.engine.pick.program import Program
from matchwise.formats.pick.catalog import (
    SUFFIXES,
    CatalogError,
    CatalogProblem,
    CatalogRead,
    load_demo_catalog,
    read_catalog,
)
from matchwise.programs.models import ProgramNote, ProgramRecord

PAGE_SIZE = 50
SORTS = {
    "name": "name",
    "state": "state",
    "img_share": "-img_share",
    "positions": "-positions",
    "specialty": "specialty",
}


@transaction.atomic
def replace_catalog(programs: Sequence[Program]) -> int:
    """Make ``programs`` the catalog: all or nothing, in one transaction."""
    ProgramRecord.objects.all().delete()
    ProgramRecord.objects.bulk_create(ProgramRecord.from_program(p) for p in programs)
    return len(programs)


def import_catalog_file(path: Path, *, mapping: dict[str, str] | None = None) -> int:
    """Validate the whole file first (CatalogError lists every problem), then replace."""
    return replace_catalog(read_catalog(path, mapping=mapping).programs)


MAX_UPLOAD_BYTES = 5 * 1024 * 1024  # 5 MB: ten times the size of a 1,000-program catalog


def can_manage_catalog(user: object, *, hosted: bool) -> bool:
    """Local mode: the machine's one user owns its catalog. Hosted: staff only."""
    return bool(getattr(user, "is_staff", False)) if hosted else True


def import_upload(
    name: str,
    size: int,
    chunks: Iterable[bytes],
    *,
    mapping: dict[str, str] | None = None,
    skip_bad_rows: bool = False,
) -> CatalogRead:
    """Replace the catalog with an uploaded file, all or nothing: the whole file is validated
    first (CatalogError lists every problem, and nothing changes). ``skip_bad_rows`` keeps the
    valid rows and returns the skipped ones in ``problems``."""
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise CatalogError(
            name, [CatalogProblem(0, "", "", "the catalog must be a .csv or .xlsx file")]
        )
    if size > MAX_UPLOAD_BYTES:
        limit = MAX_UPLOAD_BYTES // (1024 * 1024)
        raise CatalogError(
            name,
            [
                CatalogProblem(
                    0, "", "", f"the file is {size / 1024 / 1024:.1f} MB; at most {limit} MB"
                )
            ],
        )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"upload{suffix}"
        with path.open("wb") as out:
            for chunk in chunks:
                out.write(chunk)
        try:
            read = read_catalog(path, mapping=mapping, skip_bad_rows=skip_bad_rows)
        except CatalogError as exc:
            raise CatalogError(name, exc.problems) from None
    replace_catalog(read.programs)
    return read


def ensure_catalog() -> int:
    """Load the DEMO catalog on first run; an existing catalog is left alone."""
    if ProgramRecord.objects.exists():
        return 0
    return replace_catalog(load_demo_catalog())


_CACHE: dict[tuple[int, int], tuple[Program, ...]] = {}


def all_programs() -> tuple[Program, ...]:
    """The whole catalog as engine Programs (cached until the catalog changes)."""
    rows = ProgramRecord.objects.order_by("id")
    last = rows.last()
    key = (rows.count(), last.id if last is not None else 0)
    if key not in _CACHE:
        _CACHE.clear()
        _CACHE[key] = tuple(r.to_program() for r in rows)
    return _CACHE[key]


def catalog_is_demo() -> bool:
    return ProgramRecord.objects.filter(demo=True).exists()


@dataclass(frozen=True)
class ProgramQuery:
    """What the catalog page can ask (every field optional)."""

    text: str = ""
    specialty: str = ""
    state: str = ""
    region: str = ""
    visa: str = ""  # "J-1" or "H-1B": sponsors it
    min_img_share: float | None = None
    sort: str = "name"
    page: int = 1
    passing: frozenset[str] | None = None  # only these codes (the programs a profile passes)


def filter_reasons(profile: Profile) -> dict[str, tuple[str, ...]]:
    """For each program in the catalog, why this profile cannot usefully apply (empty: passes)."""
    return {p.code: hard_filters(profile, p) for p in all_programs()}


def passing_codes(profile: Profile) -> frozenset[str]:
    return frozenset(code for code, why in filter_reasons(profile).items() if not why)


def _filtered(query: ProgramQuery) -> QuerySet[ProgramRecord]:
    rows = ProgramRecord.objects.all()
    if query.passing is not None:
        rows = rows.filter(code__in=query.passing)
    if query.text:
        words = Q(name__icontains=query.text) | Q(institution__icontains=query.text)
        rows = rows.filter(words | Q(city__icontains=query.text) | Q(code__iexact=query.text))
    if query.specialty:
        rows = rows.filter(specialty=query.specialty)
    if query.state:
        rows = rows.filter(state=query.state.upper())
    if query.region:
        rows = rows.filter(region=query.region)
    if query.visa == "J-1":
        rows = rows.filter(sponsors_j1=True)
    elif query.visa == "H-1B":
        rows = rows.filter(sponsors_h1b=True)
    if query.min_img_share is not None:
        rows = rows.filter(img_share__gte=query.min_img_share)
    return rows.order_by(SORTS.get(query.sort, "name"), "code")


def search_programs(query: ProgramQuery) -> Page[ProgramRecord]:
    """One page of the catalog for the query (out-of-range pages give the last page)."""
    return Paginator(_filtered(query), PAGE_SIZE).get_page(query.page)


def get_program(code: str) -> ProgramRecord | None:
    return ProgramRecord.objects.filter(code=code).first()


def note_of(user: object, code: str) -> ProgramNote | None:
    return ProgramNote.objects.filter(owner=user, code=code).first()


def notes_for(user: object, codes: Iterable[str]) -> dict[str, ProgramNote]:
    """The user's notes on these programs, by code."""
    return {n.code: n for n in ProgramNote.objects.filter(owner=user, code__in=list(codes))}


def save_note(user: object, code: str, *, interest: int, notes: str) -> ProgramNote | None:
    """Keep the user's note on a program; an empty note with no interest is removed."""
    if interest == 0 and not notes.strip():  # Interest.NONE, no text: nothing to keep
        ProgramNote.objects.filter(owner=user, code=code).delete()
        return None
    note, _ = ProgramNote.objects.update_or_create(
        owner=user, code=code, defaults={"interest": interest, "notes": notes.strip()}
    )
    return note
