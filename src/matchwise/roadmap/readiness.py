"""Readiness for one user: their standing (from the Profile, Scholarly, Network and letters)
against the benchmarks, and for each gap what closing it would do to P(match), priced by Pick's
what-if on the same profile and catalog."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from matchwise.engine.pick.profile import Profile
from matchwise.engine.pick.result import Recommendation
from matchwise.engine.roadmap.readiness import Gap, Standing, readiness
from matchwise.formats.pick.profile import apply_change
from matchwise.formats.roadmap.shipped_data import load_benchmarks
from matchwise.network.services import advocates, mentor_team
from matchwise.pick.errors import USER_ERRORS
from matchwise.pick.service import PickRequest, run_pick
from matchwise.pick.web import applicant_of
from matchwise.programs.services import all_programs
from matchwise.roadmap.services import goal_of, letters_of

WHATIF_DRAWS = 100  # parameter draws for a what-if: the point estimate is what is compared


@dataclass(frozen=True)
class Effect:
    change: str
    before: float  # P(match), point estimate
    after: float
    before_ir: float | None
    after_ir: float | None
    error: str = ""  # why the effect could not be computed (shown instead of numbers)

    @property
    def text(self) -> str:
        if self.error:
            return self.error
        text = f"P(match) {_pct(self.before)} → {_pct(self.after)}"
        if self.before_ir is not None and self.after_ir is not None:
            text += f"; in IR {_pct(self.before_ir)} → {_pct(self.after_ir)}"
        return text


def _pct(p: float) -> str:
    """Whole percents, with one decimal below 10% where a point matters ("1.6%")."""
    return f"{p:.1%}" if 0 < p < 0.1 else f"{p:.0%}"


@dataclass(frozen=True)
class Readiness:
    profile: Profile | None
    gaps: list[Gap]
    letters_from: str  # "letters" (the Roadmap's letters) or "profile"
    effects: dict[str, Effect]

    @property
    def met(self) -> int:
        return sum(1 for g in self.gaps if g.met)


def standing_of(user: Any, profile: Profile) -> tuple[Standing, str]:
    """The user's numbers: the Profile (with Scholarly's counts, as Pick reads it), Network's
    advocates and mentor team, and the Roadmap's letters when there are any."""
    has_letters = letters_of(user).exists()
    strong = goal_of(user).strong if has_letters else profile.us_ir_dr_letters
    return (
        Standing(
            step2_score=profile.step2_score,
            exam_attempts=profile.exam_attempts,
            usce_months=profile.usce_hands_on_months + profile.usce_observership_months,
            usce_ir_months=profile.usce_ir_months,
            strong_letters=strong,
            peer_reviewed=profile.peer_reviewed_publications,
            first_author=profile.first_author_publications,
            ir_related=profile.ir_publications,
            presentations=profile.presentations,
            advocates=len(advocates(user)),
            mentor_kinds_covered=sum(1 for s in mentor_team(user) if s.covered),
        ),
        "letters" if has_letters else "profile",
    )


def _p(result: Recommendation) -> tuple[float, float | None]:
    return result.p_match, result.p_match_ir


def readiness_of(user: Any, *, with_effects: bool = True) -> Readiness:
    """Where the user stands; ``with_effects``: price each gap with Pick (about 0.1 s each)."""
    profile = applicant_of(user)
    if profile is None:
        return Readiness(None, [], "profile", {})
    standing, letters_from = standing_of(user, profile)
    gaps = readiness(standing, load_benchmarks())
    effects: dict[str, Effect] = {}
    if with_effects and any(g.change for g in gaps):
        if letters_from == "letters":  # Pick should see the letters the Roadmap counts
            profile = Profile.model_validate(
                {**profile.model_dump(), "us_ir_dr_letters": standing.strong_letters}
            )
        catalog = all_programs()
        if not catalog:  # no programs loaded: nothing to price against
            return Readiness(profile, gaps, letters_from, {})
        base = run_pick(PickRequest(profile=profile, catalog=catalog, draws=WHATIF_DRAWS))
        before, before_ir = _p(base)
        for gap in gaps:
            if not gap.change:
                continue
            try:
                changed = profile
                for change in gap.change.split(";"):
                    changed = apply_change(changed, change.strip())
                after, after_ir = _p(
                    run_pick(PickRequest(profile=changed, catalog=catalog, draws=WHATIF_DRAWS))
                )
                effects[gap.area] = Effect(gap.change, before, after, before_ir, after_ir)
            except USER_ERRORS as exc:
                effects[gap.area] = Effect(gap.change, before, before, None, None, str(exc))
    return Readiness(profile, gaps, letters_from, effects)
