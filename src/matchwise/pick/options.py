"""Parsing the user's options (signals, objective, program lists) into engine values.

The CLI and the web forms both pass text through these functions, so a bad value gets the same
message everywhere.

>>> parse_signals("420+416=6/6")[0].specialties
('420', '416')
"""

from __future__ import annotations

import re

from matchwise.engine.pick.listproblem import SignalPool
from matchwise.engine.pick.program import Specialty
from matchwise.formats.pick.catalog import parse_mapping as parse_catalog_mapping

_POOL = re.compile(r"^\s*([0-9a-z+]+)\s*=\s*(\d+)\s*/\s*(\d+)\s*$")
OBJECTIVES = ("p-match", "utility", "ir-floor")
_CODES = {s.value for s in Specialty}


class OptionError(ValueError):
    """A command-line or form option the user must fix; the message says how."""


def parse_signals(text: str) -> tuple[SignalPool, ...]:
    """``none`` or pools like ``420+416=6/6;999=0/0`` (specialties=gold/silver)."""
    if text.strip().lower() == "none":
        return ()
    pools: list[SignalPool] = []
    for part in text.split(";"):
        match = _POOL.match(part)
        if not match:
            raise OptionError(
                f"--signals: cannot read {part.strip()!r}; write SPECIALTIES=GOLD/SILVER, "
                "e.g. 420+416=6/6, several pools separated by ';', or 'none'"
            )
        codes = tuple(match.group(1).split("+"))
        unknown = [c for c in codes if c not in _CODES]
        if unknown:
            raise OptionError(
                f"--signals: unknown specialty code {unknown[0]!r}; use {', '.join(sorted(_CODES))}"
            )
        pools.append(
            SignalPool(
                name="+".join(codes),
                specialties=codes,
                gold=int(match.group(2)),
                silver=int(match.group(3)),
                source="given by the user",
                confidence="user",
            )
        )
    return tuple(pools)


IR_SIGNAL_SCENARIOS = {"own": "ir-own", "shared": "ir-shared"}


def parse_ir_signals(text: str | None) -> str | None:
    """``own`` or ``shared`` (whether IR-Integrated takes the DR signals) to its scenario name
    in the facts' ``[signals]``; None = the default (conservative) scenario."""
    if text is None:
        return None
    key = text.strip().lower()
    if key not in IR_SIGNAL_SCENARIOS:
        raise OptionError(f"--ir-signals: {text!r} is not one of {', '.join(IR_SIGNAL_SCENARIOS)}")
    return IR_SIGNAL_SCENARIOS[key]


def parse_objective(text: str | None) -> tuple[str | None, float | None]:
    """``p-match``, ``utility`` or ``ir-floor:0.3`` (a floor on P(match in IR)); None = auto."""
    if text is None:
        return None, None
    name, _, value = text.strip().lower().partition(":")
    if name not in OBJECTIVES:
        raise OptionError(
            f"--objective: {text!r} is not one of p-match, utility, ir-floor:P (e.g. ir-floor:0.3)"
        )
    if name != "ir-floor":
        if value:
            raise OptionError(f"--objective: {name} takes no value")
        return name.replace("-", "_"), None
    try:
        floor = float(value)
    except ValueError:
        raise OptionError(
            "--objective: write the IR floor as a probability, e.g. ir-floor:0.3"
        ) from None
    if not 0 < floor < 1:
        raise OptionError(f"--objective: the IR floor must be between 0 and 1, got {floor:g}")
    return "ir_floor", floor


def parse_codes(text: str, *, option: str) -> tuple[str, ...]:
    """A comma-separated list of program codes (duplicates removed, order kept)."""
    codes = [c.strip() for c in text.split(",") if c.strip()]
    if not codes:
        raise OptionError(f"{option}: give at least one program code")
    return tuple(dict.fromkeys(codes))


def check_budget(budget: float | None, max_applications: int | None) -> None:
    if budget is not None and budget < 0:
        raise OptionError(f"--budget: must be zero or more dollars, got {budget:g}")
    if max_applications is not None and max_applications < 1:
        raise OptionError(f"--max: must be at least 1, got {max_applications}")


def parse_mapping(text: str) -> dict[str, str]:
    """``"Program Name=name,State=state"`` -> ``{"Program Name": "name", ...}``.

    Delegates to the catalog reader's parser so the rules live in one place.
    """
    return parse_catalog_mapping(text)
