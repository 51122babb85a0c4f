"""Milestones: a plan that dates itself from the cycle, and what is late.

A :class:`Template` says what to do, why, and when relative to a cycle date ("three months before
applicants may submit ERAS"). :func:`generate_plan` turns the templates that suit the user's
pathways into dated :class:`PlannedMilestone` rows for one cycle; a date estimated from an earlier
cycle, or one that cannot be dated at all, says so. No clock: ``today`` is an argument.

>>> from datetime import date
>>> from matchwise.engine.roadmap.cycle import (
...     Confidence, Cycle, CycleDate, Event, Habit, Offset, Pathway)
>>> submit = CycleDate(Event.ERAS_SUBMIT, date(2025, 9, 3), "AAMC", Confidence.PRIMARY)
>>> t = Template("apply-ps", "application", Category.APPLICATION, "Write the statement",
...              Event.ERAS_SUBMIT, Offset(months=-2), 30, "why")
>>> [m.due for m in generate_plan([t], [Cycle(2026, {Event.ERAS_SUBMIT: submit})], 2026,
...                                {Pathway.IR_INTEGRATED}, {})]
[datetime.date(2025, 7, 3)]
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from matchwise.engine.roadmap.cycle import (
    EVENT_LABELS,
    Cycle,
    Event,
    Habit,
    Offset,
    Pathway,
    anchor,
    shift,
)

__all__ = [
    "CATEGORY_LABELS",
    "STATUS_LABELS",
    "Category",
    "MilestoneStatus",
    "PlannedMilestone",
    "Template",
    "generate_plan",
    "is_late",
    "plan_text",
]


class Category(StrEnum):
    EXAMS = "exams"
    NETWORK = "network"
    RESEARCH = "research"
    CLINICAL = "clinical"
    APPLICATION = "application"
    INTERVIEWS = "interviews"


CATEGORY_LABELS: dict[Category, str] = {
    Category.EXAMS: "Exams",
    Category.NETWORK: "Network",
    Category.RESEARCH: "Research",
    Category.CLINICAL: "Clinical experience",
    Category.APPLICATION: "Application",
    Category.INTERVIEWS: "Interviews and the Match",
}


class MilestoneStatus(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    SKIPPED = "skipped"  # with a reason


STATUS_LABELS: dict[MilestoneStatus, str] = {
    MilestoneStatus.PLANNED: "planned",
    MilestoneStatus.IN_PROGRESS: "in progress",
    MilestoneStatus.DONE: "done",
    MilestoneStatus.SKIPPED: "skipped",
}


@dataclass(frozen=True)
class Template:
    """One piece of advice as a milestone. ``duration``: days of work before it is due (> 0);
    ``pathways``: the pathways it applies to (empty: all)."""

    key: str
    plan: str
    category: Category
    title: str
    anchor: Event
    offset: Offset
    duration: int
    why: str
    pathways: frozenset[Pathway] = frozenset()

    def suits(self, pathways: Collection[Pathway]) -> bool:
        return not self.pathways or bool(self.pathways & set(pathways))


@dataclass(frozen=True)
class PlannedMilestone:
    """A template dated for one cycle. ``due`` is None when its cycle date is unknown;
    ``estimated`` when that date is an estimate; ``basis`` says from what, in short, and
    ``anchor_note`` says where the cycle date comes from (its source, or how it was estimated)."""

    key: str
    plan: str
    category: Category
    title: str
    why: str
    anchor: Event
    offset: Offset
    due: date | None
    start: date | None
    estimated: bool
    basis: str
    anchor_note: str


def _when(template: Template) -> str:
    return f"{template.offset}: {EVENT_LABELS[template.anchor]}"


def generate_plan(
    templates: Sequence[Template],
    cycles: Sequence[Cycle],
    year: int,
    pathways: Collection[Pathway],
    habits: Mapping[Event, Habit],
) -> list[PlannedMilestone]:
    """The milestones for the ``year`` cycle and ``pathways``, by due date (undated last, in
    template order)."""
    if not pathways:
        raise ValueError("choose at least one pathway")
    out = []
    for t in templates:
        if not t.suits(pathways):
            continue
        found = anchor(cycles, year, t.anchor, habits)
        due = shift(found.on, t.offset) if found.on is not None else None
        start = due - timedelta(days=t.duration) if due is not None else None
        if found.on is None:
            basis = f"{_when(t)} (not published yet: cannot be dated)"
        else:
            state = "estimated" if found.estimated else "published"
            basis = f"{_when(t)} ({found.on.isoformat()}, {state})"
        out.append(
            PlannedMilestone(
                t.key, t.plan, t.category, t.title, t.why, t.anchor, t.offset,
                due, start, found.estimated, basis, found.basis,
            )
        )  # fmt: skip
    undated = [m for m in out if m.due is None]
    dated = sorted((m for m in out if m.due is not None), key=lambda m: (m.due, m.key))
    return dated + undated


def is_late(due: date | None, status: MilestoneStatus, today: date) -> bool:
    """Late: still planned or in progress after its due day."""
    return (
        due is not None
        and due < today
        and status in (MilestoneStatus.PLANNED, MilestoneStatus.IN_PROGRESS)
    )


def plan_text(plan: Sequence[PlannedMilestone]) -> str:
    """The plan as plain text, one milestone a line (the golden files' form)."""
    lines = []
    for m in plan:
        when = m.due.isoformat() if m.due is not None else "undated   "
        mark = "~" if m.estimated else " "
        lines.append(f"{when}{mark} [{m.category.value}] {m.title}  <- {m.basis}")
    return "\n".join(lines) + "\n"
