"""matchwise roadmap plan, agenda, readiness, export-ics: the same services as the pages."""

import json

import pytest
from icalendar import Calendar

from matchwise.accounts.middleware import local_user
from matchwise.pick.service import load_profile
from matchwise.pick.web import save_profile
from matchwise.programs.services import ensure_catalog
from matchwise.roadmap.models import Milestone, RoadmapSettings

pytestmark = pytest.mark.django_db(transaction=True)


def test_plan_then_agenda_readiness_and_calendar(run, tmp_path):
    made = run("roadmap", "plan", "--cycle", "2028", "--pathway", "ir-integrated,dr-esir")
    assert made.exit_code == 0 and "milestones added" in made.stdout
    assert "Submit your ERAS applications" in made.stdout
    settings = RoadmapSettings.objects.get()
    assert (settings.cycle_year, settings.pathways) == (2028, ["ir-integrated", "dr-esir"])
    shown = json.loads(run("roadmap", "plan", "--json").stdout)
    assert len(shown) == Milestone.objects.count() and shown[0]["due"] <= shown[1]["due"]
    again = run("roadmap", "plan", "--pathway", "ir-independent")
    assert again.exit_code == 0 and "removed" in again.stdout
    assert Milestone.objects.filter(key="iri-match-day").exists()

    agenda = json.loads(run("agenda", "--days", "30", "--json").stdout)
    assert agenda and {"kind", "on", "title", "why", "overdue"} <= set(agenda[0])
    assert "Milestone" in run("agenda").stdout

    assert run("readiness").exit_code == 2  # no profile yet
    ensure_catalog()
    save_profile(local_user(), load_profile(None))
    ready = json.loads(run("readiness", "--json", "--no-effects").stdout)
    assert {b["area"] for b in ready["benchmarks"]} >= {"letters", "research", "step2"}
    assert all(b["source"] and b["confidence"] for b in ready["benchmarks"])

    target = tmp_path / "agenda.ics"
    assert run("export-ics", "--out", str(target)).exit_code == 0
    events = Calendar.from_ical(target.read_bytes()).walk("VEVENT")
    assert any("Independent IR Match Day" in str(e["summary"]) for e in events)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("roadmap", "plan"), "no plan yet"),
        (("roadmap", "plan", "--pathway", "ir"), "--pathway: pathway: 'ir' is not one of"),
        (("roadmap", "plan", "--cycle", "2028", "--time-zone", "Moon/Base"), "not known"),
        (("roadmap", "plan", "--cycle", "1999"), "from 2024 to 2040"),
        (("agenda", "--days", "0"), "--days: 0 is not from 1 to 730"),
    ],
)
def test_bad_input_gets_one_clear_message(run, args, message):
    result = run(*args)
    assert result.exit_code == 2 and message in result.stderr
    assert "Traceback" not in result.stderr
