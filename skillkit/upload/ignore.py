"""Which files stay out of a skill's zip: default junk excludes plus `.skillkitignore` and `--exclude`, in gitignore syntax."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

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


@dataclass(frozen=True, slots=True)
class Pattern:
    """One compiled gitignore line; `origin` says where it came from (`default`, `.skillkitignore:3`, `--exclude`)."""

    text: str
    regex: re.Pattern[str]
    negated: bool
    dir_only: bool
    origin: str


@dataclass(frozen=True, slots=True)
class IgnoreRules:
    """An ordered list of patterns; as in git, the last pattern that matches a path decides."""

    patterns: tuple[Pattern, ...] = ()
    # Cache of _join (files, folders); equality and hashing ignore it.
    _joined: tuple[re.Pattern[str], re.Pattern[str]] | None = field(default=None, init=False, repr=False, compare=False)
    _joinable: bool | None = field(default=None, init=False, repr=False, compare=False)

    def match(self, rel: str, is_dir: bool) -> Pattern | None:
        """The deciding pattern for one path (relative, '/'-separated), without looking at its parents."""
        found: Pattern | None = None
        for pattern in self.patterns:
            if pattern.dir_only and not is_dir:
                continue
            if pattern.regex.fullmatch(rel):
                found = pattern
        return found

    def ignored(self, rel: str, is_dir: bool) -> bool:
        if self._joinable is not False:
            joined = self._joined or self._join()
            if joined is not None:
                return joined[is_dir].fullmatch(rel) is not None
        found = self.match(rel, is_dir)
        return found is not None and not found.negated

    def _join(self) -> tuple[re.Pattern[str], re.Pattern[str]] | None:
        """Without negations any match excludes, so one joined regex per kind of path replaces the loop."""
        flags = re.compile("", re.DOTALL).flags
        joinable = all(not p.negated and p.regex.flags == flags for p in self.patterns)
        object.__setattr__(self, "_joinable", joinable)
        if not joinable:
            return None

        def joined(patterns: Iterable[Pattern]) -> re.Pattern[str]:
            return re.compile("|".join(f"(?:{p.regex.pattern})" for p in patterns) or "(?!)", re.DOTALL)

        pair = (joined(p for p in self.patterns if not p.dir_only), joined(self.patterns))
        object.__setattr__(self, "_joined", pair)
        return pair

    def ignored_path(self, rel: str) -> str | None:
        """For a file path whose parents were not walked (a zip member): the excluded prefix, or None.

        As in git, a file inside an excluded folder stays excluded whatever later patterns say.
        """
        parts = rel.split("/")
        for i in range(1, len(parts)):
            prefix = "/".join(parts[:i])
            if self.ignored(prefix, True):
                return prefix + "/"
        return rel if self.ignored(rel, False) else None

    def extended(self, patterns: Iterable[Pattern]) -> IgnoreRules:
        return IgnoreRules(self.patterns + tuple(patterns))


def compile_lines(lines: Iterable[str], origin: str, *, numbered: bool = True) -> list[Pattern]:
    """Compile gitignore lines; `origin` gets the line number appended (`.skillkitignore:3`) when `numbered`."""
    out: list[Pattern] = []
    for number, line in enumerate(lines, 1):
        pattern = compile_pattern(line, f"{origin}:{number}" if numbered else origin)
        if pattern is not None:
            out.append(pattern)
    return out


def compile_pattern(line: str, origin: str) -> Pattern | None:
    """One gitignore line as a Pattern; None for blank lines and comments."""
    text = _strip_trailing_spaces(line.rstrip("\r\n"))
    if not text or text.startswith("#"):
        return None
    negated = text.startswith("!")
    if negated or text.startswith(("\\!", "\\#")):
        text = text[1:]
    dir_only = text.endswith("/") and not text.endswith("\\/")
    body = text.rstrip("/") if dir_only else text
    if not body:
        return None
    anchored = "/" in body
    body = body.lstrip("/")
    regex = ("" if anchored else "(?:.*/)?") + _translate(body)
    return Pattern(text=line.strip(), regex=re.compile(regex, re.DOTALL), negated=negated, dir_only=dir_only, origin=origin)


def _strip_trailing_spaces(text: str) -> str:
    # git drops trailing spaces unless the last one is escaped with a backslash
    stripped = text.rstrip(" ")
    if stripped.endswith("\\") and len(stripped) < len(text):
        return stripped + " "
    return stripped


def _translate(body: str) -> str:
    segments = body.split("/")
    out: list[str] = []
    last = len(segments) - 1
    for i, segment in enumerate(segments):
        if segment == "**":
            if i == last:
                out.append(".*" if i == 0 else "/.*")
            elif i == 0:
                out.append("(?:.*/)?")
            else:
                out.append("/(?:.*/)?")
            continue
        if i > 0 and segments[i - 1] != "**":
            out.append("/")
        out.append(_translate_segment(segment))
    return "".join(out)


def _translate_segment(segment: str) -> str:
    out: list[str] = []
    i, n = 0, len(segment)
    while i < n:
        c = segment[i]
        if c == "\\" and i + 1 < n:
            out.append(re.escape(segment[i + 1]))
            i += 2
            continue
        if c == "*":
            while i + 1 < n and segment[i + 1] == "*":
                i += 1  # `a**b` is an ordinary star inside a name
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "[":
            end = segment.find("]", i + 1)
            if end <= i + 1:
                out.append(re.escape(c))
            else:
                inner = segment[i + 1 : end]
                neg = inner[:1] in ("!", "^")
                inner = inner[1:] if neg else inner
                inner = inner.replace("\\", "\\\\").replace("^", "\\^").replace("[", "\\[")
                out.append(f"[{'^/' if neg else ''}{inner}]")
                i = end
        else:
            out.append(re.escape(c))
        i += 1
    return "".join(out)


@lru_cache(maxsize=1)
def defaults() -> IgnoreRules:
    """The default excludes, compiled on first use (a run of skills without extra files never needs them)."""
    return IgnoreRules(tuple(compile_lines(DEFAULT_EXCLUDES, "default", numbered=False)))



def load(skill_dir: Path, extra: Iterable[str] = ()) -> IgnoreRules:
    """Defaults, then the skill's `.skillkitignore`, then `--exclude` patterns (so each can override the one before)."""
    patterns = list(defaults().patterns)
    patterns += compile_lines(read_ignore_file(skill_dir / IGNORE_FILE), IGNORE_FILE)
    patterns += [p for p in (compile_pattern(x, "--exclude") for x in extra) if p is not None]
    return IgnoreRules(tuple(patterns))


def read_ignore_file(path: Path) -> list[str]:
    """The lines of an ignore file; a missing, special or oversized file reads as empty."""
    try:
        st = os.lstat(path)
        if not stat.S_ISREG(st.st_mode):
            return []
        with open(path, "rb") as fh:
            raw = fh.read(IGNORE_FILE_MAX_BYTES)
    except OSError:
        return []
    return raw.decode("utf-8", errors="replace").splitlines()
