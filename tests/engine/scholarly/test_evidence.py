"""Evidence from the other parts that a milestone is done: a table of records and what shows."""

import pytest

from matchwise.engine.pick.profile import Profile
from matchwise.engine.scholarly.evidence import Records, milestone_evidence
from matchwise.engine.scholarly.outputs import Author, Output

ME = [Author(family="Okafor", initials="S")]


def _out(kind, status, title="T"):
    return Output(type=kind, title=title, status=status, authors=ME, my_position=1)


ARTICLE = _out("journal_article", "submitted")
PROFILE = Profile(applicant_type="non_us_img", match_year=2028, graduation_year=2022,
                  specialties=["416"], step2_score=250, usce_observership_months=2)  # fmt: skip


@pytest.mark.parametrize(
    ("records", "key", "shown"),
    [
        (Records(outputs=[_out("case_report", "in_preparation")]), "research-case-report", None),
        (Records(outputs=[_out("case_report", "accepted")]), "research-case-report", "accepted"),
        (Records(outputs=[_out("poster", "submitted")]), "research-abstract", "poster"),
        (Records(outputs=[_out("poster", "submitted")]), "research-present", None),
        (Records(outputs=[_out("poster", "presented")]), "research-present", "presented"),
        (Records(outputs=[ARTICLE]), "research-first-manuscript", "submitted"),
        (Records(outputs=[ARTICLE]), "research-second-manuscript", None),
        (Records(outputs=[_out("review", "published"), _out("case_report", "revision")]),
         "research-second-manuscript", "2 manuscripts"),
        (Records(active_projects=["PAE registry"]), "research-join-project", "PAE registry"),
        (Records(mentor_kinds_covered=3), "network-mentor-team", None),
        (Records(mentor_kinds_covered=4), "network-mentor-team", "all four"),
        (Records(emailed_contacts=9), "network-targeted-emails", None),
        (Records(emailed_contacts=12), "network-targeted-emails", "12 contacts"),
        (Records(letters_asked=2), "network-letters", "2 writers"),
        (Records(profile=PROFILE), "exam-step2", "Step 2 CK 250"),
        (Records(profile=PROFILE), "exam-step3", None),
        (Records(profile=PROFILE), "network-observership", "2 months"),
        (Records(profile=PROFILE), "network-away-rotation", None),
    ],
)  # fmt: skip
def test_what_the_records_show(records, key, shown):
    found = milestone_evidence(records).get(key)
    if shown is None:
        assert found is None
    else:
        assert found is not None and shown in found


def test_no_records_show_nothing():
    assert milestone_evidence(Records()) == {}
