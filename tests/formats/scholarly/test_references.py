"""Reference files: BibTeX, RIS, PubMed and CSL-JSON in, every problem at once, the applicant
found among the authors, duplicates and merging, and writers whose output reads back unchanged."""

import csv
import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from matchwise.engine.scholarly.outputs import (
    Author,
    IrTopic,
    Output,
    OutputType,
    Status,
    StatusChange,
    VenueKind,
)
from matchwise.formats.scholarly.references import (
    COLUMNS,
    ReferenceFileError,
    ReferenceFormat,
    author_from_name,
    find_duplicates,
    find_my_position,
    initials_of,
    merge,
    name_variants,
    normalise_title,
    parse_references,
    read_references,
    to_bibtex,
    to_csl_json,
    write_portfolio,
)

FIXTURES = Path(__file__).parents[2] / "fixtures" / "scholarly"
ME = ["Okafor S", "Okafor SO", "Samuel Okafor"]


def outputs_in(path, **kwargs):
    return [i.output for i in read_references(path, **kwargs).items]


def problems_of(path, **kwargs):
    with pytest.raises(ReferenceFileError) as caught:
        read_references(path, **kwargs)
    return caught.value


def read_text(tmp_path, name, text, **kwargs):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return read_references(path, **kwargs)


def text_problems(tmp_path, name, text, **kwargs):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return problems_of(path, **kwargs)


# --- BibTeX ---------------------------------------------------------------------------------


def test_a_zotero_bibtex_export_reads_each_entry_as_its_kind_of_output():
    read = read_references(FIXTURES / "zotero.bib")
    assert read.format is ReferenceFormat.BIBTEX
    assert [(i.entry, i.key) for i in read.items] == [
        (1, "rao_prostatic_2024"),
        (2, "okafor_radial_2023"),
        (3, "okafor_transarterial_2022"),
        (4, "muller_cone-beam_2021"),
    ]
    article, abstract, chapter, _ = (i.output for i in read.items)
    assert article.type is OutputType.JOURNAL_ARTICLE
    assert article.title == (
        "Prostatic artery embolization in a patient with a solitary kidney: a case-based Review"
    )
    assert article.venue == "J Vasc Interv Radiol" and article.venue_kind is VenueKind.JOURNAL
    assert (article.year, article.volume, article.issue) == (2024, "35", "3")
    assert article.pages == "412-418"  # Zotero's 412--418
    assert article.doi == "10.1016/j.jvir.2024.01.002"
    # the URL is verbatim: a LaTeX reader would cut it at "%"
    assert article.url.endswith("?utm_source=x&ref=a%20b")
    assert article.topics == {IrTopic.EMBOLIZATION, IrTopic.ONCOLOGY}  # "prostate" is a tag
    assert abstract.type is OutputType.JOURNAL_ABSTRACT and abstract.venue_kind is VenueKind.MEETING
    assert abstract.venue == "Society of Interventional Radiology 2023 Annual Scientific Meeting"
    assert abstract.place == "Phoenix, AZ"
    assert chapter.type is OutputType.BOOK_CHAPTER and chapter.venue_kind is VenueKind.BOOK
    assert chapter.title == "Transarterial chemoembolization & radioembolization"


def test_latex_accents_and_braces_are_decoded_in_titles_and_names():
    item = read_references(FIXTURES / "zotero.bib").items[3]
    assert item.output.title == (
        "Cone-beam CT guidance for TIPS in Budd-Chiari syndrome: the Zürich series"
    )
    assert item.authors == ("Müller, Jürgen", "Okafor, Samuel O.", "Gałęzowski, Émilie")
    assert item.output.authors[2] == Author(family="Gałęzowski", initials="É")
    assert item.output.pmid == "33912345"


def test_and_others_is_not_an_author():
    item = read_references(FIXTURES / "zotero.bib").items[3]
    assert [a.family for a in item.output.authors] == ["Müller", "Okafor", "Gałęzowski"]


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        ("@inproceedings{k, title={T}, note={Poster presentation}}", OutputType.POSTER),
        (
            "@conference{k, title={T}, howpublished={Oral presentation}}",
            OutputType.ORAL_PRESENTATION,
        ),
        ("@inproceedings{k, title={T}, note={Podium talk}}", OutputType.ORAL_PRESENTATION),
        ("@inproceedings{k, title={T}}", OutputType.JOURNAL_ABSTRACT),
        ("@misc{k, title={T}, note={Poster presented at SIR 2024}}", OutputType.POSTER),
        ("@misc{k, title={T}, note={Abstract}}", OutputType.ONLINE_PUBLICATION),
        ("@online{k, title={T}, note={Poster}}", OutputType.ONLINE_PUBLICATION),
        ("@article{k, title={T}, note={Poster}}", OutputType.JOURNAL_ARTICLE),
        ("@inbook{k, title={T}}", OutputType.BOOK_CHAPTER),
        ("@phdthesis{k, title={T}}", OutputType.OTHER),
    ],
)
def test_bibtex_entry_types_and_hints_choose_the_type(tmp_path, entry, expected):
    (item,) = read_text(tmp_path, "one.bib", entry).items
    assert item.output.type is expected
    presentation = expected in (OutputType.POSTER, OutputType.ORAL_PRESENTATION)
    assert (item.output.status is Status.PRESENTED) == (
        presentation or expected is OutputType.JOURNAL_ABSTRACT
    )


def test_a_meeting_place_comes_from_venue_or_an_inproceedings_address_only(tmp_path):
    text = (
        "@inproceedings{a, title={A}, location={Vienna}}\n"
        "@article{b, title={B}, address={Amsterdam}}\n"
        "@misc{c, title={C}, venue={Boston, MA}, note={Poster}}\n"
    )
    read = read_text(tmp_path, "places.bib", text)
    places = [i.output.place for i in read.items]
    assert places == ["Vienna", "", "Boston, MA"]


def test_a_year_that_says_in_press_is_a_status_not_a_problem(tmp_path):
    (item,) = read_text(tmp_path, "p.bib", "@article{k, title={T}, year={in press}}").items
    assert item.output.status is Status.IN_PRESS and item.output.year is None


def test_values_wrapped_over_lines_read_as_tex_reads_them(tmp_path):
    text = (
        "@article{k,\n"
        "  title = {Cone-beam CT guidance for TIPS\n           in Budd-Chiari\tsyndrome},\n"
        "  author = {Rao,\n    Ana K. and Okafor, Samuel},\n}\n"
    )
    (item,) = read_text(tmp_path, "wrapped.bib", text).items
    assert item.output.title == "Cone-beam CT guidance for TIPS in Budd-Chiari syndrome"
    assert item.authors == ("Rao, Ana K.", "Okafor, Samuel")


def test_pmid_from_a_biblatex_eprint(tmp_path):
    text = "@article{k, title={T}, eprint={38512345}, eprinttype={pubmed}}"
    (item,) = read_text(tmp_path, "e.bib", text).items
    assert item.output.pmid == "38512345"


def test_field_names_in_capitals_and_two_entries_with_one_key_are_read(tmp_path):
    text = "@ARTICLE{k, TITLE={First}, Year={2020}}\n@article{k, title={Second}}\n"
    read = read_text(tmp_path, "caps.bib", text)
    assert [(i.output.title, i.output.year) for i in read.items] == [
        ("First", 2020),
        ("Second", None),
    ]


# --- RIS ------------------------------------------------------------------------------------


def test_an_endnote_ris_export_with_byte_order_mark_and_crlf_reads():
    read = read_references(FIXTURES / "endnote.ris")
    assert read.format is ReferenceFormat.RIS
    article = read.items[0].output
    assert read.items[0].key == "Rao2024"
    assert article.type is OutputType.JOURNAL_ARTICLE and article.peer_reviewed
    assert article.venue == "J Vasc Interv Radiol"  # JO before T2
    assert article.pages == "412-418"  # SP and EP
    assert article.doi == "10.1016/j.jvir.2024.01.002"
    assert article.url == "https://doi.org/10.1016/j.jvir.2024.01.002"
    assert article.topics == {IrTopic.EMBOLIZATION}
    assert read.items[0].authors == ("Rao, Ana K.", "Okafor, Samuel O.", "Müller, Jürgen")


def test_ris_conference_records_are_posters_when_m3_says_so_and_keep_their_place():
    poster = read_references(FIXTURES / "endnote.ris").items[1].output
    assert poster.type is OutputType.POSTER and poster.status is Status.PRESENTED
    assert poster.venue == "CIRSE 2023 Annual Congress"
    assert poster.place == "Copenhagen, Denmark"
    assert poster.authors[2] == Author(family="van der Berg", initials="J-P")  # "J.-P."


def test_ris_abstracts_chapters_and_pubmed_accessions():
    abstract, chapter, pubmed = (
        i.output for i in read_references(FIXTURES / "endnote.ris").items[2:]
    )
    assert abstract.type is OutputType.JOURNAL_ABSTRACT and abstract.status is Status.PRESENTED
    assert (abstract.issue, abstract.pages) == ("3 Suppl", "S112")
    assert chapter.type is OutputType.BOOK_CHAPTER
    assert chapter.venue == "Interventional Oncology: A Practical Guide"  # T2: the book
    assert chapter.place == ""  # CY of a chapter is the publisher's city
    assert pubmed.pmid == "33912345" and pubmed.pages == "1101-8"


@pytest.mark.parametrize(
    ("ty", "extra", "expected", "status"),
    [
        ("INPR", "", OutputType.JOURNAL_ARTICLE, Status.IN_PRESS),
        ("CPAPER", "", OutputType.ORAL_PRESENTATION, Status.PRESENTED),
        ("CONF", "N1  - Poster session B\n", OutputType.POSTER, Status.PRESENTED),
        ("ELEC", "", OutputType.ONLINE_PUBLICATION, Status.PUBLISHED),
        ("UNPB", "", OutputType.OTHER, Status.IN_PREPARATION),
        ("CASE", "", OutputType.OTHER, Status.PUBLISHED),  # a legal case
    ],
)
def test_ris_types(tmp_path, ty, extra, expected, status):
    text = f"TY  - {ty}\nTI  - Title\n{extra}ER  - \n"
    (item,) = read_text(tmp_path, "t.ris", text).items
    assert (item.output.type, item.output.status) == (expected, status)


def test_a_pmid_written_in_a_note_or_custom_field(tmp_path):
    text = "TY  - JOUR\nTI  - T\nC1  - PMID: 38512345\nER  - \n"
    (item,) = read_text(tmp_path, "c.ris", text).items
    assert item.output.pmid == "38512345"


def test_a_ris_export_saved_as_txt_is_read_as_ris(tmp_path):
    read = read_text(tmp_path, "export.txt", "TY  - JOUR\nTI  - A title\nPY  - 2020\nER  - \n")
    assert read.format is ReferenceFormat.RIS
    assert read.items[0].output.title == "A title"


# --- PubMed ---------------------------------------------------------------------------------


def test_pubmed_nbib_joins_continuation_lines_and_takes_initials_from_au():
    read = read_references(FIXTURES / "pubmed.nbib")
    assert read.format is ReferenceFormat.MEDLINE
    case, review = read.items
    assert case.key == "38512345" and case.output.pmid == "38512345"
    assert case.output.title == (
        "Prostatic artery embolization in a patient with a solitary kidney: a case report and "
        "review of the literature."
    )
    assert case.authors == ("Rao, Ana K", "Okafor, Samuel O", "van der Berg, Jean-Pierre")
    assert [str(a) for a in case.output.authors] == ["Rao AK", "Okafor SO", "van der Berg JP"]
    assert case.output.venue == "J Vasc Interv Radiol"
    assert (case.output.year, case.output.volume, case.output.issue) == (2024, "35", "3")
    assert case.output.doi == "10.1016/j.jvir.2024.01.002"  # the [doi] LID, not the [pii]
    assert case.output.topics == {IrTopic.EMBOLIZATION}
    # NLM leaves the particle out of the initials: MG, where the full name alone would give MDG
    assert review.output.authors[2] == Author(family="da Silva", initials="MG")
    assert review.output.authors[3] == Author(family="IR Outcomes Collaborative")  # CN


@pytest.mark.parametrize(
    ("types", "expected"),
    [
        (["Case Reports", "Journal Article"], OutputType.CASE_REPORT),
        (["Journal Article", "Review", "Systematic Review"], OutputType.REVIEW),
        (["Letter"], OutputType.LETTER),
        (["Comment", "Letter", "Case Reports"], OutputType.CASE_REPORT),
        (["Journal Article", "Randomized Controlled Trial"], OutputType.JOURNAL_ARTICLE),
        (["Editorial"], OutputType.JOURNAL_ARTICLE),
    ],
)
def test_pubmed_publication_types(tmp_path, types, expected):
    lines = "".join(f"PT  - {t}\n" for t in types)
    text = f"PMID- 1\nTI  - A title.\nDP  - 2020 Jan 5\n{lines}"
    (item,) = read_text(tmp_path, "pt.nbib", text).items
    assert item.output.type is expected
    assert item.output.peer_reviewed == (expected is not OutputType.LETTER)


def test_pubmed_records_without_a_blank_line_between_them_are_two(tmp_path):
    text = "PMID- 1\nTI  - One.\nDP  - 2020\nPMID- 2\nTI  - Two.\nDP  - 2021\n"
    read = read_text(tmp_path, "tight.txt", text)
    assert [(i.key, i.output.year) for i in read.items] == [("1", 2020), ("2", 2021)]


# --- CSL-JSON -------------------------------------------------------------------------------


def test_csl_json_from_zotero_reads_string_years_particles_and_literal_authors():
    read = read_references(FIXTURES / "csl.json")
    assert read.format is ReferenceFormat.CSL_JSON
    article, poster, chapter, page = (i.output for i in read.items)
    assert article.year == 2024  # Zotero writes ["2024", 3]
    assert article.pmid == "38512345"  # from the note, where Zotero keeps it
    assert article.authors[2] == Author(family="van der Berg", initials="JP")
    assert poster.type is OutputType.POSTER  # genre
    assert (poster.place, poster.event_date) == ("Phoenix, AZ", date(2023, 3, 4))
    assert chapter.place == ""  # Zotero copies the publisher's city into event-place
    assert page.type is OutputType.ONLINE_PUBLICATION and page.year == 2022  # "raw"
    assert page.authors[0] == Author(family="SIR Patient Education Committee")
    assert page.topics == {IrTopic.VENOUS}


# --- across formats -------------------------------------------------------------------------

FIXTURE_FILES = ["zotero.bib", "endnote.ris", "pubmed.nbib", "csl.json"]


@pytest.mark.parametrize(
    ("name", "positions"),
    [
        ("zotero.bib", [2, 1, 1, 2]),
        ("endnote.ris", [2, 1, 1, 1, 2]),
        ("pubmed.nbib", [2, 1]),
        ("csl.json", [2, 1, 1, 2]),
    ],
)
def test_me_sets_the_applicants_position_in_every_format(name, positions):
    assert [o.my_position for o in outputs_in(FIXTURES / name, me=ME)] == positions
    assert [o.my_position for o in outputs_in(FIXTURES / name)] == [None] * len(positions)


@pytest.mark.parametrize("name", FIXTURE_FILES)
def test_journal_papers_are_published_and_peer_reviewed_and_meeting_items_presented(name):
    for output in outputs_in(FIXTURES / name):
        if output.type in (OutputType.JOURNAL_ARTICLE, OutputType.CASE_REPORT, OutputType.REVIEW):
            assert output.peer_reviewed, output.title
            assert output.status is Status.PUBLISHED, output.title
        else:
            assert not output.peer_reviewed, output.title
        if output.type in (OutputType.POSTER, OutputType.ORAL_PRESENTATION):
            assert output.status is Status.PRESENTED, output.title


def test_name_variants_suggests_every_spelling_of_the_family_name_once():
    items = [i for name in FIXTURE_FILES for i in read_references(FIXTURES / name).items]
    seen = [a for i in items for a in i.authors]
    assert name_variants(seen, "Samuel Okafor") == [
        "Okafor, Samuel O.",
        "Okafor, Samuel",
        "Okafor, S.",
        "Okafor, S. O.",
    ]
    assert name_variants(seen, "Nobody Here") == []
    variants = name_variants(seen, "Okafor")
    assert all(find_my_position([author_from_name(v)], variants) == 1 for v in variants)


# --- names ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "family", "initials"),
    [
        ("Ana K. Rao", "Rao", "AK"),
        ("Rao, Ana Kumari", "Rao", "AK"),
        ("Rao, A.K.", "Rao", "AK"),
        ("Rao AK", "Rao", "AK"),
        ("Rao, AK", "Rao", "AK"),
        ("  Okafor,   Samuel  ", "Okafor", "S"),
        ("Jean-Pierre van der Berg", "van der Berg", "JP"),
        ("van der Berg, Jean-Pierre", "van der Berg", "JP"),
        ("van der Berg, J.-P.", "van der Berg", "J-P"),
        ("Ludwig van Beethoven", "van Beethoven", "L"),
        ("Smith, John, Jr.", "Smith Jr.", "J"),
        ("Smith J Jr", "Smith Jr", "J"),
        ("Émilie Gałęzowski", "Gałęzowski", "É"),
        ("Okafor", "Okafor", ""),
        ("ANA RAO", "ANA", "RAO"),  # three capitals read as initials, as PubMed writes them
    ],
)
def test_author_from_name(text, family, initials):
    assert author_from_name(text) == Author(family=family, initials=initials)


@pytest.mark.parametrize("text", ["", "  ", ", Ana"])
def test_a_name_without_a_family_name_is_refused(text):
    with pytest.raises(ValueError, match="family name"):
        author_from_name(text)


@pytest.mark.parametrize(
    ("given", "initials"),
    [("Ana Kumari", "AK"), ("A. K.", "AK"), ("J.-P.", "J-P"), ("Jean-Pierre", "JP"), ("", "")],
)
def test_initials_of(given, initials):
    assert initials_of(given) == initials


@pytest.mark.parametrize(
    ("authors", "me", "position"),
    [
        (["Rao A", "Okafor SO"], ["Okafor S"], 2),  # the variant is a prefix of the initials
        (["Rao A", "Okafor S"], ["Okafor SO"], 2),  # and the other way round
        (["Rao A", "okafor S"], ["OKAFOR, Samuel"], 2),  # case
        (["Müller J", "Okafor S"], ["Muller, J."], 1),  # accents and punctuation
        (["van der Berg JP"], ["Jean-Pierre Van Der Berg"], 1),
        (["Okafor C", "Okafor S"], ["Okafor S"], 2),  # another Okafor is not the applicant
        (["Okafor S", "Okafor S"], ["Okafor S"], 1),  # the first match
        (["Rao A"], ["Okafor S"], None),
        (["Rao A"], [], None),
        (["Okafor SO"], "Okafor S", 1),  # one variant as a string, not its letters
    ],
)
def test_find_my_position(authors, me, position):
    found = find_my_position([author_from_name(a) for a in authors], me)
    assert found == position


# --- problems -------------------------------------------------------------------------------


def test_a_broken_bibtex_file_lists_every_problem_and_nothing_is_read():
    error = problems_of(FIXTURES / "broken.bib")
    assert str(error).startswith(f"{FIXTURES / 'broken.bib'}: 4 problems, nothing was read:")
    found = [(p.entry, p.label, p.field) for p in error.problems]
    assert found == [
        (2, "unclosed_2023", ""),
        (3, "bad_values_2022", "year"),
        (3, "bad_values_2022", "doi"),
        (4, "bad_names_2021", "author"),
    ]
    unclosed, year, doi, names = error.problems
    assert 'a } or " is missing' in unclosed.expected and unclosed.line == 9
    assert year.value == "twenty twenty-two" and year.expected == "a year like 2024"
    assert doi.expected == "a DOI like 10.1016/j.jvir.2024.01.002"
    assert "Too many commas" in names.expected


def test_a_broken_ris_file_reports_text_outside_records_and_a_missing_er():
    error = problems_of(FIXTURES / "broken.ris")
    found = [(p.entry, p.line, p.field) for p in error.problems]
    assert found == [(0, 7, ""), (2, 8, "ER"), (3, 12, "PY"), (3, 12, "DO")]
    assert "TY  - to ER  - " in error.problems[0].expected
    assert error.problems[1].label == "A record that never ends"


def test_a_broken_pubmed_file_reports_the_line_the_missing_title_and_the_date():
    error = problems_of(FIXTURES / "broken.nbib")
    found = [(p.entry, p.label, p.field, p.line) for p in error.problems]
    assert found == [(2, "31000002", "TI", 9), (3, "", "", 19), (3, "31000003", "DP", 16)]
    assert "indented by 6 spaces" in error.problems[1].expected


def test_broken_json_says_where_it_breaks():
    error = problems_of(FIXTURES / "broken.json")
    (problem,) = error.problems
    assert problem.entry == 0 and problem.line == 8
    assert problem.expected.startswith("not valid JSON: Expecting property name")


@pytest.mark.parametrize(
    ("name", "kept", "skipped"),
    [
        ("broken.bib", ["A good entry"], {2, 3, 4}),
        ("broken.ris", ["A good record"], {0, 2, 3}),
        ("broken.nbib", ["A good record."], {2, 3}),
    ],
)
def test_skipping_bad_entries_returns_the_good_ones_and_lists_the_rest(name, kept, skipped):
    read = read_references(FIXTURES / name, skip_bad_entries=True)
    assert [i.output.title for i in read.items] == kept
    assert {p.entry for p in read.problems} == skipped


def test_a_record_with_a_stray_line_is_skipped_whole(tmp_path):
    # the line may have been the end of its title: the record is not guessed at
    text = "PMID- 1\nTI  - One.\nDP  - 2020\n\nPMID- 2\nTI  - Two, cut\nshort.\nDP  - 2021\n"
    path = tmp_path / "stray.nbib"
    path.write_text(text, encoding="utf-8")
    read = read_references(path, skip_bad_entries=True)
    assert [i.key for i in read.items] == ["1"]
    assert [(p.entry, p.value) for p in read.problems] == [(2, "short.")]


def test_every_problem_names_the_file_entry_field_value_and_expectation():
    error = problems_of(FIXTURES / "broken.bib")
    year = error.problems[1]
    assert str(year) == (
        f'{FIXTURES / "broken.bib"}: entry 3 (bad_values_2022), line 15, field "year": '
        "'twenty twenty-two' is not valid; expected a year like 2024"
    )
    missing = problems_of(FIXTURES / "broken.nbib").problems[0]
    assert missing.message == (
        'entry 2 (31000002), line 9, field "TI": missing or empty; expected a title'
    )


def test_a_file_with_only_bad_entries_has_nothing_left_when_skipping(tmp_path):
    error = text_problems(tmp_path, "bad.bib", "@article{k, year={x}}", skip_bad_entries=True)
    assert [p.message for p in error.problems][-1] == "no valid entries left"


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("refs.bib", b"", "the file is empty"),
        ("refs.ris", b" \n\n", "the file is empty"),
        ("refs.pdf", b"%PDF-1.7", "a reference file: .bib (BibTeX)"),
        ("refs", b"x", "a reference file"),
        ("refs.bib", "@article{k, title={Zürich}}".encode("latin-1"), "not UTF-8"),
        ("refs.bib", b"Just some notes, no entries.", "not a BibTeX file"),
        ("refs.ris", b"TY - JOUR\nTI - One space\nER - \n", "two capitals, two spaces"),
        ("refs.ris", b"Title: A paper\n", "a RIS file"),
        ("refs.nbib", b"Title: A paper\n", "not a PubMed (MEDLINE) file"),
        ("refs.json", b'{"items": []}', "a list of items"),
        ("refs.json", b"[]", "the file has no references"),
        ("refs.bib", "\ufeff@comment{nothing here}".encode(), "the file has no references"),
    ],
)
def test_a_file_that_cannot_be_read_says_why(tmp_path, name, content, expected):
    path = tmp_path / name
    path.write_bytes(content)
    error = problems_of(path)
    assert expected in str(error)
    assert str(error).startswith(str(path))


def test_a_missing_file(tmp_path):
    assert "file not found" in str(problems_of(tmp_path / "gone.bib"))


@pytest.mark.parametrize(
    ("item", "field", "expected"),
    [
        ('"just text"', "", "an item"),
        ('{"type": "article-journal"}', "title", "a title"),
        ('{"title": "T", "author": "Rao, Ana"}', "author", "a list like"),
        ('{"title": "T", "author": [{"given": "Ana"}]}', "author", "a name like"),
        ('{"title": "T", "author": [{"family": ""}]}', "author", "a family name"),
        ('{"title": "T", "issued": {"date-parts": [["soon"]]}}', "issued", "a date like"),
        ('{"title": "T", "event-date": {"date-parts": [[2024, 2, 30]]}}', "event-date", "exists"),
        ('{"title": "T", "volume": {"n": 3}}', "volume", "text"),
        ('{"title": "T", "PMID": "PMC123"}', "PMID", "digits only"),
        (
            '{"title": "T", "custom": {"matchwise": {"status": "done"}}}',
            "custom.matchwise.status",
            "one of: idea",
        ),
        (
            '{"title": "T", "custom": {"matchwise": {"position": 2}}}',
            "custom.matchwise.position",
            "past the last of 0 authors",
        ),
        ('{"title": "T", "keyword": "not IR, venous"}', "keyword", "cannot go with an IR topic"),
    ],
)
def test_csl_items_of_the_wrong_shape_are_problems(tmp_path, item, field, expected):
    error = text_problems(tmp_path, "items.json", f"[{item}]")
    (problem,) = error.problems
    assert (problem.entry, problem.field) == (1, field)
    assert expected in problem.expected


def test_an_author_name_longer_than_a_citation_allows_is_a_problem(tmp_path):
    text = "TY  - JOUR\nTI  - T\nAU  - " + "X" * 121 + ", Ana\nER  - \n"
    (problem,) = text_problems(tmp_path, "long.ris", text).problems
    assert (problem.field, problem.expected) == ("AU", "a family name of at most 120 characters")


# --- duplicates and merging -----------------------------------------------------------------

KNOWN = Output(
    type="case_report",
    title="Prostatic artery embolization in a solitary kidney",
    doi="10.1016/j.jvir.2024.01.002",
    pmid="38512345",
)


@pytest.mark.parametrize(
    ("incoming", "reason"),
    [
        ({"doi": "10.1016/J.JVIR.2024.01.002"}, "same DOI 10.1016/J.JVIR.2024.01.002"),
        ({"pmid": "38512345"}, "same PMID 38512345"),
        (
            {"title": "PROSTATIC ARTERY  EMBOLIZATION — in a solitary kidney!"},
            'same title "PROSTATIC ARTERY  EMBOLIZATION — in a solitary kidney!"',
        ),
        ({"title": "Prostatic artery embolizatión in a solitary kidney"}, "same title"),
        (
            {"doi": "10.1016/j.jvir.2024.01.002", "pmid": "38512345"},
            "same DOI 10.1016/j.jvir.2024.01.002; same PMID 38512345",
        ),
    ],
)
def test_duplicates_by_doi_pmid_or_title(incoming, reason):
    other = Output.model_validate({"type": "journal_article", "title": "Something else"} | incoming)
    (pair,) = find_duplicates([Output(type="other", title="Unrelated"), KNOWN], [other])
    assert (pair.existing_index, pair.incoming_index) == (1, 0)
    assert pair.reason.startswith(reason)


def test_different_works_are_not_duplicates():
    other = Output(type="journal_article", title="Prostatic artery embolization in two kidneys")
    assert find_duplicates([KNOWN], [other, Output(type="other", title="!!!")]) == []


def test_normalise_title():
    assert normalise_title(" Émbolization:  the 'CT'\u2014era ") == "embolization the ct era"


def test_merge_keeps_every_value_and_the_first_wins():
    a = Output(
        type="case_report",
        title="PAE in a solitary kidney",
        doi="10.1016/j.jvir.2024.01.002",
        status="accepted",
        topics=["not_ir"],
        history=[{"status": "accepted", "on": "2024-01-05"}],
    )
    b = Output(
        type="journal_article",
        title="Prostatic artery embolization in a solitary kidney",
        authors=[Author(family="Rao", initials="AK"), Author(family="Okafor", initials="S")],
        my_position=2,
        venue="J Vasc Interv Radiol",
        year=2024,
        pmid="38512345",
        status="published",
        peer_reviewed=True,
        topics=["embolization"],
        history=[
            {"status": "submitted", "on": "2023-10-02"},
            {"status": "accepted", "on": "2024-01-05"},
            {"status": "published", "on": "2024-03-01"},
        ],
        my_role="Wrote the case description",
    )
    merged = merge(a, b)
    assert merged.type is OutputType.CASE_REPORT and merged.title == a.title
    assert merged.status is Status.ACCEPTED
    assert (merged.doi, merged.pmid, merged.year) == (a.doi, "38512345", 2024)
    assert merged.authors == b.authors and merged.my_position == 2
    assert merged.venue == "J Vasc Interv Radiol" and merged.peer_reviewed
    assert merged.topics == {IrTopic.EMBOLIZATION}  # "not IR" gives way
    assert [c.status for c in merged.history] == [
        Status.SUBMITTED,
        Status.ACCEPTED,
        Status.PUBLISHED,
    ]
    assert merged.my_role == "Wrote the case description"


def test_merge_takes_the_position_only_where_the_authors_agree():
    authors = [Author(family="Rao", initials="A"), Author(family="Okafor", initials="S")]
    mine = Output(type="other", title="T", authors=authors)
    theirs = Output(type="other", title="T", authors=authors, my_position=2)
    assert merge(mine, theirs).my_position == 2
    swapped = Output(type="other", title="T", authors=authors[::-1], my_position=1)
    assert merge(mine, swapped).my_position is None
    assert merge(mine, swapped).authors == tuple(authors)


def test_merge_keeps_a_venue_with_its_kind():
    a = Output(type="poster", title="T", venue_kind="meeting")
    b = Output(type="poster", title="T", venue="SIR 2024", venue_kind="journal")
    merged = merge(a, b)
    assert (merged.venue, merged.venue_kind) == ("SIR 2024", VenueKind.JOURNAL)


# --- writing --------------------------------------------------------------------------------

PORTFOLIO = [
    Output(
        type="case_report",
        title="Prostatic artery embolization in a solitary kidney: 50% & {more}",
        authors=[
            Author(family="Rao", initials="AK"),
            Author(family="Okafor", initials="S"),
            Author(family="van der Berg", initials="J-P"),
        ],
        my_position=2,
        venue="J Vasc Interv Radiol",
        year=2024,
        month=3,
        volume="35",
        issue="3",
        pages="412-418",
        status="published",
        history=[
            {"status": "submitted", "on": "2023-10-02"},
            {"status": "published", "on": "2024-03-01"},
        ],
        doi="10.1016/j.jvir.2024.01.002",
        pmid="38512345",
        peer_reviewed=True,
        topics=["embolization", "interventional_oncology"],
        my_role='=HYPERLINK("http://x") wrote the case; made the figures',
        mentor="Ana Rao",
        meaningful=True,
    ),
    Output(
        type="poster",
        title="Radial access for uterine artery embolization",
        authors=[Author(family="Okafor", initials="S"), Author(family="Müller", initials="J")],
        my_position=1,
        venue="SIR 2024 Annual Scientific Meeting",
        venue_kind="meeting",
        place="Salt Lake City, UT",
        event_date=date(2024, 3, 23),
        year=2024,
        status="presented",
        national_meeting=True,
    ),
]


def test_to_bibtex_writes_the_golden_file():
    assert to_bibtex(PORTFOLIO) == (FIXTURES / "written.bib").read_text(encoding="utf-8")


def test_to_csl_json_writes_the_golden_file():
    assert to_csl_json(PORTFOLIO) == (FIXTURES / "written.json").read_text(encoding="utf-8")
    items = json.loads(to_csl_json(PORTFOLIO))
    assert items[1]["type"] == "speech" and items[1]["genre"] == "Poster"


def test_cite_keys_are_unique():
    text = to_bibtex([PORTFOLIO[0], PORTFOLIO[0], Output(type="other", title="On")])
    assert [line.split("{")[1] for line in text.splitlines() if line.startswith("@")] == [
        "rao2024prostatic,",
        "rao2024prostatic-2,",
        "ref,",
    ]


@pytest.mark.parametrize("name", FIXTURE_FILES)
@pytest.mark.parametrize("writer", [to_bibtex, to_csl_json])
def test_every_fixture_survives_a_round_trip_through_each_writer(name, writer):
    outputs = outputs_in(FIXTURES / name, me=ME)
    suffix = ".bib" if writer is to_bibtex else ".json"
    back = parse_references(writer(outputs).encode(), name=f"again{suffix}")
    assert [i.output for i in back.items] == outputs


def test_bibtex_writes_carriage_returns_as_line_breaks_and_tabs_as_spaces():
    output = Output(type="other", title="a\tb", my_role="one\r\ntwo\rthree")
    (item,) = parse_references(to_bibtex([output]).encode(), name="x.bib").items
    assert (item.output.title, item.output.my_role) == ("a b", "one\ntwo\nthree")


def test_another_bibtex_reader_sees_the_usual_fields():
    text = to_bibtex(PORTFOLIO)
    assert "@article{rao2024prostatic," in text
    assert "  author = {{Rao}, A. K. and {Okafor}, S. and {van der Berg}, J.-P.}," in text
    assert "  journal = {J Vasc Interv Radiol}," in text
    assert "  booktitle = {SIR 2024 Annual Scientific Meeting}," in text
    assert "  address = {Salt Lake City, UT}," in text


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_the_portfolio_has_a_row_per_output_and_every_field(tmp_path, suffix):
    path = tmp_path / f"portfolio{suffix}"
    write_portfolio(PORTFOLIO, path)
    if suffix == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as f:
            rows = list(csv.reader(f))
    else:
        book = load_workbook(path)
        rows = [
            ["" if c is None else c for c in row] for row in book.active.iter_rows(values_only=True)
        ]
    assert rows[0] == list(COLUMNS)
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["authors"] == "Rao AK; Okafor S; van der Berg J-P"
    assert str(first["my_position"]) == "2" and str(first["year"]) == "2024"
    assert str(first["month"]) == "3" and COLUMNS.index("month") == COLUMNS.index("year") + 1
    assert first["history"] == "submitted 2023-10-02; published 2024-03-01"
    assert first["topics"] == "embolization; interventional_oncology"
    assert first["peer_reviewed"] == "yes" and first["type"] == "case_report"
    assert first["my_role"].startswith("'=HYPERLINK")  # not run as a formula
    second = dict(zip(rows[0], rows[2], strict=True))
    assert second["event_date"] == "2024-03-23" and second["national_meeting"] == "yes"
    assert len(rows) == 3


def test_the_xlsx_portfolio_keeps_numbers_as_numbers(tmp_path):
    write_portfolio(PORTFOLIO, tmp_path / "p.xlsx")
    sheet = load_workbook(tmp_path / "p.xlsx").active
    assert sheet.cell(2, COLUMNS.index("year") + 1).value == 2024
    assert sheet.cell(2, COLUMNS.index("month") + 1).value == 3


def test_a_portfolio_is_csv_or_xlsx(tmp_path):
    with pytest.raises(ValueError, match=r"\.csv or \.xlsx"):
        write_portfolio(PORTFOLIO, tmp_path / "p.pdf")


# --- the month ------------------------------------------------------------------------------

BIB = "@article{{k, title = {{T}}, year = {{2024}}, {field}}}\n"
RIS = "TY  - JOUR\nTI  - T\n{lines}\nER  - \n"
NBIB = "PMID- 1\nTI  - T\nDP  - {dp}\n"
CSL = '[{{"type": "article-journal", "title": "T", "issued": {issued}}}]'


@pytest.mark.parametrize(
    ("name", "text", "month"),
    [
        # BibTeX: the macros, numbers and names of months, and biblatex's date
        ("a.bib", BIB.format(field="month = mar"), 3),
        ("a.bib", BIB.format(field="month = {March}"), 3),
        ("a.bib", BIB.format(field='month = "Sept."'), 9),
        ("a.bib", BIB.format(field="month = {03}"), 3),
        ("a.bib", BIB.format(field="month = 12"), 12),
        ("a.bib", BIB.format(field="month = {Mar-Apr}"), 3),
        ("a.bib", BIB.format(field="month = {Spring}"), None),
        ("a.bib", BIB.format(field="note = {no month}"), None),
        ("a.bib", "@article{k, title = {T}, date = {2024-05-12}}\n", 5),
        ("a.bib", "@article{k, title = {T}, date = {2024}}\n", None),
        # RIS: YYYY/MM/DD/ in PY, Y1 or DA; DA in words as EndNote writes it
        ("a.ris", RIS.format(lines="PY  - 2024/03/15/"), 3),
        ("a.ris", RIS.format(lines="Y1  - 2024/07//"), 7),
        ("a.ris", RIS.format(lines="PY  - 2024\nDA  - 2024/11/02/"), 11),
        ("a.ris", RIS.format(lines="PY  - 2024\nDA  - Mar 15"), 3),
        ("a.ris", RIS.format(lines="PY  - 2024\nDA  - Spring"), None),
        ("a.ris", RIS.format(lines="PY  - 2024///"), None),
        # PubMed's DP: a range gives its first month, a season none
        ("a.nbib", NBIB.format(dp="2023 Mar 15"), 3),
        ("a.nbib", NBIB.format(dp="2023 Mar-Apr"), 3),
        ("a.nbib", NBIB.format(dp="2023 Dec-2024 Jan"), 12),
        ("a.nbib", NBIB.format(dp="2023 Spring"), None),
        ("a.nbib", NBIB.format(dp="2023"), None),
        # CSL-JSON's issued: the second date part; 13 to 16 are seasons
        ("a.json", CSL.format(issued='{"date-parts": [[2023, 3]]}'), 3),
        ("a.json", CSL.format(issued='{"date-parts": [["2023", "10", "2"]]}'), 10),
        ("a.json", CSL.format(issued='{"raw": "2023-11-02"}'), 11),
        ("a.json", CSL.format(issued='{"date-parts": [[2023, 14]]}'), None),
        ("a.json", CSL.format(issued='{"date-parts": [[2023]]}'), None),
    ],
)
def test_the_month_as_each_format_writes_it(tmp_path, name, text, month):
    (item,) = read_text(tmp_path, name, text).items
    assert item.output.year in (2023, 2024)
    assert item.output.month == month


@pytest.mark.parametrize(
    ("name", "text", "field", "expected"),
    [
        ("a.bib", BIB.format(field="month = {Foo}"), "month", "a month like mar, March or 3"),
        ("a.bib", BIB.format(field="month = {13}"), "month", "a month like mar, March or 3"),
        ("a.bib", "@article{k, title = {T}, date = {2024-13-01}}\n", "date", "month from 01 to 12"),
        ("a.ris", RIS.format(lines="PY  - 2024/13/01/"), "PY", "month from 01 to 12"),
        ("a.json", CSL.format(issued='{"date-parts": [[2023, 0]]}'), "issued", "from 1 to 12"),
    ],
)
def test_a_month_that_is_no_month_is_a_problem_naming_the_field(
    tmp_path, name, text, field, expected
):
    (problem,) = text_problems(tmp_path, name, text).problems
    assert problem.field == field and expected in problem.expected


def test_a_month_without_a_year_is_left_out(tmp_path):
    text = "@article{k, title = {T}, year = {in press}, month = mar}\n"
    (item,) = read_text(tmp_path, "a.bib", text).items
    output = item.output
    assert (output.status, output.year, output.month) == (Status.IN_PRESS, None, None)


@pytest.mark.parametrize(
    ("name", "months"),
    [
        ("zotero.bib", [3, None, None, None]),  # month = mar
        ("endnote.ris", [3, None, None, None, None]),  # DA  - 2024/03//
        ("pubmed.nbib", [3, 5]),  # DP  - 2024 Mar, 2023 May
        ("csl.json", [3, 3, None, 11]),  # date-parts and raw
    ],
)
def test_reference_managers_exports_keep_the_month(name, months):
    assert [o.month for o in outputs_in(FIXTURES / name)] == months


def test_the_month_is_written_as_a_bibtex_macro_and_csl_date_parts():
    output = Output(type="journal_article", title="T", year=2024, month=9)
    assert "  year = {2024},\n  month = sep,\n" in to_bibtex([output])
    (item,) = json.loads(to_csl_json([output]))
    assert item["issued"] == {"date-parts": [[2024, 9]]}


@pytest.mark.parametrize(
    ("a", "b", "year_month"),
    [
        ({"year": 2024}, {"year": 2024, "month": 3}, (2024, 3)),  # the same year: its month joins
        ({"year": 2024}, {"year": 2023, "month": 3}, (2024, None)),  # another year's is not taken
        ({}, {"year": 2023, "month": 3}, (2023, 3)),
        ({"year": 2024, "month": 5}, {"year": 2024, "month": 3}, (2024, 5)),
    ],
)
def test_merge_keeps_a_month_with_its_year(a, b, year_month):
    merged = merge(Output(type="other", title="PAE", **a), Output(type="other", title="PAE", **b))
    assert (merged.year, merged.month) == year_month


# --- round trips ----------------------------------------------------------------------------

_AWKWARD = st.characters(exclude_categories=("Cs", "Cc", "Cn", "Co", "Zl", "Zp")) | st.sampled_from(
    list("{}\\&%$#_^~@'\"`-?!,= \né[]*()")
)


def awkward(max_size=40):
    return st.text(_AWKWARD, max_size=max_size)


titles = st.sampled_from(
    [
        "Müller's {CT}-guided 50% & more",
        "He said \"hi\" -- then ``quoted'' and ?`inverted!`",
        "a\\b{c}d x_y^z ~ $5 #1 @misc(x) @article{y}",
        "Zürich: Gałęzowski and {Émilie} -- ---",
        "line one\nline two  double   triple\n\n[x] *y*",
    ]
) | awkward(120).filter(str.strip)
families = st.sampled_from(
    ["Rao", "van der Berg", "O'Brien", "Müller-Lüdenscheidt", "Smith Jr", "al-Haddad"]
) | awkward(30).map(lambda t: " ".join(t.split())).filter(bool)
initials = st.sampled_from(["", "A", "AK", "J-P", "É", "SO", "ABC", "ÖA"])
authors = st.builds(Author, family=families, initials=initials)
dois = st.just("") | st.from_regex(r"10\.[0-9]{4,9}/[-._;()/:A-Za-z0-9<>]{1,30}", fullmatch=True)
urls = st.just("") | st.from_regex(
    r"https://[a-z]{1,10}\.org/[-A-Za-z0-9._~:/?#\[\]@!$&'()*+,;=%]{0,30}", fullmatch=True
)
histories = st.lists(
    st.builds(StatusChange, status=st.sampled_from(Status), on=st.dates()), max_size=3
)
topic_sets = st.just(frozenset({IrTopic.NOT_IR})) | st.frozensets(
    st.sampled_from([t for t in IrTopic if t is not IrTopic.NOT_IR])
)


@st.composite
def outputs(draw):
    people = draw(st.lists(authors, max_size=4))
    year = draw(st.none() | st.integers(1950, 2100))
    return Output(
        type=draw(st.sampled_from(OutputType)),
        title=draw(titles),
        authors=people,
        my_position=draw(st.none() | st.integers(1, len(people))) if people else None,
        venue=draw(awkward(60)),
        venue_kind=draw(st.sampled_from(VenueKind)),
        place=draw(awkward(30)),
        event_date=draw(st.none() | st.dates()),
        year=year,
        month=None if year is None else draw(st.none() | st.integers(1, 12)),
        volume=draw(awkward(10)),
        issue=draw(awkward(10)),
        pages=draw(awkward(12).filter(lambda t: "\u2013" not in t)),
        status=draw(st.sampled_from(Status)),
        history=draw(histories),
        doi=draw(dois),
        pmid=draw(st.from_regex(r"[0-9]{0,8}", fullmatch=True)),
        url=draw(urls),
        peer_reviewed=draw(st.booleans()),
        national_meeting=draw(st.booleans()),
        topics=draw(topic_sets),
        my_role=draw(
            st.sampled_from(["=1+2", "line one\nline two", "50% \\o/ {x}"]) | awkward(300)
        ),
        mentor=draw(awkward(40)),
        meaningful=draw(st.booleans()),
    )


ROUND_TRIP = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@ROUND_TRIP
@given(batch=st.lists(outputs(), min_size=1, max_size=4))
def test_written_bibtex_reads_back_unchanged(batch):
    read = parse_references(to_bibtex(batch).encode(), name="round.bib")
    assert [i.output for i in read.items] == batch


@ROUND_TRIP
@given(batch=st.lists(outputs(), min_size=1, max_size=4))
def test_written_csl_json_reads_back_unchanged(batch):
    read = parse_references(to_csl_json(batch).encode(), name="round.json")
    assert [i.output for i in read.items] == batch


@settings(max_examples=60, deadline=None)
@given(batch=st.lists(outputs(), min_size=1, max_size=3), me=st.lists(families, max_size=2))
@pytest.mark.parametrize("writer", [to_bibtex, to_csl_json])
def test_a_position_matchwise_wrote_wins_over_me_which_fills_the_others(writer, batch, me):
    suffix = ".bib" if writer is to_bibtex else ".json"
    read = parse_references(writer(batch).encode(), name=f"me{suffix}", me=me)
    assert [i.output.my_position for i in read.items] == [
        o.my_position if o.my_position is not None else find_my_position(o.authors, me)
        for o in batch
    ]
