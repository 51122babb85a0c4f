"""The applicant profile file (TOML or JSON): read it, write it, change one thing in it.

Errors name the file, the field and the problem in words, one line each, and never show a
traceback. See ``docs/profile-format.md``.

>>> from matchwise.pick.service import example_profile_path
>>> read_profile(example_profile_path()).applicant_type.value
'non_us_img'
"""

from __future__ import annotations

import difflib
import json
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from matchwise.engine.profile import Profile, Tie, TieKind

SUFFIXES = (".toml", ".json")
FIELDS = tuple(Profile.model_fields)

# Short names accepted in what-if changes.
ALIASES: Mapping[str, str] = {
    "step2": "step2_score",
    "step2ck": "step2_score",
    "attempts": "exam_attempts",
    "letters": "us_ir_dr_letters",
    "ir_letters": "us_ir_dr_letters",
    "other_letters": "us_other_letters",
    "pubs": "peer_reviewed_publications",
    "publications": "peer_reviewed_publications",
    "first_author": "first_author_publications",
    "ir_pubs": "ir_publications",
    "usce": "usce_hands_on_months",
    "observership": "usce_observership_months",
    "visa": "visa_need",
}
TIE_CHANGES = {kind.value for kind in TieKind}


class ProfileError(Exception):
    """A profile that cannot be used; the message says where and why."""


def _describe(origin: str, err: Mapping[str, Any], data: Mapping[str, Any]) -> str:
    loc = ".".join(str(x) for x in err["loc"]) or "(profile)"
    kind, msg = err["type"], err["msg"]
    if kind == "extra_forbidden":
        field = str(err["loc"][-1])
        close = difflib.get_close_matches(field, FIELDS, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        return f"{origin}: unknown field '{loc}'{hint}"
    if kind == "missing":
        return f"{origin}: {loc}: required field is missing"
    value = err.get("input")
    shown = json.dumps(value) if isinstance(value, str | int | float | bool) else None
    if kind in ("less_than_equal", "greater_than_equal", "less_than", "greater_than"):
        limit = next(iter(err.get("ctx", {}).values()), "")
        word = "too high (at most" if kind.startswith("less") else "too low (at least"
        return f"{origin}: {loc}: {shown} is {word} {limit})"
    if kind == "enum":
        expected = err.get("ctx", {}).get("expected", "")
        return f"{origin}: {loc}: {shown} is not one of {expected}"
    msg = msg.removeprefix("Value error, ")
    return f"{origin}: {loc}: {msg}" + (
        f" (got {shown})" if shown and kind != "value_error" else ""
    )


def profile_from_data(data: Mapping[str, Any], *, origin: str = "profile") -> Profile:
    """Validate already-parsed data; raises ProfileError listing every problem."""
    try:
        return Profile.model_validate(dict(data))
    except ValidationError as exc:
        lines = [_describe(origin, e, data) for e in exc.errors(include_url=False)]
        raise ProfileError("\n".join(lines)) from None


def read_profile(path: Path) -> Profile:
    """Read a TOML or JSON profile."""
    origin = path.name
    if path.suffix.lower() not in SUFFIXES:
        raise ProfileError(f"{path}: a profile is a .toml or .json file")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ProfileError(f"{path}: file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ProfileError(f"{path}: cannot read ({exc.__class__.__name__})") from None
    try:
        data = tomllib.loads(text) if path.suffix.lower() == ".toml" else json.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"{origin}: TOML syntax error: {exc}") from None
    except json.JSONDecodeError as exc:
        raise ProfileError(f"{origin}: line {exc.lineno}: JSON syntax error: {exc.msg}") from None
    if not isinstance(data, dict):
        raise ProfileError(f"{origin}: the profile must be a table of fields")
    return profile_from_data(data, origin=origin)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        # TOML basic strings escape like JSON, except that DEL must be escaped too
        return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {value!r} to TOML")


def profile_to_toml(profile: Profile) -> str:
    """A TOML text that :func:`read_profile` reads back as the same profile."""
    data = profile.model_dump(mode="json", exclude_none=True)
    preferences = data.pop("preferences", {})
    ties = data.pop("ties", [])
    lines = [f"{key} = {_toml_value(value)}" for key, value in data.items()]
    if preferences:
        lines += ["", "[preferences]"]
        lines += [f"{json.dumps(k)} = {_toml_value(v)}" for k, v in preferences.items()]
    for tie in ties:
        lines += ["", "[[ties]]"]
        lines += [f"{k} = {_toml_value(v)}" for k, v in tie.items()]
    return "\n".join(lines) + "\n"


def write_profile(profile: Profile, path: Path) -> None:
    if path.suffix.lower() == ".json":
        path.write_text(profile.model_dump_json(indent=2, exclude_none=True), encoding="utf-8")
    else:
        path.write_text(profile_to_toml(profile), encoding="utf-8")


_CHANGE = re.compile(r"^\s*([a-z0-9_]+)\s*(\+=|-=|=|\+|-)\s*(.*?)\s*$")
_CHANGE_HELP = (
    "write FIELD=VALUE (step2=250, visa_need=none), FIELD+N or FIELD-N (letters+1, pubs+3), "
    "home_states+=TX, or mentor|sponsor|research|rotation|observership=PROGRAM_CODE"
)


def _number(text: str, change: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise ProfileError(
            f"what-if '{change}': {text!r} is not a number; {_CHANGE_HELP}"
        ) from None


def apply_change(profile: Profile, change: str) -> Profile:
    """The profile with one what-if change applied (re-validated)."""
    match = _CHANGE.match(change)
    if not match or not match.group(3):
        raise ProfileError(f"what-if '{change}': cannot read it; {_CHANGE_HELP}")
    name, op, text = match.group(1), match.group(2), match.group(3)
    data = profile.model_dump()
    if name in TIE_CHANGES and op == "=":
        data["ties"] = [*profile.ties, Tie(program=text, kind=TieKind(name))]
        return profile_from_data(data, origin=f"what-if '{change}'")
    field = ALIASES.get(name, name)
    if field not in FIELDS or field in ("ties", "preferences"):
        close = difflib.get_close_matches(field, [*FIELDS, *ALIASES, *TIE_CHANGES], n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        raise ProfileError(f"what-if '{change}': unknown field '{name}'{hint}; {_CHANGE_HELP}")
    current = data[field]
    if op == "+=" and isinstance(current, list | tuple):
        data[field] = [*current, text.upper() if field == "home_states" else text]
    elif op in ("+", "-"):
        if not isinstance(current, int | float) or isinstance(current, bool):
            raise ProfileError(f"what-if '{change}': {field} is not a number to add to")
        step = _number(text, change)
        value = current + step if op == "+" else current - step
        data[field] = int(value) if isinstance(current, int) and value.is_integer() else value
    elif op == "=":
        if isinstance(current, bool):
            data[field] = text.lower() in ("yes", "true", "1")
        elif isinstance(current, int) or field == "step2_score":
            data[field] = (
                None if text.lower() in ("none", "unknown") else int(_number(text, change))
            )
        elif isinstance(current, float):
            data[field] = _number(text, change)
        else:
            data[field] = text
    else:
        raise ProfileError(f"what-if '{change}': cannot read it; {_CHANGE_HELP}")
    return profile_from_data(data, origin=f"what-if '{change}'")
