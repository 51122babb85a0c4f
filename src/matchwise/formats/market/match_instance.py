"""The match instance file (JSON) and the result file: see ``docs/match.md``.

An instance lists programs (id, capacity, rank list of applicant ids, optionally where unfilled
positions revert) and applicants (id and rank list of program ids; or a partner and a list of
program pairs; optionally supplemental PGY-1 lists linked to advanced programs). Reading checks
everything and reports every problem with the file, the JSON path, the value and what was
expected; nothing is solved unless the whole file is right.

>>> loaded = parse_match_instance({
...     "programs": [{"id": "P", "capacity": 1, "rank_list": ["A", "B"]}],
...     "applicants": [{"id": "A", "rank_list": ["P"]}, {"id": "B", "rank_list": ["P"]}],
... }, source="example.json")
>>> loaded.applicant_ids, loaded.instance.market.capacity.tolist()
(['A', 'B'], [1])
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from matchwise.engine.match.deferred_acceptance import (
    Instance,
    Matching,
    make_instance,
    singles_market,
    validate_instance,
)

TOP_KEYS = ("programs", "applicants", "description")
PROGRAM_KEYS = ("id", "capacity", "rank_list", "reverts_to")
APPLICANT_KEYS = ("id", "rank_list", "partner", "paired_list", "supplemental_lists", "links")
MAX_PROBLEMS = 50


class MatchInstanceError(Exception):
    """An instance file that cannot be used; ``str()`` lists every problem, one a line."""

    def __init__(self, *problems: str) -> None:
        super().__init__("\n".join(problems))
        self.problems: tuple[str, ...] = problems


@dataclass(frozen=True)
class LoadedInstance:
    """An instance with the ids of its applicants and programs, in index order."""

    instance: Instance
    applicant_ids: list[str]
    program_ids: list[str]


class _Problems:
    def __init__(self, source: str) -> None:
        self.source = source
        self.items: list[str] = []

    def add(self, path: str, message: str) -> None:
        if len(self.items) < MAX_PROBLEMS:
            self.items.append(f"{self.source}: {path}: {message}")

    def unknown_keys(self, path: str, obj: Mapping[str, Any], allowed: tuple[str, ...]) -> None:
        for key in obj:
            if key not in allowed:
                close = difflib.get_close_matches(key, allowed, n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                self.add(f"{path}.{key}", f"unknown field{hint}; expected one of {allowed}")


def read_match_instance(path: Path) -> LoadedInstance:
    """Read and check an instance file; raises :class:`MatchInstanceError` with every problem."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise MatchInstanceError(f"{path}: cannot read the file ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise MatchInstanceError(f"{path}: not a UTF-8 text file") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise MatchInstanceError(
            f"{path}: line {exc.lineno}, column {exc.colno}: not valid JSON ({exc.msg})"
        ) from None
    return parse_match_instance(data, source=str(path))


def _id_list(
    value: Any, path: str, known: Mapping[str, int], kind: str, problems: _Problems
) -> list[int]:
    if not isinstance(value, list):
        problems.add(path, f'{value!r} should be a list of {kind} ids, like ["ID1", "ID2"]')
        return []
    out: list[int] = []
    for i, item in enumerate(value):
        if item not in known or not isinstance(item, str):
            article = "an" if kind[0] in "aeiou" else "a"
            problems.add(f"{path}[{i}]", f"{item!r} is not {article} {kind} id in {kind}s")
        elif known[item] in out:
            problems.add(f"{path}[{i}]", f"{item!r} is listed twice; rank it once")
        else:
            out.append(known[item])
    return out


def _ids(items: Any, path: str, problems: _Problems) -> dict[str, int]:
    ids: dict[str, int] = {}
    if not isinstance(items, list):
        problems.add(path, "should be a list of objects")
        return ids
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            problems.add(f"{path}[{i}]", f'{item!r} should be an object with an "id"')
            continue
        ident = item.get("id")
        if not isinstance(ident, str) or not ident:
            problems.add(f"{path}[{i}].id", f"{ident!r} should be a non-empty text id")
        elif ident in ids:
            problems.add(f"{path}[{i}].id", f"{ident!r} is used twice")
        else:
            ids[ident] = i
    return ids


def parse_match_instance(data: Any, *, source: str) -> LoadedInstance:
    """Check and convert the parsed JSON of an instance file (see :func:`read_match_instance`)."""
    problems = _Problems(source)
    if not isinstance(data, dict):
        raise MatchInstanceError(f"{source}: $: should be an object with programs and applicants")
    problems.unknown_keys("$", data, TOP_KEYS)
    for key in ("programs", "applicants"):
        if key not in data:
            problems.add("$", f"the {key!r} list is missing")
    programs, applicants = data.get("programs", []), data.get("applicants", [])
    prog_ids = _ids(programs, "programs", problems)
    app_ids = _ids(applicants, "applicants", problems)
    if problems.items:
        raise MatchInstanceError(*problems.items)
    capacity, prog_lists, reverts = _programs(programs, prog_ids, app_ids, problems)
    app_lists, couples, pair_lists, supplemental, links = _applicants(
        applicants, prog_ids, app_ids, problems
    )
    if problems.items:
        raise MatchInstanceError(*problems.items)
    market = singles_market(applicant_lists=app_lists, program_lists=prog_lists, capacity=capacity)
    try:
        instance = make_instance(
            market,
            couples=couples,
            pair_lists=pair_lists,
            supplemental_lists=supplemental,
            links=links,
            reverts_to=reverts,
        )
        validate_instance(instance)
    except ValueError as exc:
        raise MatchInstanceError(f"{source}: {exc}") from None
    return LoadedInstance(instance, list(app_ids), list(prog_ids))


def _programs(
    programs: list[Any],
    prog_ids: Mapping[str, int],
    app_ids: Mapping[str, int],
    problems: _Problems,
) -> tuple[list[int], list[list[int]], dict[int, int]]:
    capacity, lists, reverts = [], [], {}
    for i, prog in enumerate(programs):
        path = f"programs[{i}]"
        problems.unknown_keys(path, prog, PROGRAM_KEYS)
        cap = prog.get("capacity")
        if isinstance(cap, bool) or not isinstance(cap, int) or cap < 0:
            problems.add(f"{path}.capacity", f"{cap!r} should be a whole number, 0 or more")
            cap = 0
        capacity.append(cap)
        lists.append(
            _id_list(prog.get("rank_list", []), f"{path}.rank_list", app_ids, "applicant", problems)
        )
        target = prog.get("reverts_to")
        if target is not None:
            if target not in prog_ids or target == prog["id"]:
                problems.add(f"{path}.reverts_to", f"{target!r} should be another program's id")
            else:
                reverts[i] = prog_ids[target]
    return capacity, lists, reverts


def _applicants(
    applicants: list[Any],
    prog_ids: Mapping[str, int],
    app_ids: Mapping[str, int],
    problems: _Problems,
) -> tuple[
    list[list[int]],
    list[tuple[int, int]],
    list[list[tuple[int, int]]],
    list[list[int]],
    dict[tuple[int, int], int],
]:
    lists: list[list[int]] = []
    couples: list[tuple[int, int]] = []
    pair_lists: list[list[tuple[int, int]]] = []
    supplemental: list[list[int]] = []
    links: dict[tuple[int, int], int] = {}
    for a, app in enumerate(applicants):
        path = f"applicants[{a}]"
        problems.unknown_keys(path, app, APPLICANT_KEYS)
        partner = app.get("partner")
        if partner is None:
            for key in ("paired_list",):
                if key in app:
                    problems.add(f"{path}.{key}", "only a couple member (with a partner) has one")
            lists.append(
                _id_list(
                    app.get("rank_list", []), f"{path}.rank_list", prog_ids, "program", problems
                )
            )
            _supplemental(app, a, path, lists[-1], prog_ids, supplemental, links, problems)
            continue
        lists.append([])
        for key in ("rank_list", "supplemental_lists", "links"):
            if key in app:
                problems.add(f"{path}.{key}", "a couple member ranks pairs in paired_list instead")
        other = app_ids.get(partner) if isinstance(partner, str) else None
        if other is None or other == a:
            problems.add(f"{path}.partner", f"{partner!r} should be another applicant's id")
            continue
        if applicants[other].get("partner") != app["id"]:
            problems.add(
                f"{path}.partner",
                f"{partner!r} does not name {app['id']!r} as partner; both must name each other",
            )
            continue
        has_list, other_has = "paired_list" in app, "paired_list" in applicants[other]
        if has_list == other_has:
            if a < other:
                problems.add(
                    f"{path}.paired_list",
                    "exactly one member of a couple gives the couple's paired_list "
                    f"({'both' if has_list else 'neither'} of {app['id']!r} and {partner!r} do)",
                )
            continue
        if has_list:
            couples.append((a, other))
            pair_lists.append(_pairs(app["paired_list"], f"{path}.paired_list", prog_ids, problems))
    return lists, couples, pair_lists, supplemental, links


def _pairs(
    value: Any, path: str, prog_ids: Mapping[str, int], problems: _Problems
) -> list[tuple[int, int]]:
    if not isinstance(value, list):
        problems.add(path, 'should be a list of pairs, like [["P1", "P2"], ["P1", null]]')
        return []
    pairs: list[tuple[int, int]] = []
    for i, pair in enumerate(value):
        if not isinstance(pair, list) or len(pair) != 2:
            problems.add(f"{path}[{i}]", f"{pair!r} should be a pair [own program, partner's]")
            continue
        ids = []
        for j, item in enumerate(pair):
            if item is None:
                ids.append(-1)
            elif isinstance(item, str) and item in prog_ids:
                ids.append(prog_ids[item])
            else:
                problems.add(f"{path}[{i}][{j}]", f"{item!r} is not a program id (or null)")
        if len(ids) != 2:
            continue
        if ids == [-1, -1]:
            problems.add(f"{path}[{i}]", "[null, null] ranks nothing; leave it out")
        elif (ids[0], ids[1]) in pairs:
            problems.add(f"{path}[{i}]", f"{pair!r} is listed twice; rank it once")
        else:
            pairs.append((ids[0], ids[1]))
    return pairs


def _supplemental(
    app: Mapping[str, Any],
    a: int,
    path: str,
    own: list[int],
    prog_ids: Mapping[str, int],
    supplemental: list[list[int]],
    links: dict[tuple[int, int], int],
    problems: _Problems,
) -> None:
    named = app.get("supplemental_lists", {})
    if not isinstance(named, dict):
        problems.add(f"{path}.supplemental_lists", 'should be an object: {"name": ["P1", ...]}')
        return
    index = {}
    for name, lst in named.items():
        index[name] = len(supplemental)
        supplemental.append(
            _id_list(lst, f"{path}.supplemental_lists.{name}", prog_ids, "program", problems)
        )
    linked = app.get("links", {})
    if not isinstance(linked, dict):
        problems.add(f"{path}.links", 'should be an object: {"ADVANCED_PROGRAM": "list name"}')
        return
    for program, name in linked.items():
        where = f"{path}.links.{program}"
        if program not in prog_ids or prog_ids[program] not in own:
            problems.add(where, f"{program!r} should be a program on this applicant's rank_list")
        elif name not in index:
            problems.add(where, f"{name!r} is not one of this applicant's supplemental_lists")
        else:
            links[(a, prog_ids[program])] = index[name]


# ---- the result file -----------------------------------------------------------------------


def match_result(
    loaded: LoadedInstance,
    matching: Matching,
    *,
    solve_seconds: float,
    violations: list[str] | None = None,
) -> dict[str, Any]:
    """The result as JSON-ready data: a summary, then each applicant's match and each
    program's. ``violations`` (from the checker) is included when given."""
    instance = loaded.instance
    apps, progs = loaded.applicant_ids, loaded.program_ids
    program, pgy1 = matching.program, matching.pgy1
    count = np.bincount(program[program >= 0], minlength=len(progs)) + np.bincount(
        pgy1[pgy1 >= 0], minlength=len(progs)
    )
    members = instance.couples
    both = int(np.sum((program[members[:, 0]] >= 0) & (program[members[:, 1]] >= 0)))
    none = int(np.sum((program[members[:, 0]] < 0) & (program[members[:, 1]] < 0)))
    summary: dict[str, Any] = {
        "applicants": len(apps),
        "matched": int(np.sum(program >= 0)),
        "unmatched": int(np.sum(program < 0)),
        "pgy1_matched": int(np.sum(pgy1 >= 0)),
        "programs": len(progs),
        "positions": int(matching.capacity.sum()),
        "filled": int(count.sum()),
        "unfilled": int(matching.capacity.sum() - count.sum()),
        "reverted_positions": int(
            np.maximum(instance.market.capacity - matching.capacity, 0).sum()
        ),
        "couples": {
            "count": int(members.shape[0]),
            "both_matched": both,
            "one_matched": int(members.shape[0]) - both - none,
            "unmatched": none,
        },
        "outcome": matching.outcome,
        "stable": matching.stable,
        "runs": matching.runs,
        "proposals": matching.proposals,
        "solve_seconds": round(solve_seconds, 6),
    }
    result: dict[str, Any] = {"summary": summary}
    if violations is not None:
        result["check"] = {"verified": not violations, "violations": violations}
    result["applicants"] = [
        {
            "id": apps[a],
            "program": progs[program[a]] if program[a] >= 0 else None,
            "pgy1": progs[pgy1[a]] if pgy1[a] >= 0 else None,
        }
        for a in range(len(apps))
    ]
    held: list[list[str]] = [[] for _ in progs]
    for a in np.flatnonzero(program >= 0).tolist():
        held[program[a]].append(apps[a])
    for a in np.flatnonzero(pgy1 >= 0).tolist():
        held[pgy1[a]].append(apps[a])
    result["programs"] = [
        {
            "id": progs[p],
            "capacity": int(instance.market.capacity[p]),
            "final_capacity": int(matching.capacity[p]),
            "matched": held[p],
            "unfilled": int(matching.capacity[p] - count[p]),
        }
        for p in range(len(progs))
    ]
    return result


def write_match_result(path: Path, result: Mapping[str, Any]) -> None:
    """Write the result file (UTF-8 JSON, indented)."""
    path.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
