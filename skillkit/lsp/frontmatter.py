"""Help in the frontmatter: hover on a key (what it means for the document's target, its type and limits) and
completion (the keys the target accepts, the values of closed sets).

Types, closed sets, required keys and lengths come from the target's published JSON Schema
(skillkit.schema.shape.json_schema, the `skillkit schema` output); which keys a target accepts from
skillkit.schema.targets; the numbers from skillkit.limits. What each key does is said here, once, for the editor.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Final

from lsprotocol import types

from skillkit import limits
from skillkit.diagnostics import Target
from skillkit.lsp.convert import Text, index, units

# What each key does, in the words of the platform that reads it.
MEANING: Final[dict[str, str]] = {
    "name": (
        "The skill's identifier: lowercase letters, digits and single hyphens, equal to the skill's folder name, "
        f"without the reserved words {' or '.join(limits.RESERVED_WORDS)}. Claude Code uses it as the `/name` command "
        "(it defaults to the folder name there)."
    ),
    "description": (
        "What the skill does and when to use it, in the third person: Claude reads it to decide when to load the "
        "skill. No XML tags."
    ),
    "license": f"A license name (SPDX id) or the name of a license file bundled with the skill; keep it short (up to about {limits.LICENSE_SHORT} characters).",
    "compatibility": "What the skill needs to run (products, system packages, network access), when it needs anything.",
    "metadata": "A free-form mapping of string keys to string values (author, version, ...), for tools; Claude does not read it.",
    "allowed-tools": "Tools the skill may use without asking for permission while it is active, space-separated (e.g. `Read Grep Bash(git:*)`).",
    "when_to_use": f"More on when to use the skill; Claude Code appends it to the description in its skill listing (the two are cut at {limits.LISTING_CAP:,} characters).",
    "argument-hint": "The arguments the skill's `/name` command takes, shown as a hint while typing it (e.g. `[issue-number]`).",
    "arguments": "Names of the positional arguments, space-separated or a list; the body uses them as `$name`.",
    "disable-model-invocation": "`true`: only the user can invoke the skill (as `/name`); Claude never loads it on its own and it is not listed for Claude.",
    "user-invocable": "`false`: the skill is hidden from the `/` menu; only Claude loads it.",
    "disallowed-tools": "Tools the skill must not use while it is active, space-separated or a list.",
    "model": "The model to use while the skill is active (an alias such as `sonnet` or `opus`, or a full model name).",
    "effort": "The reasoning effort while the skill is active.",
    "context": "`fork`: run the skill in a forked sub-agent context; only its result comes back to the conversation.",
    "agent": "The sub-agent type that runs the skill when `context: fork` is set.",
    "background": "`true`: a forked skill runs in the background.",
    "hooks": "Hooks that apply while the skill is active, in Claude Code's hook configuration format.",
    "paths": "Glob patterns: Claude Code offers the skill only when working with matching files.",
    "shell": "The shell that runs the skill's `` !`command` `` lines.",
}

_KEY_LINE_RE: Final = re.compile(r"^([A-Za-z0-9_][A-Za-z0-9_.-]*)[ \t]*:")
_WORD_RE: Final = re.compile(r"[A-Za-z0-9_-]*")


@lru_cache(maxsize=8)
def schema(target: Target) -> dict[str, Any]:
    from skillkit.schema.shape import json_schema

    return json_schema(target)


def warm() -> None:
    """Build every target's schema once (pydantic is slow to import), so the first hover or completion is quick."""
    for target in Target:
        schema(target)


def _branches(prop: dict[str, Any]) -> list[dict[str, Any]]:
    return [b for b in prop.get("anyOf", [prop]) if b.get("type") != "null"]


def closed_values(target: Target, key: str) -> list[str]:
    """The values a key takes from a closed set under `target` (its enum, or true/false), else []."""
    prop = schema(target).get("properties", {}).get(key)
    if prop is None:
        return []
    out: list[str] = []
    for branch in _branches(prop):
        if branch.get("type") == "boolean":
            out.extend(("true", "false"))
        elif branch.get("type") == "string" and "enum" in branch:
            out.extend(str(v) for v in branch["enum"])
        elif "const" in branch and isinstance(branch["const"], str):
            out.append(branch["const"])
    return list(dict.fromkeys(out))


def _shape(prop: dict[str, Any]) -> str:
    kinds: list[str] = []
    for branch in _branches(prop):
        kind = branch.get("type")
        if "enum" in branch and kind == "string":
            kinds.append("one of " + ", ".join(f"`{v}`" for v in branch["enum"]))
        elif "const" in branch:
            kinds.append(f"`{branch['const']}`")
        elif kind == "boolean":
            kinds.append("a boolean (`true` / `false`)")
        elif kind == "array":
            kinds.append("a list of strings")
        elif kind == "object":
            kinds.append("a mapping")
        elif kind == "string" and "pattern" in branch and "enum" not in branch and branch.get("maxLength") is None:
            continue  # the boolean words of a Claude Code boolean, said by "a boolean"
        elif kind == "string":
            kinds.append("a string")
        elif kind == "integer" and "enum" in branch:
            continue  # 0 / 1 for a Claude Code boolean
        elif kind:
            kinds.append(f"a {kind}")
    return " or ".join(dict.fromkeys(kinds)) or "any value"


def _limits(prop: dict[str, Any]) -> list[str]:
    out: list[str] = []
    for branch in [prop, *_branches(prop)]:
        low, high = branch.get("minLength"), branch.get("maxLength")
        if high is not None:
            out.append(f"{low or 0} to {high:,} characters")
        if "pattern" in branch and "maxLength" in branch:
            out.append(f"matches `{branch['pattern']}`")
    return list(dict.fromkeys(out))


def key_help(key: str, target: Target) -> str:
    """Markdown: what `key` means in a SKILL.md for `target`, its type and limits, or why the target refuses it."""
    from skillkit.ids import RuleId
    from skillkit.rules import RULES
    from skillkit.schema.targets import ALLOWED_KEYS

    accepted = key in ALLOWED_KEYS[target]
    lines = [f"**`{key}`** ({target.value})", ""]
    meaning = MEANING.get(key)
    if accepted:
        prop = schema(target).get("properties", {}).get(key, {})
        lines.append(meaning or prop.get("description", ""))
        lines.append("")
        required = key in schema(target).get("required", [])
        lines.append(f"- {'Required' if required else 'Optional'}; " + _shape(prop))
        lines.extend(f"- {limit}" for limit in _limits(prop))
    else:
        severity = RULES[RuleId.UNKNOWN_KEY].severity_for(target).value
        lines.append(
            f"Not a key {target.value} accepts (`unknown-key`, {severity}); it accepts "
            + ", ".join(f"`{k}`" for k in ALLOWED_KEYS[target])
            + "."
        )
        if key in ALLOWED_KEYS[Target.CLAUDE_CODE] and meaning:
            lines += ["", f"Claude Code reads it: {meaning[0].lower() + meaning[1:] if meaning[1:2].islower() else meaning}"]
    return "\n".join(lines).strip() + "\n"


def _key_at(line: str) -> str | None:
    found = _KEY_LINE_RE.match(line)
    return found.group(1) if found else None


def present_keys(text: Text) -> set[str]:
    return {key for i in text.frontmatter_lines() if (key := _key_at(text.line(i))) is not None}


def hover(text: Text, position: types.Position, target: Target, encoding: str) -> types.Hover | None:
    """The key's help when the position is on a top-level key of the frontmatter."""
    if position.line not in text.frontmatter_lines():
        return None
    line = text.line(position.line)
    key = _key_at(line)
    if key is None:
        return None
    at = index(line, position.character, encoding)
    if at > len(key):
        return None
    return types.Hover(
        contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=key_help(key, target)),
        range=types.Range(
            start=types.Position(line=position.line, character=0),
            end=types.Position(line=position.line, character=units(key, encoding)),
        ),
    )


def complete(text: Text, position: types.Position, target: Target, folder_name: str, encoding: str) -> list[types.CompletionItem]:
    """Keys at the start of a frontmatter line; a closed set's values (and `name`'s folder name) after `key:`."""
    from skillkit.schema.targets import ALLOWED_KEYS

    if position.line not in text.frontmatter_lines():
        return []
    line = text.line(position.line)
    at = index(line, position.character, encoding)
    before = line[:at]
    key = _key_at(line)
    if key is not None and ":" in before:
        typed = before.split(":", 1)[1]
        start = at - len(typed.lstrip(" \t"))
        space = "" if typed[:1] in (" ", "\t") else " "  # right after the colon (its trigger character): `key: value`
        values = closed_values(target, key) if key in ALLOWED_KEYS[target] else []
        if key == "name" and folder_name:
            values = [folder_name]
        where = types.Range(
            start=types.Position(line=position.line, character=units(line[:start], encoding)),
            end=types.Position(line=position.line, character=units(line[:at], encoding)),
        )
        return [
            types.CompletionItem(
                label=value,
                kind=types.CompletionItemKind.EnumMember if key != "name" else types.CompletionItemKind.Value,
                detail=f"{key} ({target.value})",
                filter_text=value,
                text_edit=types.TextEdit(range=where, new_text=space + value),
            )
            for value in values
        ]
    if not _WORD_RE.fullmatch(before):
        return []  # inside a nested value, a list item or a comment
    word = _WORD_RE.match(line, at)
    word_end = word.end() if word else at
    has_colon = line[word_end:].lstrip(" \t").startswith(":")
    present = present_keys(text) - ({key} if key else set())
    where = types.Range(
        start=types.Position(line=position.line, character=0),
        end=types.Position(line=position.line, character=units(line[:word_end], encoding)),
    )
    items = []
    for n, name in enumerate(ALLOWED_KEYS[target]):
        if name in present:
            continue
        items.append(
            types.CompletionItem(
                label=name,
                kind=types.CompletionItemKind.Property,
                detail=f"frontmatter key ({target.value})",
                documentation=types.MarkupContent(kind=types.MarkupKind.Markdown, value=key_help(name, target)),
                sort_text=f"{n:02d}",
                text_edit=types.TextEdit(range=where, new_text=name if has_colon else name + ": "),
            )
        )
    return items
