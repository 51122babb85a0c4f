"""vCard in and out: ``.vcf`` files with any number of cards.

Reading (:func:`from_vcard`, for :mod:`~matchwise.formats.network.contacts`): vCard 3.0 and
4.0, FN (or N), TITLE, ROLE, ORG, EMAIL, TEL, URL (the LinkedIn one), NOTE, and CATEGORIES as
tags. Writing (:func:`contacts_to_vcard`): vCard 4.0, which reading gives back unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

# vobject ships no type hints; "unused-ignore" keeps mypy quiet once stubs are installed
import vobject  # type: ignore[import-untyped, unused-ignore]

from matchwise.engine.network.contacts import ROLE_LABELS, Contact, Role
from matchwise.formats.network.contact_records import (
    ROLES,
    ContactProblem,
    ImportedContact,
    Parsed,
    build_contact,
    file_error,
    guess_role,
    lookup_key,
    normalise_newlines,
)

VCARD_SUFFIXES = (".vcf", ".vcard")

# --- reading ------------------------------------------------------------------------------------

_VCARD_PROPERTIES = {
    "name": "FN",
    "title": "N",
    "position": "TITLE",
    "role": "ROLE",
    "institution": "ORG",
    "email": "EMAIL",
    "phone": "TEL",
    "linkedin": "URL",
    "notes": "NOTE",
    "tags": "CATEGORIES",
}


def _text(value: Any) -> str:
    if isinstance(value, list | tuple):
        return " ".join(_text(v) for v in value if _text(v))
    return "" if value is None else str(value).strip()


def _preferred(card: Any, name: str) -> list[Any]:
    """The card's ``name`` lines, preferred first (3.0: TYPE=pref; 4.0: PREF=1 is first)."""

    def rank(line: Any) -> int:
        params = {k.upper(): ",".join(v).lower() for k, v in line.params.items()}
        if "pref" in params.get("TYPE", "").split(","):
            return 0
        pref = params.get("PREF", "")
        return int(pref) if pref.isdigit() else 101

    lines = list(card.contents.get(name, []))
    return sorted(lines, key=rank)


def _first(card: Any, name: str) -> str:
    lines = _preferred(card, name)
    return _text(lines[0].value) if lines else ""


def _card_name(card: Any) -> str:
    if fn := _first(card, "fn"):
        return fn
    lines = card.contents.get("n", [])
    if not lines:
        return ""
    n = lines[0].value
    parts = [getattr(n, p, "") for p in ("prefix", "given", "additional", "family", "suffix")]
    return " ".join(t for t in (_text(p) for p in parts) if t)


def _card_prefix(card: Any) -> str:
    """The honorific (Dr., Prof.) from N's prefix: how MatchWise writes a contact's title."""
    lines = card.contents.get("n", [])
    return _text(getattr(lines[0].value, "prefix", "")) if lines else ""


def _card_linkedin(card: Any) -> str:
    for name in ("url", "x-socialprofile", "socialprofile"):
        for line in _preferred(card, name):
            kinds = ",".join(line.params.get("TYPE", [])).lower()
            if "linkedin.com" in _text(line.value).lower() or "linkedin" in kinds:
                return _text(line.value)
    return ""


def _card_role(role: str, title: str) -> Role:
    found = ROLES.get(lookup_key(role)) if role else None
    if found is not None:
        return found
    guess = guess_role(role)
    return guess if guess is not Role.OTHER else guess_role(title)


def _from_card(number: int, card: Any) -> tuple[ImportedContact | None, list[ContactProblem]]:
    orgs = card.contents.get("org", [])
    org = orgs[0].value if orgs else []
    raw = {
        "name": _card_name(card),
        "title": _card_prefix(card),
        "position": _first(card, "title"),
        "role": _first(card, "role"),
        "institution": ", ".join(t for t in (_text(o) for o in _as_list(org)) if t),
        "email": re.sub(r"^mailto:", "", _first(card, "email"), flags=re.I),
        "phone": re.sub(r"^tel:", "", _first(card, "tel"), flags=re.I),
        "linkedin": _card_linkedin(card),
        "notes": "\n\n".join(t for n in card.contents.get("note", []) if (t := _text(n.value))),
    }
    tags = [_text(t) for line in card.contents.get("categories", []) for t in _as_list(line.value)]
    values: dict[str, Any] = {k: v for k, v in raw.items() if k != "role"}
    values |= {"role": _card_role(raw["role"], raw["position"]), "tags": tags}
    raw["tags"] = ",".join(tags)
    contact, problems = build_contact(number, values, raw, _VCARD_PROPERTIES, unit="card")
    return (None if contact is None else ImportedContact(contact, None, number)), problems


def _as_list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else [value]


def from_vcard(source: str, text: str) -> Parsed:
    if "BEGIN:VCARD" not in text.upper():
        raise file_error(source, "not a vCard file: it has no BEGIN:VCARD")
    try:
        cards = [c for c in vobject.readComponents(text, allowQP=True) if c.name == "VCARD"]
    except (vobject.base.VObjectError, ValueError) as exc:
        raise file_error(source, f"not a valid vCard file ({exc})") from None
    contacts: list[ImportedContact] = []
    problems: list[ContactProblem] = []
    for number, card in enumerate(cards, start=1):
        contact, card_problems = _from_card(number, card)
        problems += card_problems
        if contact is not None:
            contacts.append(contact)
    return contacts, problems


# --- writing ------------------------------------------------------------------------------------


_HONORIFICS = frozenset({"dr", "prof", "mr", "mrs", "ms", "mx"})


def _split_name(name: str) -> Any:
    """vCard's N (family; given; additional; prefix; suffix) from one name, as well as words
    allow: "Dr. Ana Rao, MD" -> prefix Dr., given Ana, family Rao, suffix MD."""
    main, _, suffix = name.partition(",")
    words = main.split()
    prefix = words.pop(0) if words[1:] and words[0].rstrip(".").lower() in _HONORIFICS else ""
    family = words.pop() if words else ""
    return vobject.vcard.Name(
        family=family, given=" ".join(words), prefix=prefix, suffix=" ".join(suffix.split())
    )


def _vcard(contact: Contact) -> str:
    card = vobject.vCard()
    card.add("version").value = "4.0"
    card.add("fn").value = normalise_newlines(contact.name)
    name = _split_name(contact.name)
    name.prefix = contact.title  # the honorific; the name's own words stay in FN
    card.add("n").value = name
    # ROLE is always written (even "other") so that reading it back does not guess from TITLE
    card.add("role").value = ROLE_LABELS[contact.role]
    texts = {
        "title": contact.position,
        "org": contact.institution,
        "email": contact.email,
        "tel": contact.phone,
        "note": contact.notes,
    }
    for name, value in texts.items():
        if value:
            card.add(name).value = (
                [normalise_newlines(value)] if name == "org" else normalise_newlines(value)
            )
    if contact.linkedin:
        line = card.add("url")
        line.value = normalise_newlines(contact.linkedin)
        line.type_param = "linkedin"  # read back as LinkedIn even without linkedin.com in it
    if contact.tags:
        card.add("categories").value = list(contact.tags)
    return str(card.serialize())


def contacts_to_vcard(contacts: Iterable[Contact]) -> str:
    """vCard 4.0, one card per contact: name, title, role, institution, email, phone, LinkedIn,
    notes and tags, which :func:`read_contacts` reads back unchanged (lines end in CRLF)."""
    return "".join(_vcard(c) for c in contacts)
