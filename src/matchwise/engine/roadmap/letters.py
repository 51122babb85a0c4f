"""Letters of recommendation: who writes, where each letter stands, the goal, and what to chase.

The goal applicants are given: 2 to 3 strong letters from US IR/DR faculty. A letter counts
toward it once the writer has agreed (or it is uploaded), the writer is US-based and in IR or DR.
No clock: ``today`` is an argument.

>>> from datetime import date
>>> ana = Letter(writer="Dr. Ana Rao", specialty=WriterSpecialty.IR, us_based=True,
...              status=LetterStatus.AGREED, asked_on=date(2027, 5, 1), agreed_on=date(2027, 5, 3))
>>> letter_goal([ana]).strong
1
>>> [c.what for c in letters_to_chase([ana], today=date(2027, 6, 1))]
['remind Dr. Ana Rao to upload the letter (agreed 29 days ago)']
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

__all__ = [
    "ASK_AGAIN_AFTER_DAYS",
    "GOAL",
    "LETTER_STATUS_LABELS",
    "REMIND_UPLOAD_AFTER_DAYS",
    "SPECIALTY_LABELS",
    "Chase",
    "Letter",
    "LetterGoal",
    "LetterStatus",
    "WriterSpecialty",
    "letter_goal",
    "letters_to_chase",
]

GOAL = (2, 3)  # strong letters from US IR/DR faculty: the advice applicants are given
ASK_AGAIN_AFTER_DAYS = 14  # no answer two weeks after asking: a polite second note
REMIND_UPLOAD_AFTER_DAYS = 21  # agreed three weeks ago and not uploaded: a reminder


class WriterSpecialty(StrEnum):
    IR = "ir"
    DR = "dr"
    OTHER = "other"


SPECIALTY_LABELS: dict[WriterSpecialty, str] = {
    WriterSpecialty.IR: "IR",
    WriterSpecialty.DR: "DR",
    WriterSpecialty.OTHER: "other specialty",
}


class LetterStatus(StrEnum):
    TO_ASK = "to_ask"
    ASKED = "asked"
    AGREED = "agreed"
    UPLOADED = "uploaded"
    DECLINED = "declined"


LETTER_STATUS_LABELS: dict[LetterStatus, str] = {
    LetterStatus.TO_ASK: "to ask",
    LetterStatus.ASKED: "asked",
    LetterStatus.AGREED: "agreed",
    LetterStatus.UPLOADED: "uploaded to ERAS",
    LetterStatus.DECLINED: "declined",
}


@dataclass(frozen=True)
class Letter:
    writer: str
    specialty: WriterSpecialty
    us_based: bool
    status: LetterStatus = LetterStatus.TO_ASK
    asked_on: date | None = None
    agreed_on: date | None = None
    uploaded_on: date | None = None
    relationship: str = ""
    known_months: int | None = None
    seen: str = ""  # what they have seen of the applicant's work
    eras_letter_id: str = ""

    @property
    def strong(self) -> bool:
        """Counts toward the goal: a US IR/DR writer who has agreed or uploaded."""
        return (
            self.us_based
            and self.specialty in (WriterSpecialty.IR, WriterSpecialty.DR)
            and self.status in (LetterStatus.AGREED, LetterStatus.UPLOADED)
        )

    def problems(self) -> list[str]:
        """Dates that contradict the status or each other, in words."""
        out = []
        needs = {
            LetterStatus.ASKED: ("asked_on",),
            LetterStatus.AGREED: ("asked_on", "agreed_on"),
            LetterStatus.UPLOADED: ("asked_on", "agreed_on", "uploaded_on"),
        }
        for name in needs.get(self.status, ()):
            if getattr(self, name) is None:
                label = name.replace("_on", "").replace("_", " ")
                out.append(f"status '{LETTER_STATUS_LABELS[self.status]}' needs the date {label}")
        order = [("asked_on", self.asked_on), ("agreed_on", self.agreed_on)]
        order.append(("uploaded_on", self.uploaded_on))
        known = [(n, d) for n, d in order if d is not None]
        for (a, da), (b, db) in itertools.pairwise(known):
            if db < da:
                out.append(f"{b.replace('_', ' ')} ({db}) is before {a.replace('_', ' ')} ({da})")
        return out


@dataclass(frozen=True)
class LetterGoal:
    strong: int
    pending: int  # US IR/DR letters asked for, not yet agreed
    goal: tuple[int, int] = GOAL
    counted: tuple[str, ...] = field(default=())

    @property
    def met(self) -> bool:
        return self.strong >= self.goal[0]

    @property
    def summary(self) -> str:
        low, high = self.goal
        text = f"{self.strong} of {low} to {high} strong letters from US IR/DR faculty"
        if self.pending:
            text += f" ({self.pending} asked, waiting for an answer)"
        return text


def letter_goal(letters: Sequence[Letter]) -> LetterGoal:
    strong = [x for x in letters if x.strong]
    pending = [
        x
        for x in letters
        if x.status is LetterStatus.ASKED
        and x.us_based
        and x.specialty in (WriterSpecialty.IR, WriterSpecialty.DR)
    ]
    return LetterGoal(len(strong), len(pending), counted=tuple(x.writer for x in strong))


@dataclass(frozen=True)
class Chase:
    letter: Letter
    on: date  # from when the nudge is due
    what: str


def letters_to_chase(letters: Sequence[Letter], *, today: date) -> list[Chase]:
    """Letters that need a nudge by ``today``: asked with no answer for two weeks, or agreed
    and not uploaded for three."""
    out = []
    for x in letters:
        if x.status is LetterStatus.ASKED and x.asked_on is not None:
            on = x.asked_on + timedelta(days=ASK_AGAIN_AFTER_DAYS)
            days = (today - x.asked_on).days
            if today >= on:
                out.append(Chase(x, on, f"follow up with {x.writer}: asked {days} days ago"))
        elif x.status is LetterStatus.AGREED and x.agreed_on is not None:
            on = x.agreed_on + timedelta(days=REMIND_UPLOAD_AFTER_DAYS)
            days = (today - x.agreed_on).days
            if today >= on:
                what = f"remind {x.writer} to upload the letter (agreed {days} days ago)"
                out.append(Chase(x, on, what))
    return sorted(out, key=lambda c: c.on)
