"""Network services, shared by the pages, the API and the CLI.

Every function takes the user whose rows it touches, and every query is filtered by that owner:
nothing here can read or change another user's contacts.
"""

from __future__ import annotations

import secrets
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.db.models import OuterRef, Q, QuerySet, Subquery

from matchwise.engine.network.contacts import (
    MENTOR_KIND_LABELS,
    Contact,
    Interaction,
    MentorKind,
    SponsorStage,
    ties_of,
)
from matchwise.engine.network.followup import (
    DEFAULT_RULES,
    CadenceOverride,
    CadenceRule,
    FollowUp,
    State,
    follow_up,
    rules_for,
)
from matchwise.engine.pick.profile import Tie
from matchwise.network.models import (
    CalendarFeed,
    Conference,
    ConferenceTarget,
    ContactRow,
    InteractionRow,
    TagCadence,
)

ENGAGED_DAYS = 90  # a mentor is engaged with interactions in the last 90 days


def today() -> date:
    """The user's date: the machine's own calendar day (the engine takes it as an argument)."""
    return date.today()


# ---- contacts and interactions --------------------------------------------------------------


def contacts_of(
    user: Any, *, text: str = "", relationship: str = "", tag: str = ""
) -> QuerySet[ContactRow]:
    rows = ContactRow.objects.filter(owner=user)
    if text:
        rows = rows.filter(
            Q(name__icontains=text) | Q(institution__icontains=text) | Q(email__icontains=text)
        )
    if relationship:
        rows = rows.filter(relationship=relationship)
    # tags are a JSON list: SQLite cannot search inside one, so the tag filter runs here
    return [r for r in rows if not tag or tag.strip().lower() in r.tags]


def contact_count(user: Any) -> int:
    return ContactRow.objects.filter(owner=user).count()


def contact_of(user: Any, contact_id: int) -> ContactRow | None:
    return ContactRow.objects.filter(owner=user, pk=contact_id).first()


def save_contact(
    user: Any,
    contact: Contact,
    *,
    row: ContactRow | None = None,
    project: str | None = None,
    first_interaction: Interaction | None = None,
) -> ContactRow:
    """Create or update a contact (``row`` must be the user's own)."""
    if row is None:
        row = ContactRow(owner=user)
    elif row.owner_id != user.pk:
        raise PermissionError("not your contact")
    row.set_contact(contact)
    if project is not None:
        row.project = project.strip()
    with transaction.atomic():
        row.save()
        if first_interaction is not None:
            add_interaction(user, row, first_interaction)
    return row


def add_interaction(user: Any, row: ContactRow, interaction: Interaction) -> InteractionRow:
    """Log a real interaction; it ends any snooze (the count starts again from it)."""
    if row.owner_id != user.pk:
        raise PermissionError("not your contact")
    with transaction.atomic():
        logged = InteractionRow.objects.create(
            owner=user, contact=row, **interaction.model_dump(mode="python")
        )
        ContactRow.objects.filter(pk=row.pk).update(snoozed_until=None, snooze_reason="")
        row.snoozed_until, row.snooze_reason = None, ""
    return logged


def interactions_of(user: Any, row: ContactRow | None = None) -> QuerySet[InteractionRow]:
    rows = InteractionRow.objects.filter(owner=user).select_related("contact")
    return rows.filter(contact=row) if row is not None else rows


def emailed_contact_count(user: Any) -> int:
    """How many contacts the user has written to (at least one email interaction)."""
    return (
        InteractionRow.objects.filter(owner=user, channel="email")
        .values("contact_id")
        .distinct()
        .count()
    )


def snooze(user: Any, row: ContactRow, *, until: date, reason: str) -> None:
    if row.owner_id != user.pk:
        raise PermissionError("not your contact")
    ContactRow.objects.filter(pk=row.pk, owner=user).update(
        snoozed_until=until, snooze_reason=reason.strip()[:300]
    )


def set_cadence(user: Any, row: ContactRow, overrides: Sequence[CadenceOverride]) -> None:
    """This contact's own follow-up windows (replacing earlier ones; empty = the defaults)."""
    for o in overrides:
        rules_for(Contact(name="check"), own=[o])  # raises ValueError for an unknown rule
    ContactRow.objects.filter(pk=row.pk, owner=user).update(
        cadence=[
            {"rule": o.rule, "first_day": o.first_day, "last_day": o.last_day} for o in overrides
        ]
    )


def tag_cadences(user: Any) -> dict[str, list[CadenceOverride]]:
    out: dict[str, list[CadenceOverride]] = defaultdict(list)
    for row in TagCadence.objects.filter(owner=user):
        out[row.tag].append(CadenceOverride(row.rule, row.first_day, row.last_day))
    return dict(out)


def set_tag_cadence(user: Any, tag: str, override: CadenceOverride | None, rule: str) -> None:
    """Change (or, with None, restore) one rule's window for every contact tagged ``tag``."""
    if rule not in DEFAULT_RULES:
        raise ValueError(f"unknown follow-up rule {rule!r}")
    tag = tag.strip().lower()
    if override is None:
        TagCadence.objects.filter(owner=user, tag=tag, rule=rule).delete()
        return
    CadenceRule(rule, rule, override.first_day, override.last_day, "")  # validates the window
    TagCadence.objects.update_or_create(
        owner=user, tag=tag, rule=rule,
        defaults={"first_day": override.first_day, "last_day": override.last_day},
    )  # fmt: skip


# ---- follow-ups -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Due:
    row: ContactRow
    follow_up: FollowUp
    last_row: InteractionRow | None


def follow_ups(user: Any, *, on: date | None = None) -> list[Due]:
    """Every contact's next follow-up, overdue first, then by due date.

    Only each contact's last interaction counts (the engine counts from it), so only those are
    read: one query for the contacts with the id of their last interaction, one for those."""
    day = on or today()
    by_tag = tag_cadences(user)
    latest = (
        InteractionRow.objects.filter(contact=OuterRef("pk")).order_by("-on", "-id").values("id")
    )
    contacts = list(ContactRow.objects.filter(owner=user).annotate(last_id=Subquery(latest[:1])))
    last_rows = InteractionRow.objects.filter(
        owner=user, id__in=[c.last_id for c in contacts if c.last_id is not None]
    )
    last_by_id = {i.id: i for i in last_rows}
    out = []
    for row in contacts:
        contact = row.to_contact()
        last = last_by_id.get(row.last_id) if row.last_id is not None else None
        found = follow_up(
            contact,
            [last.to_interaction()] if last is not None else [],
            today=day,
            active_project=bool(row.project),
            rules=rules_for(contact, by_tag=by_tag, own=row.overrides()),
            snoozed_until=row.snoozed_until,
        )
        if found is not None:
            out.append(Due(row, found, last))
    order = {State.OVERDUE: 0, State.DUE: 1, State.UPCOMING: 2, State.SNOOZED: 3}
    out.sort(key=lambda d: (order[d.follow_up.state], d.follow_up.due_from, d.row.name))
    return out


def due_now(user: Any, *, on: date | None = None) -> list[Due]:
    return [d for d in follow_ups(user, on=on) if d.follow_up.state in (State.DUE, State.OVERDUE)]


def overdue_count(user: Any) -> int:
    return sum(1 for d in follow_ups(user) if d.follow_up.state is State.OVERDUE)


# ---- the mentor team, sponsors, reach in the catalog -----------------------------------------


@dataclass(frozen=True)
class TeamSlot:
    kind: MentorKind
    label: str
    mentors: tuple[tuple[ContactRow, int], ...]  # (contact, interactions in the last 90 days)

    @property
    def covered(self) -> bool:
        return bool(self.mentors)

    @property
    def engaged(self) -> bool:
        return any(n > 0 for _, n in self.mentors)


def mentor_team(user: Any, *, on: date | None = None) -> list[TeamSlot]:
    day = on or today()
    since = day - timedelta(days=ENGAGED_DAYS)
    recent: dict[int, int] = defaultdict(int)
    for i in InteractionRow.objects.filter(owner=user, on__gte=since, on__lte=day):
        recent[i.contact_id] += 1
    slots: dict[MentorKind, list[tuple[ContactRow, int]]] = {k: [] for k in MentorKind}
    for row in ContactRow.objects.filter(owner=user):
        for kind in row.mentor_kinds:
            slots[MentorKind(kind)].append((row, recent[row.id]))
    return [TeamSlot(k, MENTOR_KIND_LABELS[k], tuple(v)) for k, v in slots.items()]


def advocates(user: Any) -> list[ContactRow]:
    """Professionals aware of the applicant's goals or further along (goal: 5 to 10)."""
    aware = {s.value for s in SponsorStage if s.rank >= SponsorStage.AWARE.rank}
    return list(ContactRow.objects.filter(owner=user, sponsor_stage__in=aware))


def reach(user: Any) -> dict[str, list[ContactRow]]:
    """For each catalog program code, the user's contacts there."""
    out: dict[str, list[ContactRow]] = defaultdict(list)
    for row in ContactRow.objects.filter(owner=user):
        for code in row.program_codes:
            out[code].append(row)
    return dict(out)


def ties_for(user: Any) -> tuple[Tie, ...]:
    """The ties the user's contacts give in Pick (mentor, sponsor, research)."""
    return ties_of(row.to_contact() for row in ContactRow.objects.filter(owner=user))


# ---- conferences ------------------------------------------------------------------------------


def conferences_of(user: Any) -> QuerySet[Conference]:
    return Conference.objects.filter(owner=user)


def add_conference(user: Any, **fields: Any) -> Conference:
    return Conference.objects.create(owner=user, **fields)


def conference_of(user: Any, conference_id: int) -> Conference | None:
    return Conference.objects.filter(owner=user, pk=conference_id).first()


def add_target(user: Any, conference: Conference, row: ContactRow, reason: str) -> ConferenceTarget:
    if conference.owner_id != user.pk or row.owner_id != user.pk:
        raise PermissionError("not yours")
    return ConferenceTarget.objects.create(
        owner=user, conference=conference, contact=row, reason=reason.strip()
    )


# ---- the private calendar feed ---------------------------------------------------------------


def calendar_feed(user: Any, *, renew: bool = False) -> CalendarFeed:
    """The user's feed; ``renew`` revokes the old address and makes a new one."""
    with transaction.atomic():
        if renew:
            CalendarFeed.objects.filter(owner=user).delete()
        feed, _ = CalendarFeed.objects.get_or_create(
            owner=user, defaults={"token": secrets.token_urlsafe(32)}
        )
    return feed


def calendar_feed_of(user: Any) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(owner=user).first()


def revoke_calendar_feed(user: Any) -> None:
    CalendarFeed.objects.filter(owner=user).delete()


def feed_owner(token: str) -> Any | None:
    feed = CalendarFeed.objects.select_related("owner").filter(token=token).first()
    return feed.owner if feed is not None and feed.owner.is_active else None


def set_project(user: Any, contact_id: int, project: str) -> bool:
    """Mark an active research project with a contact ("" when it ends): while one runs, an
    update is due every 1 to 2 weeks. Scholarly calls this; False if no such contact is yours."""
    return bool(
        ContactRow.objects.filter(owner=user, pk=contact_id).update(project=project.strip()[:300])
    )


def mentor_choices(user: Any) -> list[tuple[int, str]]:
    """The user's contacts, mentors first, for a "mentor" menu elsewhere."""
    rows = ContactRow.objects.filter(owner=user).order_by("name")
    mentors = [r for r in rows if r.relationship != "acquaintance" or r.mentor_kinds]
    others = [r for r in rows if r not in mentors]
    return [(r.id, r.name) for r in mentors + others]
