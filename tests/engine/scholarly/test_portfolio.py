"""The research record: what counts, where it stands, what a reader would question, how it grew."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from matchwise.engine.pick.profile import Profile
from matchwise.engine.scholarly.outputs import Author, Output, OutputType, Status, StatusChange
from matchwise.engine.scholarly.portfolio import (
    Band,
    Benchmark,
    Counts,
    QuarterPoint,
    Refusal,
    Severity,
    StatusGroup,
    benchmarks,
    counts,
    honesty_checks,
    normalised_title,
    profile_counts,
    trajectory,
    when_reached,
)
from tests.engine.factories import a_profile

ME = Author(family="Okafor", initials="S")
RAO = Author(family="Rao", initials="AK")
TODAY = date(2026, 8, 31)


def an_output(**changes) -> Output:
    base = {
        "type": "journal_article",
        "title": "Prostatic artery embolization outcomes",
        "authors": [RAO, ME],
        "my_position": 2,
        "status": "published",
        "peer_reviewed": True,
        "doi": "10.1016/j.jvir.2026.01.001",
        "my_role": "analysed the data",
    }
    base.update(changes)
    return Output.model_validate(base)


# --- counts -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "publications", "presentations"),
    [
        ({}, 1, 0),
        ({"status": "accepted"}, 1, 0),
        ({"status": "in_press"}, 1, 0),
        ({"status": "submitted"}, 0, 0),  # a submitted manuscript is not a publication yet
        ({"status": "revision"}, 0, 0),
        ({"status": "in_preparation"}, 0, 0),
        ({"peer_reviewed": False}, 0, 0),
        ({"type": "case_report"}, 1, 0),
        ({"type": "book_chapter"}, 1, 0),
        ({"type": "online_publication"}, 1, 0),
        ({"type": "journal_abstract"}, 0, 1),  # the Profile counts abstracts as presentations
        ({"type": "poster", "status": "presented", "peer_reviewed": False}, 0, 1),
        ({"type": "oral_presentation", "status": "presented"}, 0, 1),
        ({"type": "poster", "status": "accepted"}, 0, 1),
        ({"type": "poster", "status": "submitted"}, 0, 0),
        ({"type": "other"}, 0, 0),
    ],
)
def test_what_counts_as_a_publication_or_a_presentation(changes, publications, presentations):
    record = counts([an_output(**changes)])
    assert (record.peer_reviewed_publications, record.presentations) == (
        publications,
        presentations,
    )


def test_first_author_and_ir_items_are_counted_among_counted_items_only():
    outputs = [
        an_output(my_position=1, authors=[ME, RAO], topics=["embolization"]),
        an_output(my_position=1, authors=[ME], status="submitted", topics=["venous"]),
        an_output(
            type="poster", status="presented", my_position=1, authors=[ME], topics=["not_ir"]
        ),
        an_output(type="poster", status="presented", topics=["neuro_ir"], national_meeting=True),
    ]
    record = counts(outputs)
    assert record == Counts(
        items=4,
        peer_reviewed_publications=1,
        presentations=2,
        national_presentations=1,
        first_author=2,
        ir_related=2,
        ir_share=2 / 3,
        in_progress=1,
    )
    assert record.counted == 3


def test_ir_share_is_none_when_nothing_is_counted():
    assert counts([]).ir_share is None
    assert counts([an_output(status="submitted")]).ir_share is None


def test_profile_counts_names_exactly_the_profile_research_fields():
    research = {
        "peer_reviewed_publications",
        "first_author_publications",
        "ir_publications",
        "presentations",
    }
    assert research <= set(Profile.model_fields)
    assert set(profile_counts([an_output()])) == research


outputs_strategy = st.lists(
    st.builds(
        an_output,
        type=st.sampled_from(list(OutputType)),
        status=st.sampled_from(list(Status)),
        peer_reviewed=st.booleans(),
        my_position=st.sampled_from([1, 2, None]),
        topics=st.sampled_from([[], ["not_ir"], ["embolization"], ["venous", "neuro_ir"]]),
        national_meeting=st.booleans(),
    ),
    max_size=12,
)


@given(outputs_strategy)
def test_profile_counts_always_make_a_valid_profile(outputs):
    research = profile_counts(outputs)
    a_profile(**research)  # the Profile's own checks (first-author <= pubs + presentations) pass
    assert research["ir_publications"] <= (
        research["peer_reviewed_publications"] + research["presentations"]
    )


@given(outputs_strategy, outputs_strategy)
def test_adding_items_never_lowers_a_count(before, added):
    old, new = counts(before), counts(before + added)
    for name in ("peer_reviewed_publications", "presentations", "first_author", "ir_related"):
        assert getattr(new, name) >= getattr(old, name)


# --- benchmarks -------------------------------------------------------------------------------

PUBLICATIONS = Benchmark(
    measure="peer_reviewed_publications",
    label="peer-reviewed publications",
    singular="peer-reviewed publication",
    bands=(Band("solid baseline", 2, 3), Band("highly competitive", 4, 8)),
    source="advising figure (test)",
    confidence="weak",
    note="program directors weigh counts less",
)


def a_record(publications: int) -> Counts:
    return Counts(publications, publications, 0, 0, 0, 0, None, 0)


@pytest.mark.parametrize(
    ("value", "band", "standing"),
    [
        (
            0,
            None,
            "0 peer-reviewed publications: below the solid baseline range (2–3); "
            "2 more reaches solid baseline (2–3)",
        ),
        (
            1,
            None,
            "1 peer-reviewed publication: below the solid baseline range (2–3); "
            "1 more reaches solid baseline (2–3)",
        ),
        (
            2,
            "solid baseline",
            "2 peer-reviewed publications: in the solid baseline range (2–3); "
            "2 more reaches highly competitive (4–8)",
        ),
        (
            3,
            "solid baseline",
            "3 peer-reviewed publications: in the solid baseline range (2–3); "
            "1 more reaches highly competitive (4–8)",
        ),
        (
            4,
            "highly competitive",
            "4 peer-reviewed publications: in the highly competitive range (4–8)",
        ),
        (
            8,
            "highly competitive",
            "8 peer-reviewed publications: in the highly competitive range (4–8)",
        ),
        (9, None, "9 peer-reviewed publications: above the highly competitive range (4–8)"),
    ],
)
def test_where_the_applicant_stands_in_words(value, band, standing):
    (result,) = benchmarks(a_record(value), [PUBLICATIONS])
    assert (result.value, result.band, result.standing) == (value, band, standing)


def test_a_benchmark_result_carries_its_bands_source_and_confidence():
    (result,) = benchmarks(a_record(3), [PUBLICATIONS])
    assert result.measure == "peer_reviewed_publications"
    assert result.bands == PUBLICATIONS.bands
    assert (result.source, result.confidence, result.note) == (
        "advising figure (test)",
        "weak",
        "program directors weigh counts less",
    )


def test_a_gap_between_bands_is_said_as_between():
    gappy = Benchmark("presentations", "presentations", "presentation",
                      (Band("some", 1, 2), Band("many", 5)), "s", "weak")  # fmt: skip
    record = Counts(3, 0, 3, 0, 0, 0, None, 0)
    (result,) = benchmarks(record, [gappy])
    assert result.band is None
    assert result.standing == (
        "3 presentations: above some, below the many range (5 or more); 2 more reaches many "
        "(5 or more)"
    )


def test_an_unknown_measure_is_refused_by_name():
    wrong = Benchmark("h_index", "h-index", "h-index", (), "s", "weak")
    with pytest.raises(ValueError, match="'h_index' is not counted"):
        benchmarks(a_record(1), [wrong])


# --- honesty checks ---------------------------------------------------------------------------


def codes(findings):
    return [(f.index, f.code, f.severity) for f in findings]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, []),
        ({"doi": ""}, [("no_identifier", Severity.ERROR)]),
        ({"doi": "", "pmid": "123"}, []),
        ({"doi": "", "url": "https://example.org/a"}, []),
        ({"doi": "", "status": "accepted"}, [("no_identifier", Severity.WARNING)]),
        ({"doi": "", "status": "in_press"}, [("no_identifier", Severity.WARNING)]),
        ({"doi": "", "status": "submitted"}, []),
        ({"my_role": ""}, [("no_role", Severity.WARNING)]),
    ],
)
def test_one_item_is_checked_rule_by_rule(changes, expected):
    findings = honesty_checks([an_output(**changes)], today=TODAY)
    assert [(f.code, f.severity) for f in findings] == expected


@pytest.mark.parametrize(
    ("status", "changed_on", "stale"),
    [
        ("in_preparation", date(2026, 2, 28), False),  # exactly six months before 31 Aug
        ("in_preparation", date(2026, 2, 27), True),
        ("idea", date(2025, 1, 1), True),
        ("submitted", date(2025, 1, 1), False),  # waiting on a journal is not the applicant's delay
        ("in_preparation", None, False),  # no dated history: not judged
    ],
)
def test_an_idea_or_draft_untouched_for_six_months_is_stale(status, changed_on, stale):
    history = [StatusChange(status=status, on=changed_on)] if changed_on else []
    item = an_output(status=status, history=history, doi="")
    findings = honesty_checks([item], today=TODAY)
    assert ("stale" in [f.code for f in findings]) is stale


def test_stale_looks_at_the_latest_change():
    history = [
        StatusChange(status="idea", on=date(2024, 1, 1)),
        StatusChange(status="in_preparation", on=date(2026, 7, 1)),
    ]
    assert honesty_checks([an_output(status="in_preparation", history=history)], today=TODAY) == []


def test_the_finding_names_the_item_and_says_why():
    item = an_output(doi="", title="Splenic artery aneurysm")
    (finding,) = honesty_checks([an_output(), item], today=TODAY)
    assert (finding.index, finding.title) == (1, "Splenic artery aneurysm")
    assert "no DOI, PubMed id or URL" in finding.reason


def test_the_same_work_under_two_types_is_a_warning_on_the_second():
    abstract = an_output(type="journal_abstract", title="GAE: 12-month outcomes")
    poster = an_output(type="poster", status="presented", title="GAE — 12-Month outcomes.")
    findings = honesty_checks([abstract, poster], today=TODAY)
    assert codes(findings) == [(1, "same_work_twice", Severity.WARNING)]
    assert findings[0].reason == (
        "looks like the same work twice (item 1 is a journal abstract); ERAS wants each work "
        "once per type it really is"
    )


def test_the_same_title_and_type_twice_is_a_duplicate_entry():
    findings = honesty_checks([an_output(), an_output()], today=TODAY)
    assert codes(findings) == [(1, "duplicate_entry", Severity.WARNING)]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Genicular Artery Embolization", "genicular artery embolization."),
        ("Y-90 dosimetry", "Y 90 dosimetry"),
        ("Évaluation rénale", "Evaluation renale"),
    ],
)
def test_titles_match_whatever_their_case_accents_and_punctuation(a, b):
    assert normalised_title(a) == normalised_title(b)


class OnlyPublishedJournalArticles:
    """A stand-in for a season's ERAS rules."""

    def refusal(self, output):
        if output.type is not OutputType.JOURNAL_ARTICLE:
            return Refusal("eras_no_type", "no ERAS type")
        if output.status is not Status.PUBLISHED:
            return Refusal("eras_status", "status not taken")
        return None


def test_eras_refusals_are_errors_when_rules_are_given():
    items = [
        an_output(),
        an_output(type="other", title="b"),
        an_output(status="in_press", title="c"),
    ]
    assert honesty_checks(items, today=TODAY) == []
    findings = honesty_checks(items, today=TODAY, eras=OnlyPublishedJournalArticles())
    assert codes(findings) == [
        (1, "eras_no_type", Severity.ERROR),
        (2, "eras_status", Severity.ERROR),
    ]


# --- trajectory -------------------------------------------------------------------------------


def reached(status, on, **changes):
    return an_output(status=status, history=[StatusChange(status=status, on=on)], **changes)


def test_items_are_counted_by_quarter_status_group_and_ir():
    outputs = [
        reached("published", date(2026, 2, 10), topics=["embolization"]),
        reached("published", date(2026, 3, 31), topics=["embolization"], title="b"),
        reached("published", date(2026, 1, 5), topics=["not_ir"], title="c"),
        reached("submitted", date(2026, 2, 1), topics=["venous"], title="d"),
        reached("presented", date(2025, 12, 31), type="poster", title="e"),
        an_output(status="published", year=2025, title="f"),  # no dated history: year only
        an_output(status="idea", title="g"),  # nothing dated
    ]
    points = trajectory(outputs)
    assert [(p.label, p.group, p.ir, p.count) for p in points] == [
        ("2025 Q4", StatusGroup.DONE, False, 1),
        ("2025 (year only)", StatusGroup.DONE, False, 1),
        ("2026 Q1", StatusGroup.DONE, True, 2),
        ("2026 Q1", StatusGroup.DONE, False, 1),
        ("2026 Q1", StatusGroup.IN_PROGRESS, True, 1),
        ("undated", StatusGroup.IN_PROGRESS, False, 1),
    ]
    assert sum(p.count for p in points) == len(outputs)


def test_the_period_of_an_item_can_be_chosen_by_the_caller():
    outputs = [an_output(year=2024), an_output(year=2026, title="b")]
    points = trajectory(outputs, quarter_of=lambda o: (o.year, 1))
    assert [p.label for p in points] == ["2024 Q1", "2026 Q1"]
    assert points[0] == QuarterPoint(2024, 1, StatusGroup.DONE, False, 1)


@pytest.mark.parametrize(
    ("changes", "period"),
    [
        ({"year": 2025, "month": 1}, (2025, 1)),
        ({"year": 2025, "month": 3}, (2025, 1)),
        ({"year": 2025, "month": 4}, (2025, 2)),
        ({"year": 2025, "month": 12}, (2025, 4)),
        ({"year": 2025}, (2025, None)),  # year only
        # the day the status was reached wins: the trajectory is about progress
        ({"year": 2025, "month": 12, "history": [{"status": "published", "on": "2026-02-01"}]},
         (2026, 1)),
    ],
)  # fmt: skip
def test_the_month_puts_an_undated_item_in_its_quarter(changes, period):
    assert when_reached(an_output(status="published", **changes)) == period


def test_items_with_a_month_are_counted_in_their_quarter_before_the_year_only_ones():
    outputs = [
        an_output(status="published", year=2025, title="a"),
        an_output(status="published", year=2025, month=11, title="b"),
        an_output(status="published", year=2025, month=2, title="c"),
    ]
    assert [p.label for p in trajectory(outputs)] == ["2025 Q1", "2025 Q4", "2025 (year only)"]


# --- the month of an output -------------------------------------------------------------------


@pytest.mark.parametrize("month", [0, 13, -1])
def test_a_month_outside_january_to_december_is_refused_naming_the_field(month):
    with pytest.raises(ValueError) as caught:
        an_output(year=2025, month=month)
    (error,) = caught.value.errors()
    assert error["loc"] == ("month",)
    assert f"month must be from 1 (January) to 12 (December), not {month}" in str(caught.value)


def test_a_month_needs_a_year():
    with pytest.raises(ValueError, match="month 3 has no year: give the year too"):
        an_output(year=None, month=3)
    assert an_output(year=2025, month=3).month == 3
    assert an_output(year=2025).month is None
