"""Frontmatter shape per target: a fast exact check for the common case, pydantic for everything else.

Policy (lengths, patterns, reserved words) lives in named rules; the limits appear in the pydantic models
only as JSON Schema annotations, so editors get them without pydantic enforcing them twice.
"""

from __future__ import annotations

import re
from typing import Any

from skillkit.diagnostics import Finding, Target
from skillkit.ids import RuleId
from skillkit.schema.targets import ALLOWED_KEYS, CLAUDE_CODE_ONLY_KEYS, UPLOAD_KEYS
from skillkit.words import closest, did_you_mean

_EXPECTED: dict[str, str] = {
    "allowed-tools": "a space-separated string (or a list)",
    "disallowed-tools": "a space-separated string (or a list)",
    "arguments": "a space-separated string (or a list)",
    "paths": "a glob string (or a list)",
    "metadata": "a mapping of keys to values",
    "hooks": "a mapping (hook configuration)",
    "disable-model-invocation": "a boolean (true/false)",
    "user-invocable": "a boolean (true/false)",
    "background": "a boolean (true/false)",
    "effort": "one of low, medium, high, xhigh, max",
    "context": "fork",
    "shell": "bash or powershell",
}


_REQUIRED = ("name", "description")
_BOOL_WORD = re.compile(r"^(?:true|false|yes|no|on|off|1|0)$", re.IGNORECASE)


def _is_str(v: object) -> bool:
    return type(v) is str


def _str_or_list(v: object) -> bool:
    return type(v) is str or type(v) is list and all(type(x) is str for x in v)


def _mapping(v: object) -> bool:
    return type(v) is dict and all(type(k) is str for k in v)


def _cc_bool(v: object) -> bool:
    return type(v) is bool or (type(v) is int and v in (0, 1)) or (type(v) is str and _BOOL_WORD.match(v) is not None)


def _one_of(*choices: str) -> Any:
    return lambda v: type(v) is str and v in choices


# The same shapes as models.py, as plain predicates; a test proves fast_valid(d) implies the model accepts d.
_FAST: dict[str, Any] = {
    "name": _is_str,
    "description": _is_str,
    "license": _is_str,
    "compatibility": _is_str,
    "metadata": _mapping,
    "allowed-tools": _str_or_list,
    "when_to_use": _is_str,
    "argument-hint": _is_str,
    "arguments": _str_or_list,
    "disable-model-invocation": _cc_bool,
    "user-invocable": _cc_bool,
    "disallowed-tools": _str_or_list,
    "model": _is_str,
    "effort": _one_of("low", "medium", "high", "xhigh", "max"),
    "context": _one_of("fork"),
    "agent": _is_str,
    "background": _cc_bool,
    "hooks": _mapping,
    "paths": _str_or_list,
    "shell": _one_of("bash", "powershell"),
}


def fast_valid(data: dict[str, Any], target: Target) -> bool:
    """True only when the target's model would surely accept `data`; False means: ask pydantic."""
    allowed = ALLOWED_KEYS[target]
    if target is not Target.CLAUDE_CODE and not all(k in data for k in _REQUIRED):
        return False
    for key, value in data.items():
        if key not in allowed:
            return False
        if value is None:
            if key in _REQUIRED and target is not Target.CLAUDE_CODE:
                return False
            continue
        if not _FAST[key](value):
            return False
    return True


def type_name(value: object) -> str:
    names = {bool: "a boolean", int: "a number", float: "a number", str: "a string", list: "a list", dict: "a mapping"}
    return "empty" if value is None else names.get(type(value), type(value).__name__)


def shape_findings(data: dict[str, Any], target: Target, fm_line: int, key_pos: dict[tuple[str, ...], Any]) -> list[Finding]:
    """Validate `data` against the target's model; each problem becomes one finding on its key's line."""
    if fast_valid(data, target):
        return []
    # Most wrong frontmatter holds only unknown keys (`version:`, a typo) or a plain value a string, list or mapping
    # field refuses (`name: 123`): what pydantic would say is certain, so say it without loading it (~50 ms).
    found = _sure_findings(data, target, fm_line, key_pos)
    return found if found is not None else model_findings(data, target, fm_line, key_pos)


# Fields whose model type is a strict `str`, `str | list[str]` or `dict[str, Any]`: each refuses every bool, number,
# string, list or mapping its fast predicate refuses, with one error (a union's several are one finding too).
_PLAIN_FIELDS = frozenset(key for key, test in _FAST.items() if test in (_is_str, _str_or_list, _mapping))
_PLAIN_TYPES = (bool, int, float, str, list, dict)


def _sure_findings(data: dict[str, Any], target: Target, fm_line: int, key_pos: dict[tuple[str, ...], Any]) -> list[Finding] | None:
    """The model's findings when every problem is an unknown key or a plain value of the wrong type; None: ask it."""
    allowed = ALLOWED_KEYS[target]
    out: list[Finding] = []
    for key, value in data.items():
        if key not in allowed:
            if key.replace("_", "-") in allowed:
                return None  # a field's own name (`allowed_tools`): the models accept it too (populate_by_name)
            out.append(_unknown_key(key, target, fm_line, key_pos))
        elif value is None or _FAST[key](value):
            continue  # None is missing to the model: name-missing and description-missing report it
        elif key in _PLAIN_FIELDS and type(value) in _PLAIN_TYPES:
            out.append(_type_finding(key, value, fm_line, key_pos))
        else:
            return None
    return out


def _unknown_key(key: str, target: Target, fm_line: int, key_pos: dict[tuple[str, ...], Any]) -> Finding:
    pos = key_pos.get((key,))
    return Finding(RuleId.UNKNOWN_KEY, unknown_key_message(key, target), pos.line if pos else fm_line, pos.column if pos else 1)


def model_findings(data: dict[str, Any], target: Target, fm_line: int, key_pos: dict[tuple[str, ...], Any]) -> list[Finding]:
    """What the target's pydantic model says about `data`, as findings (the reference for shape_findings)."""
    from pydantic import ValidationError

    from skillkit.schema.models import MODELS

    try:
        MODELS[target].model_validate(data)
        return []
    except ValidationError as exc:
        errors = exc.errors()
    out: list[Finding] = []
    done: set[str] = set()
    for err in errors:
        key = str(err["loc"][0]) if err["loc"] else ""
        if key in done:
            continue  # a union reports once per member; one finding per key is enough
        done.add(key)
        if err["type"] == "missing" or key in _REQUIRED and data.get(key) is None:
            continue  # name-missing / description-missing report these, with their own severities
        if err["type"] == "extra_forbidden":
            out.append(_unknown_key(key, target, fm_line, key_pos))
        else:
            out.append(_type_finding(key, data.get(key), fm_line, key_pos))
    return out


def _type_finding(key: str, value: object, fm_line: int, key_pos: dict[tuple[str, ...], Any]) -> Finding:
    pos = key_pos.get((key,))
    rule = RuleId.METADATA_TYPE if key == "metadata" else RuleId.CC_FIELD_VALUE if key in CLAUDE_CODE_ONLY_KEYS else RuleId.VALUE_TYPE
    if isinstance(value, str):
        got = repr(value[:60])
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        got = f"{type_name(value)} ({value!r})"
    else:
        got = type_name(value)
    line, col = pos.anchor() if pos else (fm_line, 1)
    return Finding(rule, f"'{key}' must be {_EXPECTED.get(key, 'a string')}, got {got}", line, col)


def unknown_key_message(key: str, target: Target) -> str:
    allowed = ALLOWED_KEYS[target]
    close = closest(key, UPLOAD_KEYS + CLAUDE_CODE_ONLY_KEYS, cutoff=0.75)
    if close and close in allowed and close != key:
        return f"unknown key '{key}': {did_you_mean(close)}"
    if target is Target.CLAUDE_CODE:
        return f"unknown key '{key}': Claude Code ignores it (move custom data under 'metadata:')"
    hint = (
        f" ('{key}' is a Claude Code key; remove it for this target)"
        if key in CLAUDE_CODE_ONLY_KEYS
        else " (move it under 'metadata:')"
    )
    return f"unknown key '{key}': {target.value} accepts only {', '.join(sorted(allowed))}{hint}"


def json_schema(target: Target) -> dict[str, Any]:
    """The published JSON Schema for one target's frontmatter."""
    from skillkit.schema.models import MODELS

    schema = MODELS[target].model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


def schema_file(target: Target) -> str:
    if target in (Target.CLAUDE_AI, Target.API):
        return "skill-frontmatter.schema.json"
    return f"skill-frontmatter.{target.value}.schema.json"
