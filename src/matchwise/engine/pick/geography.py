"""US Census regions, used for the geographic-connection term.

>>> region_of("TX")
'South'
"""

from __future__ import annotations

# US Census Bureau regions (census.gov, "Census Regions and Divisions of the United States").
_REGIONS: dict[str, tuple[str, ...]] = {
    "Northeast": ("CT", "ME", "MA", "NH", "RI", "VT", "NJ", "NY", "PA"),
    "Midwest": ("IL", "IN", "MI", "OH", "WI", "IA", "KS", "MN", "MO", "NE", "ND", "SD"),
    "South": (
        "DE", "DC", "FL", "GA", "MD", "NC", "SC", "VA", "WV",
        "AL", "KY", "MS", "TN", "AR", "LA", "OK", "TX",
    ),
    "West": (
        "AZ", "CO", "ID", "MT", "NV", "NM", "UT", "WY", "AK", "CA", "HI", "OR", "WA",
    ),
    "Territories": ("PR", "GU", "VI", "AS", "MP"),
}  # fmt: skip

STATE_REGION: dict[str, str] = {s: region for region, states in _REGIONS.items() for s in states}
STATES: frozenset[str] = frozenset(STATE_REGION)
REGIONS: tuple[str, ...] = tuple(_REGIONS)


def region_of(state: str | None) -> str:
    """The Census region of a two-letter state code; ``unknown`` for None or an unknown code."""
    if not state:
        return "unknown"
    return STATE_REGION.get(state.upper(), "unknown")
