"""Frontmatter shape per target as pydantic models (types, required and unknown keys) and their JSON Schemas.

Policy (lengths, patterns, reserved words) lives in named rules; the limits appear here only as JSON
Schema annotations, so editors get them without pydantic enforcing them twice.
"""

from __future__ import annotations

import difflib
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from . import limits
from .diagnostics import Finding, Target
from .targets import ALLOWED_KEYS, CLAUDE_CODE_ONLY_KEYS, UPLOAD_KEYS

_BOOL_WORD = Annotated[str, StringConstraints(pattern=r"^(?i:true|false|yes|no|on|off|1|0)$")]
CCBool = bool | Literal[0, 1] | _BOOL_WORD
StrOrList = str | list[str]


def _text(max_length: int | None = None, pattern: str | None = None, doc: str = "") -> Any:
    extra: dict[str, Any] = {}
    if max_length is not None:
        extra["maxLength"] = max_length
        extra["minLength"] = 1
    if pattern is not None:
        extra["pattern"] = pattern
    return Field(default=None, description=doc, json_schema_extra=extra or None)


class UploadFrontmatter(BaseModel):
    """The six keys claude.ai uploads, the Skills API and the open spec accept."""

    model_config = ConfigDict(extra="forbid", strict=True, populate_by_name=True, title="SKILL.md frontmatter")

    name: str = Field(
        description="Lowercase letters, digits and single hyphens; equals the skill's folder name.",
        json_schema_extra={"maxLength": limits.NAME_MAX, "minLength": 1, "pattern": limits.NAME_PATTERN},
    )
    description: str = Field(
        description="What the skill does and when to use it, in the third person; no XML tags.",
        json_schema_extra={"maxLength": limits.DESCRIPTION_MAX, "minLength": 1},
    )
    license: str | None = _text(doc="A license name or the name of a bundled license file.")
    compatibility: str | None = _text(limits.COMPATIBILITY_MAX, doc="Environment requirements.")
    metadata: dict[str, Any] | None = Field(default=None, description="Free-form map of string keys to string values.")
    allowed_tools: StrOrList | None = Field(
        default=None, alias="allowed-tools", description="Space-separated tools pre-approved for the skill."
    )


class AgentSkillsFrontmatter(UploadFrontmatter):
    """The open Agent Skills spec: the same keys; the reference validator allows Unicode lowercase names."""

    model_config = ConfigDict(title="SKILL.md frontmatter (Agent Skills spec)")

    name: str = Field(
        description="Lowercase letters (any script), digits and single hyphens; equals the folder name.",
        json_schema_extra={"maxLength": limits.NAME_MAX, "minLength": 1},
    )


class ClaudeCodeFrontmatter(UploadFrontmatter):
    """Every key Claude Code documents; all are optional there."""

    model_config = ConfigDict(title="SKILL.md frontmatter (Claude Code)")

    name: str | None = Field(default=None, description="Label; defaults to the folder name.")  # type: ignore[assignment]
    description: str | None = Field(  # type: ignore[assignment]
        default=None, description="Recommended; the first body paragraph is used when missing."
    )
    when_to_use: str | None = Field(default=None, description="Appended to the description in the listing.")
    argument_hint: str | None = Field(default=None, alias="argument-hint")
    arguments: StrOrList | None = None
    disable_model_invocation: CCBool | None = Field(default=None, alias="disable-model-invocation")
    user_invocable: CCBool | None = Field(default=None, alias="user-invocable")
    disallowed_tools: StrOrList | None = Field(default=None, alias="disallowed-tools")
    model: str | None = None
    effort: Literal["low", "medium", "high", "xhigh", "max"] | None = None
    context: Literal["fork"] | None = None
    agent: str | None = None
    background: CCBool | None = None
    hooks: dict[str, Any] | None = None
    paths: StrOrList | None = None
    shell: Literal["bash", "powershell"] | None = None


MODELS: dict[Target, type[UploadFrontmatter]] = {
    Target.CLAUDE_AI: UploadFrontmatter,
    Target.API: UploadFrontmatter,
    Target.AGENTSKILLS: AgentSkillsFrontmatter,
    Target.CLAUDE_CODE: ClaudeCodeFrontmatter,
}

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


def type_name(value: object) -> str:
    names = {bool: "a boolean", int: "a number", float: "a number", str: "a string", list: "a list", dict: "a mapping"}
    return "empty" if value is None else names.get(type(value), type(value).__name__)


def shape_findings(data: dict[str, Any], target: Target, fm_line: int, key_pos: dict[tuple[str, ...], Any]) -> list[Finding]:
    """Validate `data` against the target's model; each problem becomes one finding on its key's line."""
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
        pos = key_pos.get((key,))
        if err["type"] == "missing":
            out.append(Finding(f"{key}-missing", f"required key '{key}' is missing", fm_line, 1))
        elif err["type"] == "extra_forbidden":
            out.append(Finding("unknown-key", unknown_key_message(key, target), pos.line if pos else fm_line, pos.column if pos else 1))
        else:
            value = data.get(key)
            rule = "metadata-type" if key == "metadata" else "cc-field-value" if key in CLAUDE_CODE_ONLY_KEYS else "value-type"
            if isinstance(value, str):
                got = repr(value[:60])
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                got = f"{type_name(value)} ({value!r})"
            else:
                got = type_name(value)
            line, col = pos.anchor() if pos else (fm_line, 1)
            out.append(Finding(rule, f"'{key}' must be {_EXPECTED.get(key, 'a string')}, got {got}", line, col))
    return out


def unknown_key_message(key: str, target: Target) -> str:
    allowed = ALLOWED_KEYS[target]
    close = difflib.get_close_matches(key, UPLOAD_KEYS + CLAUDE_CODE_ONLY_KEYS, n=1, cutoff=0.75)
    if close and close[0] in allowed and close[0] != key:
        return f"unknown key '{key}': did you mean '{close[0]}'?"
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
    schema = MODELS[target].model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


def schema_file(target: Target) -> str:
    if target in (Target.CLAUDE_AI, Target.API):
        return "skill-frontmatter.schema.json"
    return f"skill-frontmatter.{target.value}.schema.json"
