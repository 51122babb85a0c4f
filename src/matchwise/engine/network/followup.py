"""Who is due a follow-up, and why: the cadences of good networking, as data.

Counted from the last *real* interaction (a reminder, a snooze or an edit is not one), in whole
days, from dates in the user's own time zone (the caller passes ``today``; the engine has no
clock). Each rule has a window: the follow-up is *due* from its first day and *overdue* after
its last. The defaults come from the advice applicants are given:

=============  ==========================================================  ============
rule           when                                                        window
=============  ==========================================================  ============
reply          a message from them awaits an answer                        2–3 days
thank_you      they helped                                                 1–2 days
conference     after a conversation at a conference                        3–7 days
project        during an active research project with them                 7–14 days
mentor         a mentor, any time                                          60–90 days
other          any other professional contact (2 to 3 times a year)        120–180 days
=============  ==========================================================  ============

"2 to 3 months" is counted as 60 to 90 days and "2 to 3 times a year" as every 120 to 180
days, so that month ends and leap years never move a due date. The rules are data: a contact
or a tag may change a rule's window (:class:`CadenceOverride`); the contact's own change wins
over a tag's. When several rules apply, the one due first is shown.

>>> from datetime import date
>>> from matchwise.engine.network.contacts import Contact, Interaction
>>> c = Contact(name="Dr. Lee", relationship="mentor")
>>> talk = Interaction(on=date(2026, 3, 31), channel="conference")
>>> f = follow_up(c, [talk], today=date(2026, 4, 4))
>>> (f.rule.key, f.due_from.isoformat(), f.state.value)
('conference', '2026-04-03', 'due')
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum

from matchwise.engine.network.contacts import CHANNEL_LABELS, Channel, Contact, Interaction


@dataclass(frozen=True)
class CadenceRule:
    key: str
    label: str
    first_day: int  # due from this many days after the last interaction
    last_day: int  # overdue after this many days
    why: str  # the advice, in words

    def __post_init__(self) -> None:
        if not 0 <= self.first_day <= self.last_day:
            raise ValueError(f"{self.key}: the window must run from 0 or more days forward")

    @property
    def window(self) -> str:
        return f"{self.first_day}–{self.last_day} days"


DEFAULT_RULES: Mapping[str, CadenceRule] = {
    r.key: r
    for r in (
        CadenceRule("reply", "answer their message", 2, 3, "answer within 48 to 72 hours"),
        CadenceRule("thank_you", "thank them", 1, 2, "a thank-you soon after help"),
        CadenceRule(
            "conference", "follow up after the conference", 3, 7, "3 to 7 days after meeting"
        ),
        CadenceRule(
            "project", "send a project update", 7, 14, "every 1 to 2 weeks on an active project"
        ),
        CadenceRule("mentor", "check in with your mentor", 60, 90, "every 2 to 3 months"),
        CadenceRule("other", "keep in touch", 120, 180, "2 to 3 times a year"),
    )
}


@dataclass(frozen=True)
class CadenceOverride:
    """A changed window for one rule, for one contact or for every contact with a tag."""

    rule: str
    first_day: int
    last_day: int


class State(StrEnum):
    UPCOMING = "upcoming"
    DUE = "due"
    OVERDUE = "overdue"
    SNOOZED = "snoozed"


@dataclass(frozen=True)
class FollowUp:
    rule: CadenceRule
    since: date  # the last real interaction (or when they were met)
    due_from: date
    overdue_after: date
    state: State
    reason: str  # e.g. "mentor: every 2 to 3 months; last interaction 84 days ago (2026-08-01)"
    last: Interaction | None
    snoozed_until: date | None = None

    def days_overdue(self, today: date) -> int:
        return max(0, (today - self.overdue_after).days)


def rules_for(
    contact: Contact,
    *,
    rules: Mapping[str, CadenceRule] = DEFAULT_RULES,
    by_tag: Mapping[str, Sequence[CadenceOverride]] | None = None,
    own: Sequence[CadenceOverride] = (),
) -> dict[str, CadenceRule]:
    """The rules for this contact: the defaults, changed by its tags, then by its own changes."""
    out = dict(rules)
    changes = [o for tag in contact.tags for o in (by_tag or {}).get(tag, ())] + list(own)
    for change in changes:
        if change.rule not in out:
            raise ValueError(f"unknown follow-up rule {change.rule!r}")
        out[change.rule] = replace(
            out[change.rule], first_day=change.first_day, last_day=change.last_day
        )
    return out


def _applicable(contact: Contact, last: Interaction | None, *, active_project: bool) -> list[str]:
    keys: list[str] = []
    if last is not None and last.awaiting_reply:
        keys.append("reply")
    if last is not None and last.they_helped:
        keys.append("thank_you")
    if last is not None and last.channel is Channel.CONFERENCE:
        keys.append("conference")
    if active_project:
        keys.append("project")
    keys.append("mentor" if contact.is_mentor or contact.is_sponsor else "other")
    return keys


def _days(n: int) -> str:
    return f"{n} day{'s' if n != 1 else ''}"


def follow_up(
    contact: Contact,
    interactions: Iterable[Interaction],
    *,
    today: date,
    active_project: bool = False,
    rules: Mapping[str, CadenceRule] | None = None,
    snoozed_until: date | None = None,
) -> FollowUp | None:
    """The next follow-up with ``contact``, or None when there is nothing to count from (no
    interaction and no date met). ``rules``: from :func:`rules_for` (defaults when None)."""
    table = rules if rules is not None else DEFAULT_RULES
    history = sorted(interactions, key=lambda i: i.on)
    last = history[-1] if history else None
    since = last.on if last is not None else contact.met_on
    if since is None:
        return None
    keys = _applicable(contact, last, active_project=active_project)
    rule = min((table[k] for k in keys), key=lambda r: (r.first_day, keys.index(r.key)))
    due_from = since + timedelta(days=rule.first_day)
    overdue_after = since + timedelta(days=rule.last_day)
    if snoozed_until is not None and today < snoozed_until:
        state = State.SNOOZED
    elif today > overdue_after:
        state = State.OVERDUE
    elif today >= due_from:
        state = State.DUE
    else:
        state = State.UPCOMING
    ago = (today - since).days
    what = f"last {CHANNEL_LABELS[last.channel]}" if last is not None else "met"
    when = f"{_days(ago)} ago" if ago >= 0 else f"in {_days(-ago)}"
    reason = f"{rule.label}: {rule.why}; {what} {when} ({since.isoformat()})"
    return FollowUp(
        rule=rule,
        since=since,
        due_from=due_from,
        overdue_after=overdue_after,
        state=state,
        reason=reason,
        last=last,
        snoozed_until=snoozed_until if state is State.SNOOZED else None,
    )
