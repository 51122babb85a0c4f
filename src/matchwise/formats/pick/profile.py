"""The applicant profile file (TOML or JSON): read it, write it, change one thing in it.

Errors name the file, the field and the problem in words, one line each, and never show a
traceback. See ``docs/profile-format.md``.

``read_profile(Path("my-profile.toml"))`` gives a :class:`Profile`; a what-if changes it:

>>> p = Profile(applicant_type="non_us_img", match_year=2027, graduation_year=2022,
...             specialties=["416"], step2_score=245)
>>> apply_change(p, "step2=250").step2_score
250
"""

from __future__ import annotations

import difflib
import json
import re
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import NoneType, UnionType
from typing import Any, Literal, Union, get_args, get_origin

from pydantic import ValidationError

from matchwise.engine.pick.profile import Profile, Tie, TieKind

SUFFIXES = (".toml", ".json")
FIELDS = tuple(Profile.model_fields)

# Short names accepted in what-if changes (documented in docs/profile-format.md).
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
    "observership": "usce_observership_months",  # with =PROGRAM_CODE it adds a tie instead
    "visa": "visa_need",
    "states": "home_states",
    "budget": "budget_usd",
}
TIE_CHANGES = frozenset(kind.value for kind in TieKind)


class ProfileError(Exception):
    """A profile that cannot be used; ``str()`` lists every problem, one a line."""

    def __init__(self, *problems: str) -> None:
        super().__init__("\n".join(problems))
        self.problems: tuple[str, ...] = problems


# ---- reading -------------------------------------------------------------------------------

# Pydantic's error types, said in words a first-time applicant understands.
_PLAIN: Mapping[str, str] = {
    "int_type": "should be a whole number",
    "int_parsing": "should be a whole number",
    "int_from_float": "should be a whole number",
    "float_type": "should be a number",
    "float_parsing": "should be a number",
    "finite_number": "should be a finite number",
    "bool_type": "should be true or false",
    "bool_parsing": "should be true or false",
    "string_type": "should be text in quotes",
    "string_too_short": "must not be empty",
    "tuple_type": 'should be a list in square brackets, like ["416", "420"]',
    "list_type": 'should be a list in square brackets, like ["416", "420"]',
    "too_short": "must list at least one",
    "dict_type": "should be a table of fields",
    "model_type": "should be a table of fields",
}
_LIMITS: Mapping[str, str] = {
    "le": "too high (at most",
    "lt": "too high (below",
    "ge": "too low (at least",
    "gt": "too low (above",
}


def _where(loc: Sequence[str | int]) -> str:
    """``("ties", 0, "kind")`` -> ``ties[1].kind``: list positions count from 1, as people do."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part + 1}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def _shown(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # pydantic reports limits as floats: "at most 300", not 300.0
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 60 else text[:57] + "..."


def _choices(expected: str) -> str:
    """Pydantic's ``'a', 'b' or 'c'`` as ``a, b, c``; a choice with a space keeps its quotes."""
    values = re.findall(r"'([^']*)'", expected)
    return ", ".join(f'"{v}"' if " " in v else v for v in values)


def _did_you_mean(loc: Sequence[str | int]) -> str:
    name = str(loc[-1])
    if len(loc) == 1 and name in ALIASES:  # a what-if short name is not a file field
        return f"; did you mean '{ALIASES[name]}'?"
    known: Sequence[str] = tuple(Tie.model_fields) if loc[0] == "ties" else FIELDS
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.5)
    return (
        f"; did you mean '{close[0]}'?" if close else " (the fields are in docs/profile-format.md)"
    )


def _describe(origin: str, err: Mapping[str, Any]) -> str:
    loc: tuple[str | int, ...] = tuple(err["loc"])
    where = f"{_where(loc)}: " if loc else ""
    kind, ctx = str(err["type"]), err.get("ctx") or {}
    value = _shown(err.get("input"))
    if kind == "extra_forbidden":
        return f"{origin}: unknown field '{_where(loc)}'{_did_you_mean(loc)}"
    if kind == "missing":
        return f"{origin}: {where}required field is missing"
    if kind == "enum":
        return f"{origin}: {where}{value} is not one of {_choices(ctx.get('expected', ''))}"
    limit = next((k for k in _LIMITS if k in ctx), None)
    if limit is not None:
        return f"{origin}: {where}{value} is {_LIMITS[limit]} {_shown(ctx[limit])})"
    if kind in _PLAIN:
        return f"{origin}: {where}{value} {_PLAIN[kind]}"
    return f"{origin}: {where}{str(err['msg']).removeprefix('Value error, ')}"


def profile_from_data(data: Mapping[str, Any], *, origin: str = "profile") -> Profile:
    """Validate already-parsed data; raises ProfileError listing every problem."""
    try:
        return Profile.model_validate(dict(data))
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        # A list whose only item is bad is also "too short" after validation: say it once.
        items = {e["loc"][:-1] for e in errors if len(e["loc"]) > 1}
        errors = [e for e in errors if not (e["type"] == "too_short" and e["loc"] in items)]
        raise ProfileError(*(_describe(origin, e) for e in errors)) from None


# tomllib (Python 3.11) puts the position only in its message: "... (at line 4, column 7)".
_TOML_AT = re.compile(r"\s*\((?:at line (\d+), column (\d+)|at end of document)\)$")
_TOML_HINTS = {
    "Invalid value": 'text needs quotes, like visa_need = "J-1"',
    "Illegal character '\\n'": "a text value is missing its closing quote",
    "Cannot overwrite a value": "a field is given twice",
}


def _toml_problem(origin: str, exc: tomllib.TOMLDecodeError) -> str:
    message = str(exc)
    at = _TOML_AT.search(message)
    what = message[: at.start()] if at else message
    line = f"line {at.group(1)}: " if at and at.group(1) else ""
    column = f" (column {at.group(2)})" if at and at.group(2) else ""
    hint = next((f"; {h}" for k, h in _TOML_HINTS.items() if what.startswith(k)), "")
    return f"{origin}: {line}TOML syntax error: {what}{column}{hint}"


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")  # -sig: Windows editors add a BOM
    except FileNotFoundError:
        raise ProfileError(f"{path}: file not found") from None
    except IsADirectoryError:
        raise ProfileError(f"{path}: is a folder, not a profile file") from None
    except PermissionError:
        raise ProfileError(f"{path}: cannot read the file (permission denied)") from None
    except UnicodeDecodeError:
        raise ProfileError(f"{path}: cannot read the file (not UTF-8 text)") from None
    except OSError as exc:
        raise ProfileError(f"{path}: cannot read the file ({exc.strerror})") from None


def read_profile(path: Path) -> Profile:
    """Read a TOML or JSON profile; raises ProfileError naming the file, field and problem."""
    suffix, origin = path.suffix.lower(), path.name
    if suffix not in SUFFIXES:
        raise ProfileError(f"{path}: a profile is a .toml or .json file")
    text = _read_text(path)
    try:
        data = tomllib.loads(text) if suffix == ".toml" else json.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(_toml_problem(origin, exc)) from None
    except json.JSONDecodeError as exc:
        raise ProfileError(f"{origin}: line {exc.lineno}: JSON syntax error: {exc.msg}") from None
    if not isinstance(data, dict):
        raise ProfileError(f"{origin}: the profile must be a table of fields ({{...}} in JSON)")
    return profile_from_data(data, origin=origin)


# ---- writing -------------------------------------------------------------------------------


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):  # before int: a bool is an int in Python
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)  # repr gives 4.0, 1e+20, inf, nan: all valid TOML
    if isinstance(value, str):
        # TOML basic strings escape like JSON, except that DEL must be escaped too
        return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {value!r} to TOML")


def profile_to_toml(profile: Profile) -> str:
    """A TOML text that :func:`read_profile` reads back as the same profile."""
    # None is "not given": TOML has no null, so the key is left out (the default is None).
    data = profile.model_dump(mode="json", exclude_none=True)
    preferences = data.pop("preferences", {})
    ties = data.pop("ties", [])
    lines = ["# MatchWise profile; the fields are explained in docs/profile-format.md", ""]
    # Plain keys first: in TOML every key after a [table] header belongs to that table.
    lines += [f"{key} = {_toml_value(value)}" for key, value in data.items()]
    if preferences:
        lines += ["", "[preferences]"]
        lines += [f"{json.dumps(k)} = {_toml_value(v)}" for k, v in preferences.items()]
    for tie in ties:
        lines += ["", "[[ties]]"]
        lines += [f"{k} = {_toml_value(v)}" for k, v in tie.items()]
    return "\n".join(lines) + "\n"


def write_profile(profile: Profile, path: Path) -> None:
    """Write ``profile`` as TOML or JSON (by suffix); :func:`read_profile` reads it back equal."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ProfileError(f"{path}: a profile is written as a .toml or .json file")
    if suffix == ".json":
        text = profile.model_dump_json(indent=2, exclude_none=True) + "\n"
    else:
        text = profile_to_toml(profile)
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise ProfileError(f"{path}: cannot write the file ({exc.strerror})") from None


# ---- what-if changes -----------------------------------------------------------------------

_CHANGE = re.compile(r"^\s*([A-Za-z][A-Za-z0-9_]*)\s*(\+=|-=|=|\+|-)\s*(.*?)\s*$")
_CHANGE_HELP = (
    "write FIELD=VALUE (step2=250, visa_need=none), FIELD+N or FIELD-N (letters+1, pubs+3), "
    "home_states+=TX or home_states-=TX, or mentor|sponsor|research|rotation|observership="
    "PROGRAM_CODE"
)
_YES, _NO = ("yes", "true", "1", "y"), ("no", "false", "0", "n")
_NOTHING = ("none", "unknown", "")

Kind = Literal["bool", "int", "float", "list", "text"]


def _kind_of(field: str) -> tuple[Kind, bool]:
    """What a field holds, read from the Profile's own annotation, and whether None is allowed."""
    annotation = Profile.model_fields[field].annotation
    optional = False
    if get_origin(annotation) in (Union, UnionType):
        args = [a for a in get_args(annotation) if a is not NoneType]
        optional, annotation = True, args[0]
    if annotation is bool:
        return "bool", optional
    if annotation is int:
        return "int", optional
    if annotation is float:
        return "float", optional
    if get_origin(annotation) is tuple:
        return "list", optional
    return "text", optional


def _number(text: str, change: str) -> int | float:
    try:
        return int(text)
    except ValueError:
        pass
    try:
        # a float for a whole-number field is refused later, in words, by the validation
        return float(text)
    except ValueError:
        raise ProfileError(
            f"what-if '{change}': {text!r} is not a number; {_CHANGE_HELP}"
        ) from None


def _add_tie(profile: Profile, kind: str, program: str, change: str) -> Profile:
    tie = Tie(program=program, kind=TieKind(kind))
    if any((t.program, t.kind) == (tie.program, tie.kind) for t in profile.ties):
        return profile  # the same tie twice would count twice
    data = profile.model_dump()
    data["ties"] = [*profile.ties, tie]
    return profile_from_data(data, origin=f"what-if '{change}'")


def _unknown(name: str, change: str) -> ProfileError:
    close = difflib.get_close_matches(name, [*FIELDS, *ALIASES, *TIE_CHANGES], n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    return ProfileError(f"what-if '{change}': unknown field '{name}'{hint}; {_CHANGE_HELP}")


def _set(field: str, text: str, change: str) -> Any:
    kind, optional = _kind_of(field)
    if optional and text.lower() in _NOTHING:
        return None
    if kind == "bool":
        if text.lower() not in (*_YES, *_NO):
            raise ProfileError(f"what-if '{change}': {field} takes yes or no, not {text!r}")
        return text.lower() in _YES
    if kind in ("int", "float"):
        return _number(text, change)
    if kind == "list":
        return [item.strip() for item in text.split(",") if item.strip()]
    return text


def _step(field: str, current: Any, op: str, text: str, change: str) -> Any:
    kind, _ = _kind_of(field)
    if kind == "list":
        item = text.upper() if field == "home_states" else text
        if op == "+=":
            return current if item in current else [*current, item]
        if op == "-=":
            if item not in current:
                raise ProfileError(f"what-if '{change}': {text!r} is not in {field}")
            return [x for x in current if x != item]
        raise ProfileError(f"what-if '{change}': add to a list with +=, remove with -=")
    if kind not in ("int", "float"):
        raise ProfileError(f"what-if '{change}': {field} is not a number to add to")
    if current is None:
        raise ProfileError(
            f"what-if '{change}': {field} has no value yet; set it with {field}=VALUE"
        )
    step = _number(text, change)
    return current + step if op.startswith("+") else current - step


def apply_change(profile: Profile, change: str) -> Profile:
    """The profile with one what-if change applied, re-validated as a whole.

    Forms: ``FIELD=VALUE``, ``FIELD+N``/``FIELD-N`` (or ``+=``/``-=``), ``LIST+=ITEM``,
    ``LIST-=ITEM``, and ``KIND=PROGRAM_CODE`` to add a tie (mentor, sponsor, research, rotation,
    observership). A result out of range raises ProfileError like a bad file would.
    """
    match = _CHANGE.match(change)
    if not match or not match.group(3):
        raise ProfileError(f"what-if '{change}': cannot read it; {_CHANGE_HELP}")
    name, op, text = match.group(1).lower(), match.group(2), match.group(3)
    if name in TIE_CHANGES and op == "=":
        return _add_tie(profile, name, text, change)
    field = ALIASES.get(name, name)
    if field not in FIELDS:
        raise _unknown(name, change)
    if field in ("ties", "preferences"):
        raise ProfileError(
            f"what-if '{change}': change {field} in the profile file; a what-if adds a tie with "
            "mentor|sponsor|research|rotation|observership=PROGRAM_CODE"
        )
    data = profile.model_dump()
    if op == "=":
        data[field] = _set(field, text, change)
    else:
        data[field] = _step(field, data[field], op, text, change)
    return profile_from_data(data, origin=f"what-if '{change}'")
