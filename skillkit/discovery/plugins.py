"""Claude Code plugins and marketplaces: read `.claude-plugin/*.json`, check them (P rules), list their skills."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING, Any

from skillkit.diagnostics import Finding
from skillkit.discovery.manifests import (
    Manifest,
    check_marketplace,
    check_plugin_json,
    component_paths,
    json_type,
    path_problem,
)
from skillkit.ids import RuleId
from skillkit.paths import display
from skillkit.record import Record

if TYPE_CHECKING:
    from skillkit.discovery import jsonpos

MANIFEST_DIR = ".claude-plugin"
MARKETPLACE_JSON = "marketplace.json"
PLUGIN_JSON = "plugin.json"
MAX_BYTES = 4 * 1024 * 1024

# Component folders and files that belong at the plugin root; inside .claude-plugin/ nothing loads them.
_ROOT_COMPONENTS = (
    "skills", "commands", "agents", "hooks", "output-styles", "monitors", "themes", "workflows", "bin",
    ".mcp.json", ".lsp.json", "settings.json", "hooks.json",
)  # fmt: skip


class Plugin(Record):
    """A plugin found through a manifest: its name, root folder and the skill folders it loads."""

    __slots__ = ("name", "root", "skill_dirs", "marketplace", "marketplace_root")

    def __init__(
        self,
        name: str,
        root: Path,
        skill_dirs: list[Path] | None = None,
        marketplace: str | None = None,
        marketplace_root: Path | None = None,
    ) -> None:
        self.name = name
        self.root = root
        self.skill_dirs: list[Path] = [] if skill_dirs is None else skill_dirs
        self.marketplace = marketplace  # the name of the marketplace that lists it, when one does
        self.marketplace_root = marketplace_root


def has_manifest(directory: Path) -> bool:
    base = directory / MANIFEST_DIR
    return (base / MARKETPLACE_JSON).is_file() or (base / PLUGIN_JSON).is_file()


class Scanner:
    """Visits folders holding `.claude-plugin/`; every manifest is read and checked once per run."""

    def __init__(self) -> None:
        self.findings: list[Finding] = []
        self.plugins: list[Plugin] = []
        self._manifests: dict[str, Manifest] = {}
        self._plugin_roots: set[str] = set()

    def visit(self, directory: Path) -> None:
        market = directory / MANIFEST_DIR / MARKETPLACE_JSON
        if market.is_file() and os.path.realpath(market) not in self._manifests:
            self._marketplace(directory, self._read(market))
        if (directory / MANIFEST_DIR / PLUGIN_JSON).is_file():
            self._plugin(directory, None, None, ())
        self._layout(directory)

    def _read(self, path: Path) -> Manifest:
        real = os.path.realpath(path)
        if real in self._manifests:
            return self._manifests[real]
        text: str | None
        problem: str | None
        where: tuple[int | None, int | None]
        if _escapes(path, path.parent.parent):
            text, problem, where = None, f"{path.name} is a symlink that leads outside its plugin; not read", (None, None)
        else:
            text, problem, where = _read_text(path)
        manifest = Manifest(path, None)
        if text is None:
            self.findings.append(Finding(RuleId.MANIFEST_JSON, problem or "cannot read", *where, os.fspath(path)))
        else:
            from skillkit.discovery import jsonpos  # only when a manifest is read

            doc = jsonpos.loads(text)
            if doc.error is not None:
                msg, line, col = doc.error
                message = f"invalid JSON: {msg[0].lower()}{msg[1:]}{_hint(text, line, col)}"
                self.findings.append(Finding(RuleId.MANIFEST_JSON, message, line, col, os.fspath(path)))
            elif not isinstance(doc.data, dict):
                self.findings.append(
                    Finding(RuleId.MANIFEST_JSON, f"{path.name} must hold a JSON object, got {json_type(doc.data)}", 1, 1, os.fspath(path))
                )
            else:
                manifest.doc = doc
        self._manifests[real] = manifest
        return manifest

    def _marketplace(self, root: Path, market: Manifest) -> None:
        data = market.data
        if data is None:
            return
        self.findings.extend(check_marketplace(market))
        plugins = data.get("plugins")
        if not isinstance(plugins, list):
            return
        metadata = data.get("metadata")
        plugin_root = metadata.get("pluginRoot") if isinstance(metadata, dict) else None
        for i, entry in enumerate(plugins):
            if not isinstance(entry, dict) or not isinstance(entry.get("source"), str):
                continue  # remote sources (github, git, npm, ...) have nothing local to check
            source = entry["source"]
            if isinstance(plugin_root, str) and not source.startswith("./") and path_problem(source, "source", relaxed=True) is None:
                source = os.path.join(plugin_root, source)
            if path_problem(source, "source", relaxed=True) is not None:
                continue  # already reported; never follow a path out of the marketplace
            folder = Path(os.path.normpath(root / source))
            if _escapes(folder, root):
                self.findings.append(
                    market.finding(RuleId.MANIFEST_PATH, f"plugin source '{entry['source']}' leads outside the marketplace through a symlink; not followed", ("plugins", i, "source"))
                )
                continue
            if not folder.is_dir():
                self.findings.append(
                    market.finding(RuleId.MANIFEST_SOURCE_MISSING, f"plugin source '{entry['source']}' not found", ("plugins", i, "source"))
                )
                continue
            self._plugin(folder, market, entry, ("plugins", i))

    def _plugin(self, root: Path, market: Manifest | None, entry: dict[str, Any] | None, entry_path: jsonpos.JsonPath) -> None:
        manifest_file = root / MANIFEST_DIR / PLUGIN_JSON
        manifest = self._read(manifest_file) if manifest_file.is_file() else None
        real = os.path.realpath(root)
        first_visit = real not in self._plugin_roots
        self._plugin_roots.add(real)
        if manifest is not None and manifest.data is not None and first_visit:
            self.findings.extend(check_plugin_json(manifest))
        if entry is None and not first_visit:
            return  # a plain plugin.json already visited through its marketplace
        name = _name_of(entry) or _name_of(manifest.data if manifest else None) or root.name
        plugin = Plugin(name=name, root=root)
        if market is not None:
            plugin.marketplace = _name_of(market.data) or market.path.parent.parent.name
            plugin.marketplace_root = market.path.parent.parent
        declared = False
        for owner, where, data in ((manifest, (), manifest.data if manifest else None), (market, entry_path, entry)):
            if owner is None or data is None:
                continue
            for index, value in component_paths(data, "skills"):
                declared = True
                plugin.skill_dirs.extend(self._skill_paths(root, owner, (*where, "skills", *index), value))
        skills_dir = root / "skills"
        if skills_dir.is_dir():
            plugin.skill_dirs.extend(_skills_in(skills_dir))
        elif not declared and _skill_md(root) is not None:
            plugin.skill_dirs.append(root)  # a one-skill plugin: SKILL.md at the plugin root
        if entry is not None and market is not None and entry.get("strict") is False and manifest is not None and manifest.data:
            components = [k for k in ("skills", "commands", "agents", "hooks", "mcpServers", "lspServers", "outputStyles", "workflows") if k in manifest.data]
            if components:
                self.findings.append(
                    market.finding(
                        RuleId.PLUGIN_STRICT_CONFLICT,
                        f"entry has \"strict\": false but {display(manifest.path)} also declares {', '.join(components)}; declare components in one place",
                        (*entry_path, "strict"),
                    )
                )
        self.plugins.append(plugin)

    def _skill_paths(self, root: Path, owner: Manifest, where: jsonpos.JsonPath, value: str) -> list[Path]:
        if path_problem(value, "skills", relaxed=True) is not None:
            return []  # reported by the manifest checks
        target = Path(os.path.normpath(root / value))
        if _escapes(target, root):
            self.findings.append(owner.finding(RuleId.MANIFEST_PATH, f"skill path '{value}' leads outside the plugin through a symlink; not followed", where))
            return []
        if _skill_md(target) is not None:
            return [target]
        if target.is_dir():
            found = _skills_in(target)
            if found:
                return found
        if path_problem(value, "skills") is None:  # a malformed path is reported once, as manifest-path
            self.findings.append(owner.finding(RuleId.MANIFEST_SOURCE_MISSING, f"skill path '{value}' not found (no SKILL.md there)", where))
        return []

    def _layout(self, root: Path) -> None:
        base = root / MANIFEST_DIR
        for name in _ROOT_COMPONENTS:
            misplaced = base / name
            if os.path.lexists(misplaced):
                shown = name + ("/" if misplaced.is_dir() else "")
                self.findings.append(
                    Finding(
                        RuleId.PLUGIN_LAYOUT,
                        f"'{MANIFEST_DIR}/{shown}' is inside {MANIFEST_DIR}/; move it to the plugin root, next to {MANIFEST_DIR}/",
                        None,
                        None,
                        os.fspath(misplaced),
                    )
                )


def _escapes(path: Path, root: Path) -> bool:
    """True when `path` resolves outside `root`: a symlink must not make a run read files elsewhere."""
    real, top = os.path.realpath(path), os.path.realpath(root)
    return not (real == top or real.startswith(top.rstrip(os.sep) + os.sep))


def _name_of(data: dict[str, Any] | None) -> str | None:
    value = (data or {}).get("name")
    return value if isinstance(value, str) and value else None


def _skill_md(directory: Path) -> Path | None:
    from skillkit.discovery.sources import skill_file_in

    return skill_file_in(directory) if directory.is_dir() else None


def _skills_in(folder: Path) -> list[Path]:
    try:
        entries = sorted(e.name for e in os.scandir(folder) if e.is_dir())
    except OSError:
        return []
    return [folder / n for n in entries if _skill_md(folder / n) is not None]


def _read_text(path: Path) -> tuple[str | None, str | None, tuple[int | None, int | None]]:
    nowhere: tuple[int | None, int | None] = (None, None)
    try:
        st = os.stat(path)
    except OSError as exc:
        return None, f"cannot read {path.name}: {exc.strerror or exc}", nowhere
    if not stat.S_ISREG(st.st_mode):
        return None, f"cannot read {path.name}: not a regular file", nowhere
    if st.st_size > MAX_BYTES:
        return None, f"{path.name} too large ({st.st_size:,} > {MAX_BYTES:,} bytes); not parsed", nowhere
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        return None, f"cannot read {path.name}: {exc.strerror or exc}", nowhere
    try:
        return raw.decode("utf-8"), None, nowhere
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line_start = before.rfind(b"\n") + 1
        column = len(before[line_start:].decode("utf-8", "replace")) + 1
        return None, f"{path.name} is not UTF-8 (invalid byte 0x{raw[exc.start]:02x})", (before.count(b"\n") + 1, column)


def _hint(text: str, line: int, col: int) -> str:
    """Name the usual culprits: a trailing comma (JSON has none) and comments (JSON has none either)."""
    lines = text.split("\n")
    before = "\n".join(lines[: line - 1] + [lines[line - 1][: col - 1]] if line <= len(lines) else lines).rstrip()
    if before.endswith(","):
        return " (a trailing comma before it? JSON allows none)"
    rest = lines[line - 1][col - 1 :].lstrip() if line <= len(lines) else ""
    if rest.startswith(("//", "/*", "#")):
        return " (JSON allows no comments)"
    return ""
