"""What a pick or an evaluation returns: the list, the reasons, the totals, the curve.

Every probability comes with its interval (``*_interval`` = the 5th and 95th percentiles over
parameter draws: a 90% interval) and the parameter version it was computed with.
"""

from __future__ import annotations

from dataclasses import dataclass, field

Interval = tuple[float, float]


@dataclass(frozen=True)
class ProgramResult:
    """One program on the list."""

    code: str
    name: str
    specialty: str
    track: str
    tier: str  # reach / target / likely
    p_interview: float
    p_interview_interval: Interval
    p_match: float  # P(this program would match you), before your rank order
    p_match_interval: Interval
    signal: str | None  # "gold", "silver" or None
    reasons: tuple[str, ...]  # the top contributions, as text
    notes: tuple[str, ...] = ()  # uncertainty notes (unknown data, priors)
    cost_usd: float = 0.0
    demo: bool = False


@dataclass(frozen=True)
class FilteredResult:
    code: str
    name: str
    specialty: str
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class SpecialtyTotal:
    specialty: str
    label: str
    applications: int
    cost_usd: float
    p_match: float
    p_match_interval: Interval
    signals_gold: int = 0
    signals_silver: int = 0


@dataclass(frozen=True)
class CurvePoint:
    applications: int
    dollars: float
    p_match: float
    p_low: float
    p_high: float
    expected_interviews: float


@dataclass(frozen=True)
class ScenarioResult:
    """P(match) under one signal scenario (which specialties share which signals), for the
    scenarios that published data cannot decide between; ``chosen``: the one the list uses."""

    name: str
    label: str
    p_match: float
    p_match_interval: Interval
    p_match_ir: float | None
    p_match_ir_interval: Interval | None
    applications: int
    chosen: bool = False


@dataclass(frozen=True)
class Recommendation:
    """A whole pick (or the evaluation of a user's own list)."""

    programs: tuple[ProgramResult, ...]
    filtered: tuple[FilteredResult, ...]
    totals: tuple[SpecialtyTotal, ...]
    p_match: float
    p_match_interval: Interval
    p_match_ir: float | None
    p_match_ir_interval: Interval | None
    expected_interviews: float
    expected_interviews_interval: Interval
    cost_usd: float
    objective: str
    parameter_version: str
    curve: tuple[CurvePoint, ...] = ()
    diminishing_returns_at: int | None = None
    diminishing_threshold: float = 0.001
    notes: tuple[str, ...] = field(default=())
    profile_reasons: tuple[str, ...] = ()  # the applicant's own terms, the same everywhere
    draws: int = 0
    nodes: int = 0
    signal_scenarios: tuple[ScenarioResult, ...] = ()
