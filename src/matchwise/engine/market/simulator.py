"""The market simulator: one specialty's whole market, its match, and what came out of it.

A run draws a synthetic market (MODEL.md section 6) from the calibrated model:

1. the applicants and their applications, exactly as calibration draws them
   (:func:`matchwise.engine.pick.sample.build_sample`: the published type mix, the population
   priors, applications chosen by receptiveness, geography and fit among the programs each
   applicant's hard filters let through, signals, away rotations, each applicant's order of
   preference);
2. each applicant's shared factor ``u ~ N(0, 1)`` and each program's unknown attributes
   (``program.unknown_sd`` per unknown attribute), then every interview as a Bernoulli draw of
   Pick's probability (``engine.pick.model``: the logit with the applicant-program fit, the
   signal term that depends on it, the visa factor);
3. rank lists: an applicant ranks every program that interviewed them, in their order of
   preference (the sample's); a program ranks every applicant it interviewed, by strength plus
   noise (below);
4. the applicant-proposing deferred acceptance
   (:func:`matchwise.engine.match.deferred_acceptance.solve_singles`).

Preferences are priors (nothing is published about them): an applicant prefers the programs
that are harder to get into, programs in a home state and programs they fit, plus a Gumbel
taste (a logit random-utility ranking: ``engine.pick.sample``; an entrant's is
:func:`preference`). A program scores an
interviewee ``g·(x_i·b + s·u_i) + h·tie + ε`` with Pick's conversion coefficients ``g``
(``conversion.strength``) and ``h`` (``conversion.ties``) and a standard logistic ``ε``: the
random-utility version of Pick's P(match here | interview).

Every applicant ranks all their interviews, so an applicant's contiguous ranks are their
interviews. Singles only: linked PGY-1 years and couples are not simulated.

>>> import numpy as np
>>> change = parse_change("applications+10")
>>> (change.field, change.op, change.amount)
('applications', '+', 10.0)
>>> summarize_runs([{"fill_rate": 0.9}, {"fill_rate": 1.0}])["fill_rate"].mean
0.95
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray

from matchwise.engine.match.deferred_acceptance import SinglesMarket, solve_singles
from matchwise.engine.pick.listproblem import FloatArray, IntArray
from matchwise.engine.pick.model import (
    ProgramFeatures,
    interview_logit,
    signal_levels,
)
from matchwise.engine.pick.model import (
    interview_probability as model_interview_probability,
)
from matchwise.engine.pick.parameters import ModelParameters
from matchwise.engine.pick.population import PopulationSpec
from matchwise.engine.pick.profile import ApplicantType
from matchwise.engine.pick.program import Program
from matchwise.engine.pick.sample import Sample, build_sample

HOME_STATE_PREFERENCE = 1.0  # prior: an applicant's taste for a home-state program, logit units
MAX_RANKS_SHOWN = 20  # P(match) by contiguous ranks: 1..19 each, then "20 or more"
INTERVAL_PERCENTILES = (2.5, 97.5)
INTERVAL_TEXT = "2.5th to 97.5th percentile across runs"
ENTRANT_FIGURES = "you."  # figures of one applicant put in the market (engine.market.rankcurve)
SHARE_INTERVAL_TEXT = "95% interval of the share of runs (Wilson)"

Solver = Callable[[SinglesMarket], NDArray[np.int32]]


@dataclass(frozen=True)
class MarketSpec:
    """A specialty's market: its applicant pool and its programs' total positions."""

    population: PopulationSpec
    positions_scale: float = 1.0  # multiplies every program's positions (a "positions" change)
    positions_added: int = 0  # positions added across the specialty, in proportion
    # Scale of the logistic noise in programs' rankings (1: Pick's P(match here | interview)).
    # A market-only parameter: `matchwise calibrate` fits it through simulation to who gets the
    # positions (data/market_fit.json; engine/market/marketfit.py).
    program_noise: float = 1.0


@dataclass(frozen=True)
class SyntheticMarket:
    """One drawn market: who interviewed where, the rank lists, the capacities.

    Applicants are indexed 0..N-1 as in ``sample.applicants``; programs 0..J-1 as in
    ``programs``. ``rank_lists`` is what the match consumes.
    """

    sample: Sample
    programs: tuple[Program, ...]
    rank_lists: SinglesMarket
    applications: IntArray  # (N,) applications sent by each applicant
    interviews: IntArray  # (N,) interviews received = contiguous ranks
    program_scores: FloatArray  # how each program rated the applicants on its list, in order
    program_effect: FloatArray  # (J,) standard normal draw of each program's unknown attributes
    strength: FloatArray  # (N,) x_i·b + s·u_i
    # Each interview (applicant, program) with the program's view of the applicant before its
    # noise, and the standard logistic noise drawn: :func:`with_program_noise` re-ranks them.
    interview_applicant: IntArray
    interview_program: IntArray
    interview_view: FloatArray
    interview_noise: FloatArray


def capacities(programs: Sequence[Program], spec: MarketSpec) -> NDArray[np.int32]:
    """Positions of each program after the spec's change; unknown ones at the median.

    Added (or removed) positions are spread in proportion to the programs' sizes by largest
    remainder, so the total moves by exactly the change.
    """
    known = [p.positions for p in programs if p.positions is not None]
    median = int(np.median(known)) if known else 1
    base: FloatArray = np.array(
        [p.positions if p.positions is not None else median for p in programs], dtype=float
    )
    total = float(base.sum())
    target = max(0, round(total * spec.positions_scale) + spec.positions_added)
    if total == 0 or target == total:
        return base.astype(np.int32)
    exact = base * (target / total)
    out = np.floor(exact).astype(np.int64)
    short = int(target - out.sum())
    out[np.argsort(-(exact - out), kind="stable")[:short]] += 1
    return out.astype(np.int32)


def interview_probability(
    f: ProgramFeatures,
    params: ModelParameters,
    *,
    x: FloatArray,
    u: FloatArray,
    effect: FloatArray,
    signal: IntArray,
) -> FloatArray:
    """P(interview) of (applicant, program) rows given the drawn factors: Pick's model.

    ``x``: x_i·b of each row's applicant; ``u``: their shared factor; ``effect``: the standard
    normal draw of the row's program (scaled by ``program.unknown_sd`` per unknown attribute);
    ``signal``: SIGNAL_NONE / SIGNAL_SILVER / SIGNAL_GOLD. Rows with a known applicant-program
    fit (``f.affinity``) use it; others average it out, as Pick does.
    """
    point = params.point()
    base = interview_logit(x[None, :], f, point, np.zeros(1))[0, :, 0]
    unknown = params["program.unknown_sd"] * np.sqrt(f.unknown_count) * effect
    logit = base + params["factor.loading"] * u + unknown
    level = signal_levels(point, signal)
    p: FloatArray = model_interview_probability(logit[None, :, None], f, point, level)[0, :, 0]
    return p


def preference(f: ProgramFeatures, params: ModelParameters) -> FloatArray:
    """An applicant's systematic taste for each row's program (before the Gumbel taste).

    The selectivity terms of a_j have negative coefficients: a harder program is a more
    sought-after one; a home-state program adds ``HOME_STATE_PREFERENCE``.
    """
    desirability = -(
        params["program.academic"] * f.academic
        + params["program.log_applications_per_position"] * f.log_applications
        + params["program.median_step2_per10"] * f.median_step2
    )
    out: FloatArray = desirability + HOME_STATE_PREFERENCE * f.geo_state
    return out


def program_view(f: ProgramFeatures, params: ModelParameters, strength: FloatArray) -> FloatArray:
    """How each row's program rates its interviewee (before the logistic noise)."""
    out: FloatArray = (
        params["conversion.strength"] * strength + params["conversion.ties"] * f.has_tie
    )
    return out


def _offsets(group: IntArray, size: int) -> NDArray[np.int64]:
    counts = np.bincount(group, minlength=size)
    return np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)


def generate_market(
    spec: MarketSpec,
    catalog: Sequence[Program],
    params: ModelParameters,
    rng: np.random.Generator,
) -> SyntheticMarket:
    """Draw one market for ``spec.population.specialty``; see the module docstring."""
    sample = build_sample(spec.population, catalog, rng)
    programs, program = sample.programs, sample.program
    f = sample.features
    x = sample.applicant_logit(params)
    u = rng.standard_normal(sample.size)
    effect = rng.standard_normal(len(programs))
    p_interview = interview_probability(
        f, params, x=x[sample.owner], u=u[sample.owner], effect=effect[program],
        signal=sample.signal,
    )  # fmt: skip
    interviewed = rng.random(len(p_interview)) < p_interview
    app, prog = sample.owner[interviewed], program[interviewed]
    rows = interviewed.nonzero()[0]
    strength = x + params["factor.loading"] * u
    taste = sample.taste[rows]
    view = program_view(f, params, strength[sample.owner])[rows]
    noise = rng.logistic(size=rows.size)
    score = view + spec.program_noise * noise
    n, j = sample.size, len(programs)
    by_applicant = np.lexsort((-taste, app))
    by_program = np.lexsort((-score, prog))
    lists = SinglesMarket(
        app_offsets=_offsets(app, n),
        app_choices=prog[by_applicant].astype(np.int32),
        prog_offsets=_offsets(prog, j),
        prog_choices=app[by_program].astype(np.int32),
        capacity=capacities(programs, spec),
    )
    return SyntheticMarket(
        sample=sample,
        programs=programs,
        rank_lists=lists,
        applications=np.bincount(sample.owner, minlength=n),
        interviews=np.bincount(app, minlength=n),
        program_scores=score[by_program],
        program_effect=effect,
        strength=strength,
        interview_applicant=app,
        interview_program=prog,
        interview_view=view,
        interview_noise=noise,
    )


def with_program_noise(market: SyntheticMarket, program_noise: float) -> SyntheticMarket:
    """The same market with the programs' rankings redrawn at another noise scale, from the
    same noise draws: exactly the market :func:`generate_market` draws with that scale and the
    same seed, at the cost of one sort (how calibration fits the scale)."""
    score = market.interview_view + program_noise * market.interview_noise
    by_program = np.lexsort((-score, market.interview_program))
    lists = replace(
        market.rank_lists, prog_choices=market.interview_applicant[by_program].astype(np.int32)
    )
    return replace(market, rank_lists=lists, program_scores=score[by_program])


def market_aggregates(market: SyntheticMarket, assignment: NDArray[np.int32]) -> dict[str, float]:
    """The figures of one run, by name (NaN where a figure is undefined in this run).

    ``match_rate.<type>``: share of that type's applicants who matched; ``fill_rate``: matched
    / positions; ``share_of_matches.us_senior`` (US MD and DO seniors) and ``.us_md_senior``:
    shares of the matched applicants; ``interviews_per_position``; ``p_match_by_ranks.<n>``:
    share matched among applicants with n contiguous ranks (``applicants_by_ranks.<n>``: how
    many; the last bin is n or more).
    """
    matched = assignment >= 0
    types = market.sample.types()
    positions = float(market.rank_lists.capacity.sum())
    interviews = float(market.interviews.sum())
    out: dict[str, float] = {
        "applicants": float(len(matched)),
        "positions": positions,
        "match_rate.all": float(matched.mean()) if len(matched) else math.nan,
    }
    for kind in ApplicantType:
        mask = types == kind.value
        out[f"match_rate.{kind.value}"] = float(matched[mask].mean()) if mask.any() else math.nan
    out["fill_rate"] = float(matched.sum() / positions) if positions else math.nan
    seniors = np.isin(types, [ApplicantType.US_MD_SENIOR.value, ApplicantType.US_DO_SENIOR.value])
    total = matched.sum()
    out["share_of_matches.us_senior"] = float(matched[seniors].sum() / total) if total else math.nan
    out["share_of_matches.us_md_senior"] = (
        float(matched[types == ApplicantType.US_MD_SENIOR.value].sum() / total)
        if total
        else math.nan
    )
    out["interviews_per_position"] = interviews / positions if positions else math.nan
    out["applications_per_applicant"] = float(market.applications.mean())
    out["interviews_per_applicant"] = float(market.interviews.mean())
    out["interviews_per_matched_applicant"] = (
        float(market.interviews[matched].mean()) if matched.any() else math.nan
    )
    out["no_interview_share"] = float((market.interviews == 0).mean())
    ranks = np.minimum(market.interviews, MAX_RANKS_SHOWN)
    for r in range(1, MAX_RANKS_SHOWN + 1):
        mask = ranks == r
        out[f"applicants_by_ranks.{r}"] = float(mask.sum())
        out[f"p_match_by_ranks.{r}"] = float(matched[mask].mean()) if mask.any() else math.nan
    return out


def simulate_run(
    spec: MarketSpec,
    catalog: Sequence[Program],
    params: ModelParameters,
    rng: np.random.Generator,
    *,
    solve: Solver = solve_singles,
) -> dict[str, float]:
    """Draw one market, match it, and return its figures (:func:`market_aggregates`)."""
    market = generate_market(spec, catalog, params, rng)
    return market_aggregates(market, solve(market.rank_lists))


def simulate_figures(
    spec: MarketSpec,
    catalog: Sequence[Program],
    params: ModelParameters,
    seeds: Sequence[np.random.SeedSequence],
) -> dict[str, Estimate]:
    """The figures of one run per seed, summarized (in this process: calibration's check)."""
    return summarize_runs(
        [simulate_run(spec, catalog, params, np.random.default_rng(s)) for s in seeds]
    )


@dataclass(frozen=True)
class MarketCheck:
    """A published figure that only a whole market produces, beside the simulated market's."""

    name: str
    specialty: str
    published: float
    simulated: Estimate
    source: str
    fitted: bool = False  # the market's noise scale was fitted to this figure


def run_seeds(seed: int, runs: int) -> list[np.random.SeedSequence]:
    """Independent seeds of ``runs`` runs from one SeedSequence: run k's seed never depends on
    how many runs there are or which process runs it."""
    return np.random.SeedSequence(seed).spawn(runs)


# ---- Changes: "applications+10", "signals*2" ----------------------------------------------

CHANGE_FIELDS: Mapping[str, str] = {
    "applications": "mean applications per applicant",
    "applicants": "number of applicants",
    "signals": "gold and silver signals per applicant (each)",
    "gold": "gold signals per applicant",
    "silver": "silver signals per applicant",
    "rotations": "share of applicants with an away rotation (0 to 1)",
    "positions": "total positions of the specialty",
}
_CHANGE = re.compile(r"^\s*([a-z_]+)\s*([-+*=])\s*(\d+(?:\.\d*)?|\.\d+)\s*$")


class ChangeError(ValueError):
    """A change that cannot be read or applied; the message says what was expected."""


@dataclass(frozen=True)
class Change:
    """One change to a market, e.g. every applicant sending ten more applications."""

    field: str
    op: str  # "+", "-", "*" or "="
    amount: float

    @property
    def text(self) -> str:
        return f"{self.field}{self.op}{self.amount:g}"

    def _new(self, old: float) -> float:
        return {
            "+": old + self.amount,
            "-": old - self.amount,
            "*": old * self.amount,
            "=": self.amount,
        }[self.op]

    def apply(self, spec: MarketSpec) -> MarketSpec:
        """The spec with this change made; ChangeError if the result is impossible."""
        pop = spec.population
        if self.field == "positions":
            if self.op == "*":
                return replace(spec, positions_scale=spec.positions_scale * self.amount)
            if self.op == "=":
                raise ChangeError(f'"{self.text}": positions take +N, -N or *X, not =')
            step = round(self.amount) if self.op == "+" else -round(self.amount)
            return replace(spec, positions_added=spec.positions_added + step)
        if self.field == "applications":
            value = self._new(pop.applications_mean)
            self._check(value >= 1, "at least 1 application per applicant")
            return replace(spec, population=replace(pop, applications_mean=value))
        if self.field == "applicants":
            value = round(self._new(pop.applicants))
            self._check(value >= 1, "at least 1 applicant")
            return replace(spec, population=replace(pop, applicants=value))
        if self.field == "rotations":
            value = self._new(pop.away_rotation_share)
            self._check(0 <= value <= 1, "a share between 0 and 1")
            return replace(spec, population=replace(pop, away_rotation_share=value))
        gold, silver = pop.gold_signals, pop.silver_signals
        if self.field in ("signals", "gold"):
            gold = round(self._new(gold))
        if self.field in ("signals", "silver"):
            silver = round(self._new(silver))
        self._check(min(gold, silver) >= 0, "no fewer than 0 signals")
        return replace(spec, population=replace(pop, gold_signals=gold, silver_signals=silver))

    def _check(self, ok: bool, expected: str) -> None:
        if not ok:
            raise ChangeError(f'"{self.text}" leaves the market impossible: expected {expected}')


def parse_change(text: str) -> Change:
    """Read "applications+10", "signals*2", "positions-5", "rotations=0.5"."""
    found = _CHANGE.match(text.lower())
    if not found:
        raise ChangeError(
            f'cannot read the change "{text}": write FIELD+N, FIELD-N, FIELD*N or FIELD=N, '
            f'e.g. "applications+10" (fields: {", ".join(CHANGE_FIELDS)})'
        )
    field, op, amount = found.group(1), found.group(2), float(found.group(3))
    if field not in CHANGE_FIELDS:
        raise ChangeError(
            f'unknown field "{field}" in the change "{text}": choose one of '
            f"{', '.join(CHANGE_FIELDS)}"
        )
    return Change(field=field, op=op, amount=amount)


def apply_changes(spec: MarketSpec, changes: Sequence[Change]) -> MarketSpec:
    for change in changes:
        spec = change.apply(spec)
    return spec


# ---- Combining runs -------------------------------------------------------------------------


@dataclass(frozen=True)
class Estimate:
    """One figure across runs: its mean, the run-to-run interval, the mean's standard error."""

    mean: float
    low: float  # INTERVAL_PERCENTILES across runs
    high: float
    se: float  # sd across runs / sqrt(runs): shrinks as runs grow
    runs: int  # runs in which the figure was defined


def _estimate(values: FloatArray) -> Estimate:
    defined = values[~np.isnan(values)]
    if not defined.size:
        return Estimate(math.nan, math.nan, math.nan, math.nan, 0)
    low, high = np.percentile(defined, INTERVAL_PERCENTILES)
    se = float(defined.std(ddof=1) / math.sqrt(defined.size)) if defined.size > 1 else math.nan
    return Estimate(float(defined.mean()), float(low), float(high), se, int(defined.size))


def _wilson(values: FloatArray) -> Estimate:
    """A share of runs (values 0 or 1): its 95% Wilson score interval, not percentiles."""
    defined = values[~np.isnan(values)]
    n = defined.size
    if not n:
        return Estimate(math.nan, math.nan, math.nan, math.nan, 0)
    p = float(defined.mean())
    z = 1.959964
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return Estimate(
        p, max(0.0, centre - half), min(1.0, centre + half), math.sqrt(p * (1 - p) / n), n
    )


def summarize_runs(runs: Sequence[Mapping[str, float]]) -> dict[str, Estimate]:
    """Every figure's :class:`Estimate` across runs (in the order of the first run's keys).

    Figures of one entrant (``you.*``: 1 if you matched in the run, else 0) are shares of runs,
    reported with a 95% Wilson interval (``SHARE_INTERVAL_TEXT``); every other figure with the
    percentiles across runs (``INTERVAL_TEXT``).
    """
    if not runs:
        raise ValueError("no runs to summarize")
    return {
        k: (_wilson if k.startswith(ENTRANT_FIGURES) else _estimate)(
            np.array([r[k] for r in runs], dtype=float)
        )
        for k in runs[0]
    }
