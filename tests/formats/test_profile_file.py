"""The profile file: clear messages for every mistake, lossless round trips, what-if changes."""

import filecmp
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matchwise.engine.profile import Profile
from matchwise.formats.profile import (
    ProfileError,
    apply_change,
    read_profile,
    write_profile,
)

FIXTURES = Path(__file__).parent.parent / "fixtures" / "profiles"
ROOT = Path(__file__).parents[2]
EXAMPLE = ROOT / "examples" / "profile-non-us-img.toml"


def test_the_example_profile_reads_and_matches_the_packaged_copy():
    profile = read_profile(EXAMPLE)
    assert profile.applicant_type.value == "non_us_img"
    assert [s.value for s in profile.specialties] == ["416", "420", "999", "prelim"]
    assert filecmp.cmp(EXAMPLE, ROOT / "src" / "matchwise" / "data" / "example_profile.toml")


def test_json_profiles_work_too():
    assert read_profile(FIXTURES / "minimal.json").applicant_type.value == "us_img"


@pytest.mark.parametrize(
    ("name", "messages"),
    [
        ("typo.toml", ["typo.toml: unknown field 'step2'; did you mean 'step2_score'?"]),
        (
            "bad-values.toml",
            [
                'bad-values.toml: applicant_type: "img" is not one of',
                "bad-values.toml: step2_score: 320 is too high (at most 300)",
                "bad-values.toml: exam_attempts: 0 is too low (at least 1)",
            ],
        ),
        ("syntax.toml", ["syntax.toml: TOML syntax error"]),
        ("missing.toml", ["missing.toml: file not found"]),
    ],
)
def test_mistakes_are_named_by_file_and_field(name, messages):
    with pytest.raises(ProfileError) as caught:
        read_profile(FIXTURES / name)
    for message in messages:
        assert message in str(caught.value)


def test_missing_fields_and_wrong_extensions(tmp_path):
    path = tmp_path / "p.toml"
    path.write_text('applicant_type = "us_img"\n', encoding="utf-8")
    with pytest.raises(ProfileError, match="match_year: required field is missing"):
        read_profile(path)
    with pytest.raises(ProfileError, match=r"\.toml or \.json"):
        read_profile(tmp_path / "p.yaml")


profiles = st.builds(
    Profile,
    applicant_type=st.sampled_from(["us_md_senior", "us_img", "non_us_img"]),
    match_year=st.just(2027),
    graduation_year=st.integers(2000, 2027),
    step2_score=st.none() | st.integers(180, 300),
    exam_attempts=st.integers(1, 6),
    usce_hands_on_months=st.floats(0, 120, allow_nan=False),
    us_ir_dr_letters=st.integers(0, 10),
    peer_reviewed_publications=st.integers(0, 20),
    home_states=st.lists(st.sampled_from(["NY", "TX"]), max_size=2).map(tuple),
    specialties=st.lists(
        st.sampled_from(["416", "420", "999", "prelim"]), min_size=1, max_size=4, unique=True
    ).map(tuple),
    preferences=st.dictionaries(
        st.sampled_from(["416", "420", "1234420A0"]), st.floats(0, 1, allow_nan=False), max_size=3
    ),
    ties=st.lists(
        st.builds(
            dict,
            program=st.sampled_from(["1234416A0", "9999420C0"]),
            kind=st.sampled_from(["mentor", "sponsor", "rotation"]),
            person=st.none() | st.text('ab. "\\', max_size=8),
        ),
        max_size=2,
    ).map(tuple),
    name=st.none() | st.text(min_size=1, max_size=20).map(str.strip).filter(bool),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(profile=profiles)
@pytest.mark.parametrize("suffix", [".toml", ".json"])
def test_write_then_read_gives_the_same_profile(tmp_path, suffix, profile):
    path = tmp_path / f"p{suffix}"
    write_profile(profile, path)
    assert read_profile(path) == profile


@pytest.mark.parametrize(
    ("change", "field", "value"),
    [
        ("step2=250", "step2_score", 250),
        ("step2=none", "step2_score", None),
        ("letters+1", "us_ir_dr_letters", 2),
        ("pubs+3", "peer_reviewed_publications", 6),
        ("usce+2", "usce_hands_on_months", 6.0),
        ("visa_need=none", "visa_need", "none"),
        ("completed_pgy1=yes", "completed_pgy1", True),
        ("home_states+=tx", "home_states", ("NY", "TX")),
    ],
)
def test_what_if_changes(change, field, value):
    changed = apply_change(read_profile(EXAMPLE), change)
    assert getattr(changed, field) == value


def test_a_tie_change_adds_a_tie():
    changed = apply_change(read_profile(EXAMPLE), "mentor=1234416A0")
    assert [(t.program, t.kind.value) for t in changed.ties] == [("1234416A0", "mentor")]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("step3=250", "unknown field 'step3'"),
        ("step2=abc", "'abc' is not a number"),
        ("step2=350", "step2_score: 350 is too high"),
        ("letters", "cannot read it"),
        ("applicant_type+1", "is not a number to add to"),
    ],
)
def test_bad_changes_say_what_is_accepted(change, message):
    with pytest.raises(ProfileError, match=message):
        apply_change(read_profile(EXAMPLE), change)
