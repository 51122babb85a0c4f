"""A residency program track in the catalog, as the engine sees it.

Every attribute that a source may not publish is ``None`` when unknown: unknown is a value, never
a default. Unknown data never filters a program; it widens the interval of its probabilities.

>>> Program(code="1234416A0", name="DEMO Lakeside IR", specialty="416", track="A").region
'unknown'
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator

from matchwise.engine.pick.geography import region_of


class Specialty(StrEnum):
    """Specialty by ACGME code (``prelim`` covers the preliminary PGY-1 years of any specialty)."""

    IR_INTEGRATED = "416"
    IR_INDEPENDENT = "415"
    DIAGNOSTIC_RADIOLOGY = "420"
    TRANSITIONAL_YEAR = "999"
    PRELIMINARY = "prelim"

    @property
    def label(self) -> str:
        return SPECIALTY_LABELS[self]

    @property
    def is_pgy1_year(self) -> bool:
        """True for transitional and preliminary years, which only supply a PGY-1."""
        return self in (Specialty.TRANSITIONAL_YEAR, Specialty.PRELIMINARY)


SPECIALTY_LABELS: dict[Specialty, str] = {
    Specialty.IR_INTEGRATED: "IR-Integrated",
    Specialty.IR_INDEPENDENT: "IR-Independent",
    Specialty.DIAGNOSTIC_RADIOLOGY: "Diagnostic Radiology",
    Specialty.TRANSITIONAL_YEAR: "Transitional Year",
    Specialty.PRELIMINARY: "Preliminary year",
}


class Track(StrEnum):
    """NRMP track type: the letter in the program code."""

    CATEGORICAL = "C"  # starts at PGY-1, includes the PGY-1 year
    ADVANCED = "A"  # starts at PGY-2: the applicant also needs a PGY-1 (prelim or TY)
    PRELIMINARY = "P"  # a one-year PGY-1 position
    RESERVED_PHYSICIAN = "R"  # for physicians who have completed prior training


class Visa(StrEnum):
    J1 = "J-1"
    H1B = "H-1B"


class EcfmgDeadline(StrEnum):
    """When a program requires an IMG to hold ECFMG certification."""

    BY_APPLICATION = "application"
    BY_RANK_DEADLINE = "rank_deadline"
    BY_START = "start"


class FieldSource(BaseModel):
    """Where one attribute's value came from and when someone last checked it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    source: str | None = None
    verified: date | None = None


class Program(BaseModel):
    """One program track (one row of the catalog)."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    code: str = Field(min_length=1, description="NRMP program code (key), e.g. 1234416A0")
    name: str = Field(min_length=1)
    specialty: Specialty
    track: Track
    acgme_id: str | None = None
    institution: str | None = None
    city: str | None = None
    state: str | None = Field(default=None, description="two-letter US state or territory code")
    positions: int | None = Field(default=None, ge=0)
    visa: frozenset[Visa] | None = Field(
        default=None, description="visas sponsored; empty = sponsors none; None = unknown"
    )
    img_share: float | None = Field(default=None, ge=0, le=1, description="share of IMG residents")
    academic: bool | None = None
    applications_per_position: float | None = Field(default=None, ge=0)
    median_step2: int | None = Field(default=None, ge=180, le=300)
    min_step2: int | None = Field(default=None, ge=180, le=300)
    max_attempts: int | None = Field(default=None, ge=1, description="most exam attempts accepted")
    max_years_since_graduation: int | None = Field(default=None, ge=0)
    min_usce_months: float | None = Field(default=None, ge=0, description="0 = not required")
    ecfmg_deadline: EcfmgDeadline | None = None
    signals_accepted: bool | None = None
    demo: bool = False
    sources: dict[str, FieldSource] = Field(default_factory=dict)

    @field_validator("state")
    @classmethod
    def _upper_state(cls, value: str | None) -> str | None:
        return value.upper() if value else value

    @property
    def region(self) -> str:
        """Census region of the program's state, or ``unknown``."""
        return region_of(self.state)

    @property
    def needs_pgy1(self) -> bool:
        """An advanced position starts at PGY-2: the applicant must also secure a PGY-1."""
        return self.track is Track.ADVANCED
