"""The one message a file with problems gets: every reason, the first 50 listed.

>>> print(problems_message("people.csv", ["row 2: no name", "row 5: bad email"]))
people.csv: 2 problems, nothing was read:
  row 2: no name
  row 5: bad email
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["SHOWN", "problems_message"]

SHOWN = 50  # problems listed in the message; the rest are counted


def problems_message(source: str, lines: Sequence[str]) -> str:
    shown = "\n".join(f"  {line}" for line in lines[:SHOWN])
    more = len(lines) - SHOWN
    tail = f"\n  ... and {more} more" if more > 0 else ""
    count = f"{len(lines)} problem{'s' if len(lines) != 1 else ''}"
    return f"{source}: {count}, nothing was read:\n{shown}{tail}"
