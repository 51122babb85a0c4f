"""An applicant's profile: what programs see, and what the applicant wants.

The engine has no clock: the profile states the Match year it applies for, and every "years
since graduation" is counted from that year.

>>> p = Profile(applicant_type="non_us_img", graduation_year=2022, match_year=2027,
...             specialties=["416", "420"])
>>> p.years_since_graduation
5
"""

from __future__ import annotations

from enum import StrEnum
from typing import Self

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from matchwise.engine.pick.geography import STATES
from matchwise.engine.pick.program import Specialty, Visa


class ApplicantType(StrEnum):
    """NRMP applicant types, as in the published match rates."""

    US_MD_SENIOR = "us_md_senior"
    US_DO_SENIOR = "us_do_senior"
    US_IMG = "us_img"  # US citizen who studied abroad
    NON_US_IMG = "non_us_img"

    @property
    def is_img(self) -> bool:
        return self in (ApplicantType.US_IMG, ApplicantType.NON_US_IMG)


APPLICANT_TYPE_LABELS: dict[ApplicantType, str] = {
    ApplicantType.US_MD_SENIOR: "US MD senior",
    ApplicantType.US_DO_SENIOR: "US DO senior",
    ApplicantType.US_IMG: "US-citizen IMG",
    ApplicantType.NON_US_IMG: "non-US IMG",
}


class VisaNeed(StrEnum):
    NONE = "none"
    J1 = "J-1"
    H1B = "H-1B"
    J1_OR_H1B = "J-1 or H-1B"

    def accepted_by(self, sponsored: frozenset[Visa]) -> bool:
        """True when a program that sponsors ``sponsored`` can take this applicant."""
        if self is VisaNeed.NONE:
            return True
        if self is VisaNeed.J1_OR_H1B:
            return bool(sponsored)
        return Visa(self.value) in sponsored


class EcfmgStatus(StrEnum):
    NOT_NEEDED = "not_needed"  # US MD/DO graduates
    CERTIFIED = "certified"
    BY_RANK_DEADLINE = "by_rank_deadline"  # expected before the rank order list deadline
    BY_START = "by_start"  # expected only by the July start
    LATER = "later"


class TieKind(StrEnum):
    """A personal connection to one program (MODEL.md's ``ties`` term)."""

    MENTOR = "mentor"
    SPONSOR = "sponsor"
    RESEARCH = "research"  # a research collaborator on the faculty
    ROTATION = "rotation"  # an away rotation / sub-internship there
    OBSERVERSHIP = "observership"


class Tie(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    program: str = Field(min_length=1, description="program code")
    kind: TieKind
    person: str | None = Field(default=None, description="who, for the explanation")


class Profile(BaseModel):
    """One applicant."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    name: str | None = None
    applicant_type: ApplicantType
    match_year: int = Field(ge=2020, le=2040, description="the Match the applicant enters")
    graduation_year: int = Field(ge=1960, le=2040)
    step2_score: int | None = Field(default=None, ge=180, le=300, description="None = not taken")
    step1_passed: bool = True
    step3_passed: bool = False
    exam_attempts: int = Field(
        default=1, ge=1, le=6, description="most attempts needed on any USMLE step"
    )
    ecfmg: EcfmgStatus = EcfmgStatus.CERTIFIED
    visa_need: VisaNeed = VisaNeed.NONE
    usce_hands_on_months: float = Field(default=0, ge=0, le=120)
    usce_observership_months: float = Field(default=0, ge=0, le=120)
    usce_ir_months: float = Field(default=0, ge=0, le=120, description="of which in IR/DR")
    us_ir_dr_letters: int = Field(default=0, ge=0, le=10, description="from US IR/DR faculty")
    us_other_letters: int = Field(default=0, ge=0, le=10)
    non_us_letters: int = Field(default=0, ge=0, le=10)
    peer_reviewed_publications: int = Field(default=0, ge=0, le=500)
    first_author_publications: int = Field(default=0, ge=0, le=500)
    ir_publications: int = Field(default=0, ge=0, le=500, description="IR-related items")
    presentations: int = Field(default=0, ge=0, le=500, description="abstracts, posters, talks")
    completed_pgy1: bool = False
    home_states: tuple[str, ...] = Field(
        default=(), description="states with a geographic connection"
    )
    specialties: tuple[Specialty, ...] = Field(min_length=1)
    preferences: dict[str, float] = Field(
        default_factory=dict,
        description="utility weights by specialty code or program code (0..1)",
    )
    ties: tuple[Tie, ...] = ()
    budget_usd: float | None = Field(
        default=None, ge=0, description="most to spend on ERAS fees (a default for picks)"
    )
    max_applications: int | None = Field(
        default=None, ge=1, le=1000, description="most applications in all (a default for picks)"
    )

    @field_validator("home_states")
    @classmethod
    def _known_states(cls, states: tuple[str, ...]) -> tuple[str, ...]:
        upper = tuple(s.strip().upper() for s in states)
        unknown = [s for s in upper if s not in STATES]
        if unknown:
            raise ValueError(f"{', '.join(unknown)} is not a two-letter US state code")
        return upper

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.graduation_year > self.match_year:
            raise ValueError(
                f"graduation_year {self.graduation_year} is after match_year {self.match_year}"
            )
        if self.first_author_publications > self.peer_reviewed_publications + self.presentations:
            raise ValueError(
                "first_author_publications cannot exceed peer_reviewed_publications + presentations"
            )
        for weight in self.preferences.values():
            if not 0 <= weight <= 1:
                raise ValueError(f"preference weights must be between 0 and 1, got {weight}")
        return self

    @property
    def years_since_graduation(self) -> int:
        return self.match_year - self.graduation_year

    @property
    def us_letters(self) -> int:
        return self.us_ir_dr_letters + self.us_other_letters

    def weight_for(self, code: str, specialty: Specialty) -> float:
        """Utility of matching at a program: program weight, else specialty weight, else 1."""
        if code in self.preferences:
            return self.preferences[code]
        return self.preferences.get(specialty.value, 1.0)
