"""Scholarly pages: the portfolio with its checks and benchmarks, an output's form, projects,
import and exports. Every view reads and writes only the signed-in user's rows (services)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from matchwise.engine.scholarly.outputs import IR_TOPIC_LABELS, OUTPUT_TYPE_LABELS, STATUS_LABELS
from matchwise.formats.chart import svg_text
from matchwise.formats.scholarly.eras import eras_entries, eras_text, load_eras
from matchwise.formats.scholarly.references import ReferenceFileError, ReferenceProblem
from matchwise.formats.scholarly.trajectory_chart import trajectory_spec
from matchwise.network.services import mentor_choices
from matchwise.programs.services import catalog_is_demo
from matchwise.scholarly import imports, lookup, services
from matchwise.scholarly.forms import (
    OutputForm,
    ProjectForm,
    ReferenceImportForm,
    output_initial,
)
from matchwise.scholarly.models import OutputRow, Project


def _ctx(**extra: object) -> dict[str, object]:
    return {"section": "scholarly", "demo_catalog": catalog_is_demo(), **extra}


def _projects(request: HttpRequest) -> list[tuple[int, str]]:
    return [(p.id, p.name) for p in services.projects_of(request.user)]


def _own(request: HttpRequest, output_id: int) -> OutputRow:
    row = services.output_of(request.user, output_id)
    if row is None:
        raise Http404("no such output")
    return row


def _project(request: HttpRequest, project_id: int | None) -> Project | None:
    if project_id is None:
        return None
    project = services.project_of(request.user, project_id)
    if project is None:
        raise Http404("no such project")
    return project


@login_required
def output_new(request: HttpRequest) -> HttpResponse:
    status = 200
    looked_up = ""
    if request.method == "POST" and "lookup" in request.POST:
        # fill the form from Crossref or PubMed; nothing is saved until the user saves
        identifier = request.POST.get("identifier", "").strip()[:200]
        form = OutputForm(projects=_projects(request))
        if not settings.MATCHWISE_LOOKUPS:
            messages.error(request, "Look-ups are off (MATCHWISE_LOOKUPS=on turns them on).")
        else:
            source = lookup.default_lookup()
            try:
                found = (
                    source.by_pmid(identifier) if identifier.isdigit()
                    else source.by_doi(identifier)
                )  # fmt: skip
            except lookup.LookupFailedError as exc:
                messages.error(request, f"Look-up of {identifier!r}: {exc}")
                status = 400
            else:
                initial = output_initial(found, None)
                initial["authors"] = "; ".join(str(a) for a in found.authors)
                form = OutputForm(projects=_projects(request), initial=initial)
                looked_up = identifier
        context = _ctx(form=form, row=None, lookups=settings.MATCHWISE_LOOKUPS, looked_up=looked_up)
        return render(request, "scholarly/output.html", context, status=status)
    if request.method == "POST":
        form = OutputForm(request.POST, projects=_projects(request))
        if form.is_valid():
            row = services.save_output(
                request.user, form.output, project=_project(request, form.cleaned_data["project"])
            )
            messages.success(request, f"Added “{row.title}”.")
            return redirect("scholarly:list")
        status = 400
    else:
        form = OutputForm(
            projects=_projects(request),
            initial={"type": "case_report", "status": "in_preparation", "venue_kind": "journal"},
        )
    context = _ctx(form=form, row=None, lookups=settings.MATCHWISE_LOOKUPS)
    return render(request, "scholarly/output.html", context, status=status)


@login_required
def output_page(request: HttpRequest, output_id: int) -> HttpResponse:
    row = _own(request, output_id)
    output = row.to_output()
    status = 200
    if request.method == "POST":
        form = OutputForm(request.POST, projects=_projects(request), history=output.history)
        if form.is_valid():
            services.save_output(
                request.user,
                form.output,
                row=row,
                project=_project(request, form.cleaned_data["project"]),
            )
            messages.success(request, "Saved.")
            return redirect("scholarly:list")
        status = 400
    else:
        form = OutputForm(
            projects=_projects(request), initial=output_initial(output, row.project_id)
        )
    history = [(STATUS_LABELS[c.status], c.on) for c in output.history]
    context = _ctx(form=form, row=row, history=history)
    return render(request, "scholarly/output.html", context, status=status)


@login_required
@require_POST
def output_delete(request: HttpRequest, output_id: int) -> HttpResponse:
    row = _own(request, output_id)
    title = row.title
    services.delete_output(request.user, row.id)
    messages.success(request, f"Deleted “{title}”.")
    return redirect("scholarly:list")


@login_required
def projects_page(request: HttpRequest) -> HttpResponse:
    contacts = mentor_choices(request.user)
    status = 200
    form = ProjectForm(contacts=contacts, initial={"active": True})
    if request.method == "POST":
        form = ProjectForm(request.POST, contacts=contacts)
        if form.is_valid():
            data = form.cleaned_data
            services.save_project(
                request.user,
                name=data["name"],
                mentor_contact_id=data["mentor"],
                active=data["active"],
                notes=data["notes"],
            )
            messages.success(request, f"Project “{data['name']}” saved.")
            return redirect("scholarly:projects")
        status = 400
    names = dict(contacts)
    projects = [
        (p, names.get(p.mentor_contact_id or -1, ""), p.outputs.count())
        for p in services.projects_of(request.user)
    ]
    context = _ctx(form=form, projects=projects)
    return render(request, "scholarly/projects.html", context, status=status)


@login_required
@require_POST
def project_toggle(request: HttpRequest, project_id: int) -> HttpResponse:
    project = services.project_of(request.user, project_id)
    if project is None:
        raise Http404("no such project")
    services.save_project(
        request.user,
        name=project.name,
        mentor_contact_id=project.mentor_contact_id,
        active=not project.active,
        notes=project.notes,
        row=project,
    )
    return redirect("scholarly:projects")


@login_required
def portfolio_page(request: HttpRequest) -> HttpResponse:
    """The portfolio: every output with its status and the applicant's role, the honesty checks,
    the benchmarks with their sources, and the trajectory chart (the "IR story")."""
    found = services.review(request.user)
    by_index: dict[int, list[object]] = {}
    for finding in found.findings:
        by_index.setdefault(finding.index, []).append(finding)
    items = [
        {"row": row, "output": row.to_output(), "findings": by_index.get(i, [])}
        for i, row in enumerate(found.rows)
    ]
    spec = trajectory_spec(found.trajectory)
    context = _ctx(
        items=items,
        counts=found.counts,
        benchmarks=found.benchmarks,
        findings=found.findings,
        errors=sum(1 for f in found.findings if f.severity.value == "error"),
        # the SVG is drawn by vl-convert from our own chart spec: no user text in markup
        chart=mark_safe(svg_text(spec)) if found.trajectory else "",
        type_labels={t.value: label for t, label in OUTPUT_TYPE_LABELS.items()},
        status_labels={s.value: label for s, label in STATUS_LABELS.items()},
        topic_labels={t.value: label for t, label in IR_TOPIC_LABELS.items()},
    )
    return render(request, "scholarly/portfolio.html", context)


_IMPORT_KEY = "scholarly_import_preview"


def _variants(text: str) -> list[str]:
    return [v.strip() for v in text.split(";") if v.strip()][:20]


@login_required
def import_page(request: HttpRequest) -> HttpResponse:
    """Step 1: upload, with the applicant's name as author lists write it; preview (nothing
    written). Step 2: confirm the name variants and, for each duplicate, merge, skip or add."""
    status = 200
    found = None
    problems: list[str] = []
    saved = services.name_variants(request.user)
    form = ReferenceImportForm(initial={"me": "; ".join(saved)})
    if request.method == "POST" and request.POST.get("step") == "confirm":
        data = request.session.get(_IMPORT_KEY)
        if data is None:
            messages.error(request, "That import has expired: upload the file again.")
            return redirect("scholarly:import")
        found = imports.Preview.from_json(data["preview"])
        allowed: dict[str, imports.Decision] = {"merge": "merge", "add": "add", "skip": "skip"}
        decisions = {
            i: allowed.get(request.POST.get(f"dup-{i}", ""), "skip")
            for i in range(len(found.duplicates))
        }
        added, merged, skipped = imports.apply(
            request.user, found, decisions, me=data.get("me", [])
        )
        del request.session[_IMPORT_KEY]
        messages.success(
            request,
            f"Imported {found.source}: {added} added, {merged} merged, {skipped} skipped. "
            "Check each item's status, your role and its IR relevance.",
        )
        return redirect("scholarly:list")
    if request.method == "POST":
        form = ReferenceImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            me = _variants(form.cleaned_data["me"])
            try:
                if upload.size > imports.MAX_UPLOAD_BYTES:
                    raise ReferenceFileError(
                        upload.name,
                        [ReferenceProblem(upload.name, 0, "", "", "a file of at most 5 MB")],
                    )
                found = imports.preview(
                    request.user,
                    upload.read(),
                    name=upload.name,
                    me=me,
                    applicant=me[0] if me else "",
                    skip_bad_entries=form.cleaned_data["skip_bad_entries"],
                )
            except ReferenceFileError as exc:
                problems = [p.message for p in exc.problems]
                status = 400
            else:
                request.session[_IMPORT_KEY] = {"preview": found.to_json(), "me": me}
        else:
            status = 400
    more = max(0, len(problems) - 200)
    context = _ctx(form=form, preview=found, problems=problems[:200], more=more)
    return render(request, "scholarly/import.html", context, status=status)


@login_required
def exports_page(request: HttpRequest) -> HttpResponse:
    """The ERAS entries to paste, the skipped items with their reasons, and every download."""
    outputs = services.portfolio(request.user)
    eras = eras_entries(outputs, load_eras(2027))
    context = _ctx(eras=eras, text=eras_text(eras), formats=imports.EXPORTS, count=len(outputs))
    return render(request, "scholarly/exports.html", context)


@login_required
def export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in imports.EXPORTS:
        raise Http404("unknown export format")
    content_type, filename = imports.EXPORTS[fmt]
    loader = getattr(request, "applicant_profile", None)
    profile = loader() if loader is not None else None
    data = imports.export(request.user, fmt, name=profile.name if profile and profile.name else "")
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="matchwise-{filename}"'
    return response
