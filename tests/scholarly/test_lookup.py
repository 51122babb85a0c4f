"""DOI and PMID look-ups: recorded Crossref and PubMed answers, offline, off by default."""

from pathlib import Path

import pytest

from matchwise.scholarly import lookup
from matchwise.scholarly.lookup import CROSSREF, PUBMED, LookupFailedError, RecordedLookup
from matchwise.scholarly.models import OutputRow

RECORDED = Path(__file__).parents[1] / "fixtures" / "lookups"
DOI, PMID = "10.1016/j.jvir.2024.01.002", "38412345"
ANSWERS = {
    CROSSREF.format(doi=DOI): (RECORDED / "crossref-10.1016_j.jvir.2024.01.002.json").read_bytes(),
    PUBMED.format(pmid=PMID): (RECORDED / "pubmed-38412345.nbib").read_bytes(),
}


def test_a_doi_is_read_from_crossrefs_answer():
    found = RecordedLookup(ANSWERS).by_doi(f"https://doi.org/{DOI}")
    assert found.title == "Prostatic Artery Embolization in a Patient with a Solitary Kidney"
    assert [str(a) for a in found.authors] == ["Rao AK", "Okafor SO"]
    assert (found.venue, found.year, found.month, found.volume, found.pages) == (
        "J Vasc Interv Radiol", 2024, 3, "35", "412-418"
    )  # fmt: skip
    assert found.doi == DOI


def test_a_pmid_is_read_from_pubmeds_medline_answer():
    found = RecordedLookup(ANSWERS).by_pmid(PMID)
    assert found.title.startswith("Radial versus femoral access") and found.pmid == PMID
    assert found.doi == "10.1016/j.jvir.2024.01.099"
    assert (found.year, found.month) == (2024, 3)  # DP  - 2024 Mar


@pytest.mark.parametrize(
    ("issued", "year_month"),
    [
        ([[2024, 3, 15]], [[2024, 3]]),  # the day is not kept
        ([[2024, 3]], [[2024, 3]]),
        ([[2024]], [[2024]]),
        ([[2024, None]], [[2024]]),
    ],
)
def test_crossref_gives_the_year_and_month(issued, year_month):
    item = lookup.crossref_to_csl({"DOI": DOI, "title": ["T"], "issued": {"date-parts": issued}})
    assert item["issued"] == {"date-parts": year_month}


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda s: s.by_doi("10.9999/not.recorded"), "could not reach api.crossref.org (offline?)"),
        (lambda s: s.by_pmid("1"), "could not reach eutils.ncbi.nlm.nih.gov"),
        (lambda s: s.by_doi("nonsense"), "is not a DOI"),
        (lambda s: s.by_pmid("PMC123"), "is not a PubMed id"),
    ],
)
def test_failures_say_why_in_words(call, message):
    with pytest.raises(LookupFailedError) as caught:
        call(RecordedLookup(ANSWERS))
    assert message in str(caught.value)


@pytest.mark.django_db
def test_the_page_fills_the_form_only_when_look_ups_are_on(client, settings, monkeypatch):
    off = client.post("/scholarly/new/", {"lookup": "1", "identifier": DOI}).content.decode()
    assert "Look-ups are off" in off
    settings.MATCHWISE_LOOKUPS = True
    monkeypatch.setattr(lookup, "default_lookup", lambda: RecordedLookup(ANSWERS))
    page = client.post("/scholarly/new/", {"lookup": "1", "identifier": DOI}).content.decode()
    assert "Filled in from" in page and "Rao AK; Okafor SO" in page
    assert '<option value="3" selected>March</option>' in page
    assert not OutputRow.objects.exists()  # nothing saved until the user saves
    offline = client.post("/scholarly/new/", {"lookup": "1", "identifier": "10.9999/x"})
    assert offline.status_code == 400 and "offline?" in offline.content.decode()
