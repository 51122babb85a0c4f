"""Date arithmetic of the cycle calendar, as tables."""

from datetime import date, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from matchwise.engine.roadmap.cycle import (
    Confidence,
    Cycle,
    CycleDate,
    Event,
    Habit,
    Offset,
    add_months,
    anchor,
    deadline_in,
    nth_weekday,
    shift,
)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2027, 1, 31), 1, date(2027, 2, 28)),  # past the month's end: its last day
        (date(2028, 1, 31), 1, date(2028, 2, 29)),  # a leap year
        (date(2028, 2, 29), 12, date(2029, 2, 28)),  # 29 February a year on
        (date(2028, 2, 29), 48, date(2032, 2, 29)),  # four years on: a leap year again
        (date(2027, 3, 31), -1, date(2027, 2, 28)),
        (date(2027, 5, 31), -1, date(2027, 4, 30)),
        (date(2027, 1, 15), -1, date(2026, 12, 15)),  # across a year
        (date(2027, 12, 31), 2, date(2028, 2, 29)),
        (date(2027, 9, 1), -18, date(2026, 3, 1)),
        (date(2027, 6, 30), 0, date(2027, 6, 30)),
    ],
)
def test_months_are_calendar_months_clipped_to_the_months_end(day, months, expected):
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    ("day", "offset", "expected"),
    [
        (date(2027, 3, 31), Offset(months=-1, days=-1), date(2027, 2, 27)),  # months first
        (date(2028, 3, 1), Offset(days=-1), date(2028, 2, 29)),
        (date(2027, 3, 1), Offset(days=-1), date(2027, 2, 28)),
        (date(2027, 12, 25), Offset(days=14), date(2028, 1, 8)),
        (date(2027, 9, 1), Offset(months=-11, days=-14), date(2026, 9, 17)),
    ],
)
def test_an_offset_moves_months_then_days(day, offset, expected):
    assert shift(day, offset) == expected


@pytest.mark.parametrize(
    ("offset", "words"),
    [
        (Offset(), "on the day of"),
        (Offset(months=-3), "3 months before"),
        (Offset(days=1), "1 day after"),
        (Offset(months=-1, days=-14), "1 month 14 days before"),
        (Offset(months=-12, days=14), "12 months before, then 14 days later"),
    ],
)
def test_an_offset_reads_as_words(offset, words):
    assert str(offset) == words


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31)), st.integers(-60, 60))
def test_adding_months_keeps_the_day_or_lands_on_the_months_last(day, months):
    moved = add_months(day, months)
    assert (moved.year * 12 + moved.month) - (day.year * 12 + day.month) == months
    assert moved.day == day.day or (moved.day < day.day and (moved + timedelta(days=1)).day == 1)


@pytest.mark.parametrize(
    ("year", "month", "weekday", "n", "expected"),
    [
        (2027, 3, 4, 3, date(2027, 3, 19)),  # third Friday of March 2027
        (2028, 3, 4, 3, date(2028, 3, 17)),
        (2026, 9, 2, 4, date(2026, 9, 23)),
        (2026, 9, 2, -1, date(2026, 9, 30)),  # the last Wednesday
    ],
)
def test_nth_weekday(year, month, weekday, n, expected):
    assert nth_weekday(year, month, weekday, n) == expected


HABITS = {
    Event.MATCH_DAY: Habit.NTH_WEEKDAY,
    Event.NRMP_REGISTRATION: Habit.SAME_DATE,
    Event.PROGRAMS_REVIEW: Habit.NTH_WEEKDAY,
}


def _cycle(year, **dates):
    return Cycle(
        year,
        {
            Event(k): CycleDate(Event(k), v, f"source {year}", Confidence.PRIMARY)
            for k, v in dates.items()
        },
    )


CYCLES = [
    _cycle(2024, match_day=date(2024, 3, 15), nrmp_registration=date(2023, 9, 15)),
    _cycle(2026, match_day=date(2026, 3, 20), programs_review=date(2025, 9, 24)),
]


@pytest.mark.parametrize(
    ("year", "event", "on", "estimated", "words"),
    [
        (2026, Event.MATCH_DAY, date(2026, 3, 20), False, "source 2026"),  # published
        (2025, Event.MATCH_DAY, date(2025, 3, 21), True, "third Friday of March"),  # from 2024
        (2027, Event.MATCH_DAY, date(2027, 3, 19), True, "as in the 2026 cycle"),  # nearest
        (2028, Event.NRMP_REGISTRATION, date(2027, 9, 15), True, "15 September"),
        (2027, Event.PROGRAMS_REVIEW, date(2026, 9, 23), True, "fourth Wednesday"),
        (2027, Event.SIGNAL_DEADLINE, None, False, "not published yet"),  # a missing date
        (2023, Event.MATCH_DAY, None, False, "no earlier cycle"),
    ],
)
def test_a_cycle_date_is_published_estimated_or_unknown(year, event, on, estimated, words):
    found = anchor(CYCLES, year, event, HABITS)
    assert (found.on, found.estimated) == (on, estimated)
    assert words in found.basis


@pytest.mark.parametrize(
    ("zone", "expected"),
    [
        ("Asia/Kolkata", "2027-03-04T07:30:00+05:30"),  # a 9 p.m. ET deadline: next morning
        ("America/Los_Angeles", "2027-03-03T18:00:00-08:00"),
        ("Europe/London", "2027-03-04T02:00:00+00:00"),
        ("America/New_York", "2027-03-03T21:00:00-05:00"),
    ],
)
def test_a_deadline_in_eastern_time_is_shown_in_the_users_zone(zone, expected):
    assert deadline_in(date(2027, 3, 3), time(21), "America/New_York", zone).isoformat() == expected


def test_a_deadline_across_the_daylight_saving_change_keeps_its_eastern_time():
    # 14 March 2027 is the US change to daylight time: EDT is UTC-4 from then
    after = deadline_in(date(2027, 3, 15), time(21), "America/New_York", "UTC")
    before = deadline_in(date(2027, 3, 12), time(21), "America/New_York", "UTC")
    assert (before.hour, after.hour) == (2, 1)


def test_a_deadline_without_a_time_is_the_end_of_its_day():
    assert deadline_in(date(2027, 3, 3), None, "America/New_York", "America/New_York").hour == 23
