"""Small builders for profiles and programs used across engine tests."""

from matchwise.engine.pick.profile import Profile
from matchwise.engine.pick.program import Program


def a_profile(**changes) -> Profile:
    base = {
        "applicant_type": "non_us_img",
        "graduation_year": 2023,
        "match_year": 2027,
        "step2_score": 245,
        "specialties": ("416", "420", "prelim"),
        "visa_need": "J-1",
        "usce_hands_on_months": 4,
    }
    base.update(changes)
    return Profile.model_validate(base)


def a_program(code="1000416A0", **changes) -> Program:
    base = {"code": code, "name": f"DEMO {code}", "specialty": "416", "track": "A"}
    base.update(changes)
    return Program.model_validate(base)
