"""Catalog pages: the searchable list and one program with every attribute and its source."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from matchwise.engine.pick.filters import hard_filters
from matchwise.engine.pick.profile import Profile
from matchwise.engine.pick.program import SPECIALTY_LABELS, Program
from matchwise.formats.pick.catalog import CatalogError, parse_mapping
from matchwise.programs.forms import CatalogImportForm, ProgramFilterForm, ProgramNoteForm
from matchwise.programs.services import (
    can_manage_catalog,
    catalog_is_demo,
    filter_reasons,
    get_program,
    import_upload,
    note_of,
    notes_for,
    passing_codes,
    save_note,
    search_programs,
)

ATTRIBUTE_LABELS = {
    "acgme_id": "ACGME id",
    "institution": "Institution",
    "city": "City",
    "state": "State",
    "positions": "Positions",
    "visa": "Visas sponsored",
    "img_share": "IMG share of residents",
    "academic": "Academic centre",
    "applications_per_position": "Applications per position",
    "median_step2": "Median Step 2 CK",
    "min_step2": "Minimum Step 2 CK",
    "max_attempts": "Most USMLE attempts accepted",
    "max_years_since_graduation": "Most years since graduation",
    "min_usce_months": "US clinical experience required (months)",
    "ecfmg_deadline": "ECFMG certification needed by",
    "signals_accepted": "Takes ERAS signals",
}


def _profile(request: HttpRequest) -> Profile | None:
    """The applicant's profile, from Pick's middleware (absent: no profile to check)."""
    loader = getattr(request, "applicant_profile", None)
    return loader() if loader is not None else None


def _signed_in(request: HttpRequest) -> bool:
    return bool(request.user.is_authenticated)


def program_list(request: HttpRequest) -> HttpResponse:
    form = ProgramFilterForm(request.GET or None)
    profile = _profile(request)
    passing = None
    fits_problem = ""
    if form.wants_fits:
        if profile is None:
            fits_problem = "Save your profile first: there is nothing to check the filters with."
        else:
            passing = passing_codes(profile)
    page = search_programs(form.query(passing=passing))
    codes = [row.code for row in page]
    reasons = filter_reasons(profile) if profile is not None else {}
    notes = notes_for(request.user, codes) if _signed_in(request) else {}
    rows = [
        {"row": row, "why_not": reasons.get(row.code), "note": notes.get(row.code)} for row in page
    ]
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "has_profile": profile is not None,
        "can_import": _signed_in(request)
        and can_manage_catalog(request.user, hosted=settings.MATCHWISE_HOSTED),
        "fits_problem": fits_problem,
        "labels": SPECIALTY_LABELS,
        "section": "programs",
        "demo_catalog": catalog_is_demo(),
        "querystring": _querystring(request),
    }
    template = "programs/_table.html" if request.headers.get("HX-Request") else "programs/list.html"
    return render(request, template, context)


def _querystring(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def _shown(program: Program, field: str) -> str:
    value = getattr(program, field)
    if value is None:
        return "unknown"
    if field == "visa":
        return ", ".join(sorted(v.value for v in value)) or "none"
    if field == "img_share":
        return f"{value:.0%}"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(getattr(value, "value", value))


def _detail(
    request: HttpRequest, code: str, note_form: ProgramNoteForm | None = None, status: int = 200
) -> HttpResponse:
    record = get_program(code)
    if record is None:
        raise Http404(f"no program with code {code}")
    program = record.to_program()
    profile = _profile(request)
    note = note_of(request.user, code) if _signed_in(request) else None
    if note_form is None:
        note_form = ProgramNoteForm(
            initial={"interest": note.interest if note else 0, "notes": note.notes if note else ""}
        )
    rows = [
        {
            "label": label,
            "value": _shown(program, field),
            "source": program.sources.get(field),
        }
        for field, label in ATTRIBUTE_LABELS.items()
    ]
    context = {
        "program": program,
        "specialty": SPECIALTY_LABELS[program.specialty],
        "rows": rows,
        "section": "programs",
        "demo_catalog": program.demo,
        "why_not": hard_filters(profile, program) if profile is not None else None,
        "note": note,
        "note_form": note_form,
        "can_note": _signed_in(request),
    }
    return render(request, "programs/detail.html", context, status=status)


def program_detail(request: HttpRequest, code: str) -> HttpResponse:
    return _detail(request, code)


@login_required
@require_POST
def save_note_view(request: HttpRequest, code: str) -> HttpResponse:
    """Keep the user's interest and notes for a program (the program must be in the catalog);
    a bad form is shown again with its text kept and the problem beside the field."""
    if get_program(code) is None:
        raise Http404(f"no program with code {code}")
    form = ProgramNoteForm(request.POST)
    if not form.is_valid():
        return _detail(request, code, note_form=form, status=400)
    data = form.cleaned_data
    save_note(request.user, code, interest=data["interest"], notes=data["notes"])
    messages.success(request, "Your note is saved.")
    return redirect("programs:detail", code=code)


@login_required
def import_page(request: HttpRequest) -> HttpResponse:
    """Replace the shared catalog from a file (staff in hosted mode): all or nothing, every
    problem listed with its row and column, or bad rows skipped and listed when asked."""
    if not can_manage_catalog(request.user, hosted=settings.MATCHWISE_HOSTED):
        return render(request, "programs/import.html", {"forbidden": True}, status=403)
    problems: tuple[str, ...] = ()
    skipped: tuple[str, ...] = ()
    skipped_rows = 0
    status = 200
    if request.method == "POST":
        form = CatalogImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                mapping = form.cleaned_data["mapping"]
                read = import_upload(
                    upload.name,
                    upload.size,
                    upload.chunks(),
                    mapping=parse_mapping(mapping) if mapping else None,
                    skip_bad_rows=form.cleaned_data["skip_bad_rows"],
                )
            except CatalogError as exc:
                problems = tuple(str(p) for p in exc.problems)
                status = 400
            else:
                skipped = tuple(str(p) for p in read.problems)
                skipped_rows = len({p.row for p in read.problems})
                rows = skipped_rows
                note = f"; {rows} bad row{'s' * (rows != 1)} skipped (listed below)" if rows else ""
                messages.success(
                    request,
                    f"The catalog now holds the {len(read.programs)} programs of {upload.name}"
                    f"{note}.",
                )
                if not skipped:
                    return redirect("programs:list")
        else:
            status = 400
    else:
        form = CatalogImportForm()
    context = {
        "form": form,
        "problems": problems[:200],
        "more": max(0, len(problems) - 200),
        "skipped": skipped,
        "skipped_rows": skipped_rows,
        "section": "programs",
        "demo_catalog": catalog_is_demo(),
    }
    return render(request, "programs/import.html", context, status=status)
