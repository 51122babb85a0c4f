"""Scholarly services, shared by the pages, the API and the CLI. Every function takes the user
whose rows it touches; every query is filtered by that owner."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from matchwise.engine.scholarly.outputs import Output, StatusChange
from matchwise.engine.scholarly.portfolio import (
    BenchmarkResult,
    Counts,
    Finding,
    QuarterPoint,
    benchmarks,
    counts,
    honesty_checks,
    profile_counts,
    trajectory,
)
from matchwise.formats.scholarly.eras import load_benchmarks, load_eras
from matchwise.network import services as network
from matchwise.scholarly.models import NameVariant, OutputRow, Project


def today() -> date:
    """The user's calendar day (the engine takes it as an argument)."""
    return date.today()


def outputs_of(user: Any) -> QuerySet[OutputRow]:
    return OutputRow.objects.filter(owner=user).select_related("project")


def output_of(user: Any, output_id: int) -> OutputRow | None:
    return OutputRow.objects.filter(owner=user, pk=output_id).first()


def portfolio(user: Any) -> list[Output]:
    return [row.to_output() for row in outputs_of(user)]


def with_history(output: Output, previous: Output | None, on: date) -> Output:
    """Date a status when it changes (or when a new item is entered with no history)."""
    if previous is not None and previous.status is output.status:
        return output
    if output.history and output.history[-1].status is output.status:
        return output
    history = (*output.history, StatusChange(status=output.status, on=on))
    return output.model_copy(update={"history": history})


def save_output(
    user: Any,
    output: Output,
    *,
    row: OutputRow | None = None,
    project: Project | None = None,
    on: date | None = None,
    date_status: bool = True,
) -> OutputRow:
    """Create or update an output; a new status is dated (``on``, default today), unless
    ``date_status`` is False (an import: the file says when it was published, not today)."""
    if row is None:
        row = OutputRow(owner=user)
        previous = None
    elif row.owner_id != user.pk:
        raise PermissionError("not your output")
    else:
        previous = row.to_output()
    if project is not None and project.owner_id != user.pk:
        raise PermissionError("not your project")
    dated = with_history(output, previous, on or today()) if date_status else output
    row.set_output(dated)
    row.project = project
    row.save()
    return row


def delete_output(user: Any, output_id: int) -> bool:
    deleted, _ = OutputRow.objects.filter(owner=user, pk=output_id).delete()
    return bool(deleted)


# ---- name variants ----------------------------------------------------------------------------


def name_variants(user: Any) -> list[str]:
    return list(NameVariant.objects.filter(owner=user).values_list("text", flat=True))


@transaction.atomic
def set_name_variants(user: Any, variants: Sequence[str]) -> None:
    NameVariant.objects.filter(owner=user).delete()
    clean = dict.fromkeys(v.strip() for v in variants if v.strip())
    NameVariant.objects.bulk_create(NameVariant(owner=user, text=v[:200]) for v in clean)


# ---- projects ---------------------------------------------------------------------------------


def projects_of(user: Any) -> QuerySet[Project]:
    return Project.objects.filter(owner=user)


def project_of(user: Any, project_id: int) -> Project | None:
    return Project.objects.filter(owner=user, pk=project_id).first()


def save_project(
    user: Any,
    *,
    name: str,
    mentor_contact_id: int | None,
    active: bool,
    notes: str = "",
    row: Project | None = None,
) -> Project:
    """Keep a project; its mentor (one of the user's Network contacts) is due an update every
    1 to 2 weeks while it is active."""
    if mentor_contact_id is not None and network.contact_of(user, mentor_contact_id) is None:
        raise PermissionError("not your contact")
    with transaction.atomic():
        if row is None:
            row = Project(owner=user)
        elif row.owner_id != user.pk:
            raise PermissionError("not your project")
        old_mentor = row.mentor_contact_id
        row.name, row.mentor_contact_id, row.active = name.strip(), mentor_contact_id, active
        row.notes = notes
        row.save()
        if old_mentor is not None and old_mentor != mentor_contact_id:
            network.set_project(user, old_mentor, "")
        if mentor_contact_id is not None:
            network.set_project(user, mentor_contact_id, row.name if active else "")
    return row


# ---- the portfolio's review: counts, benchmarks, honesty checks, trajectory --------------------


@dataclass(frozen=True)
class Review:
    rows: list[OutputRow]
    counts: Counts
    benchmarks: list[BenchmarkResult]
    findings: list[Finding]
    trajectory: list[QuarterPoint]


def review(user: Any, *, season: int = 2027, on: date | None = None) -> Review:
    """Everything the portfolio page shows, computed once from the user's outputs."""
    rows = list(outputs_of(user))
    outputs = [r.to_output() for r in rows]
    record = counts(outputs)
    return Review(
        rows=rows,
        counts=record,
        benchmarks=benchmarks(record, load_benchmarks(season)),
        findings=honesty_checks(outputs, today=on or today(), eras=load_eras(season)),
        trajectory=trajectory(outputs),
    )


def research_counts(user: Any) -> dict[str, int] | None:
    """The Profile's research fields from the portfolio (None when it is empty): Pick's
    research term reads these instead of the numbers typed into the profile."""
    outputs = portfolio(user)
    return profile_counts(outputs) if outputs else None
