"""The one-factor model: monotone where it must be, zero where filtered, and explained exactly."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matchwise.engine.pick.explain import explain_program, program_notes
from matchwise.engine.pick.model import (
    applicant_logit,
    evaluate_model,
    interview_logit,
    program_features,
)
from matchwise.engine.pick.priors import prior_parameters
from matchwise.engine.pick.quadrature import normal_quadrature
from tests.engine.factories import a_profile, a_program

PARAMS = prior_parameters()
NODES, WEIGHTS = normal_quadrature(24)
PROGRAMS = [
    a_program("1001416A0", state="NY", academic=True, img_share=0.2, visa=["J-1"]),
    a_program("1002420A0", specialty="420", state="TX", median_step2=255),
    a_program("1003999P0", specialty="999", track="P", visa=[]),
    a_program("1004140P0", specialty="prelim", track="P", applications_per_position=40.0),
]


def interview_probabilities(profile, programs=PROGRAMS, params=PARAMS):
    f = program_features(profile, programs)
    arrays = evaluate_model(applicant_logit(profile, params.point()), f, params.point(), NODES)
    return arrays.interview[0] @ WEIGHTS, arrays


@settings(max_examples=40, deadline=None)
@given(low=st.integers(200, 279), gain=st.integers(1, 20))
def test_a_higher_step2_never_lowers_an_interview_probability(low, gain):
    before, _ = interview_probabilities(a_profile(step2_score=low))
    after, _ = interview_probabilities(a_profile(step2_score=low + gain))
    assert np.all(after >= before)
    assert np.any(after > before)


def test_a_filtered_program_gets_exactly_zero():
    p, arrays = interview_probabilities(a_profile(visa_need="J-1"))
    assert p[2] == 0.0  # the 999 program sponsors no visas
    assert np.all(arrays.accept()[0, 2] == 0.0)
    assert np.all(arrays.accept(2)[0, 2] == 0.0)
    assert not arrays.eligible[2]


def test_signals_raise_and_gold_beats_silver():
    _, arrays = interview_probabilities(a_profile())
    none, silver, gold = (arrays.accept(s)[0] @ WEIGHTS for s in (0, 1, 2))
    eligible = arrays.eligible
    assert np.all(silver[eligible] > none[eligible])
    assert np.all(gold[eligible] > silver[eligible])


def test_contributions_add_up_to_the_logit():
    profile = a_profile(
        home_states=("NY",),
        ties=({"program": "1001416A0", "kind": "mentor", "person": "Dr. Rao"},),
        us_ir_dr_letters=2,
        peer_reviewed_publications=3,
    )
    f = program_features(profile, PROGRAMS)
    x = applicant_logit(profile, PARAMS.point())
    logit = interview_logit(x, f, PARAMS.point(), np.array([0.0]))[0, :, 0]
    for j in range(len(PROGRAMS)):
        total = sum(c.value for c in explain_program(profile, f, j, PARAMS))
        assert total == pytest.approx(logit[j], abs=1e-12)
    texts = [c.text for c in explain_program(profile, f, 0, PARAMS)]
    assert "your mentor Dr. Rao is on faculty (+0.90)" in texts
    assert any(t.startswith("geographic connection to NY") for t in texts)


def test_a_mentor_raises_that_program_only():
    base, _ = interview_probabilities(a_profile())
    tied, _ = interview_probabilities(a_profile(ties=({"program": "1002420A0", "kind": "mentor"},)))
    assert tied[1] > base[1]
    assert tied[0] == base[0]


def test_unknown_visa_policy_counts_as_the_prior_sponsorship_share():
    profile = a_profile(visa_need="J-1")
    known, _ = interview_probabilities(profile, [a_program(visa=["J-1"])])
    unknown, _ = interview_probabilities(profile, [a_program(visa=None)])
    assert unknown[0] == pytest.approx(known[0] * PARAMS["visa.unknown_j1_rate"])
    f = program_features(profile, [a_program(visa=None)])
    assert "visa policy unknown" in program_notes(f, 0, PARAMS)[0]


def test_unknown_attributes_widen_the_interval():
    profile = a_profile()
    known = a_program(
        academic=True, img_share=0.1, applications_per_position=50.0, median_step2=250, visa=["J-1"]
    )
    unknown = a_program(visa=["J-1"])
    catalog = [known, unknown, a_program("2", applications_per_position=50.0, visa=["J-1"])]
    draws = PARAMS.draws(400, np.random.default_rng(3))
    f = program_features(profile, catalog)
    arrays = evaluate_model(
        applicant_logit(profile, draws), f, draws, NODES, np.random.default_rng(4)
    )
    marginal = arrays.interview @ WEIGHTS  # (D, J)
    width = np.percentile(marginal, 95, axis=0) - np.percentile(marginal, 5, axis=0)
    assert width[1] > width[0]


def test_draws_centre_on_the_point_estimate():
    profile = a_profile()
    draws = PARAMS.draws(2000, np.random.default_rng(5))
    f = program_features(profile, PROGRAMS)
    point = evaluate_model(applicant_logit(profile, PARAMS.point()), f, PARAMS.point(), NODES)
    drawn = evaluate_model(applicant_logit(profile, draws), f, draws, NODES)
    median = np.median(drawn.interview @ WEIGHTS, axis=0)
    assert median == pytest.approx(point.interview[0] @ WEIGHTS, rel=0.25)


@settings(max_examples=60, deadline=None)
@given(
    step2=st.integers(200, 280),
    minimum=st.integers(200, 280),
    grad=st.integers(2010, 2027),
    limit=st.integers(0, 10),
    visa=st.sampled_from(["none", "J-1", "H-1B", "J-1 or H-1B"]),
    sponsored=st.sets(st.sampled_from(["J-1", "H-1B"])),
)
def test_a_filtered_program_never_gets_a_probability_above_zero(
    step2, minimum, grad, limit, visa, sponsored
):
    from matchwise.engine.pick.filters import hard_filters

    profile = a_profile(step2_score=step2, graduation_year=grad, visa_need=visa)
    program = a_program(min_step2=minimum, max_years_since_graduation=limit, visa=sorted(sponsored))
    p, arrays = interview_probabilities(profile, [program])
    if hard_filters(profile, program):
        assert p[0] == 0.0
        assert np.all(arrays.accept(2) == 0.0)
    else:
        assert p[0] > 0.0


def test_the_signaled_shortcut_equals_the_full_model():
    from matchwise.engine.pick.model import evaluate_signaled

    profile = a_profile(home_states=("NY",))
    f = program_features(profile, PROGRAMS)
    draws = PARAMS.draws(30, np.random.default_rng(9))
    x = applicant_logit(profile, draws)
    full = evaluate_model(x, f, draws, NODES, np.random.default_rng(1))
    signal = np.array([2, 1, 0, 2])
    interview, conversion = evaluate_signaled(x, f, draws, NODES, signal, np.random.default_rng(1))
    expected = np.stack(
        [
            full.interview_gold[:, 0],
            full.interview_silver[:, 1],
            full.interview[:, 2],
            full.interview_gold[:, 3],
        ],
        axis=1,
    )
    assert np.allclose(interview, expected)
    assert np.allclose(conversion, full.conversion)


def test_a_long_shots_signal_cannot_turn_one_percent_into_fifty():
    """Issue 13: a signal's effect depends on the applicant; it fades for a long shot."""
    from matchwise.engine.pick.model import signal_shift

    slope, level = PARAMS["signal.slope"], PARAMS["signal.silver"] + 3.0  # a generous signal
    for p in (0.001, 0.01, 0.03):
        logit = np.log(p / (1 - p))
        signaled = 1 / (1 + np.exp(-(logit + signal_shift(np.array(logit), level, slope))))
        assert signaled < 0.5 * (p / 0.01) ** 0.5, p


@settings(max_examples=40, deadline=None)
@given(low=st.floats(-8, 3), gain=st.floats(0.01, 4))
def test_a_signal_adds_more_to_a_stronger_application_and_never_subtracts(low, gain):
    from matchwise.engine.pick.model import signal_shift

    weak = float(signal_shift(np.array(low), PARAMS["signal.silver"], PARAMS["signal.slope"]))
    strong = float(
        signal_shift(np.array(low + gain), PARAMS["signal.silver"], PARAMS["signal.slope"])
    )
    assert 0 < weak <= strong


def test_the_explained_signal_is_the_models_signal():
    profile = a_profile(home_states=("TX",))
    f = program_features(profile, PROGRAMS)
    point = PARAMS.point()
    x = applicant_logit(profile, point)
    logit = interview_logit(x, f, point, np.array([0.0]))[0, 1, 0]
    parts = explain_program(profile, f, 1, PARAMS, signal=2)
    assert sum(c.value for c in parts) > logit
    signal = next(c for c in parts if c.label == "signal (gold)")
    assert sum(c.value for c in parts) - signal.value == pytest.approx(logit, abs=1e-12)
