"""Random list problems for optimizer tests: small enough to enumerate."""

import numpy as np

from matchwise.engine.pick.fees import FeeSchedule, FeeTier
from matchwise.engine.pick.listproblem import ListProblem, SignalPool
from matchwise.engine.pick.quadrature import normal_quadrature

ERAS = FeeSchedule(
    "ERAS 2026", (FeeTier(1, 30, 11.0), FeeTier(31, None, 30.0)), True, "AAMC (test copy)"
)
# A schedule whose second tier starts early, so small instances cross tiers.
STEEP = FeeSchedule("test", (FeeTier(1, 2, 11.0), FeeTier(3, None, 30.0)), True, "test")
SPECIALTIES = ("416", "420", "prelim")


def random_problem(
    rng: np.random.Generator,
    size: int,
    *,
    nodes: int = 12,
    pools: bool = False,
    has_pgy1: bool = False,
    loading: float = 1.0,
) -> ListProblem:
    """A one-factor problem: logit a_j + loading·u, with signals adding a fixed shift."""
    u, weights = normal_quadrature(nodes)
    base = rng.uniform(-4.0, 0.5, size)
    specialty = tuple(str(rng.choice(SPECIALTIES, p=[0.4, 0.4, 0.2])) for _ in range(size))
    supplies = np.array([s == "prelim" for s in specialty])
    needs = ~supplies & (rng.random(size) < 0.5)

    def accept(shift: float) -> np.ndarray:
        return 0.6 / (1 + np.exp(-(base[:, None] + shift + loading * u[None, :])))

    return ListProblem(
        codes=tuple(f"P{j}" for j in range(size)),
        specialty=specialty,
        accept=accept(0.0),
        accept_gold=accept(2.5),
        accept_silver=accept(1.8),
        node_weights=weights,
        eligible=rng.random(size) < 0.9,
        needs_pgy1=needs,
        supplies_pgy1=supplies,
        signal_ok=np.ones(size, dtype=bool),
        utility=np.round(rng.uniform(0.3, 1.0, size), 1),
        ir_track=np.array([s == "416" for s in specialty]),
        has_pgy1=has_pgy1,
        signal_pools=(SignalPool("rad", ("416", "420"), 1, 1),) if pools else (),
    )
