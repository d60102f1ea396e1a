"""Which files stay out of a skill's zip: default junk excludes plus `.skillkitignore` and `--exclude`, in gitignore syntax."""

from __future__ import annotations

import os
import stat
from collections.abc import Collection, Iterable
from functools import lru_cache
from pathlib import Path
from typing import Final

from skillkit.record import Record
from skillkit.wildmatch import Glob, GlobList, compile_line

IGNORE_FILE = ".skillkitignore"
IGNORE_FILE_MAX_BYTES = 256 * 1024  # an ignore file is a few lines; bigger ones are not a real use

# What no upload needs: VCS data, caches, OS and editor litter, dependency trees, the ignore file itself.
# Anthropic's package_skill.py also drops a root `evals/` folder (test prompts, not skill content).
DEFAULT_EXCLUDES: tuple[str, ...] = (
    ".git",  # a folder, or the file a worktree or submodule leaves
    ".hg/",
    ".svn/",
    "__pycache__/",
    "*.py[cod]",
    ".pytest_cache/",
    ".mypy_cache/",
    ".ruff_cache/",
    ".tox/",
    ".venv/",
    "node_modules/",
    ".DS_Store",
    "__MACOSX/",
    "._*",
    "Thumbs.db",
    "desktop.ini",
    ".idea/",
    ".vscode/",
    "*.swp",
    "*.swo",
    ".*.sw[a-p]",
    "*~",
    "\\#*#",
    ".#*",
    "/evals/",
    "/" + IGNORE_FILE,
)


class Pattern(Record):
    """One compiled gitignore line; `origin` says where it came from (`default`, `.skillkitignore:3`, `--exclude`)."""

    __slots__ = ("text", "glob", "origin")

    def __init__(self, text: str, glob: Glob, origin: str) -> None:
        self.text: Final = text
        self.glob: Final = glob
        self.origin: Final = origin

    @property
    def negated(self) -> bool:
        return self.glob.negated

    @property
    def dir_only(self) -> bool:
        return self.glob.dir_only


class IgnoreRules:
    """An ordered list of patterns; as in git, the last pattern that matches a path decides.

    Not a Record: besides its one field it keeps a cache (`_globs`), so it has its own equality, hash, repr and
    pickling, all by `patterns` alone.
    """

    __slots__ = ("patterns", "_globs")

    def __init__(self, patterns: tuple[Pattern, ...] = ()) -> None:
        self.patterns: Final = patterns
        # The patterns indexed for matching, built on first use; equality and hashing ignore it.
        self._globs: GlobList | None = None

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, IgnoreRules)
        return self.patterns == other.patterns

    def __hash__(self) -> int:
        return hash((self.patterns,))

    def __repr__(self) -> str:
        return f"{type(self).__qualname__}(patterns={self.patterns!r})"

    def __reduce__(self) -> tuple[type[IgnoreRules], tuple[tuple[Pattern, ...]]]:
        return (type(self), (self.patterns,))

    def match(self, rel: str, is_dir: bool) -> Pattern | None:
        """The deciding pattern for one path (relative, '/'-separated), without looking at its parents."""
        found = self._list().decide(rel, is_dir)
        return self.patterns[found] if found >= 0 else None

    def ignored(self, rel: str, is_dir: bool) -> bool:
        return self._list().excluded(rel, is_dir)

    def ignored_path(self, rel: str) -> str | None:
        """For a file path whose parents were not walked (a zip member): the excluded prefix, or None.

        As in git, a file inside an excluded folder stays excluded whatever later patterns say.
        """
        names = self._list().excluded_prefix(rel, False)
        if not names:
            return None
        parts = rel.split("/")
        return rel if names >= len(parts) else "/".join(parts[:names]) + "/"

    def extended(self, patterns: Iterable[Pattern]) -> IgnoreRules:
        return IgnoreRules(self.patterns + tuple(patterns))

    def _list(self) -> GlobList:
        globs = self._globs
        if globs is None:
            globs = GlobList(p.glob for p in self.patterns)
            self._globs = globs
        return globs


def compile_lines(lines: Iterable[str], origin: str, *, numbered: bool = True) -> list[Pattern]:
    """Compile gitignore lines; `origin` gets the line number appended (`.skillkitignore:3`) when `numbered`."""
    if isinstance(lines, tuple):
        return list(_compiled(lines, origin, numbered))  # option values: compiled once per run, not once per skill
    out: list[Pattern] = []
    for number, line in enumerate(lines, 1):
        pattern = compile_pattern(line, f"{origin}:{number}" if numbered else origin)
        if pattern is not None:
            out.append(pattern)
    return out


@lru_cache(maxsize=32)
def _compiled(lines: tuple[str, ...], origin: str, numbered: bool) -> tuple[Pattern, ...]:
    return tuple(compile_lines(list(lines), origin, numbered=numbered))


def compile_pattern(line: str, origin: str) -> Pattern | None:
    """One gitignore line as a Pattern; None for blank lines and comments. Odd patterns match what git's would."""
    glob = compile_line(line)
    return None if glob is None else Pattern(text=line.strip(), glob=glob, origin=origin)


@lru_cache(maxsize=1)
def defaults() -> IgnoreRules:
    """The default excludes, compiled on first use (a run of skills without extra files never needs them)."""
    return IgnoreRules(tuple(compile_lines(DEFAULT_EXCLUDES, "default", numbered=False)))


@lru_cache(maxsize=16)
def _with_options(extra: tuple[str, ...]) -> IgnoreRules:
    # Shared by every skill without a .skillkitignore, so its index is built once per run.
    return defaults().extended(compile_lines(extra, "--exclude", numbered=False))


def for_listed(skill_dir: Path | str, listed: Collection[str]) -> IgnoreRules:
    """A skill's rules when its root folder's listing is at hand: an ignore file missing from it is not opened."""
    return load(Path(skill_dir)) if IGNORE_FILE in listed else defaults()


def load(skill_dir: Path, extra: Iterable[str] = ()) -> IgnoreRules:
    """Defaults, then the skill's `.skillkitignore`, then `--exclude` patterns (so each can override the one before)."""
    shared = _with_options(tuple(extra))
    own = compile_lines(read_ignore_file(skill_dir / IGNORE_FILE), IGNORE_FILE)
    if not own:
        return shared
    cut = len(defaults().patterns)
    return IgnoreRules(shared.patterns[:cut] + tuple(own) + shared.patterns[cut:])


def read_ignore_file(path: Path) -> list[str]:
    """The lines of an ignore file, split as git does (LF only, no BOM); a missing, special or huge file reads as empty."""
    try:
        st = os.lstat(path)
        if not stat.S_ISREG(st.st_mode):
            return []
        with open(path, "rb") as fh:
            raw = fh.read(IGNORE_FILE_MAX_BYTES)
    except OSError:
        return []
    return raw.decode("utf-8", errors="replace").removeprefix("\ufeff").split("\n")
