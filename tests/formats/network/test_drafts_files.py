"""Drafts as .eml files that open unsent, and mailto: links that survive any text."""

from email import message_from_bytes
from email.policy import default
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from matchwise.formats.network.drafts import draft_to_eml, mailto_url

BODY = "Dear Dr. Müller,\n\nThank you for the talk on TARE — 100% useful.\n\nBest,\nAna"


def parsed(data: bytes):
    return message_from_bytes(data, policy=default)


def test_an_eml_draft_opens_unsent_with_its_headers_and_utf8_body():
    data = draft_to_eml(
        to="José Müller <jose.muller@example.org>",
        subject="Grüße from SIR",
        body=BODY,
        from_addr="ana@example.org",
    )
    message = parsed(data)
    assert message["X-Unsent"] == "1"
    assert message["To"] == "José Müller <jose.muller@example.org>"
    assert message["To"].addresses[0].addr_spec == "jose.muller@example.org"
    assert message["From"] == "ana@example.org"
    assert message["Subject"] == "Grüße from SIR"
    assert message.get_content_type() == "text/plain"
    assert message.get_content_charset() == "utf-8"
    assert message.get_content().replace("\r\n", "\n").rstrip("\n") == BODY
    assert data.isascii()  # every mail program can open it
    assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")


def test_an_eml_draft_without_from_or_to_leaves_them_out():
    message = parsed(draft_to_eml(to=" ", subject="Hello", body="Hi"))
    assert message["From"] is None
    assert message["To"] is None
    assert message["Subject"] == "Hello"


def test_a_line_break_in_a_header_cannot_add_a_header():
    message = parsed(
        draft_to_eml(
            to="a@example.org\nBcc: b@example.org", subject="Hi\r\nBcc: c@example.org", body="x"
        )
    )
    assert message["Bcc"] is None
    assert message["Subject"] == "Hi Bcc: c@example.org"
    assert "a@example.org" in message["To"]


def test_several_recipients():
    message = parsed(draft_to_eml(to="a@example.org, B <b@example.org>", subject="s", body="b"))
    assert [a.addr_spec for a in message["To"].addresses] == ["a@example.org", "b@example.org"]


def test_a_mailto_link_encodes_everything_and_reads_back():
    subject = "Q&A: 50% off? #1 = yes + more"
    url = mailto_url("jose.muller@example.org", subject, BODY)
    parts = urlsplit(url)
    assert parts.scheme == "mailto"
    assert parts.path == "jose.muller@example.org"
    query = parse_qs(parts.query)
    assert query["subject"] == [subject]
    assert query["body"] == [BODY.replace("\n", "\r\n")]  # RFC 6068: line breaks are CRLF
    assert "+" not in parts.query  # a space is %20: some mail programs keep "+" as a plus
    assert "%0D%0A" in parts.query
    assert " " not in url and "\n" not in url


@pytest.mark.parametrize(
    ("to", "path"),
    [
        ("Dr. Ana Rao <ana@example.org>", "ana@example.org"),
        ("ana@example.org, b+ir@example.org", "ana@example.org,b%2Bir@example.org"),
        ("", ""),
        ("not an address", ""),
    ],
)
def test_a_mailto_link_keeps_only_addresses(to, path):
    url = mailto_url(to, "s", "")
    assert url == f"mailto:{path}?subject=s"
    assert unquote(urlsplit(url).path) == path.replace("%2B", "+")


def test_a_mailto_link_without_subject_or_body_has_no_query():
    assert mailto_url("ana@example.org", "", "") == "mailto:ana@example.org"
    assert (
        mailto_url("ana@example.org", "", "Hi\r\nthere")
        == "mailto:ana@example.org?body=Hi%0D%0Athere"
    )
