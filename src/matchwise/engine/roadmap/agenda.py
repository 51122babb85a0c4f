"""One agenda across MatchWise: what is due in the next days, and what is already late.

Each part contributes :class:`AgendaItem` rows (follow-ups from Network, research updates owed
on Scholarly projects, milestones, letters to chase, cycle dates ahead); :func:`agenda` keeps
those in the window and orders them: overdue first (oldest first), then by day, then by kind.
No clock: ``today`` is an argument.

>>> from datetime import date
>>> items = [AgendaItem(Kind.MILESTONE, date(2027, 5, 3), "Submit the abstract", "why"),
...          AgendaItem(Kind.FOLLOW_UP, date(2027, 4, 20), "Follow up: Dr. Rao", "mentor")]
>>> [(i.title, i.overdue) for i in agenda(items, today=date(2027, 5, 1), days=7)]
[('Follow up: Dr. Rao', True), ('Submit the abstract', False)]
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum

__all__ = ["KIND_LABELS", "AgendaItem", "Kind", "agenda"]


class Kind(StrEnum):
    FOLLOW_UP = "follow_up"
    RESEARCH_UPDATE = "research_update"
    MILESTONE = "milestone"
    LETTER = "letter"
    CYCLE_DATE = "cycle_date"


KIND_LABELS: dict[Kind, str] = {
    Kind.FOLLOW_UP: "Follow-up",
    Kind.RESEARCH_UPDATE: "Research update owed",
    Kind.MILESTONE: "Milestone",
    Kind.LETTER: "Letter to chase",
    Kind.CYCLE_DATE: "Cycle date",
}

_ORDER = {kind: i for i, kind in enumerate(Kind)}


@dataclass(frozen=True)
class AgendaItem:
    """``on``: the day it is due (a cycle date: the day it happens). ``can_be_late``: a cycle
    date is not overdue once past: it has simply happened, and leaves the agenda."""

    kind: Kind
    on: date
    title: str
    why: str
    link: str = ""
    overdue: bool = False
    can_be_late: bool = True
    uid: str = ""  # stable identity across exports (calendar UIDs)


def agenda(items: Iterable[AgendaItem], *, today: date, days: int = 7) -> list[AgendaItem]:
    """Items due from ``today`` to ``today + days - 1`` and, for those that can be late, every
    earlier one (marked overdue)."""
    if days < 1:
        raise ValueError("days must be at least 1")
    end = today + timedelta(days=days)
    out = []
    for item in items:
        if item.on < today:
            if item.can_be_late:
                out.append(replace(item, overdue=True))
        elif item.on < end:
            out.append(replace(item, overdue=False))
    return sorted(out, key=lambda i: (not i.overdue, i.on, _ORDER[i.kind], i.title))
