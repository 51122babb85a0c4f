"""The agenda as an iCalendar file: follow-ups, research updates, milestones, letters to chase
and cycle dates, one all-day event each, on the day it is due. UIDs are stable (the item's own
``uid``), so a calendar that subscribes again updates events instead of doubling them.

>>> from datetime import UTC, date, datetime
>>> from matchwise.engine.roadmap.agenda import AgendaItem, Kind
>>> item = AgendaItem(Kind.MILESTONE, date(2027, 6, 1), "Ask for letters", "3 months before",
...                   uid="milestone-7")
>>> b"SUMMARY:Milestone: Ask for letters" in agenda_to_ics([item], stamp=datetime.now(UTC))
True
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from icalendar import Calendar, Event

from matchwise.engine.roadmap.agenda import KIND_LABELS, AgendaItem

__all__ = ["PRODID", "agenda_to_ics"]

PRODID = "-//MatchWise//Roadmap agenda//EN"


def _uid(item: AgendaItem) -> str:
    key = item.uid or f"{item.kind}\n{item.title}\n{item.on.isoformat()}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32] + "@matchwise"


def agenda_to_ics(
    items: Sequence[AgendaItem], *, stamp: datetime, calendar_name: str = "MatchWise agenda"
) -> bytes:
    """``stamp``: when the file is made (DTSTAMP), timezone-aware; the caller has the clock."""
    if stamp.tzinfo is None or stamp.utcoffset() is None:
        raise ValueError("stamp must be timezone-aware (e.g. datetime.now(UTC))")
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", calendar_name)
    seen: set[str] = set()
    for item in items:
        uid = _uid(item)
        if uid in seen:
            continue
        seen.add(uid)
        event = Event()
        event.add("uid", uid)
        event.add("dtstamp", stamp.astimezone(UTC))
        event.add("dtstart", item.on)
        event.add("dtend", item.on + timedelta(days=1))
        event.add("summary", f"{KIND_LABELS[item.kind]}: {item.title}")
        event.add("description", item.why)
        event.add("categories", [KIND_LABELS[item.kind]])
        event.add("transp", "TRANSPARENT")  # a reminder, not a busy day
        calendar.add_component(event)
    return bytes(calendar.to_ical())
