"""ERAS application fees: tiers by count, restarting for each specialty.

Fees are data (``data/facts.toml``, with their season and source); this module only knows how
tiers work.

>>> eras = FeeSchedule("ERAS 2026", (FeeTier(1, 30, 11.0), FeeTier(31, None, 30.0)), True, "AAMC")
>>> eras.cost({"IM": 43, "DR": 7})
797.0
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray


@dataclass(frozen=True)
class FeeTier:
    """Applications number ``first`` to ``last`` (inclusive; None = no end) cost ``usd_each``."""

    first: int
    last: int | None
    usd_each: float


@dataclass(frozen=True)
class FeeSchedule:
    season: str
    tiers: tuple[FeeTier, ...]
    per_specialty: bool
    source: str

    def marginal_cost(self, count_so_far: int) -> float:
        """The fee of the next application in a specialty that already has ``count_so_far``."""
        n = count_so_far + 1
        for tier in self.tiers:
            if n >= tier.first and (tier.last is None or n <= tier.last):
                return tier.usd_each
        raise ValueError(f"no fee tier covers application number {n} in {self.season}")

    def cost_of(self, count: int) -> float:
        """Total fee for ``count`` applications in one fee group (a specialty, or all)."""
        return float(sum(self.marginal_cost(i) for i in range(count)))

    def cost_table(self, most: int) -> NDArray[np.float64]:
        """``table[n]`` = the fee of n applications in one fee group, for n = 0..most."""
        return _cost_table(self, most)

    def cost(self, counts: Mapping[str, int]) -> float:
        """Total fee for applications counted per specialty."""
        if self.per_specialty:
            return float(sum(self.cost_of(n) for n in counts.values()))
        return self.cost_of(sum(counts.values()))


@lru_cache(maxsize=32)
def _cost_table(schedule: FeeSchedule, most: int) -> NDArray[np.float64]:
    marginal = [schedule.marginal_cost(n) for n in range(most)]
    table: NDArray[np.float64] = np.concatenate([[0.0], np.cumsum(marginal)])
    table.setflags(write=False)
    return table
