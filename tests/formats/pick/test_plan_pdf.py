"""A plan as a PDF: the results page's content, on numbered pages, escaped, deterministic.

The text is read back from the PDF's own content streams (ASCII85 + Flate, both in the standard
library): the strings drawn by ``Tj``, joined within a line and separated by a space between
lines, which is enough to find what the page shows without a PDF library.
"""

import base64
import re
import zlib
from dataclasses import replace

import pytest

from matchwise.engine.pick.result import FilteredResult, ProgramResult, Recommendation
from matchwise.formats.pick.plan_pdf import CONTENT_TYPE, DEMO_WARNING, plan_to_pdf
from matchwise.formats.pick.results import format_probability
from matchwise.pick.service import PickRequest, load_catalog, load_profile, run_pick

DRAWS = 40

_OBJECT_STREAM = re.compile(rb"obj\s*<<((?:(?!endobj).)*?)>>\s*stream\r?\n(.*?)endstream", re.S)
# a string operand, or an operator that starts a new line of text
_TOKEN = re.compile(rb"\((?:\\.|[^\\)])*\)|(?<![A-Za-z])(?:T\*|Td|TD|Tm|ET)(?![A-Za-z])", re.S)
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def _unescape(raw: bytes) -> bytes:
    out, i = bytearray(), 0
    while i < len(raw):
        if raw[i : i + 1] == b"\\":
            octal = re.match(rb"[0-7]{1,3}", raw[i + 1 : i + 4])
            if octal:
                out.append(int(octal.group(), 8) & 0xFF)
                i += 1 + len(octal.group())
            else:
                following = raw[i + 1 : i + 2]
                out += _ESCAPES.get(following, following)
                i += 2
        else:
            out += raw[i : i + 1]
            i += 1
    return bytes(out)


def page_texts(pdf: bytes) -> list[str]:
    """The text of each content stream (reportlab writes one a page, in page order)."""
    texts = []
    for head, body in _OBJECT_STREAM.findall(pdf):
        if b"ASCII85Decode" in head:
            body = base64.a85decode(body.strip(), adobe=True)
        if b"FlateDecode" in head:
            body = zlib.decompress(body)
        pieces = []
        for token in _TOKEN.findall(body):
            if token.startswith(b"("):
                pieces.append(_unescape(token[1:-1]).decode("cp1252", "replace"))
            else:
                pieces.append(" ")
        text = " ".join("".join(pieces).split())
        if text:
            texts.append(text)
    return texts


def text_of(pdf: bytes) -> str:
    return " ".join(page_texts(pdf))


def page_count(pdf: bytes) -> int:
    return len(re.findall(rb"/Type /Page\b", pdf))


def words(text: str) -> str:
    return " ".join(text.split())


def interval(pair: tuple[float, float]) -> str:
    return f"{format_probability(pair[0])}–{format_probability(pair[1])}"


@pytest.fixture(scope="module")
def result() -> Recommendation:
    """The default pick: the packaged example profile on the DEMO catalog."""
    request = PickRequest(profile=load_profile(None), catalog=load_catalog(None), draws=DRAWS)
    return run_pick(request)


@pytest.fixture(scope="module")
def pdf(result: Recommendation) -> bytes:
    return plan_to_pdf(result, title="IR first, $900", created="2026-01-05 14:02")


@pytest.fixture(scope="module")
def text(pdf: bytes) -> str:
    return text_of(pdf)


def test_it_is_a_pdf_with_its_title_in_the_metadata(pdf):
    assert CONTENT_TYPE == "application/pdf"
    assert pdf.startswith(b"%PDF-")
    assert pdf.rstrip().endswith(b"%%EOF")
    assert b"/Title (IR first, $900)" in pdf
    assert "Helvetica" in pdf.decode("latin-1")
    assert b"/FontFile" not in pdf  # built-in fonts only, nothing embedded


def test_the_heading_and_the_summary(result, text):
    assert "IR first, $900" in text
    assert "Saved 2026-01-05 14:02" in text
    assert f"P(match) {format_probability(result.p_match)}" in text
    assert f"(90% interval {interval(result.p_match_interval)})" in text
    assert result.p_match_ir is not None and result.p_match_ir_interval is not None
    ir = f"P(match in IR) {format_probability(result.p_match_ir)}"
    assert f"{ir} ({interval(result.p_match_ir_interval)})" in text
    assert f"Expected interviews {result.expected_interviews:.1f}" in text
    assert f"ERAS fees US${result.cost_usd:,.0f}" in text
    assert f"{len(result.programs)} applications" in text


def test_every_program_on_the_list_with_its_numbers(result, text):
    assert "P(interview)" in text and "P(match here)" in text
    for number, p in enumerate(result.programs, 1):
        assert words(p.name) in text
        assert p.code in text
        row = text[text.index(words(p.name)) :]
        assert row.startswith(words(p.name))
        assert f"{number} {words(p.name)}" in text
        assert f"{format_probability(p.p_interview)} ({interval(p.p_interview_interval)})" in row
        assert f"{format_probability(p.p_match)} ({interval(p.p_match_interval)})" in row
        for reason in p.reasons:
            assert words(reason) in row
    first = result.programs[0]
    assert first.signal is not None
    assert f"{first.tier} " in text and first.signal in text


def test_totals_filtered_notes_and_footer(result, text):
    for t in result.totals:
        if t.applications:
            assert f"{t.label} {t.applications} US${t.cost_usd:,.0f}" in text
    assert f"Filtered out ({len(result.filtered)})" in text
    assert result.filtered
    for f in result.filtered:
        assert words(f.name) in text
        assert words("; ".join(f.reasons)) in text
    assert result.notes
    for note in result.notes:
        assert words(note) in text
    footer = (
        f"Parameters {result.parameter_version} · intervals: 5th–95th percentile "
        f"over {DRAWS} parameter draws"
    )
    assert footer in text


def test_every_page_is_numbered_and_repeats_the_footer(result, pdf):
    pages = page_texts(pdf)
    assert len(pages) == page_count(pdf) >= 2
    for number, page in enumerate(pages, 1):
        assert re.search(rf"\bpage {number}\b", page)
        assert f"Parameters {result.parameter_version}" in page
        assert DEMO_WARNING in page


def test_a_long_list_runs_over_pages_with_the_header_repeated(result, pdf):
    assert len(result.programs) >= 60
    # two programs: the profile's own reasons and the notes take most of a page already
    short = replace(result, programs=result.programs[:2], filtered=())
    assert page_count(plan_to_pdf(short, title="short")) == 1
    assert page_count(pdf) >= 2
    assert text_of(pdf).count("Why (top reasons)") >= 2  # the header row on each page


def test_a_demo_catalog_is_said_prominently_and_only_then(result, pdf):
    first_page = page_texts(pdf)[0]
    heading = first_page.index("IR first, $900")
    assert DEMO_WARNING in first_page[heading:]  # under the title, not only in the footer
    real = replace(result, programs=tuple(replace(p, demo=False) for p in result.programs))
    assert DEMO_WARNING not in text_of(plan_to_pdf(real, title="real"))


def test_no_ir_line_without_an_ir_probability(result):
    no_ir = replace(result, p_match_ir=None, p_match_ir_interval=None)
    text = text_of(plan_to_pdf(no_ir, title="DR only"))
    assert "P(match in IR)" not in text
    assert f"P(match) {format_probability(result.p_match)}" in text


def test_catalog_and_user_text_is_escaped_not_read_as_markup(result):
    odd: ProgramResult = replace(
        result.programs[0],
        name="Smith & Jones <i>Radiology</b> <para>",
        code="A&B<1>",
        reasons=("x < y & z > w",),
        notes=("<br/> is text here",),
    )
    tricky = replace(
        result,
        programs=(odd, *result.programs[1:3]),
        filtered=(FilteredResult("F&1", "<font>Closed & Co", "420", ("a <b> reason",)),),
        notes=("a note with <unclosed & markup",),
        profile_reasons=("Step 2 <b>245</b> & more",),
    )
    pdf = plan_to_pdf(tricky, title="<script>alert(1)</script> & plan", created="<today>")
    text = text_of(pdf)
    for shown in (
        "Smith & Jones <i>Radiology</b> <para>",
        "A&B<1>",
        "x < y & z > w",
        "<br/> is text here",
        "<font>Closed & Co",
        "a <b> reason",
        "a note with <unclosed & markup",
        "Step 2 <b>245</b> & more",
        "<script>alert(1)</script> & plan",
        "Saved <today>",
    ):
        assert shown in text


def test_a_row_taller_than_a_page_splits_instead_of_failing(result):
    huge = replace(result.programs[0], name="Very long program name " * 600)
    pdf = plan_to_pdf(replace(result, programs=(huge,), filtered=()), title="huge")
    assert page_count(pdf) >= 2
    assert "Very long program name Very long" in text_of(pdf)


def test_the_same_plan_gives_the_same_bytes(result, pdf):
    again = plan_to_pdf(result, title="IR first, $900", created="2026-01-05 14:02")
    assert again == pdf
    assert plan_to_pdf(result, title="another title", created="2026-01-05 14:02") != pdf
