"""The starting parameter set: every coefficient with its value, uncertainty and reason.

Values marked *fitted* here are only starting points: ``matchwise calibrate`` replaces them with
values fitted to the published figures (``data/facts.toml``). Values marked *prior* stay as
written; each note says what judgement it encodes, because no published figure pins it down
(see the ``[unknown]`` list in facts.toml). All coefficients are on the logit scale.
"""

from __future__ import annotations

from matchwise.engine.pick.parameters import ModelParameters, Parameter

PRIOR_VERSION = "prior-2"

# (name, value, sd, kind, note[, lower, upper])
_TABLE: tuple[tuple[str, float, float, str, str], ...] = (
    # Program selectivity a_j: specialty intercepts for a baseline applicant (see features.py).
    ("intercept.416", -3.0, 1.0, "fitted", "IR-Integrated selectivity; fitted to the Texas STAR IR interview rates with and without a geographic connection"),
    ("intercept.415", -2.0, 0.8, "prior", "IR-Independent: no published interview rates (facts [unknown]); set near IR-Integrated"),
    ("intercept.420", -3.0, 1.0, "fitted", "DR selectivity; fitted to the signaled and unsignaled interview rates (Lakhani et al. 2024) and the DR match rates by applicant type"),
    ("intercept.999", -1.0, 0.6, "prior", "transitional year: less selective than radiology; no published interview rate for IMGs"),
    ("intercept.prelim", -0.6, 0.6, "prior", "preliminary years: the least selective PGY-1 positions; no published rate"),
    # Interview -> match conversion, logit of P(match here | interview) for the baseline applicant.
    ("conversion.416", -1.0, 0.75, "fitted", "IR-Integrated: fitted to IR matches per applicant (filled positions / applicants, 2024)"),
    ("conversion.415", -1.3, 0.6, "prior", "IR-Independent: no published curve; set equal to IR-Integrated"),
    ("conversion.420", -0.8, 0.75, "fitted", "DR: fitted to DR match rates by applicant type (NRMP 2020) and P(match) by contiguous ranks (2022)"),
    ("conversion.999", -1.0, 0.6, "prior", "transitional year: no published curve"),
    ("conversion.prelim", -0.7, 0.6, "prior", "preliminary year: no published curve"),
    ("conversion.strength", 0.25, 0.15, "fitted", "how much a stronger applicant converts interviews into a match (interviewed applicants are already screened, so much less than for interviews); shapes the P(match)-by-ranks curve: fitted to DR's published one (US MD seniors reach 90% at 14 contiguous ranks, NRMP Charting Outcomes 2022 via Taros et al. 2024)"),
    ("conversion.ties", 0.5, 0.25, "prior", "a sponsor or mentor at the program also helps at the rank meeting"),
    # Program attributes.
    ("program.academic", -0.3, 0.2, "prior", "academic centres are more selective than community programs"),
    ("program.log_applications_per_position", -0.6, 0.2, "prior", "per unit of log(applications per position) above the specialty's median"),
    ("program.median_step2_per10", -0.35, 0.15, "prior", "per 10 points of the program's median Step 2 CK above 250"),
    ("program.img_share", 4.0, 1.0, "prior", "for IMG applicants: per unit of the program's IMG share above 0.10 (IMG-friendly programs interview IMGs)"),
    ("program.unknown_sd", 0.35, 0.0, "prior", "logit sd added per unknown selectivity attribute, widening the interval"),
    # Applicant strength x_i·b.
    ("applicant.step2_per10", 0.55, 0.15, "prior", "per 10 points of Step 2 CK above 250; matched US MD IR mean 255 in 2018 (SIR, secondary)"),
    ("applicant.step2_missing", -0.8, 0.3, "prior", "no Step 2 CK score at application"),
    ("applicant.extra_attempt", -1.0, 0.3, "prior", "per USMLE attempt beyond the first"),
    ("applicant.years_since_graduation", -0.15, 0.06, "prior", "per year since graduation beyond the first two"),
    ("applicant.usce_hands_on", 0.45, 0.15, "prior", "IMGs: per log(1 + months) of hands-on US clinical experience"),
    ("applicant.usce_observership", 0.15, 0.1, "prior", "IMGs: per log(1 + months) of observership"),
    ("applicant.usce_ir", 0.25, 0.12, "prior", "per log(1 + months) of IR/DR clinical experience (dedication to IR: SIR 2023 PD survey top factor)"),
    ("applicant.us_ir_dr_letter", 0.35, 0.12, "prior", "per letter from US IR/DR faculty, up to 3 (letters: SIR 2023 PD survey top factor)"),
    ("applicant.us_other_letter", 0.12, 0.08, "prior", "per other US letter, up to 3"),
    ("applicant.publications", 0.12, 0.08, "prior", "per log(1 + peer-reviewed publications); PDs rate research lower than applicants do (SIR 2023)"),
    ("applicant.first_author", 0.08, 0.06, "prior", "per log(1 + first-author items)"),
    ("applicant.ir_publications", 0.2, 0.1, "prior", "per log(1 + IR-related items): evidence of dedication to IR"),
    ("applicant.presentations", 0.08, 0.06, "prior", "per log(1 + presentations)"),
    ("applicant.visa_needed", -0.5, 0.25, "prior", "needs a visa, at a program that sponsors it"),
    ("type.us_do_senior", -0.4, 0.3, "fitted", "US DO senior relative to US MD senior; fitted to DR match rates by applicant type (NRMP 2020: 97.8% US MD, 97.0% DO)"),
    ("type.img", -2.0, 1.0, "fitted", "IMG relative to US MD senior; fitted to DR match rates by applicant type (NRMP 2020) and the shares of IR (2024) and DR (2020) positions filled by US graduates"),
    ("type.non_us_img", -0.25, 0.3, "fitted", "non-US IMG beyond US-citizen IMG; fitted to DR match rates (NRMP 2020: 67.9% US IMG, 60.4% non-US IMG; all specialties 2025: 67.8% vs 58.0%)"),
    # Signal, geography, ties.
    ("signal.silver", 1.0, 1.0, "fitted", "c: what a silver signal adds to the logit of an application at the published unsignaled rate (8.5%); fitted to the DR signaled, unsignaled and next-best unsignaled (comparator) interview rates (Lakhani et al. 2024) and the Texas STAR odds ratio of an interview with a signal"),
    ("signal.gold_extra", 0.3, 0.2, "prior", "a gold signal beyond a silver one; gold-signaled programs interview more often (Lakhani et al. 2024) but no split is published"),
    ("signal.slope", 0.35, 0.2, "prior", "λ: how much more a signal adds per unit of logit above the reference (less for a long shot); no published figure by applicant strength"),
    ("fit.sd", 1.0, 0.5, "fitted", "sd of the applicant-program fit the model cannot see (synthetic applicants apply and signal by it; for a user it is averaged out); fitted to the interview rate at the next-best unsignaled program (37%, Lakhani et al. 2024)"),
    ("geo.state", 1.1, 0.5, "fitted", "a geographic connection (same state); fitted to Texas STAR IR interview rates (19% vs 7%) and the DR odds ratio of matching at a connected program (5.33)"),
    ("geo.region_share", 0.4, 0.15, "prior", "a connection in the same Census region counts for this share of a same-state one"),
    ("ties.mentor", 0.9, 0.35, "prior", "a mentor on the faculty"),
    ("ties.sponsor", 1.3, 0.45, "prior", "a sponsor who advocates for the applicant there"),
    ("ties.research", 0.7, 0.3, "prior", "a research collaborator on the faculty"),
    ("ties.rotation", 1.5, 1.0, "fitted", "an away rotation, audition elective or sub-internship there; fitted to the Texas STAR DR odds ratio of matching at a program where the applicant rotated (30.36); 72% of matched IR applicants did one (SIR 2023)"),
    ("ties.observership", 0.5, 0.25, "prior", "an observership there (watching, not treating: a weaker tie than a rotation); no published figure"),
    ("factor.loading", 1.2, 0.75, "fitted", "sd of the shared applicant factor; sets the correlation between programs"),
    # Visa sponsorship when a program's policy is unknown: P(sponsors), not a logit.
    ("visa.unknown_j1_rate", 0.731, 0.06, "prior", "share of DR programs sponsoring J-1 (Acad Radiol 2023, secondary); IR unknown"),
    ("visa.unknown_h1b_rate", 0.232, 0.05, "prior", "share of DR programs sponsoring H-1B (Acad Radiol 2023, secondary); IR unknown"),
)  # fmt: skip

_BOUNDS: dict[str, tuple[float, float]] = {
    "factor.loading": (0.2, 3.5),
    "conversion.strength": (0.0, 2.0),
    "program.unknown_sd": (0.0, 2.0),
    "visa.unknown_j1_rate": (0.0, 1.0),
    "visa.unknown_h1b_rate": (0.0, 1.0),
    "geo.region_share": (0.0, 1.0),
    "signal.silver": (0.0, 6.0),
    "signal.gold_extra": (0.0, 3.0),
    "signal.slope": (0.0, 1.5),
    "fit.sd": (0.0, 3.0),
    "ties.rotation": (0.0, 6.0),
}


def prior_parameters() -> ModelParameters:
    """The documented starting point (before calibration)."""
    params: dict[str, Parameter] = {}
    for name, value, sd, kind, note in _TABLE:
        lower, upper = _BOUNDS.get(name, (-float("inf"), float("inf")))
        params[name] = Parameter(
            name=name,
            value=value,
            sd=sd,
            kind="fitted" if kind == "fitted" else "prior",
            note=note,
            lower=lower,
            upper=upper,
        )
    return ModelParameters(version=PRIOR_VERSION, parameters=params)
