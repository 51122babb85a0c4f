"""Pick's services for the web pages: the user's profile and the pick over the stored catalog.

Every function takes the user whose data it touches; nothing reads another user's rows.
"""

from __future__ import annotations

from typing import Any

from matchwise.engine.pick.profile import Profile
from matchwise.engine.pick.program import Program
from matchwise.engine.pick.result import Recommendation
from matchwise.formats.chart import svg_text
from matchwise.formats.pick.results import result_from_dict, result_to_dict
from matchwise.network.services import ties_for
from matchwise.pick.models import Plan, SavedProfile
from matchwise.pick.service import PickRequest, WhatIf, run_pick, run_whatif
from matchwise.pick.writing import chart_spec
from matchwise.programs.services import all_programs
from matchwise.scholarly.services import research_counts


def profile_of(user: Any) -> Profile | None:
    saved = SavedProfile.objects.filter(owner=user).first()
    return None if saved is None else Profile.model_validate(saved.data)


def applicant_of(user: Any) -> Profile | None:
    """The profile that Pick uses: the saved one, with the ties the user's Network contacts give
    (a mentor or sponsor at a program) added to the ties written in the profile itself, and,
    when the Scholarly portfolio has items, the research counts taken from it (peer-reviewed,
    first-author, IR-related, presentations) instead of the numbers typed in the profile."""
    profile = profile_of(user)
    if profile is None:
        return None
    update: dict[str, Any] = {}
    known = {(t.program, t.kind) for t in profile.ties}
    extra = tuple(t for t in ties_for(user) if (t.program, t.kind) not in known)
    if extra:
        update["ties"] = profile.ties + extra
    research = research_counts(user)
    if research is not None:
        update |= research
    return Profile.model_validate({**profile.model_dump(), **update}) if update else profile


def save_profile(user: Any, profile: Profile) -> None:
    SavedProfile.objects.update_or_create(
        owner=user, defaults={"data": profile.model_dump(mode="json")}
    )


def pick_for(
    user: Any,
    *,
    budget_usd: float | None,
    max_applications: int | None,
    objective: str | None,
    signals: bool,
    ir_signals: str | None = None,
    draws: int = 200,
) -> tuple[Recommendation, tuple[Program, ...]] | None:
    """The user's pick over the stored catalog (None when the user has no profile yet).

    ``ir_signals`` names the signal scenario ("ir-own", the default, or "ir-shared")."""
    profile = applicant_of(user)
    if profile is None:
        return None
    catalog = all_programs()
    request = PickRequest(
        profile=profile,
        catalog=catalog,
        budget_usd=budget_usd,
        max_applications=max_applications,
        objective=objective,
        signal_pools=None if signals else (),
        signal_scenario=ir_signals,
        draws=draws,
    )
    return run_pick(request), catalog


def save_plan(user: Any, *, name: str, result: Recommendation, controls: dict[str, Any]) -> Plan:
    """Keep a computed pick with everything needed to reopen it exactly."""
    profile = applicant_of(user)
    return Plan.objects.create(
        owner=user,
        name=name.strip() or "Plan",
        parameter_version=result.parameter_version,
        inputs={"profile": profile.model_dump(mode="json") if profile else None, **controls},
        result=result_to_dict(result),
    )


def plans_of(user: Any) -> list[Plan]:
    return list(Plan.objects.filter(owner=user))


def plan_of(user: Any, plan_id: int) -> Plan | None:
    """The user's own plan, or None (another user's plan is indistinguishable from none)."""
    return Plan.objects.filter(owner=user, id=plan_id).first()


def reopened(plan: Plan) -> Recommendation:
    return result_from_dict(plan.result)


def whatif_for(user: Any, change: str) -> WhatIf | None:
    """The user's pick with one change to the profile (or one signal moved), and without."""
    profile = applicant_of(user)
    if profile is None:
        return None
    return run_whatif(PickRequest(profile=profile, catalog=all_programs()), [change])


def chart_svg(result: Recommendation) -> str:
    """The curve as inline SVG, from the same Vega-Lite definition the CLI renders.

    Moving the budget slider changes the list but seldom the curve (what more applications
    would buy), so the SVG of a spec already drawn is reused."""
    return svg_text(chart_spec(result))
