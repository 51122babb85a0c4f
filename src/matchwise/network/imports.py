"""Importing contacts (LinkedIn, vCard, a spreadsheet) and exporting them: the pages and the CLI
call these, with the user whose contacts they touch.

An import is two steps. :func:`preview_import` reads the whole file (every problem listed; bad
rows skipped only when asked) and finds the contacts the user already has (same email, same
LinkedIn address, same name and institution). :func:`apply_import` then writes in one
transaction: new contacts are added, and each duplicate is merged only if the user said so
(otherwise it is skipped, or added anyway when asked). LinkedIn's "Connected On" becomes the
date met, which starts the follow-up count; connecting is not an interaction.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from django.db import transaction

from matchwise.engine.network.contacts import Contact
from matchwise.formats.network.contacts import (
    SUFFIXES,
    ContactFileError,
    ContactProblem,
    ImportedContact,
    contacts_to_vcard,
    find_duplicates,
    merge,
    read_contacts,
    write_contacts,
    write_interactions,
)
from matchwise.network.models import ContactRow
from matchwise.network.services import interactions_of, save_contact

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
Decision = Literal["merge", "skip", "add"]


@dataclass(frozen=True)
class Duplicate:
    incoming: Contact
    existing_id: int
    existing_name: str
    reason: str


@dataclass(frozen=True)
class ImportPreview:
    source: str
    new: tuple[Contact, ...]
    duplicates: tuple[Duplicate, ...]
    skipped: tuple[str, ...] = ()  # bad rows skipped because the user asked, with the reason

    def to_json(self) -> dict[str, Any]:
        """For the session between the preview and the confirmation."""
        return {
            "source": self.source,
            "new": [c.model_dump(mode="json") for c in self.new],
            "duplicates": [
                {
                    "incoming": d.incoming.model_dump(mode="json"),
                    "existing_id": d.existing_id,
                    "existing_name": d.existing_name,
                    "reason": d.reason,
                }
                for d in self.duplicates
            ],
            "skipped": list(self.skipped),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ImportPreview:
        return cls(
            source=str(data["source"]),
            new=tuple(Contact.model_validate(c) for c in data["new"]),
            duplicates=tuple(
                Duplicate(
                    Contact.model_validate(d["incoming"]),
                    int(d["existing_id"]),
                    str(d["existing_name"]),
                    str(d["reason"]),
                )
                for d in data["duplicates"]
            ),
            skipped=tuple(data.get("skipped", ())),
        )


@dataclass(frozen=True)
class ImportSummary:
    added: int
    merged: int
    skipped: int
    names: list[str] = field(default_factory=list)


def _seeded(item: ImportedContact) -> Contact:
    if item.first_interaction is not None and item.contact.met_on is None:
        return item.contact.model_copy(update={"met_on": item.first_interaction})
    return item.contact


def preview_import(
    user: Any,
    path: Path,
    *,
    mapping: dict[str, str] | None = None,
    skip_bad_rows: bool = False,
    source: str | None = None,
) -> ImportPreview:
    """Read the whole file and match it against the user's contacts; writes nothing."""
    read = read_contacts(path, mapping=mapping, skip_bad_rows=skip_bad_rows)
    incoming = [_seeded(item) for item in read.contacts]
    rows = list(ContactRow.objects.filter(owner=user))
    pairs = find_duplicates([r.to_contact() for r in rows], incoming)
    matched: dict[int, tuple[int, str]] = {}
    for pair in pairs:
        matched.setdefault(pair.incoming_index, (pair.existing_index, pair.reason))
    return ImportPreview(
        source=source or path.name,
        new=tuple(c for i, c in enumerate(incoming) if i not in matched),
        duplicates=tuple(
            Duplicate(incoming[i], rows[e].id, rows[e].name, reason)
            for i, (e, reason) in sorted(matched.items())
        ),
        skipped=tuple(str(p) for p in read.problems),
    )


def preview_upload(
    user: Any,
    name: str,
    size: int,
    chunks: Iterable[bytes],
    *,
    mapping: dict[str, str] | None = None,
    skip_bad_rows: bool = False,
) -> ImportPreview:
    """:func:`preview_import` for an uploaded file (at most 5 MB; .csv, .xlsx or .vcf)."""
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        expected = ", ".join(SUFFIXES)
        raise ContactFileError(name, [ContactProblem(0, "", suffix, f"a {expected} file")])
    if size > MAX_UPLOAD_BYTES:
        mb = size / 1024 / 1024
        raise ContactFileError(name, [ContactProblem(0, "", f"{mb:.1f} MB", "at most 5 MB")])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"upload{suffix}"
        with path.open("wb") as out:
            for chunk in chunks:
                out.write(chunk)
        try:
            return preview_import(
                user, path, mapping=mapping, skip_bad_rows=skip_bad_rows, source=name
            )
        except ContactFileError as exc:
            raise ContactFileError(name, exc.problems) from None


def apply_import(
    user: Any, preview: ImportPreview, decisions: Mapping[int, Decision] | None = None
) -> ImportSummary:
    """Write the preview in one transaction. ``decisions``: for each duplicate (by its position
    in ``preview.duplicates``) merge, skip (the default) or add as a separate contact."""
    choices = decisions or {}
    added = merged = skipped = 0
    names: list[str] = []
    with transaction.atomic():
        for contact in preview.new:
            save_contact(user, contact)
            added += 1
            names.append(contact.name)
        for index, dup in enumerate(preview.duplicates):
            choice = choices.get(index, "skip")
            if choice == "merge":
                row = ContactRow.objects.filter(owner=user, pk=dup.existing_id).first()
                if row is None:  # deleted since the preview: add it instead
                    save_contact(user, dup.incoming)
                    added += 1
                else:
                    save_contact(user, merge(row.to_contact(), dup.incoming), row=row)
                    merged += 1
            elif choice == "add":
                save_contact(user, dup.incoming)
                added += 1
            else:
                skipped += 1
    return ImportSummary(added=added, merged=merged, skipped=skipped, names=names)


# ---- exports --------------------------------------------------------------------------------

EXPORTS = {"csv": "text/csv", "xlsx": "application/vnd.openxmlformats-officedocument."
           "spreadsheetml.sheet", "vcf": "text/vcard"}  # fmt: skip


def export_contacts(user: Any, fmt: str) -> bytes:
    """The user's contacts as csv, xlsx or vcf (vCard 4.0); spreadsheet cells are formula-safe."""
    contacts = [r.to_contact() for r in ContactRow.objects.filter(owner=user)]
    if fmt == "vcf":
        return contacts_to_vcard(contacts).encode("utf-8")
    if fmt not in ("csv", "xlsx"):
        raise ValueError(f"format {fmt!r}: one of csv, xlsx, vcf")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"contacts.{fmt}"
        write_contacts(contacts, path)
        return path.read_bytes()


def export_interactions(user: Any) -> bytes:
    """Every interaction as CSV, oldest first, with the contact's name."""
    rows = interactions_of(user).order_by("on", "id")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "interactions.csv"
        write_interactions(((i.contact.name, i.to_interaction()) for i in rows), path)
        return path.read_bytes()


def preview_lines(preview: ImportPreview) -> Sequence[str]:
    """The preview in words, one line each (the CLI prints these)."""
    lines = [f"{len(preview.new)} new contact{'s' * (len(preview.new) != 1)}"]
    lines += [
        f"duplicate: {d.incoming.name} = your {d.existing_name} ({d.reason})"
        for d in preview.duplicates
    ]
    lines += [f"skipped: {s}" for s in preview.skipped]
    return lines
