"""Rules for problems found while reading and parsing SKILL.md, and by the schema pass (their docs live here)."""

from __future__ import annotations

from collections.abc import Iterator

from skillkit.diagnostics import Finding, Target
from skillkit.ids import RuleId
from skillkit.rules.base import Context, E, W, reported, rule

file_unreadable = reported(
    RuleId.FILE_UNREADABLE,
    E,
    """SKILL.md cannot be read: missing, a dangling symlink, a FIFO, a directory, or no permission.

    skillkit never opens anything but a regular file, so a FIFO named SKILL.md cannot block a run.
    """,
)

file_too_large = reported(
    RuleId.FILE_TOO_LARGE,
    E,
    """SKILL.md is over 4 MiB and is not parsed.

    Real skills are a few kilobytes; the body should stay under 500 lines. Move bulk content into
    `references/` files that Claude reads only when needed.
    """,
)

file_encoding = reported(
    RuleId.FILE_ENCODING,
    E,
    """SKILL.md is not UTF-8 text (invalid bytes, NUL bytes, or a UTF-16/UTF-32 byte order mark).

    Every loader reads SKILL.md as UTF-8. Re-save the file as UTF-8 without a byte order mark.
    Invalid bytes are reported at their line and column; the rest of the file is still checked.
    """,
)

utf8_bom = reported(
    RuleId.UTF8_BOM,
    E,
    """SKILL.md starts with a UTF-8 byte order mark (EF BB BF).

    The claude.ai upload checks that the file's first bytes are `---` and rejects it with
    "SKILL.md must start with YAML frontmatter (---)". Save the file as UTF-8 without BOM.
    """,
)

line_endings = reported(
    RuleId.LINE_ENDINGS,
    E,
    """Lines end in a lone carriage return (classic Mac OS line endings).

    The upload's frontmatter pattern expects `---` followed by LF or CRLF; with CR-only endings the
    whole file is one line and the frontmatter is not found. Convert to LF.
    """,
)

frontmatter_missing = reported(
    RuleId.FRONTMATTER_MISSING,
    E,
    """SKILL.md does not start with a `---` frontmatter block on line 1.

    The file must begin with a line holding exactly `---`, then the YAML keys (`name`, `description`),
    then a closing `---` line. Blank lines before the opening `---` also fail the upload.
    """,
)

frontmatter_delimiter = reported(
    RuleId.FRONTMATTER_DELIMITER,
    E,
    """A `---` delimiter line carries trailing whitespace (`--- `).

    The upload matches the opening delimiter as exactly `---` followed by a line break, so `--- `
    is rejected; some loaders also miss a closing `--- `. Delete the trailing spaces.
    """,
)

frontmatter_unclosed = reported(
    RuleId.FRONTMATTER_UNCLOSED,
    E,
    """The frontmatter is opened by `---` but never closed by a second `---` line.

    Many tools (python-frontmatter among them) silently treat such a file as having no metadata.
    Add a `---` line after the last frontmatter key.
    """,
)

yaml_syntax = reported(
    RuleId.YAML_SYNTAX,
    E,
    """The frontmatter is not valid YAML; the diagnostic points at the line and column where parsing broke.

    The most common cause is an unquoted `: ` inside a value, as in `description: Use when: X`:
    YAML reads a second key. Wrap the whole value in double quotes, or use a folded block (`>-`).
    claude.ai reports this as "malformed YAML frontmatter in SKILL.md".
    """,
)

yaml_not_mapping = reported(
    RuleId.YAML_NOT_MAPPING,
    E,
    """The frontmatter parses, but as a list or a single value instead of a mapping of keys to values.""",
)

yaml_duplicate_key = reported(
    RuleId.YAML_DUPLICATE_KEY,
    E,
    """The same key appears twice in one mapping.

    PyYAML keeps the last value, strict loaders (the spec's reference validator) reject the file, and
    readers of the file see two different values. Keep one.
    """,
)

yaml_unsupported_tag = reported(
    RuleId.YAML_UNSUPPORTED_TAG,
    E,
    """A YAML tag such as `!!python/object` or a custom `!tag` is used in the frontmatter.

    Safe loaders reject such tags; skillkit never constructs them and reads the value as plain data.
    """,
)

yaml_too_complex = reported(
    RuleId.YAML_TOO_COMPLEX,
    E,
    """The frontmatter expands to more than 10,000 YAML nodes (an alias bomb) or nests deeper than 64 levels.

    Frontmatter holds a handful of keys; such input is refused instead of being expanded in memory.
    """,
)

unknown_key = reported(
    RuleId.UNKNOWN_KEY,
    E,
    """A top-level frontmatter key the target does not accept.

    claude.ai, the API and the open spec accept only `name`, `description`, `license`,
    `allowed-tools`, `metadata` and `compatibility`; anything else fails the upload with
    "unexpected key in SKILL.md frontmatter". Move custom data (`version`, `author`) under
    `metadata:`. Under the `claude-code` target every documented Claude Code key is accepted and an
    unknown key is a warning (Claude Code ignores it); close misspellings get a did-you-mean.
    """,
    per_target={Target.CLAUDE_CODE: W},
)

value_type = reported(
    RuleId.VALUE_TYPE,
    E,
    """A frontmatter key holds the wrong type of value, e.g. `name: 123` or a list where a string is needed.""",
)

metadata_type = reported(
    RuleId.METADATA_TYPE,
    E,
    """`metadata` is not a mapping. The spec defines it as a map; Claude Code drops any other value.""",
)

cc_field_value = reported(
    RuleId.CC_FIELD_VALUE,
    W,
    """A Claude Code key holds a value Claude Code does not accept.

    `disable-model-invocation`, `user-invocable` and `background` are booleans; `context` is `fork`;
    `effort` is one of low, medium, high, xhigh, max; `shell` is bash or powershell; `hooks` is a
    mapping. Only checked under the `claude-code` target, where these keys are allowed.
    """,
    targets=(Target.CLAUDE_CODE,),
)

internal_error = reported(
    RuleId.INTERNAL_ERROR,
    E,
    """A check crashed on this skill. This is a bug in skillkit, not in the skill: please report it
    with the skill attached. The other checks and the other skills are still reported; the run exits 2.
    """,
)


@rule(RuleId.SKILL_FILE_CASE, E, needs="file")
def skill_file_case(ctx: Context) -> Iterator[Finding]:
    """The skill file is named in mixed or upper case (`Skill.md`, `SKILL.MD`), not exactly `SKILL.md`.

    Loaders look for exactly `SKILL.md`, and zips keep case: the upload reports the file missing.
    """
    name = ctx.doc.file_name
    if name != "SKILL.md" and name != "skill.md":
        yield Finding(RuleId.SKILL_FILE_CASE, f"skill file is named '{name}'; rename it to 'SKILL.md'")


@rule(RuleId.SKILL_FILE_LOWERCASE, E, per_target={Target.AGENTSKILLS: W}, needs="file")
def skill_file_lowercase(ctx: Context) -> Iterator[Finding]:
    """The skill file is named `skill.md`, which is not loaded where file names are case-sensitive.

    Claude Code looks for `<skill>/SKILL.md` (code.claude.com/docs/en/skills, "Where skills live"), the
    spec's client guide for "a file named exactly `SKILL.md`" (agentskills.io, adding skills support),
    and `package_skill.py` refuses the folder ("SKILL.md not found"); on Linux, and in the zip, case is
    kept, so `skill.md` is a different file. An error for claude.ai, the API and Claude Code; a warning
    under `agentskills`, whose reference validator (`skills-ref`) accepts `skill.md` as a fallback.
    Rename it to `SKILL.md`.
    """
    if ctx.doc.file_name == "skill.md":
        if ctx.target is Target.AGENTSKILLS:
            message = "skill file is named 'skill.md'; only the reference validator falls back to it: rename it to 'SKILL.md'"
        else:
            message = "skill file is named 'skill.md', which is not found where file names are case-sensitive; rename it to 'SKILL.md'"
        yield Finding(RuleId.SKILL_FILE_LOWERCASE, message)
