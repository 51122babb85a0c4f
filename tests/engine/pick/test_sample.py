"""The synthetic pool on arrays: the same applicants and features the scalar model sees, in the
published type mix, choosing where to apply, rotate and signal as applicants do."""

import numpy as np
import pytest

from matchwise.engine.pick.features import applicant_design, applicant_terms
from matchwise.engine.pick.filters import hard_filters, open_matrix
from matchwise.engine.pick.model import (
    ARRAY_FIELDS,
    TIE_KINDS,
    median_applications,
    program_features,
)
from matchwise.engine.pick.population import (
    APPLICANT_TYPES,
    DR_TYPE_SHARES,
    PopulationSpec,
    draw_population,
    type_counts,
)
from matchwise.engine.pick.profile import Tie
from matchwise.engine.pick.sample import build_sample
from tests.engine.factories import a_program

STATES = ("NY", "TX", "CA", "IL", "FL", "OH")
SPEC = PopulationSpec("420", 150, 90, 14.0, DR_TYPE_SHARES, gold_signals=3, silver_signals=2,
                      away_rotation_share=0.5)  # fmt: skip


def catalog():
    rng = np.random.default_rng(3)
    out = []
    for i in range(40):
        out.append(
            a_program(
                f"{2000 + i}420A0",
                specialty="420",
                state=STATES[i % len(STATES)],
                academic=bool(rng.random() < 0.6) if i % 7 else None,
                img_share=float(rng.beta(1, 5)) if i % 5 else None,
                applications_per_position=float(rng.lognormal(4, 0.3)) if i % 6 else None,
                median_step2=int(rng.integers(240, 262)) if i % 4 else None,
                visa=[["J-1"], ["H-1B"], [], None][i % 4],
                max_years_since_graduation=[None, 3, 5][i % 3],
                min_step2=[None, 235, 245][i % 3],
                max_attempts=[None, 1][i % 2],
                min_usce_months=[None, 0, 3][i % 3],
                ecfmg_deadline=[None, "rank_deadline", "application"][i % 3],
            )
        )
    return out


@pytest.fixture(scope="module")
def sample():
    return build_sample(SPEC, catalog(), np.random.default_rng(5))


def test_the_type_mix_is_the_specs_exactly():
    counts = type_counts(PopulationSpec("420", 1297, 1182, 72, DR_TYPE_SHARES))
    assert counts.sum() == 1297
    shares = counts / 1297
    for kind, share in DR_TYPE_SHARES.items():
        assert shares[APPLICANT_TYPES.index(kind)] == pytest.approx(share, abs=1 / 1297)


def test_the_filters_on_arrays_agree_with_the_rules_pair_by_pair():
    programs = catalog()
    pop = draw_population(SPEC, np.random.default_rng(1), states=dict.fromkeys(STATES, 1.0))
    matrix = open_matrix(pop, programs)
    for i in range(pop.size):
        profile = pop.profile(i)
        for j, program in enumerate(programs):
            assert matrix[i, j] == (not hard_filters(profile, program)), (i, j)


def test_the_applicant_terms_on_arrays_are_the_scalar_ones():
    pop = draw_population(SPEC, np.random.default_rng(2), states={"NY": 1.0})
    names, design = applicant_design(pop)
    for i in range(pop.size):
        want = dict.fromkeys(names, 0.0)
        for term in applicant_terms(pop.profile(i)):
            want[term.parameter] += term.value
        assert design[i] == pytest.approx([want[n] for n in names]), i


def test_each_pairs_features_are_what_pick_computes_for_that_applicant(sample):
    programs = catalog()
    medians = median_applications(programs)
    f = sample.features
    for i in range(0, sample.size, 7):
        rows = np.flatnonzero(sample.owner == i)
        chosen = [programs[k] for k in sample.program[rows]]
        ties = tuple(
            Tie(program=programs[sample.program[r]].code, kind=kind)
            for r in rows
            for t, kind in enumerate(TIE_KINDS)
            if f.ties[r, t]
        )
        want = program_features(sample.population.profile(i, ties), chosen, medians=medians)
        assert not any(want.filters)  # applicants only apply where they can
        for name in ARRAY_FIELDS:
            assert getattr(f, name)[rows] == pytest.approx(getattr(want, name)), (i, name)


def test_signals_are_the_published_counts_and_the_comparator_comes_next(sample):
    for i in range(sample.size):
        rows = sample.owner == i
        gold = (sample.signal[rows] == 2).sum()
        silver = (sample.signal[rows] == 1).sum()
        n = int(rows.sum())
        assert gold == min(3, n)
        assert silver == min(2, max(n - 3, 0))
        assert sample.comparator[rows].sum() == (1 if n > 5 else 0)
        assert not (sample.comparator[rows] & (sample.signal[rows] > 0)).any()


def test_applicants_choose_not_uniformly(sample):
    """Applications lean to home states and to the programs applicants fit."""
    f = sample.features
    applied_home = f.geo_state.mean()
    states_in_catalog = len(STATES)
    assert applied_home > 1.2 / states_in_catalog * (1 - 0.5 * 0.27)  # IMGs may have no state
    assert f.affinity.mean() > 0.2  # applications go where the fit is better than average
    signaled = sample.signal > 0
    assert f.affinity[signaled].mean() > f.affinity[~signaled].mean()
    rotated = f.ties[:, TIE_KINDS.index("rotation")] > 0
    assert (sample.signal[rotated] > 0).mean() > (sample.signal[~rotated] > 0).mean()


def test_the_same_seed_draws_the_same_pool():
    a = build_sample(SPEC, catalog(), np.random.default_rng(9))
    b = build_sample(SPEC, catalog(), np.random.default_rng(9))
    assert np.array_equal(a.program, b.program) and np.array_equal(a.signal, b.signal)
    assert np.array_equal(a.features.affinity, b.features.affinity)
