"""The profile type refuses what cannot be true, with a message naming the field."""

import pytest
from pydantic import ValidationError

from tests.engine.factories import a_profile


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"graduation_year": 2028}, "graduation_year 2028 is after match_year 2027"),
        ({"step2_score": 320}, "less than or equal to 300"),
        ({"exam_attempts": 0}, "greater than or equal to 1"),
        ({"first_author_publications": 3}, "first_author_publications cannot exceed"),
        ({"preferences": {"416": 1.5}}, "between 0 and 1"),
        ({"specialties": ()}, "at least 1 item"),
        ({"applicant_type": "img"}, "us_md_senior"),
    ],
)
def test_impossible_profiles_are_refused(change, message):
    with pytest.raises(ValidationError, match=message):
        a_profile(**change)


def test_weights_fall_back_from_program_to_specialty_to_one():
    p = a_profile(preferences={"420": 0.7, "1234420A0": 0.9})
    from matchwise.engine.pick.program import Specialty

    assert p.weight_for("1234420A0", Specialty.DIAGNOSTIC_RADIOLOGY) == 0.9
    assert p.weight_for("9999420A0", Specialty.DIAGNOSTIC_RADIOLOGY) == 0.7
    assert p.weight_for("9999416A0", Specialty.IR_INTEGRATED) == 1.0
