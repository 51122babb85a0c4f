"""The objective of a list: the expected utility of the best match, per quadrature node.

Definition (MODEL.md section 4). The applicant ranks the chosen residency positions ("main"
programs) by utility, highest first, and among equal utilities categorical before advanced.
Given the shared factor u, programs accept independently with probability ``a_j(u)``. The
applicant matches the first program on the rank list that accepts; an advanced position is
worth its utility only together with a PGY-1 year, secured with probability
``G(u) = 1 - Π_{PGY-1 years chosen} (1 - a)`` (or 1 when the applicant has done a PGY-1).
So, per node::

    E(u) = Σ_j  u_j · a_j · g_j · Π_{l ranked above j} (1 - a_l),   g_j = 1 or G(u)

With every utility 1 this is P(full match) = 1 - Q_C (1 - (1 - Q_A) G) (tested). The
objective is ``Σ_k w_k E(u_k)``.

For speed, :class:`ListState` keeps prefix sums along one fixed global order of all programs
(by utility, then categorical first), so the value of adding any one program to the current
list is computed for every candidate at once in O(J·K).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray

from matchwise.engine.pick.listproblem import BoolArray, FloatArray, ListProblem

_EPS = 1e-12


def global_order(utility: FloatArray, needs_pgy1: BoolArray) -> FloatArray:
    """Position of every program in the rank order (utility desc, categorical first)."""
    keys = np.lexsort((needs_pgy1.astype(int), -utility))
    position = np.empty(len(utility), dtype=float)
    position[keys] = np.arange(len(utility))
    return position


@dataclass(frozen=True)
class Weights:
    """The utilities of one objective over a problem's programs (0 for PGY-1 years)."""

    utility: FloatArray  # (J,)
    order: FloatArray  # (J,) position in the rank order
    ranking: NDArray[np.intp]  # programs in rank order (argsort of ``order``)
    inverse: NDArray[np.intp]  # position of each program in ``ranking``

    @classmethod
    def of(cls, problem: ListProblem, utility: FloatArray) -> Weights:
        u = np.where(problem.supplies_pgy1, 0.0, utility)
        order = global_order(u, problem.needs_pgy1)
        ranking = np.argsort(order, kind="stable")
        inverse = np.empty_like(ranking)
        inverse[ranking] = np.arange(len(ranking))
        return cls(utility=u, order=order, ranking=ranking, inverse=inverse)


@dataclass(frozen=True)
class ListState:
    """A chosen list under fixed acceptance rows, with the prefix sums for fast gains."""

    chosen: BoolArray  # (J,)
    value: float
    prefix_cat: FloatArray  # (J, K): Σ contributions of chosen categorical ranked before j
    prefix_adv: FloatArray  # (J, K): same for advanced, before the PGY-1 factor G
    prefix_survive: FloatArray  # (J, K): Π (1 - a) of chosen main programs ranked before j
    total_cat: FloatArray  # (K,)
    total_adv: FloatArray  # (K,)
    pgy1_factor: FloatArray  # (K,) G(u)
    q_pgy1: FloatArray  # (K,) Π (1 - a) over chosen PGY-1 years
    contribution: FloatArray  # (J, K): each chosen main program's term, before G for advanced


def build_state(
    problem: ListProblem, weights: Weights, accept: FloatArray, chosen: BoolArray
) -> ListState:
    """Evaluate ``chosen`` under acceptance rows ``accept`` (J, K)."""
    order = weights.ranking
    a = accept[order]
    main = (~problem.supplies_pgy1)[order] & chosen[order]
    adv = problem.needs_pgy1[order]
    log_miss = np.where(main[:, None], np.log1p(-np.minimum(a, 1 - _EPS)), 0.0)
    cum = np.cumsum(log_miss, axis=0)
    survive_before = np.exp(cum - log_miss)  # exclusive prefix product
    contrib = np.where(main[:, None], weights.utility[order][:, None] * a * survive_before, 0.0)
    cat = np.where(adv[:, None], 0.0, contrib)
    advc = np.where(adv[:, None], contrib, 0.0)
    cum_cat, cum_adv = np.cumsum(cat, axis=0), np.cumsum(advc, axis=0)
    q_p = np.exp(
        np.log1p(-np.minimum(accept[chosen & problem.supplies_pgy1], 1 - _EPS)).sum(axis=0)
    ) * np.ones(accept.shape[1])
    g = np.ones_like(q_p) if problem.has_pgy1 else 1 - q_p
    total_cat, total_adv = cum_cat[-1], cum_adv[-1]
    inverse = weights.inverse
    return ListState(
        chosen=chosen,
        value=float((total_cat + g * total_adv) @ problem.node_weights),
        prefix_cat=(cum_cat - cat)[inverse],
        prefix_adv=(cum_adv - advc)[inverse],
        prefix_survive=survive_before[inverse],
        total_cat=total_cat,
        total_adv=total_adv,
        pgy1_factor=g,
        q_pgy1=q_p,
        contribution=contrib[inverse],
    )


def values_with(
    problem: ListProblem, weights: Weights, state: ListState, rows: FloatArray
) -> FloatArray:
    """The objective after adding each program j with acceptance row ``rows[j]``: shape (J,).

    Exact for every j not already chosen (entries for chosen programs are meaningless).
    """
    g = state.pgy1_factor
    u = weights.utility[:, None]
    gj = np.where(problem.needs_pgy1[:, None], g[None, :], 1.0)
    before = state.prefix_cat + g * state.prefix_adv
    after_cat = state.total_cat - state.prefix_cat
    after_adv = state.total_adv - state.prefix_adv
    main_value = (
        before + u * rows * gj * state.prefix_survive + (1 - rows) * (after_cat + g * after_adv)
    )
    if problem.has_pgy1:
        pgy1_value = np.broadcast_to(state.total_cat + g * state.total_adv, rows.shape)
    else:
        g_new = 1 - state.q_pgy1[None, :] * (1 - rows)
        pgy1_value = state.total_cat + g_new * state.total_adv
    per_node = np.where(problem.supplies_pgy1[:, None], pgy1_value, main_value)
    out: FloatArray = per_node @ problem.node_weights
    return out


def objective_value(
    problem: ListProblem, weights: Weights, accept: FloatArray, chosen: BoolArray
) -> float:
    return build_state(problem, weights, accept, chosen).value


def full_match_per_draw(
    accept: FloatArray,
    chosen: BoolArray,
    problem: ListProblem,
    main: BoolArray | None = None,
) -> FloatArray:
    """P(full match) per draw for ``accept`` of shape (D, J, K): shape (D,).

    ``1 - Q_C (1 - (1 - Q_A) G)`` over the chosen programs; ``main`` restricts the residency
    positions counted (e.g. to IR tracks), PGY-1 years always count toward G.
    """
    main_mask = problem.main if main is None else main & problem.main
    log_miss = np.log1p(-np.minimum(accept, 1 - _EPS))

    def q(mask: BoolArray) -> FloatArray:
        out: FloatArray = np.exp(log_miss[:, chosen & mask, :].sum(axis=1))
        return out

    q_c = q(main_mask & ~problem.needs_pgy1)
    q_a = q(main_mask & problem.needs_pgy1)
    g = np.ones_like(q_c) if problem.has_pgy1 else 1 - q(problem.supplies_pgy1)
    success = 1 - q_c * (1 - (1 - q_a) * g)
    result: FloatArray = success @ problem.node_weights
    return result


def values_replacing(
    problem: ListProblem, weights: Weights, state: ListState, accept: FloatArray, rows: FloatArray
) -> FloatArray:
    """The objective after replacing each *chosen* program's row ``accept[j]`` by ``rows[j]``.

    Shape (J,); exact for chosen programs (a signal changes one row), meaningless otherwise.
    Leaves one program out in closed form: the programs ranked after j were discounted by
    ``1 - a_j``, which is divided out and replaced by ``1 - a'_j``.
    """
    g = state.pgy1_factor
    u = weights.utility[:, None]
    adv = problem.needs_pgy1[:, None]
    gj = np.where(adv, g[None, :], 1.0)
    old_c = np.where(adv, 0.0, state.contribution)
    old_a = np.where(adv, state.contribution, 0.0)
    keep = np.maximum(1 - accept, _EPS)
    after_cat = (state.total_cat - state.prefix_cat - old_c) / keep
    after_adv = (state.total_adv - state.prefix_adv - old_a) / keep
    before = state.prefix_cat + g * state.prefix_adv
    main_value = (
        before + u * rows * gj * state.prefix_survive + (1 - rows) * (after_cat + g * after_adv)
    )
    if problem.has_pgy1:
        pgy1_value = np.broadcast_to(state.total_cat + g * state.total_adv, rows.shape)
    else:
        g_new = 1 - state.q_pgy1[None, :] / keep * (1 - rows)
        pgy1_value = state.total_cat + g_new * state.total_adv
    per_node = np.where(problem.supplies_pgy1[:, None], pgy1_value, main_value)
    out: FloatArray = per_node @ problem.node_weights
    return out


def values_without(
    problem: ListProblem, weights: Weights, state: ListState, accept: FloatArray
) -> FloatArray:
    """The objective after removing each chosen program: shape (J,) (exact for chosen ones)."""
    return values_replacing(problem, weights, state, accept, np.zeros_like(accept))


def add_to_state(
    problem: ListProblem, weights: Weights, state: ListState, accept: FloatArray, j: int
) -> ListState:
    """The state with program ``j`` added, updated in O(J·K) without re-sorting or summing.

    Everything ranked after j is discounted by ``1 - a_j``; j's own term enters at its place.
    Equal to ``build_state`` on the enlarged list (tested).
    """
    chosen = state.chosen.copy()
    chosen[j] = True
    a = accept[j]
    if problem.supplies_pgy1[j]:
        q_p = state.q_pgy1 * (1 - a)
        g = np.ones_like(q_p) if problem.has_pgy1 else 1 - q_p
        value = float((state.total_cat + g * state.total_adv) @ problem.node_weights)
        return replace(state, chosen=chosen, value=value, q_pgy1=q_p, pgy1_factor=g)
    after = (weights.order > weights.order[j])[:, None]
    keep = 1 - a
    c_j = weights.utility[j] * a * state.prefix_survive[j]
    is_adv = bool(problem.needs_pgy1[j])

    def shifted(prefix: FloatArray, own: FloatArray) -> FloatArray:
        base = prefix[j] + own
        out: FloatArray = np.where(after, base + (prefix - prefix[j]) * keep, prefix)
        return out

    zero = np.zeros_like(a)
    prefix_cat = shifted(state.prefix_cat, zero if is_adv else c_j)
    prefix_adv = shifted(state.prefix_adv, c_j if is_adv else zero)
    total_cat = (
        state.prefix_cat[j]
        + (zero if is_adv else c_j)
        + (state.total_cat - state.prefix_cat[j]) * keep
    )
    total_adv = (
        state.prefix_adv[j]
        + (c_j if is_adv else zero)
        + (state.total_adv - state.prefix_adv[j]) * keep
    )
    contribution = np.where(after, state.contribution * keep, state.contribution)
    contribution[j] = c_j
    g = state.pgy1_factor
    return ListState(
        chosen=chosen,
        value=float((total_cat + g * total_adv) @ problem.node_weights),
        prefix_cat=prefix_cat,
        prefix_adv=prefix_adv,
        prefix_survive=np.where(after, state.prefix_survive * keep, state.prefix_survive),
        total_cat=total_cat,
        total_adv=total_adv,
        pgy1_factor=g,
        q_pgy1=state.q_pgy1,
        contribution=contribution,
    )


def remove_from_state(
    problem: ListProblem, weights: Weights, state: ListState, accept: FloatArray, j: int
) -> ListState:
    """The state with chosen program ``j`` removed: the inverse of :func:`add_to_state`."""
    chosen = state.chosen.copy()
    chosen[j] = False
    a = accept[j]
    keep = np.maximum(1 - a, _EPS)
    if problem.supplies_pgy1[j]:
        q_p = state.q_pgy1 / keep
        g = np.ones_like(q_p) if problem.has_pgy1 else 1 - q_p
        value = float((state.total_cat + g * state.total_adv) @ problem.node_weights)
        return replace(state, chosen=chosen, value=value, q_pgy1=q_p, pgy1_factor=g)
    after = (weights.order > weights.order[j])[:, None]
    c_j = state.contribution[j]
    is_adv = bool(problem.needs_pgy1[j])
    zero = np.zeros_like(a)

    def unshifted(prefix: FloatArray, own: FloatArray) -> FloatArray:
        out: FloatArray = np.where(after, prefix[j] + (prefix - prefix[j] - own) / keep, prefix)
        return out

    own_cat, own_adv = (zero, c_j) if is_adv else (c_j, zero)
    total_cat = state.prefix_cat[j] + (state.total_cat - state.prefix_cat[j] - own_cat) / keep
    total_adv = state.prefix_adv[j] + (state.total_adv - state.prefix_adv[j] - own_adv) / keep
    contribution = np.where(after, state.contribution / keep, state.contribution)
    contribution[j] = 0.0
    g = state.pgy1_factor
    return ListState(
        chosen=chosen,
        value=float((total_cat + g * total_adv) @ problem.node_weights),
        prefix_cat=unshifted(state.prefix_cat, own_cat),
        prefix_adv=unshifted(state.prefix_adv, own_adv),
        prefix_survive=np.where(after, state.prefix_survive / keep, state.prefix_survive),
        total_cat=total_cat,
        total_adv=total_adv,
        pgy1_factor=g,
        q_pgy1=state.q_pgy1,
        contribution=contribution,
    )
