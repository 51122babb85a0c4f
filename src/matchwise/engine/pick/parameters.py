"""The model's parameters: values, uncertainty, and draws for intervals.

A parameter is either *fitted* (by ``matchwise calibrate`` to a published figure) or a *prior*
(a documented judgement where no figure exists). Both carry a standard deviation; intervals
come from draws of all parameters together (fitted ones with their joint covariance).

>>> from matchwise.engine.pick.priors import prior_parameters
>>> prior_parameters()["signal.silver"] > 0
True
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Literal

import numpy as np

from matchwise.engine.pick.listproblem import FloatArray

Kind = Literal["fitted", "prior"]


@dataclass(frozen=True)
class Parameter:
    """One coefficient on the logit scale (unless its note says otherwise)."""

    name: str
    value: float
    sd: float
    kind: Kind
    note: str
    lower: float = -np.inf
    upper: float = np.inf


@dataclass(frozen=True)
class ModelParameters:
    """A complete, versioned parameter set."""

    version: str
    parameters: Mapping[str, Parameter]
    # Joint covariance of the fitted parameters, in the order of ``covariance_names``.
    covariance_names: tuple[str, ...] = ()
    covariance: tuple[tuple[float, ...], ...] = ()
    notes: Mapping[str, str] = field(default_factory=dict)

    def __getitem__(self, name: str) -> float:
        return self.parameters[name].value

    def __contains__(self, name: object) -> bool:
        return name in self.parameters

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self.parameters)

    def with_values(
        self, values: Mapping[str, float], *, kind: Kind | None = None
    ) -> ModelParameters:
        """A copy with some values replaced (and optionally re-labelled fitted/prior)."""
        updated = dict(self.parameters)
        for name, value in values.items():
            old = self.parameters[name]
            updated[name] = replace(old, value=float(value), kind=kind or old.kind)
        return replace(self, parameters=updated)

    def with_covariance(
        self, names: tuple[str, ...], matrix: FloatArray, *, version: str
    ) -> ModelParameters:
        """A copy with the fitted block's covariance (and each fitted sd taken from it)."""
        updated = dict(self.parameters)
        for i, name in enumerate(names):
            updated[name] = replace(updated[name], sd=float(np.sqrt(max(matrix[i, i], 0.0))))
        rows = tuple(tuple(float(x) for x in row) for row in matrix)
        return replace(
            self, parameters=updated, covariance_names=names, covariance=rows, version=version
        )

    def point(self) -> ParameterDraws:
        """The point estimate as a single 'draw'."""
        return ParameterDraws({n: np.array([p.value]) for n, p in self.parameters.items()})

    def draws(self, n: int, rng: np.random.Generator) -> ParameterDraws:
        """``n`` joint draws: fitted parameters from their covariance, priors independently.

        Each draw is clipped to the parameter's bounds.
        """
        values: dict[str, FloatArray] = {}
        if self.covariance_names:
            mean = np.array([self.parameters[k].value for k in self.covariance_names])
            cov = np.array(self.covariance, dtype=float)
            joint = rng.multivariate_normal(mean, cov, size=n, method="eigh")
            for i, name in enumerate(self.covariance_names):
                values[name] = joint[:, i]
        for name, par in self.parameters.items():
            if name not in values:
                values[name] = par.value + par.sd * rng.standard_normal(n)
        for name, par in self.parameters.items():
            values[name] = np.clip(values[name], par.lower, par.upper)
        return ParameterDraws(values)


@dataclass(frozen=True)
class ParameterDraws:
    """D values of every parameter: ``draws["signal.gold"]`` has shape (D,)."""

    values: Mapping[str, FloatArray]

    def __getitem__(self, name: str) -> FloatArray:
        return self.values[name]

    @property
    def count(self) -> int:
        return len(next(iter(self.values.values())))

    def column(self, name: str) -> FloatArray:
        """Shape (D, 1), ready to broadcast against (D, J) arrays."""
        return self.values[name][:, None]
