"""The catalog pages: search, filters, paging, the program page with sources, DEMO marked."""

import re

import pytest

from matchwise.engine.pick.program import FieldSource, Program
from matchwise.programs.models import ProgramRecord
from matchwise.programs.services import ensure_catalog, import_catalog_file, replace_catalog

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    ensure_catalog()


def test_the_list_shows_the_demo_catalog_marked_demo(client, demo):
    response = client.get("/programs/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "462 programs" in text
    assert "DEMO catalog: synthetic programs" in text
    assert 'class="tag demo"' in text


@pytest.mark.parametrize(
    ("query", "count"),
    [
        ("specialty=416", 96),
        ("specialty=420", 221),
        ("specialty=416&visa=J-1", None),
        ("q=1536416C0", 1),
        ("region=West", None),
        ("min_img_share=50", None),
    ],
)
def test_filters_narrow_the_list(client, demo, query, count):
    text = client.get(f"/programs/?{query}").content.decode()
    shown = int(re.search(r'id="count">(\d+) program', text).group(1))
    assert 0 < shown <= 462
    if count is not None:
        assert shown == count


def test_a_bad_filter_value_is_reported_next_to_its_field_and_ignored(client, demo):
    text = client.get("/programs/?min_img_share=abc&specialty=416").content.decode()
    assert "Enter a number." in text
    assert "96 programs" in text


def test_htmx_requests_get_only_the_table(client, demo):
    response = client.get("/programs/?q=Lake", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "<html" not in response.content.decode()


def test_paging_and_sorting(client, demo):
    first = client.get("/programs/?sort=positions").content.decode()
    assert "page 1 of 10" in first
    second = client.get("/programs/?sort=positions&page=2").content.decode()
    assert "page 2 of 10" in second and second != first


def test_the_program_page_shows_every_attribute_with_its_source(client):
    replace_catalog(
        [
            Program(
                code="1001416A0",
                name="Test IR",
                specialty="416",
                track="A",
                visa=["J-1"],
                sources={"visa": FieldSource(source="program website", verified="2026-09-01")},
            ),
        ]
    )
    text = client.get("/programs/1001416A0/").content.decode()
    assert "Visas sponsored" in text and "J-1" in text
    assert "Source: program website · verified 2026-09-01" in text
    assert "Minimum Step 2 CK</dt>\n  <dd>unknown" in text
    assert "DEMO catalog" not in text


def test_an_unknown_program_is_a_404(client, demo):
    assert client.get("/programs/NOPE/").status_code == 404


def test_records_round_trip_the_engine_program(demo):
    record = ProgramRecord.objects.first()
    program = record.to_program()
    assert ProgramRecord.from_program(program).data == record.data


def test_a_bad_catalog_file_replaces_nothing(tmp_path, demo):
    from matchwise.formats.pick.catalog import CatalogError

    bad = tmp_path / "bad.csv"
    bad.write_text("code,name,specialty,track\n1,DEMO,417,A\n", encoding="utf-8")
    with pytest.raises(CatalogError):
        import_catalog_file(bad)
    assert ProgramRecord.objects.count() == 462
