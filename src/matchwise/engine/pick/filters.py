"""Hard filters: the published rules that make an application pointless, each with its reason.

A filtered program is shown as filtered, never silently dropped. Unknown program data never
filters: it is handled as uncertainty by the probability model instead.

>>> from matchwise.engine.pick.profile import Profile
>>> from matchwise.engine.pick.program import Program
>>> me = Profile(applicant_type="non_us_img", graduation_year=2018, match_year=2027,
...              specialties=["420"], step2_score=240)
>>> hard_filters(me, Program(code="1", name="DEMO", specialty="420", track="A",
...                          max_years_since_graduation=5))
('graduated 9 years before the Match; program accepts at most 5',)
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from matchwise.engine.pick.population import ECFMG_STATUSES, VISA_NEEDS, Population
from matchwise.engine.pick.profile import EcfmgStatus, Profile
from matchwise.engine.pick.program import EcfmgDeadline, Program, Track

# The order in which an applicant's ECFMG certification arrives, to compare with a deadline.
_ECFMG_ORDER: dict[EcfmgStatus, int] = {
    EcfmgStatus.NOT_NEEDED: 0,
    EcfmgStatus.CERTIFIED: 0,
    EcfmgStatus.BY_RANK_DEADLINE: 2,
    EcfmgStatus.BY_START: 3,
    EcfmgStatus.LATER: 4,
}
_DEADLINE_ORDER: dict[EcfmgDeadline, int] = {
    EcfmgDeadline.BY_APPLICATION: 1,
    EcfmgDeadline.BY_RANK_DEADLINE: 2,
    EcfmgDeadline.BY_START: 3,
}
_DEADLINE_WORDS: dict[EcfmgDeadline, str] = {
    EcfmgDeadline.BY_APPLICATION: "when you apply",
    EcfmgDeadline.BY_RANK_DEADLINE: "by the rank order list deadline",
    EcfmgDeadline.BY_START: "by the July start",
}


def _visa(profile: Profile, program: Program) -> str | None:
    if program.visa is None or profile.visa_need.accepted_by(program.visa):
        return None
    offered = " and ".join(sorted(v.value for v in program.visa)) or "no visas"
    return f"needs {profile.visa_need.value}; program sponsors {offered}"


def _years(profile: Profile, program: Program) -> str | None:
    limit = program.max_years_since_graduation
    years = profile.years_since_graduation
    if limit is None or years <= limit:
        return None
    return f"graduated {years} years before the Match; program accepts at most {limit}"


def _score(profile: Profile, program: Program) -> str | None:
    minimum = program.min_step2
    if minimum is None:
        return None
    if profile.step2_score is None:
        return f"program requires Step 2 CK of at least {minimum}; no score in your profile"
    if profile.step2_score < minimum:
        return f"Step 2 CK {profile.step2_score} is below the program's minimum of {minimum}"
    return None


def _attempts(profile: Profile, program: Program) -> str | None:
    limit = program.max_attempts
    if limit is None or profile.exam_attempts <= limit:
        return None
    return f"{profile.exam_attempts} attempts on a USMLE step; program accepts at most {limit}"


def _usce(profile: Profile, program: Program) -> str | None:
    needed = program.min_usce_months
    if not needed or not profile.applicant_type.is_img:
        return None
    if profile.usce_hands_on_months >= needed:
        return None
    return (
        f"program requires {needed:g} months of hands-on US clinical experience; "
        f"you have {profile.usce_hands_on_months:g}"
    )


def _ecfmg(profile: Profile, program: Program) -> str | None:
    deadline = program.ecfmg_deadline
    if deadline is None or not profile.applicant_type.is_img:
        return None
    if _ECFMG_ORDER[profile.ecfmg] <= _DEADLINE_ORDER[deadline]:
        return None
    return f"program requires ECFMG certification {_DEADLINE_WORDS[deadline]}"


def _track(profile: Profile, program: Program) -> str | None:
    if program.track is Track.RESERVED_PHYSICIAN and not profile.completed_pgy1:
        return "reserved for physicians who have completed prior graduate medical training"
    return None


_RULES = (_visa, _years, _score, _attempts, _usce, _ecfmg, _track)


def hard_filters(profile: Profile, program: Program) -> tuple[str, ...]:
    """Every reason this applicant cannot usefully apply to this program (empty if none)."""
    return tuple(reason for rule in _RULES if (reason := rule(profile, program)) is not None)


def open_matrix(pop: Population, programs: Sequence[Program]) -> NDArray[np.bool_]:
    """(N, J): True where applicant i passes every hard filter of program j.

    The same rules as :func:`hard_filters` (a test checks they agree pair by pair), on arrays:
    the market simulator and calibration ask it for whole pools, hundreds of thousands of
    pairs, where one call per pair took most of a run's time.
    """
    img = pop.is_img[:, None]
    ok = np.ones((pop.size, len(programs)), dtype=bool)
    for j, p in enumerate(programs):
        column = ok[:, j]
        if p.visa is not None:
            accepted = np.array([need.accepted_by(p.visa) for need in VISA_NEEDS])
            column &= accepted[pop.visa]
        if p.max_years_since_graduation is not None:
            column &= pop.years <= p.max_years_since_graduation
        if p.min_step2 is not None:
            column &= pop.step2 >= p.min_step2
        if p.max_attempts is not None:
            column &= pop.attempts <= p.max_attempts
        if p.min_usce_months:
            column &= ~img[:, 0] | (pop.usce_hands_on >= p.min_usce_months)
        if p.ecfmg_deadline is not None:
            order = np.array([_ECFMG_ORDER[s] for s in ECFMG_STATUSES])[pop.ecfmg]
            column &= ~img[:, 0] | (order <= _DEADLINE_ORDER[p.ecfmg_deadline])
        if p.track is Track.RESERVED_PHYSICIAN:
            column[:] = False  # synthetic applicants have not completed a PGY-1
    return ok
