"""Reference files in: which format a file is, and reading it as :class:`Output` items.

:func:`read_references` (or :func:`parse_references`, for an upload's bytes) chooses the format
by the file's suffix, and by its content when that plainly says another format, and hands the
text to that format's reader, one module each:

- :mod:`~matchwise.formats.scholarly.bibtex`: BibTeX (``.bib``), read and written;
- :mod:`~matchwise.formats.scholarly.ris`: RIS (``.ris``);
- :mod:`~matchwise.formats.scholarly.medline`: PubMed's MEDLINE format (``.nbib``, ``.txt``);
- :mod:`~matchwise.formats.scholarly.csljson`: CSL-JSON (``.json``), read and written.

They share :mod:`~matchwise.formats.scholarly.reference_records` (what reading returns, the
problems, the record each entry fills, the values every format writes alike) and
:mod:`~matchwise.formats.scholarly.author_names` (names, and the applicant among the authors).
Every problem names the file, the entry, the field, the value and what was expected, and
nothing is returned unless all is well or the caller asked to skip bad entries
(:class:`ReferenceFileError`).

This module is Scholarly's one door to reference files: it also offers the names callers use
from the modules behind it (:data:`__all__`): the writers, duplicates and merging
(:mod:`~matchwise.formats.scholarly.duplicates`) and the portfolio spreadsheet
(:mod:`~matchwise.formats.scholarly.portfolio_sheet`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path

from matchwise.formats.scholarly.author_names import (
    author_from_name,
    find_my_position,
    initials_of,
    name_variants,
)
from matchwise.formats.scholarly.bibtex import BIBTEX_SIGNATURE, from_bibtex, to_bibtex
from matchwise.formats.scholarly.csljson import CSL_JSON_SIGNATURE, from_csl_json, to_csl_json
from matchwise.formats.scholarly.duplicates import (
    DuplicatePair,
    find_duplicates,
    merge,
    normalise_title,
)
from matchwise.formats.scholarly.medline import MEDLINE_SIGNATURE, from_medline
from matchwise.formats.scholarly.portfolio_sheet import (
    COLUMNS,
    PORTFOLIO_SUFFIXES,
    portfolio_row,
    write_portfolio,
)
from matchwise.formats.scholarly.reference_records import (
    ImportedOutput,
    Parsed,
    ReferenceFileError,
    ReferenceFormat,
    ReferenceProblem,
    ReferenceRead,
    file_error,
    imported,
)
from matchwise.formats.scholarly.ris import RIS_SIGNATURE, from_ris

__all__ = [
    "COLUMNS",
    "PORTFOLIO_SUFFIXES",
    "SUFFIXES",
    "DuplicatePair",
    "ImportedOutput",
    "ReferenceFileError",
    "ReferenceFormat",
    "ReferenceProblem",
    "ReferenceRead",
    "author_from_name",
    "find_duplicates",
    "find_my_position",
    "initials_of",
    "merge",
    "name_variants",
    "normalise_title",
    "parse_references",
    "portfolio_row",
    "read_references",
    "to_bibtex",
    "to_csl_json",
    "write_portfolio",
]

SUFFIXES: dict[str, ReferenceFormat] = {
    ".bib": ReferenceFormat.BIBTEX,
    ".ris": ReferenceFormat.RIS,
    ".nbib": ReferenceFormat.MEDLINE,
    ".txt": ReferenceFormat.MEDLINE,
    ".json": ReferenceFormat.CSL_JSON,
}
_READERS: dict[ReferenceFormat, Callable[[str, str], Parsed]] = {
    ReferenceFormat.BIBTEX: from_bibtex,
    ReferenceFormat.RIS: from_ris,
    ReferenceFormat.MEDLINE: from_medline,
    ReferenceFormat.CSL_JSON: from_csl_json,
}
_SIGNATURES: dict[ReferenceFormat, re.Pattern[str]] = {
    ReferenceFormat.CSL_JSON: CSL_JSON_SIGNATURE,
    ReferenceFormat.RIS: RIS_SIGNATURE,
    ReferenceFormat.MEDLINE: MEDLINE_SIGNATURE,
    ReferenceFormat.BIBTEX: BIBTEX_SIGNATURE,
}


def _format(suffix: str, text: str) -> ReferenceFormat:
    """The suffix's format, unless the content plainly is another (a RIS export saved as .txt)."""
    default = SUFFIXES[suffix]
    if _SIGNATURES[default].search(text):
        return default
    return next((f for f, sign in _SIGNATURES.items() if sign.search(text)), default)


def _text(data: bytes, source: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise file_error(
            source,
            "the file is not UTF-8 text; export it again as UTF-8 (Zotero, Mendeley and "
            "EndNote offer it as the character encoding)",
            line=line,
        ) from None


def parse_references(
    data: bytes, *, name: str, me: Sequence[str] = (), skip_bad_entries: bool = False
) -> ReferenceRead:
    """Like :func:`read_references`, for a file's bytes (an upload); ``name`` is the file's
    name, whose suffix chooses the format and which every problem names."""
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise file_error(
            name,
            "a reference file: .bib (BibTeX), .ris (RIS), .nbib or .txt (PubMed) or .json "
            "(CSL-JSON), as Zotero, Mendeley, EndNote and PubMed export them",
            suffix or "(no suffix)",
        )
    text = _text(data, name)
    if not text.strip():
        raise file_error(name, "the file is empty")
    kind = _format(suffix, text)
    records, problems = _READERS[kind](name, text)
    items: list[ImportedOutput] = []
    for record in records:
        item, more = imported(record, me)
        problems += more
        if item is not None:
            items.append(item)
    if not items and not problems:
        raise file_error(name, "the file has no references")
    problems.sort(key=lambda p: p.entry)  # the file's order; a file's own problems first
    if problems and not skip_bad_entries:
        raise ReferenceFileError(name, problems)
    bad = {p.entry for p in problems}
    kept = tuple(i for i in items if i.entry not in bad)
    if not kept:
        ending = ReferenceProblem(name, 0, "", "", "no valid entries left")
        raise ReferenceFileError(name, [*problems, ending])
    return ReferenceRead(kept, tuple(problems), kind)


def read_references(
    path: Path, *, me: Sequence[str] = (), skip_bad_entries: bool = False
) -> ReferenceRead:
    """Validate and read a whole reference file (the formats: each reader's module, listed above);
    raises :class:`ReferenceFileError` listing every problem, or, with ``skip_bad_entries``,
    returns the good entries and lists the bad ones in ``problems``. ``me``: the applicant's
    confirmed name variants, which set each output's ``my_position``."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise file_error(str(path), "file not found") from None
    except OSError as exc:
        raise file_error(str(path), f"cannot read the file ({exc.__class__.__name__})") from None
    return parse_references(data, name=str(path), me=me, skip_bad_entries=skip_bad_entries)
