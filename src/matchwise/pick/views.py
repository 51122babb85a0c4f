"""Pick pages: the profile form and the live list (HTMX recomputes on every control change)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from matchwise.formats.pick.plan_pdf import CONTENT_TYPE as PDF_CONTENT_TYPE
from matchwise.formats.pick.plan_pdf import plan_to_pdf
from matchwise.formats.pick.profile import ProfileError
from matchwise.formats.pick.results import result_to_csv, write_xlsx
from matchwise.pick.calibration import validation_report
from matchwise.pick.forms import ProfileForm, initial_from
from matchwise.pick.options import OptionError
from matchwise.pick.web import (
    chart_svg,
    pick_for,
    plan_of,
    plans_of,
    profile_of,
    reopened,
    save_plan,
    save_profile,
    whatif_for,
)
from matchwise.programs.services import all_programs, catalog_is_demo

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
OBJECTIVES = (("", "Best for my preferences"), ("p_match", "Highest P(match)"))
# The Signals control: use them (IR-Integrated not sharing DR's signals, the conservative
# default), use them with IR sharing DR's pool (unpublished either way), or none.
SIGNAL_CHOICES = {"on": "ir-own", "shared": "ir-shared"}


@login_required
def profile_page(request: HttpRequest) -> HttpResponse:
    saved = profile_of(request.user)
    codes = frozenset(p.code for p in all_programs())
    if request.method == "POST":
        form = ProfileForm(request.POST, base=saved, known_codes=codes)
        if form.is_valid():
            save_profile(request.user, form.profile)
            return redirect("pick:list")
        status = 400
    else:
        form = ProfileForm(initial=initial_from(saved), base=saved, known_codes=codes)
        status = 200
    context = {"form": form, "section": "profile", "demo_catalog": catalog_is_demo()}
    return render(request, "pick/profile.html", context, status=status)


def _number(text: str | None, kind: type[float] | type[int]) -> float | int | None:
    try:
        value = kind(text) if text not in (None, "") else None
    except ValueError:
        return None
    return value if value is None or value >= 0 else None


@login_required
def pick_page(request: HttpRequest) -> HttpResponse:
    if profile_of(request.user) is None:
        return redirect("pick:profile")
    budget = _number(request.GET.get("budget"), float)
    most = _number(request.GET.get("max"), int)
    objective = request.GET.get("objective") or None
    choice = request.GET.get("signals", "on")
    signals = choice != "off"
    found = pick_for(
        request.user,
        budget_usd=budget,
        max_applications=int(most) if most else None,
        objective=objective if objective in ("p_match", "utility") else None,
        signals=signals,
        ir_signals=SIGNAL_CHOICES.get(choice),
    )
    assert found is not None  # the profile exists (checked above)
    result, _ = found
    context = {
        "result": result,
        # the SVG is made by vl-convert from our own chart spec: no user text in markup
        "chart": mark_safe(chart_svg(result)),
        "budget": budget if budget is not None else "",
        "max": most or "",
        "objective": objective or "",
        "objectives": OBJECTIVES,
        "signals": signals,
        "signal_choice": choice if choice in SIGNAL_CHOICES or choice == "off" else "on",
        "section": "pick",
        "demo_catalog": catalog_is_demo(),
    }
    template = "pick/_results.html" if request.headers.get("HX-Request") else "pick/list.html"
    return render(request, template, context)


def _controls(request: HttpRequest) -> dict[str, object]:
    budget = _number(request.POST.get("budget"), float)
    most = _number(request.POST.get("max"), int)
    objective = request.POST.get("objective") or None
    return {
        "budget_usd": budget,
        "max_applications": int(most) if most else None,
        "objective": objective if objective in ("p_match", "utility") else None,
        "signals": request.POST.get("signals", "on") != "off",
        "ir_signals": SIGNAL_CHOICES.get(request.POST.get("signals", "on")),
    }


@login_required
@require_POST
def save_plan_view(request: HttpRequest) -> HttpResponse:
    controls = _controls(request)
    found = pick_for(request.user, **controls)  # type: ignore[arg-type]
    if found is None:
        return redirect("pick:profile")
    plan = save_plan(
        request.user, name=request.POST.get("name", ""), result=found[0], controls=controls
    )
    return redirect("pick:plan", plan_id=plan.id)


@login_required
def plans_page(request: HttpRequest) -> HttpResponse:
    context = {
        "plans": plans_of(request.user),
        "section": "plans",
        "demo_catalog": catalog_is_demo(),
    }
    return render(request, "pick/plans.html", context)


@login_required
def plan_page(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = plan_of(request.user, plan_id)
    if plan is None:
        raise Http404("no such plan")
    result = reopened(plan)
    context = {
        "plan": plan,
        "result": result,
        "chart": mark_safe(chart_svg(result)),
        "section": "plans",
        "demo_catalog": any(p.demo for p in result.programs),
    }
    return render(request, "pick/plan.html", context)


@login_required
def plan_export(request: HttpRequest, plan_id: int, fmt: str) -> HttpResponse:
    plan = plan_of(request.user, plan_id)
    if plan is None:
        raise Http404("no such plan")
    result = reopened(plan)
    name = f"matchwise-plan-{plan.id}"
    if fmt == "csv":
        response = HttpResponse(result_to_csv(result), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "plan.xlsx"
            write_xlsx(result, path)
            data = path.read_bytes()
        response = HttpResponse(data, content_type=XLSX)
    elif fmt == "pdf":
        created = f"Saved {plan.created:%Y-%m-%d %H:%M} UTC · parameters {plan.parameter_version}"
        pdf = plan_to_pdf(result, title=plan.name, created=created)
        response = HttpResponse(pdf, content_type=PDF_CONTENT_TYPE)
    else:
        raise Http404("unknown export format")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@login_required
def compare_page(request: HttpRequest) -> HttpResponse:
    ids = [int(i) for i in request.GET.getlist("plan") if i.isdigit()][:2]
    plans = [plan_of(request.user, i) for i in ids]
    if len(plans) != 2 or any(p is None for p in plans):
        raise Http404("choose two of your plans")
    a, b = (reopened(p) for p in plans if p is not None)
    codes_a, codes_b = {p.code for p in a.programs}, {p.code for p in b.programs}
    context = {
        "plans": plans,
        "a": a,
        "b": b,
        "only_a": [p for p in a.programs if p.code not in codes_b],
        "only_b": [p for p in b.programs if p.code not in codes_a],
        "both": len(codes_a & codes_b),
        "section": "plans",
        "demo_catalog": catalog_is_demo(),
    }
    return render(request, "pick/compare.html", context)


@login_required
def model_page(request: HttpRequest) -> HttpResponse:
    """How good are these numbers? The calibration's validation, readable by anyone."""
    report = validation_report()
    record = report.get("record", {})
    context = {
        "report": report,
        "ppc": record.get("posterior_predictive"),
        "loo": record.get("leave_one_out"),
        "ranks": _ranks_rows(record),
        "published_ranks": record.get("published_ranks", ()),
        # the SVG is made by vl-convert from our own chart spec: no user text in markup
        "chart": mark_safe(report.get("chart_svg", "")),
        "section": "model",
        "demo_catalog": catalog_is_demo(),
    }
    return render(request, "pick/model.html", context)


RANK_TYPES = ("us_md_senior", "us_img", "non_us_img")  # the ranks table's columns


def _ranks_rows(record: dict[str, Any]) -> list[dict[str, Any]]:
    """The ranks curves as table rows: one per number of ranks, a cell per applicant type."""
    by: dict[tuple[str, int], dict[str, Any]] = {
        (row["applicant_type"], row["ranks"]): row for row in record.get("ranks", ())
    }
    counts = sorted({n for _, n in by})
    return [{"ranks": n, "cells": [by.get((k, n)) for k in RANK_TYPES]} for n in counts]


@login_required
def whatif_page(request: HttpRequest) -> HttpResponse:
    if profile_of(request.user) is None:
        return redirect("pick:profile")
    change = (request.GET.get("change") or "").strip()
    context: dict[str, object] = {"change": change, "section": "whatif",
                                  "demo_catalog": catalog_is_demo()}  # fmt: skip
    status = 200
    if change:
        try:
            found = whatif_for(request.user, change)
        except (ProfileError, OptionError) as exc:
            context["error"] = str(exc)
            status = 400
        else:
            assert found is not None  # the profile exists (checked above)
            context["w"] = found
            context["delta"] = found.after.p_match - found.before.p_match
    return render(request, "pick/whatif.html", context, status=status)
