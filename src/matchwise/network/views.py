"""Network pages: the dashboard, contacts and their interactions, who is due and why, the mentor
team, conferences. Every view reads and writes only the signed-in user's rows (services)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from matchwise.engine.network import outreach
from matchwise.engine.network.contacts import (
    ADVOCATE_GOAL,
    CHANNEL_LABELS,
    Channel,
    Interaction,
    Relationship,
)
from matchwise.engine.network.followup import DEFAULT_RULES, State
from matchwise.formats.network.calendar import follow_ups_to_ics
from matchwise.formats.network.contacts import ContactFileError, parse_contact_mapping
from matchwise.formats.network.drafts import draft_to_eml, mailto_url
from matchwise.network import imports, services
from matchwise.network.forms import (
    CadenceForm,
    ConferenceForm,
    ContactForm,
    ContactImportForm,
    InteractionForm,
    SnoozeForm,
    TagCadenceForm,
    TargetForm,
    contact_initial,
)
from matchwise.network.models import ContactRow
from matchwise.programs.services import catalog_is_demo, get_program

DUE_PAGE = 50  # follow-ups shown at once on the Due page (the most overdue first)


def _ctx(**extra: object) -> dict[str, object]:
    return {"section": "network", "demo_catalog": catalog_is_demo(), **extra}


def _own_contact(request: HttpRequest, contact_id: int) -> ContactRow:
    row = services.contact_of(request.user, contact_id)
    if row is None:
        raise Http404("no such contact")
    return row


@login_required
def home(request: HttpRequest) -> HttpResponse:
    ups = services.follow_ups(request.user)
    now = [d for d in ups if d.follow_up.state in (State.OVERDUE, State.DUE)]
    team = services.mentor_team(request.user)
    advocates = services.advocates(request.user)
    upcoming = services.conferences_of(request.user).filter(ends__gte=services.today())
    context = _ctx(
        due=now[:8],
        due_total=len(now),
        overdue=sum(1 for d in now if d.follow_up.state is State.OVERDUE),
        soon=[d for d in ups if d.follow_up.state is State.UPCOMING][:5],
        team=team,
        covered=sum(1 for slot in team if slot.covered),
        advocates=len(advocates),
        goal=ADVOCATE_GOAL,
        conferences=list(upcoming.order_by("starts")[:3]),
        contacts=services.contact_count(request.user),
        network_overdue=sum(1 for d in ups if d.follow_up.state is State.OVERDUE),
    )
    return render(request, "network/home.html", context)


@login_required
def contact_list(request: HttpRequest) -> HttpResponse:
    text = request.GET.get("q", "").strip()[:100]
    relationship = request.GET.get("relationship", "")
    if relationship not in {r.value for r in Relationship}:
        relationship = ""
    rows = services.contacts_of(
        request.user, text=text, relationship=relationship, tag=request.GET.get("tag", "")[:60]
    )
    context = _ctx(
        rows=rows, q=text, relationship=relationship, relationships=[r.value for r in Relationship]
    )
    return render(request, "network/contacts.html", context)


@login_required
def contact_new(request: HttpRequest) -> HttpResponse:
    """Add a contact; after a conference, log the conversation in the same step."""
    status = 200
    if request.method == "POST":
        form = ContactForm(request.POST)
        first = InteractionForm(request.POST, prefix="first")
        log_first = request.POST.get("log_first") == "on"
        if form.is_valid() and (not log_first or first.is_valid()):
            row = services.save_contact(
                request.user,
                form.contact,
                project=form.cleaned_data["project"],
                first_interaction=first.interaction if log_first else None,
            )
            messages.success(request, f"Added {row.name}.")
            return redirect("network:contact", contact_id=row.id)
        status = 400
    else:
        form = ContactForm(initial={"role": "faculty", "relationship": "acquaintance"})
        first = InteractionForm(prefix="first", initial={"channel": Channel.CONFERENCE.value})
    return render(request, "network/contact_new.html", _ctx(form=form, first=first), status=status)


def _contact_page(
    request: HttpRequest,
    row: ContactRow,
    *,
    form: ContactForm | None = None,
    log: InteractionForm | None = None,
    snooze: SnoozeForm | None = None,
    cadence: CadenceForm | None = None,
    status: int = 200,
) -> HttpResponse:
    due = next((d for d in services.follow_ups(request.user) if d.row.pk == row.pk), None)
    programs = [(code, get_program(code)) for code in row.program_codes]
    context = _ctx(
        row=row,
        draft_url=reverse("network:draft", args=[row.id]),
        form=form or ContactForm(initial=contact_initial(row.to_contact(), row.project)),
        log=log or InteractionForm(),
        snooze=snooze or SnoozeForm(initial={"until": services.today() + timedelta(days=14)}),
        cadence=cadence or CadenceForm(),
        interactions=services.interactions_of(request.user, row),
        due=due,
        programs=programs,
        rules=DEFAULT_RULES,
        overrides=row.overrides(),
    )
    return render(request, "network/contact.html", context, status=status)


@login_required
def contact_page(request: HttpRequest, contact_id: int) -> HttpResponse:
    row = _own_contact(request, contact_id)
    if request.method == "POST":
        form = ContactForm(request.POST)
        if form.is_valid():
            services.save_contact(
                request.user, form.contact, row=row, project=form.cleaned_data["project"]
            )
            messages.success(request, "Saved.")
            return redirect("network:contact", contact_id=row.id)
        return _contact_page(request, row, form=form, status=400)
    return _contact_page(request, row)


@login_required
@require_POST
def log_interaction(request: HttpRequest, contact_id: int) -> HttpResponse:
    row = _own_contact(request, contact_id)
    form = InteractionForm(request.POST)
    if not form.is_valid():
        return _contact_page(request, row, log=form, status=400)
    services.add_interaction(request.user, row, form.interaction)
    what = CHANNEL_LABELS[form.interaction.channel]
    messages.success(request, f"Logged your {what} with {row.name}.")
    if request.POST.get("back") == "due":
        return redirect("network:due")
    return redirect("network:contact", contact_id=row.id)


@login_required
@require_POST
def snooze(request: HttpRequest, contact_id: int) -> HttpResponse:
    row = _own_contact(request, contact_id)
    form = SnoozeForm(request.POST)
    if not form.is_valid():
        return _contact_page(request, row, snooze=form, status=400)
    services.snooze(
        request.user, row, until=form.cleaned_data["until"], reason=form.cleaned_data["reason"]
    )
    messages.success(request, f"Snoozed {row.name} until {form.cleaned_data['until']:%Y-%m-%d}.")
    if request.POST.get("back") == "due":
        return redirect("network:due")
    return redirect("network:contact", contact_id=row.id)


@login_required
@require_POST
def cadence(request: HttpRequest, contact_id: int) -> HttpResponse:
    row = _own_contact(request, contact_id)
    if request.POST.get("reset") == "on":
        services.set_cadence(request.user, row, [])
        messages.success(request, "Back to the default follow-up rules.")
        return redirect("network:contact", contact_id=row.id)
    form = CadenceForm(request.POST)
    if not form.is_valid():
        return _contact_page(request, row, cadence=form, status=400)
    kept = [o for o in row.overrides() if o.rule != form.override.rule]
    services.set_cadence(request.user, row, [*kept, form.override])
    messages.success(request, "Follow-up rule changed for this contact.")
    return redirect("network:contact", contact_id=row.id)


@login_required
@require_POST
def delete_contact(request: HttpRequest, contact_id: int) -> HttpResponse:
    row = _own_contact(request, contact_id)
    name = row.name
    row.delete()
    messages.success(request, f"Deleted {name} and their interactions.")
    return redirect("network:contacts")


@login_required
def due_page(request: HttpRequest) -> HttpResponse:
    status = 200
    tag_form = TagCadenceForm()
    if request.method == "POST":
        tag_form = TagCadenceForm(request.POST)
        if tag_form.is_valid():
            data = tag_form.cleaned_data
            services.set_tag_cadence(
                request.user,
                data["tag"],
                None if data.get("reset") else tag_form.override,
                data["rule"],
            )
            messages.success(request, f"Follow-up rule for #{data['tag']} saved.")
            return redirect("network:due")
        status = 400
    ups = services.follow_ups(request.user)
    now = [d for d in ups if d.follow_up.state in (State.OVERDUE, State.DUE)]
    shown = now if request.GET.get("all") == "1" else now[:DUE_PAGE]
    context = _ctx(
        now=shown,
        now_total=len(now),
        network_overdue=sum(1 for d in now if d.follow_up.state is State.OVERDUE),
        soon=[d for d in ups if d.follow_up.state is State.UPCOMING][:20],
        snoozed=[d for d in ups if d.follow_up.state is State.SNOOZED],
        today=services.today(),
        in_two_weeks=services.today() + timedelta(days=14),
        channels=[(c.value, c.value.replace("_", " ")) for c in Channel],
        rules=DEFAULT_RULES.values(),
        tag_rules=services.tag_cadences(request.user),
        tag_form=tag_form,
    )
    return render(request, "network/due.html", context, status=status)


@login_required
def team_page(request: HttpRequest) -> HttpResponse:
    reach = services.reach(request.user)
    context = _ctx(
        team=services.mentor_team(request.user),
        advocates=services.advocates(request.user),
        goal=ADVOCATE_GOAL,
        reach=sorted(
            ((code, get_program(code), rows) for code, rows in reach.items()),
            key=lambda item: item[0],
        ),
        ties=services.ties_for(request.user),
    )
    return render(request, "network/team.html", context)


@login_required
def conference_list(request: HttpRequest) -> HttpResponse:
    status = 200
    if request.method == "POST":
        form = ConferenceForm(request.POST)
        if form.is_valid():
            conference = services.add_conference(request.user, **form.cleaned_data)
            return redirect("network:conference", conference_id=conference.id)
        status = 400
    else:
        form = ConferenceForm()
    context = _ctx(conferences=services.conferences_of(request.user), form=form)
    return render(request, "network/conferences.html", context, status=status)


@login_required
def conference_page(request: HttpRequest, conference_id: int) -> HttpResponse:
    conference = services.conference_of(request.user, conference_id)
    if conference is None:
        raise Http404("no such conference")
    choices = [(r.id, r.name) for r in services.contacts_of(request.user)]
    status = 200
    form = ConferenceForm(initial={f: getattr(conference, f) for f in ConferenceForm.base_fields})
    target = TargetForm(contacts=choices)
    if request.method == "POST" and request.POST.get("what") == "edit":
        form = ConferenceForm(request.POST)
        if form.is_valid():
            for field, value in form.cleaned_data.items():
                setattr(conference, field, value)
            conference.save()
            messages.success(request, "Saved.")
            return redirect("network:conference", conference_id=conference.id)
        status = 400
    elif request.method == "POST" and request.POST.get("what") == "target":
        target = TargetForm(request.POST, contacts=choices)
        if target.is_valid():
            row = _own_contact(request, target.cleaned_data["contact"])
            services.add_target(request.user, conference, row, target.cleaned_data["reason"])
            return redirect("network:conference", conference_id=conference.id)
        status = 400
    elif request.method == "POST" and request.POST.get("what") == "met":
        target_id = request.POST.get("target", "")
        found = conference.targets.filter(pk=int(target_id) if target_id.isdigit() else 0).first()
        if found is None:
            raise Http404("no such person on this conference")
        day = services.today()
        if day < conference.starts:
            messages.error(request, "The conference has not started: log the meeting on the day.")
            return redirect("network:conference", conference_id=conference.id)
        services.add_interaction(
            request.user,
            found.contact,
            Interaction(
                on=min(day, conference.ends),
                channel=Channel.CONFERENCE,
                summary=request.POST.get("summary", "")[:5000] or f"Met at {conference.name}",
            ),
        )
        found.met = True
        found.save(update_fields=["met"])
        messages.success(request, f"Logged your conversation with {found.contact.name}: "
                                  "a follow-up is due in 3 to 7 days.")  # fmt: skip
        return redirect("network:conference", conference_id=conference.id)
    words = len(conference.pitch.split())
    context = _ctx(
        conference=conference,
        form=form,
        target=target,
        targets=conference.targets.select_related("contact"),
        pitch_words=words,
        pitch_seconds=(round(words / 2.5) if words else 0),  # about 150 words a minute
    )
    return render(request, "network/conference.html", context, status=status)


# ---- calendar ---------------------------------------------------------------------------------


def _ics(user: object) -> bytes:
    items = [
        (d.row.to_contact(), d.follow_up)
        for d in services.follow_ups(user)
        if d.follow_up.state is not State.SNOOZED
    ]
    return follow_ups_to_ics(items, calendar_name="MatchWise follow-ups", stamp=timezone.now())


def _ics_response(data: bytes, *, download: bool) -> HttpResponse:
    response = HttpResponse(data, content_type="text/calendar; charset=utf-8")
    if download:
        response["Content-Disposition"] = 'attachment; filename="matchwise-follow-ups.ics"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def calendar_page(request: HttpRequest) -> HttpResponse:
    """Download the follow-ups as an iCalendar file; in hosted mode, a private subscription
    address (a secret in the URL, as calendar programs need) that can be revoked."""
    hosted = settings.MATCHWISE_HOSTED
    if request.method == "POST" and hosted:
        if request.POST.get("what") == "revoke":
            services.revoke_calendar_feed(request.user)
            messages.success(request, "The subscription address no longer works.")
        else:
            services.calendar_feed(request.user, renew=True)
            messages.success(request, "A new subscription address: the old one no longer works.")
        return redirect("network:calendar")
    feed = services.calendar_feed_of(request.user) if hosted else None
    url = (
        request.build_absolute_uri(reverse("network:feed", args=[feed.token]))
        if feed is not None
        else ""
    )
    return render(request, "network/calendar.html", _ctx(hosted=hosted, feed_url=url))


@login_required
def calendar_file(request: HttpRequest) -> HttpResponse:
    return _ics_response(_ics(request.user), download=True)


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The subscription address: no session, the token is the key (hosted mode only)."""
    user = services.feed_owner(token) if settings.MATCHWISE_HOSTED else None
    if user is None:
        raise Http404("no such calendar")
    return _ics_response(_ics(user), download=False)


# ---- outreach drafts --------------------------------------------------------------------------


def _background(request: HttpRequest) -> tuple[str, str]:
    """The applicant's name and a one-line background, from the Pick profile when there is one
    (through Pick's middleware: this app does not read Pick's tables)."""
    loader = getattr(request, "applicant_profile", None)
    profile = loader() if loader is not None else None
    if profile is None:
        return "", ""
    img = profile.applicant_type.is_img
    kind = "an international medical graduate" if img else "a medical graduate"
    line = f"{kind} (class of {profile.graduation_year}) applying to Interventional Radiology"
    if profile.peer_reviewed_publications:
        line += f", with {profile.peer_reviewed_publications} peer-reviewed publications"
    return profile.name or "", line


def _checked(
    request: HttpRequest, row: ContactRow, draft: outreach.Draft, attachments: list[str]
) -> list[outreach.Finding]:
    history = [i.to_interaction() for i in services.interactions_of(request.user, row)]
    findings = outreach.check(
        draft, contact=row.to_contact(), interactions=history, attachments=attachments
    )
    order = {outreach.Severity.PROBLEM: 0, outreach.Severity.WARNING: 1}
    return sorted(findings, key=lambda f: order[f.severity])


def _attachments(text: str) -> list[str]:
    return [a.strip() for a in text.split(",") if a.strip()][:10]


@login_required
def draft_page(request: HttpRequest, contact_id: int) -> HttpResponse:
    """Choose a template suited to this contact, edit it, and see the checker's findings live;
    then open it in your mail program (mailto) or download it as an unsent draft (.eml)."""
    row = _own_contact(request, contact_id)
    contact = row.to_contact()
    history = [i.to_interaction() for i in services.interactions_of(request.user, row)]
    offers = outreach.templates_for(contact, history)
    source = request.POST if request.method == "POST" else request.GET
    key = source.get("template", "")
    offered = {o.template.key for o in offers if o.offered}
    if key and key not in offered:
        key = ""  # a template not offered (e.g. a letter request too early) is not prefilled
    subject, body = source.get("subject"), source.get("body")
    if subject is None or body is None:
        name, background = _background(request)
        if key:
            rendered = outreach.render(
                outreach.TEMPLATES[key],
                outreach.DraftContext(
                    contact=contact, my_name=name, my_background=background, interactions=history
                ),
            )
            subject, body = rendered.subject, rendered.body
        else:
            subject, body = "", ""
    attachments_text = source.get("attachments", "")[:500]
    draft = outreach.Draft(subject[:300], body[:20_000], template=key)
    findings = _checked(request, row, draft, _attachments(attachments_text)) if body else []
    context = _ctx(
        row=row,
        offers=offers,
        key=key,
        subject=draft.subject,
        body=draft.body,
        attachments=attachments_text,
        findings=findings,
        problems=sum(1 for f in findings if f.severity is outreach.Severity.PROBLEM),
        words=outreach.word_count(draft.body),
        bounds=(outreach.MIN_WORDS, outreach.MAX_WORDS),
        mailto=mailto_url(row.email, draft.subject, draft.body) if body else "",
    )
    partial = request.headers.get("HX-Request") and request.method == "POST"
    return render(request, "network/_findings.html" if partial else "network/draft.html", context)


@login_required
@require_POST
def draft_eml(request: HttpRequest, contact_id: int) -> HttpResponse:
    """The draft as an .eml file that mail programs open as an unsent message (never sent by
    MatchWise)."""
    row = _own_contact(request, contact_id)
    data = draft_to_eml(
        to=row.email,
        subject=request.POST.get("subject", "")[:300],
        body=request.POST.get("body", "")[:20_000],
    )
    response = HttpResponse(data, content_type="message/rfc822")
    response["Content-Disposition"] = f'attachment; filename="draft-to-contact-{row.id}.eml"'
    return response


# ---- import and export ------------------------------------------------------------------------

_IMPORT_KEY = "network_import_preview"


@login_required
def import_page(request: HttpRequest) -> HttpResponse:
    """Step 1: upload and preview (nothing written). Step 2: confirm, choosing for each
    duplicate whether to merge it, skip it or add it anyway."""
    status = 200
    preview = None
    problems: list[str] = []
    form = ContactImportForm()
    if request.method == "POST" and request.POST.get("step") == "confirm":
        data = request.session.get(_IMPORT_KEY)
        if data is None:
            messages.error(request, "That import has expired: upload the file again.")
            return redirect("network:import")
        preview = imports.ImportPreview.from_json(data)
        decisions: dict[int, imports.Decision] = {}
        for index in range(len(preview.duplicates)):
            choice = request.POST.get(f"dup-{index}", "skip")
            decisions[index] = (
                "merge" if choice == "merge" else "add" if choice == "add" else "skip"
            )
        summary = imports.apply_import(request.user, preview, decisions)
        del request.session[_IMPORT_KEY]
        messages.success(
            request,
            f"Imported {preview.source}: {summary.added} added, {summary.merged} merged, "
            f"{summary.skipped} duplicate{'s' * (summary.skipped != 1)} skipped.",
        )
        return redirect("network:contacts")
    if request.method == "POST":
        form = ContactImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                mapping = form.cleaned_data["mapping"]
                preview = imports.preview_upload(
                    request.user,
                    upload.name,
                    upload.size,
                    upload.chunks(),
                    mapping=parse_contact_mapping(mapping) if mapping else None,
                    skip_bad_rows=form.cleaned_data["skip_bad_rows"],
                )
            except ContactFileError as exc:
                problems = [str(p) for p in exc.problems]
                status = 400
            else:
                request.session[_IMPORT_KEY] = preview.to_json()
        else:
            status = 400
    more = max(0, len(problems) - 200)
    context = _ctx(form=form, preview=preview, problems=problems[:200], more=more)
    return render(request, "network/import.html", context, status=status)


@login_required
def export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in imports.EXPORTS:
        raise Http404("export as csv, xlsx or vcf")
    response = HttpResponse(
        imports.export_contacts(request.user, fmt), content_type=imports.EXPORTS[fmt]
    )
    response["Content-Disposition"] = f'attachment; filename="matchwise-contacts.{fmt}"'
    return response


@login_required
def export_interactions(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(imports.export_interactions(request.user), content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="matchwise-interactions.csv"'
    return response
