"""One agenda across MatchWise for one user: follow-ups (Network), research updates owed on
active projects (Network's project cadence), milestones, letters to chase and the cycle's dates
ahead; its iCalendar export and the private subscription address."""

from __future__ import annotations

import secrets
from datetime import UTC, date, datetime
from typing import Any

from django.db import transaction
from django.urls import reverse

from matchwise.engine.network.followup import State
from matchwise.engine.roadmap.agenda import AgendaItem, Kind, agenda
from matchwise.engine.roadmap.cycle import EVENT_LABELS
from matchwise.engine.roadmap.letters import letters_to_chase
from matchwise.engine.roadmap.milestones import MilestoneStatus
from matchwise.formats.network.calendar import display_name
from matchwise.formats.roadmap.agenda_ics import agenda_to_ics
from matchwise.network.services import follow_ups
from matchwise.roadmap.models import AgendaFeed
from matchwise.roadmap.services import (
    cycle_table,
    letters_of,
    milestones_of,
    pathways_of,
    settings_of,
    to_letter,
    today_for,
)

ICS_HORIZON_DAYS = 730  # the calendar file carries two years ahead: a whole plan


def items_of(user: Any, *, today: date) -> list[AgendaItem]:
    """Every dated item the user has, before the agenda's window is applied."""
    out: list[AgendaItem] = []
    for due in follow_ups(user, on=today):
        if due.follow_up.state is State.SNOOZED:
            continue
        contact = due.row.to_contact()
        project = due.follow_up.rule.key == "project"
        out.append(
            AgendaItem(
                kind=Kind.RESEARCH_UPDATE if project else Kind.FOLLOW_UP,
                on=due.follow_up.due_from,
                title=(
                    f"Update {display_name(contact)} on {due.row.project}"
                    if project
                    else f"{display_name(contact)}: {due.follow_up.rule.label}"
                ),
                why=due.follow_up.reason,
                link=reverse("network:contact", args=[due.row.id]),
                uid=f"follow-up-{due.row.id}-{due.follow_up.due_from.isoformat()}",
            )
        )
    open_ = (MilestoneStatus.PLANNED.value, MilestoneStatus.IN_PROGRESS.value)
    for m in milestones_of(user).filter(status__in=open_).exclude(due=None):
        out.append(
            AgendaItem(
                kind=Kind.MILESTONE,
                on=m.due,
                title=m.title,
                why=m.why,
                link=reverse("roadmap:milestone", args=[m.id]),
                uid=f"milestone-{m.id}",
            )
        )
    pairs = [(to_letter(r), r) for r in letters_of(user)]
    row_of = {id(letter): row for letter, row in pairs}
    for chase in letters_to_chase([letter for letter, _ in pairs], today=today):
        row = row_of[id(chase.letter)]
        out.append(
            AgendaItem(
                kind=Kind.LETTER,
                on=chase.on,
                title=chase.what,
                why="a polite nudge keeps the letter on time for ERAS",
                link=reverse("roadmap:letter", args=[row.id]),
                uid=f"letter-{row.id}-{chase.on.isoformat()}",
            )
        )
    found = settings_of(user)
    if found is not None:
        for row in cycle_table(user, found.cycle_year, pathways_of(found)):
            if row.anchor.on is None:
                continue
            label = EVENT_LABELS[row.event] + (" (estimated)" if row.anchor.estimated else "")
            out.append(
                AgendaItem(
                    kind=Kind.CYCLE_DATE,
                    on=row.anchor.on,
                    title=label,
                    why=row.anchor.basis,
                    link=reverse("roadmap:cycle"),
                    can_be_late=False,
                    uid=f"cycle-{found.cycle_year}-{row.event.value}",
                )
            )
    return out


def agenda_of(user: Any, *, days: int = 7, today: date | None = None) -> list[AgendaItem]:
    """What is due in the next ``days`` days, and what is already late."""
    day = today or today_for(user)
    return agenda(items_of(user, today=day), today=day, days=days)


def agenda_ics(user: Any, *, today: date | None = None) -> bytes:
    """The whole agenda ahead (two years) and what is late, as an iCalendar file."""
    day = today or today_for(user)
    items = agenda(items_of(user, today=day), today=day, days=ICS_HORIZON_DAYS)
    return agenda_to_ics(items, stamp=datetime.now(UTC))


# ---- the private subscription address (hosted mode) --------------------------------------------


def agenda_feed(user: Any, *, renew: bool = False) -> AgendaFeed:
    """The user's feed; ``renew`` revokes the old address and makes a new one."""
    with transaction.atomic():
        if renew:
            AgendaFeed.objects.filter(owner=user).delete()
        feed, _ = AgendaFeed.objects.get_or_create(
            owner=user, defaults={"token": secrets.token_urlsafe(32)}
        )
    return feed


def agenda_feed_of(user: Any) -> AgendaFeed | None:
    return AgendaFeed.objects.filter(owner=user).first()


def revoke_agenda_feed(user: Any) -> None:
    AgendaFeed.objects.filter(owner=user).delete()


def feed_owner(token: str) -> Any | None:
    feed = AgendaFeed.objects.select_related("owner").filter(token=token).first()
    return feed.owner if feed is not None and feed.owner.is_active else None
