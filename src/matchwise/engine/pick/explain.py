"""Additive explanations: each program's interview logit split into named contributions.

The logit is a sum, so the contributions add up exactly to it (MODEL.md section 3): a user can
see why a program is a reach or a likely.

>>> Contribution("signal (gold)", 2.7).text
'signal (gold) (+2.70)'
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from matchwise.engine.pick.features import Term, applicant_terms
from matchwise.engine.pick.model import SIGNAL_GOLD, SIGNAL_SILVER, ProgramFeatures, signal_shift
from matchwise.engine.pick.parameters import ModelParameters
from matchwise.engine.pick.profile import Profile, Tie
from matchwise.engine.pick.program import SPECIALTY_LABELS

_TIE_WORDS = {
    "mentor": "your mentor {who} is on faculty",
    "sponsor": "your sponsor {who} is on faculty",
    "research": "research collaborator {who} is on faculty",
    "rotation": "away rotation there{who}",
    "observership": "observership there{who}",
}


@dataclass(frozen=True)
class Contribution:
    """One named part of a program's interview logit (point estimate)."""

    label: str
    value: float

    @property
    def text(self) -> str:
        return f"{self.label} ({self.value:+.2f})"


def _tie_label(kind: str, ties: tuple[Tie, ...], code: str) -> str:
    people = [t.person for t in ties if t.program == code and t.kind.value == kind and t.person]
    who = ", ".join(people)
    if kind in ("rotation", "observership"):
        return _TIE_WORDS[kind].format(who=f" ({who})" if who else "")
    return _TIE_WORDS[kind].format(who=who or "").replace("  ", " ")


def _program_terms(f: ProgramFeatures, j: int, params: ModelParameters) -> list[Contribution]:
    program = f.programs[j]
    out = [
        Contribution(
            f"{SPECIALTY_LABELS[program.specialty]} baseline",
            params[f"intercept.{program.specialty.value}"],
        )
    ]
    if f.academic[j]:
        out.append(Contribution("academic program", params["program.academic"]))
    if f.log_applications[j]:
        ratio = "more" if f.log_applications[j] > 0 else "fewer"
        out.append(
            Contribution(
                f"{ratio} applications per position than usual",
                params["program.log_applications_per_position"] * f.log_applications[j],
            )
        )
    if f.median_step2[j]:
        out.append(
            Contribution(
                f"program median Step 2 CK {program.median_step2}",
                params["program.median_step2_per10"] * f.median_step2[j],
            )
        )
    if f.img_share[j] and program.img_share is not None:
        out.append(
            Contribution(
                f"{program.img_share:.0%} of residents are IMGs",
                params["program.img_share"] * f.img_share[j],
            )
        )
    return out


def _connection_terms(
    f: ProgramFeatures, j: int, params: ModelParameters, profile: Profile
) -> list[Contribution]:
    program = f.programs[j]
    out: list[Contribution] = []
    if f.geo_state[j]:
        out.append(Contribution(f"geographic connection to {program.state}", params["geo.state"]))
    elif f.geo_region[j]:
        out.append(
            Contribution(
                f"connection in the {program.region} region",
                params["geo.state"] * params["geo.region_share"],
            )
        )
    for kind in f.tie_kinds(j):
        label = _tie_label(kind.value, profile.ties, program.code)
        out.append(Contribution(label, params[f"ties.{kind.value}"]))
    return out


def explain_program(
    profile: Profile,
    f: ProgramFeatures,
    j: int,
    params: ModelParameters,
    *,
    signal: int = 0,
    terms: tuple[Term, ...] | None = None,
) -> tuple[Contribution, ...]:
    """All contributions to program ``j``'s interview logit, largest effect first.

    The shared factor term is zero at its mean and is not listed; a visa policy that is unknown
    is not a logit term, so it appears in :func:`program_notes` instead.
    """
    terms = applicant_terms(profile) if terms is None else terms
    out = [Contribution(t.label, params[t.parameter] * t.value) for t in terms]
    out += _program_terms(f, j, params)
    out += _connection_terms(f, j, params, profile)
    if signal in (SIGNAL_SILVER, SIGNAL_GOLD):
        out.append(Contribution(f"signal ({_SIGNAL_WORDS[signal]})", signal_value(
            sum(c.value for c in out), params, gold=signal == SIGNAL_GOLD)))  # fmt: skip
    return tuple(sorted(out, key=lambda c: -abs(c.value)))


_SIGNAL_WORDS = {SIGNAL_SILVER: "silver", SIGNAL_GOLD: "gold"}


def signal_value(logit: float, params: ModelParameters, *, gold: bool) -> float:
    """What a signal adds at a program where the rest of the logit is ``logit``: it depends on
    the applicant (``engine.pick.model.signal_shift``), less for a long shot.

    >>> from matchwise.engine.pick.priors import prior_parameters
    >>> p = prior_parameters()
    >>> signal_value(-6.0, p, gold=False) < signal_value(-1.0, p, gold=False)
    True
    """
    level = params["signal.silver"] + (params["signal.gold_extra"] if gold else 0.0)
    shift = signal_shift(np.array(logit), np.array(level), np.array(params["signal.slope"]))
    return float(shift)


def summarized_reasons(
    profile: Profile,
    f: ProgramFeatures,
    j: int,
    params: ModelParameters,
    *,
    signal: int = 0,
    top: int = 3,
    terms: tuple[Term, ...] | None = None,
) -> tuple[str, ...]:
    """What makes this program differ, then the rest in two sums, so the line still adds up.

    The largest program-specific contributions (signal, connection, ties, the program's
    attributes) come first; the applicant's own terms, the same at every program, are summed
    as "your profile" (itemised once per list); the specialty baseline closes the line.
    """
    terms = applicant_terms(profile) if terms is None else terms
    everything = explain_program(profile, f, j, params, signal=signal, terms=terms)
    own = {t.label for t in terms}
    baseline = next(c for c in everything if c.label.endswith(" baseline"))
    specific = [c for c in everything if c.label not in own and c is not baseline]
    profile_total = sum(c.value for c in everything if c.label in own)
    shown = [c.text for c in specific[:top]]
    rest = sum(c.value for c in specific[top:])
    if rest:
        shown.append(Contribution("other program factors", rest).text)
    if own:
        shown.append(Contribution("your profile", profile_total).text)
    shown.append(baseline.text)
    return tuple(shown)


def profile_reasons(profile: Profile, params: ModelParameters) -> tuple[str, ...]:
    """The applicant's own terms, itemised: the same at every program."""
    terms = [Contribution(t.label, params[t.parameter] * t.value) for t in applicant_terms(profile)]
    return tuple(c.text for c in sorted(terms, key=lambda c: -abs(c.value)))


def program_notes(f: ProgramFeatures, j: int, params: ModelParameters) -> tuple[str, ...]:
    """Uncertainty notes: unknown attributes that widen the interval, unknown visa policy."""
    notes: list[str] = []
    name = f.visa_parameter(j)
    if name is not None:
        notes.append(
            f"visa policy unknown: counted as a {params[name]:.0%} chance of sponsorship "
            "(share of DR programs, Acad Radiol 2023)"
        )
    if f.unknown_count[j]:
        notes.append(f"{f.unknown_count[j]:g} selectivity attribute(s) unknown: wider interval")
    return tuple(notes)
