"""The market fit file (``data/market_fit.json``): the parameters fitted through simulation.

``matchwise calibrate`` writes it beside the parameter file; the market simulator reads the
programs' ranking noise scale from it. It records what the scale was fitted to (each target, its
source, the simulated value and the standardized residual), the runs and the seed, and the
parameter version of the model the markets were drawn from.

>>> text = market_fit_json(1.7, targets=[], runs={"416": 20}, seed=2026, version="fit-x")
>>> read_program_noise_text(text)
1.7
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

from matchwise.engine.market.marketfit import MarketFit

__all__ = [
    "FORMAT",
    "MarketFitFileError",
    "default_market_fit_path",
    "fit_to_json",
    "market_fit_json",
    "read_program_noise",
    "read_program_noise_text",
]

FORMAT = "matchwise-market-fit/1"


class MarketFitFileError(ValueError):
    """The market fit file is missing, unreadable or not in the expected format."""


def default_market_fit_path() -> Path:
    return Path(str(resources.files("matchwise.data") / "market_fit.json"))


def market_fit_json(
    program_noise: float,
    *,
    interval: tuple[float, float] | None = None,
    targets: list[dict[str, Any]],
    runs: dict[str, int],
    seed: int,
    version: str,
) -> str:
    doc = {
        "format": FORMAT,
        "parameter_version": version,
        "program_noise": program_noise,
        "program_noise_95": list(interval) if interval is not None else None,
        "fitted_to": targets,
        "runs": runs,
        "seed": seed,
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def fit_to_json(fit: MarketFit, *, seed: int, version: str) -> str:
    targets = [
        {
            "name": r.target.name,
            "pool": r.target.pool,
            "figure": r.target.figure,
            "published": r.target.value,
            "se": r.target.se,
            "simulated": r.simulated,
            "standardized": r.standardized,
            "simulated_at_scale_1": p.simulated,
            "source": r.target.source,
        }
        for r, p in zip(fit.results, fit.at_prior, strict=True)
    ]
    return market_fit_json(
        fit.program_noise,
        interval=fit.interval,
        targets=targets,
        runs=dict(fit.runs),
        seed=seed,
        version=version,
    )


def read_program_noise_text(text: str, *, origin: str = "market fit") -> float:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise MarketFitFileError(f"{origin}: not JSON ({exc})") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise MarketFitFileError(f"{origin}: not a {FORMAT} file")
    value = doc.get("program_noise")
    if not isinstance(value, int | float) or not value > 0:
        raise MarketFitFileError(f"{origin}: program_noise must be a positive number")
    return float(value)


def read_program_noise(path: Path | None = None) -> float:
    """The fitted scale of programs' ranking noise (the shipped file unless ``path``)."""
    target = path or default_market_fit_path()
    try:
        text = target.read_text(encoding="utf-8")
    except OSError as exc:
        raise MarketFitFileError(f"{target}: cannot read it ({exc.strerror})") from None
    return read_program_noise_text(text, origin=str(target))
