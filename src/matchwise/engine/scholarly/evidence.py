"""What the other parts of MatchWise show about a milestone: evidence that it is done.

The plan's milestones are advice; Scholarly, Network, the letters and the Profile record what
happened. :func:`milestone_evidence` reads those records and, for each template milestone they
show as done, says what shows it ("Scholarly: 'PAE outcomes', a case report, submitted"). The
user confirms: evidence never changes a status by itself (a case report submitted for another
plan may not be the one this milestone meant).

>>> from matchwise.engine.scholarly.outputs import Author, Output
>>> report = Output(type="case_report", title="PAE in a solitary kidney", status="submitted",
...                 authors=[Author(family="Okafor", initials="S")], my_position=1)
>>> milestone_evidence(Records(outputs=[report]))["research-case-report"]
"Scholarly: 'PAE in a solitary kidney' (case report), submitted"
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from matchwise.engine.pick.profile import Profile
from matchwise.engine.scholarly.outputs import (
    OUTPUT_TYPE_LABELS,
    PAPER_TYPES,
    PRESENTATION_TYPES,
    STATUS_LABELS,
    Output,
    OutputType,
    Status,
)

__all__ = ["EMAILS_GOAL", "Records", "milestone_evidence"]

EMAILS_GOAL = 10  # "10 to 15 targeted emails": the low end counts
_SENT = frozenset(Status) - {Status.IDEA, Status.IN_PREPARATION}
_ABSTRACTS = PRESENTATION_TYPES | {OutputType.JOURNAL_ABSTRACT}


@dataclass(frozen=True)
class Records:
    """What the applicant's other records hold, as the evidence rules need it."""

    outputs: Sequence[Output] = ()
    active_projects: Sequence[str] = ()
    profile: Profile | None = None
    mentor_kinds_covered: int = 0
    letters_asked: int = 0  # asked, agreed or uploaded
    emailed_contacts: int = 0  # contacts with at least one email interaction


def _item(output: Output) -> str:
    kind = OUTPUT_TYPE_LABELS[output.type]
    return f"Scholarly: '{output.title}' ({kind}), {STATUS_LABELS[output.status]}"


def _first(
    outputs: Sequence[Output], types: frozenset[OutputType], statuses: frozenset[Status]
) -> Output | None:
    return next((o for o in outputs if o.type in types and o.status in statuses), None)


def milestone_evidence(records: Records) -> dict[str, str]:
    """Template milestone key -> what shows it done, for the milestones the records show done."""
    out: dict[str, str] = {}
    outputs = records.outputs
    if records.active_projects:
        out["research-join-project"] = f"Scholarly: project '{records.active_projects[0]}'"
    if found := _first(outputs, frozenset({OutputType.CASE_REPORT}), _SENT):
        out["research-case-report"] = _item(found)
    if found := _first(outputs, _ABSTRACTS, _SENT):
        out["research-abstract"] = _item(found)
    papers = [o for o in outputs if o.type in PAPER_TYPES and o.status in _SENT]
    if papers:
        out["research-first-manuscript"] = _item(papers[0])
    if len(papers) >= 2:
        out["research-second-manuscript"] = _item(papers[1]) + f" ({len(papers)} manuscripts)"
    if found := _first(outputs, PRESENTATION_TYPES, frozenset({Status.PRESENTED})):
        out["research-present"] = _item(found)
    if records.mentor_kinds_covered >= 4:
        out["network-mentor-team"] = "Network: all four kinds of mentor are covered"
    if records.emailed_contacts >= EMAILS_GOAL:
        out["network-targeted-emails"] = (
            f"Network: you have written to {records.emailed_contacts} contacts"
        )
    if records.letters_asked >= 2:
        out["network-letters"] = f"Letters: {records.letters_asked} writers asked"
    profile = records.profile
    if profile is not None:
        if profile.step2_score is not None:
            out["exam-step2"] = f"Profile: Step 2 CK {profile.step2_score}"
        if profile.step3_passed:
            out["exam-step3"] = "Profile: Step 3 passed"
        usce = profile.usce_hands_on_months + profile.usce_observership_months
        if usce > 0:
            out["network-observership"] = f"Profile: {usce:g} months of US clinical experience"
        if profile.usce_ir_months > 0:
            out["network-away-rotation"] = f"Profile: {profile.usce_ir_months:g} months in IR/DR"
    return out
