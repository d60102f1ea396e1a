"""Turn the paths a user gives into skill sources: skill folders, SKILL.md files, and folders searched for skills."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Final

from skillkit.diagnostics import UsageError
from skillkit.paths import SKIP_DIRS
from skillkit.record import Record

# A folder holding this is a virtualenv, whatever its name: never searched for skills.
VENV_MARKER = "pyvenv.cfg"


class SkillSource:
    """A SKILL.md to check and the folder that is its skill (paths absolute, symlinks not resolved).

    The paths are kept as text and made Path objects on access: a run over 60,000 skills holds one of
    these per skill in the parent and in every forked worker, and two Paths cost five times two strings.
    """

    __slots__ = ("dir", "md")

    def __init__(self, skill_md: str | os.PathLike[str], skill_dir: str | os.PathLike[str]) -> None:
        self.md: str = os.fspath(skill_md)
        self.dir: str = os.fspath(skill_dir)

    @property
    def skill_md(self) -> Path:
        return Path(self.md)

    @property
    def skill_dir(self) -> Path:
        return Path(self.dir)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SkillSource) and (self.md, self.dir) == (other.md, other.dir)

    def __hash__(self) -> int:
        return hash((self.md, self.dir))

    def __repr__(self) -> str:
        return f"SkillSource(skill_md={self.md!r}, skill_dir={self.dir!r})"


ZIP_SUFFIXES = (".zip", ".skill")


class ZipSource(Record):
    """A skill zip named on the command line, checked in memory as an upload (zips inside folders are not searched).

    `skill_md` and `skill_dir` are the zip's own path, for code that only wants to name the source.
    """

    __slots__ = ("zip_path",)

    def __init__(self, zip_path: Path) -> None:
        self.zip_path: Final = zip_path

    @property
    def skill_md(self) -> Path:
        return self.zip_path

    @property
    def skill_dir(self) -> Path:
        return self.zip_path


def discover(paths: Sequence[str | os.PathLike[str]]) -> list[SkillSource | ZipSource]:
    """Every skill under `paths`, each once, in a stable order; UsageError when a path is missing or nothing is found."""
    given = list(paths) or ["."]
    found: list[SkillSource | ZipSource] = []
    for raw in given:
        path = Path(os.path.abspath(raw))
        if not os.path.lexists(path):
            raise UsageError(f"path not found: {os.fspath(raw)}")
        if path.is_dir():
            found.extend(_walk(path))
        elif path.name.lower() == "skill.md":
            found.append(SkillSource(path, path.parent))
        elif path.name.lower().endswith(ZIP_SUFFIXES):
            found.append(ZipSource(path))
        else:
            raise UsageError(f"not a skill: {os.fspath(raw)} (give a skill folder, a SKILL.md file, a skill .zip, or a folder of skills)")
    unique: dict[str, SkillSource | ZipSource] = {}
    for source in found:
        unique.setdefault(os.path.realpath(source.skill_md), source)
    if not unique:
        shown = ", ".join(os.fspath(p) for p in given)
        raise UsageError(f"no skill found in {shown} (a skill is a folder holding a SKILL.md)")
    return list(unique.values())


def skill_file_in(directory: Path, names: Iterable[str] | None = None) -> Path | None:
    """The folder's SKILL.md, preferring the exact name over case variants (reported by their own rules).

    `names` are the folder's entries when the caller has already listed it.
    """
    if names is None:
        try:
            names = [e.name for e in os.scandir(directory)]
        except OSError:
            return None
    name = skill_file_name(names)
    return directory / name if name is not None else None


def skill_file_name(names: Iterable[str]) -> str | None:
    """Which of a folder's entry names is its SKILL.md (the exact name first, then a case variant)."""
    names = list(names)
    if "SKILL.md" in names:
        return "SKILL.md"
    variants = sorted(n for n in names if n.lower() == "skill.md")
    return variants[0] if variants else None


def _walk(root: Path) -> Iterator[SkillSource]:
    stack = [root]
    while stack:
        directory = stack.pop()
        skill_md = skill_file_in(directory)
        if skill_md is not None:
            yield SkillSource(skill_md, directory)
            continue  # files inside a skill belong to it; nested SKILL.md files are a packaging matter
        stack.extend(reversed(subfolders(directory)))


def subfolders(directory: Path, entries: Iterable[os.DirEntry[str]] | None = None) -> list[Path]:
    """The folders directly inside `directory` worth searching, by name; symlinked folders are not followed."""
    if entries is None:
        try:
            entries = list(os.scandir(directory))
        except OSError:
            return []
    out = []
    for entry in sorted(entries, key=lambda e: e.name):
        if entry.name in SKIP_DIRS or not entry.is_dir(follow_symlinks=False):
            continue
        if os.path.exists(os.path.join(entry.path, VENV_MARKER)):
            continue  # a virtualenv under any name
        out.append(Path(entry.path))
    return out
