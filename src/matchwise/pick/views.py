"""Pick pages: the profile form and the live list (HTMX recomputes on every control change)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe

from matchwise.pick.forms import ProfileForm, initial_from
from matchwise.pick.web import chart_svg, pick_for, profile_of, save_profile
from matchwise.programs.services import catalog_is_demo

OBJECTIVES = (("", "Best for my preferences"), ("p_match", "Highest P(match)"))


@login_required
def profile_page(request: HttpRequest) -> HttpResponse:
    saved = profile_of(request.user)
    if request.method == "POST":
        form = ProfileForm(request.POST, base=saved)
        if form.is_valid():
            save_profile(request.user, form.profile)
            return redirect("pick:list")
        status = 400
    else:
        form = ProfileForm(initial=initial_from(saved), base=saved)
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
    signals = request.GET.get("signals", "on") == "on"
    found = pick_for(
        request.user,
        budget_usd=budget,
        max_applications=int(most) if most else None,
        objective=objective if objective in ("p_match", "utility") else None,
        signals=signals,
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
        "section": "pick",
        "demo_catalog": catalog_is_demo(),
    }
    template = "pick/_results.html" if request.headers.get("HX-Request") else "pick/list.html"
    return render(request, template, context)
