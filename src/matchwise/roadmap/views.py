"""Roadmap pages: the dashboard (this week, readiness, the plan's P(match)), the plan and its
timeline, the cycle's dates, letters, readiness and the agenda with its calendar. Every view
reads and writes only the signed-in user's rows (services)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from matchwise.engine.roadmap.agenda import KIND_LABELS
from matchwise.engine.roadmap.cycle import EVENT_LABELS, PATHWAY_LABELS, Event, deadline_in
from matchwise.engine.roadmap.letters import LETTER_STATUS_LABELS, SPECIALTY_LABELS, LetterStatus
from matchwise.engine.roadmap.milestones import (
    CATEGORY_LABELS,
    STATUS_LABELS,
    MilestoneStatus,
    is_late,
)
from matchwise.formats.chart import svg_text
from matchwise.formats.roadmap.shipped_data import plan_sources
from matchwise.formats.roadmap.timeline_chart import TimelineBar, TimelineDate, timeline_spec
from matchwise.pick.web import plans_of, profile_of, reopened
from matchwise.programs.services import catalog_is_demo
from matchwise.roadmap import agenda as agenda_service
from matchwise.roadmap import services
from matchwise.roadmap.forms import (
    CorrectionForm,
    LetterForm,
    MilestoneForm,
    SettingsForm,
    StatusForm,
    time_zones,
)
from matchwise.roadmap.models import LetterRow, Milestone
from matchwise.roadmap.readiness import readiness_of


def _ctx(section: str = "roadmap", **extra: object) -> dict[str, object]:
    return {"section": section, "demo_catalog": catalog_is_demo(), **extra}


def _own_milestone(request: HttpRequest, milestone_id: int) -> Milestone:
    row = services.milestone_of(request.user, milestone_id)
    if row is None:
        raise Http404("no such milestone")
    return row


def _own_letter(request: HttpRequest, letter_id: int) -> LetterRow:
    row = services.letter_of(request.user, letter_id)
    if row is None:
        raise Http404("no such letter")
    return row


# ---- the dashboard -------------------------------------------------------------------------------


def _latest_plan(user: Any) -> Any:
    plans = plans_of(user)
    return (plans[0], reopened(plans[0])) if plans else (None, None)


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """Where a user lands: this week's agenda, the readiness summary and the plan's P(match).
    A new user, with no profile yet, starts at the profile (everything else reads it)."""
    user = request.user
    if profile_of(user) is None:
        return redirect("pick:profile")
    today = services.today_for(user)
    plan, result = _latest_plan(user)
    found = readiness_of(user, with_effects=False)
    return render(
        request,
        "roadmap/dashboard.html",
        _ctx(
            "home",
            today=today,
            settings_row=services.settings_of(user),
            items=agenda_service.agenda_of(user, days=7, today=today),
            kinds=KIND_LABELS,
            readiness=found,
            gaps=[g for g in found.gaps if g.met is False][:4],
            plan=plan,
            result=result,
            milestones=services.milestones_of(user).count(),
        ),
    )


# ---- the plan --------------------------------------------------------------------------------


def _timeline(user: Any, rows: list[Milestone], today: Any) -> str:
    bars = [
        TimelineBar(
            m.title, m.category, m.start or m.due, m.due,
            late=is_late(m.due, MilestoneStatus(m.status), today),
            done=m.status in (MilestoneStatus.DONE, MilestoneStatus.SKIPPED),
        )
        for m in rows
        if m.due is not None
    ]  # fmt: skip
    if not bars:
        return ""
    found = services.settings_of(user)
    dates = []
    if found is not None:
        for row in services.cycle_table(user, found.cycle_year, services.pathways_of(found)):
            if row.anchor.on is not None and row.event in (
                Event.ERAS_SUBMIT, Event.PROGRAMS_REVIEW, Event.ROL_DEADLINE, Event.MATCH_DAY,
                Event.IRI_MATCH_DAY,
            ):  # fmt: skip
                dates.append(TimelineDate(row.label, row.anchor.on, row.anchor.estimated))
    spec = timeline_spec(bars, dates, today=today)
    return svg_text(spec)


@login_required
def plan_page(request: HttpRequest) -> HttpResponse:
    user = request.user
    found = services.settings_of(user)
    if request.method == "POST" and request.POST.get("what") == "settings":
        form = SettingsForm(request.POST)
        if form.is_valid():
            services.save_settings(user, **form.cleaned_data)
            added, moved, removed = services.apply_plan(user)
            messages.success(
                request,
                f"Plan for Match {form.cleaned_data['cycle_year']}: {added} milestones added, "
                f"{moved} moved, {removed} removed; your statuses and pinned dates are kept.",
            )
            return redirect("roadmap:plan")
    elif request.method == "POST" and request.POST.get("what") == "add":
        form = SettingsForm(initial=_settings_initial(found))
        add = MilestoneForm(request.POST)
        if add.is_valid():
            data = add.cleaned_data
            services.save_milestone(user, None, **data, plan="mine")
            messages.success(request, f"Added: {data['title']}")
            return redirect("roadmap:plan")
        return _plan_render(request, form, add, status=400)
    else:
        form = SettingsForm(initial=_settings_initial(found))
    status = 400 if request.method == "POST" else 200
    return _plan_render(request, form, MilestoneForm(initial={"status": "planned"}), status=status)


def _settings_initial(found: Any) -> dict[str, Any]:
    if found is None:
        return {"pathways": [p.value for p in services.DEFAULT_PATHWAYS], "time_zone": "UTC"}
    return {
        "cycle_year": found.cycle_year,
        "pathways": found.pathways,
        "time_zone": found.time_zone,
    }


def _plan_render(
    request: HttpRequest, form: SettingsForm, add: MilestoneForm, *, status: int
) -> HttpResponse:
    user = request.user
    today = services.today_for(user)
    rows = list(services.milestones_of(user))
    evidence = services.evidence_of(user) if rows else {}
    open_ = (MilestoneStatus.PLANNED, MilestoneStatus.IN_PROGRESS)
    for m in rows:
        m.late = is_late(m.due, MilestoneStatus(m.status), today)
        m.evidence = evidence.get(m.key, "") if m.status in open_ else ""
    done = sum(1 for m in rows if m.status == MilestoneStatus.DONE)
    return render(
        request,
        "roadmap/plan.html",
        _ctx(
            form=form,
            add=add,
            rows=rows,
            done=done,
            late=sum(1 for m in rows if m.late),
            today=today,
            chart=mark_safe(_timeline(user, rows, today)),
            categories=CATEGORY_LABELS,
            statuses=STATUS_LABELS,
            sources=plan_sources(),
            zones=time_zones(),
            settings_row=services.settings_of(user),
        ),
        status=status,
    )


@login_required
@require_POST
def milestone_status(request: HttpRequest, milestone_id: int) -> HttpResponse:
    row = _own_milestone(request, milestone_id)
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a status.")
    else:
        try:
            services.set_status(
                request.user,
                row.id,
                MilestoneStatus(form.cleaned_data["status"]),
                reason=form.cleaned_data["skip_reason"],
            )
            messages.success(
                request,
                f"{row.title}: {STATUS_LABELS[MilestoneStatus(form.cleaned_data['status'])]}",
            )
        except services.RoadmapError as exc:
            messages.error(request, f"{row.title}: {exc}")
    return redirect(request.POST.get("next") or reverse("roadmap:plan"))


@login_required
def milestone_page(request: HttpRequest, milestone_id: int) -> HttpResponse:
    row = _own_milestone(request, milestone_id)
    if request.method == "POST":
        form = MilestoneForm(request.POST)
        if form.is_valid():
            services.save_milestone(request.user, row, **form.cleaned_data)
            messages.success(request, "Saved.")
            return redirect("roadmap:plan")
    else:
        form = MilestoneForm(
            initial={
                "title": row.title, "category": row.category, "due": row.due,
                "status": row.status, "skip_reason": row.skip_reason, "why": row.why,
            }
        )  # fmt: skip
    return render(
        request,
        "roadmap/milestone.html",
        _ctx(form=form, row=row),
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def milestone_delete(request: HttpRequest, milestone_id: int) -> HttpResponse:
    row = _own_milestone(request, milestone_id)
    services.delete_milestone(request.user, row.id)
    messages.success(request, f"Removed: {row.title}")
    return redirect("roadmap:plan")


# ---- the cycle's dates -------------------------------------------------------------------------


@login_required
def cycle_page(request: HttpRequest) -> HttpResponse:
    user = request.user
    found = services.settings_of(user)
    if found is None:
        messages.info(request, "Choose your target Match and pathways first.")
        return redirect("roadmap:plan")
    if request.method == "POST":
        try:
            event = Event(request.POST.get("event", ""))
        except ValueError:
            raise Http404("no such cycle date") from None
        form = CorrectionForm(request.POST)
        if form.is_valid():
            moved = services.correct_cycle_date(
                user, year=found.cycle_year, event=event,
                on=form.cleaned_data["on"], note=form.cleaned_data["note"],
            )  # fmt: skip
            what = "removed" if form.cleaned_data["on"] is None else "saved"
            messages.success(
                request, f"{EVENT_LABELS[event]}: your date {what}; {moved} milestones moved."
            )
            return redirect("roadmap:cycle")
        messages.error(request, "; ".join(e for errs in form.errors.values() for e in errs))
    rows = services.cycle_table(user, found.cycle_year, services.pathways_of(found))
    # formatted here: the template's date filter would turn it back into the server's zone
    local = {
        r.event: deadline_in(r.anchor.on, r.anchor.at, r.anchor.tz, found.time_zone).strftime(
            f"%a %d %b %Y, %H:%M your time ({found.time_zone})"
        )
        for r in rows
        if r.anchor.on is not None and r.anchor.at is not None
    }
    return render(
        request,
        "roadmap/cycle.html",
        _ctx(
            rows=[(r, local.get(r.event)) for r in rows],
            settings_row=found,
            pathways=[PATHWAY_LABELS[p] for p in services.pathways_of(found)],
        ),
    )


# ---- letters ---------------------------------------------------------------------------------


def _letter_fields(data: dict[str, Any]) -> dict[str, Any]:
    fields = dict(data)
    fields["contact_id"] = fields.pop("contact")
    return fields


@login_required
def letters_page(request: HttpRequest) -> HttpResponse:
    user = request.user
    writers = services.writer_choices(user)
    status = 200
    if request.method == "POST":
        form = LetterForm(request.POST, writers=writers)
        if form.is_valid():
            try:
                services.save_letter(user, None, **_letter_fields(form.cleaned_data))
            except services.RoadmapError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, f"Letter from {form.cleaned_data['writer']} added.")
                return redirect("roadmap:letters")
        status = 400
    else:
        initial: dict[str, Any] = {"status": LetterStatus.TO_ASK.value, "us_based": True}
        contact = request.GET.get("contact", "")
        if contact.isdigit() and int(contact) in dict(writers):
            initial |= {"contact": int(contact), "writer": dict(writers)[int(contact)]}
        form = LetterForm(initial=initial, writers=writers)
    rows = list(services.letters_of(user))
    return render(
        request,
        "roadmap/letters.html",
        _ctx(
            form=form,
            rows=[(r, services.to_letter(r)) for r in rows],
            goal=services.goal_of(user),
            suggestions=services.letter_suggestions(user),
            statuses=LETTER_STATUS_LABELS,
            specialties=SPECIALTY_LABELS,
        ),
        status=status,
    )


@login_required
def letter_page(request: HttpRequest, letter_id: int) -> HttpResponse:
    row = _own_letter(request, letter_id)
    writers = services.writer_choices(request.user)
    status = 200
    if request.method == "POST":
        form = LetterForm(request.POST, writers=writers)
        if form.is_valid():
            try:
                services.save_letter(request.user, row, **_letter_fields(form.cleaned_data))
            except services.RoadmapError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, "Saved.")
                return redirect("roadmap:letters")
        status = 400
        row.refresh_from_db()
    else:
        form = LetterForm(
            initial={
                "contact": row.contact_id, "writer": row.writer, "specialty": row.specialty,
                "us_based": row.us_based, "relationship": row.relationship,
                "known_months": row.known_months, "seen": row.seen, "status": row.status,
                "asked_on": row.asked_on, "agreed_on": row.agreed_on,
                "uploaded_on": row.uploaded_on, "eras_letter_id": row.eras_letter_id,
            },
            writers=writers,
        )  # fmt: skip
    return render(request, "roadmap/letter.html", _ctx(form=form, row=row), status=status)


@login_required
@require_POST
def letter_delete(request: HttpRequest, letter_id: int) -> HttpResponse:
    row = _own_letter(request, letter_id)
    services.delete_letter(request.user, row.id)
    messages.success(request, f"Removed the letter from {row.writer}.")
    return redirect("roadmap:letters")


# ---- readiness -------------------------------------------------------------------------------


@login_required
def readiness_page(request: HttpRequest) -> HttpResponse:
    found = readiness_of(request.user, with_effects=True)
    return render(request, "roadmap/readiness.html", _ctx("readiness", readiness=found))


# ---- the agenda and its calendar ------------------------------------------------------------


@login_required
def agenda_page(request: HttpRequest) -> HttpResponse:
    user = request.user
    hosted = settings.MATCHWISE_HOSTED
    if request.method == "POST" and hosted:
        if request.POST.get("what") == "revoke":
            agenda_service.revoke_agenda_feed(user)
            messages.success(request, "The subscription address no longer works.")
        else:
            agenda_service.agenda_feed(user, renew=True)
            messages.success(request, "A new subscription address: the old one no longer works.")
        return redirect("roadmap:agenda")
    try:
        days = max(1, min(366, int(request.GET.get("days", "7"))))
    except ValueError:
        days = 7
    feed = agenda_service.agenda_feed_of(user) if hosted else None
    url = request.build_absolute_uri(reverse("roadmap:feed", args=[feed.token])) if feed else ""
    today = services.today_for(user)
    return render(
        request,
        "roadmap/agenda.html",
        _ctx(
            "agenda",
            items=agenda_service.agenda_of(user, days=days, today=today),
            days=days,
            today=today,
            kinds=KIND_LABELS,
            hosted=hosted,
            feed_url=url,
        ),
    )


def _ics_response(data: bytes, *, download: bool) -> HttpResponse:
    response = HttpResponse(data, content_type="text/calendar; charset=utf-8")
    if download:
        response["Content-Disposition"] = 'attachment; filename="matchwise-agenda.ics"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def agenda_file(request: HttpRequest) -> HttpResponse:
    return _ics_response(agenda_service.agenda_ics(request.user), download=True)


def agenda_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The subscription address: no session, the token is the key (hosted mode only)."""
    user = agenda_service.feed_owner(token) if settings.MATCHWISE_HOSTED else None
    if user is None:
        raise Http404("no such calendar")
    return _ics_response(agenda_service.agenda_ics(user), download=False)
