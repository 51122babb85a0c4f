"""The Market page: ask for a simulation, watch its progress, read its figures and charts.

Simulations are the signed-in user's own: another user's id answers 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe

from matchwise.engine.market.rankcurve import ENTRANT_PREFIX
from matchwise.engine.market.simulator import MAX_RANKS_SHOWN
from matchwise.market import charts, services
from matchwise.market.forms import SimulationForm
from matchwise.market.models import MarketSimulation, Status
from matchwise.market.simulation import HEADLINE_FIGURES, SimulationError
from matchwise.market.tasks import mark_interrupted
from matchwise.programs.services import catalog_is_demo


def _ctx(**extra: object) -> dict[str, object]:
    return {"section": "market", "demo_catalog": catalog_is_demo(), **extra}


def _cell(figure: dict[str, Any], share: bool) -> str:
    if figure["mean"] is None:
        return "—"
    if share:
        return f"{figure['mean']:.1%} ({figure['low']:.1%} to {figure['high']:.1%})"
    return f"{figure['mean']:.2f} ({figure['low']:.2f} to {figure['high']:.2f})"


def _difference(base: dict[str, Any], changed: dict[str, Any], share: bool) -> str:
    if base["mean"] is None or changed["mean"] is None:
        return "—"
    delta = changed["mean"] - base["mean"]
    return f"{100 * delta:+.1f} points" if share else f"{delta:+.2f}"


def results_context(result: dict[str, Any]) -> dict[str, Any]:
    """Tables and charts of a finished simulation's stored result."""
    scenarios = result["scenarios"]
    rows = []
    for key, label, share in HEADLINE_FIGURES:
        cells = [_cell(s["figures"][key], share) for s in scenarios]
        if len(scenarios) > 1:
            cells.append(
                _difference(scenarios[0]["figures"][key], scenarios[1]["figures"][key], share)
            )
        rows.append({"label": label.strip(), "indent": label.startswith(" "), "cells": cells})
    ranks = []
    for r in range(1, MAX_RANKS_SHOWN + 1):
        cells = []
        for s in scenarios:
            cells.append(_cell(s["figures"][f"p_match_by_ranks.{r}"], True))
            cells.append(f"{s['figures'][f'applicants_by_ranks.{r}']['mean']:.1f}")
        ranks.append({"label": f"{r}+" if r == MAX_RANKS_SHOWN else str(r), "cells": cells})
    you = []
    if result.get("entrant_interval"):
        for r in range(1, MAX_RANKS_SHOWN + 1):
            cells = [_cell(s["figures"][f"{ENTRANT_PREFIX}{r}"], True) for s in scenarios]
            you.append({"label": str(r), "cells": cells})
    return {
        "result": result,
        "you": you,
        "you_chart": mark_safe(charts.svg(charts.ranks_spec(result, you=True))) if you else "",
        "scenario_names": [s["name"] for s in scenarios],
        "rows": rows,
        "ranks": ranks,
        # the SVG is drawn by vl-convert from our own chart specs: no user text in markup
        # except the change, which parse_change has reduced to FIELD, operator and number
        "ranks_chart": mark_safe(charts.svg(charts.ranks_spec(result))),
        "rate_chart": mark_safe(charts.svg(charts.match_rate_spec(result))),
    }


def _status_context(simulation: MarketSimulation) -> dict[str, Any]:
    context: dict[str, Any] = {"simulation": simulation}
    if simulation.status == Status.DONE and simulation.result:
        context.update(results_context(simulation.result))
    return context


def _selected(request: HttpRequest) -> MarketSimulation | None:
    if "run" not in request.GET:
        return services.simulations_of(request.user).first()
    found = services.simulation_of(request.user, request.GET["run"])
    if found is None:
        raise Http404("no such simulation")
    return found


@login_required
def market_page(request: HttpRequest) -> HttpResponse:
    mark_interrupted()
    # "?me=1" (Pick's link): the form starts with the user in the market
    form = SimulationForm(request.POST or None, initial={"me": request.GET.get("me") == "1"})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                simulation = services.ask_simulation(request.user, **form.request_fields())
            except SimulationError as exc:
                form.add_error(None, str(exc))
            else:
                return redirect(f"{reverse('market:page')}?run={simulation.pk}")
        status = 400
    selected = _selected(request)
    context = _ctx(
        form=form,
        recent=services.recent_simulations(request.user),
        selected=selected,
        **(_status_context(selected) if selected else {}),
    )
    return render(request, "market/page.html", context, status=status)


@login_required
def progress(request: HttpRequest) -> HttpResponse:
    """The status section alone (HTMX polls it every second while the simulation runs)."""
    mark_interrupted()
    simulation = services.simulation_of(request.user, request.GET.get("run", ""))
    if simulation is None:
        raise Http404("no such simulation")
    return render(request, "market/_status.html", _status_context(simulation))
