"""Follow-ups as an iCalendar file (``.ics``) that a calendar app imports or subscribes to.

Writes one all-day event per follow-up, on the day it becomes due (:attr:`FollowUp.due_from`),
titled "Follow up: <contact> (<what to do>)" and described by the reason and the last
interaction (its summary, what was promised, the next step). Snoozed follow-ups are left out.
Each event's UID comes from the contact's name, the rule and the date, so that a calendar that
subscribes again, or imports a newer file, updates the events instead of doubling them.

>>> from datetime import UTC, date, datetime
>>> from matchwise.engine.network.followup import follow_up
>>> from matchwise.engine.network.contacts import Contact
>>> ana = Contact(name="Ana Rao", title="Dr.", relationship="mentor", met_on=date(2026, 1, 5))
>>> due = follow_up(ana, [], today=date(2026, 1, 6))
>>> ics = follow_ups_to_ics([(ana, due)], calendar_name="Network", stamp=datetime.now(UTC))
>>> b"SUMMARY:Follow up: Dr. Ana Rao (check in with your mentor)" in ics
True
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from icalendar import Calendar, Event

from matchwise.engine.network.contacts import Contact
from matchwise.engine.network.followup import FollowUp, State

PRODID = "-//MatchWise//Network follow-ups//EN"
_HONORIFICS = frozenset({"dr", "prof", "mr", "mrs", "ms", "mx"})


def display_name(contact: Contact) -> str:
    """The name with its honorific ("Dr. Ana Rao"), when the title is one and the name lacks it;
    a job title ("Program Director") is left out."""
    title = contact.title.strip()
    word = title.rstrip(".").lower()
    first = contact.name.split()[0].rstrip(".").lower()
    return f"{title} {contact.name}" if word in _HONORIFICS and first != word else contact.name


def _uid(contact: Contact, item: FollowUp) -> str:
    key = f"{contact.name}\n{item.rule.key}\n{item.due_from.isoformat()}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32] + "@matchwise"


def _description(item: FollowUp) -> str:
    lines = [item.reason]
    if item.last is not None:
        for label, text in (
            ("Last time", item.last.summary),
            ("Promised", item.last.promised),
            ("Next step", item.last.next_step),
        ):
            if text:
                lines.append(f"{label}: {text}")
    return "\n".join(lines)


def follow_ups_to_ics(
    items: Sequence[tuple[Contact, FollowUp]], *, calendar_name: str, stamp: datetime
) -> bytes:
    """An iCalendar file of the follow-ups that are not snoozed. ``stamp``: when the file is
    made (DTSTAMP), timezone-aware; the caller has the clock."""
    if stamp.tzinfo is None or stamp.utcoffset() is None:
        raise ValueError("stamp must be timezone-aware (e.g. datetime.now(UTC))")
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", calendar_name)
    seen: dict[str, int] = {}
    for contact, item in items:
        if item.state is State.SNOOZED:
            continue
        uid = _uid(contact, item)
        seen[uid] = seen.get(uid, 0) + 1
        if seen[uid] > 1:  # two contacts with one name, due the same day for the same reason
            uid = uid.replace("@", f"-{seen[uid]}@", 1)
        event = Event()
        event.add("uid", uid)
        event.add("dtstamp", stamp.astimezone(UTC))
        event.add("dtstart", item.due_from)
        event.add("dtend", item.due_from + timedelta(days=1))
        event.add("summary", f"Follow up: {display_name(contact)} ({item.rule.label})")
        event.add("description", _description(item))
        event.add("transp", "TRANSPARENT")  # a reminder, not a busy day
        calendar.add_component(event)
    return bytes(calendar.to_ical())
