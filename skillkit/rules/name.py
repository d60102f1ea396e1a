"""Rules on the `name` key: presence, length, character set, reserved words, folder match, vagueness."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from skillkit import limits
from skillkit.diagnostics import Finding, Target
from skillkit.document import place
from skillkit.ids import RuleId
from skillkit.rules.base import UPLOAD, Context, E, I, W, rule


def unicode_name_ok(name: str) -> bool:
    """The open spec's reference validator: lowercase letters of any script, digits, single inner hyphens."""
    name = unicodedata.normalize("NFKC", name)
    return (
        name == name.lower()
        and all(c.isalnum() or c == "-" for c in name)
        and not name.startswith("-")
        and not name.endswith("-")
        and "--" not in name
    )


SYNCED_NAMESPACE = "anthropic-skills"


def _synced_name(name: str) -> bool:
    key = limits.name_key(name)
    return key == SYNCED_NAMESPACE or key.startswith(SYNCED_NAMESPACE + ":")


def _name(ctx: Context) -> str | None:
    value = (ctx.doc.data or {}).get("name")
    return value if isinstance(value, str) else None


@rule(RuleId.NAME_MISSING, E, per_target={Target.CLAUDE_CODE: W})
def name_missing(ctx: Context) -> Iterator[Finding]:
    """`name` is absent or empty.

    Required by claude.ai, the API and the open spec. Claude Code falls back to the folder name, so
    under the `claude-code` target this is a warning.
    """
    data = ctx.doc.data or {}
    if "name" not in data or data["name"] is None:
        yield Finding(RuleId.NAME_MISSING, "required key 'name' is missing", ctx.doc.fm_line, 1)
    elif isinstance(data["name"], str) and not data["name"].strip():
        yield ctx.at(RuleId.NAME_MISSING, "'name' is empty", "name")


@rule(RuleId.NAME_LENGTH, E)
def name_length(ctx: Context) -> Iterator[Finding]:
    """`name` is longer than 64 characters."""
    name = _name(ctx)
    if name is not None and len(name) > limits.NAME_MAX:
        yield ctx.at(RuleId.NAME_LENGTH, f"name too long ({len(name)} > {limits.NAME_MAX} characters)", "name")


@rule(RuleId.NAME_FORMAT, E)
def name_format(ctx: Context) -> Iterator[Finding]:
    """`name` is not lowercase letters, digits and single hyphens (`^[a-z0-9]+(-[a-z0-9]+)*$`).

    claude.ai rejects anything else ("Skill name in SKILL.md can only contain lowercase letters,
    numbers, and hyphens"): no capitals, spaces, underscores, dots, XML tags, leading, trailing or
    doubled hyphens. Under the `agentskills` target lowercase letters of any script are accepted,
    as the spec's reference validator does.
    """
    name = _name(ctx)
    if not name or not name.strip():
        return
    if limits.NAME_RE.match(name):
        return
    if ctx.target is Target.AGENTSKILLS and unicode_name_ok(name):
        return
    yield ctx.at(RuleId.NAME_FORMAT, f"name '{name}' {_why(name)}; use lowercase letters, digits and single hyphens", "name")


def _why(name: str) -> str:
    if name != name.strip():
        return "has leading or trailing spaces"
    if name != name.lower():
        return "has uppercase letters"
    if " " in name:
        return "has spaces"
    if name.startswith("-") or name.endswith("-"):
        return "starts or ends with a hyphen"
    if "--" in name:
        return "has consecutive hyphens"
    bad = sorted({c for c in name if not (c.isascii() and (c.isalnum() or c == "-"))})
    return "has invalid characters " + " ".join(repr(c) for c in bad[:5])


@rule(RuleId.NAME_RESERVED, E, per_target={Target.AGENTSKILLS: W, Target.CLAUDE_CODE: W})
def name_reserved(ctx: Context) -> Iterator[Finding]:
    """`name` contains the reserved word `anthropic` or `claude` (anywhere, any case).

    claude.ai rejects it ("Skill name in SKILL.md cannot contain the reserved word 'claude'") and the
    platform docs reserve both words. A warning under `agentskills` and `claude-code`, which do not
    enforce it, because the same skill will fail if it is ever uploaded.
    """
    name = _name(ctx)
    if name is None:
        return
    if ctx.target is Target.CLAUDE_CODE and _reserved_namespace(ctx) == "name":
        return  # name-reserved-namespace reports it as the error it is there
    for word in limits.RESERVED_WORDS:
        if word in name.lower():
            yield ctx.at(RuleId.NAME_RESERVED, f"name '{name}' contains the reserved word '{word}'", "name")
            return


@rule(RuleId.NAME_RESERVED_NAMESPACE, E, targets=(Target.CLAUDE_CODE,))
def name_reserved_namespace(ctx: Context) -> Iterator[Finding]:
    """`name`, or the skill's folder, is `anthropic-skills` or starts with `anthropic-skills:`, or the folder is
    named `synced`: Claude Code does not load the skill.

    Claude Code reserves `anthropic-skills` and every name in its namespace for the skills it syncs from
    claude.ai (which answer to `/anthropic-skills:<name>`), signed in or not. Outside plugins it refuses
    to load a skill folder or a frontmatter `name` that uses it, and says so at startup. Plugin skills
    are namespaced `plugin:name` and are not affected. Names are compared as Claude Code compares them
    (case, spaces and NFKC forms ignored). Source: code.claude.com/docs/en/skills, "Names reserved for
    synced skills"; Claude Code CHANGELOG 2.1.269 (2026-09-11). A skill folder named `synced` (any case) is
    skipped in the enterprise, personal and project locations too: Claude Code keeps `~/.claude/skills/synced/`
    for the skills it downloads from claude.ai (code.claude.com/docs/en/skills, "Where skills live"). Rename
    the skill.
    """
    where = _reserved_namespace(ctx)
    if where == "name":
        message = f"name '{_name(ctx)}' is reserved for skills synced from claude.ai: Claude Code does not load it; rename the skill"
        yield ctx.at(RuleId.NAME_RESERVED_NAMESPACE, message, "name")
    elif where in ("folder", "synced"):
        folder = ctx.doc.folder_name
        message = f"folder '{folder}' is reserved for skills synced from claude.ai: Claude Code does not load it; rename the folder"
        yield Finding(RuleId.NAME_RESERVED_NAMESPACE, message, ctx.doc.fm_line, 1)


@rule(RuleId.NAME_BUILTIN_COMMAND, W, targets=(Target.CLAUDE_CODE,))
def name_builtin_command(ctx: Context) -> Iterator[Finding]:
    """The skill's folder or `name` is a command Claude Code ships: the skill replaces that command, or cannot be
    run by its name.

    Outside plugins, a skill answers to `/<folder>` and, when no other command holds it, to `/<name>`. Claude Code
    resolves a clash so (code.claude.com/docs/en/skills, "Resolve skills that share a name" and "How a skill gets
    its command name"): a skill folder named like a built-in command replaces that command in terminal sessions
    (a `.claude/skills/clear/` skill takes `/clear` away), but not its aliases; a folder named like an alias
    (`review` for `/code-review`, `reset` and `new` for `/clear`, `cost` and `stats` for `/usage`) never runs the
    skill, since the alias keeps running Claude Code's command; a frontmatter `name` held by a built-in command or
    a bundled skill does not become a command at all. The commands are those of the command reference
    (code.claude.com/docs/en/commands, "All commands", October 2026): `add-dir`, `agents`, `clear`, `compact`,
    `config`, `context`, `diff`, `exit`, `export`, `help`, `hooks`, `init`, `login`, `mcp`, `memory`, `model`,
    `permissions`, `plan`, `plugin`, `resume`, `rewind`, `skills`, `status`, `tasks`, `usage` and the other
    built-ins, their aliases, and the bundled skills `batch`, `claude-api`, `code-review`, `debug`, `doctor`,
    `loop`, `run`, `simplify`, `verify` and others. A skill folder named like a bundled skill is not reported:
    replacing one is how the docs customise it (`/verify` records its recipe as `.claude/skills/verify/`).
    Plugin skills are namespaced (`/plugin:name`) and not reported. Rename the skill.
    """
    if _in_plugin(ctx) or _reserved_namespace(ctx) is not None:
        return  # namespaced, or not loaded at all
    folder = ctx.doc.folder_name
    folder_key = limits.name_key(folder)
    alias = limits.COMMAND_ALIASES.get(folder_key)
    if alias is not None:
        message = f"'/{folder}' is Claude Code's alias for /{alias}: typing it runs that command, never this skill; rename the folder"
        yield Finding(RuleId.NAME_BUILTIN_COMMAND, message, ctx.doc.fm_line, 1)
        return
    if folder_key in limits.BUILTIN_COMMANDS:
        aliases = sorted(a for a, command in limits.COMMAND_ALIASES.items() if command == folder_key)
        kept = f" (its {'aliases' if len(aliases) > 1 else 'alias'} {', '.join('/' + a for a in aliases)} still run Claude Code's)" if aliases else ""
        message = f"folder '{folder}' replaces Claude Code's built-in /{folder_key} command in terminal sessions{kept}; rename the folder unless that is meant"
        yield Finding(RuleId.NAME_BUILTIN_COMMAND, message, ctx.doc.fm_line, 1)
        return
    name = _name(ctx)
    key = limits.name_key(name) if name else ""
    if not key or key == folder_key:
        return
    taken = limits.COMMAND_ALIASES.get(key) or (key if key in limits.BUILTIN_COMMANDS or key in limits.BUNDLED_SKILLS else None)
    if taken is not None:
        what = f"an alias of Claude Code's /{taken}" if key in limits.COMMAND_ALIASES else f"Claude Code's own /{key} command"
        message = f"name '{name}' is {what}: the skill does not get /{key} and answers only to /{folder}"
        yield ctx.at(RuleId.NAME_BUILTIN_COMMAND, message, "name")


def _reserved_namespace(ctx: Context) -> str | None:
    """'name' or 'folder' when either uses the reserved `anthropic-skills` namespace outside a plugin, 'synced' for a
    folder named `synced`, else None."""
    name = _name(ctx)
    uses_name = name is not None and _synced_name(name)
    uses_folder = _synced_name(ctx.doc.folder_name)
    synced = limits.name_key(ctx.doc.folder_name) == limits.SYNCED_FOLDER
    if not (uses_name or uses_folder or synced) or _in_plugin(ctx):
        return None
    return "name" if uses_name else "folder" if uses_folder else "synced"


def _in_plugin(ctx: Context) -> bool:
    return ctx.doc.files.on_disk and place.plugin_root(ctx.doc.folder) is not None


@rule(RuleId.NAME_MISMATCH, E, per_target={Target.CLAUDE_CODE: W})
def name_mismatch(ctx: Context) -> Iterator[Finding]:
    """`name` differs from the skill's folder name (compared after NFKC normalisation).

    The spec requires them to match, the Help Center says so for uploads, and the API and claude.ai
    reject a zip whose folder differs ("Skill folder name doesn't match the skill name"). In Claude
    Code the folder gives the command name and `name` is a label, so it is a warning there.
    """
    name = _name(ctx)
    if not name or not name.strip():
        return
    folder = ctx.doc.folder_name
    if unicodedata.normalize("NFKC", name) != unicodedata.normalize("NFKC", folder):
        yield ctx.at(RuleId.NAME_MISMATCH, f"name '{name}' does not match its folder '{folder}'", "name")


@rule(RuleId.NAME_VAGUE, I, targets=UPLOAD + (Target.AGENTSKILLS,))
def name_vague(ctx: Context) -> Iterator[Finding]:
    """`name` is a vague word (`helper`, `utils`, `tools`, `data`, `files`, `documents`).

    Claude picks among possibly hundreds of skills by name and description; say what the skill is
    for (`processing-pdfs`, `analyzing-spreadsheets`).
    """
    name = _name(ctx)
    if name is not None and name in limits.VAGUE_NAMES:
        yield ctx.at(RuleId.NAME_VAGUE, f"name '{name}' is too vague to choose by; say what the skill is for", "name")
