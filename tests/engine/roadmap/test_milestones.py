"""Plans dated from the cycle: golden files per pathway, lateness, and the undated case."""

import os
from datetime import date
from pathlib import Path

import pytest

from matchwise.engine.roadmap.cycle import Confidence, Cycle, CycleDate, Event, Offset, Pathway
from matchwise.engine.roadmap.milestones import (
    Category,
    MilestoneStatus,
    Template,
    generate_plan,
    is_late,
    plan_text,
)
from matchwise.formats.roadmap.shipped_data import load_cycles, load_habits, load_templates

GOLDEN = Path(__file__).parents[2] / "fixtures" / "roadmap_golden"
UPDATE = os.environ.get("MATCHWISE_UPDATE_GOLDEN") == "1"


@pytest.mark.parametrize(
    ("year", "pathways"),
    [
        (2028, "ir-integrated"),
        (2028, "dr-esir"),
        (2028, "ir-independent"),
        (2028, "ir-integrated,dr-esir"),
        (2026, "ir-integrated"),  # a cycle whose ERAS dates are published
    ],
)
def test_the_plan_for_each_pathway_matches_its_golden_file(year, pathways):
    chosen = {Pathway(p) for p in pathways.split(",")}
    plan = generate_plan(
        load_templates(), list(load_cycles().values()), year, chosen, load_habits()
    )
    text = plan_text(plan)
    path = GOLDEN / f"plan-{year}-{pathways.replace(',', '+')}.txt"
    if UPDATE:
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


def test_a_plan_is_ordered_by_due_date_with_undated_milestones_last():
    plan = generate_plan(
        load_templates(), list(load_cycles().values()), 2028, {Pathway.DR_ESIR}, load_habits()
    )
    dated = [m.due for m in plan if m.due is not None]
    assert dated == sorted(dated)
    undated = [m for m in plan if m.due is None]
    assert undated and plan[-len(undated) :] == undated
    assert all("cannot be dated" in m.basis for m in undated)  # signals: no date in the data


def test_an_ir_independent_plan_has_no_main_match_steps():
    plan = generate_plan(
        load_templates(), list(load_cycles().values()), 2027, {Pathway.IR_INDEPENDENT}, {}
    )
    keys = {m.key for m in plan}
    assert "iri-match-day" in keys
    assert not keys & {"interview-match-day", "apply-nrmp-register", "exam-ecfmg"}


def test_published_and_estimated_dates_are_told_apart():
    submit = CycleDate(Event.ERAS_SUBMIT, date(2025, 9, 3), "AAMC", Confidence.PRIMARY)
    template = Template(
        "t", "application", Category.APPLICATION, "Submit", Event.ERAS_SUBMIT, Offset(), 1, "why"
    )
    cycles = [Cycle(2026, {Event.ERAS_SUBMIT: submit})]
    now = generate_plan([template], cycles, 2026, {Pathway.DR_ESIR}, {})[0]
    later = generate_plan([template], cycles, 2027, {Pathway.DR_ESIR}, {})[0]
    assert (now.due, now.estimated) == (date(2025, 9, 3), False)
    assert (later.due, later.estimated) == (date(2026, 9, 2), True)
    assert "published" in now.basis and "estimated" in later.basis


def test_a_plan_needs_a_pathway():
    with pytest.raises(ValueError, match="pathway"):
        generate_plan(load_templates(), [], 2027, set(), {})


@pytest.mark.parametrize(
    ("due", "status", "late"),
    [
        (date(2027, 5, 1), MilestoneStatus.PLANNED, True),
        (date(2027, 5, 1), MilestoneStatus.IN_PROGRESS, True),
        (date(2027, 5, 1), MilestoneStatus.DONE, False),
        (date(2027, 5, 1), MilestoneStatus.SKIPPED, False),
        (date(2027, 5, 2), MilestoneStatus.PLANNED, False),  # due today is not late
        (None, MilestoneStatus.PLANNED, False),
    ],
)
def test_late_means_open_after_its_due_day(due, status, late):
    assert is_late(due, status, date(2027, 5, 2)) is late
