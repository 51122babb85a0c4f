"""Follow-up cadences as tables: every rule's window, dates across month ends and leap days,
precedence, per-contact and per-tag changes, snoozes; the day is the user's own calendar day."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from matchwise.engine.network.contacts import Contact, Interaction
from matchwise.engine.network.followup import (
    DEFAULT_RULES,
    CadenceOverride,
    State,
    follow_up,
    rules_for,
)

ACQUAINTANCE = Contact(name="A. Person", tags=["residents"])
MENTOR = Contact(name="Dr. Mentor", relationship="mentor", mentor_kinds=["clinical"])


def _at(day, channel="email", **flags):
    return Interaction(on=day, channel=channel, **flags)


@pytest.mark.parametrize(
    ("contact", "last", "project", "rule", "first", "last_day"),
    [
        (ACQUAINTANCE, _at(date(2027, 1, 31), awaiting_reply=True), False, "reply", 2, 3),
        (ACQUAINTANCE, _at(date(2027, 1, 31), they_helped=True), False, "thank_you", 1, 2),
        (ACQUAINTANCE, _at(date(2027, 1, 31), "conference"), False, "conference", 3, 7),
        (ACQUAINTANCE, _at(date(2027, 1, 31)), True, "project", 7, 14),
        (MENTOR, _at(date(2027, 1, 31)), False, "mentor", 60, 90),
        (ACQUAINTANCE, _at(date(2027, 1, 31)), False, "other", 120, 180),
        # a mentor met at a conference: the conference follow-up comes first
        (MENTOR, _at(date(2027, 1, 31), "conference"), False, "conference", 3, 7),
        # a reply owed wins over an active project
        (MENTOR, _at(date(2027, 1, 31), awaiting_reply=True), True, "reply", 2, 3),
    ],
)
def test_each_rule_and_its_window(contact, last, project, rule, first, last_day):
    found = follow_up(contact, [last], today=last.on, active_project=project)
    assert found.rule.key == rule
    assert found.due_from == last.on + timedelta(days=first)
    assert found.overdue_after == last.on + timedelta(days=last_day)
    assert found.state is State.UPCOMING


@pytest.mark.parametrize(
    ("last", "today", "state"),
    [
        # a conference on 31 January: due from 3 February, overdue after 7 February
        (date(2027, 1, 31), date(2027, 2, 2), State.UPCOMING),
        (date(2027, 1, 31), date(2027, 2, 3), State.DUE),
        (date(2027, 1, 31), date(2027, 2, 7), State.DUE),
        (date(2027, 1, 31), date(2027, 2, 8), State.OVERDUE),
        # across the end of February in a leap year and in a common year
        (date(2028, 2, 26), date(2028, 2, 29), State.DUE),
        (date(2027, 2, 26), date(2027, 3, 1), State.DUE),
        (date(2028, 2, 26), date(2028, 3, 5), State.OVERDUE),
        # across the new year
        (date(2026, 12, 30), date(2027, 1, 2), State.DUE),
        (date(2026, 12, 30), date(2027, 1, 7), State.OVERDUE),
    ],
)
def test_due_and_overdue_around_month_ends(last, today, state):
    assert follow_up(ACQUAINTANCE, [_at(last, "conference")], today=today).state is state


def test_the_count_starts_from_the_last_real_interaction():
    history = [_at(date(2027, 1, 1), "conference"), _at(date(2027, 1, 5)), _at(date(2026, 5, 1))]
    found = follow_up(MENTOR, history, today=date(2027, 1, 6))
    assert found.since == date(2027, 1, 5) and found.rule.key == "mentor"
    assert "last email 1 day ago (2027-01-05)" in found.reason


def test_without_any_date_there_is_nothing_to_count_from():
    assert follow_up(ACQUAINTANCE, [], today=date(2027, 1, 1)) is None
    met = Contact(name="B", met_on=date(2026, 1, 1))
    assert follow_up(met, [], today=date(2027, 1, 1)).state is State.OVERDUE


def test_a_snooze_hides_until_its_day():
    last = [_at(date(2026, 1, 1))]
    snoozed = follow_up(ACQUAINTANCE, last, today=date(2027, 1, 1), snoozed_until=date(2027, 1, 10))
    assert snoozed.state is State.SNOOZED
    back = follow_up(ACQUAINTANCE, last, today=date(2027, 1, 10), snoozed_until=date(2027, 1, 10))
    assert back.state is State.OVERDUE


def test_a_tag_changes_a_window_and_the_contacts_own_change_wins():
    by_tag = {"residents": [CadenceOverride("other", 30, 60)]}
    tagged = rules_for(ACQUAINTANCE, by_tag=by_tag)
    assert (tagged["other"].first_day, tagged["other"].last_day) == (30, 60)
    own = rules_for(ACQUAINTANCE, by_tag=by_tag, own=[CadenceOverride("other", 10, 20)])
    assert (own["other"].first_day, own["other"].last_day) == (10, 20)
    assert rules_for(MENTOR, by_tag=by_tag)["other"] == DEFAULT_RULES["other"]
    found = follow_up(ACQUAINTANCE, [_at(date(2027, 1, 1))], today=date(2027, 2, 1), rules=tagged)
    assert found.state is State.DUE


def test_bad_rule_changes_are_refused():
    with pytest.raises(ValueError, match="unknown follow-up rule"):
        rules_for(ACQUAINTANCE, own=[CadenceOverride("weekly", 1, 2)])
    with pytest.raises(ValueError, match="window"):
        rules_for(ACQUAINTANCE, own=[CadenceOverride("other", 9, 3)])


@pytest.mark.parametrize(
    ("zone", "state"),
    [("America/Chicago", State.UPCOMING), ("Asia/Kolkata", State.DUE), ("UTC", State.DUE)],
)
def test_the_day_is_the_users_own_calendar_day(zone, state):
    """One instant, 2027-02-03 02:30 UTC, is still 2 February in Chicago: the conference
    follow-up (due from 3 February) is due in Kolkata and London but not yet in Chicago."""
    instant = datetime(2027, 2, 3, 2, 30, tzinfo=ZoneInfo("UTC"))
    today = instant.astimezone(ZoneInfo(zone)).date()
    found = follow_up(ACQUAINTANCE, [_at(date(2027, 1, 31), "conference")], today=today)
    assert found.state is state
