"""Pick's services: what the CLI calls today and the web app will call tomorrow.

Each function takes plain values (paths, numbers, codes), loads what it needs, runs the engine
and returns engine results; errors a user can fix are raised as ``UserError`` subclasses with a
message that names the file, field or option.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path

import numpy as np

from matchwise.engine.pick.fees import FeeSchedule, FeeTier
from matchwise.engine.pick.listproblem import SignalPool
from matchwise.engine.pick.parameters import ModelParameters
from matchwise.engine.pick.profile import Profile
from matchwise.engine.pick.program import Program, Specialty
from matchwise.engine.pick.recommend import PickOptions, evaluate_programs, recommend
from matchwise.engine.pick.result import Recommendation, ScenarioResult
from matchwise.formats.pick.catalog import load_demo_catalog, read_catalog
from matchwise.formats.pick.facts import (
    Facts,
    default_signal_scenario,
    load_facts,
    signal_pools,
    signal_scenarios,
)
from matchwise.formats.pick.parameters import read_parameters
from matchwise.formats.pick.profile import apply_change, read_profile
from matchwise.pick.options import OptionError, check_budget

DEFAULT_SEED = 20270320  # fixed so that the same inputs always print the same intervals


def fee_schedule(facts: Facts | None = None) -> FeeSchedule:
    """The ERAS fee schedule from the facts file (fees are data, with their season)."""
    facts = load_facts() if facts is None else facts
    fees = facts["eras_fees"]
    tiers = tuple(
        FeeTier(
            first=int(t["from"]),
            last=int(t["to"]) if "to" in t else None,
            usd_each=float(t["usd_each"]),
        )
        for t in fees["tiers"]
    )
    return FeeSchedule(
        season=str(fees["season"]),
        tiers=tiers,
        per_specialty=bool(fees["per_specialty"]),
        source=str(fees["source"]),
    )


def example_profile_path() -> Path:
    """The packaged example profile (a non-US IMG applying to IR with DR as backup)."""
    return Path(str(resources.files("matchwise.data") / "example_profile.toml"))


def load_profile(path: Path | None) -> Profile:
    return read_profile(example_profile_path() if path is None else path)


def load_catalog(
    path: Path | None, *, mapping: dict[str, str] | None = None
) -> tuple[Program, ...]:
    """The user's catalog file, or the DEMO catalog when no file is given."""
    programs = load_demo_catalog() if path is None else read_catalog(path, mapping=mapping).programs
    if not programs:
        raise OptionError("the catalog has no programs")
    return tuple(programs)


@dataclass(frozen=True)
class PickRequest:
    """Everything one pick needs, as the user gave it."""

    profile: Profile
    catalog: tuple[Program, ...]
    budget_usd: float | None = None
    max_applications: int | None = None
    only: tuple[str, ...] | None = None
    signal_pools: tuple[SignalPool, ...] | None = None  # None: the scenario's, from the facts
    signal_scenario: str | None = None  # None: the conservative default ([signals] in facts)
    objective: str | None = None  # None: utility when the profile states preferences
    ir_floor: float | None = None
    draws: int = 200
    seed: int = DEFAULT_SEED


def _check_codes(codes: Sequence[str], catalog: Sequence[Program], option: str) -> None:
    known = {p.code for p in catalog}
    missing = [c for c in codes if c not in known]
    if missing:
        raise OptionError(
            f"{option}: unknown program code{'s' if len(missing) > 1 else ''} "
            f"{', '.join(missing)} (not in the catalog)"
        )


def _options(request: PickRequest) -> PickOptions:
    # The command line's --budget and --max win over the profile's own budget.
    budget = request.budget_usd if request.budget_usd is not None else request.profile.budget_usd
    most = (
        request.max_applications
        if request.max_applications is not None
        else request.profile.max_applications
    )
    check_budget(budget, most)
    if request.only is not None:
        _check_codes(request.only, request.catalog, "--only")
    pools = (
        scenario_pools(request.signal_scenario)
        if request.signal_pools is None
        else request.signal_pools
    )
    return PickOptions(
        fees=fee_schedule(),
        budget_usd=budget,
        max_applications=most,
        objective=request.objective or ("utility" if request.profile.preferences else "p_match"),
        ir_floor=request.ir_floor,
        only=request.only,
        signal_pools=pools,
        draws=request.draws,
    )


def scenario_pools(scenario: str | None) -> tuple[SignalPool, ...]:
    """The signal pools of ``scenario`` (the conservative default when None)."""
    try:
        return signal_pools(load_facts(), scenario)
    except KeyError as exc:
        choices = ", ".join(signal_scenarios(load_facts()))
        raise OptionError(f"--ir-signals: unknown scenario {scenario!r}; choose {choices}") from exc


SCENARIO_DRAWS = 100  # the other scenario's interval: enough for a 90% interval beside it


def _scenario(name: str, label: str, result: Recommendation, chosen: bool) -> ScenarioResult:
    return ScenarioResult(
        name=name,
        label=label,
        p_match=result.p_match,
        p_match_interval=result.p_match_interval,
        p_match_ir=result.p_match_ir,
        p_match_ir_interval=result.p_match_ir_interval,
        applications=len(result.programs),
        chosen=chosen,
    )


def run_pick(request: PickRequest, params: ModelParameters | None = None) -> Recommendation:
    """The optimized, explained list for a profile, a catalog and a budget.

    When the signal counts are the facts' (not given by the user) and the profile applies to
    IR-Integrated, whether IR shares the DR signals is unknown: the pick is also run under the
    other scenario, and both P(match) come back side by side (``signal_scenarios``).
    """
    if not request.catalog:
        raise OptionError("the catalog has no programs: load one (matchwise catalog import)")
    params = read_parameters() if params is None else params
    result = recommend(
        request.profile,
        request.catalog,
        params,
        _options(request),
        rng=np.random.default_rng(request.seed),
    )
    if (
        request.signal_pools is not None
        or Specialty.IR_INTEGRATED not in request.profile.specialties
    ):
        return result
    facts = load_facts()
    chosen = request.signal_scenario or default_signal_scenario(facts)
    rows = []
    for name, (label, _) in signal_scenarios(facts).items():
        if name == chosen:
            rows.append(_scenario(name, label, result, True))
            continue
        other = replace(request, signal_scenario=name, draws=min(request.draws, SCENARIO_DRAWS))
        alternative = recommend(request.profile, request.catalog, params, _options(other),
                                rng=np.random.default_rng(request.seed))  # fmt: skip
        rows.append(_scenario(name, label, alternative, False))
    return replace(result, signal_scenarios=tuple(rows))


def run_evaluate(
    request: PickRequest,
    codes: Sequence[str],
    *,
    gold: Sequence[str] = (),
    silver: Sequence[str] = (),
    params: ModelParameters | None = None,
) -> Recommendation:
    """Score a list the user already has, in the same terms as a pick."""
    _check_codes(codes, request.catalog, "--programs")
    for option, signaled in (("--gold", gold), ("--silver", silver)):
        _check_codes(signaled, request.catalog, option)
        outside = [c for c in signaled if c not in codes]
        if outside:
            raise OptionError(f"{option}: {', '.join(outside)} is not on your list")
    params = read_parameters() if params is None else params
    return evaluate_programs(
        request.profile,
        request.catalog,
        params,
        _options(request),
        codes=tuple(codes),
        gold=tuple(gold),
        silver=tuple(silver),
        rng=np.random.default_rng(request.seed),
    )


@dataclass(frozen=True)
class WhatIf:
    change: str
    before: Recommendation
    after: Recommendation


_SIGNAL_MOVE = re.compile(r"^\s*signal\s*=\s*([^>\s]+)\s*>\s*(\S+)\s*$")
TIE_CHANGES = ("mentor", "sponsor", "rotation", "research", "observership")


def _move_signal(
    request: PickRequest, before: Recommendation, change: str, params: ModelParameters
) -> Recommendation:
    """The list of ``before`` with one signal moved from program A to program B."""
    match = _SIGNAL_MOVE.match(change)
    assert match is not None
    source, target = match.group(1), match.group(2)
    _check_codes([source, target], request.catalog, "--change")
    gold = [p.code for p in before.programs if p.signal == "gold"]
    silver = [p.code for p in before.programs if p.signal == "silver"]
    if source not in gold + silver:
        raise OptionError(
            f"--change {change!r}: {source} has no signal on this list; signaled: "
            + (", ".join(gold + silver) or "none")
        )
    if target in gold + silver:
        raise OptionError(f"--change {change!r}: {target} already has a signal")
    level = gold if source in gold else silver
    level[level.index(source)] = target
    codes = [p.code for p in before.programs]
    if target not in codes:
        codes.append(target)  # a signal goes with an application
    return run_evaluate(request, codes, gold=gold, silver=silver, params=params)


def run_whatif(
    request: PickRequest, changes: Sequence[str], params: ModelParameters | None = None
) -> WhatIf:
    """The same pick with the profile changed, or the same list with a signal moved
    (``signal=A>B``); both results, for the difference."""
    params = read_parameters() if params is None else params
    moves = [c for c in changes if _SIGNAL_MOVE.match(c)]
    edits = [c for c in changes if not _SIGNAL_MOVE.match(c)]
    if moves and edits:
        raise OptionError("--change: a signal move compares lists; give it on its own")
    if len(moves) > 1:
        raise OptionError("--change: move one signal at a time")
    before = run_pick(request, params)
    if moves:
        return WhatIf(
            change=moves[0], before=before, after=_move_signal(request, before, moves[0], params)
        )
    profile = request.profile
    for change in edits:
        profile = apply_change(profile, change)
        name, _, value = change.partition("=")
        if name.strip() in TIE_CHANGES:
            _check_codes([value.strip()], request.catalog, "--change")
    after = run_pick(replace(request, profile=profile), params)
    return WhatIf(change="; ".join(changes), before=before, after=after)
