"""The catalog file: every column's rules, every problem reported at once, lossless round trips."""

import csv
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from matchwise.engine.pick.program import Program
from matchwise.formats.pick.catalog import (
    CatalogError,
    load_demo_catalog,
    parse_mapping,
    read_catalog,
    write_catalog,
)

FIXTURES = Path(__file__).parents[2] / "fixtures" / "catalog"
HEADER = "code,name,specialty,track"


def one_row(tmp_path: Path, column: str, value: str) -> Path:
    path = tmp_path / "one.csv"
    path.write_text(f"{HEADER},{column}\n1234416A0,DEMO X,416,A,{value}\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("column", "text", "field", "value"),
    [
        ("visa", "J-1", "visa", frozenset({"J-1"})),
        ("visa", "J-1;H-1B", "visa", frozenset({"J-1", "H-1B"})),
        ("visa", "h1b", "visa", frozenset({"H-1B"})),
        ("visa", "none", "visa", frozenset()),
        ("visa", "unknown", "visa", None),
        ("visa", "", "visa", None),
        ("img_share", "35%", "img_share", 0.35),
        ("img_share", "0.2", "img_share", 0.2),
        ("academic", "Yes", "academic", True),
        ("academic", "0", "academic", False),
        ("positions", "4", "positions", 4),
        ("positions", "4.0", "positions", 4),
        ("min_step2", "UNKNOWN", "min_step2", None),
        ("state", "ny", "state", "NY"),
        ("ecfmg_deadline", "rank deadline", "ecfmg_deadline", "rank_deadline"),
        ("min_usce_months", "2.5", "min_usce_months", 2.5),
    ],
)
def test_each_column_reads_what_users_write(tmp_path, column, text, field, value):
    (program,) = read_catalog(one_row(tmp_path, column, text)).programs
    assert getattr(program, field) == value


@pytest.mark.parametrize(
    ("column", "text", "expected"),
    [
        ("visa", "F-1", "J-1, H-1B"),
        ("img_share", "150%", "between 0 and 1"),
        ("img_share", "many", "a share like 0.35"),
        ("academic", "maybe", "yes or no"),
        ("positions", "-1", "a whole number 0-200"),
        ("positions", "2.5", "a whole number"),
        ("min_step2", "abc", "a whole number 180-300"),
        ("median_step2", "400", "a whole number 180-300"),
        ("state", "XX", "two-letter US state"),
        ("ecfmg_deadline", "soon", "application, rank_deadline"),
        ("positions_verified", "yesterday", "YYYY-MM-DD"),
    ],
)
def test_bad_cells_name_row_column_value_and_expectation(tmp_path, column, text, expected):
    with pytest.raises(CatalogError) as caught:
        read_catalog(one_row(tmp_path, column, text))
    (problem,) = caught.value.problems
    assert (problem.row, problem.column, problem.value) == (2, column, text)
    assert expected in problem.expected
    assert f'row 2, column "{column}"' in str(caught.value)


def test_every_problem_in_the_file_is_reported_at_once():
    with pytest.raises(CatalogError) as caught:
        read_catalog(FIXTURES / "bad.csv")
    seen = {(p.row, p.column) for p in caught.value.problems}
    assert {
        (2, "specialty"),
        (3, "track"),
        (3, "state"),
        (3, "positions"),
        (3, "img_share"),
        (3, "min_step2"),
        (4, "code"),
        (5, "code"),
    } <= seen
    assert "row 2 has it too" in str(caught.value)
    assert "nothing was read" in str(caught.value)


def test_skipping_bad_rows_keeps_the_good_ones_and_lists_the_rest(tmp_path):
    path = tmp_path / "mixed.csv"
    path.write_text(f"{HEADER},positions\n1416A,DEMO A,416,A,2\n2416A,DEMO B,416,A,x\n")
    result = read_catalog(path, skip_bad_rows=True)
    assert [p.code for p in result.programs] == ["1416A"]
    assert [p.row for p in result.problems] == [3]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "the file is empty"),
        (f"{HEADER}\n", "the catalog has no programs"),
        ("code,name,track\n1,DEMO,A\n", "a column named specialty"),
        (f"{HEADER},colour\n1,DEMO,416,A,red\n", "a known column"),
    ],
)
def test_file_level_problems(tmp_path, content, message):
    path = tmp_path / "c.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CatalogError, match=message):
        read_catalog(path)


def test_wrong_extension_and_missing_file(tmp_path):
    with pytest.raises(CatalogError, match=r"\.csv or \.xlsx"):
        read_catalog(tmp_path / "c.txt")
    with pytest.raises(CatalogError, match="file not found"):
        read_catalog(tmp_path / "missing.csv")


def test_a_byte_order_mark_and_specialty_names_are_understood():
    (program,) = read_catalog(FIXTURES / "bom.csv").programs
    assert program.code == "2001420C0"
    assert program.specialty.value == "420"


def test_good_fixture_keeps_sources_and_dates():
    programs = read_catalog(FIXTURES / "good.csv").programs
    assert len(programs) == 3
    source = programs[0].sources["visa"]
    assert source.source == "program website"
    assert source.verified.isoformat() == "2026-09-01"
    assert programs[2].visa == frozenset()
    assert programs[2].img_share is None


def test_a_users_own_sheet_reads_through_a_mapping():
    mapping = parse_mapping(
        "Program Name=name,NRMP Code=code,Specialty=specialty,Type=track,State=state"
    )
    programs = read_catalog(FIXTURES / "my-sheet.csv", mapping=mapping).programs
    assert [(p.code, p.specialty.value, p.track.value) for p in programs] == [
        ("3001416A0", "416", "A"),
        ("3001420A0", "420", "C"),
    ]


def test_a_mapping_without_a_code_says_what_to_map():
    mapping = parse_mapping("Program Name=name,Specialty=specialty,Type=track")
    with pytest.raises(CatalogError, match="map a column to code"):
        read_catalog(FIXTURES / "my-sheet.csv", mapping=mapping)


@pytest.mark.parametrize("text", ["Program Name", "Program Name=colour", "=name"])
def test_bad_mappings_are_refused(text):
    with pytest.raises(CatalogError, match="--map"):
        parse_mapping(text)


def test_xlsx_reads_like_csv(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["code", "name", "specialty", "track", "positions", "img_share"])
    sheet.append(["1001416A0", "DEMO XL", 416, "A", 3, 0.25])
    sheet.append(["1002416A0", "DEMO XL 2", "416", "A", "many", None])
    path = tmp_path / "c.xlsx"
    book.save(path)
    with pytest.raises(CatalogError) as caught:
        read_catalog(path)
    assert [(p.row, p.column) for p in caught.value.problems] == [(3, "positions")]
    book.active.delete_rows(3)
    book.save(path)
    (program,) = read_catalog(path).programs
    assert (program.positions, program.img_share, program.specialty.value) == (3, 0.25, "416")


def test_a_broken_xlsx_gets_a_message_not_a_traceback(tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"not a zip file")
    with pytest.raises(CatalogError, match="cannot read the file"):
        read_catalog(path)


def test_formula_like_text_is_neutralised_on_write_and_restored_on_read(tmp_path):
    program = Program(
        code="1001416A0",
        name='=HYPERLINK("x")',
        specialty="416",
        track="A",
        institution="+1 evil",
        city="@home",
        demo=True,
    )
    for suffix in (".csv", ".xlsx"):
        path = tmp_path / f"c{suffix}"
        write_catalog([program], path)
        if suffix == ".csv":
            with path.open(encoding="utf-8") as handle:
                rows = list(csv.reader(handle))
            assert rows[1][1].startswith("'=")
        else:
            cell = load_workbook(path).active.cell(row=2, column=2).value
            assert cell.startswith("'=")
        assert read_catalog(path).programs == (program,)


codes = st.from_regex(r"[0-9]{4}(416|420|999)[ACP]0", fullmatch=True)
maybe = st.none() | st.just(None)


@st.composite
def programs(draw):
    return Program(
        code=draw(codes),
        name="DEMO " + draw(st.text("abc XYZ-=+@'", min_size=1, max_size=12)).strip() + "x",
        specialty=draw(st.sampled_from(["416", "415", "420", "999", "prelim"])),
        track=draw(st.sampled_from(["A", "C", "P", "R"])),
        state=draw(st.none() | st.sampled_from(["NY", "TX", "CA"])),
        positions=draw(st.none() | st.integers(0, 200)),
        visa=draw(st.none() | st.sets(st.sampled_from(["J-1", "H-1B"])).map(frozenset)),
        img_share=draw(st.none() | st.floats(0, 1, allow_nan=False)),
        academic=draw(st.none() | st.booleans()),
        applications_per_position=draw(st.none() | st.floats(0, 500, allow_nan=False)),
        min_step2=draw(st.none() | st.integers(180, 300)),
        max_attempts=draw(st.none() | st.integers(1, 6)),
        min_usce_months=draw(st.none() | st.floats(0, 120, allow_nan=False)),
        signals_accepted=draw(st.none() | st.booleans()),
        ecfmg_deadline=draw(st.none() | st.sampled_from(["application", "rank_deadline"])),
        demo=True,
        sources=draw(
            st.dictionaries(
                st.sampled_from(["visa", "positions"]),
                st.builds(
                    dict, source=st.text("ab ", min_size=1, max_size=5).map(str.strip).filter(bool)
                ),
                max_size=2,
            )
        ),
    )


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(batch=st.lists(programs(), min_size=1, max_size=5, unique_by=lambda p: p.code))
@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_write_then_read_is_lossless(tmp_path, suffix, batch):
    path = tmp_path / f"round{suffix}"
    write_catalog(batch, path)
    assert read_catalog(path).programs == tuple(batch)


def test_the_demo_catalog_is_shaped_by_the_published_figures_and_marked_demo():
    demo = load_demo_catalog()
    count = {s: sum(p.specialty.value == s for p in demo) for s in ("416", "420", "415")}
    assert count["416"] == 96  # NRMP track codes 2024 (facts)
    assert count["420"] == 221
    assert len({p.institution for p in demo if p.specialty.value == "416"}) == 94
    assert all(p.demo and p.name.startswith("DEMO ") for p in demo)
    assert all(p.institution.startswith("DEMO ") for p in demo)
    assert all(src.source.startswith("DEMO: synthetic") for p in demo for src in p.sources.values())
    dr = [p for p in demo if p.specialty.value == "420" and p.visa is not None]
    j1 = sum("J-1" in {v.value for v in p.visa} for p in dr) / len(dr)
    assert 0.6 < j1 < 0.85  # 73.1% of DR programs sponsor J-1 (Acad Radiol 2023)
