"""The applicant's professional network: contacts, interactions, and the ties they give in Pick.

Pure data, no clock and no storage: the web app keeps these in its database, the file formats
read and write them, and :mod:`matchwise.engine.network.followup` says who is due a follow-up.

>>> c = Contact(name="Dr. Ana Rao", role="faculty", relationship="mentor",
...             mentor_kinds=["clinical"], program_codes=["1234416C0"])
>>> [(t.program, t.kind.value) for t in ties_of([c])]
[('1234416C0', 'mentor')]
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator

from matchwise.engine.pick.profile import Tie, TieKind

ADVOCATE_GOAL = (5, 10)  # professionals aware of the goals and ready to advocate (advice)


class Role(StrEnum):
    PROGRAM_DIRECTOR = "program_director"
    ASSOCIATE_PD = "associate_pd"
    FACULTY = "faculty"
    FELLOW = "fellow"
    RESIDENT = "resident"
    COORDINATOR = "coordinator"
    OTHER = "other"


ROLE_LABELS: dict[Role, str] = {
    Role.PROGRAM_DIRECTOR: "program director",
    Role.ASSOCIATE_PD: "associate program director",
    Role.FACULTY: "faculty",
    Role.FELLOW: "fellow",
    Role.RESIDENT: "resident",
    Role.COORDINATOR: "program coordinator",
    Role.OTHER: "other",
}


class Relationship(StrEnum):
    ACQUAINTANCE = "acquaintance"
    MENTOR = "mentor"
    SPONSOR = "sponsor"


class MentorKind(StrEnum):
    """The four kinds of mentor an applicant's team should cover."""

    CLINICAL = "clinical"  # clinical IR
    RESEARCH = "research"
    CAREER = "career"  # career / strategic
    NEAR_PEER = "near_peer"  # a resident or fellow a few years ahead


MENTOR_KIND_LABELS: dict[MentorKind, str] = {
    MentorKind.CLINICAL: "clinical IR",
    MentorKind.RESEARCH: "research",
    MentorKind.CAREER: "career and strategy",
    MentorKind.NEAR_PEER: "near-peer",
}


class SponsorStage(StrEnum):
    """How far a contact has gone for the applicant (a sponsor advocates; a mentor advises)."""

    NONE = "none"
    AWARE = "aware"  # aware of my goals
    OFFERED = "offered"  # has offered help
    ADVOCATED = "advocated"  # has advocated for me

    @property
    def rank(self) -> int:
        return list(SponsorStage).index(self)


SPONSOR_STAGE_LABELS: dict[SponsorStage, str] = {
    SponsorStage.NONE: "not yet",
    SponsorStage.AWARE: "aware of my goals",
    SponsorStage.OFFERED: "has offered help",
    SponsorStage.ADVOCATED: "has advocated for me",
}


class Channel(StrEnum):
    EMAIL = "email"
    MEETING = "meeting"
    VIDEO_CALL = "video_call"
    CONFERENCE = "conference"  # a conversation at a conference
    ROTATION_DAY = "rotation_day"
    RESEARCH_UPDATE = "research_update"


CHANNEL_LABELS: dict[Channel, str] = {
    Channel.EMAIL: "email",
    Channel.MEETING: "meeting",
    Channel.VIDEO_CALL: "video call",
    Channel.CONFERENCE: "conference conversation",
    Channel.ROTATION_DAY: "rotation day",
    Channel.RESEARCH_UPDATE: "research update",
}

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class Contact(BaseModel):
    """A person in the applicant's network."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=200)
    title: str = Field(default="", max_length=60, description="how to address them: Dr., Prof.")
    position: str = Field(
        default="", max_length=300, description="their job, e.g. 'Associate Program Director, IR'"
    )
    role: Role = Role.OTHER
    institution: str = Field(default="", max_length=300)
    program_codes: tuple[str, ...] = Field(default=(), description="catalog programs")
    email: str = Field(default="", max_length=254)
    phone: str = Field(default="", max_length=40)
    linkedin: str = Field(default="", max_length=300)
    how_met: str = Field(default="", max_length=300)
    met_on: date | None = None
    tags: tuple[str, ...] = ()
    notes: str = Field(default="", max_length=10_000)
    relationship: Relationship = Relationship.ACQUAINTANCE
    mentor_kinds: frozenset[MentorKind] = frozenset()
    sponsor_stage: SponsorStage = SponsorStage.NONE
    their_work: str = Field(
        default="",
        max_length=2000,
        description="their papers, talks, projects: what an outreach message should name",
    )

    @field_validator("email")
    @classmethod
    def _email(cls, value: str) -> str:
        if value and not _EMAIL.match(value):
            raise ValueError(f"{value!r} is not an email address")
        return value.lower()

    @field_validator("tags")
    @classmethod
    def _tags(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for tag in value:
            if tag.strip():
                seen.setdefault(tag.strip().lower(), None)
        return tuple(seen)

    @field_validator("program_codes")
    @classmethod
    def _codes(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c.strip().upper() for c in value if c.strip()))

    @property
    def is_mentor(self) -> bool:
        return self.relationship is Relationship.MENTOR or bool(self.mentor_kinds)

    @property
    def is_sponsor(self) -> bool:
        return self.relationship is Relationship.SPONSOR or self.sponsor_stage.rank >= 2


class Interaction(BaseModel):
    """One real exchange with a contact (a reminder or a snooze is not an interaction)."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    on: date
    channel: Channel
    summary: str = Field(default="", max_length=5000)
    promised: str = Field(default="", max_length=2000, description="what was promised, by whom")
    next_step: str = Field(default="", max_length=2000)
    awaiting_reply: bool = Field(
        default=False, description="they wrote or asked something, and I owe an answer"
    )
    they_helped: bool = Field(default=False, description="they helped me: a thank-you is owed")


def ties_of(contacts: Iterable[Contact]) -> tuple[Tie, ...]:
    """The ties that contacts give at catalog programs (MODEL.md's ``ties`` term): a sponsor
    (or a contact who has offered help or advocated) is a ``sponsor`` tie, a mentor a
    ``mentor`` tie, a research collaborator a ``research`` tie. One tie per program and kind;
    acquaintances give none (a name is not a tie)."""
    ties: dict[tuple[str, TieKind], Tie] = {}
    for contact in contacts:
        if contact.is_sponsor:
            kind = TieKind.SPONSOR
        elif contact.is_mentor:
            kind = (
                TieKind.RESEARCH
                if contact.mentor_kinds == {MentorKind.RESEARCH}
                else TieKind.MENTOR
            )
        else:
            continue
        person = " ".join(p for p in (contact.title, contact.name) if p)
        for code in contact.program_codes:
            ties.setdefault((code, kind), Tie(program=code, kind=kind, person=person))
    return tuple(ties.values())
