"""A synthetic applicant pool with its applications: the stage on which calibration plays.

Applicants choose where to apply as applicants do, not uniformly at random (the weights are
priors: nothing published models the choice; the comparator and odds-ratio targets check
them):

- among the programs their hard filters let through (:func:`~matchwise.engine.pick.filters.
  open_matrix`), each applicant applies to a Poisson number around the published mean, drawn
  without replacement (Gumbel top-k) with weights for how receptive the program is to
  applicants like them (its selectivity; for IMGs its IMG share), a geographic connection
  (same state, then same region), and the fit ``z_ij`` between applicant and program that the
  applicant knows and the model only sees in synthetic pools;
- a share of applicants did an away rotation (audition elective, sub-internship) at one or two
  of their programs, chosen by fit and region; some IMGs did an observership at one;
- signals (DR: gold then silver) go to the programs the applicant most wants and has a chance
  at: rotation programs first, then fit, home state and receptiveness; the next program in that
  order is the *comparator* (Lakhani et al. 2024 asked about it);
- each applicant ranks their programs by taste (prestige, where they rotated, home state, fit,
  a Gumbel draw): the order in which an interview offer would be accepted, for "matched at this
  program".

Everything is drawn on arrays, so a DR pool (about 1,300 applicants, 90,000 applications) takes
a few tens of milliseconds (benchmarks/bench_market.py).

>>> # built by build_sample(spec, catalog, rng); see tests/engine/pick/test_sample.py
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from matchwise.engine.pick.features import (
    BASELINE_STEP2,
    IMG_SHARE_REFERENCE,
    applicant_design,
)
from matchwise.engine.pick.filters import open_matrix
from matchwise.engine.pick.geography import region_of
from matchwise.engine.pick.listproblem import FloatArray, IntArray
from matchwise.engine.pick.model import (
    SIGNAL_GOLD,
    SIGNAL_NONE,
    SIGNAL_SILVER,
    SPECIALTIES,
    TIE_KINDS,
    ProgramFeatures,
    median_applications,
)
from matchwise.engine.pick.parameters import ModelParameters
from matchwise.engine.pick.population import (
    APPLICANT_TYPES,
    VISA_NEEDS,
    Population,
    PopulationSpec,
    draw_population,
)
from matchwise.engine.pick.profile import ApplicantType, TieKind, VisaNeed
from matchwise.engine.pick.program import Program, Specialty

# Priors of the applicant's choices (logit units of the choice; see the module docstring).
RECEPTIVE_WEIGHT = 1.0  # per logit unit of the program's openness to applicants like them
HOME_STATE_WEIGHT = 2.0
HOME_REGION_WEIGHT = 0.5
FIT_WEIGHT = 1.0  # per sd of the applicant-program fit z
FIT_SIGNAL_WEIGHT = 2.0  # applicants signal where they fit best (they know it; the model not)
PRESTIGE_WEIGHT = 0.5  # taste for the more selective programs, when ranking and signaling
ROTATION_SIGNAL_WEIGHT = 3.0  # applicants signal where they rotated
ROTATION_TASTE_WEIGHT = 1.5  # and rank it high: they chose it, and saw it from inside
SECOND_ROTATION_SHARE = 0.5  # of those who rotated, the share who did two
# The program attributes' prior coefficients (priors.py) as applicants perceive them.
_ACADEMIC, _LOG_APPS, _MEDIAN, _IMG_SHARE = -0.3, -0.6, -0.35, 4.0
_ROTATION, _OBSERVERSHIP = TIE_KINDS.index(TieKind.ROTATION), TIE_KINDS.index(TieKind.OBSERVERSHIP)


@dataclass(frozen=True)
class ProgramTable:
    """The pool's programs as arrays (index j is one program in every array)."""

    programs: tuple[Program, ...]
    specialty_index: IntArray
    academic: FloatArray
    log_applications: FloatArray
    median_step2: FloatArray
    img_share: FloatArray  # share above the reference (0 when unknown)
    unknown: FloatArray  # unknown selectivity attributes, for any applicant
    img_unknown: FloatArray  # 1 where the IMG share is unknown (counts for IMGs only)
    visa_known: NDArray[np.bool_]
    state: NDArray[np.str_]
    region: NDArray[np.str_]

    @property
    def selectivity(self) -> FloatArray:
        """How hard the program is to get into, as applicants perceive it (prior weights)."""
        out: FloatArray = -(
            _ACADEMIC * self.academic
            + _LOG_APPS * self.log_applications
            + _MEDIAN * self.median_step2
        )
        return out


def program_table(programs: Sequence[Program], medians: Mapping[Specialty, float]) -> ProgramTable:
    """The attributes of ``programs`` that the interview logit reads, as in
    :func:`~matchwise.engine.pick.model.program_features`."""
    rows = []
    for p in programs:
        median = medians.get(p.specialty)
        ratio = p.applications_per_position
        rows.append((
            float(p.academic) if p.academic is not None else 0.0,
            math.log(ratio / median) if ratio and median else 0.0,
            (p.median_step2 - BASELINE_STEP2) / 10 if p.median_step2 is not None else 0.0,
            p.img_share - IMG_SHARE_REFERENCE if p.img_share is not None else 0.0,
            (p.academic is None) + (not (ratio and median)) + (p.median_step2 is None),
            float(p.img_share is None),
        ))  # fmt: skip
    cols = np.array(rows, dtype=float).reshape(len(programs), 6)
    return ProgramTable(
        programs=tuple(programs),
        specialty_index=np.array([SPECIALTIES.index(p.specialty) for p in programs], dtype=int),
        academic=cols[:, 0],
        log_applications=cols[:, 1],
        median_step2=cols[:, 2],
        img_share=cols[:, 3],
        unknown=cols[:, 4],
        img_unknown=cols[:, 5],
        visa_known=np.array([p.visa is not None for p in programs], dtype=bool),
        state=np.array([p.state or "" for p in programs]),
        region=np.array([p.region for p in programs]),
    )


@dataclass(frozen=True)
class Sample:
    """Stacked (applicant, program) pairs, grouped by applicant."""

    spec: PopulationSpec
    population: Population
    programs: tuple[Program, ...]  # the pool's programs; ``program`` indexes them
    features: ProgramFeatures  # one row per pair, with the fit z_ij as ``affinity``
    program: IntArray  # (P,) the pair's program
    owner: IntArray  # (P,) applicant index of each pair, non-decreasing
    starts: IntArray  # (N,) first pair of each applicant
    signal: IntArray  # (P,) SIGNAL_NONE / SIGNAL_SILVER / SIGNAL_GOLD
    comparator: NDArray[np.bool_]  # (P,) the next program the applicant would have signaled
    taste: FloatArray  # (P,) how much the applicant wants the program (ranking order)
    by_taste: IntArray  # (P,) the pairs grouped by applicant, each applicant's favourite first
    design: FloatArray  # (N, T) applicant term values, columns = ``terms``
    terms: tuple[str, ...]

    @property
    def size(self) -> int:
        """Applicants (those with at least one program open to them)."""
        return len(self.starts)

    def applicant_logit(self, params: ModelParameters) -> FloatArray:
        """x_i·b for every applicant at the point estimate: shape (N,)."""
        coef = np.array([params[t] for t in self.terms])
        out: FloatArray = self.design @ coef
        return out

    def types(self) -> NDArray[np.str_]:
        return self.population.types()


def type_mask(sample: Sample, kind: ApplicantType) -> NDArray[np.bool_]:
    out: NDArray[np.bool_] = sample.population.kind == APPLICANT_TYPES.index(kind)
    return out


def _top(scores: FloatArray, counts: IntArray) -> tuple[IntArray, IntArray]:
    """Row and column of each row's ``counts`` highest scores, rows in order, best first."""
    order = np.argsort(-scores, axis=1, kind="stable")
    keep = np.arange(scores.shape[1])[None, :] < counts[:, None]
    rows = np.broadcast_to(np.arange(scores.shape[0])[:, None], order.shape)
    return rows[keep], order[keep]


def _segment_rank(owner: IntArray, starts: IntArray, score: FloatArray) -> IntArray:
    """Rank of each pair within its applicant by ``score`` (0 = highest).

    Pairs are grouped by applicant, so the groups are laid out as the rows of a padded matrix
    and sorted row by row: far faster than one lexsort of every pair.
    """
    position = np.arange(len(owner)) - starts[owner]
    width = int(position.max()) + 1 if len(owner) else 0
    padded = np.full((len(starts), width), -np.inf)
    padded[owner, position] = score
    order = np.argsort(-padded, axis=1, kind="stable")
    rank = np.empty_like(order)
    np.put_along_axis(rank, order, np.arange(width)[None, :], axis=1)
    out: IntArray = rank[owner, position]
    return out


def _ties(
    pop: Population,
    owner: IntArray,
    starts: IntArray,
    base: FloatArray,
    spec: PopulationSpec,
    rng: np.random.Generator,
) -> FloatArray:
    """(P, T): away rotations and (IMGs) observerships at some of each applicant's programs."""
    n = pop.size
    rotations = (rng.random(n) < spec.away_rotation_share) * (
        1 + (rng.random(n) < SECOND_ROTATION_SHARE)
    )
    rank = _segment_rank(owner, starts, base + rng.gumbel(size=len(owner)))
    ties = np.zeros((len(owner), len(TIE_KINDS)))
    ties[:, _ROTATION] = rank < rotations[owner]
    observes = pop.is_img & (rng.random(n) < spec.observership_share)
    ties[:, _OBSERVERSHIP] = observes[owner] & (rank == rotations[owner])
    return ties


def _signals(
    owner: IntArray, starts: IntArray, score: FloatArray, spec: PopulationSpec
) -> tuple[IntArray, NDArray[np.bool_]]:
    rank = _segment_rank(owner, starts, score)
    gold, silver = spec.gold_signals, spec.silver_signals
    signal = np.where(
        rank < gold, SIGNAL_GOLD, np.where(rank < gold + silver, SIGNAL_SILVER, SIGNAL_NONE)
    )
    comparator = (rank == gold + silver) if gold + silver else np.zeros(len(owner), dtype=bool)
    return signal, comparator


def build_sample(
    spec: PopulationSpec, catalog: Sequence[Program], rng: np.random.Generator
) -> Sample:
    """Draw the population and its applications for ``spec.specialty``."""
    programs = tuple(p for p in catalog if p.specialty.value == spec.specialty)
    if not programs:
        raise ValueError(f"the catalog has no programs of specialty {spec.specialty}")
    table = program_table(programs, median_applications(catalog))
    states = {s: 1.0 + float((table.state == s).sum()) for s in set(table.state) if s}
    pop = draw_population(spec, rng, states=states or {"NY": 1.0})
    n, j = pop.size, len(programs)
    img = pop.is_img
    same_state, same_region = _connections(pop.home_state, table)
    receptive = -table.selectivity[None, :] + _IMG_SHARE * table.img_share[None, :] * img[:, None]
    z = rng.standard_normal((n, j))
    choice = (
        RECEPTIVE_WEIGHT * receptive
        + HOME_STATE_WEIGHT * same_state
        + HOME_REGION_WEIGHT * same_region
        + FIT_WEIGHT * z
        + rng.gumbel(size=(n, j))
    )
    open_ = open_matrix(pop, programs)
    choice = np.where(open_, choice, -np.inf)
    wanted = np.clip(rng.poisson(spec.applications_mean, n), 1, None)
    counts = np.minimum(wanted, open_.sum(axis=1))
    owner, prog = _top(choice, counts)
    applied = counts > 0
    # Applicants with nothing open to them drop out (the NRMP counts only those who rank).
    keep_applicant = np.flatnonzero(applied)
    renumber = np.full(n, -1)
    renumber[keep_applicant] = np.arange(len(keep_applicant))
    pop = _subset(pop, keep_applicant)
    owner = renumber[owner]
    sizes = np.bincount(owner, minlength=pop.size)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)
    pair_z = z[keep_applicant][owner, prog]
    state_pair = same_state[keep_applicant][owner, prog]
    region_pair = same_region[keep_applicant][owner, prog]
    prestige = table.selectivity[prog]
    near = FIT_WEIGHT * pair_z + HOME_REGION_WEIGHT * (state_pair | region_pair)
    ties = _ties(pop, owner, starts, near, spec, rng)
    signal_score = (
        ROTATION_SIGNAL_WEIGHT * ties[:, _ROTATION]
        + FIT_SIGNAL_WEIGHT * pair_z
        + HOME_STATE_WEIGHT * state_pair
        + RECEPTIVE_WEIGHT * receptive[keep_applicant][owner, prog]
        + PRESTIGE_WEIGHT * prestige
        + rng.gumbel(size=len(owner))
    )
    signal, comparator = _signals(owner, starts, signal_score, spec)
    taste = (
        PRESTIGE_WEIGHT * prestige
        + ROTATION_TASTE_WEIGHT * ties[:, _ROTATION]
        + HOME_STATE_WEIGHT * state_pair
        + FIT_WEIGHT * pair_z
        + rng.gumbel(size=len(owner))
    )
    is_img = pop.is_img[owner]
    needs = pop.visa[owner]
    visa_unknown = np.where(
        ~table.visa_known[prog] & (needs != VISA_NEEDS.index(VisaNeed.NONE)),
        np.where(needs == VISA_NEEDS.index(VisaNeed.H1B), 1, 0),
        -1,
    )
    features = ProgramFeatures(
        programs=tuple(map(programs.__getitem__, prog.tolist())),
        filters=((),) * len(prog),
        specialty_index=table.specialty_index[prog],
        academic=table.academic[prog],
        log_applications=table.log_applications[prog],
        median_step2=table.median_step2[prog],
        img_share=table.img_share[prog] * is_img,
        unknown_count=table.unknown[prog] + table.img_unknown[prog] * is_img,
        geo_state=state_pair.astype(float),
        geo_region=region_pair.astype(float),
        ties=ties,
        visa_unknown=visa_unknown.astype(int),
        affinity=pair_z,
    )
    terms, design = applicant_design(pop)
    return Sample(
        spec=spec,
        population=pop,
        programs=programs,
        features=features,
        program=prog.astype(np.int64),
        owner=owner.astype(np.int64),
        starts=starts,
        signal=signal.astype(np.int64),
        comparator=comparator,
        taste=taste,
        by_taste=np.lexsort((-taste, owner)),
        design=design,
        terms=terms,
    )


def _connections(
    home: NDArray[np.str_], table: ProgramTable
) -> tuple[NDArray[np.bool_], NDArray[np.bool_]]:
    """(N, J) same state, and same Census region but not same state, compared as codes."""
    names = sorted(set(home.tolist()) | set(table.state.tolist()) - {""})
    code = {name: k for k, name in enumerate(names)}
    home_code = np.array([code.get(s, -1) if s else -1 for s in home.tolist()])
    program_code = np.array([code.get(s, -2) if s else -2 for s in table.state.tolist()])
    regions = sorted({region_of(n) for n in names} - {"unknown"})
    region_code = np.array([regions.index(region_of(n)) if region_of(n) in regions else -1
                            for n in names] + [-1])  # fmt: skip
    home_region = region_code[home_code]  # -1 (no state) picks the trailing -1
    program_region = np.where(program_code >= 0, region_code[program_code], -2)
    same_state = home_code[:, None] == program_code[None, :]
    same_region = ~same_state & (home_region[:, None] == program_region[None, :])
    return same_state, same_region


def _subset(pop: Population, index: IntArray) -> Population:
    """The applicants ``index`` of ``pop``."""
    values = {
        name: getattr(pop, name)[index] for name in pop.__dataclass_fields__ if name != "spec"
    }
    return Population(spec=pop.spec, **values)
