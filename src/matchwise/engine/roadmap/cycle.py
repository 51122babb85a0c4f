"""Match cycles as dates: what happens when, for each season, and the date arithmetic of plans.

A *cycle* is named by its Match year (the NRMP Main Residency Match of March ``year``, whose
applications go out through ERAS the September before; the independent IR match of June
``year``). Its dates are data (``data/cycles/<year>.toml``), each with its source: the engine
only reads what it is given. A date the data does not have is *not published yet*: it is never
guessed. When a plan needs it anyway, :func:`anchor` *estimates* it from the nearest earlier
cycle that has it, by the event's own habit (Match Day is the third Friday of March; NRMP
registration opens on 15 September), and says so in words, so the plan can still be dated and
the user sees which dates are estimates.

No clock: "today" is always an argument.

>>> from datetime import date
>>> add_months(date(2027, 1, 31), 1)
datetime.date(2027, 2, 28)
>>> shift(date(2028, 3, 17), Offset(months=-6, days=-3))
datetime.date(2027, 9, 14)
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

__all__ = [
    "EVENT_LABELS",
    "PATHWAY_EVENTS",
    "PATHWAY_LABELS",
    "Anchor",
    "Confidence",
    "Cycle",
    "CycleDate",
    "Event",
    "Habit",
    "Offset",
    "Pathway",
    "add_months",
    "anchor",
    "deadline_in",
    "nth_weekday",
    "shift",
]

EASTERN = "America/New_York"  # NRMP and ERAS state their deadlines in US Eastern time


class Pathway(StrEnum):
    IR_INTEGRATED = "ir-integrated"  # NRMP Main Match, ACGME 416 (PGY-1 or PGY-2 entry)
    DR_ESIR = "dr-esir"  # NRMP Main Match, DR (420), then the Early Specialization in IR
    IR_INDEPENDENT = "ir-independent"  # the separate independent IR match (415), June


PATHWAY_LABELS: dict[Pathway, str] = {
    Pathway.IR_INTEGRATED: "IR-Integrated (NRMP Main Match)",
    Pathway.DR_ESIR: "DR + ESIR (NRMP Main Match)",
    Pathway.IR_INDEPENDENT: "IR-Independent (its own match, June)",
}


class Event(StrEnum):
    """The dates of a cycle that plans are built from, in the order they happen."""

    ERAS_OPENS = "eras_opens"  # the ERAS season begins: applicants can start MyERAS
    ERAS_SUBMIT = "eras_submit"  # applicants may submit applications to programs
    NRMP_REGISTRATION = "nrmp_registration"  # applicants may register for the Main Match
    PROGRAMS_REVIEW = "programs_review"  # programs can first see applications
    SIGNAL_DEADLINE = "signal_deadline"  # program signals (ERAS supplemental application) due
    INTERVIEWS_START = "interviews_start"
    INTERVIEWS_END = "interviews_end"
    RANKING_OPENS = "ranking_opens"
    ROL_DEADLINE = "rol_deadline"  # rank order lists certified
    MATCH_DAY = "match_day"
    IRI_INTERVIEWS_START = "iri_interviews_start"
    IRI_INTERVIEWS_END = "iri_interviews_end"
    IRI_RANKING_OPENS = "iri_ranking_opens"
    IRI_ROL_DEADLINE = "iri_rol_deadline"
    IRI_MATCH_DAY = "iri_match_day"


EVENT_LABELS: dict[Event, str] = {
    Event.ERAS_OPENS: "ERAS season opens to applicants",
    Event.ERAS_SUBMIT: "Applicants may submit ERAS applications",
    Event.NRMP_REGISTRATION: "NRMP Main Match registration opens",
    Event.PROGRAMS_REVIEW: "Programs can first see applications",
    Event.SIGNAL_DEADLINE: "Program signals due",
    Event.INTERVIEWS_START: "Interview season starts",
    Event.INTERVIEWS_END: "Interview season ends",
    Event.RANKING_OPENS: "Rank order list entry opens",
    Event.ROL_DEADLINE: "Rank order list deadline (Main Match)",
    Event.MATCH_DAY: "Match Day (Main Match)",
    Event.IRI_INTERVIEWS_START: "Independent IR interviews start",
    Event.IRI_INTERVIEWS_END: "Independent IR interviews end",
    Event.IRI_RANKING_OPENS: "Independent IR ranking opens",
    Event.IRI_ROL_DEADLINE: "Independent IR rank list deadline",
    Event.IRI_MATCH_DAY: "Match Day (independent IR)",
}

_MAIN = frozenset(e for e in Event if not e.value.startswith("iri_"))
#: Which dates matter to which pathway.
PATHWAY_EVENTS: dict[Pathway, frozenset[Event]] = {
    Pathway.IR_INTEGRATED: _MAIN,
    Pathway.DR_ESIR: _MAIN,
    Pathway.IR_INDEPENDENT: frozenset(e for e in Event if e.value.startswith("iri_"))
    | {Event.ERAS_OPENS, Event.ERAS_SUBMIT, Event.PROGRAMS_REVIEW},
}


class Confidence(StrEnum):
    PRIMARY = "primary"  # read on the publisher's own page (NRMP, AAMC, SIR)
    SECONDARY = "secondary"  # a school, journal or trade page quoting the publisher
    USER = "user"  # entered or corrected by the user


class Habit(StrEnum):
    """How an event's date moves from one year to the next, for estimates."""

    NTH_WEEKDAY = "nth_weekday"  # e.g. the third Friday of March
    SAME_DATE = "same_date"  # e.g. 15 September


@dataclass(frozen=True)
class CycleDate:
    """One published date. ``at``: the time of day, in ``tz``, when the publisher gives one."""

    event: Event
    on: date
    source: str
    confidence: Confidence
    at: time | None = None
    tz: str = EASTERN
    note: str = ""


@dataclass(frozen=True)
class Cycle:
    """The dates known for the cycle whose Match is in ``year``."""

    year: int
    dates: Mapping[Event, CycleDate] = field(default_factory=dict)

    def get(self, event: Event) -> CycleDate | None:
        return self.dates.get(event)


@dataclass(frozen=True)
class Offset:
    """A distance in calendar months, then days (negative: before). Months first, so that
    "one month before 31 March" is 28 or 29 February, not 3 March."""

    months: int = 0
    days: int = 0

    def __str__(self) -> str:
        def part(n: int, unit: str) -> str:
            return f"{abs(n)} {unit}{'s' * (abs(n) != 1)}"

        if not self.months and not self.days:
            return "on the day of"
        if self.months and self.days and (self.months < 0) != (self.days < 0):
            side = "before" if self.months < 0 else "after"
            back = "later" if self.days > 0 else "earlier"
            return f"{part(self.months, 'month')} {side}, then {part(self.days, 'day')} {back}"
        parts = [part(n, u) for n, u in ((self.months, "month"), (self.days, "day")) if n]
        return " ".join(parts) + (" before" if (self.months or self.days) < 0 else " after")


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole calendar months; a day past the new month's end becomes its last
    day (31 January + 1 month = 28 or 29 February)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def shift(day: date, offset: Offset) -> date:
    return add_months(day, offset.months) + timedelta(days=offset.days)


def nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The ``n``-th ``weekday`` (Monday = 0) of the month; ``n`` = -1: the last one."""
    days = [
        date(year, month, d)
        for d in range(1, calendar.monthrange(year, month)[1] + 1)
        if date(year, month, d).weekday() == weekday
    ]
    return days[n - 1] if n > 0 else days[n]


def _estimate(known: date, years: int, habit: Habit) -> date:
    if habit is Habit.SAME_DATE:
        return add_months(known, 12 * years)
    n = (known.day - 1) // 7 + 1
    last = known.day + 7 > calendar.monthrange(known.year, known.month)[1]
    year = known.year + years
    return nth_weekday(year, known.month, known.weekday(), -1 if last and n == 5 else min(n, 4))


@dataclass(frozen=True)
class Anchor:
    """A cycle date as a plan uses it: published, or estimated (with the basis in words), or
    unknown (no cycle has it)."""

    event: Event
    on: date | None
    estimated: bool
    basis: str
    at: time | None = None
    tz: str = EASTERN


_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_ORDINALS = ("first", "second", "third", "fourth", "last")


def _habit_words(known: date, habit: Habit) -> str:
    if habit is Habit.SAME_DATE:
        return f"{known.day} {calendar.month_name[known.month]}"
    n = (known.day - 1) // 7
    last = known.day + 7 > calendar.monthrange(known.year, known.month)[1]
    ordinal = _ORDINALS[4] if last and n == 4 else _ORDINALS[min(n, 3)]
    return f"the {ordinal} {_WEEKDAYS[known.weekday()]} of {calendar.month_name[known.month]}"


def anchor(
    cycles: Sequence[Cycle], year: int, event: Event, habits: Mapping[Event, Habit]
) -> Anchor:
    """The date of ``event`` in the ``year`` cycle: published if the data has it, else estimated
    from the latest earlier cycle that has it (by the event's habit), else unknown.

    >>> match = CycleDate(Event.MATCH_DAY, date(2026, 3, 20), "NRMP", Confidence.PRIMARY)
    >>> found = anchor([Cycle(2026, {Event.MATCH_DAY: match})], 2028, Event.MATCH_DAY,
    ...                {Event.MATCH_DAY: Habit.NTH_WEEKDAY})
    >>> found.on, found.estimated
    (datetime.date(2028, 3, 17), True)
    """
    by_year = {c.year: c for c in cycles}
    own = by_year.get(year)
    published = own.get(event) if own is not None else None
    if published is not None:
        return Anchor(event, published.on, False, published.source, published.at, published.tz)
    earlier = sorted((y for y, c in by_year.items() if y < year and c.get(event)), reverse=True)
    if not earlier:
        return Anchor(event, None, False, "not published yet, and no earlier cycle to go by")
    known = by_year[earlier[0]].get(event)
    assert known is not None
    habit = habits.get(event, Habit.NTH_WEEKDAY)
    on = _estimate(known.on, year - earlier[0], habit)
    basis = (
        f"not published yet: estimated as {_habit_words(known.on, habit)}, "
        f"as in the {earlier[0]} cycle ({known.on.isoformat()})"
    )
    return Anchor(event, on, True, basis, known.at, known.tz)


def deadline_in(day: date, at: time | None, tz: str, user_tz: str) -> datetime:
    """When a deadline given as ``day`` (at ``at``, default the end of the day) in ``tz`` falls
    in the user's time zone: a 9 p.m. Eastern deadline is the next morning in India.

    >>> deadline_in(date(2026, 3, 4), time(21), EASTERN, "Asia/Kolkata").isoformat()
    '2026-03-05T07:30:00+05:30'
    """
    local = datetime.combine(day, at or time(23, 59), tzinfo=ZoneInfo(tz))
    return local.astimezone(ZoneInfo(user_tz))
