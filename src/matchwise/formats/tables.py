"""Spreadsheet cells that round-trip: CSV for Excel, and cells kept from running as formulas.

A spreadsheet runs a cell starting with = + - @ as a formula. Such a cell is written with a
leading ``'``; a value that already starts with ``'`` and then one of those gets one more, so
that :func:`restore` strips exactly one and every value comes back unchanged.

>>> neutralise("=SUM(A1)"), restore(neutralise("=SUM(A1)"))
("'=SUM(A1)", '=SUM(A1)')
>>> restore(neutralise("'=x"))
"'=x"
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

_FORMULA = re.compile(r"^'*[=+\-@]")
_NEUTRALISED = re.compile(r"^'+[=+\-@]")


def neutralise(text: str) -> str:
    """The cell as written: a leading ``'`` where a spreadsheet would run it as a formula."""
    return "'" + text if _FORMULA.match(text) else text


def restore(text: str) -> str:
    """The value :func:`neutralise` was given, from the cell it wrote."""
    return text[1:] if _NEUTRALISED.match(text) else text


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    """A CSV file (CRLF rows, UTF-8 with a byte-order mark) of cells already neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    # A byte-order mark so that Excel shows "José Müller", not mojibake; the readers skip it.
    # Bytes, not text, so that no line ending inside a cell is translated.
    path.write_bytes(buffer.getvalue().encode("utf-8-sig"))
