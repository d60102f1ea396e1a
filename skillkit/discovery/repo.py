"""Repo-scale discovery: skills, plugins and marketplaces under the checked paths, minus excludes and .gitignore."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from skillkit.config.settings import Config
from skillkit.diagnostics import Finding, UsageError
from skillkit.discovery import listing, scopes, vcs
from skillkit.discovery.plugins import (
    MANIFEST_DIR,
    MARKETPLACE_JSON,
    PLUGIN_JSON,
    Plugin,
    Scanner,
    has_manifest,
)
from skillkit.discovery.sources import (
    VENV_MARKER,
    SkillSource,
    ZipSource,
    discover,
    skill_file_in,
    skill_file_name,
)
from skillkit.ids import RuleId
from skillkit.paths import SKIP_DIRS, absolute, realpath
from skillkit.record import Record
from skillkit.schema import targets


class Found(Record):
    """What a run checks: the skill sources, manifest findings, plugins, and per-skill discovery findings."""

    __slots__ = ("sources", "findings", "plugins", "extra", "unread", "manifests", "realpaths")

    def __init__(
        self,
        sources: list[SkillSource | ZipSource] | None = None,
        findings: list[Finding] | None = None,
        plugins: list[Plugin] | None = None,
        extra: dict[str, list[Finding]] | None = None,
        unread: set[str] | None = None,
        manifests: int = 0,
        realpaths: dict[str, str] | None = None,
    ) -> None:
        self.sources: list[SkillSource | ZipSource] = [] if sources is None else sources
        self.findings: list[Finding] = [] if findings is None else findings
        self.plugins: list[Plugin] = [] if plugins is None else plugins
        self.extra: dict[str, list[Finding]] = {} if extra is None else extra  # by SKILL.md path: symlink findings
        self.unread: set[str] = set() if unread is None else unread  # SKILL.md paths that must not be opened
        self.manifests = manifests
        self.realpaths: dict[str, str] = {} if realpaths is None else realpaths  # realpath memo for this run


def find(paths: Sequence[str | os.PathLike[str]], config: Config, *, force_exclude: bool = False) -> Found:
    """Every skill and manifest under `paths`; UsageError when a path is missing or nothing at all is found.

    A folder or SKILL.md named explicitly is checked even when `exclude` or .gitignore would skip it,
    unless `force_exclude` (used for the changed files a pre-commit hook passes).
    """
    given = list(paths) or ["."]
    found = Found()
    scanner = Scanner()
    candidates: list[tuple[SkillSource, Path]] = []  # with the path given, whose tree a SKILL.md may not leave
    tops: dict[str, Path | None] = {}  # git work tree per folder, asked once per run
    for raw in given:
        path = Path(os.path.abspath(raw))
        if not os.path.lexists(path):
            raise UsageError(f"path not found: {os.fspath(raw)}")
        if path.name in (MARKETPLACE_JSON, PLUGIN_JSON) and path.parent.name == MANIFEST_DIR:
            path = path.parent.parent  # a manifest stands for its marketplace or plugin
        if not path.is_dir():
            for source in discover([raw]):  # a SKILL.md, a zip, or the usual "not a skill" error
                if isinstance(source, SkillSource):
                    if not (force_exclude and config.excluded(source.skill_dir)):
                        candidates.append((source, source.skill_dir))
                else:
                    found.sources.append(source)
            continue
        plugins_before = len(scanner.plugins)
        skills, manifest_dirs = _walk(path, found.realpaths)
        hidden = _dropped(skills, manifest_dirs, path, config, force_exclude, tops)
        for directory in manifest_dirs:
            if directory not in hidden:
                found.manifests += 1
                scanner.visit(directory)
        candidates.extend((s, path) for s in skills if not hidden or s.skill_dir not in hidden)
        for plugin in scanner.plugins[plugins_before:]:
            for skill_dir in plugin.skill_dirs:
                skill_md = skill_file_in(skill_dir)
                if skill_md is not None and not config.excluded(skill_dir):
                    candidates.append((SkillSource(skill_md, skill_dir), path))
    found.findings = scanner.findings
    found.plugins = scanner.plugins
    seen: set[str] = set()
    # Each SKILL.md's absolute and real path, once: discovery is the serial start of a run of 10,000 skills.
    resolved: list[tuple[SkillSource, Path, str, str]] = []
    for source, given_path in candidates:
        md = absolute(source.md)
        resolved.append((source, given_path, md, realpath(md, found.realpaths)))
    originals = {real for _, _, md, real in resolved if real == md}
    mirrors: dict[str, list[tuple[SkillSource, str]]] = {}
    for source, given_path, md, real in resolved:
        key = real if real == md or not os.path.islink(md) else md
        if key in seen:
            continue
        seen.add(key)
        if real != md and real in originals and os.path.islink(md) and os.path.dirname(real) != realpath(source.dir, found.realpaths):
            # A SKILL.md that is a symlink to another checked skill's: a generated mirror (`.gemini/skills/x/`)
            mirrors.setdefault(os.path.dirname(source.dir), []).append((source, real))
            continue
        found.sources.append(source)
        _containment(source, md, real, given_path, found, tops)
    found.findings.extend(scopes.mirror_note(folder, listed) for folder, listed in mirrors.items())
    skills = [s for s in found.sources if isinstance(s, SkillSource) and s.md not in found.unread]
    found.findings.extend(listing.listing_findings(skills, found.plugins, found.realpaths, config.settings.listing_budget))
    if not found.sources and not found.manifests:
        shown = ", ".join(os.fspath(p) for p in given)
        raise UsageError(f"no skill found in {shown} (a skill is a folder holding a SKILL.md)")
    return found


def owning_skills(files: Sequence[str | os.PathLike[str]]) -> list[str]:
    """The skill folders (and plugin or marketplace roots) that changed files belong to, each once, in order.

    A file belongs to the nearest folder above it that holds a SKILL.md; a changed manifest brings in its
    whole plugin or marketplace. Files outside every skill are dropped. Nothing above the current folder
    is searched.
    """
    cwd = os.path.abspath(os.getcwd())
    out: dict[str, None] = {}
    for raw in files:
        path = os.path.abspath(raw)
        parent = os.path.dirname(path)
        if os.path.basename(parent) == MANIFEST_DIR and os.path.basename(path) in (MARKETPLACE_JSON, PLUGIN_JSON):
            out.setdefault(os.path.dirname(parent))
            continue
        folder = path if os.path.isdir(path) else parent
        while _inside(folder, cwd):
            if skill_file_in(Path(folder)) is not None:
                out.setdefault(folder)
                break
            if folder == cwd:
                break
            folder = os.path.dirname(folder)
    return list(out)


def _walk(root: Path, memo: dict[str, str]) -> tuple[list[SkillSource], list[Path]]:
    """Skills and manifest folders under `root`. Symlinked folders are never entered, so every folder
    reached resolves to its parent's real path plus its name: the realpath memo is filled as we go and
    a 10,000-skill tree costs one scandir per folder, no stat per skill."""
    skills: list[SkillSource] = []
    manifests: list[Path] = []
    top = os.fspath(root)
    stack = [(top, realpath(top, memo))]
    while stack:
        directory, real = stack.pop()
        same = real == directory  # no symlink above: share the strings instead of building equal ones
        try:
            entries = list(os.scandir(directory))
        except OSError:
            continue
        names = [e.name for e in entries]
        if directory != top and VENV_MARKER in names:
            continue  # a virtualenv under any name
        memo[directory] = real
        if MANIFEST_DIR in names and has_manifest(Path(directory)):
            manifests.append(Path(directory))
        name = skill_file_name(names)
        if name is not None:
            skill_md = _join(directory, name)  # text, not Path: 60,000 of these stay in memory
            targets.note_listing(directory, names)  # auto_target then needs no stat for the skill folder itself
            linked = False
            for e in entries:
                if e.name == name:
                    linked = e.is_symlink()
                    break
            if not linked:
                memo[skill_md] = skill_md if same else _join(real, name)
            skills.append(SkillSource(skill_md, directory))
            continue  # files inside a skill belong to it; nested SKILL.md files are a packaging matter
        children = sorted((e for e in entries if e.name not in SKIP_DIRS and e.is_dir(follow_symlinks=False)), key=lambda e: e.name)
        stack.extend((e.path, e.path if same else os.path.join(real, e.name)) for e in reversed(children))
    return skills, manifests


def _join(directory: str, name: str) -> str:
    """os.path.join of a folder and one of its entries' names, without posixpath's interpreted code on POSIX."""
    if os.sep == "/":
        return directory + name if directory.endswith("/") else directory + "/" + name
    return os.path.join(directory, name)


def _dropped(
    skills: list[SkillSource], manifest_dirs: list[Path], root: Path, config: Config, force: bool, tops: dict[str, Path | None]
) -> set[Path]:
    """Folders below `root` that `exclude` or .gitignore leave out (`root` itself only when forced)."""
    gitignore = config.settings.respect_gitignore and _toplevel(root, tops) is not None
    if not config.settings.exclude and not gitignore:
        return set()  # the usual case outside a git work tree: no Path per skill to build
    dirs = [*(s.skill_dir for s in skills), *manifest_dirs]
    below = [d for d in dirs if force or d != root]
    out = {d for d in below if config.excluded(d)}
    if config.settings.respect_gitignore:
        top = _toplevel(root, tops)
        if top is not None:
            out |= vcs.ignored([d for d in below if d not in out], top)
    return out


def _boundary(path: Path, tops: dict[str, Path | None]) -> Path:
    """How far a SKILL.md may resolve: the git work tree, else the folder that was given (symlinks resolved)."""
    folder = Path(os.path.realpath(path if path.is_dir() else path.parent))
    return _toplevel(folder, tops) or folder


def _toplevel(folder: Path, tops: dict[str, Path | None]) -> Path | None:
    key = os.fspath(folder)
    if key not in tops:
        tops[key] = vcs.toplevel(key)
    return tops[key]


def _containment(source: SkillSource, md: str, real: str, given: Path, found: Found, tops: dict[str, Path | None]) -> None:
    """Symlink findings: SKILL.md (`md`, absolute) resolving outside its skill folder (warning) or outside the tree
    (error, not read)."""
    if real == md:
        return  # no symlink on the way: nothing to check, and no git call for it
    if not os.path.exists(real):
        return  # dangling: file-unreadable says so when the skill is read
    key = os.fspath(source.skill_md)
    is_link = os.path.islink(source.skill_md)
    if not _inside(real, os.fspath(_boundary(given, tops))):
        what = f"a symlink to '{os.readlink(source.skill_md)}'" if is_link else f"reached through a symlinked folder ('{real}')"
        found.unread.add(key)
        found.extra[key] = [Finding(RuleId.SYMLINK_OUTSIDE_REPO, f"SKILL.md is {what}, outside the checked tree; not read")]
    elif is_link and not _inside(real, os.path.realpath(source.skill_dir)):
        found.extra[key] = [Finding(RuleId.SYMLINK_OUTSIDE_SKILL, f"SKILL.md is a symlink to '{os.readlink(source.skill_md)}', outside its skill folder")]


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def collisions(checked: Sequence[scopes.Checked], plugins: Sequence[Plugin], memo: dict[str, str] | None = None) -> list[Finding]:
    """Skills whose names collide as Claude Code compares them (see `scopes.collisions`)."""
    return scopes.collisions(checked, plugins, {} if memo is None else memo)
