"""Duplicates between the outputs a user has and those coming in, and merging two into one.

:func:`find_duplicates` pairs outputs that are probably one work (the same DOI, PMID or title);
:func:`merge` makes one of two, and is run only when the user asks.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from matchwise.engine.scholarly.outputs import IrTopic, Output, OutputType
from matchwise.formats.scholarly.author_names import family_key
from matchwise.formats.scholarly.reference_records import shortened


@dataclass(frozen=True)
class DuplicatePair:
    existing_index: int  # position in ``existing``
    incoming_index: int  # position in ``incoming``
    existing: Output
    incoming: Output
    reason: str  # e.g. "same DOI 10.1016/j.jvir.2024.01.002"


def normalise_title(title: str) -> str:
    """A title without case, accents, punctuation or extra spaces, to compare two.

    >>> normalise_title("  Prostatic Artery Embolization: a Müller-style  review!")
    'prostatic artery embolization a muller style review'
    """
    decomposed = unicodedata.normalize("NFKD", title)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[\W_]+", " ", bare).split())


def _match_keys(output: Output) -> list[tuple[str, str]]:
    keys: list[tuple[str, str]] = []
    if output.doi:
        keys.append(("DOI", output.doi.lower()))
    if output.pmid:
        keys.append(("PMID", output.pmid))
    if normalise_title(output.title):
        keys.append(("title", normalise_title(output.title)))
    return keys


def _reason(kind: str, output: Output) -> str:
    if kind == "title":
        return f'same title "{shortened(output.title, 80)}"'
    return f"same {kind} {output.doi if kind == 'DOI' else output.pmid}"


def find_duplicates(existing: Sequence[Output], incoming: Sequence[Output]) -> list[DuplicatePair]:
    """Every (existing, incoming) pair that is probably one work: the same DOI (case aside),
    the same PMID, or the same title (:func:`normalise_title`). One pair per two outputs with
    every reason found; in the order of ``incoming``, then ``existing``."""
    index: dict[tuple[str, str], list[int]] = {}
    for i, output in enumerate(existing):
        for key in _match_keys(output):
            index.setdefault(key, []).append(i)
    pairs: list[DuplicatePair] = []
    for j, output in enumerate(incoming):
        reasons: dict[int, list[str]] = {}
        for key in _match_keys(output):
            for i in index.get(key, []):
                reasons.setdefault(i, []).append(_reason(key[0], output))
        for i in sorted(reasons):
            pairs.append(DuplicatePair(i, j, existing[i], output, "; ".join(reasons[i])))
    return pairs


def _empty(output: Output, name: str) -> bool:
    value = getattr(output, name)
    if name == "type":
        return value is OutputType.OTHER
    return value in ("", None, False, (), frozenset()) or value == Output.model_fields[name].default


def merge(a: Output, b: Output) -> Output:
    """One output from two: every non-empty value is kept and ``a`` wins where both have one
    (a value left at its default, like status "in preparation" or type "other", counts as
    empty). The authors come with the applicant's position from the same side (``b``'s
    position is taken for ``a``'s authors when they put the same family name there); the venue
    with its kind; the year with its month (``b``'s month only for the same year); flags are
    true if either says so; topics are united ("not IR" gives way to an IR topic); the
    histories are merged, oldest first.

    >>> merge(Output(type="case_report", title="PAE", doi="10.1000/x", topics=["venous"]),
    ...       Output(type="journal_article", title="PAE", year=2024, pmid="123",
    ...              topics=["embolization"])).model_dump(include={"type", "year", "pmid"})
    {'type': <OutputType.CASE_REPORT: 'case_report'>, 'year': 2024, 'pmid': '123'}
    """
    values: dict[str, Any] = {}
    for name in Output.model_fields:  # the portfolio's columns, in order
        values[name] = getattr(b if _empty(a, name) else a, name)
    source = a if a.authors else b
    values["authors"], values["my_position"] = source.authors, source.my_position
    if a.authors and a.my_position is None and b.me is not None and b.my_position is not None:
        mine = a.authors[b.my_position - 1] if b.my_position <= len(a.authors) else None
        if mine is not None and family_key(mine.family) == family_key(b.me.family):
            values["my_position"] = b.my_position
    venue = a if a.venue else b
    values["venue"], values["venue_kind"] = venue.venue, venue.venue_kind
    # a month belongs to its year: taken from the other side only when the years agree
    dated = b if a.year is None or (a.month is None and b.year == a.year) else a
    values["year"], values["month"] = dated.year, dated.month
    topics = a.topics | b.topics
    values["topics"] = topics - {IrTopic.NOT_IR} if len(topics) > 1 else topics
    changes = dict.fromkeys([*a.history, *b.history])
    values["history"] = tuple(sorted(changes, key=lambda c: c.on))
    return Output.model_validate(values)
