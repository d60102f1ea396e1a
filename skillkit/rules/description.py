"""Rules on the `description` key: presence, length, XML tags and angle brackets, voice, listing cap."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from skillkit import limits
from skillkit.diagnostics import Finding, Target
from skillkit.ids import RuleId
from skillkit.rules.base import UPLOAD, Context, E, I, W, rule


def _description(ctx: Context) -> str | None:
    value = (ctx.doc.data or {}).get("description")
    return value if isinstance(value, str) else None


def locate(ctx: Context, key: str, needle: str) -> tuple[int, int]:
    """Line and column of `needle` inside a key's value in the source, else the value's start."""
    info = ctx.doc.keys.get((key,))
    if info is None:
        return ctx.doc.fm_line, 1
    for line in range(info.value_line, min(info.value_end_line, len(ctx.doc.lines)) + 1):
        text = ctx.doc.lines[line - 1]
        start = info.value_column - 1 if line == info.value_line else 0
        col = text.find(needle, start)
        if col != -1:
            return line, col + 1
    return info.value_line, info.value_column


@rule(RuleId.DESCRIPTION_MISSING, E, per_target={Target.CLAUDE_CODE: W})
def description_missing(ctx: Context) -> Iterator[Finding]:
    """`description` is absent or blank.

    Required everywhere but Claude Code, which falls back to the body's first paragraph; without it
    Claude cannot know when to load the skill.
    """
    data = ctx.doc.data or {}
    if "description" not in data or data["description"] is None:
        yield Finding(RuleId.DESCRIPTION_MISSING, "required key 'description' is missing", ctx.doc.fm_line, 1)
    elif isinstance(data["description"], str) and not data["description"].strip():
        yield ctx.at(RuleId.DESCRIPTION_MISSING, "'description' is empty", "description")


@rule(RuleId.DESCRIPTION_LENGTH, E)
def description_length(ctx: Context) -> Iterator[Finding]:
    """`description` is longer than 1024 characters (counted after YAML parsing).

    claude.ai rejects it: "field 'description' in SKILL.md must be at most 1024 characters".
    """
    text = _description(ctx)
    if text is not None and len(text) > limits.DESCRIPTION_MAX:
        yield ctx.at(
            RuleId.DESCRIPTION_LENGTH,
            f"description too long ({len(text)} > {limits.DESCRIPTION_MAX} characters)",
            "description",
        )


@rule(RuleId.DESCRIPTION_XML, E, targets=UPLOAD)
def description_xml(ctx: Context) -> Iterator[Finding]:
    """`description` contains something that looks like an XML tag (`<service>`, `</b>`, `Span<T>`).

    claude.ai and the API reject it ("SKILL.md description cannot contain XML tags"), even inside
    backticks. Write the word without angle brackets.
    """
    text = _description(ctx)
    match = limits.XML_TAG_RE.search(text) if text else None
    if match:
        line, col = locate(ctx, "description", match.group(0))
        yield Finding(RuleId.DESCRIPTION_XML, f"description contains an XML tag {match.group(0)!r}", line, col)


@rule(RuleId.DESCRIPTION_ANGLE_BRACKETS, W, targets=(Target.CLAUDE_AI,))
def description_angle_brackets(ctx: Context) -> Iterator[Finding]:
    """`description` contains `<` or `>` that is not a tag (`< 100 rows`, `->`).

    Anthropic's `package_skill.py` / `quick_validate.py` refuse any angle bracket in the description,
    so a `.skill` built with them fails. Write "less than" or an arrow character instead.
    """
    text = _description(ctx)
    if not text or limits.XML_TAG_RE.search(text):
        return
    for ch in "<>":
        if ch in text:
            line, col = locate(ctx, "description", ch)
            yield Finding(RuleId.DESCRIPTION_ANGLE_BRACKETS, f"description contains {ch!r}; Anthropic's packager rejects angle brackets", line, col)
            return


_FIRST_PERSON: Final = re.compile(r"^(?:I|I'm|I'll|I can|I will|We|We'll|We can|You|You can|You'll|Your)\b")


@rule(RuleId.DESCRIPTION_PERSON, I, targets=UPLOAD + (Target.AGENTSKILLS,))
def description_person(ctx: Context) -> Iterator[Finding]:
    """`description` is written in the first or second person ("I can help", "You can use").

    The description is injected into the system prompt; Anthropic's best practices ask for the third
    person ("Processes Excel files...").
    """
    text = _description(ctx)
    if text and _FIRST_PERSON.match(text.strip()):
        word = text.strip().split()[0]
        yield ctx.at(RuleId.DESCRIPTION_PERSON, f"description starts with {word!r}; write it in the third person", "description")


@rule(RuleId.DESCRIPTION_LISTING_CAP, W, targets=(Target.CLAUDE_CODE,))
def description_listing_cap(ctx: Context) -> Iterator[Finding]:
    """`description` plus `when_to_use` is over 1,536 characters: Claude Code truncates it in the skill listing."""
    data = ctx.doc.data or {}
    total = sum(len(v) for v in (data.get("description"), data.get("when_to_use")) if isinstance(v, str))
    if total > limits.LISTING_CAP:
        yield ctx.at(
            RuleId.DESCRIPTION_LISTING_CAP,
            f"description + when_to_use too long for the Claude Code listing ({total} > {limits.LISTING_CAP} characters)",
            "description",
        )
