"""An outreach message as a draft the user sends from their own mail program.

Writes an ``.eml`` file (RFC 5322, UTF-8) with the header ``X-Unsent: 1``, which Outlook and
Thunderbird open as an unsent draft, and a ``mailto:`` link (RFC 6068) that opens a new
message in the default mail program. Nothing is sent from here.

>>> mailto_url("ana.rao@example.org", "Thank you", "Dear Dr. Rao,\\nThank you!")
'mailto:ana.rao@example.org?subject=Thank%20you&body=Dear%20Dr.%20Rao%2C%0D%0AThank%20you%21'
"""

from __future__ import annotations

from email.message import EmailMessage
from email.policy import SMTP
from email.utils import getaddresses
from urllib.parse import quote


def _one_line(text: str) -> str:
    # a line break in a header would end it (and could start another): fold it into a space
    return " ".join(text.split())


def draft_to_eml(*, to: str, subject: str, body: str, from_addr: str = "") -> bytes:
    """The draft as the bytes of an ``.eml`` file: To (one address or several, separated by
    commas, with or without names), Subject, From when given, and the body as UTF-8 text."""
    message = EmailMessage(policy=SMTP)  # CRLF line endings, as RFC 5322 wants
    if to.strip():
        message["To"] = _one_line(to)
    if from_addr.strip():
        message["From"] = _one_line(from_addr)
    message["Subject"] = _one_line(subject)
    message["X-Unsent"] = "1"
    # quoted-printable: 7-bit safe for any mail program, and still readable as text
    message.set_content(body, charset="utf-8", cte="quoted-printable")
    return message.as_bytes()


def mailto_url(to: str, subject: str, body: str) -> str:
    """A ``mailto:`` link: the addresses in ``to`` (names and non-addresses dropped), then
    subject and body,
    percent-encoded, with line breaks as ``%0D%0A`` (RFC 6068)."""
    addresses = [address for _, address in getaddresses([to]) if "@" in address]
    link = "mailto:" + ",".join(quote(a, safe="@") for a in addresses)
    fields = []
    if subject:
        fields.append("subject=" + quote(_one_line(subject), safe=""))
    if body:
        crlf = body.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n")
        fields.append("body=" + quote(crlf, safe=""))
    return link + ("?" + "&".join(fields) if fields else "")
