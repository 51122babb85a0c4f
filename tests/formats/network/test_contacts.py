"""Contacts files: LinkedIn, vCard and spreadsheets in, every problem at once, duplicates and
merging, and writers whose output reads back unchanged."""

import csv
from datetime import date
from pathlib import Path

import pytest
import vobject
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from matchwise.engine.network.contacts import (
    Channel,
    Contact,
    Interaction,
    MentorKind,
    Relationship,
    Role,
    SponsorStage,
)
from matchwise.formats.network.contacts import (
    COLUMNS,
    INTERACTION_COLUMNS,
    ContactFileError,
    contacts_to_vcard,
    find_duplicates,
    guess_role,
    merge,
    normalise_linkedin,
    parse_contact_mapping,
    read_contacts,
    write_contacts,
    write_interactions,
)

FIXTURES = Path(__file__).parents[2] / "fixtures" / "network"
LINKEDIN_TOP = (
    'Notes:\n"When exporting your connection data, you may notice that some of the email '
    'addresses are missing."\n\n'
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
)


def problems_of(path, **kwargs):
    with pytest.raises(ContactFileError) as caught:
        read_contacts(path, **kwargs)
    return caught.value


def contacts_in(path, **kwargs):
    return [i.contact for i in read_contacts(path, **kwargs).contacts]


# --- LinkedIn ------------------------------------------------------------------------------


def test_a_linkedin_export_reads_past_its_notes_and_byte_order_mark():
    read = read_contacts(FIXTURES / "Connections.csv")
    assert [i.contact.name for i in read.contacts] == [
        "Ana Rao",
        "José Müller",
        "Priya Shah",
        "Sam Lee",
        "Omar Haddad",
    ]
    ana = read.contacts[0]
    assert ana.row == 5  # notes on rows 1-3, the header on row 4, as a spreadsheet shows it
    assert ana.first_interaction == date(2024, 3, 12)
    assert ana.contact.met_on is None
    assert ana.contact.institution == "Memorial Hospital, Inc."
    assert ana.contact.position == "Associate Program Director" and ana.contact.title == ""
    assert ana.contact.role is Role.ASSOCIATE_PD
    assert ana.contact.linkedin == "https://www.linkedin.com/in/ana-rao-ir"
    assert ana.contact.how_met == "LinkedIn"
    assert ana.contact.email == ""
    assert read.contacts[1].contact.email == "jose.muller@example.org"
    roles = [i.contact.role for i in read.contacts]
    assert roles == [
        Role.ASSOCIATE_PD,
        Role.FELLOW,
        Role.COORDINATOR,
        Role.OTHER,
        Role.PROGRAM_DIRECTOR,
    ]
    assert read.problems == ()


@pytest.mark.parametrize(
    ("position", "role"),
    [
        ("Program Director", Role.PROGRAM_DIRECTOR),
        ("Program Director, Interventional Radiology Residency", Role.PROGRAM_DIRECTOR),
        ("Fellowship Director", Role.PROGRAM_DIRECTOR),
        ("Associate Program Director", Role.ASSOCIATE_PD),
        ("Assistant Residency Program Director, IR", Role.ASSOCIATE_PD),
        ("Chief Resident, Diagnostic Radiology", Role.RESIDENT),
        ("Resident Physician PGY-3", Role.RESIDENT),
        ("IR Fellow", Role.FELLOW),
        ("Residency Program Coordinator", Role.COORDINATOR),
        ("Assistant Professor of Radiology", Role.FACULTY),
        ("Attending Physician", Role.FACULTY),
        ("Interventional Radiologist", Role.FACULTY),
        ("Vice President of Sales", Role.OTHER),  # "resident" inside "President" is not one
        ("Residency applicant", Role.OTHER),
        ("Medical Student", Role.OTHER),
        ("Program Manager", Role.OTHER),
        ("", Role.OTHER),
    ],
)
def test_the_role_is_guessed_from_the_position_cautiously(position, role):
    assert guess_role(position) is role


def test_linkedin_rows_with_problems_name_their_row_and_column(tmp_path):
    path = tmp_path / "Connections.csv"
    path.write_text(
        LINKEDIN_TOP
        + "Ana,Rao,https://www.linkedin.com/in/ana,not-an-email,Co,Faculty,12 Mar 2024\n"
        + ",,https://www.linkedin.com/in/nobody,,,,13 Mar 2024\n"
        + "Sam,Lee,,,,,yesterday\n",
        encoding="utf-8",
    )
    error = problems_of(path)
    assert [(p.row, p.column, p.value) for p in error.problems] == [
        (5, "Email Address", "not-an-email"),
        (6, "First Name", ""),
        (7, "Connected On", "yesterday"),
    ]
    assert "a name" in error.problems[1].expected
    assert 'row 7, column "Connected On"' in str(error)
    assert str(path) in str(error)


# --- vCard ---------------------------------------------------------------------------------


def test_a_vcard_3_file_with_several_cards():
    ana, jose, chiamaka = read_contacts(FIXTURES / "contacts-3.0.vcf").contacts
    assert (ana.row, ana.first_interaction) == (1, None)
    assert ana.contact.name == "Dr. Ana Rao"
    assert ana.contact.institution == "DEMO University Hospital, Interventional Radiology"
    assert ana.contact.position == "Program Director"
    assert ana.contact.role is Role.PROGRAM_DIRECTOR
    assert ana.contact.email == "ana.rao@example.com"  # the one marked pref, not the first
    assert ana.contact.phone == "+1 555 0100"
    assert ana.contact.linkedin == "https://www.linkedin.com/in/ana-rao-ir/"  # not the other URL
    assert ana.contact.tags == ("sir 2025", "mentor-candidate")
    assert ana.contact.notes == (
        "Met at SIR 2025, Nashville.\n"
        "Asked about research in portal hypertension; promised to send my CV."
    )
    assert jose.contact.name == "José Müller"
    assert jose.contact.role is Role.FELLOW
    assert chiamaka.contact.linkedin == "http://www.linkedin.com/in/cokafor"  # X-SOCIALPROFILE
    assert chiamaka.contact.role is Role.FACULTY


def test_a_vcard_4_file_with_preferences_uris_and_a_role():
    zoe, kwame = contacts_in(FIXTURES / "contacts-4.0.vcf")
    assert zoe.name == "Zoë Ångström"
    assert zoe.email == "zoe@example.net"  # PREF=1 beats PREF=2, whatever the order
    assert zoe.phone == "+46-8-555-0123"  # a tel: URI, as a number
    assert zoe.linkedin == "https://se.linkedin.com/in/zoe-angstrom"
    assert zoe.tags == ("research", "ir", "mentor")
    assert zoe.role is Role.FACULTY
    assert kwame.role is Role.RESIDENT  # ROLE says so; the title "PGY-4" would not


def test_a_card_with_problems_names_the_card_and_property(tmp_path):
    path = tmp_path / "cards.vcf"
    path.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Good\r\nN:Good;;;;\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bad\r\nN:Bad;;;;\r\nEMAIL:bad@\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nN:;;;;\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    error = problems_of(path)
    assert [(p.row, p.column, p.value) for p in error.problems] == [
        (2, "EMAIL", "bad@"),
        (3, "FN", ""),
    ]
    assert 'card 2, property "EMAIL"' in str(error)
    read = read_contacts(path, skip_bad_rows=True)
    assert [i.contact.name for i in read.contacts] == ["Good"]
    assert [p.row for p in read.problems] == [2, 3]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("BEGIN:VCARD\nVERSION:3.0\nFN:Never closed\n", "not a valid vCard file"),
        ("BEGIN:VCARD\nVERSION:3.0\nFN no colon\nEND:VCARD\n", "not a valid vCard file"),
        ("Name,Email\nAna,ana@example.org\n", "no BEGIN:VCARD"),
        ("BEGIN:VCALENDAR\nX-NOTE:BEGIN:VCARD\nEND:VCALENDAR\n", "no contacts"),
    ],
)
def test_a_broken_vcard_gets_a_message_not_a_traceback(tmp_path, content, message):
    path = tmp_path / "cards.vcf"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ContactFileError, match=message):
        read_contacts(path)


def test_a_vcard_saved_as_csv_is_still_read_as_a_vcard(tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes((FIXTURES / "contacts-4.0.vcf").read_bytes())
    assert [c.name for c in contacts_in(path)] == ["Zoë Ångström", "Kwame Mensah"]


# --- spreadsheets --------------------------------------------------------------------------

MY_MAPPING = (
    "Full Name=name,Job=position,Hospital=institution,E-mail=email,Mobile=phone,Labels=tags,"
    "Programs=program_codes,Met=met_on,Mentor type=mentor_kinds,Status=relationship,"
    "My notes=notes"
)


def test_a_users_own_sheet_reads_through_a_mapping():
    mapping = parse_contact_mapping(MY_MAPPING)
    read = read_contacts(FIXTURES / "my-contacts.csv", mapping=mapping)
    ana, kwame, jose = read.contacts
    assert [ana.row, kwame.row, jose.row] == [2, 3, 5]  # the empty row 4 is skipped
    assert ana.contact.program_codes == ("1234416C0", "1234420C0")
    assert ana.contact.tags == ("sir", "ir")
    assert ana.contact.mentor_kinds == {MentorKind.CLINICAL, MentorKind.CAREER}
    assert ana.contact.relationship is Relationship.MENTOR
    assert ana.contact.met_on == date(2025, 3, 29)
    assert ana.contact.notes == "Met at SIR, Nashville"
    assert ana.contact.role is Role.PROGRAM_DIRECTOR  # no role column: guessed from the title
    assert kwame.contact.met_on == date(2024, 3, 12)
    assert kwame.contact.mentor_kinds == {MentorKind.NEAR_PEER}
    assert jose.contact.email == "jose.muller@example.org"
    assert jose.contact.notes == "=SUM(1+1)"  # kept as text, never run


def test_without_a_mapping_a_users_own_columns_are_each_named(tmp_path):
    error = problems_of(FIXTURES / "my-contacts.csv")
    columns = {p.column for p in error.problems if p.row == 1}
    assert {"Full Name", "Job", "Colour", "name"} <= columns
    assert "a mapping that names the column" in str(error)


def test_a_mapping_that_names_a_missing_column_says_so():
    mapping = parse_contact_mapping("Full Name=name,Phone number=phone")
    error = problems_of(FIXTURES / "my-contacts.csv", mapping=mapping)
    assert [(p.row, p.column) for p in error.problems] == [(1, "Phone number")]
    assert "the file has none" in str(error)


def test_a_mapping_without_a_name_says_what_to_map():
    mapping = parse_contact_mapping("Job=position")
    with pytest.raises(ContactFileError, match="map a column to name"):
        read_contacts(FIXTURES / "my-contacts.csv", mapping=mapping)


@pytest.mark.parametrize("text", ["Full Name", "Full Name=colour", "=name", "Full Name=Name"])
def test_bad_mappings_are_refused(text):
    with pytest.raises(ContactFileError, match="column mapping"):
        parse_contact_mapping(text)


def test_every_problem_in_the_file_is_reported_at_once():
    error = problems_of(FIXTURES / "broken.csv")
    assert {(p.row, p.column, p.value) for p in error.problems} == {
        (3, "email", "not-an-email"),
        (4, "role", "chief wizard"),
        (5, "name", ""),
        (5, "met_on", "2025-02-30"),
        (6, "relationship", "friend"),
        (6, "mentor_kinds", "clinical;spiritual"),
    }
    message = str(error)
    assert message.startswith(f"{FIXTURES / 'broken.csv'}: 6 problems, nothing was read")
    assert "row 4, column \"role\": 'chief wizard' is not valid; expected a role" in message
    assert "an email address" in message
    assert "that day does not exist" in message


def test_skipping_bad_rows_keeps_the_good_ones_and_lists_the_rest():
    read = read_contacts(FIXTURES / "broken.csv", skip_bad_rows=True)
    assert [(i.row, i.contact.name) for i in read.contacts] == [(2, "Ana Rao")]
    assert sorted({p.row for p in read.problems}) == [3, 4, 5, 6]


def one_row(tmp_path, column, value):
    path = tmp_path / "one.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([["name", column], ["Ana Rao", value]])
    return path


@pytest.mark.parametrize(
    ("column", "text", "value"),
    [
        ("role", "program director", Role.PROGRAM_DIRECTOR),
        ("role", "Associate-PD", Role.ASSOCIATE_PD),
        ("role", "Program Coordinator", Role.COORDINATOR),
        ("relationship", "Sponsor", Relationship.SPONSOR),
        ("sponsor_stage", "has offered help", SponsorStage.OFFERED),
        ("sponsor_stage", "advocated", SponsorStage.ADVOCATED),
        ("mentor_kinds", "clinical IR; near-peer", {MentorKind.CLINICAL, MentorKind.NEAR_PEER}),
        ("mentor_kinds", "career and strategy", {MentorKind.CAREER}),
        ("met_on", "12 Mar 2024", date(2024, 3, 12)),
        ("met_on", "12 March 2024", date(2024, 3, 12)),
        ("met_on", "2024-03-12", date(2024, 3, 12)),
        ("tags", " IR ; sir;;Mentor ", ("ir", "sir", "mentor")),
        ("program_codes", "1234416c0;1234420C0", ("1234416C0", "1234420C0")),
        ("email", "Ana.Rao@Example.org", "ana.rao@example.org"),
    ],
)
def test_each_column_reads_what_users_write(tmp_path, column, text, value):
    (contact,) = contacts_in(one_row(tmp_path, column, text))
    assert getattr(contact, column) == value


@pytest.mark.parametrize(
    ("column", "text", "expected"),
    [
        ("role", "boss", "program_director, associate_pd"),
        ("relationship", "friend", "acquaintance, mentor, sponsor"),
        ("sponsor_stage", "maybe", "none, aware, offered, advocated"),
        ("mentor_kinds", "clinical; moral", "clinical, research, career, near_peer"),
        ("met_on", "03/12/2024", "a date like 2024-03-12 or 12 Mar 2024"),
        ("met_on", "31 Feb 2024", "that day does not exist"),
        ("first_interaction", "soon", "a date like"),
        ("email", "ana@", "an email address"),
        ("title", "x" * 61, "at most 60 characters"),
        ("position", "x" * 301, "at most 300 characters"),
    ],
)
def test_bad_cells_name_row_column_value_and_expectation(tmp_path, column, text, expected):
    error = problems_of(one_row(tmp_path, column, text))
    (problem,) = error.problems
    assert (problem.row, problem.column, problem.value) == (2, column, text)
    assert expected in problem.expected
    assert f'row 2, column "{column}"' in str(error)


def test_a_first_interaction_column_seeds_the_first_interaction(tmp_path):
    (read,) = read_contacts(one_row(tmp_path, "first_interaction", "1 Oct 2022")).contacts
    assert read.first_interaction == date(2022, 10, 1)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"\xef\xbb\xbf \n\n", "the file is empty"),
        (b"name,email\n", "the file has no contacts"),
        (b"name,email\n\n,\n", "the file has no contacts"),
        (b"email,colour\nana@example.org,red\n", 'column "colour"'),
        (b"email,colour\nana@example.org,red\n", "a column named name"),
        (b"name,Name\nAna,Ana\n", "one column for name"),
        (b"name,title\nAna,ok\nJos\xe9,Dr.\n", "line 3 is not UTF-8"),
        (b'name\nAna\n"Sam, \nLee\n', "cannot read the CSV"),  # a quote never closed
    ],
)
def test_file_level_problems(tmp_path, content, message):
    path = tmp_path / "c.csv"
    path.write_bytes(content)
    with pytest.raises(ContactFileError, match=message):
        read_contacts(path)


def test_wrong_suffix_missing_file_and_mapping_for_a_vcard(tmp_path):
    with pytest.raises(ContactFileError, match=r"\.csv or \.xlsx .* or \.vcf"):
        read_contacts(tmp_path / "contacts.txt")
    with pytest.raises(ContactFileError, match="file not found"):
        read_contacts(tmp_path / "missing.vcf")
    with pytest.raises(ContactFileError, match="file not found"):
        read_contacts(tmp_path / "missing.xlsx")
    with pytest.raises(ContactFileError, match="for spreadsheets, not vCards"):
        read_contacts(FIXTURES / "contacts-4.0.vcf", mapping={"FN": "name"})


def test_xlsx_reads_like_csv(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["name", "phone", "met_on", "role"])
    sheet.append(["Ana Rao", 5550100, date(2025, 3, 29), "faculty"])
    sheet.append([None, None, None, None])
    sheet.append(["Sam Lee", "+1 555 0199", "12 Mar 2024", "chair"])
    path = tmp_path / "c.xlsx"
    book.save(path)
    error = problems_of(path)
    assert [(p.row, p.column, p.value) for p in error.problems] == [(4, "role", "chair")]
    sheet.delete_rows(4)
    book.save(path)
    (ana,) = contacts_in(path)
    assert (ana.phone, ana.met_on, ana.role) == ("5550100", date(2025, 3, 29), Role.FACULTY)


def test_a_broken_xlsx_gets_a_message_not_a_traceback(tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"not a zip file")
    with pytest.raises(ContactFileError, match="cannot read the file"):
        read_contacts(path)


# --- duplicates and merging ----------------------------------------------------------------

ANA = Contact(
    name="Dr. Ana Rao",
    institution="DEMO University Hospital",
    email="ana.rao@example.org",
    linkedin="https://www.linkedin.com/in/ana-rao-ir/",
)


@pytest.mark.parametrize(
    ("incoming", "reason"),
    [
        (Contact(name="A. R.", email="ANA.RAO@example.org"), "same email ana.rao@example.org"),
        (
            Contact(name="Ana", linkedin="http://LinkedIn.com/in/Ana-Rao-IR?trk=people"),
            "same LinkedIn profile linkedin.com/in/ana-rao-ir",
        ),
        (
            Contact(name="Ana Rao", linkedin="linkedin.com/in/ana-rao-ir"),
            "same LinkedIn profile linkedin.com/in/ana-rao-ir",
        ),
        (
            Contact(name="Rao, Ána, MD", institution="the demo university hospital"),
            "same name and institution (Rao, Ána, MD, the demo university hospital)",
        ),
    ],
)
def test_a_duplicate_is_found_with_its_reason(incoming, reason):
    (pair,) = find_duplicates([Contact(name="Someone Else"), ANA], [incoming])
    assert (pair.existing_index, pair.incoming_index) == (1, 0)
    assert (pair.existing, pair.incoming) == (ANA, incoming)
    assert pair.reason == reason


@pytest.mark.parametrize(
    "incoming",
    [
        Contact(name="Ana Rao"),  # a name alone is not enough
        Contact(name="Ana Rao", institution="Another Hospital"),
        Contact(name="Ana Roa", institution="DEMO University Hospital"),
        Contact(name="Ana Rao", email="ana.rao@example.net"),
        Contact(name="Ana Rao", linkedin="https://www.linkedin.com/in/ana-rao-ir2"),
    ],
)
def test_different_people_are_not_duplicates(incoming):
    assert find_duplicates([ANA], [incoming]) == []


def test_every_reason_and_every_pair_is_listed():
    twin = Contact(
        name="Ana Rao", email="other@example.org", institution="DEMO University Hospital"
    )
    incoming = [Contact(name="Nobody"), ANA]
    pairs = find_duplicates([ANA, twin], incoming)
    assert [(p.existing_index, p.incoming_index) for p in pairs] == [(0, 1), (1, 1)]
    assert pairs[0].reason.split("; ") == [
        "same email ana.rao@example.org",
        "same LinkedIn profile linkedin.com/in/ana-rao-ir",
        "same name and institution (Dr. Ana Rao, DEMO University Hospital)",
    ]
    assert pairs[1].reason.startswith("same name and institution")


def test_merging_keeps_every_value_and_the_first_wins_conflicts():
    a = Contact(
        name="Dr. Ana Rao",
        email="ana.rao@example.org",
        tags=["ir", "sir"],
        program_codes=["1234416C0"],
        mentor_kinds=["clinical"],
        notes="Met at SIR.",
    )
    b = Contact(
        name="Ana Rao",
        email="ana@example.net",
        position="Program Director",
        role="program_director",
        phone="+1 555 0100",
        tags=["mentor", "IR"],
        program_codes=["1234420C0", "1234416C0"],
        mentor_kinds=["research"],
        relationship="mentor",
        met_on=date(2025, 3, 29),
        notes="Offered to review my abstract.",
    )
    merged = merge(a, b)
    assert merged.name == "Dr. Ana Rao"
    assert merged.email == "ana.rao@example.org"
    assert (merged.position, merged.role, merged.phone) == (
        "Program Director",
        Role.PROGRAM_DIRECTOR,
        "+1 555 0100",
    )
    assert merged.relationship is Relationship.MENTOR
    assert merged.met_on == date(2025, 3, 29)
    assert merged.tags == ("ir", "sir", "mentor")
    assert merged.program_codes == ("1234416C0", "1234420C0")
    assert merged.mentor_kinds == {MentorKind.CLINICAL, MentorKind.RESEARCH}
    assert merged.notes == "Met at SIR.\n\nOffered to review my abstract."
    assert merge(merged, b).notes == merged.notes  # merging again adds nothing twice
    assert merge(Contact(name="A"), a).notes == "Met at SIR."


def test_merged_notes_stay_within_the_limit():
    long = Contact(name="A", notes="x" * 9_000)
    merged = merge(long, Contact(name="A", notes="y" * 9_000))
    assert len(merged.notes) == 10_000
    assert merged.notes.startswith("x" * 9_000 + "\n\ny")
    assert merged.notes.endswith("…")


# --- writing -------------------------------------------------------------------------------


def test_normalised_linkedin_addresses():
    assert normalise_linkedin(" HTTPS://WWW.LinkedIn.com/in/Ana/ ") == "linkedin.com/in/ana"
    assert normalise_linkedin("uk.linkedin.com/in/ana#x") == "linkedin.com/in/ana"
    assert normalise_linkedin("https://www.linkedin.com/in/jos%C3%A9") == "linkedin.com/in/josé"


def test_formula_like_text_is_neutralised_on_write_and_restored_on_read(tmp_path):
    contact = Contact(
        name='=HYPERLINK("http://x")',
        phone="+1 555 0100",
        institution="@home",
        notes="-2+3",
        title="'=already quoted",
        tags=["=a", "b"],
    )
    for suffix in (".csv", ".xlsx"):
        path = tmp_path / f"c{suffix}"
        write_contacts([contact], path)
        if suffix == ".csv":
            with path.open(encoding="utf-8-sig", newline="") as handle:
                header, row = list(csv.reader(handle))
        else:
            sheet = load_workbook(path).active
            header, row = ([c.value or "" for c in r] for r in sheet.iter_rows())
        cell = dict(zip(header, row, strict=True))
        assert cell["name"].startswith("'=")
        assert cell["phone"] == "'+1 555 0100"
        assert cell["institution"] == "'@home"
        assert cell["notes"] == "'-2+3"
        assert cell["title"] == "''=already quoted"
        assert cell["tags"] == "'=a; b"
        assert cell["email"] == ""
        assert contacts_in(path) == [contact]


def test_the_csv_has_every_field_a_byte_order_mark_and_one_kind_of_line_break(tmp_path):
    path = tmp_path / "c.csv"
    write_contacts([Contact(name="José Müller", notes="one\r\ntwo\rthree")], path)
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfname,title,position,role,")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        header, _ = list(csv.reader(handle))
    assert tuple(header) == COLUMNS
    assert contacts_in(path)[0].notes == "one\ntwo\nthree"


def test_writers_refuse_other_suffixes(tmp_path):
    with pytest.raises(ValueError, match=r"\.csv or \.xlsx"):
        write_contacts([ANA], tmp_path / "c.json")
    with pytest.raises(ValueError, match=r"\.csv"):
        write_interactions([], tmp_path / "i.xlsx")


def test_interactions_are_written_one_a_row_neutralised(tmp_path):
    talk = Interaction(
        on=date(2026, 3, 31),
        channel=Channel.CONFERENCE,
        summary='Talked about TARE,\n"dosimetry"',
        promised="=send CV",
        awaiting_reply=True,
    )
    path = tmp_path / "i.csv"
    write_interactions(
        [("Dr. Ana Rao", talk), ("@Sam", Interaction(on=date(2026, 4, 1), channel="email"))], path
    )
    with path.open(encoding="utf-8-sig", newline="") as handle:
        header, first, second = list(csv.reader(handle))
    assert tuple(header) == INTERACTION_COLUMNS
    assert header[:3] == ["contact", "on", "channel"]
    row = dict(zip(header, first, strict=True))
    assert row == {
        "contact": "Dr. Ana Rao",
        "on": "2026-03-31",
        "channel": "conference",
        "summary": 'Talked about TARE,\n"dosimetry"',
        "promised": "'=send CV",
        "next_step": "",
        "awaiting_reply": "yes",
        "they_helped": "no",
    }
    assert second[0] == "'@Sam"


def test_vcards_are_version_4_one_card_per_contact():
    fellow = Contact(name="José Müller", position="IR Fellow", role="fellow")
    text = contacts_to_vcard([ANA.model_copy(update={"title": "Dr.", "name": "Ana Rao"}), fellow])
    cards = list(vobject.readComponents(text))
    assert [c.version.value for c in cards] == ["4.0", "4.0"]
    assert [c.fn.value for c in cards] == ["Ana Rao", "José Müller"]
    assert cards[1].title.value == "IR Fellow"
    assert (cards[0].n.value.prefix, cards[0].n.value.given, cards[0].n.value.family) == (
        "Dr.",
        "Ana",
        "Rao",
    )
    assert text.startswith("BEGIN:VCARD\r\nVERSION:4.0\r\n")
    assert contacts_to_vcard([]) == ""


def test_the_vcard_fixtures_survive_a_round_trip(tmp_path):
    for name in ("contacts-3.0.vcf", "contacts-4.0.vcf"):
        contacts = contacts_in(FIXTURES / name)
        path = tmp_path / "again.vcf"
        path.write_text(contacts_to_vcard(contacts), encoding="utf-8")
        assert contacts_in(path) == contacts


# --- round trips ---------------------------------------------------------------------------

_AWKWARD = st.characters(exclude_categories=("Cs", "Cc", "Cn", "Co", "Zl", "Zp")) | st.sampled_from(
    list(",;\"'\n=+-@\\ é")
)


def awkward(max_size=40):
    return st.text(_AWKWARD, max_size=max_size)


names = st.sampled_from(
    ["José Müller", "O'Brien, Seán", '=cmd|" /C calc"!A0', 'Zoë "Z" Ångström', "Dr. Ana Rao, MD"]
) | awkward().filter(str.strip)
emails = st.just("") | st.from_regex(r"[a-z0-9.'=+\-]{1,8}@[a-z]{1,8}\.(org|com)", fullmatch=True)
linkedins = (
    st.just("")
    | st.from_regex(r"https://www\.linkedin\.com/in/[a-z0-9\-]{1,20}/?", fullmatch=True)
    | awkward()
)


@st.composite
def contacts(draw):
    return Contact(
        name=draw(names),
        title=draw(awkward(60)),
        position=draw(awkward()),
        role=draw(st.sampled_from(Role)),
        institution=draw(awkward()),
        program_codes=draw(
            st.lists(st.from_regex(r"[0-9]{4}(416|420)[ACP]0", fullmatch=True), max_size=3)
        ),
        email=draw(emails),
        phone=draw(st.from_regex(r"\+?[0-9 ()\-]{0,15}", fullmatch=True)),
        linkedin=draw(linkedins),
        how_met=draw(awkward()),
        met_on=draw(st.none() | st.dates()),
        tags=draw(st.lists(awkward(12).filter(lambda t: ";" not in t), max_size=4)),
        notes=draw(st.sampled_from(["=1+2", "'=quoted", "line one\nline two"]) | awkward(200)),
        relationship=draw(st.sampled_from(Relationship)),
        mentor_kinds=draw(st.frozensets(st.sampled_from(MentorKind))),
        sponsor_stage=draw(st.sampled_from(SponsorStage)),
        their_work=draw(awkward()),
    )


ROUND_TRIP = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@ROUND_TRIP
@given(batch=st.lists(contacts(), min_size=1, max_size=4))
@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_written_spreadsheet_reads_back_unchanged(tmp_path, suffix, batch):
    path = tmp_path / f"round{suffix}"
    write_contacts(batch, path)
    assert contacts_in(path) == batch


VCARD_FIELDS = {
    "name",
    "title",
    "position",
    "role",
    "institution",
    "email",
    "phone",
    "linkedin",
    "notes",
    "tags",
}


@ROUND_TRIP
@given(batch=st.lists(contacts(), min_size=1, max_size=4))
def test_a_written_vcard_reads_back_unchanged(tmp_path, batch):
    path = tmp_path / "round.vcf"
    path.write_text(contacts_to_vcard(batch), encoding="utf-8")
    back = contacts_in(path)
    assert [c.model_dump(include=VCARD_FIELDS) for c in back] == [
        c.model_dump(include=VCARD_FIELDS) for c in batch
    ]
