"""Rules on the other keys and on YAML style: compatibility, metadata, allowed-tools, license, agent, flow style, comments."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from skillkit import limits
from skillkit.diagnostics import Finding, Target
from skillkit.ids import RuleId
from skillkit.rules.base import UPLOAD, Context, E, I, W, rule
from skillkit.schema.shape import type_name


@rule(RuleId.COMPATIBILITY_LENGTH, E)
def compatibility_length(ctx: Context) -> Iterator[Finding]:
    """`compatibility`, when present, must be 1-500 characters (spec, `quick_validate.py`, Claude Code)."""
    value = (ctx.doc.data or {}).get("compatibility")
    if not isinstance(value, str):
        return
    if not value.strip():
        yield ctx.at(RuleId.COMPATIBILITY_LENGTH, "'compatibility' is empty; remove it or say what the skill needs", "compatibility")
    elif len(value) > limits.COMPATIBILITY_MAX:
        yield ctx.at(
            RuleId.COMPATIBILITY_LENGTH,
            f"compatibility too long ({len(value)} > {limits.COMPATIBILITY_MAX} characters)",
            "compatibility",
        )


def _plain_date(value: object) -> bool:
    """A YAML date without a time (`2026-01-15`): YAML reads only `YYYY-MM-DD` so, and it prints back the same."""
    if isinstance(value, (str, int, float, list, dict)) or value is None:
        return False  # what most values are: no need to import datetime (only PyYAML makes dates, and loads it)
    import datetime

    return isinstance(value, datetime.date) and not isinstance(value, datetime.datetime)


@rule(RuleId.METADATA_VALUES, W)
def metadata_values(ctx: Context) -> Iterator[Finding]:
    """A `metadata` value is not a string (`version: 1.0` is a number).

    The spec defines metadata as string keys to string values; the reference validator turns
    `1.10` into `"1.1"`. Quote it: `version: "1.10"`. An unquoted ISO date (`updated: 2026-01-15`) is
    not reported: read as a date, it turns back into the same text, so nothing is lost.
    """
    meta = (ctx.doc.data or {}).get("metadata")
    if not isinstance(meta, dict):
        return
    for key, value in meta.items():
        if not isinstance(value, str) and not _plain_date(value):
            info = ctx.doc.keys.get(("metadata", str(key)))
            line, col = info.anchor() if info else ctx.doc.key_line("metadata")
            fix = "quote it" if isinstance(value, (int, float, bool)) or value is None else "write it as one string"
            yield Finding(RuleId.METADATA_VALUES, f"metadata '{key}' is {type_name(value)}, not a string; {fix}", line, col)


@rule(
    RuleId.ALLOWED_TOOLS_FORMAT,
    W,
    targets=UPLOAD + (Target.AGENTSKILLS,),
    per_target={Target.CLAUDE_AI: E, Target.API: E},
)
def allowed_tools_format(ctx: Context) -> Iterator[Finding]:
    """`allowed-tools` is a YAML list; the spec defines a space-separated string (`Bash(git:*) Read`).

    An error for claude.ai and the API: a skill whose `allowed-tools` was the list `[Read, Write,
    Edit, Bash]` could not be imported into Claude Desktop from its zip, and imported once the value
    became a space-separated string (K-Dense-AI/scientific-agent-skills#49 and PR #58); a block list
    got "malformed YAML frontmatter in SKILL.md" (michalparkola/tapestry-skills#1). Both are user
    reports: no Anthropic page states the rule. A warning under `agentskills`, whose spec
    (agentskills.io/specification, `allowed-tools`) defines the string form. Claude Code accepts
    lists, so this is not checked under the `claude-code` target.
    """
    value = (ctx.doc.data or {}).get("allowed-tools")
    if isinstance(value, list):
        joined = " ".join(str(v) for v in value)
        if ctx.target is Target.AGENTSKILLS:
            message = f"allowed-tools is a list; the spec wants a string: allowed-tools: {joined[:60]}"
        else:
            message = (
                "allowed-tools is a list, which blocks the Claude Desktop import of the zip; "
                f"write one space-separated string: allowed-tools: {joined[:60]}"
            )
        yield ctx.at(RuleId.ALLOWED_TOOLS_FORMAT, message, "allowed-tools")


@rule(RuleId.LICENSE_FORMAT, I)
def license_format(ctx: Context) -> Iterator[Finding]:
    """`license` is over 100 characters: the spec wants a license name or the name of a bundled file."""
    value = (ctx.doc.data or {}).get("license")
    if isinstance(value, str) and len(value) > limits.LICENSE_SHORT:
        yield ctx.at(
            RuleId.LICENSE_FORMAT,
            f"license is long ({len(value)} > {limits.LICENSE_SHORT} characters); name the license or a bundled LICENSE file",
            "license",
        )


@rule(RuleId.CC_AGENT_CONTEXT, W, targets=(Target.CLAUDE_CODE,))
def cc_agent_context(ctx: Context) -> Iterator[Finding]:
    """`agent` is set without `context: fork`; Claude Code only uses the agent type for forked skills."""
    data = ctx.doc.data or {}
    if data.get("agent") is not None and data.get("context") != "fork":
        yield ctx.at(RuleId.CC_AGENT_CONTEXT, "'agent' has no effect without 'context: fork'", "agent")


@rule(RuleId.YAML_FLOW_STYLE, W, targets=(Target.AGENTSKILLS,))
def yaml_flow_style(ctx: Context) -> Iterator[Finding]:
    """A top-level value is a flow collection (`[a, b]` or `{a: b}`).

    The spec's reference validator (strictyaml) rejects flow style; write a block list or a string.
    """
    for path, info in ctx.doc.keys.items():
        if len(path) == 1 and info.style == "flow":
            yield Finding(RuleId.YAML_FLOW_STYLE, f"'{path[0]}' uses flow style; the reference validator rejects it", info.value_line, info.value_column)


_PROSE_KEYS: Final = ("name", "description", "compatibility", "when_to_use", "argument-hint", "license")


@rule(RuleId.YAML_COMMENT_IN_VALUE, W)
def yaml_comment_in_value(ctx: Context) -> Iterator[Finding]:
    """An unquoted value is cut short by ` #`, which starts a YAML comment (`description: Fixes issue #42`).

    Everything after ` #` is silently dropped. Quote the value to keep it.
    """
    for key in _PROSE_KEYS:
        info = ctx.doc.keys.get((key,))
        if info is None or info.style is not None or info.value_end_line > len(ctx.doc.lines):
            continue
        line = ctx.doc.lines[info.value_end_line - 1]
        rest = line[info.value_end_column - 1 :]
        if rest.lstrip().startswith("#") and rest[:1].isspace():
            col = info.value_end_column + (len(rest) - len(rest.lstrip()))
            dropped = rest.lstrip()[:40]
            yield Finding(RuleId.YAML_COMMENT_IN_VALUE, f"'{key}' is cut at ' #': {dropped!r} is read as a comment; quote the value", info.value_end_line, col)

