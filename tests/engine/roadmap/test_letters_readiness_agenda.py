"""Letters, readiness and the agenda: hand-computed cases."""

from datetime import date

import pytest

from matchwise.engine.roadmap.agenda import AgendaItem, Kind, agenda
from matchwise.engine.roadmap.letters import (
    Letter,
    LetterStatus,
    WriterSpecialty,
    letter_goal,
    letters_to_chase,
)
from matchwise.engine.roadmap.readiness import Benchmark, Standing, readiness

IR, DR, OTHER = WriterSpecialty.IR, WriterSpecialty.DR, WriterSpecialty.OTHER


def _letter(specialty=IR, us=True, status=LetterStatus.AGREED, **dates):
    defaults = {"asked_on": date(2027, 4, 1), "agreed_on": date(2027, 4, 5)}
    return Letter("Dr. X", specialty, us, status, **{**defaults, **dates})


@pytest.mark.parametrize(
    ("letters", "strong", "pending", "met"),
    [
        ([], 0, 0, False),
        ([_letter()], 1, 0, False),
        ([_letter(), _letter(DR)], 2, 0, True),
        ([_letter(), _letter(OTHER)], 1, 0, False),  # not IR/DR
        ([_letter(), _letter(us=False)], 1, 0, False),  # not US-based
        ([_letter(), _letter(status=LetterStatus.ASKED, agreed_on=None)], 1, 1, False),
        ([_letter(status=LetterStatus.UPLOADED, uploaded_on=date(2027, 5, 1))] * 3, 3, 0, True),
        ([_letter(status=LetterStatus.DECLINED)], 0, 0, False),
    ],
)
def test_the_goal_counts_agreed_us_ir_dr_letters(letters, strong, pending, met):
    goal = letter_goal(letters)
    assert (goal.strong, goal.pending, goal.met) == (strong, pending, met)


@pytest.mark.parametrize(
    ("letter", "today", "expected"),
    [
        (_letter(status=LetterStatus.ASKED, agreed_on=None), date(2027, 4, 14), None),
        (_letter(status=LetterStatus.ASKED, agreed_on=None), date(2027, 4, 15), "asked 14 days"),
        (_letter(), date(2027, 4, 25), None),
        (_letter(), date(2027, 4, 26), "agreed 21 days"),
        (
            _letter(status=LetterStatus.UPLOADED, uploaded_on=date(2027, 4, 6)),
            date(2028, 1, 1),
            None,
        ),
    ],
)
def test_letters_to_chase(letter, today, expected):
    found = letters_to_chase([letter], today=today)
    assert [c.what for c in found] == ([] if expected is None else [found[0].what])
    if expected:
        assert expected in found[0].what


@pytest.mark.parametrize(
    ("letter", "problem"),
    [
        (_letter(status=LetterStatus.ASKED, asked_on=None, agreed_on=None), "needs the date asked"),
        (_letter(agreed_on=date(2027, 3, 1)), "agreed on (2027-03-01) is before asked on"),
        (_letter(status=LetterStatus.UPLOADED), "needs the date uploaded"),
    ],
)
def test_a_letters_dates_must_fit_its_status(letter, problem):
    assert any(problem in p for p in letter.problems())


STANDING = Standing(
    step2_score=None,
    exam_attempts=0,
    usce_months=2.5,
    usce_ir_months=1,
    strong_letters=1,
    peer_reviewed=3,
    first_author=0,
    ir_related=2,
    presentations=0,
    advocates=5,
    mentor_kinds_covered=3,
)


def _bench(area, low, high=None):
    return Benchmark(area, area, low, high, "source", "weak")


@pytest.mark.parametrize(
    ("area", "low", "have", "met", "change"),
    [
        ("step2", 255, None, None, None),  # no score: cannot tell
        ("usce", 3, 2.5, False, "usce_hands_on_months=3"),
        ("usce_ir", 1, 1, True, None),
        ("letters", 2, 1, False, "us_ir_dr_letters=2"),
        ("research", 2, 3, True, None),
        ("first_author", 1, 0, False, "first_author_publications=1"),
        ("first_author", 4, 0, False, "presentations=1; first_author_publications=4"),
        ("ir_research", 1, 2, True, None),
        ("presentations", 1, 0, False, "presentations=1"),
        ("advocates", 5, 5, True, None),
        ("mentor_team", 4, 3, False, None),  # no profile field: no what-if
    ],
)
def test_readiness_compares_each_number_with_its_benchmark(area, low, have, met, change):
    (gap,) = readiness(STANDING, [_bench(area, low)])
    assert (gap.have, gap.met, gap.change) == (have, met, change)
    assert gap.action


def test_an_unknown_readiness_area_is_refused():
    with pytest.raises(ValueError, match="unknown readiness area 'luck'"):
        readiness(STANDING, [_bench("luck", 1)])


def test_a_target_reads_as_a_range_or_a_floor():
    gaps = readiness(STANDING, [_bench("research", 2, 4), _bench("letters", 2)])
    assert [g.target for g in gaps] == ["2 to 4", "2 or more"]


def _item(kind, on, title, late=True):
    return AgendaItem(kind, on, title, "why", can_be_late=late)


def test_the_agenda_keeps_the_window_and_what_is_late_overdue_first():
    today = date(2027, 5, 10)
    items = [
        _item(Kind.MILESTONE, date(2027, 5, 16), "in window, last day"),
        _item(Kind.MILESTONE, date(2027, 5, 17), "after the window"),
        _item(Kind.FOLLOW_UP, date(2027, 5, 1), "late follow-up"),
        _item(Kind.CYCLE_DATE, date(2027, 5, 2), "a past cycle date", late=False),
        _item(Kind.CYCLE_DATE, date(2027, 5, 10), "a cycle date today", late=False),
        _item(Kind.LETTER, date(2027, 5, 10), "letter today"),
        _item(Kind.MILESTONE, date(2027, 4, 1), "older late milestone"),
    ]
    found = agenda(items, today=today, days=7)
    assert [(i.title, i.overdue) for i in found] == [
        ("older late milestone", True),
        ("late follow-up", True),
        ("letter today", False),
        ("a cycle date today", False),
        ("in window, last day", False),
    ]


def test_an_agenda_of_no_days_is_refused():
    with pytest.raises(ValueError, match="days"):
        agenda([], today=date(2027, 1, 1), days=0)
