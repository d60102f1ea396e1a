"""Where a skill folder sits for Claude Code: the plugin around it and the project it belongs to, found on disk."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Final

from skillkit.record import Record


class PluginRoot(Record):
    """The folder `${CLAUDE_PLUGIN_ROOT}` names for a skill; `certain` when a plugin.json marks it, or a marketplace.json
    names a local plugin source that holds the skill; not when a marketplace.json is all there is above it."""

    __slots__ = ("path", "certain")

    def __init__(self, path: str, certain: bool) -> None:
        self.path: Final = path
        self.certain: Final = certain


def plugin_root(skill_dir: Path | str) -> PluginRoot | None:
    """The nearest folder at or above the skill holding `.claude-plugin/plugin.json`, else the local plugin source of
    the nearest `marketplace.json` that holds the skill, else that marketplace's folder (not certain)."""
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
            if marketplace is None:
                return None
            source = _source_around(marketplace, directory)
            return PluginRoot(source, True) if source is not None else PluginRoot(marketplace, False)
        current = parent


def _source_around(marketplace: str, directory: str) -> str | None:
    """The local plugin source of `marketplace` that holds `directory` (the deepest, when several do), or None."""
    found: str | None = None
    for source in _local_sources(marketplace):
        if (directory == source or directory.startswith(source.rstrip(os.sep) + os.sep)) and (found is None or len(source) > len(found)):
            found = source
    return found


@lru_cache(maxsize=256)
def _local_sources(marketplace: str) -> tuple[str, ...]:
    """The folders a marketplace.json names as local plugin sources (`"source": "./plugins/x"`), absolute."""
    import json  # only for a skill under a marketplace without plugin.json

    try:
        with open(os.path.join(marketplace, ".claude-plugin", "marketplace.json"), encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, ValueError, RecursionError):
        return ()
    plugins = data.get("plugins") if isinstance(data, dict) else None
    metadata = data.get("metadata") if isinstance(data, dict) else None
    prefix = metadata.get("pluginRoot") if isinstance(metadata, dict) and isinstance(metadata.get("pluginRoot"), str) else ""
    out: list[str] = []
    for entry in plugins if isinstance(plugins, list) else ():
        source = entry.get("source") if isinstance(entry, dict) else None
        if not isinstance(source, str) or source.startswith("/") or ".." in source.replace("\\", "/").split("/"):
            continue
        if prefix and not source.startswith("./"):
            source = os.path.join(prefix, source)
        out.append(os.path.normpath(os.path.join(marketplace, source)))
    return tuple(out)


def project_dir(skill_dir: Path | str) -> str | None:
    """The project a `.claude/skills/<name>/` skill belongs to (the folder holding `.claude`), else None."""
    parts = Path(os.path.abspath(skill_dir)).parts
    for i in range(len(parts) - 2, 0, -1):
        if parts[i] == ".claude" and parts[i + 1] == "skills":
            return str(Path(*parts[:i]))
    return None
