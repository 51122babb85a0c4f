"""Duplicates between the contacts a user has and those coming in, and merging two into one.

:func:`find_duplicates` pairs contacts that are probably one person; :func:`merge` makes one of
two, and is run only when the user asks.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from matchwise.engine.network.contacts import Contact
from matchwise.formats.network.linkedin import normalise_linkedin


@dataclass(frozen=True)
class DuplicatePair:
    existing_index: int  # position in ``existing``
    incoming_index: int  # position in ``incoming``
    existing: Contact
    incoming: Contact
    reason: str  # e.g. "same email ana.rao@example.org"


# titles and degrees that do not tell two people apart
_NAME_NOISE = frozenset(
    {"dr", "prof", "professor", "mr", "mrs", "ms", "mx", "md", "do", "phd", "mbbs", "mph"}
    | {"mba", "facr", "fsir", "jr", "sr"}
)


def _plain(text: str) -> list[str]:
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return re.sub(r"[\W_]+", " ", bare).split()


def _name_key(name: str) -> str:
    # sorted words: "Rao, Ana" and "Dr. Ana Rao, MD" are the same person as "Ana Rao"
    return " ".join(sorted(w for w in _plain(name) if w not in _NAME_NOISE))


def _institution_key(institution: str) -> str:
    words = _plain(institution)
    return " ".join(words[1:] if words[:1] == ["the"] else words)


def _match_keys(contact: Contact) -> list[tuple[str, str]]:
    keys: list[tuple[str, str]] = []
    if contact.email:
        keys.append(("email", contact.email.lower()))
    if contact.linkedin and normalise_linkedin(contact.linkedin):
        keys.append(("linkedin", normalise_linkedin(contact.linkedin)))
    name, place = _name_key(contact.name), _institution_key(contact.institution)
    if name and place:
        keys.append(("name", f"{name}|{place}"))
    return keys


def _reason(kind: str, contact: Contact) -> str:
    if kind == "email":
        return f"same email {contact.email}"
    if kind == "linkedin":
        return f"same LinkedIn profile {normalise_linkedin(contact.linkedin)}"
    return f"same name and institution ({contact.name}, {contact.institution})"


def find_duplicates(
    existing: Sequence[Contact], incoming: Sequence[Contact]
) -> list[DuplicatePair]:
    """Every (existing, incoming) pair that is probably one person: the same email, the same
    LinkedIn profile (:func:`normalise_linkedin`), or the same name and institution (case,
    accents, punctuation, titles like "Dr." and degrees like "MD" aside). One pair per two
    contacts, with every reason found; in the order of ``incoming``, then ``existing``."""
    index: dict[tuple[str, str], list[int]] = {}
    for i, contact in enumerate(existing):
        for key in _match_keys(contact):
            index.setdefault(key, []).append(i)
    pairs: list[DuplicatePair] = []
    for j, contact in enumerate(incoming):
        reasons: dict[int, list[str]] = {}
        for key in _match_keys(contact):
            for i in index.get(key, []):
                reasons.setdefault(i, []).append(_reason(key[0], contact))
        for i in sorted(reasons):
            pairs.append(DuplicatePair(i, j, existing[i], contact, "; ".join(reasons[i])))
    return pairs


def _max_length(field: str) -> int:
    for meta in Contact.model_fields[field].metadata:
        limit = getattr(meta, "max_length", None)
        if isinstance(limit, int):
            return limit
    raise LookupError(field)  # pragma: no cover - every text field of Contact has a limit


def _merged_notes(a: str, b: str) -> str:
    if not b or b in a:
        return a
    if not a:
        return b
    joined = f"{a}\n\n{b}"
    limit = _max_length("notes")
    return joined if len(joined) <= limit else joined[: limit - 1] + "…"


def merge(a: Contact, b: Contact) -> Contact:
    """One contact from two: every non-empty value is kept; ``a`` wins where both have one
    (a role, relationship or sponsor stage left at its default counts as empty); tags, program
    codes and mentor kinds are united; notes are joined (cut at the notes' length limit).

    >>> merge(Contact(name="Ana Rao", tags=["ir"]), Contact(name="A. Rao", email="a@x.org",
    ...       tags=["sir"])).model_dump(include={"name", "email", "tags"})
    {'name': 'Ana Rao', 'email': 'a@x.org', 'tags': ('ir', 'sir')}
    """
    values: dict[str, Any] = {}
    for field in Contact.model_fields:  # the spreadsheet's columns, in order
        mine, theirs = getattr(a, field), getattr(b, field)
        if field == "notes":
            values[field] = _merged_notes(mine, theirs)
        elif isinstance(mine, tuple):
            values[field] = mine + tuple(v for v in theirs if v not in mine)
        elif isinstance(mine, frozenset):
            values[field] = mine | theirs
        else:
            empty = mine in ("", None) or mine == Contact.model_fields[field].default
            values[field] = theirs if empty else mine
    return Contact.model_validate(values)
