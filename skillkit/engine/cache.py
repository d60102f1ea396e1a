"""An opt-in result cache (`--cache`): a skill whose files have not changed is not checked again.

A skill's entry is keyed by everything its result depends on: the skillkit build (version and the
stat of its own source files), the options and resolved target, the current directory (reports show
relative paths), and the path, size, mtime and mode of every file in the skill folder. Anything else
(check-code runs, zips, skills with discovery findings) is never cached. The store is one JSON file
written atomically; a damaged or foreign file is ignored, never trusted.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from skillkit.atomic import write_atomic
from skillkit.config.options import Options
from skillkit.diagnostics import Diagnostic, Severity, SkillResult, Target
from skillkit.discovery.sources import SkillSource
from skillkit.edits import Fix
from skillkit.paths import SKIP_DIRS
from skillkit.version import __version__

FORMAT = 1
FILE_NAME = "results-v1-{}.json"
MAX_FILES_PER_SKILL = 5_000  # a skill folder bigger than this is checked, not cached


def cache_dir() -> Path:
    """SKILLKIT_CACHE_DIR, else $XDG_CACHE_HOME/skillkit, else ~/.cache/skillkit."""
    explicit = os.environ.get("SKILLKIT_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "skillkit"


class ResultCache:
    """Entries by key, loaded once per run and saved once at its end."""

    def __init__(self, scope: str, folder: Path | None = None) -> None:
        """`scope` names the run (current folder and paths given): each scope has its own small store."""
        digest = hashlib.sha256(f"{os.getcwd()}\0{scope}".encode("utf-8", "surrogateescape")).hexdigest()[:20]
        self.path = (folder or cache_dir()) / FILE_NAME.format(digest)
        self.entries: dict[str, Any] = _load(self.path)
        self.used: set[str] = set()
        self.dirty = False
        self.salt = _build_salt()
        self.cwd = os.getcwd()
        self._options: dict[tuple[object, ...], str] = {}

    def _options_text(self, options: Options) -> str:
        """Options as canonical text, computed once per distinct set of options in a run."""
        memo_key = (options.target, options.select, options.ignore, tuple(sorted(options.severity.items())), options.check_code)
        text = self._options.get(memo_key)
        if text is None:
            text = self._options[memo_key] = _options_text(options)
        return text

    def key(self, source: SkillSource, options: Options, target: Target) -> str | None:
        stats = _stat_tree(source.dir)
        if stats is None:
            return None
        h = hashlib.sha256()
        for part in (self.salt, self.cwd, source.md, self._options_text(options), target.value, stats):
            h.update(part.encode("utf-8", "surrogateescape"))
            h.update(b"\0")
        return h.hexdigest()

    def get(self, key: str) -> SkillResult | None:
        raw = self.entries.get(key)
        if raw is None:
            return None
        self.used.add(key)
        try:
            return _result(raw)
        except (KeyError, TypeError, ValueError):
            return None

    def put(self, key: str, result: SkillResult) -> None:
        self.entries[key] = result.as_dict()
        self.used.add(key)
        self.dirty = True

    def save(self) -> None:
        """Write the store atomically; a cache that cannot be written is skipped, never an error."""
        if not self.dirty and len(self.used) == len(self.entries):
            return
        # Only what this run used survives: results for old versions of files or of skillkit go.
        entries = {k: v for k, v in self.entries.items() if k in self.used}
        # A cache that cannot be written is only a slower next run: the problem is not reported.
        text = json.dumps({"format": FORMAT, "entries": entries}, separators=(",", ":"))
        write_atomic(self.path, text.encode("utf-8"), private=True)


def _load(path: Path) -> dict[str, Any]:
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, ValueError, RecursionError):  # a damaged or hostile cache is ignored, as its docs promise
        return {}
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("entries"), dict):
        return {}
    return data["entries"]


def _build_salt() -> str:
    """The version plus the stat of skillkit's own modules, so a changed checker never reuses old results."""
    root = Path(__file__).parents[1]  # the whole package, not only this folder
    parts = [__version__]
    for path in sorted(root.rglob("*.py")):
        st = path.stat()
        parts.append(f"{path.relative_to(root)}:{st.st_size}:{st.st_mtime_ns}")
    return "|".join(parts)


def _options_text(options: Options) -> str:
    return json.dumps(
        {
            "target": options.target.value if options.target else None,
            "select": sorted(options.select) if options.select is not None else None,
            "ignore": sorted(options.ignore),
            "severity": sorted((k, v.value) for k, v in options.severity.items()),
            "check_code": options.check_code,
        },
        sort_keys=True,
    )


def _stat_tree(root: str) -> str | None:
    """Path, size, mtime, mode and inode of every entry under the skill folder, in a stable order."""
    rows: list[str] = []
    stack: list[tuple[str, str]] = [(os.fspath(root), "")]
    while stack:
        directory, prefix = stack.pop()
        try:
            entries = list(os.scandir(directory))
        except OSError:
            return None
        for entry in entries:
            rel = prefix + entry.name
            is_dir = entry.is_dir(follow_symlinks=False)
            try:
                st = entry.stat(follow_symlinks=not is_dir)
                rows.append(f"{rel}\t{st.st_size}\t{st.st_mtime_ns}\t{st.st_mode}\t{st.st_ino}")
            except OSError:
                rows.append(f"{rel}\t-")
            if is_dir and entry.name not in SKIP_DIRS:
                stack.append((entry.path, rel + "/"))
        if len(rows) > MAX_FILES_PER_SKILL:
            return None
    rows.sort()
    return "\n".join(rows)


def _result(raw: dict[str, Any]) -> SkillResult:
    return SkillResult(
        path=raw["path"],
        file=raw["file"],
        name=raw["name"],
        target=Target(raw["target"]),
        diagnostics=tuple(
            Diagnostic(
                d["rule"], Severity(d["severity"]), d["message"], d["file"], d["line"], d["column"],
                Fix.from_dict(d["fix"]) if "fix" in d else None,
            )
            for d in raw["diagnostics"]
        ),
    )
