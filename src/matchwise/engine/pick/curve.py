"""The curve of P(match) against applications and dollars, and the point of diminishing returns.

It follows the optimizer's greedy order with no budget, so every point answers "what would the
best n applications give me?" from one run (MODEL.md section 1.4).

>>> diminishing_returns([0.10, 0.20, 0.26, 0.262, 0.263], threshold=0.005)
3
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from matchwise.engine.pick.listproblem import BoolArray, FloatArray

_EPS = 1e-12


def prefix_full_match(
    accept: FloatArray,
    needs_pgy1: BoolArray,
    supplies_pgy1: BoolArray,
    weights: FloatArray,
    *,
    has_pgy1: bool,
) -> FloatArray:
    """P(full match) of every prefix of a list: ``accept`` (D, n, K) in list order -> (D, n)."""
    log_miss = np.log1p(-np.minimum(accept, 1 - _EPS))
    main = ~supplies_pgy1

    def cum(mask: BoolArray) -> FloatArray:
        out: FloatArray = np.exp(np.cumsum(np.where(mask[None, :, None], log_miss, 0.0), axis=1))
        return out

    q_c = cum(main & ~needs_pgy1)
    q_a = cum(main & needs_pgy1)
    g = np.ones_like(q_c) if has_pgy1 else 1 - cum(supplies_pgy1)
    success = 1 - q_c * (1 - (1 - q_a) * g)
    result: FloatArray = success @ weights
    return result


def diminishing_returns(values: Sequence[float], *, threshold: float) -> int | None:
    """The first list size n after which adding the next application gains less than
    ``threshold``; None if every step gains at least that much."""
    for n in range(1, len(values)):
        if values[n] - values[n - 1] < threshold:
            return n
    return None
