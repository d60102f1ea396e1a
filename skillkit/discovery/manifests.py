"""What plugin.json and marketplace.json may hold (code.claude.com plugins reference) and the checks of their fields."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Sequence
from pathlib import Path, PureWindowsPath
from typing import TYPE_CHECKING, Any, Final

from skillkit.diagnostics import Finding
from skillkit.ids import RuleId
from skillkit.lazy_pattern import LazyPattern
from skillkit.record import Record
from skillkit.words import closest, did_you_mean

if TYPE_CHECKING:  # jsonpos loads only when a manifest is read (plugins.py)
    from skillkit.discovery import jsonpos
    from skillkit.discovery.jsonpos import JsonPath

PATH_FIELDS = ("skills", "commands", "agents", "workflows", "outputStyles")
INLINE_FIELDS = ("hooks", "mcpServers", "lspServers")  # a path, a list of paths, or the configuration inline
PLUGIN_KEYS: tuple[str, ...] = (
    "$schema", "name", "displayName", "version", "description", "author", "homepage", "repository", "license",
    "keywords", "metadata", "defaultEnabled", *PATH_FIELDS, *INLINE_FIELDS, "experimental", "userConfig",
    "channels", "dependencies",
)  # fmt: skip
ENTRY_KEYS: tuple[str, ...] = (*PLUGIN_KEYS, "source", "category", "tags", "strict", "relevance")
MARKETPLACE_KEYS: tuple[str, ...] = (
    "$schema", "name", "owner", "plugins", "description", "version", "metadata",
    "allowCrossMarketplaceDependenciesOn", "renames",
)  # fmt: skip
OWNER_KEYS = ("name", "email", "url")


class Manifest(Record):
    """One manifest file read once: parsed JSON with positions, or None when it could not be parsed."""

    __slots__ = ("path", "doc")

    def __init__(self, path: Path, doc: jsonpos.Located | None) -> None:
        self.path = path
        self.doc = doc

    @property
    def data(self) -> dict[str, Any] | None:
        return self.doc.data if self.doc is not None and isinstance(self.doc.data, dict) else None

    def finding(self, rule: RuleId, message: str, path: jsonpos.JsonPath = (), *, key: bool = False) -> Finding:
        line, col = self.doc.at(path, key=key) if self.doc is not None else (None, None)
        return Finding(rule, message, line, col, os.fspath(self.path))

_STRINGS = ("$schema", "name", "displayName", "version", "description", "homepage", "license", "category")
_BOOLS = ("defaultEnabled", "strict")
_ARRAYS = ("keywords", "tags", "dependencies", "plugins")
_OBJECTS = ("author", "owner")

KEBAB = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
DESKTOP_SAFE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")
RESERVED = (
    "claude-code-marketplace", "claude-code-plugins", "claude-plugins-official", "claude-plugins-community",
    "claude-community", "anthropic-marketplace", "anthropic-plugins", "agent-skills", "anthropic-agent-skills",
    "knowledge-work-plugins", "life-sciences", "claude-for-legal", "claude-for-financial-services",
    "financial-services-plugins", "first-party-plugins", "healthcare",
)  # fmt: skip
DESKTOP_RESERVED = ("org", "org-provisioned", "unknown")


def check_plugin_json(m: Manifest) -> list[Finding]:
    data = m.data or {}
    out = list(_unknown(m, data, PLUGIN_KEYS, (), "plugin.json"))
    out.extend(_types(m, data, ()))
    name = data.get("name")
    if "name" not in data:
        out.append(m.finding(RuleId.MANIFEST_REQUIRED, "plugin.json has no 'name'; add a kebab-case plugin name"))
    elif isinstance(name, str):
        out.extend(_name(m, name, ("name",), "plugin"))
    out.extend(_paths(m, data, (), strict=True, root=m.path.parent.parent))
    return out


def check_marketplace(m: Manifest) -> list[Finding]:
    data = m.data or {}
    out = list(_unknown(m, data, MARKETPLACE_KEYS, (), "marketplace.json"))
    out.extend(_types(m, data, ()))
    for key in ("name", "owner", "plugins"):
        if key not in data:
            out.append(m.finding(RuleId.MANIFEST_REQUIRED, f"marketplace.json has no '{key}'"))
    name = data.get("name")
    if isinstance(name, str):
        out.extend(f for f in _name(m, name, ("name",), "marketplace") if f.rule != RuleId.MARKETPLACE_RESERVED_NAME or not anthropic_owned(data))
    owner = data.get("owner")
    if isinstance(owner, dict):
        out.extend(_unknown(m, owner, OWNER_KEYS, ("owner",), "owner"))
        if "name" not in owner:
            out.append(m.finding(RuleId.MANIFEST_REQUIRED, "'owner' has no 'name'", ("owner",)))
        elif not isinstance(owner["name"], str):
            out.append(m.finding(RuleId.MANIFEST_FIELD_TYPE, f"'owner.name' must be a string, got {json_type(owner['name'])}", ("owner", "name")))
    plugins = data.get("plugins")
    if isinstance(plugins, list):
        if not plugins:
            out.append(m.finding(RuleId.MARKETPLACE_EMPTY, "marketplace has no plugins defined", ("plugins",)))
        metadata = data.get("metadata")
        relative_root = isinstance(metadata, dict) and isinstance(metadata.get("pluginRoot"), str)
        first: dict[str, int] = {}
        for i, entry in enumerate(plugins):
            out.extend(_entry(m, entry, i, first, relaxed_source=relative_root))
    return out


def _entry(m: Manifest, entry: Any, i: int, first: dict[str, int], *, relaxed_source: bool) -> Iterator[Finding]:
    where: JsonPath = ("plugins", i)
    label = f"plugins[{i}]"
    if not isinstance(entry, dict):
        yield m.finding(RuleId.MANIFEST_FIELD_TYPE, f"'{label}' must be an object, got {json_type(entry)}", where)
        return
    yield from _unknown(m, entry, ENTRY_KEYS, where, label)
    yield from _types(m, entry, where)
    for key in ("name", "source"):
        if key not in entry:
            yield m.finding(RuleId.MANIFEST_REQUIRED, f"{label} has no '{key}'", where)
    name = entry.get("name")
    if isinstance(name, str):
        yield from _name(m, name, (*where, "name"), "plugin")
        if name in first:
            yield m.finding(RuleId.MARKETPLACE_DUPLICATE_PLUGIN, f"duplicate plugin name '{name}' (first at plugins[{first[name]}])", (*where, "name"))
        else:
            first[name] = i
    source = entry.get("source")
    if isinstance(source, str):
        problem = path_problem(source, "source", relaxed=relaxed_source)
        if problem:
            yield m.finding(RuleId.MANIFEST_PATH, problem, (*where, "source"))
    elif isinstance(source, dict):
        if not isinstance(source.get("source"), str):
            yield m.finding(RuleId.MANIFEST_FIELD_TYPE, f"'{label}.source' object needs a string 'source' (github, git, git-subdir, npm, archive, ...)", (*where, "source"))
    elif "source" in entry:
        yield m.finding(RuleId.MANIFEST_FIELD_TYPE, f"'{label}.source' must be a './path' string or an object, got {json_type(source)}", (*where, "source"))
    yield from _paths(m, entry, where, strict=True, root=None)


def _unknown(m: Manifest, data: dict[str, Any], known: Sequence[str], where: JsonPath, label: str) -> Iterator[Finding]:
    for key in data:
        if key not in known:
            close = closest(key, known)
            hint = f" ({did_you_mean(close)})" if close else ""
            yield m.finding(RuleId.MANIFEST_UNKNOWN_KEY, f"unknown key '{key}' in {label}{hint}; Claude Code ignores it", (*where, key), key=True)


def _types(m: Manifest, data: dict[str, Any], where: JsonPath) -> Iterator[Finding]:
    for key, value in data.items():
        want = _expected(key, value)
        if want:
            yield m.finding(RuleId.MANIFEST_FIELD_TYPE, f"'{_dotted(where, key)}' must be {want}, got {json_type(value)}", (*where, key))


def _expected(key: str, value: Any) -> str | None:
    if key in _STRINGS and not isinstance(value, str):
        return "a string"
    if key in _BOOLS and not isinstance(value, bool):
        return "true or false"
    if key in _ARRAYS and not isinstance(value, list):
        return "an array"
    if key in _OBJECTS and not isinstance(value, dict):
        return "an object"
    if key in PATH_FIELDS and not _str_or_strs(value):
        return "a path string or an array of path strings"
    if key in INLINE_FIELDS and not (_str_or_strs(value) or isinstance(value, dict)):
        return "a path string, an array of paths or an object"
    return None


def _str_or_strs(value: Any) -> bool:
    return isinstance(value, str) or (isinstance(value, list) and all(isinstance(v, str) for v in value))


def component_paths(data: dict[str, Any], key: str) -> list[tuple[tuple[int, ...], str]]:
    """The path strings of one component field, each with its index inside the array (empty for a lone string)."""
    value = data.get(key)
    if isinstance(value, str):
        return [((), value)]
    if isinstance(value, list):
        return [((i,), v) for i, v in enumerate(value) if isinstance(v, str)]
    return []


def _paths(m: Manifest, data: dict[str, Any], where: JsonPath, *, strict: bool, root: Path | None) -> Iterator[Finding]:
    for key in (*PATH_FIELDS, *INLINE_FIELDS):
        for index, value in component_paths(data, key):
            problem = path_problem(value, key, relaxed=not strict)
            at = (*where, key, *index)
            if problem:
                yield m.finding(RuleId.MANIFEST_PATH, problem, at)
            elif root is not None and key != "skills" and not os.path.lexists(os.path.normpath(root / value)):
                yield m.finding(RuleId.MANIFEST_SOURCE_MISSING, f"'{key}' path '{value}' not found", at)


# Anthropic's own marketplaces (anthropics/skills is `anthropic-agent-skills`) may use the reserved names: their owner
# is an anthropic.com address, or the marketplace points at the anthropics organisation on GitHub.
_ANTHROPIC_EMAIL: Final = LazyPattern(r"@anthropic\.com\s*$", re.IGNORECASE)
_ANTHROPIC_URL: Final = LazyPattern(r"^(?:https?://)?(?:www\.)?(?:github\.com/anthropics(?:/|$)|(?:[\w-]+\.)*anthropic\.com(?:/|$))", re.IGNORECASE)


def anthropic_owned(data: dict[str, Any]) -> bool:
    """Whether a marketplace.json says it is Anthropic's own: an owner email at anthropic.com, or an owner URL or
    repository under github.com/anthropics or anthropic.com."""
    owner = data.get("owner")
    owner = owner if isinstance(owner, dict) else {}
    email, url = owner.get("email"), owner.get("url")
    if isinstance(email, str) and _ANTHROPIC_EMAIL().search(email):
        return True
    metadata = data.get("metadata")
    repository = metadata.get("repository") if isinstance(metadata, dict) else None
    return any(isinstance(v, str) and _ANTHROPIC_URL().match(v.strip()) for v in (url, data.get("repository"), repository))


def path_problem(value: str, key: str, *, relaxed: bool = False) -> str | None:
    """Why a manifest path is unsafe or malformed, or None; `relaxed` skips the './' prefix requirement."""
    pure = value.replace("\\", "/")
    if pure.startswith("/") or PureWindowsPath(value).drive:
        return f"'{key}' path '{value}' is absolute; use a path relative to the plugin root that starts with './'"
    if ".." in pure.split("/"):
        return f"'{key}' path '{value}' contains '..'; manifest paths must stay inside the plugin"
    if not relaxed and not pure.startswith("./") and not (key == "skills" and pure == "."):
        return f"'{key}' path '{value}' must start with './'"
    return None


def _name(m: Manifest, name: str, where: JsonPath, kind: str) -> Iterator[Finding]:
    if kind == "marketplace":
        squashed = re.sub(r"[-_. ]", "", name.lower())
        for reserved in RESERVED:
            if squashed == reserved.replace("-", ""):
                yield m.finding(RuleId.MARKETPLACE_RESERVED_NAME, f"marketplace name '{name}' is reserved for Anthropic's marketplaces; choose another name", where)
                return
        if name.lower() in DESKTOP_RESERVED:
            yield m.finding(RuleId.MANIFEST_NAME, f"marketplace name '{name}' is reserved in Claude Desktop; choose another name", where)
            return
    if not DESKTOP_SAFE.fullmatch(name):
        yield m.finding(
            RuleId.MANIFEST_NAME,
            f"{kind} name '{name}' is not accepted by Claude Desktop (at most 128 characters from A-Z a-z 0-9 . _ -, starting with a letter or digit); use kebab-case",
            where,
        )
    elif not KEBAB.fullmatch(name):
        yield m.finding(RuleId.MANIFEST_NAME, f"{kind} name '{name}' is not kebab-case; use lowercase letters, digits and single hyphens", where)


def _dotted(where: JsonPath, key: str) -> str:
    out = ""
    for part in (*where, key):
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def json_type(value: object) -> str:
    if isinstance(value, bool):
        return "a boolean"
    return {list: "an array", dict: "an object", str: "a string", type(None): "null"}.get(type(value), "a number")
