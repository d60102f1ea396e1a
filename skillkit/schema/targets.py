"""What each target accepts, and how `auto` picks the target for a skill from where it lives."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from skillkit.diagnostics import Target
from skillkit.paths import absolute

# The six keys claude.ai, the Skills API, package_skill.py and the open spec accept.
UPLOAD_KEYS: tuple[str, ...] = ("name", "description", "license", "allowed-tools", "metadata", "compatibility")

# Keys Claude Code documents beyond the upload six (code.claude.com/docs/en/skills, frontmatter reference).
CLAUDE_CODE_ONLY_KEYS: tuple[str, ...] = (
    "when_to_use",
    "argument-hint",
    "arguments",
    "disable-model-invocation",
    "user-invocable",
    "disallowed-tools",
    "model",
    "effort",
    "context",
    "agent",
    "background",
    "hooks",
    "paths",
    "shell",
)

ALLOWED_KEYS: dict[Target, tuple[str, ...]] = {
    Target.CLAUDE_AI: UPLOAD_KEYS,
    Target.API: UPLOAD_KEYS,
    Target.AGENTSKILLS: UPLOAD_KEYS,
    Target.CLAUDE_CODE: UPLOAD_KEYS + CLAUDE_CODE_ONLY_KEYS,
}

AUTO = "auto"
TARGET_CHOICES: tuple[str, ...] = (AUTO,) + tuple(t.value for t in Target)


def parse_target(value: str) -> Target | None:
    """None means auto; raises ValueError on an unknown name."""
    if value == AUTO:
        return None
    return Target(value)


def auto_target(skill_dir: Path | str) -> Target:
    """`claude-code` for a skill inside a Claude Code plugin or a `.claude/skills/` folder, else `claude-ai`."""
    return Target.CLAUDE_CODE if _in_claude_code(absolute(skill_dir)) else Target.CLAUDE_AI


_KNOWN: dict[str, bool] = {}  # folder -> inside Claude Code's reach; skills of one tree share their ancestors
_PLAIN: set[str] = set()  # folders whose listing showed no `.claude-plugin`: no plugin roots, known without a stat
_MANIFEST_DIR = ".claude-plugin"


def note_listing(directory: str, names: Iterable[str]) -> None:
    """What a caller's listing of `directory` says about it: with no entry that could be `.claude-plugin` (in any
    case, on a case-insensitive disk) it is no plugin root, and auto_target spares the stat that would say so."""
    for name in names:
        if not name.isascii() or (len(name) == len(_MANIFEST_DIR) and name.lower() == _MANIFEST_DIR):
            _PLAIN.discard(directory)  # may be one: asked of the disk as before
            return
    if len(_PLAIN) > 65_536:
        _PLAIN.clear()  # bounded like _KNOWN
    _PLAIN.add(directory)


def _in_claude_code(directory: str) -> bool:
    # Walks up iteratively (a skill 1,500 folders deep must not reach the recursion limit), stopping at the first
    # folder already answered, then answers every folder on the way.
    walked: list[str] = []
    answer = False
    while True:
        known = _KNOWN.get(directory)
        if known is not None:
            answer = known
            break
        walked.append(directory)
        if _holds_claude_code(directory):
            answer = True
            break
        parent = _parent(directory)
        if parent == directory:
            break
        directory = parent
    if len(_KNOWN) > 65_536:
        _KNOWN.clear()  # bounded: a run over a huge tree keeps only its recent folders
    for folder in walked:
        _KNOWN[folder] = answer
    return answer


def _parent(directory: str) -> str:
    """os.path.dirname of a normal absolute path (what absolute() gives), without its interpreted code on POSIX."""
    if os.sep == "/" and not directory.startswith("//"):
        return directory[: directory.rfind("/")] or "/"
    return os.path.dirname(directory)


def _holds_claude_code(directory: str) -> bool:
    """This folder itself is a `.claude/skills` path or a Claude Code plugin root."""
    if os.sep == "/":  # the text test of the parts test below, without building a Path per skill
        if "/.claude/skills/" in directory + "/":
            return True
    else:
        parts = Path(directory).parts
        if any(parts[i] == ".claude" and parts[i + 1] == "skills" for i in range(len(parts) - 1)):
            return True
    if directory in _PLAIN:
        return False
    manifest = os.path.join(directory, _MANIFEST_DIR)
    return os.path.isdir(manifest) and (
        os.path.isfile(os.path.join(manifest, "plugin.json")) or os.path.isfile(os.path.join(manifest, "marketplace.json"))
    )
