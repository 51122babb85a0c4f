"""Follow-ups as an iCalendar file: one all-day event each, stable UIDs, read back by icalendar."""

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from icalendar import Calendar

from matchwise.engine.network.contacts import Contact, Interaction
from matchwise.engine.network.followup import DEFAULT_RULES, follow_up
from matchwise.formats.network.calendar import display_name, follow_ups_to_ics

TODAY = date(2026, 4, 4)
STAMP = datetime(2026, 4, 4, 9, 30, tzinfo=UTC)
ANA = Contact(name="Ana Rao", title="Dr.", relationship="mentor")
TALK = Interaction(
    on=date(2026, 3, 31),
    channel="conference",
    summary="Talked about TARE dosimetry, at SIR",
    promised="I send my CV; she reads my abstract",
    next_step="Email the abstract draft",
)
JOSE = Contact(name="José Müller, MD", met_on=date(2026, 1, 10))


def events(ics: bytes):
    return list(Calendar.from_ical(ics).walk("VEVENT"))


def items(today=TODAY):
    return [
        (ANA, follow_up(ANA, [TALK], today=today)),
        (JOSE, follow_up(JOSE, [], today=today)),
    ]


def test_each_follow_up_is_an_all_day_event_on_its_due_date():
    ics = follow_ups_to_ics(items(), calendar_name="MatchWise: network", stamp=STAMP)
    calendar = Calendar.from_ical(ics)
    assert str(calendar["X-WR-CALNAME"]) == "MatchWise: network"
    ana, jose = events(ics)
    assert str(ana["SUMMARY"]) == "Follow up: Dr. Ana Rao (follow up after the conference)"
    assert ana.decoded("DTSTART") == date(2026, 4, 3)  # 3 days after the conference
    assert ana.decoded("DTEND") == date(2026, 4, 4)
    assert not isinstance(ana.decoded("DTSTART"), datetime)  # a date: an all-day event
    assert ana.decoded("DTSTAMP") == STAMP
    assert str(jose["SUMMARY"]) == "Follow up: José Müller, MD (keep in touch)"
    assert jose.decoded("DTSTART") == date(2026, 5, 10)  # 120 days after they met


def test_the_description_gives_the_reason_and_the_last_interaction():
    due = follow_up(ANA, [TALK], today=TODAY)
    (event,) = events(follow_ups_to_ics([(ANA, due)], calendar_name="n", stamp=STAMP))
    assert str(event["DESCRIPTION"]).split("\n") == [
        due.reason,
        "Last time: Talked about TARE dosimetry, at SIR",
        "Promised: I send my CV; she reads my abstract",
        "Next step: Email the abstract draft",
    ]


def test_uids_are_stable_across_files_and_differ_between_follow_ups():
    first = follow_ups_to_ics(items(), calendar_name="n", stamp=STAMP)
    later = follow_ups_to_ics(
        items(TODAY + timedelta(days=5)), calendar_name="n", stamp=STAMP + timedelta(days=5)
    )
    uids = [str(e["UID"]) for e in events(first)]
    assert uids == [str(e["UID"]) for e in events(later)]
    assert len(set(uids)) == 2
    moved = follow_up(ANA, [TALK.model_copy(update={"on": date(2026, 4, 1)})], today=TODAY)
    (other,) = events(follow_ups_to_ics([(ANA, moved)], calendar_name="n", stamp=STAMP))
    assert str(other["UID"]) not in uids  # a new date is a new event


def test_the_uid_follows_the_name_the_rule_and_the_due_date_only():
    due = follow_up(ANA, [TALK], today=TODAY)

    def uid(contact, item):
        (event,) = events(follow_ups_to_ics([(contact, item)], calendar_name="n", stamp=STAMP))
        return str(event["UID"])

    same = replace(due, since=date(2026, 3, 30), reason="other words", last=None)
    assert uid(ANA, same) == uid(ANA, due)
    assert uid(ANA.model_copy(update={"email": "ana@example.org"}), due) == uid(ANA, due)
    later = replace(due, due_from=due.due_from + timedelta(days=1))
    assert uid(ANA, later) != uid(ANA, due)
    assert uid(ANA, replace(due, rule=DEFAULT_RULES["mentor"])) != uid(ANA, due)
    assert uid(JOSE, due) != uid(ANA, due)


def test_two_people_with_one_name_get_two_uids():
    twin = Contact(name="Ana Rao", institution="Elsewhere", relationship="mentor")
    both = [
        (ANA, follow_up(ANA, [TALK], today=TODAY)),
        (twin, follow_up(twin, [TALK], today=TODAY)),
    ]
    uids = [str(e["UID"]) for e in events(follow_ups_to_ics(both, calendar_name="n", stamp=STAMP))]
    assert len(set(uids)) == 2


def test_snoozed_follow_ups_are_left_out():
    snoozed = follow_up(ANA, [TALK], today=TODAY, snoozed_until=date(2026, 4, 20))
    ics = follow_ups_to_ics(
        [(ANA, snoozed), (JOSE, follow_up(JOSE, [], today=TODAY))], calendar_name="n", stamp=STAMP
    )
    assert [str(e["SUMMARY"]) for e in events(ics)] == [
        "Follow up: José Müller, MD (keep in touch)"
    ]


def test_the_stamp_is_written_in_utc_and_must_know_its_zone():
    local = datetime(2026, 4, 4, 11, 30, tzinfo=timezone(timedelta(hours=2)))
    ics = follow_ups_to_ics(items(), calendar_name="n", stamp=local)
    assert b"DTSTAMP:20260404T093000Z" in ics
    with pytest.raises(ValueError, match="timezone-aware"):
        follow_ups_to_ics(items(), calendar_name="n", stamp=datetime(2026, 4, 4, 9, 30))


def test_an_empty_list_is_still_a_calendar():
    ics = follow_ups_to_ics([], calendar_name="Nothing due", stamp=STAMP)
    assert events(ics) == []
    assert ics.startswith(b"BEGIN:VCALENDAR\r\n")
    assert str(Calendar.from_ical(ics)["X-WR-CALNAME"]) == "Nothing due"


@pytest.mark.parametrize(
    ("name", "title", "shown"),
    [
        ("Ana Rao", "Dr.", "Dr. Ana Rao"),
        ("Ana Rao", "Prof", "Prof Ana Rao"),
        ("Dr. Ana Rao", "Dr.", "Dr. Ana Rao"),
        ("Drew Lee", "Dr.", "Dr. Drew Lee"),
        ("Ana Rao", "Program Director", "Ana Rao"),
        ("Ana Rao", "", "Ana Rao"),
    ],
)
def test_the_event_names_a_person_with_their_honorific_only(name, title, shown):
    assert display_name(Contact(name=name, title=title)) == shown
