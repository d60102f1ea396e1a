"""The pydantic models of the frontmatter per target: types, required and unknown keys, and JSON Schema annotations.

Imported only when a frontmatter needs them (a type problem to explain, or a schema to print):
pydantic costs tens of milliseconds at start-up.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from skillkit import limits
from skillkit.diagnostics import Target

BOOL_WORD_PATTERN = r"^(?i:true|false|yes|no|on|off|1|0)$"
_BOOL_WORD = Annotated[str, StringConstraints(pattern=BOOL_WORD_PATTERN)]
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

