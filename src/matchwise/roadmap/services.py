"""Roadmap services, shared by the pages, the API and the CLI: the user's cycle and pathways,
the cycle's dates with the user's corrections, the plan of milestones, and letters.

Every function takes the user whose rows it touches, and every query is filtered by that owner.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db import transaction
from django.db.models import QuerySet

from matchwise.engine.network.outreach import templates_for
from matchwise.engine.roadmap.cycle import (
    EVENT_LABELS,
    PATHWAY_EVENTS,
    Anchor,
    Confidence,
    Cycle,
    CycleDate,
    Event,
    Pathway,
    anchor,
)
from matchwise.engine.roadmap.letters import (
    Letter,
    LetterGoal,
    LetterStatus,
    WriterSpecialty,
    letter_goal,
)
from matchwise.engine.roadmap.milestones import MilestoneStatus, PlannedMilestone, generate_plan
from matchwise.engine.scholarly.evidence import Records, milestone_evidence
from matchwise.formats.roadmap.shipped_data import load_cycles, load_habits, load_templates
from matchwise.network.services import (
    contact_of,
    contacts_of,
    emailed_contact_count,
    interactions_of,
    mentor_team,
)
from matchwise.pick.web import profile_of
from matchwise.roadmap.models import (
    CycleCorrection,
    LetterRow,
    Milestone,
    RoadmapSettings,
)
from matchwise.scholarly.services import portfolio, projects_of

DEFAULT_PATHWAYS = (Pathway.IR_INTEGRATED, Pathway.DR_ESIR)


class RoadmapError(ValueError):
    """A request the Roadmap cannot carry out, said in words (shown to the user as is)."""


# ---- the user's cycle, pathways and day --------------------------------------------------------


def settings_of(user: Any) -> RoadmapSettings | None:
    return RoadmapSettings.objects.filter(owner=user).first()


def check_time_zone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise RoadmapError(
            f"time zone {name!r} is not known; use a name like Asia/Kolkata or America/New_York"
        ) from None
    return name


def today_for(user: Any, *, now: datetime | None = None) -> date:
    """The user's calendar day, in their time zone (UTC until they choose one)."""
    found = settings_of(user)
    zone = ZoneInfo(found.time_zone if found is not None else "UTC")
    return (now or datetime.now(ZoneInfo("UTC"))).astimezone(zone).date()


def shipped_years() -> list[int]:
    return sorted(load_cycles())


def save_settings(
    user: Any, *, cycle_year: int, pathways: Sequence[Pathway], time_zone: str
) -> RoadmapSettings:
    if not pathways:
        raise RoadmapError("choose at least one pathway")
    if not 2024 <= cycle_year <= 2040:
        raise RoadmapError(f"cycle {cycle_year}: choose a Match year from 2024 to 2040")
    check_time_zone(time_zone)
    found, _ = RoadmapSettings.objects.update_or_create(
        owner=user,
        defaults={
            "cycle_year": cycle_year,
            "pathways": [Pathway(p).value for p in pathways],
            "time_zone": time_zone,
        },
    )
    return found


def pathways_of(found: RoadmapSettings | None) -> list[Pathway]:
    return [Pathway(p) for p in found.pathways] if found is not None else list(DEFAULT_PATHWAYS)


# ---- the cycle calendar -----------------------------------------------------------------------


def cycles_for(user: Any) -> list[Cycle]:
    """The shipped cycles with the user's corrections laid over them."""
    cycles = dict(load_cycles())
    for c in CycleCorrection.objects.filter(owner=user):
        base = cycles.get(c.year, Cycle(c.year, {}))
        dates = dict(base.dates)
        event = Event(c.event)
        shipped = dates.get(event)
        note = c.note or (f"corrected from {shipped.on.isoformat()}" if shipped else "entered")
        dates[event] = CycleDate(
            event,
            c.on,
            "your correction" + (f": {c.note}" if c.note else ""),
            Confidence.USER,
            at=shipped.at if shipped else None,
            note=note,
        )
        cycles[c.year] = Cycle(c.year, dates)
    return list(cycles.values())


@dataclass(frozen=True)
class CycleRow:
    event: Event
    label: str
    published: CycleDate | None  # None: not published yet
    anchor: Anchor  # what plans use (the published date, or an estimate)
    corrected: bool


def cycle_table(user: Any, year: int, pathways: Sequence[Pathway]) -> list[CycleRow]:
    """The dates that matter to the pathways, in the order they happen."""
    cycles = cycles_for(user)
    own = next((c for c in cycles if c.year == year), Cycle(year, {}))
    wanted = set().union(*(PATHWAY_EVENTS[p] for p in pathways)) if pathways else set(Event)
    habits = load_habits()
    rows = []
    for event in Event:
        if event not in wanted:
            continue
        published = own.get(event)
        rows.append(
            CycleRow(
                event,
                EVENT_LABELS[event],
                published,
                anchor(cycles, year, event, habits),
                published is not None and published.confidence is Confidence.USER,
            )
        )
    return rows


def correct_cycle_date(
    user: Any, *, year: int, event: Event, on: date | None, note: str = ""
) -> int:
    """Set (or, with ``on`` None, remove) the user's date for one cycle event; re-dates the plan.
    Returns how many milestones moved."""
    if on is None:
        CycleCorrection.objects.filter(owner=user, year=year, event=event.value).delete()
    else:
        CycleCorrection.objects.update_or_create(
            owner=user, year=year, event=event.value, defaults={"on": on, "note": note.strip()}
        )
    found = settings_of(user)
    if found is not None and found.cycle_year == year and milestones_of(user).exists():
        return apply_plan(user)[1]
    return 0


# ---- milestones -------------------------------------------------------------------------------


def milestones_of(user: Any) -> QuerySet[Milestone]:
    return Milestone.objects.filter(owner=user)


def milestone_of(user: Any, milestone_id: int) -> Milestone | None:
    return Milestone.objects.filter(owner=user, id=milestone_id).first()


def planned_for(user: Any) -> list[PlannedMilestone]:
    """The plan the templates give for the user's cycle and pathways (not saved)."""
    found = settings_of(user)
    if found is None:
        raise RoadmapError("choose your target cycle and pathways first")
    return generate_plan(
        load_templates(), cycles_for(user), found.cycle_year, pathways_of(found), load_habits()
    )


def _dated(row: Milestone, planned: PlannedMilestone) -> bool:
    """Copy the plan's dates onto ``row`` unless the user pinned its date; True if it moved."""
    before = (row.due, row.start, row.estimated)
    row.estimated, row.basis = planned.estimated, planned.basis
    row.anchor_note = planned.anchor_note
    if not row.pinned:
        row.due, row.start = planned.due, planned.start
    return (row.due, row.start, row.estimated) != before


@transaction.atomic
def apply_plan(user: Any) -> tuple[int, int, int]:
    """Bring the user's milestones in line with the plan for their cycle and pathways.

    New template milestones are added; existing ones keep their status, reason and any date the
    user set, and move with the cycle; template milestones that no longer suit the pathways are
    removed unless the user has started or finished them. The user's own milestones are kept.
    Returns (added, moved, removed)."""
    plan = {m.key: m for m in planned_for(user)}
    added = moved = removed = 0
    existing = {row.key: row for row in milestones_of(user).exclude(key="")}
    for key, row in existing.items():
        if key in plan:
            if _dated(row, plan[key]):
                moved += 1
            row.save()
        elif row.status == MilestoneStatus.PLANNED:
            row.delete()
            removed += 1
    for key, planned in plan.items():
        if key in existing:
            continue
        row = Milestone(
            owner=user,
            key=key,
            plan=planned.plan,
            category=planned.category.value,
            title=planned.title,
            why=planned.why,
            anchor=planned.anchor.value,
            offset_months=planned.offset.months,
            offset_days=planned.offset.days,
            duration=max(1, (planned.due - planned.start).days)
            if planned.due and planned.start
            else 14,
        )
        _dated(row, planned)
        row.save()
        added += 1
    return added, moved, removed


def save_milestone(user: Any, row: Milestone | None, **fields: Any) -> Milestone:
    """Create the user's own milestone, or change one; a changed date pins it."""
    row = row if row is not None else Milestone(owner=user)
    if row.owner_id != user.id:
        raise RoadmapError("not your milestone")
    if "due" in fields and fields["due"] != row.due:
        row.pinned = row.key != "" or row.pinned
        row.due = fields.pop("due")
        if row.due is not None:
            row.start = row.due - timedelta(days=row.duration or 14)
    for name, value in fields.items():
        setattr(row, name, value)
    _check_status(row)
    row.save()
    return row


def _check_status(row: Milestone) -> None:
    if row.status == MilestoneStatus.SKIPPED and not row.skip_reason.strip():
        raise RoadmapError("say why you skip it: a skipped milestone needs a reason")
    if row.status != MilestoneStatus.SKIPPED:
        row.skip_reason = ""


def set_status(
    user: Any,
    milestone_id: int,
    status: MilestoneStatus,
    *,
    reason: str = "",
    on: date | None = None,
) -> Milestone:
    row = milestone_of(user, milestone_id)
    if row is None:
        raise RoadmapError(f"no milestone {milestone_id}")
    row.status = status.value
    row.skip_reason = reason.strip()
    row.done_on = (on or today_for(user)) if status is MilestoneStatus.DONE else None
    _check_status(row)
    row.save()
    return row


def delete_milestone(user: Any, milestone_id: int) -> bool:
    return Milestone.objects.filter(owner=user, id=milestone_id).delete()[0] > 0


# ---- letters ----------------------------------------------------------------------------------


def letters_of(user: Any) -> QuerySet[LetterRow]:
    return LetterRow.objects.filter(owner=user)


def letter_of(user: Any, letter_id: int) -> LetterRow | None:
    return LetterRow.objects.filter(owner=user, id=letter_id).first()


def to_letter(row: LetterRow) -> Letter:
    return Letter(
        writer=row.writer,
        specialty=WriterSpecialty(row.specialty),
        us_based=row.us_based,
        status=LetterStatus(row.status),
        asked_on=row.asked_on,
        agreed_on=row.agreed_on,
        uploaded_on=row.uploaded_on,
        relationship=row.relationship,
        known_months=row.known_months,
        seen=row.seen,
        eras_letter_id=row.eras_letter_id,
    )


def save_letter(user: Any, row: LetterRow | None, **fields: Any) -> LetterRow:
    """Create or change a letter; a status whose dates are missing or out of order is refused
    with the reason (nothing is saved)."""
    row = row if row is not None else LetterRow(owner=user)
    for name, value in fields.items():
        setattr(row, name, value)
    if row.contact_id is not None and contact_of(user, row.contact_id) is None:
        raise RoadmapError("the writer must be one of your Network contacts")
    problems = to_letter(row).problems()
    if problems:
        raise RoadmapError("; ".join(problems))
    row.save()
    return row


def delete_letter(user: Any, letter_id: int) -> bool:
    return LetterRow.objects.filter(owner=user, id=letter_id).delete()[0] > 0


def goal_of(user: Any) -> LetterGoal:
    return letter_goal([to_letter(r) for r in letters_of(user)])


@dataclass(frozen=True)
class Suggestion:
    contact: Any  # the Network contact (its row)
    reason: str


def letter_suggestions(user: Any) -> list[Suggestion]:
    """Contacts to ask for a letter: only those whose Network record shows sustained work
    together (Network's letter rule: 3+ interactions over 2+ months, including a meeting or
    rotation, with a mentor or sponsor), and who are not already writing one."""
    writing = set(letters_of(user).exclude(contact_id=None).values_list("contact_id", flat=True))
    # only a mentor or sponsor can be offered a letter request: read the others' history never
    close = {}
    for row in contacts_of(user):
        contact = row.to_contact()
        if row.id not in writing and (contact.is_mentor or contact.is_sponsor):
            close[row.id] = (row, contact)
    by_contact: dict[int, list[Any]] = {}
    for i in interactions_of(user).filter(contact_id__in=list(close)):
        by_contact.setdefault(i.contact_id, []).append(i.to_interaction())
    out = []
    for contact_id, (row, contact) in close.items():
        offers = {o.template.key: o for o in templates_for(contact, by_contact.get(contact_id, []))}
        offer = offers.get("letter_request")
        if offer is not None and offer.offered:
            out.append(Suggestion(row, offer.reason))
    return out


def writer_choices(user: Any) -> list[tuple[int, str]]:
    return [(c.id, c.name) for c in contacts_of(user)]


# ---- evidence from the other parts ------------------------------------------------------------


def evidence_of(user: Any) -> dict[str, str]:
    """For each template milestone that Scholarly, Network, the letters or the Profile show as
    done, what shows it (the page offers to mark it done; nothing changes by itself)."""
    asked = (LetterStatus.ASKED, LetterStatus.AGREED, LetterStatus.UPLOADED)
    return milestone_evidence(
        Records(
            outputs=portfolio(user),
            active_projects=[p.name for p in projects_of(user) if p.active],
            profile=profile_of(user),
            mentor_kinds_covered=sum(1 for s in mentor_team(user) if s.covered),
            letters_asked=letters_of(user).filter(status__in=[a.value for a in asked]).count(),
            emailed_contacts=emailed_contact_count(user),
        )
    )
