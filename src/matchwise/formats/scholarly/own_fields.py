"""MatchWise's own fields of an output, which BibTeX and CSL-JSON carry so that nothing is lost.

Both reference formats that MatchWise writes keep every Output field: the ones the format has
a place for there, and MatchWise's own (its exact type, the applicant's position, venue kind,
status and its history, peer review, national meeting, role, mentor, "most meaningful") in
``x-matchwise-*`` fields (BibTeX) or ``custom.matchwise`` (CSL-JSON), which other tools carry
along or ignore; topics travel as keywords. :func:`own_fields_of` gives them for a writer;
:func:`read_own_fields` checks them and puts them in a reader's record.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from enum import StrEnum
from typing import Any, TypeVar

from matchwise.engine.scholarly.outputs import Output, OutputType, Status, StatusChange, VenueKind
from matchwise.formats.scholarly.reference_records import Record, parse_iso_date

_E = TypeVar("_E", bound=StrEnum)


def _enum(kind: type[_E]) -> Callable[[Any], _E]:
    names = ", ".join(m.value for m in kind)

    def parse(value: Any) -> _E:
        text = str(value).strip().lower() if isinstance(value, str) else ""
        for member in kind:
            if member.value == text:
                return member
        raise ValueError(f"one of: {names}")

    return parse


def _flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower() if isinstance(value, str) else ""
    if text in ("yes", "true", "1"):
        return True
    if text in ("no", "false", "0"):
        return False
    raise ValueError("yes or no")


def _position(value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
        return value
    if isinstance(value, str) and value.strip().isdigit() and int(value) >= 1:
        return int(value)
    raise ValueError("the applicant's place among the authors: 1 for the first")


def _history(value: Any) -> tuple[StatusChange, ...]:
    """``[{"status": ..., "on": ...}]`` (CSL-JSON) or "submitted 2024-01-02; accepted
    2024-02-03" (BibTeX)."""
    expected = "status changes like: submitted 2024-01-02; accepted 2024-02-20"
    if isinstance(value, str):
        pairs = [p.split() for p in value.split(";") if p.strip()]
        if any(len(p) != 2 for p in pairs):
            raise ValueError(expected)
        value = [{"status": s, "on": on} for s, on in pairs]
    if not isinstance(value, list) or not all(isinstance(c, dict) for c in value):
        raise ValueError(expected)
    status = _enum(Status)
    changes = []
    for change in value:
        if set(change) != {"status", "on"} or not isinstance(change["on"], str):
            raise ValueError(expected)
        changes.append(
            StatusChange(status=status(change["status"]), on=parse_iso_date(change["on"]))
        )
    return tuple(changes)


def _words(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("text")
    return value


# MatchWise's own fields: x-matchwise-<name> in BibTeX, custom.matchwise.<name> in CSL-JSON
_OWN: dict[str, tuple[str, Callable[[Any], Any]]] = {
    "type": ("type", _enum(OutputType)),
    "position": ("my_position", _position),
    "venue-kind": ("venue_kind", _enum(VenueKind)),
    "status": ("status", _enum(Status)),
    "history": ("history", _history),
    "peer-reviewed": ("peer_reviewed", _flag),
    "national-meeting": ("national_meeting", _flag),
    "role": ("my_role", _words),
    "mentor": ("mentor", _words),
    "meaningful": ("meaningful", _flag),
}


def read_own_fields(record: Record, own: Mapping[str, Any], prefix: str) -> None:
    for name, (output_field, parse) in _OWN.items():
        if name not in own:
            continue
        value = own[name]
        shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        try:
            record.put(output_field, parse(value), prefix + name, shown)
        except ValueError as exc:
            record.fail(prefix + name, shown, str(exc))


def own_fields_of(output: Output) -> dict[str, Any]:
    """MatchWise's own fields of an output, in JSON's types; defaults left out where the
    reader's default is the same whatever the file says."""
    own: dict[str, Any] = {
        "type": output.type.value,
        "venue-kind": output.venue_kind.value,
        "status": output.status.value,
        "peer-reviewed": output.peer_reviewed,
    }
    if output.my_position is not None:
        own["position"] = output.my_position
    if output.history:
        own["history"] = [
            {"status": c.status.value, "on": c.on.isoformat()} for c in output.history
        ]
    if output.national_meeting:
        own["national-meeting"] = True
    if output.my_role:
        own["role"] = output.my_role
    if output.mentor:
        own["mentor"] = output.mentor
    if output.meaningful:
        own["meaningful"] = True
    return own
