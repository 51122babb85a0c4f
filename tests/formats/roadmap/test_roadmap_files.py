"""The Roadmap's data files, its calendar export and its timeline chart."""

from datetime import UTC, date, datetime

import pytest
from icalendar import Calendar

from matchwise.engine.roadmap.agenda import AgendaItem, Kind
from matchwise.engine.roadmap.cycle import Confidence, Event
from matchwise.formats.roadmap.agenda_ics import agenda_to_ics
from matchwise.formats.roadmap.shipped_data import (
    RoadmapDataError,
    load_benchmarks,
    load_cycles,
    load_habits,
    load_templates,
    parse_cycle,
    parse_pathways,
)
from matchwise.formats.roadmap.timeline_chart import TimelineBar, TimelineDate, timeline_spec


def test_every_shipped_date_has_a_source_and_a_confidence():
    cycles = load_cycles()
    assert {2024, 2025, 2026, 2027} <= set(cycles)
    for cycle in cycles.values():
        for found in cycle.dates.values():
            assert found.source and found.confidence in (Confidence.PRIMARY, Confidence.SECONDARY)


def test_every_event_has_a_habit_and_every_template_a_known_anchor():
    assert set(load_habits()) == set(Event)
    templates = load_templates()
    assert len({t.key for t in templates}) == len(templates)


def test_benchmarks_from_facts_carry_the_facts_source():
    step2 = next(b for b in load_benchmarks() if b.area == "step2")
    assert step2.low == 255 and "NRMP 2018" in step2.source


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"dates": []}, "'year' must be a whole number"),
        ({"year": 2028, "dates": [{"event": "matchday"}]}, "dates entry 1, event: 'matchday'"),
        (
            {"year": 2028, "dates": [{"event": "match_day", "on": "soon"}]},
            "'on' must be a date",
        ),
        (
            {"year": 2028, "dates": [{"event": "match_day", "on": date(2028, 3, 17)}]},
            "needs its 'source'",
        ),
        (
            {
                "year": 2028,
                "dates": [
                    {"event": "match_day", "on": date(2028, 3, 17), "source": "s",
                     "confidence": "primary", "at": "9pm"}
                ],
            },
            "'at' '9pm' is not a time",
        ),
    ],
)  # fmt: skip
def test_a_bad_cycle_file_names_the_entry_and_the_field(data, message):
    with pytest.raises(RoadmapDataError, match=message.replace("(", r"\(")):
        parse_cycle(data, origin="cycles/2028.toml")


def test_pathways_are_read_from_a_comma_list_with_a_clear_error():
    assert [p.value for p in parse_pathways("ir-integrated, dr-esir")] == [
        "ir-integrated",
        "dr-esir",
    ]
    with pytest.raises(RoadmapDataError, match="'ir' is not one of ir-integrated"):
        parse_pathways("ir")
    with pytest.raises(RoadmapDataError, match="at least one pathway"):
        parse_pathways(" , ")


def test_the_calendar_has_one_all_day_event_per_item_with_stable_uids():
    items = [
        AgendaItem(Kind.MILESTONE, date(2027, 6, 1), "Ask for letters", "why", uid="m-1"),
        AgendaItem(Kind.CYCLE_DATE, date(2027, 9, 1), "ERAS", "estimated", uid="c-1"),
    ]
    first = Calendar.from_ical(agenda_to_ics(items, stamp=datetime.now(UTC)))
    again = Calendar.from_ical(agenda_to_ics(items[::-1], stamp=datetime.now(UTC)))
    events = first.walk("VEVENT")
    assert [str(e["summary"]) for e in events] == ["Milestone: Ask for letters", "Cycle date: ERAS"]
    assert events[0].decoded("dtstart") == date(2027, 6, 1)
    assert {str(e["uid"]) for e in events} == {str(e["uid"]) for e in again.walk("VEVENT")}


def test_the_calendar_wants_an_aware_stamp():
    with pytest.raises(ValueError, match="timezone-aware"):
        agenda_to_ics([], stamp=datetime(2027, 1, 1))


def test_the_timeline_marks_late_and_done_bars_and_estimated_dates():
    bars = [
        TimelineBar("late", "research", date(2027, 1, 1), date(2027, 2, 1), late=True, done=False),
        TimelineBar("done", "exams", date(2027, 1, 1), date(2027, 2, 1), late=False, done=True),
    ]
    spec = timeline_spec(bars, [TimelineDate("Match Day", date(2028, 3, 17), True)],
                         today=date(2027, 1, 15))  # fmt: skip
    rows = spec["layer"][0]["data"]["values"]
    assert [r["state"] for r in rows] == ["late", "done"]
    marks = spec["layer"][1]["data"]["values"]
    assert [(m["label"], m["dash"]) for m in marks] == [
        ("Match Day (est.)", "estimated"),
        ("today", "today"),
    ]
    import vl_convert as vlc

    assert "<svg" in vlc.vegalite_to_svg(spec)  # a valid chart that renders offline


def test_goals_kept_elsewhere_are_read_from_there_not_copied():
    from matchwise.engine.network.contacts import ADVOCATE_GOAL, MentorKind
    from matchwise.engine.roadmap.letters import GOAL
    from matchwise.formats.scholarly.eras import load_benchmarks as scholarly_benchmarks

    by_area = {b.area: b for b in load_benchmarks()}
    research = next(b for b in scholarly_benchmarks() if b.measure == "peer_reviewed_publications")
    assert (by_area["research"].low, by_area["research"].source) == (2, research.source)
    assert (by_area["letters"].low, by_area["letters"].high) == GOAL
    assert (by_area["advocates"].low, by_area["advocates"].high) == ADVOCATE_GOAL
    assert by_area["mentor_team"].low == len(MentorKind)


def test_an_unknown_goal_is_refused_in_words():
    from matchwise.formats.roadmap.shipped_data import _goal

    with pytest.raises(RoadmapDataError, match="goal_from 'luck' is not letters"):
        _goal("luck", "readiness.toml, benchmark 1")
