"""The profile file: clear messages for every mistake, lossless round trips, what-if changes."""

import filecmp
import os
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matchwise.engine.pick.profile import EcfmgStatus, Profile, TieKind, VisaNeed
from matchwise.formats.pick.profile import (
    ALIASES,
    ProfileError,
    apply_change,
    profile_from_data,
    read_profile,
    write_profile,
)

FIXTURES = Path(__file__).parents[2] / "fixtures" / "profiles"
ROOT = Path(__file__).parents[3]
EXAMPLE = ROOT / "examples" / "profile-non-us-img.toml"
FORMAT_DOC = (ROOT / "docs" / "profile-format.md").read_text(encoding="utf-8")
MINIMAL = {"applicant_type": "us_img", "match_year": 2027, "graduation_year": 2025}


@pytest.fixture(scope="module")
def example() -> Profile:
    return read_profile(EXAMPLE)


# ---- the example and the docs ----------------------------------------------------------------


def test_the_example_profile_reads_and_matches_the_packaged_copy(example):
    assert example.applicant_type.value == "non_us_img"
    assert [s.value for s in example.specialties] == ["416", "420", "999", "prelim"]
    assert filecmp.cmp(EXAMPLE, ROOT / "src" / "matchwise" / "data" / "example_profile.toml")


def test_the_example_is_the_applicant_the_docs_describe(example):
    assert (example.step2_score, example.exam_attempts) == (245, 1)
    assert (example.graduation_year, example.match_year) == (2022, 2027)
    assert example.ecfmg is EcfmgStatus.CERTIFIED
    assert example.visa_need is VisaNeed.J1_OR_H1B
    hands_on, observed, ir = (4, 3, 2)
    assert example.usce_hands_on_months == hands_on
    assert example.usce_observership_months == observed
    assert example.usce_ir_months == ir
    assert (example.us_ir_dr_letters, example.us_other_letters) == (1, 1)
    assert example.peer_reviewed_publications == 3
    assert (example.first_author_publications, example.ir_publications) == (1, 2)
    assert example.presentations == 4
    assert example.home_states == ("NY",)
    assert example.preferences == {"416": 1.0, "420": 0.8}
    assert example.ties == ()  # program codes depend on the catalog


def test_every_field_is_explained_in_the_example_and_documented():
    example_text = EXAMPLE.read_text(encoding="utf-8")
    for field in Profile.model_fields:
        assert re.search(rf"\b{field}\b", example_text), f"the example never mentions {field}"
        assert (
            f"`{field}`" in FORMAT_DOC
            or f"`[{field}]`" in FORMAT_DOC
            or (f"`[[{field}]]`" in FORMAT_DOC)
        ), f"docs/profile-format.md lacks {field}"


def test_every_value_line_of_the_example_carries_a_comment():
    # a value is explained on its own line or in the comment block of its paragraph
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines):
        if not line or line.startswith(("#", " ")):
            continue
        paragraph = []
        for before in reversed(lines[: number + 1]):
            if not before.strip():
                break
            paragraph.append(before)
        assert any("#" in text for text in paragraph), f"line {number + 1} is unexplained: {line}"


def test_every_short_name_is_a_field_and_is_documented():
    for short, field in ALIASES.items():
        assert field in Profile.model_fields
        assert f"| `{short}` | `{field}`" in FORMAT_DOC, f"docs lack the short name {short}"


def test_json_profiles_work_too():
    assert read_profile(FIXTURES / "minimal.json").applicant_type.value == "us_img"


# ---- mistakes ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "messages"),
    [
        ("typo.toml", ["typo.toml: unknown field 'step2'; did you mean 'step2_score'?"]),
        (
            "bad-values.toml",
            [
                'bad-values.toml: applicant_type: "img" is not one of us_md_senior, '
                "us_do_senior, us_img, non_us_img",
                "bad-values.toml: step2_score: 320 is too high (at most 300)",
                "bad-values.toml: exam_attempts: 0 is too low (at least 1)",
            ],
        ),
        (
            "bad-types.toml",
            [
                "bad-types.toml: step2_score: 245.5 should be a whole number",
                'bad-types.toml: usce_hands_on_months: "four" should be a number',
                'bad-types.toml: home_states: "NY" should be a list in square brackets',
            ],
        ),
        (
            "bad-tie.toml",
            [
                'bad-tie.toml: specialties[2]: "417" is not one of 416, 415, 420, 999, prelim',
                'bad-tie.toml: ties[1].kind: "friend" is not one of mentor, sponsor, research,',
                "bad-tie.toml: unknown field 'ties[1].persn'; did you mean 'person'?",
            ],
        ),
        ("syntax.toml", ["syntax.toml: line 1: TOML syntax error: ", "closing quote"]),
        ("unquoted.toml", ["unquoted.toml: line 4: TOML syntax error", "text needs quotes"]),
        ("syntax.json", ["syntax.json: line 4: JSON syntax error"]),
        ("missing.toml", ["missing.toml: file not found"]),
    ],
)
def test_mistakes_are_named_by_file_and_field(name, messages):
    with pytest.raises(ProfileError) as caught:
        read_profile(FIXTURES / name)
    for message in messages:
        assert message in str(caught.value)
    assert "Traceback" not in str(caught.value)
    assert "pydantic" not in str(caught.value)


def test_every_problem_is_listed_one_per_line():
    with pytest.raises(ProfileError) as caught:
        read_profile(FIXTURES / "bad-values.toml")
    assert len(caught.value.problems) == 3
    assert str(caught.value).splitlines() == list(caught.value.problems)


def test_a_bad_item_in_a_list_is_reported_once():
    with pytest.raises(ProfileError) as caught:
        profile_from_data({**MINIMAL, "specialties": ["417"]})
    assert caught.value.problems == (
        'profile: specialties[1]: "417" is not one of 416, 415, 420, 999, prelim',
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({**MINIMAL}, "profile: specialties: required field is missing"),
        ({**MINIMAL, "specialties": []}, "specialties: [] must list at least one"),
        ({**MINIMAL, "specialties": ["416"], "name": 5}, "name: 5 should be text in quotes"),
        ({**MINIMAL, "specialties": ["416"], "completed_pgy1": "maybe"}, "should be true or"),
        ({**MINIMAL, "specialties": ["416"], "budget_usd": -1}, "-1 is too low (at least 0)"),
        ({**MINIMAL, "specialties": ["416"], "ties": ["x"]}, 'ties[1]: "x" should be a table'),
        ({**MINIMAL, "specialties": ["416"], "home_states": ["XX"]}, "XX is not a two-letter"),
        ({**MINIMAL, "specialties": ["416"], "letters": 2}, "did you mean 'us_ir_dr_letters'?"),
        ({**MINIMAL, "specialties": ["416"], "zzz": 2}, "unknown field 'zzz' (the fields are in"),
        (
            {**MINIMAL, "specialties": ["416"], "visa_need": "J1"},
            'visa_need: "J1" is not one of none, J-1, H-1B, "J-1 or H-1B"',
        ),
        (
            {**MINIMAL, "specialties": ["416"], "graduation_year": 2030},
            "profile: graduation_year 2030 is after match_year 2027",
        ),
    ],
)
def test_each_kind_of_mistake_is_said_in_plain_words(data, message):
    with pytest.raises(ProfileError) as caught:
        profile_from_data(data)
    assert message in str(caught.value)
    assert "Input should" not in str(caught.value)


def test_missing_fields_and_wrong_extensions(tmp_path):
    path = tmp_path / "p.toml"
    path.write_text('applicant_type = "us_img"\n', encoding="utf-8")
    with pytest.raises(ProfileError, match=r"p\.toml: match_year: required field is missing"):
        read_profile(path)
    with pytest.raises(ProfileError, match=r"\.toml or \.json"):
        read_profile(tmp_path / "p.yaml")


def test_files_that_cannot_be_read_say_why(tmp_path):
    (tmp_path / "folder.toml").mkdir()
    with pytest.raises(ProfileError, match="is a folder"):
        read_profile(tmp_path / "folder.toml")
    (tmp_path / "latin1.toml").write_bytes('name = "Jos\xe9"\n'.encode("latin-1"))
    with pytest.raises(ProfileError, match=r"not UTF-8 text"):
        read_profile(tmp_path / "latin1.toml")
    (tmp_path / "list.json").write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(ProfileError, match="must be a table of fields"):
        read_profile(tmp_path / "list.json")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any file")
def test_an_unreadable_file_says_permission_denied(tmp_path):
    path = tmp_path / "p.toml"
    path.write_text("", encoding="utf-8")
    path.chmod(0)
    with pytest.raises(ProfileError, match="permission denied"):
        read_profile(path)


def test_a_windows_byte_order_mark_is_fine(tmp_path):
    path = tmp_path / "p.json"
    path.write_text(
        FIXTURES.joinpath("minimal.json").read_text(encoding="utf-8"), encoding="utf-8-sig"
    )
    assert read_profile(path).applicant_type.value == "us_img"


# ---- writing -------------------------------------------------------------------------------


def _consistent(data: dict) -> Profile:
    # the model refuses more first-author items than items, so keep the draw inside the rule
    limit = data["peer_reviewed_publications"] + data["presentations"]
    data["first_author_publications"] = min(data["first_author_publications"], limit)
    return Profile(**data)


profiles = st.fixed_dictionaries(
    {
        "applicant_type": st.sampled_from(["us_md_senior", "us_do_senior", "us_img", "non_us_img"]),
        "match_year": st.just(2027),
        "graduation_year": st.integers(1960, 2027),
        "step2_score": st.none() | st.integers(180, 300),
        "step1_passed": st.booleans(),
        "step3_passed": st.booleans(),
        "exam_attempts": st.integers(1, 6),
        "ecfmg": st.sampled_from(list(EcfmgStatus)),
        "visa_need": st.sampled_from(list(VisaNeed)),
        "usce_hands_on_months": st.floats(0, 120, allow_nan=False),
        "usce_observership_months": st.integers(0, 120),
        "usce_ir_months": st.floats(0, 120, allow_nan=False),
        "us_ir_dr_letters": st.integers(0, 10),
        "us_other_letters": st.integers(0, 10),
        "non_us_letters": st.integers(0, 10),
        "peer_reviewed_publications": st.integers(0, 500),
        "first_author_publications": st.integers(0, 500),
        "ir_publications": st.integers(0, 500),
        "presentations": st.integers(0, 500),
        "completed_pgy1": st.booleans(),
        "home_states": st.lists(st.sampled_from(["NY", "TX", "PR", "DC"]), max_size=3).map(tuple),
        "specialties": st.lists(
            st.sampled_from(["416", "415", "420", "999", "prelim"]),
            min_size=1,
            max_size=5,
            unique=True,
        ).map(tuple),
        "preferences": st.dictionaries(
            st.sampled_from(["416", "420", "1234420A0", 'we"ird key']),
            st.floats(0, 1, allow_nan=False),
            max_size=3,
        ),
        "ties": st.lists(
            st.builds(
                dict,
                program=st.sampled_from(["1234416A0", "9999420C0"]),
                kind=st.sampled_from(list(TieKind)),
                person=st.none() | st.text('ab. "\\\x7f\t', max_size=8),
            ),
            max_size=3,
        ).map(tuple),
        "name": st.none() | st.text(min_size=1, max_size=20).map(str.strip).filter(bool),
        # no infinity: JSON has none, so an infinite budget cannot survive a .json round trip
        "budget_usd": st.none() | st.floats(0, 1e9, allow_nan=False),
        "max_applications": st.none() | st.integers(1, 1000),
    }
).map(_consistent)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(profile=profiles)
@pytest.mark.parametrize("suffix", [".toml", ".json"])
def test_write_then_read_gives_the_same_profile(tmp_path, suffix, profile):
    path = tmp_path / f"p{suffix}"
    write_profile(profile, path)
    assert read_profile(path) == profile


def test_the_example_survives_a_round_trip(tmp_path, example):
    write_profile(example, tmp_path / "again.toml")
    assert read_profile(tmp_path / "again.toml") == example
    assert "[preferences]" in (tmp_path / "again.toml").read_text(encoding="utf-8")


def test_writing_refuses_other_suffixes_and_missing_folders(tmp_path, example):
    with pytest.raises(ProfileError, match=r"\.toml or \.json"):
        write_profile(example, tmp_path / "p.yaml")
    with pytest.raises(ProfileError, match="cannot write the file"):
        write_profile(example, tmp_path / "no" / "such" / "p.toml")


# ---- what-if changes -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "field", "value"),
    [
        ("step2=250", "step2_score", 250),
        ("step2_score=250", "step2_score", 250),
        ("Step2 = 250", "step2_score", 250),
        ("step2=none", "step2_score", None),
        ("letters+1", "us_ir_dr_letters", 2),
        ("us_ir_dr_letters+1", "us_ir_dr_letters", 2),
        ("letters+=2", "us_ir_dr_letters", 3),
        ("letters-1", "us_ir_dr_letters", 0),
        ("pubs+3", "peer_reviewed_publications", 6),
        ("peer_reviewed_publications+3", "peer_reviewed_publications", 6),
        ("usce+2", "usce_hands_on_months", 6.0),
        ("usce=3.5", "usce_hands_on_months", 3.5),
        ("observership+1", "usce_observership_months", 4.0),
        ("visa_need=none", "visa_need", VisaNeed.NONE),
        ("visa=J-1 or H-1B", "visa_need", VisaNeed.J1_OR_H1B),
        ("completed_pgy1=yes", "completed_pgy1", True),
        ("step3_passed=true", "step3_passed", True),
        ("home_states+=tx", "home_states", ("NY", "TX")),
        ("home_states+=NY", "home_states", ("NY",)),
        ("home_states-=NY", "home_states", ()),
        ("states=tx, ca", "home_states", ("TX", "CA")),
        ("specialties-=prelim", "specialties", ("416", "420", "999")),
        ("budget=none", "budget_usd", None),
        ("budget+100", "budget_usd", 1000.0),
        ("max_applications=60", "max_applications", 60),
        ("applicant_type=us_img", "applicant_type", "us_img"),
    ],
)
def test_what_if_changes(example, change, field, value):
    changed = apply_change(example, change)
    assert getattr(changed, field) == value
    others = {k: v for k, v in changed.model_dump().items() if k != field}
    assert others == {k: v for k, v in example.model_dump().items() if k != field}


@pytest.mark.parametrize("kind", [kind.value for kind in TieKind])
def test_a_tie_change_adds_a_tie_once(example, kind):
    changed = apply_change(example, f"{kind}=1234416A0")
    assert [(t.program, t.kind.value) for t in changed.ties] == [("1234416A0", kind)]
    assert apply_change(changed, f"{kind}=1234416A0") == changed  # a tie counts once


def test_changes_can_be_chained(example):
    changed = example
    for change in ("step2=260", "letters+1", "mentor=1234416A0", "visa_need=none"):
        changed = apply_change(changed, change)
    assert (changed.step2_score, changed.us_ir_dr_letters, len(changed.ties)) == (260, 2, 1)
    assert changed.visa_need is VisaNeed.NONE


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("step3=250", "unknown field 'step3'"),
        ("stp2=250", "did you mean 'step2'?"),
        ("step2=abc", "'abc' is not a number"),
        ("step2=350", "step2_score: 350 is too high"),
        ("step2+100", "step2_score: 345 is too high (at most 300)"),
        ("pubs-5", "peer_reviewed_publications: -2 is too low (at least 0)"),
        ("step2=250.5", "step2_score: 250.5 should be a whole number"),
        ("letters+0.5", "us_ir_dr_letters: 1.5 should be a whole number"),
        ("letters", "cannot read it"),
        ("step2=", "cannot read it"),
        ("=250", "cannot read it"),
        ("applicant_type+1", "is not a number to add to"),
        ("completed_pgy1=maybe", "completed_pgy1 takes yes or no"),
        ("max_applications+5", "max_applications has no value yet"),
        ("home_states-=CA", "'CA' is not in home_states"),
        ("home_states+TX", "add to a list with +="),
        ("home_states+=XX", "XX is not a two-letter US state code"),
        ("visa_need=J1", 'visa_need: "J1" is not one of none, J-1, H-1B, "J-1 or H-1B"'),
        ("graduation_year=2030", "graduation_year 2030 is after match_year 2027"),
        ("ties=x", "change ties in the profile file"),
        ("preferences=x", "change preferences in the profile file"),
    ],
)
def test_bad_changes_say_what_is_accepted(example, change, message):
    with pytest.raises(ProfileError) as caught:
        apply_change(example, change)
    assert message in str(caught.value)
    assert str(caught.value).startswith(f"what-if '{change}': ")


def test_unreadable_changes_list_the_accepted_forms(example):
    with pytest.raises(ProfileError) as caught:
        apply_change(example, "letters")
    for form in ("FIELD=VALUE", "FIELD+N", "home_states+=TX", "mentor|sponsor"):
        assert form in str(caught.value)
