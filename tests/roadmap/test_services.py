"""Roadmap services on a real database: the plan follows the cycle, statuses survive, letters
are checked, suggestions need sustained work, the agenda joins every part."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from icalendar import Calendar

from matchwise.engine.network.contacts import Contact, Interaction
from matchwise.engine.roadmap.agenda import Kind
from matchwise.engine.roadmap.cycle import Event, Pathway
from matchwise.engine.roadmap.milestones import MilestoneStatus
from matchwise.network import services as network
from matchwise.roadmap import agenda, services
from matchwise.roadmap.models import Milestone

pytestmark = pytest.mark.django_db
IRI, IRX, DR = Pathway.IR_INDEPENDENT, Pathway.IR_INTEGRATED, Pathway.DR_ESIR


@pytest.fixture
def user():
    return get_user_model().objects.create_user(username="ana", password="x" * 12)


def _plan(user, year=2028, pathways=(IRX,), zone="UTC"):
    services.save_settings(user, cycle_year=year, pathways=list(pathways), time_zone=zone)
    return services.apply_plan(user)


def test_a_plan_is_made_for_the_cycle_and_pathways(user):
    added, moved, removed = _plan(user)
    rows = list(services.milestones_of(user))
    assert added == len(rows) > 25 and (moved, removed) == (0, 0)
    match_day = next(r for r in rows if r.key == "interview-match-day")
    assert (match_day.due, match_day.estimated) == (date(2028, 3, 17), True)


def test_changing_the_pathway_keeps_started_work_and_drops_untouched_steps(user):
    _plan(user, pathways=(IRX,))
    away = Milestone.objects.get(owner=user, key="network-away-rotation")
    services.set_status(user, away.id, MilestoneStatus.IN_PROGRESS)
    submit = Milestone.objects.get(owner=user, key="apply-submit")
    services.set_status(user, submit.id, MilestoneStatus.DONE, on=date(2027, 9, 1))
    added, _, removed = _plan(user, pathways=(IRI,))
    keys = set(services.milestones_of(user).values_list("key", flat=True))
    assert "network-away-rotation" in keys  # in progress: kept although IR-Integrated only
    assert "interview-match-day" not in keys and removed > 0
    assert "iri-match-day" in keys and added >= 3
    assert Milestone.objects.get(id=submit.id).status == MilestoneStatus.DONE


def test_a_corrected_cycle_date_moves_the_plan_but_not_a_pinned_date(user):
    _plan(user)
    ps = Milestone.objects.get(owner=user, key="apply-personal-statement")
    ask = Milestone.objects.get(owner=user, key="network-letters")
    services.save_milestone(user, ask, due=date(2027, 5, 20))  # the user's own date: pinned
    moved = services.correct_cycle_date(
        user, year=2028, event=Event.ERAS_SUBMIT, on=date(2027, 9, 8), note="AAMC page"
    )
    ps.refresh_from_db()
    ask.refresh_from_db()
    assert moved > 10
    assert (ps.due, ps.estimated) == (date(2027, 7, 8), False)  # 2 months before, published
    assert ask.due == date(2027, 5, 20) and ask.pinned
    row = next(r for r in services.cycle_table(user, 2028, [IRX]) if r.event is Event.ERAS_SUBMIT)
    assert row.corrected and "AAMC page" in row.published.source
    services.correct_cycle_date(user, year=2028, event=Event.ERAS_SUBMIT, on=None)
    ps.refresh_from_db()
    assert (ps.due, ps.estimated) == (date(2027, 7, 1), True)  # back to the estimate


def test_a_skipped_milestone_needs_a_reason(user):
    _plan(user)
    row = services.milestones_of(user).first()
    with pytest.raises(services.RoadmapError, match="needs a reason"):
        services.set_status(user, row.id, MilestoneStatus.SKIPPED)
    services.set_status(user, row.id, MilestoneStatus.SKIPPED, reason="done in 2026 already")
    assert Milestone.objects.get(id=row.id).skip_reason == "done in 2026 already"


def test_settings_are_checked(user):
    with pytest.raises(services.RoadmapError, match="at least one pathway"):
        services.save_settings(user, cycle_year=2028, pathways=[], time_zone="UTC")
    with pytest.raises(services.RoadmapError, match="'Mars/Olympus' is not known"):
        services.save_settings(user, cycle_year=2028, pathways=[IRX], time_zone="Mars/Olympus")
    with pytest.raises(services.RoadmapError, match="from 2024 to 2040"):
        services.save_settings(user, cycle_year=2050, pathways=[IRX], time_zone="UTC")


@pytest.mark.parametrize(
    ("zone", "now", "expected"),
    [
        ("Asia/Kolkata", datetime(2027, 3, 3, 20, 0, tzinfo=UTC), date(2027, 3, 4)),
        ("America/Los_Angeles", datetime(2027, 3, 4, 3, 0, tzinfo=UTC), date(2027, 3, 3)),
        ("UTC", datetime(2027, 3, 3, 23, 59, tzinfo=UTC), date(2027, 3, 3)),
    ],
)
def test_today_is_the_users_calendar_day(user, zone, now, expected):
    services.save_settings(user, cycle_year=2028, pathways=[IRX], time_zone=zone)
    assert services.today_for(user, now=now) == expected


def _mentor(user, name="Ana Rao", visits=3, span=70):
    contact = network.save_contact(
        user,
        Contact(name=name, title="Dr.", role="faculty", relationship="mentor",
                mentor_kinds=["clinical"]),
        first_interaction=Interaction(on=date(2027, 1, 5), channel="meeting", summary="met"),
    )  # fmt: skip
    for k in range(1, visits):
        day = date(2027, 1, 5) + timedelta(days=span * k // (visits - 1))
        network.add_interaction(user, contact, Interaction(on=day, channel="rotation_day"))
    return contact


def test_a_letter_request_is_suggested_only_after_sustained_work(user):
    _mentor(user, "Ana Rao", visits=3, span=70)
    _mentor(user, "Ben Cole", visits=2, span=30)
    assert [s.contact.name for s in services.letter_suggestions(user)] == ["Ana Rao"]


def test_a_suggested_writer_already_writing_is_not_suggested_again(user):
    contact = _mentor(user)
    services.save_letter(
        user, None, contact_id=contact.id, writer="Dr. Ana Rao", specialty="ir", us_based=True,
        status="asked", asked_on=date(2027, 4, 1),
    )  # fmt: skip
    assert services.letter_suggestions(user) == []


def test_a_letter_with_dates_that_do_not_fit_is_refused_and_not_saved(user):
    with pytest.raises(services.RoadmapError, match="needs the date agreed"):
        services.save_letter(
            user, None, writer="Dr. X", specialty="ir", us_based=True, status="agreed",
            asked_on=date(2027, 4, 1),
        )  # fmt: skip
    assert not services.letters_of(user).exists()


def test_a_letter_writer_must_be_the_users_own_contact(user):
    other = get_user_model().objects.create_user(username="other", password="x" * 12)
    theirs = _mentor(other)
    with pytest.raises(services.RoadmapError, match="your Network contacts"):
        services.save_letter(
            user, None, contact_id=theirs.id, writer="X", specialty="ir", us_based=True,
            status="to_ask",
        )  # fmt: skip


def test_the_agenda_joins_follow_ups_milestones_letters_and_cycle_dates(user):
    _plan(user, year=2028)
    _mentor(user)  # last seen 2027-03-16: a mentor check-in is due from mid-May
    services.save_letter(
        user, None, writer="Dr. Ana Rao", specialty="ir", us_based=True, status="asked",
        asked_on=date(2027, 5, 1),
    )  # fmt: skip
    items = agenda.agenda_of(user, days=30, today=date(2027, 5, 20))
    kinds = {i.kind for i in items}
    assert {Kind.FOLLOW_UP, Kind.MILESTONE, Kind.LETTER} <= kinds
    assert any(i.overdue for i in items)  # milestones due before 20 May 2027 and not done
    order = [(not i.overdue, i.on, list(Kind).index(i.kind), i.title) for i in items]
    assert order == sorted(order)
    ahead = agenda.agenda_of(user, days=140, today=date(2027, 5, 20))
    cycle = [i for i in ahead if i.kind is Kind.CYCLE_DATE]
    assert cycle[0].title == "ERAS season opens to applicants (estimated)"  # 2027-06-02
    assert all(i.on >= date(2027, 5, 20) for i in cycle)


def test_a_project_mentor_is_owed_a_research_update_in_the_agenda(user):
    contact = _mentor(user)
    network.set_project(user, contact.id, "PAE registry")
    items = agenda.agenda_of(user, days=7, today=date(2027, 4, 1))
    updates = [i for i in items if i.kind is Kind.RESEARCH_UPDATE]
    assert updates and "PAE registry" in updates[0].title


def test_the_calendar_file_holds_the_plan_ahead(user):
    _plan(user)
    ics = Calendar.from_ical(agenda.agenda_ics(user, today=date(2026, 11, 23)))
    summaries = [str(e["summary"]) for e in ics.walk("VEVENT")]
    assert "Milestone: Submit your ERAS applications" in summaries
    assert "Cycle date: Match Day (Main Match) (estimated)" in summaries  # 17 March 2028
    assert len(summaries) > 20


def test_a_renewed_feed_address_revokes_the_old_one(user):
    old = agenda.agenda_feed(user).token
    new = agenda.agenda_feed(user, renew=True).token
    assert old != new and agenda.feed_owner(old) is None and agenda.feed_owner(new) == user
    agenda.revoke_agenda_feed(user)
    assert agenda.feed_owner(new) is None


def test_the_standing_reads_the_profile_network_and_letters(user):
    from matchwise.pick.service import load_profile
    from matchwise.pick.web import save_profile
    from matchwise.programs.services import ensure_catalog
    from matchwise.roadmap.readiness import readiness_of, standing_of

    ensure_catalog()

    profile = load_profile(None)  # the example: 4 + 3 months of USCE, 2 in IR, 1 US IR/DR letter
    save_profile(user, profile)
    _mentor(user, "Ana Rao")  # a clinical IR mentor
    network.save_contact(
        user, Contact(name="Ben Cole", sponsor_stage="aware", mentor_kinds=["research"])
    )
    standing, letters_from = standing_of(user, profile)
    assert (standing.usce_months, standing.usce_ir_months) == (7, 2)
    assert (standing.strong_letters, letters_from) == (1, "profile")
    assert (standing.advocates, standing.mentor_kinds_covered) == (1, 2)
    services.save_letter(
        user, None, writer="Dr. Ana Rao", specialty="ir", us_based=True, status="asked",
        asked_on=date(2027, 4, 1),
    )  # fmt: skip
    standing, letters_from = standing_of(user, profile)
    assert (standing.strong_letters, letters_from) == (0, "letters")  # asked is not agreed
    found = readiness_of(user)
    letters = next(g for g in found.gaps if g.area == "letters")
    assert (letters.have, letters.met, letters.change) == (0, False, "us_ir_dr_letters=2")
    effect = found.effects["letters"]
    assert effect.after > effect.before and not effect.error  # more letters, better odds
    assert "usce" not in found.effects  # 7 months: met, nothing to price
