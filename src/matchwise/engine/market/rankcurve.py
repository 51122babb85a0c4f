"""Your own P(match) by number of contiguous ranks, from simulated markets with you in them.

In each run of the market simulator (:mod:`matchwise.engine.market.simulator`) the market is
matched, and then you enter it, once for each number of ranks n = 1..``MAX_RANKS_SHOWN``, with
:func:`matchwise.engine.match.deferred_acceptance.insert_applicant` (exactly the matching of the
market with you in it, without solving it again):

- your shared factor *u* is drawn afresh in every run (how programs see you varies), and the
  programs' unknown attributes are the run's own;
- with n ranks, you interviewed at n programs drawn without replacement in proportion to your
  P(interview) there (Pick's model, no signal): the programs most likely to interview you come
  first, and the set for n + 1 is the set for n plus one program (Gumbel top-k sampling);
- you rank them by the same preferences as everyone (``market.preference`` plus a Gumbel taste),
  and each program places you in its list by its view of you, as it placed everyone
  (``market.program_view`` plus logistic noise).

So within a run, a longer list never leaves you worse off (deferred acceptance is strategy-proof
for applicants, and the sets are nested): the curve rises with n in every run.

>>> MAX_RANKS_SHOWN
20
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from matchwise.engine.market.simulator import (
    ENTRANT_FIGURES,
    MAX_RANKS_SHOWN,
    MarketSpec,
    SyntheticMarket,
    generate_market,
    interview_probability,
    market_aggregates,
    preference,
    program_view,
)
from matchwise.engine.match.deferred_acceptance import (
    SolvedSingles,
    insert_applicant,
    solve_singles_state,
)
from matchwise.engine.pick.listproblem import FloatArray, IntArray
from matchwise.engine.pick.model import (
    ProgramFeatures,
    applicant_logit,
    median_applications,
    program_features,
)
from matchwise.engine.pick.parameters import ModelParameters
from matchwise.engine.pick.profile import Profile
from matchwise.engine.pick.program import Program

ENTRANT_PREFIX = f"{ENTRANT_FIGURES}p_match_by_ranks."


@dataclass(frozen=True)
class Entrant:
    """You, as the market sees you: your features at each program of the specialty."""

    features: ProgramFeatures  # rows: the market's programs, in the market's order
    x: float  # x_i·b at the point estimate


def make_entrant(
    profile: Profile,
    specialty: str,
    catalog: Sequence[Program],
    params: ModelParameters,
) -> Entrant:
    programs = [p for p in catalog if p.specialty.value == specialty]
    features = program_features(profile, programs, medians=median_applications(catalog))
    return Entrant(features=features, x=float(applicant_logit(profile, params.point())[0, 0]))


@dataclass(frozen=True)
class EntrantDraw:
    """One run's draws for you: the order programs join your interview set, your taste for
    each program, and the place each program's list would give you."""

    order: IntArray  # programs that could interview you, in the order they join your set
    taste: FloatArray  # (J,)
    positions: IntArray  # (J,) 0 = top of the program's list

    def rank_list(self, n: int) -> tuple[IntArray, IntArray]:
        """Your rank list with n interviews (programs, most wanted first) and your places."""
        chosen = self.order[:n]
        ranked = chosen[np.argsort(-self.taste[chosen], kind="stable")]
        return ranked, self.positions[ranked]


def draw_entrant(
    market: SyntheticMarket, entrant: Entrant, params: ModelParameters, rng: np.random.Generator
) -> EntrantDraw:
    f = entrant.features
    j = len(market.programs)
    u = float(rng.standard_normal())
    p = interview_probability(
        f, params, x=np.full(j, entrant.x), u=np.full(j, u), effect=market.program_effect,
        signal=np.zeros(j, dtype=int),
    )  # fmt: skip
    taste = preference(f, params) + rng.gumbel(size=j)
    strength = entrant.x + params["factor.loading"] * u
    view = program_view(f, params, np.full(j, strength)) + rng.logistic(size=j)
    with np.errstate(divide="ignore"):
        keys = np.log(p) + rng.gumbel(size=j)  # Gumbel top-k: without replacement, ∝ p
    possible = np.flatnonzero(p > 0)
    order = possible[np.argsort(-keys[possible], kind="stable")]
    lists = market.rank_lists
    positions = np.array(
        [
            # the program's list is in decreasing order of its view: you go below every
            # applicant it rates higher
            int(np.searchsorted(-market.program_scores[lo:hi], -view[k], side="left"))
            for k, (lo, hi) in enumerate(pairwise(lists.prog_offsets))
        ],
        dtype=np.int64,
    )
    return EntrantDraw(order=order, taste=taste, positions=positions)


def entrant_matches(
    solved: SolvedSingles, draw: EntrantDraw, max_ranks: int = MAX_RANKS_SHOWN
) -> FloatArray:
    """1.0 if you match with n ranks, 0.0 if not, NaN if fewer than n programs could
    interview you; n = 1..max_ranks."""
    out = np.full(max_ranks, np.nan)
    for n in range(1, min(max_ranks, draw.order.size) + 1):
        choices, positions = draw.rank_list(n)
        out[n - 1] = float(
            insert_applicant(solved, choices.tolist(), positions.tolist()).program >= 0
        )
    return out


def simulate_run_with_entrant(
    spec: MarketSpec,
    catalog: Sequence[Program],
    params: ModelParameters,
    rng: np.random.Generator,
    entrant: Entrant,
) -> dict[str, float]:
    """A run's figures (:func:`market.market_aggregates`), plus ``you.p_match_by_ranks.<n>``.

    The market's own draws come first, so its figures are those of the run without you.
    """
    market = generate_market(spec, catalog, params, rng)
    solved = solve_singles_state(market.rank_lists)
    figures = market_aggregates(market, solved.matching)
    matches = entrant_matches(solved, draw_entrant(market, entrant, params, rng))
    figures.update({f"{ENTRANT_PREFIX}{n}": float(m) for n, m in enumerate(matches, start=1)})
    return figures
