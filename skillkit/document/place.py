"""Where a skill folder sits for Claude Code: the plugin around it and the project it belongs to, found on disk."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


@dataclass(frozen=True, slots=True)
class PluginRoot:
    """The folder `${CLAUDE_PLUGIN_ROOT}` names for a skill; `certain` when a plugin.json marks it, not only a
    marketplace.json (whose plugins may sit in sub-folders)."""

    path: str
    certain: bool


def plugin_root(skill_dir: Path) -> PluginRoot | None:
    """The nearest folder at or above the skill holding `.claude-plugin/plugin.json` (else `marketplace.json`)."""
    return _plugin_root(os.path.abspath(skill_dir))


@lru_cache(maxsize=4096)
def _plugin_root(directory: str) -> PluginRoot | None:
    marketplace: str | None = None
    current = directory
    while True:
        manifest = os.path.join(current, ".claude-plugin")
        if os.path.isfile(os.path.join(manifest, "plugin.json")):
            return PluginRoot(current, True)
        if marketplace is None and os.path.isfile(os.path.join(manifest, "marketplace.json")):
            marketplace = current
        parent = os.path.dirname(current)
        if parent == current:
            return PluginRoot(marketplace, False) if marketplace is not None else None
        current = parent


def project_dir(skill_dir: Path) -> str | None:
    """The project a `.claude/skills/<name>/` skill belongs to (the folder holding `.claude`), else None."""
    parts = Path(os.path.abspath(skill_dir)).parts
    for i in range(len(parts) - 2, 0, -1):
        if parts[i] == ".claude" and parts[i + 1] == "skills":
            return str(Path(*parts[:i]))
    return None
