"""AMA citations, the CV (PDF and Word) and the IR-story chart made from the research record.

The PDF's text is read back from its own content streams (ASCII85 + Flate, both in the standard
library), as ``test_plan_pdf.py`` does, keeping the font each string is drawn in so that bold
can be checked too.
"""

import base64
import io
import json
import os
import re
import zipfile
import zlib
from datetime import UTC, date, datetime
from pathlib import Path
from xml.etree import ElementTree

import altair as alt
import docx
import pytest
import vl_convert as vlc
from lxml import etree

from matchwise.engine.scholarly.outputs import Author, Output, StatusChange
from matchwise.engine.scholarly.portfolio import QuarterPoint, StatusGroup, trajectory
from matchwise.formats.scholarly.citations import (
    AMA_ET_AL_MIN,
    AMA_ET_AL_USE_FIRST,
    Run,
    ama_citation_runs,
    ama_citations,
    ama_citations_html,
)
from matchwise.formats.scholarly.cv import (
    DOCX_CONTENT_TYPE,
    PDF_CONTENT_TYPE,
    SECTIONS,
    cv_docx,
    cv_pdf,
    cv_sections,
)
from matchwise.formats.scholarly.trajectory_chart import trajectory_rows, trajectory_spec

ROOT = Path(__file__).parents[3]
GOLDEN = ROOT / "tests" / "fixtures" / "scholarly_golden"
UPDATE = os.environ.get("MATCHWISE_UPDATE_GOLDEN") == "1"
NAMES = [("Rao", "AK"), ("Okafor", "S"), ("Lee", "P"), ("Kim", "J"), ("Diaz", "M"),
         ("Chen", "L"), ("Wu", "T"), ("Patel", "R")]  # fmt: skip


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


def an_article(n_authors: int = 2, me: int | None = 2, **changes) -> Output:
    base = {
        "type": "journal_article",
        "title": "Prostatic artery embolization outcomes",
        "authors": [Author(family=f, initials=i) for f, i in NAMES[:n_authors]],
        "my_position": me,
        "venue": "J Vasc Interv Radiol",
        "year": 2026,
        "volume": "37",
        "issue": "2",
        "pages": "123-130",
        "status": "published",
        "peer_reviewed": True,
        "doi": "10.1016/j.jvir.2026.01.001",
    }
    base.update(changes)
    return Output.model_validate(base)


def cite(**changes) -> str:
    (text,) = ama_citations([an_article(**changes)])
    return text


TAIL = "Prostatic artery embolization outcomes. J Vasc Interv Radiol. 2026;37(2):123-130. "
DOI = "doi:10.1016/j.jvir.2026.01.001"


# --- AMA rules --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "authors"),
    [
        (1, "Rao AK."),
        (2, "Rao AK, Okafor S."),
        (3, "Rao AK, Okafor S, Lee P."),
        (6, "Rao AK, Okafor S, Lee P, Kim J, Diaz M, Chen L."),  # up to 6: all of them
        (7, "Rao AK, Okafor S, Lee P, et al."),  # from 7: the first 3 and et al
        (8, "Rao AK, Okafor S, Lee P, et al."),
    ],
)
def test_ama_lists_six_authors_then_three_and_et_al(n, authors):
    assert cite(n_authors=n, me=1) == f"{authors} {TAIL}{DOI}"


def test_the_et_al_numbers_in_the_code_are_the_styles():
    style = etree.parse(ROOT / "src" / "matchwise" / "data" / "ama.csl")
    (bibliography,) = style.getroot().findall("{http://purl.org/net/xbiblio/csl}bibliography")
    assert int(bibliography.get("et-al-min")) == AMA_ET_AL_MIN == 7
    assert int(bibliography.get("et-al-use-first")) == AMA_ET_AL_USE_FIRST == 3


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, f"Rao AK, Okafor S. {TAIL}{DOI}"),
        ({"title": "Prostatic artery embolization outcomes."}, f"Rao AK, Okafor S. {TAIL}{DOI}"),
        ({"issue": ""}, f"Rao AK, Okafor S. {TAIL.replace('37(2)', '37')}{DOI}"),
        ({"doi": "", "url": "https://example.org/a"},
         f"Rao AK, Okafor S. {TAIL}https://example.org/a"),
        ({"doi": "", "pmid": "123"}, f"Rao AK, Okafor S. {TAIL.strip()}"),
        ({"title": "Why embolize?"},
         f"Rao AK, Okafor S. Why embolize? {TAIL.split('outcomes. ')[1]}{DOI}"),
        ({"status": "in_press"},
         f"Rao AK, Okafor S. Prostatic artery embolization outcomes. J Vasc Interv Radiol. "
         f"In press. {DOI}"),
        ({"status": "accepted", "doi": ""},
         "Rao AK, Okafor S. Prostatic artery embolization outcomes. J Vasc Interv Radiol. "
         "In press."),
        ({"status": "submitted", "doi": ""},  # no journal is named for a manuscript under review
         "Rao AK, Okafor S. Prostatic artery embolization outcomes. Submitted for publication."),
        ({"volume": "", "issue": "", "pages": "",
          "history": [StatusChange(status="published", on=date(2026, 3, 3))]},
         f"Rao AK, Okafor S. Prostatic artery embolization outcomes. J Vasc Interv Radiol. "
         f"Published online March 3, 2026. {DOI}"),
        ({"type": "journal_abstract", "issue": "3 suppl", "pages": "S45"},
         f"Rao AK, Okafor S. Prostatic artery embolization outcomes [abstract]. "
         f"J Vasc Interv Radiol. 2026;37(3 suppl):S45. {DOI}"),
        ({"type": "book_chapter", "venue": "Handbook of IR", "pages": "45-60"},
         f"Rao AK, Okafor S. Prostatic artery embolization outcomes. In: Handbook of IR. "
         f"2026:45-60. {DOI}"),
        ({"type": "poster", "status": "presented", "venue": "SIR Annual Scientific Meeting",
          "place": "Phoenix, AZ", "event_date": date(2026, 3, 28)},
         "Rao AK, Okafor S. Prostatic artery embolization outcomes. Poster presented at: "
         "SIR Annual Scientific Meeting; March 28, 2026; Phoenix, AZ."),
        ({"type": "oral_presentation", "status": "presented", "venue": "SIR 2026",
          "place": "", "event_date": None},
         "Rao AK, Okafor S. Prostatic artery embolization outcomes. Presented at: SIR 2026; 2026."),
        ({"type": "poster", "status": "accepted", "venue": "SIR 2027", "event_date": None},
         "Rao AK, Okafor S. Prostatic artery embolization outcomes. Poster accepted for "
         "presentation at: SIR 2027; 2026."),
    ],
)  # fmt: skip
def test_ama_forms_by_type_and_status(changes, expected):
    assert cite(**changes) == expected


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        # AMA gives a journal article's year;volume(issue):pages, without the month
        ({"month": 2}, f"Rao AK, Okafor S. {TAIL}{DOI}"),
        ({"month": 2, "volume": "", "issue": "", "pages": ""},
         f"Rao AK, Okafor S. Prostatic artery embolization outcomes. J Vasc Interv Radiol. "
         f"Published online February 2026. {DOI}"),
        # the day the history has wins when it falls in the month given, not otherwise
        ({"month": 3, "volume": "", "issue": "", "pages": "",
          "history": [StatusChange(status="published", on=date(2026, 3, 3))]},
         f"Rao AK, Okafor S. Prostatic artery embolization outcomes. J Vasc Interv Radiol. "
         f"Published online March 3, 2026. {DOI}"),
        ({"month": 1, "volume": "", "issue": "", "pages": "",
          "history": [StatusChange(status="published", on=date(2026, 7, 3))]},
         f"Rao AK, Okafor S. Prostatic artery embolization outcomes. J Vasc Interv Radiol. "
         f"Published online January 2026. {DOI}"),
        # a presentation is dated "Month Day, Year", or "Month Year" without the day
        ({"type": "oral_presentation", "status": "presented", "venue": "SIR 2026",
          "place": "Phoenix, AZ", "month": 3},
         "Rao AK, Okafor S. Prostatic artery embolization outcomes. Presented at: SIR 2026; "
         "March 2026; Phoenix, AZ."),
        ({"type": "poster", "status": "presented", "venue": "SIR 2026", "month": 2,
          "event_date": date(2026, 3, 28)},
         "Rao AK, Okafor S. Prostatic artery embolization outcomes. Poster presented at: "
         "SIR 2026; March 28, 2026."),
        ({"type": "online_publication", "venue": "Radiopaedia", "volume": "", "issue": "",
          "pages": "", "doi": "", "url": "https://radiopaedia.org/a", "month": 6},
         "Rao AK, Okafor S. Prostatic artery embolization outcomes. Radiopaedia. "
         "Published June 2026. https://radiopaedia.org/a"),
    ],
)  # fmt: skip
def test_ama_gives_the_month_where_ama_dates_by_month(changes, expected):
    assert cite(**changes) == expected


def test_the_cv_puts_a_later_month_of_the_same_year_first():
    outputs = [an_article(month=2, title="February"), an_article(month=11, title="November"),
               an_article(title="Year only")]  # fmt: skip
    ((_, items),) = cv_sections(outputs)
    assert [o.title for o in items] == ["Year only", "November", "February"]


def test_the_journal_is_italic_and_the_text_escaped_in_html():
    (text,) = ama_citations_html([an_article(title="Coils & plugs <in> 2026")])
    assert text == (
        "Rao AK, <b>Okafor S</b>. Coils &amp; plugs &lt;in&gt; 2026. <i>J Vasc Interv Radiol</i>. "
        f"2026;37(2):123-130. {DOI}"
    )
    (plain,) = ama_citations_html([an_article()], bold_me=False)
    assert "<b>" not in plain


def test_a_name_without_initials_is_bold_too():
    output = an_article(authors=[Author(family="Rao", initials="AK"), Author(family="Okafor")])
    assert ama_citations_html([output])[0].startswith("Rao AK, <b>Okafor</b>. ")


def test_marker_characters_typed_by_the_user_do_not_reach_the_citation():
    output = an_article(title="Coils\ue002 and plugs\ue001")
    assert ama_citations_html([output])[0].startswith("Rao AK, <b>Okafor S</b>. Coils and plugs. ")


def test_show_me_lists_every_author_only_when_et_al_would_hide_the_applicant():
    hidden = an_article(n_authors=8, me=5)
    visible = an_article(n_authors=8, me=3)
    hidden_text, visible_text = ama_citations([hidden, visible], show_me=True)
    assert hidden_text.startswith(
        "Rao AK, Okafor S, Lee P, Kim J, Diaz M, Chen L, Wu T, Patel R. Prostatic"
    )
    assert visible_text.startswith("Rao AK, Okafor S, Lee P, et al. Prostatic")
    assert ama_citations([hidden])[0].startswith("Rao AK, Okafor S, Lee P, et al. Prostatic")


def test_runs_make_only_the_applicant_bold_and_only_the_journal_italic():
    (runs,) = ama_citation_runs([an_article(n_authors=3, me=2)])
    assert [r for r in runs if r.bold] == [Run("Okafor S", bold=True)]
    assert [r.text for r in runs if r.italic] == ["J Vasc Interv Radiol"]
    assert "".join(r.text for r in runs) == cite(n_authors=3, me=2)


def test_the_ama_citations_of_the_golden_outputs():
    outputs = golden_outputs()
    assert_golden("ama.txt", "\n".join(ama_citations(outputs)) + "\n")
    assert_golden("ama_cv.html", "\n".join(ama_citations_html(outputs, show_me=True)) + "\n")


# --- CV sections ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "section"),
    [
        ({}, "Peer-reviewed publications"),
        ({"type": "case_report"}, "Peer-reviewed publications"),
        ({"peer_reviewed": False}, "Other"),
        ({"status": "submitted"}, "Submitted / in press"),
        ({"status": "revision"}, "Submitted / in press"),
        ({"status": "accepted"}, "Submitted / in press"),
        ({"status": "in_press"}, "Submitted / in press"),
        ({"type": "book_chapter"}, "Book chapters"),
        ({"type": "journal_abstract"}, "Abstracts"),
        ({"type": "oral_presentation", "status": "presented"}, "Oral presentations"),
        ({"type": "poster", "status": "presented"}, "Poster presentations"),
        ({"type": "other"}, "Other"),
        ({"status": "in_preparation"}, None),
        ({"status": "idea"}, None),
        ({"status": "rejected_resubmitting"}, None),
    ],
)
def test_each_item_goes_to_one_cv_section_or_is_left_off(changes, section):
    sections = cv_sections([an_article(**changes)])
    assert [title for title, _ in sections] == ([section] if section else [])


def test_sections_come_in_the_conventional_order_most_recent_first():
    outputs = golden_outputs()
    sections = cv_sections(outputs)
    titles = [title for title, _ in sections]
    assert titles == [t for t in SECTIONS if t in titles]
    assert titles == [
        "Peer-reviewed publications",
        "Submitted / in press",
        "Book chapters",
        "Abstracts",
        "Oral presentations",
        "Poster presentations",
        "Other",
    ]
    publications = sections[0][1]
    assert [o.doi for o in publications] == [
        "10.1016/j.jvir.2025.10.021",  # published February 2026
        "10.1186/s42155-025-00601-2",  # published November 2025
    ]


# --- CV as PDF --------------------------------------------------------------------------------

_OBJECT_STREAM = re.compile(rb"obj\s*<<((?:(?!endobj).)*?)>>\s*stream\r?\n(.*?)endstream", re.S)
_FONT = re.compile(rb"/BaseFont /([\w-]+) /Encoding /\w+ /Name /(F\d+)")
# a string operand, a font selection, or an operator that starts a new line of text
_TOKEN = re.compile(
    rb"\((?:\\.|[^\\)])*\)|/(F\d+) [\d.]+ Tf|(?<![A-Za-z])(?:T\*|Td|TD|Tm|ET)(?![A-Za-z])", re.S
)


def _unescape(raw: bytes) -> str:
    raw = re.sub(rb"\\([()\\])", rb"\1", raw)
    return raw.decode("cp1252")


def drawn_strings(pdf: bytes) -> list[tuple[str, str]]:
    """(font, text) of every string the content streams draw, in order; ("", " ") where a new
    line of text starts."""
    fonts = {name.decode(): base.decode() for base, name in _FONT.findall(pdf)}
    out, font = [], ""
    for head, body in _OBJECT_STREAM.findall(pdf):
        if b"ASCII85Decode" in head:
            body = base64.a85decode(body.strip(), adobe=True)
        if b"FlateDecode" in head:
            body = zlib.decompress(body)
        for match in _TOKEN.finditer(body):
            token = match.group()
            if match.group(1):
                font = fonts[match.group(1).decode()]
            elif token.startswith(b"("):
                out.append((font, _unescape(token[1:-1])))
            else:
                out.append(("", " "))
    return out


def text_of(pdf: bytes) -> str:
    return " ".join("".join(text for _, text in drawn_strings(pdf)).split())


@pytest.fixture(scope="module")
def golden_pdf() -> bytes:
    return cv_pdf(golden_outputs(), name="Sade Okafor", contact_line="sade@example.org")


def test_the_pdf_shows_the_name_the_sections_and_numbered_citations(golden_pdf):
    assert golden_pdf.startswith(b"%PDF-")
    assert PDF_CONTENT_TYPE == "application/pdf"
    text = text_of(golden_pdf)
    assert text.startswith("Sade Okafor page 1 Sade Okafor sade@example.org")  # footer, heading
    positions = [text.index(title) for title, _ in cv_sections(golden_outputs())]
    assert positions == sorted(positions)
    assert "1. Rao AK, Okafor S, Lee P, et al. Prostatic" in text  # the applicant is 2nd of 7
    # 5th of 8: AMA's "et al" would hide the applicant, so the CV lists every author
    assert "1. Lee P, Kim J, Diaz M, Chen L, Okafor S, Wu T, Rao AK, Patel R. Genicular" in text
    assert "2. Okafor S, Nwosu CE, Rao AK. Splenic" in text
    assert "Imaging & intervention in trauma <an overview>" in text  # escaped, shown as typed
    assert "Y-90 radioembolization" not in text  # in preparation: not on a CV


def test_the_applicant_and_only_the_applicant_is_bold_in_the_pdf_citations(golden_pdf):
    strings = drawn_strings(golden_pdf)
    start = next(i for i, (_, t) in enumerate(strings) if t == "Peer-reviewed publications")
    bold = [t for font, t in strings[start:] if font == "Helvetica-Bold"]
    headings = {title for title, _ in cv_sections(golden_outputs())}
    assert [t for t in bold if t not in headings] == ["Okafor S"] * 8


def test_the_pdf_is_the_same_bytes_for_the_same_cv(golden_pdf):
    assert cv_pdf(golden_outputs(), name="Sade Okafor", contact_line="sade@example.org") == (
        golden_pdf
    )


def test_an_empty_record_still_gives_a_cv_with_the_name():
    assert text_of(cv_pdf([], name="Sade Okafor")).endswith("Sade Okafor")


# --- CV as Word -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def golden_docx() -> bytes:
    return cv_docx(golden_outputs(), name="Sade Okafor", contact_line="sade@example.org")


def test_the_word_file_has_the_sections_and_numbered_citations(golden_docx):
    assert DOCX_CONTENT_TYPE.endswith("wordprocessingml.document")
    document = docx.Document(io.BytesIO(golden_docx))
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    assert paragraphs[:3] == [
        ("Title", "Sade Okafor"),
        ("Normal", "sade@example.org"),
        ("Heading 1", "Peer-reviewed publications"),
    ]
    assert paragraphs[3][1].startswith("1.\tRao AK, Okafor S, Lee P, et al. Prostatic")
    assert [t for s, t in paragraphs if s == "Heading 1"] == [
        t for t, _ in cv_sections(golden_outputs())
    ]
    expected = ama_citations(golden_outputs(), show_me=True)
    cited = [t.split("\t", 1)[1] for s, t in paragraphs if s == "Normal" and "\t" in t]
    assert sorted(cited) == sorted(c for c in expected if "In preparation." not in c)


def test_the_applicant_is_bold_and_the_journal_italic_in_word(golden_docx):
    document = docx.Document(io.BytesIO(golden_docx))
    runs = [r for p in document.paragraphs if p.style.name == "Normal" for r in p.runs]
    assert [r.text for r in runs if r.bold] == ["Okafor S"] * 8
    assert "J Vasc Interv Radiol" in [r.text for r in runs if r.italic]


def test_the_word_file_is_the_same_bytes_for_the_same_cv(golden_docx):
    again = cv_docx(golden_outputs(), name="Sade Okafor", contact_line="sade@example.org")
    assert again == golden_docx
    properties = docx.Document(io.BytesIO(golden_docx)).core_properties
    assert properties.created == properties.modified == datetime(2000, 1, 1, tzinfo=UTC)
    with zipfile.ZipFile(io.BytesIO(golden_docx)) as archive:
        assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


# --- the IR-story chart -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def golden_points() -> list[QuarterPoint]:
    return trajectory(golden_outputs())


def test_the_trajectory_spec_is_valid_vega_lite(golden_points):
    for points in (golden_points, []):
        spec = trajectory_spec(points)
        alt.Chart.from_dict(spec, validate=True)  # checks against the Vega-Lite schema
        assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/")


def test_bars_stack_by_quarter_coloured_by_ir_and_faded_in_progress(golden_points):
    spec = trajectory_spec(golden_points)
    assert spec["mark"]["type"] == "bar"
    encoding = spec["encoding"]
    assert (encoding["x"]["field"], encoding["y"]["aggregate"]) == ("period", "sum")
    assert encoding["color"]["scale"]["domain"] == ["IR", "not IR"]
    assert encoding["opacity"]["scale"] == {"domain": ["done", "in progress"], "range": [1.0, 0.4]}
    assert encoding["x"]["sort"] == {"field": "order", "op": "min"}


def test_the_rows_keep_the_periods_in_time_order():
    points = [
        QuarterPoint(None, None, StatusGroup.IN_PROGRESS, False, 1),
        QuarterPoint(2026, 1, StatusGroup.DONE, True, 2),
        QuarterPoint(2025, None, StatusGroup.DONE, False, 1),
        QuarterPoint(2025, 4, StatusGroup.IN_PROGRESS, True, 1),
    ]
    rows = sorted(trajectory_rows(points), key=lambda r: r["order"])
    assert [r["period"] for r in rows] == ["2025 Q4", "2025 (year only)", "2026 Q1", "undated"]


def test_the_trajectory_chart_renders_to_svg_offline(golden_points):
    svg = vlc.vegalite_to_svg(trajectory_spec(golden_points))
    root = ElementTree.fromstring(svg)
    assert root.tag.endswith("svg")
    labels = {p.label for p in golden_points}
    assert labels == {"2024 Q2", "2025 Q2", "2025 Q3", "2025 Q4", "2026 Q1"}  # June 2024: Q2
    for label in labels:
        assert label in svg
