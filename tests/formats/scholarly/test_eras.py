"""ERAS Scholarly Works entries: the season's rules as data, one entry per item ERAS takes."""

import json
import os
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from matchwise.engine.scholarly.outputs import Author, Output, OutputType, Status
from matchwise.engine.scholarly.portfolio import Severity, benchmarks, counts, honesty_checks
from matchwise.formats.pick.facts import load_facts
from matchwise.formats.scholarly.eras import (
    ErasDataError,
    eras_dict,
    eras_entries,
    eras_text,
    load_benchmarks,
    load_eras,
    parse_eras,
    shipped_seasons,
)

GOLDEN = Path(__file__).parents[2] / "fixtures" / "scholarly_golden"
UPDATE = os.environ.get("MATCHWISE_UPDATE_GOLDEN") == "1"
ME = Author(family="Okafor", initials="S")
RAO = Author(family="Rao", initials="AK")
MAPPING = load_eras(2027)


def golden_outputs() -> list[Output]:
    rows = json.loads((GOLDEN / "outputs.json").read_text(encoding="utf-8"))
    return [Output.model_validate(row) for row in rows]


def assert_golden(name: str, text: str) -> None:
    """Compare with the kept file (MATCHWISE_UPDATE_GOLDEN=1 rewrites it instead)."""
    path = GOLDEN / name
    if UPDATE:
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"{path} is missing: run with MATCHWISE_UPDATE_GOLDEN=1 and review it"
    assert text == path.read_text(encoding="utf-8")


def an_output(**changes) -> Output:
    base = {
        "type": "journal_article",
        "title": "Prostatic artery embolization outcomes",
        "authors": [RAO, ME],
        "my_position": 2,
        "venue": "J Vasc Interv Radiol",
        "year": 2026,
        "status": "published",
        "peer_reviewed": True,
        "doi": "10.1016/j.jvir.2026.01.001",
        "my_role": "analysed the data",
    }
    base.update(changes)
    return Output.model_validate(base)


# --- the season file --------------------------------------------------------------------------


def test_the_2027_season_is_shipped_with_its_five_types_in_the_forms_order():
    assert 2027 in shipped_seasons()
    assert [c.label for c in MAPPING.categories] == [
        "Journal Articles (peer reviewed)",
        "Book Chapter (peer reviewed)",
        "Journal Abstracts (peer reviewed)",
        "Oral Presentation",
        "Poster Presentation",
    ]
    assert MAPPING.most_meaningful_limit == 3
    assert "AAMC" in MAPPING.source


def test_an_unknown_season_is_refused_with_the_shipped_ones():
    with pytest.raises(
        ErasDataError, match=r"no ERAS rules for the 2019 season; shipped seasons: 2027"
    ):
        load_eras(2019)


@pytest.mark.parametrize(
    ("changes", "category", "refusal"),
    [
        ({}, "journal_articles", None),
        ({"type": "case_report"}, "journal_articles", None),
        ({"type": "letter"}, "journal_articles", None),
        ({"status": "accepted"}, "journal_articles", None),
        ({"status": "in_press"}, "journal_articles", None),
        ({"status": "submitted"}, "journal_articles", None),  # ERAS takes submitted articles
        ({"status": "revision"}, "journal_articles", None),  # still under review: "Submitted"
        ({"status": "rejected_resubmitting"}, "journal_articles", "eras_status"),
        ({"status": "in_preparation"}, "journal_articles", "eras_status"),
        ({"status": "idea"}, "journal_articles", "eras_status"),
        ({"peer_reviewed": False}, "journal_articles", "eras_not_peer_reviewed"),
        ({"type": "book_chapter"}, "book_chapters", None),
        ({"type": "book_chapter", "status": "submitted"}, "book_chapters", "eras_status"),
        ({"type": "journal_abstract"}, "journal_abstracts", None),
        ({"type": "journal_abstract", "status": "submitted"}, "journal_abstracts", "eras_status"),
        ({"type": "journal_abstract", "peer_reviewed": False}, "journal_abstracts",
         "eras_not_peer_reviewed"),
        ({"type": "oral_presentation", "status": "presented", "peer_reviewed": False},
         "oral_presentations", None),
        ({"type": "poster", "status": "presented", "peer_reviewed": False},
         "poster_presentations", None),
        # conservative reading: a presentation counts once it has been given
        ({"type": "poster", "status": "accepted"}, "poster_presentations", "eras_status"),
        ({"type": "oral_presentation", "status": "accepted"}, "oral_presentations", "eras_status"),
        ({"type": "online_publication"}, None, "eras_no_type"),
        ({"type": "other"}, None, "eras_no_type"),
    ],
)  # fmt: skip
def test_which_eras_type_takes_an_item_and_which_statuses_it_refuses(changes, category, refusal):
    item = an_output(**changes)
    found = MAPPING.category_of(item)
    assert (found.key if found else None) == category
    got = MAPPING.refusal(item)
    assert (got.code if got else None) == refusal


def test_a_refusal_says_what_the_type_takes_and_what_to_do():
    refusal = MAPPING.refusal(an_output(status="in_preparation"))
    assert refusal.reason == (
        "Journal Articles (peer reviewed) takes work that is published, in press, accepted, "
        "submitted, in revision; this one is in preparation: list it once it is submitted (talk "
        "about it in your experiences or interviews)"
    )


@given(
    st.lists(
        st.builds(
            an_output,
            type=st.sampled_from(list(OutputType)),
            status=st.sampled_from(list(Status)),
            peer_reviewed=st.booleans(),
        ),
        max_size=10,
    )
)
def test_every_item_is_either_an_entry_or_skipped_exactly_once(outputs):
    export = eras_entries(outputs, MAPPING)
    seen = sorted([e.index for e in export.entries] + [s.index for s in export.skipped])
    assert seen == list(range(len(outputs)))


# --- entries ----------------------------------------------------------------------------------


def field_map(entry):
    return {f.key: f.value for f in entry.fields}


def test_the_fields_come_in_the_forms_order_with_the_applicant_marked():
    (entry,) = eras_entries([an_output(volume="37", issue="2", pages="1-9")], MAPPING).entries
    assert [f.label for f in entry.fields] == [
        "Title",
        "Journal name",
        "Authors",
        "Status",
        "Date (month/year)",
        "Volume",
        "Issue",
        "Pages",
        "DOI",
        "PubMed ID",
        "URL",
    ]
    assert field_map(entry)["authors"] == "Rao AK, *Okafor S*"
    assert field_map(entry)["status"] == "Published"
    assert field_map(entry)["date"] == "2026"


def test_the_marker_can_be_changed_or_dropped():
    item = an_output()
    assert field_map(eras_entries([item], MAPPING, me_marker="**").entries[0])["authors"] == (
        "Rao AK, **Okafor S**"
    )
    assert field_map(eras_entries([item], MAPPING, me_marker="").entries[0])["authors"] == (
        "Rao AK, Okafor S"
    )


def test_a_presentation_gives_its_meeting_place_and_month():
    poster = an_output(
        type="poster",
        status="presented",
        venue="SIR Annual Scientific Meeting",
        place="Phoenix, AZ",
        event_date=date(2026, 3, 28),
    )
    (entry,) = eras_entries([poster], MAPPING).entries
    assert [(f.key, f.value) for f in entry.fields] == [
        ("title", "Prostatic artery embolization outcomes"),
        ("authors", "Rao AK, *Okafor S*"),
        ("event", "SIR Annual Scientific Meeting"),
        ("location", "Phoenix, AZ"),
        ("date", "03/2026"),
        ("url", ""),
    ]


@pytest.mark.parametrize(
    ("changes", "date_field"),
    [
        ({"month": 3}, "03/2026"),
        ({"month": 11}, "11/2026"),
        ({}, "2026"),  # the year only
        ({"year": None}, ""),
        # the status's day is the day the item was entered, not when it came out: the month wins
        ({"month": 3, "history": [{"status": "published", "on": "2026-06-20"}]}, "03/2026"),
        ({"history": [{"status": "published", "on": "2026-06-20"}]}, "06/2026"),
        # a meeting's own day wins over everything
        ({"type": "poster", "status": "presented", "month": 2, "event_date": date(2026, 4, 9)},
         "04/2026"),
        ({"type": "oral_presentation", "status": "presented", "month": 9}, "09/2026"),
    ],
)  # fmt: skip
def test_the_date_is_the_month_and_year_when_the_month_is_known(changes, date_field):
    (entry,) = eras_entries([an_output(**changes)], MAPPING).entries
    assert field_map(entry)["date"] == date_field
    assert "Date (month/year)" in [f.label for f in entry.fields]


def test_a_revision_is_shown_to_eras_as_submitted():
    (entry,) = eras_entries([an_output(status="revision")], MAPPING).entries
    assert field_map(entry)["status"] == "Submitted"


def test_entries_follow_the_forms_type_order_then_the_users_order():
    items = [
        an_output(type="poster", status="presented", title="p1"),
        an_output(title="a1"),
        an_output(type="book_chapter", title="c1"),
        an_output(title="a2"),
    ]
    export = eras_entries(items, MAPPING)
    assert [(e.number, e.title) for e in export.entries] == [
        (1, "a1"),
        (2, "a2"),
        (3, "c1"),
        (4, "p1"),
    ]


def test_more_than_three_most_meaningful_is_a_problem_and_none_is_cut():
    items = [an_output(title=f"t{i}", meaningful=True) for i in range(4)]
    export = eras_entries(items, MAPPING)
    assert [e.most_meaningful for e in export.entries] == [True] * 4
    assert export.problems[0].startswith(
        '4 items are marked most meaningful; ERAS takes at most 3: unmark 1 of item 1 ("t0")'
    )


def test_three_most_meaningful_is_no_problem():
    items = [an_output(title=f"t{i}", meaningful=True) for i in range(3)]
    assert eras_entries(items, MAPPING).problems == ()


def test_a_most_meaningful_item_that_eras_refuses_is_a_problem():
    export = eras_entries([an_output(status="in_preparation", meaningful=True)], MAPPING)
    assert export.entries == ()
    assert export.problems == (
        'item 1 ("Prostatic artery embolization outcomes") is marked most meaningful but ERAS '
        "will not take it",
    )


def test_an_empty_required_field_and_an_unmarked_name_are_problems():
    item = an_output(venue="", my_position=None)
    assert eras_entries([item], MAPPING).problems == (
        'item 1 ("Prostatic artery embolization outcomes"): Journal name is required by ERAS and '
        "is empty",
        'item 1 ("Prostatic artery embolization outcomes"): your place in the author list is not '
        "set, so your name is not marked",
    )


def test_no_entries_tells_the_applicant_to_select_none():
    assert "select None" in eras_text(eras_entries([], MAPPING))


def test_the_dict_form_is_json_and_holds_what_the_text_shows():
    export = eras_entries(golden_outputs(), MAPPING)
    data = json.loads(json.dumps(eras_dict(export)))
    assert len(data["entries"]) == len(export.entries)
    assert [s["code"] for s in data["skipped"]] == [s.code for s in export.skipped]
    text = eras_text(export)
    for entry in data["entries"]:
        for field in entry["fields"]:
            assert f"{field['label']}: {field['value'] or '-'}" in text


# --- golden files -----------------------------------------------------------------------------


def test_the_eras_text_export_of_the_golden_outputs():
    assert_golden("eras_2027.txt", eras_text(eras_entries(golden_outputs(), MAPPING)))


def test_the_eras_json_export_of_the_golden_outputs():
    data = eras_dict(eras_entries(golden_outputs(), MAPPING))
    assert_golden("eras_2027.json", json.dumps(data, indent=1, ensure_ascii=False) + "\n")


def test_the_honesty_checks_of_the_golden_outputs_with_the_2027_rules():
    findings = honesty_checks(golden_outputs(), today=date(2026, 6, 1), eras=MAPPING)
    assert [(f.index + 1, f.code, f.severity) for f in findings] == [
        (5, "same_work_twice", Severity.WARNING),
        (6, "no_role", Severity.WARNING),
        (7, "no_identifier", Severity.WARNING),
        (8, "stale", Severity.WARNING),
        (8, "eras_status", Severity.ERROR),
        (9, "eras_no_type", Severity.ERROR),
    ]


# --- malformed season files -------------------------------------------------------------------


def season(**changes):
    category = {
        "key": "journal_articles",
        "label": "Journal Articles",
        "types": ["journal_article"],
        "peer_review_required": True,
        "statuses": ["published"],
        "fields": [{"key": "title", "label": "Title"}],
    }
    category.update(changes.pop("category", {}))
    data = {
        "season": 2099,
        "name": "test",
        "source": "test",
        "confidence": "weak",
        "most_meaningful_limit": 3,
        "author_format": "test",
        "status_labels": {"published": "Published"},
        "categories": [category],
    }
    data.update(changes)
    return data


def test_a_well_formed_season_file_parses():
    assert parse_eras(season(), origin="test.toml").season == 2099


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"category": {"types": ["journal"]}},
         "test.toml: category 'journal_articles': types: 'journal' is not one of journal_article"),
        ({"category": {"statuses": ["done"]}},
         "test.toml: category 'journal_articles': statuses: 'done' is not one of idea"),
        ({"category": {"statuses": ["accepted"]}},
         "test.toml: category 'journal_articles': statuses ['accepted'] have no entry in "
         "status_labels"),
        ({"category": {"fields": [{"key": "impact", "label": "Impact factor"}]}},
         "test.toml: category 'journal_articles': fields: 'impact' is not a field MatchWise fills"),
        ({"category": {"peer_review_required": "yes"}},
         "test.toml: category 'journal_articles': peer_review_required must be a bool, got 'yes'"),
        ({"most_meaningful_limit": True}, "test.toml: most_meaningful_limit must be a int"),
        ({"categories": []}, "test.toml: no [[categories]]"),
    ],
)  # fmt: skip
def test_a_malformed_season_file_is_refused_naming_the_place_and_value(changes, message):
    with pytest.raises(ErasDataError) as error:
        parse_eras(season(**changes), origin="test.toml")
    assert str(error.value).startswith(message)


def test_a_type_in_two_categories_is_refused():
    data = season()
    data["categories"].append({**data["categories"][0], "key": "again"})
    with pytest.raises(ErasDataError, match="'journal_article' is already in 'journal_articles'"):
        parse_eras(data, origin="test.toml")


# --- research benchmarks ----------------------------------------------------------------------


def test_the_benchmarks_carry_their_source_and_the_facts_caveat():
    (publications,) = load_benchmarks(2027)
    assert publications.measure == "peer_reviewed_publications"
    assert [(b.label, b.low, b.high) for b in publications.bands] == [
        ("solid baseline", 2, 3),
        ("highly competitive", 4, 8),
    ]
    assert publications.confidence == "weak"  # not a published figure: see the season file
    assert "not in facts.toml" in publications.source
    caveat = load_facts()["ir_integrated"]["pd_top_factors_2023"]
    assert caveat["source"] in publications.note
    assert "facts: ir_integrated.pd_top_factors_2023" in publications.note


def test_the_golden_record_stands_in_the_solid_baseline():
    (result,) = benchmarks(counts(golden_outputs()), load_benchmarks(2027))
    assert result.standing == (
        "3 peer-reviewed publications: in the solid baseline range (2–3); 1 more reaches highly "
        "competitive (4–8)"
    )
