"""Importing a reference manager's export (BibTeX, RIS, PubMed MEDLINE, CSL-JSON) and the
exports (ERAS, AMA citations, CV, spreadsheets, BibTeX, CSL-JSON); pages and CLI call these.

An import is two steps, like Network's: :func:`preview` reads the whole file (every problem
listed; bad entries skipped only when asked), marks the applicant in each author list by the
name variants the user confirmed, and finds what the portfolio already has (same DOI, same PMID,
same title); :func:`apply` writes in one transaction, merging a duplicate only when asked.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from django.db import transaction

from matchwise.engine.scholarly.outputs import Output
from matchwise.formats.scholarly.citations import ama_citations
from matchwise.formats.scholarly.cv import DOCX_CONTENT_TYPE, PDF_CONTENT_TYPE, cv_docx, cv_pdf
from matchwise.formats.scholarly.eras import eras_dict, eras_entries, eras_text, load_eras
from matchwise.formats.scholarly.references import (
    ReferenceFileError,
    ReferenceProblem,
    find_duplicates,
    merge,
    name_variants,
    parse_references,
    to_bibtex,
    to_csl_json,
    write_portfolio,
)
from matchwise.scholarly import services
from matchwise.scholarly.models import OutputRow

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
Decision = Literal["merge", "skip", "add"]


@dataclass(frozen=True)
class Duplicate:
    incoming: Output
    existing_id: int
    existing_title: str
    reason: str


@dataclass(frozen=True)
class Preview:
    source: str
    new: tuple[Output, ...]
    duplicates: tuple[Duplicate, ...]
    skipped: tuple[str, ...]
    suggestions: tuple[str, ...]  # author names that may be the applicant's, to confirm
    unmatched: int  # items in which none of the confirmed names was found

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "new": [o.model_dump(mode="json") for o in self.new],
            "duplicates": [
                {
                    "incoming": d.incoming.model_dump(mode="json"),
                    "existing_id": d.existing_id,
                    "existing_title": d.existing_title,
                    "reason": d.reason,
                }
                for d in self.duplicates
            ],
            "skipped": list(self.skipped),
            "suggestions": list(self.suggestions),
            "unmatched": self.unmatched,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Preview:
        return cls(
            source=str(data["source"]),
            new=tuple(Output.model_validate(o) for o in data["new"]),
            duplicates=tuple(
                Duplicate(
                    Output.model_validate(d["incoming"]),
                    int(d["existing_id"]),
                    str(d["existing_title"]),
                    str(d["reason"]),
                )
                for d in data["duplicates"]
            ),
            skipped=tuple(data["skipped"]),
            suggestions=tuple(data["suggestions"]),
            unmatched=int(data["unmatched"]),
        )


def preview(
    user: Any,
    data: bytes,
    *,
    name: str,
    me: Sequence[str] = (),
    applicant: str = "",
    skip_bad_entries: bool = False,
) -> Preview:
    """Read a whole reference file and match it to the portfolio; writes nothing.

    ``me``: the confirmed name variants (default: the user's saved ones); ``applicant``: the
    applicant's name, to suggest the spellings the file uses for it."""
    if len(data) > MAX_UPLOAD_BYTES:
        size = f"{len(data) / 1024 / 1024:.1f} MB"
        raise ReferenceFileError(name, [ReferenceProblem(name, 0, "", size, "at most 5 MB")])
    variants = list(me) or services.name_variants(user)
    read = parse_references(data, name=name, me=variants, skip_bad_entries=skip_bad_entries)
    incoming = [item.output for item in read.items]
    rows = list(services.outputs_of(user))
    pairs = find_duplicates([r.to_output() for r in rows], incoming)
    matched: dict[int, tuple[int, str]] = {}
    for pair in pairs:
        matched.setdefault(pair.incoming_index, (pair.existing_index, pair.reason))
    seen = [a for item in read.items for a in item.authors]
    basis = applicant or (variants[0] if variants else "")
    suggestions = [s for s in name_variants(seen, basis) if s not in variants] if basis else []
    return Preview(
        source=name,
        new=tuple(o for i, o in enumerate(incoming) if i not in matched),
        duplicates=tuple(
            Duplicate(incoming[i], rows[e].id, rows[e].title, reason)
            for i, (e, reason) in sorted(matched.items())
        ),
        skipped=tuple(p.message for p in read.problems),
        suggestions=tuple(suggestions),
        unmatched=sum(1 for o in incoming if o.my_position is None),
    )


def apply(
    user: Any,
    found: Preview,
    decisions: Mapping[int, Decision] | None = None,
    *,
    me: Sequence[str] = (),
) -> tuple[int, int, int]:
    """Write the preview in one transaction: (added, merged, skipped). A duplicate is merged
    only when ``decisions`` says so; ``me`` (when given) is saved as the confirmed variants."""
    choices = decisions or {}
    added = merged = skipped = 0
    with transaction.atomic():
        if me:
            services.set_name_variants(user, me)
        for output in found.new:
            services.save_output(user, output, date_status=False)
            added += 1
        for index, dup in enumerate(found.duplicates):
            choice = choices.get(index, "skip")
            row = OutputRow.objects.filter(owner=user, pk=dup.existing_id).first()
            if choice == "merge" and row is not None:
                merged_output = merge(row.to_output(), dup.incoming)
                services.save_output(user, merged_output, row=row, date_status=False)
                merged += 1
            elif choice == "add" or (choice == "merge" and row is None):
                services.save_output(user, dup.incoming, date_status=False)
                added += 1
            else:
                skipped += 1
    return added, merged, skipped


# ---- exports ----------------------------------------------------------------------------------

EXPORTS: dict[str, tuple[str, str]] = {
    # format: (content type, file name)
    "eras": ("text/plain; charset=utf-8", "eras-scholarly-works.txt"),
    "eras-json": ("application/json", "eras-scholarly-works.json"),
    "ama": ("text/plain; charset=utf-8", "citations-ama.txt"),
    "cv-pdf": (PDF_CONTENT_TYPE, "cv.pdf"),
    "cv-docx": (DOCX_CONTENT_TYPE, "cv.docx"),
    "csv": ("text/csv", "portfolio.csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "portfolio.xlsx"),
    "bibtex": ("application/x-bibtex", "portfolio.bib"),
    "csl-json": ("application/json", "portfolio.csl.json"),
}


def export(user: Any, fmt: str, *, name: str = "", season: int = 2027) -> bytes:
    """The user's portfolio in ``fmt`` (a key of :data:`EXPORTS`)."""
    outputs = services.portfolio(user)
    if fmt == "eras":
        return eras_text(eras_entries(outputs, load_eras(season))).encode("utf-8")
    if fmt == "eras-json":
        data = eras_dict(eras_entries(outputs, load_eras(season)))
        return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    if fmt == "ama":
        lines = [f"{i}. {c}" for i, c in enumerate(ama_citations(outputs), start=1)]
        return ("\n".join(lines) + "\n").encode("utf-8")
    if fmt == "cv-pdf":
        return cv_pdf(outputs, name=name or "Curriculum vitae")
    if fmt == "cv-docx":
        return cv_docx(outputs, name=name or "Curriculum vitae")
    if fmt == "bibtex":
        return to_bibtex(outputs).encode("utf-8")
    if fmt == "csl-json":
        return to_csl_json(outputs).encode("utf-8")
    if fmt in ("csv", "xlsx"):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"portfolio.{fmt}"
            write_portfolio(outputs, path)
            return path.read_bytes()
    raise ValueError(f"format {fmt!r}: one of {', '.join(EXPORTS)}")
