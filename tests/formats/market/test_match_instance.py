"""The match instance file: read, every problem reported with its path, the result file."""

import json
from pathlib import Path

import pytest

from matchwise.engine.match.deferred_acceptance import solve
from matchwise.engine.match.stability import check_matching
from matchwise.formats.market.match_instance import (
    MatchInstanceError,
    match_result,
    parse_match_instance,
    read_match_instance,
)

FIXTURES = Path(__file__).parents[2] / "fixtures" / "match"


def test_it_reads_singles_couples_supplemental_lists_and_reversion():
    loaded = read_match_instance(FIXTURES / "small.json")
    instance = loaded.instance
    assert loaded.applicant_ids[:2] == ["amara", "bo"]
    assert instance.couples.tolist() == [[4, 5]]
    assert instance.pairs.tolist() == [[2, 3], [3, 4], [2, -1]]
    assert instance.reverts_to.tolist() == [-1, -1, 3, -1, -1]
    assert instance.supplemental_choices.tolist() == [4]
    assert instance.links[instance.market.app_offsets[1] + 1] == 0


def test_the_result_has_the_summary_the_matches_and_the_check():
    loaded = read_match_instance(FIXTURES / "small.json")
    matching = solve(loaded.instance)
    result = match_result(
        loaded, matching, solve_seconds=0.25, violations=check_matching(loaded.instance, matching)
    )
    summary = result["summary"]
    assert summary["solve_seconds"] == 0.25
    assert (summary["matched"], summary["unmatched"], summary["unfilled"]) == (6, 1, 1)
    assert summary["couples"] == {"count": 1, "both_matched": 1, "one_matched": 0, "unmatched": 0}
    assert summary["reverted_positions"] == 1
    assert result["check"] == {"verified": True, "violations": []}
    by_id = {a["id"]: a for a in result["applicants"]}
    assert by_id["bo"] == {"id": "bo", "program": "DR-ADV", "pgy1": "PRELIM"}
    assert by_id["gus"]["program"] is None
    dr_cat = next(p for p in result["programs"] if p["id"] == "DR-CAT")
    assert (dr_cat["capacity"], dr_cat["final_capacity"]) == (1, 2)
    json.dumps(result)  # JSON-ready


def test_every_problem_names_the_file_the_path_the_value_and_what_was_expected():
    with pytest.raises(MatchInstanceError) as caught:
        read_match_instance(FIXTURES / "bad.json")
    problems = caught.value.problems
    assert all(p.startswith(f"{FIXTURES / 'bad.json'}: ") for p in problems)
    text = str(caught.value)
    for expected in [
        "programs[0].capacity: -1 should be a whole number, 0 or more",
        "programs[0].rank_list[1]: 'nobody' is not an applicant id in applicants",
        "programs[1].ranklist: unknown field (did you mean 'rank_list'?)",
        "programs[1].reverts_to: 'B' should be another program's id",
        "applicants[0].rank_list[1]: 'A' is listed twice",
        "applicants[0].rank_list[2]: 'C' is not a program id in programs",
        "applicants[1].partner: 'y' does not name 'x' as partner",
    ]:
        assert expected in text


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ([], "$: should be an object"),
        ({"programs": []}, "the 'applicants' list is missing"),
        ({"programs": [{"id": "A"}, {"id": "A"}], "applicants": []}, "'A' is used twice"),
        (
            {
                "programs": [{"id": "P", "capacity": 1}],
                "applicants": [
                    {"id": "x", "partner": "y", "paired_list": [["P", None], [None, None]]},
                    {"id": "y", "partner": "x"},
                ],
            },
            "applicants[0].paired_list[1]: [null, null] ranks nothing",
        ),
        (
            {
                "programs": [{"id": "P", "capacity": 1}],
                "applicants": [
                    {"id": "x", "partner": "y", "paired_list": [["P", None]]},
                    {"id": "y", "partner": "x", "paired_list": [[None, "P"]]},
                ],
            },
            "exactly one member of a couple gives the couple's paired_list (both",
        ),
        (
            {
                "programs": [{"id": "P", "capacity": 1}],
                "applicants": [{"id": "a", "rank_list": ["P"], "links": {"P": "missing"}}],
            },
            "applicants[0].links.P: 'missing' is not one of this applicant's supplemental_lists",
        ),
        (
            {
                "programs": [{"id": "P", "capacity": True}],
                "applicants": [],
            },
            "programs[0].capacity: True should be a whole number",
        ),
        (
            {
                "programs": [
                    {"id": "P", "capacity": 1, "reverts_to": "Q"},
                    {"id": "Q", "capacity": 1, "reverts_to": "P"},
                ],
                "applicants": [],
            },
            "revert in a circle",
        ),
    ],
)
def test_it_explains_what_is_wrong(data, expected):
    with pytest.raises(MatchInstanceError, match=None) as caught:
        parse_match_instance(data, source="in.json")
    assert expected in str(caught.value)


def test_a_syntax_error_names_the_line_and_column():
    with pytest.raises(MatchInstanceError, match=r"syntax.json: line 2, column \d+: not valid"):
        read_match_instance(FIXTURES / "syntax.json")


def test_a_missing_file_says_so(tmp_path):
    with pytest.raises(MatchInstanceError, match="cannot read the file"):
        read_match_instance(tmp_path / "nope.json")
