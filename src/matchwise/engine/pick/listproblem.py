"""The optimizer's input: everything about one applicant's choice, reduced to arrays.

The probability model (``matchwise.engine.pick.model``) turns a profile and a catalog into a
:class:`ListProblem`; the objective, optimizer, signal allocation and curve work on it alone, so
they know nothing of scores or visas, only of conditional acceptance probabilities.

Conventions (J programs, K quadrature nodes of the shared factor u ~ N(0, 1)):

* ``accept[j, k]`` is P(program j would match the applicant | u = node k) with no signal: the
  probability of an interview times the probability that the interview converts to a match.
  Programs are conditionally independent given u (MODEL.md section 2).
* ``accept_gold`` / ``accept_silver`` are the same with a gold / silver signal sent.
* ``node_weights`` sum to 1, so ``accept @ node_weights`` is the marginal probability.
* Filtered programs have ``eligible[j] = False`` and rows of zeros: never chosen.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]
IntArray = NDArray[np.int_]


@dataclass(frozen=True)
class SignalPool:
    """A number of gold and silver signals shared by the specialties listed (counts are data)."""

    name: str
    specialties: tuple[str, ...]
    gold: int
    silver: int
    source: str = ""
    confidence: str = "prior"


@dataclass(frozen=True)
class ListProblem:
    """One applicant's list choice as arrays; see the module docstring for conventions."""

    codes: tuple[str, ...]  # program codes, length J
    specialty: tuple[str, ...]  # ERAS fee group / specialty code per program, length J
    accept: FloatArray  # (J, K)
    accept_gold: FloatArray  # (J, K)
    accept_silver: FloatArray  # (J, K)
    node_weights: FloatArray  # (K,), sums to 1
    eligible: BoolArray  # (J,)
    needs_pgy1: BoolArray  # (J,) advanced positions: a PGY-1 must be secured too
    supplies_pgy1: BoolArray  # (J,) transitional / preliminary years
    signal_ok: BoolArray  # (J,) program takes signals (True when unknown, with a reason shown)
    utility: FloatArray  # (J,) utility weight of a match there, 0..1 (1 = P(match) objective)
    ir_track: BoolArray  # (J,) counts toward "P(match in IR)" (416 and 415)
    has_pgy1: bool = False  # applicant already completed a PGY-1
    signal_pools: tuple[SignalPool, ...] = field(default=())

    @property
    def size(self) -> int:
        return len(self.codes)

    @cached_property
    def specialty_groups(self) -> tuple[tuple[str, ...], IntArray]:
        """The distinct specialty codes and each program's index into them."""
        names, index = np.unique(np.array(self.specialty, dtype=str), return_inverse=True)
        return tuple(str(n) for n in names), index.astype(np.int_)

    @property
    def main(self) -> BoolArray:
        """Programs that are a residency position in a target specialty (not a PGY-1-only year)."""
        return ~self.supplies_pgy1
