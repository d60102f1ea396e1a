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

NAME_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
NAME_RE = re.compile(NAME_PATTERN)
XML_TAG_RE = re.compile(r"</?[A-Za-z][^<>]*>")
RESERVED_WORDS = ("anthropic", "claude")
VAGUE_NAMES = frozenset({"helper", "helpers", "utils", "util", "tools", "tool", "documents", "data", "files", "misc"})


def name_key(name: str) -> str:
    """A skill name as Claude Code compares names (2.1.228+, code.claude.com/docs/en/skills "When a synced skill
    name matches another command"): NFKC, case-folded, without white space or invisible (format) characters, so
    `Commit`, `commit` and full-width `ｃｏｍｍｉｔ` are one name."""
    folded = unicodedata.normalize("NFKC", name).casefold()
    return "".join(c for c in folded if not c.isspace() and unicodedata.category(c) != "Cf")
