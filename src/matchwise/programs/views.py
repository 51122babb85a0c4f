"""Catalog pages: the searchable list and one program with every attribute and its source."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from matchwise.engine.program import SPECIALTY_LABELS, Program
from matchwise.programs.forms import ProgramFilterForm
from matchwise.programs.services import catalog_is_demo, get_program, search_programs

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


def program_list(request: HttpRequest) -> HttpResponse:
    form = ProgramFilterForm(request.GET or None)
    page = search_programs(form.query())
    context = {
        "form": form,
        "page": page,
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


def program_detail(request: HttpRequest, code: str) -> HttpResponse:
    record = get_program(code)
    if record is None:
        raise Http404(f"no program with code {code}")
    program = record.to_program()
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
    }
    return render(request, "programs/detail.html", context)
