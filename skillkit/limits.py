"""The numbers every check and schema shares, each with where it comes from (see docs/rules.md)."""

from __future__ import annotations

import re
import unicodedata

NAME_MAX = 64  # platform docs, spec, claude.ai
DESCRIPTION_MAX = 1024  # platform docs, spec, claude.ai upload error
COMPATIBILITY_MAX = 500  # spec, quick_validate, Claude Code
LICENSE_SHORT = 100  # the spec asks for "a short string"; longer belongs in a bundled file
LISTING_CAP = 1536  # Claude Code truncates description + when_to_use in the skill listing
BODY_MAX_LINES = 500  # spec, best practices, Claude Code, skill-creator
BODY_MAX_TOKENS = 5000  # spec "< 5000 tokens recommended"; estimated as characters / 4
CHARS_PER_TOKEN = 4
SKILL_MD_MAX_BYTES = 4 * 1024 * 1024  # far above any real skill; bigger files are refused, not parsed
# Characters of skill names and descriptions Claude Code lists before it drops descriptions: 1% of a 200K-token
# context window (`skillListingBudgetFraction`, code.claude.com/docs/en/settings-reference); 40,000 on a 1M model.
DEFAULT_LISTING_BUDGET = 8000

NAME_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
NAME_RE = re.compile(NAME_PATTERN)
XML_TAG_RE = re.compile(r"</?[A-Za-z][^<>]*>")
RESERVED_WORDS = ("anthropic", "claude")
VAGUE_NAMES = frozenset({"helper", "helpers", "utils", "util", "tools", "tool", "documents", "data", "files", "misc"})


def name_key(name: str) -> str:
    """A skill name as Claude Code compares names (2.1.228+, code.claude.com/docs/en/skills "When a synced skill
    name matches another command"): NFKC, case-folded, without white space or invisible (format) characters, so
    `Commit`, `commit` and full-width `ｃｏｍｍｉｔ` are one name."""
    if name.isascii():  # NFKC keeps ASCII, casefold is lower, no ASCII character is Cf: one pass in C (most names)
        return "".join(name.lower().split())
    folded = unicodedata.normalize("NFKC", name).casefold()
    return "".join(c for c in folded if not c.isspace() and unicodedata.category(c) != "Cf")


# Commands Claude Code ships, from its command reference (code.claude.com/docs/en/commands, "All commands", as of
# 2026-10): built-in commands, their aliases, and bundled skills (marked "Skill" there) and workflows. Removed
# commands (/pr-comments, /vim, /ultraplan) are left out. A skill folder of a built-in command's name replaces that
# command in terminal sessions; an alias keeps running Claude Code's command; a frontmatter `name` that another
# command holds does not become a command (code.claude.com/docs/en/skills, "Resolve skills that share a name" and
# "How a skill gets its command name").
BUILTIN_COMMANDS: frozenset[str] = frozenset(
    """
    add-dir advisor agents artifacts auto-mode-setup autocompact autofix-pr background branch btw bug cd chrome clear
    color compact config context copy design-login desktop diff effort exit export fast feedback focus fork goal
    heapdump help hooks ide import init insights install-github-app install-slack-app keybindings list-agents login
    logout mcp memory mobile model output-style passes permissions plan plugin powerup privacy-settings radio
    rate-limit-options recap release-notes reload-plugins reload-skills remote-control remote-env rename resume
    rewind sandbox schedule scroll-speed security-review setup-bedrock setup-vertex skill-doctor skills status
    statusline stickers stop subtask tasks team-onboarding teleport terminal-setup theme tui ultrareview upgrade
    usage usage-credits voice web-setup workflows
    """.split()  # noqa: SIM905 - a word list reads best as text
)
BUNDLED_SKILLS: frozenset[str] = frozenset(
    """
    artifact-capabilities artifact-diagramming batch claude-api claude-in-chrome code-review dataviz debug
    deep-research design design-sync doctor fewer-permission-prompts loop run run-skill-generator simplify slides
    update-config verify workflow-authoring
    """.split()  # noqa: SIM905 - a word list reads best as text
)
COMMAND_ALIASES: dict[str, str] = {
    "allowed-tools": "permissions", "android": "mobile", "app": "desktop", "bashes": "tasks", "bg": "background",
    "checkpoint": "rewind", "checkup": "doctor", "continue": "resume", "cost": "usage", "ios": "mobile",
    "new": "clear", "peers": "list-agents", "proactive": "loop", "quit": "exit", "rc": "remote-control",
    "reset": "clear", "review": "code-review", "routines": "schedule", "settings": "config", "share": "bug",
    "stats": "usage", "tp": "teleport", "undo": "rewind",
}  # fmt: skip
# Claude Code keeps ~/.claude/skills/synced/ for skills synced from claude.ai and skips a skill folder of that name
# (any case) in the enterprise, personal and project locations (code.claude.com/docs/en/skills, "Where skills live").
SYNCED_FOLDER = "synced"
