"""The versioned parameter file: every coefficient, its uncertainty, and the fit's residuals.

``matchwise calibrate`` writes it; every pick reads it and reports its version, so a saved
result can be traced to the parameters that produced it.

>>> from matchwise.engine.pick.priors import prior_parameters
>>> params_from_json(params_to_json(prior_parameters())).version
'prior-2'
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from matchwise.engine.pick.calibration import CalibrationResult
from matchwise.engine.pick.parameters import ModelParameters, Parameter
from matchwise.engine.pick.validation import TargetCheck, Validation

FORMAT = "matchwise-parameters/1"


class ParameterFileError(Exception):
    """The parameter file is missing, unreadable or not in the expected format."""


def _number(x: float) -> float | str:
    # JSON has no infinity: write unbounded limits as strings.
    return x if np.isfinite(x) else ("inf" if x > 0 else "-inf")


def params_to_json(params: ModelParameters, calibration: dict[str, Any] | None = None) -> str:
    """Serialise a parameter set (and optionally the calibration's record) to JSON text."""
    doc: dict[str, Any] = {
        "format": FORMAT,
        "version": params.version,
        "parameters": [
            {
                "name": p.name,
                "value": p.value,
                "sd": p.sd,
                "kind": p.kind,
                "note": p.note,
                "lower": _number(p.lower),
                "upper": _number(p.upper),
            }
            for p in params.parameters.values()
        ],
        "covariance": {"names": list(params.covariance_names), "matrix": params.covariance},
        "notes": dict(params.notes),
    }
    if calibration is not None:
        doc["calibration"] = calibration
    return json.dumps(doc, indent=1, ensure_ascii=False, default=_plain) + "\n"


def _plain(value: object) -> object:
    """NumPy scalars that reach the record, as plain JSON numbers and booleans."""
    if isinstance(value, np.generic):
        return value.item()
    raise TypeError(f"{type(value).__name__} is not JSON-serializable")


def params_from_json(text: str, *, origin: str = "parameter file") -> ModelParameters:
    """Parse what :func:`params_to_json` wrote; raises ParameterFileError with the reason."""
    try:
        doc = json.loads(text)
        if doc.get("format") != FORMAT:
            raise ParameterFileError(f"{origin}: not a {FORMAT} file")
        parameters = {
            row["name"]: Parameter(
                name=row["name"],
                value=float(row["value"]),
                sd=float(row["sd"]),
                kind=row["kind"],
                note=row["note"],
                lower=float(row["lower"]),
                upper=float(row["upper"]),
            )
            for row in doc["parameters"]
        }
        cov = doc["covariance"]
        return ModelParameters(
            version=str(doc["version"]),
            parameters=parameters,
            covariance_names=tuple(cov["names"]),
            covariance=tuple(tuple(float(x) for x in row) for row in cov["matrix"]),
            notes=dict(doc.get("notes", {})),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ParameterFileError(f"{origin}: malformed ({exc})") from exc


def _check_row(check: TargetCheck, predicted_key: str) -> dict[str, Any]:
    t = check.target
    return {
        "name": t.name,
        "pool": t.specialty,
        "metric": t.metric,
        "published": t.value,
        predicted_key: check.predicted,
        "low": check.low,
        "high": check.high,
        "inside": check.inside,
        "source": t.source,
        "confidence": t.confidence,
    }


def validation_record(validation: Validation, result: CalibrationResult) -> dict[str, Any]:
    """The posterior predictive check, the leave-one-out predictions and the DR ranks curves,
    as ``matchwise model-card --json`` and the validation page read them."""
    published = [
        {"applicant_type": f.target.metric.split(".")[1],
         "ranks": int(f.target.metric.split(".")[2]), "p_match": f.target.value,
         "label": f"published: {f.target.value:.0%} at {f.target.metric.split('.')[2]}",
         "source": f"{f.target.source} ({f.target.confidence})"}
        for f in result.fits
        if f.target.metric.startswith("p_match_by_ranks.") and f.target.specialty == "420"
    ]  # fmt: skip
    predictive, loo = validation.predictive, validation.leave_one_out
    return {
        "draws": validation.draws,
        "posterior_predictive": {
            "inside": Validation.inside_count(predictive),
            "targets": len(predictive),
            "share_inside": Validation.share_inside(predictive),
            "checks": [_check_row(c, "model") for c in predictive],
        },
        "leave_one_out": {
            "inside": Validation.inside_count(loo),
            "targets": len(loo),
            "share_inside": Validation.share_inside(loo),
            "checks": [_check_row(c, "predicted") for c in loo],
        },
        "ranks": [
            {
                "applicant_type": r.applicant_type,
                "ranks": r.ranks,
                "p_match": r.p_match,
                "low": r.low,
                "high": r.high,
            }
            for r in validation.ranks
        ],
        "published_ranks": published,
    }


def calibration_record(
    result: CalibrationResult, validation: Validation | None = None
) -> dict[str, Any]:
    """The fit's inputs and residuals (and its validation), kept next to the parameters they
    produced."""
    record: dict[str, Any] = {
        "converged": result.converged,
        "message": result.message,
        "targets": [
            {
                "name": f.target.name,
                "pool": f.target.specialty,
                "metric": f.target.metric,
                "target": f.target.value,
                "model": f.model,
                "residual": f.residual,
                "standardized": f.standardized,
                "source": f.target.source,
                "confidence": f.target.confidence,
            }
            for f in result.fits
        ],
    }
    if validation is not None:
        record["validation"] = validation_record(validation, result)
    return record


def read_parameters(path: Path | None = None) -> ModelParameters:
    """The shipped parameter file, or the one at ``path``."""
    if path is None:
        resource = resources.files("matchwise.data") / "parameters.json"
        return params_from_json(resource.read_text(encoding="utf-8"), origin="parameters.json")
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ParameterFileError(f"{path}: cannot read ({exc.strerror})") from exc
    return params_from_json(text, origin=str(path))


def read_calibration_record(path: Path | None = None) -> dict[str, Any]:
    """The calibration record stored in the parameter file (empty if it has none)."""
    if path is None:
        resource = resources.files("matchwise.data") / "parameters.json"
        text = resource.read_text(encoding="utf-8")
    else:
        text = path.read_text(encoding="utf-8")
    record: dict[str, Any] = json.loads(text).get("calibration", {})
    return record


def write_parameters(
    params: ModelParameters, path: Path, calibration: dict[str, Any] | None = None
) -> None:
    path.write_text(params_to_json(params, calibration), encoding="utf-8")
