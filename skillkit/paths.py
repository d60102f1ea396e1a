"""Paths as reports show them (relative to the current directory when under it, else absolute, always '/'), and the folders never searched."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Final

# Folders that never hold skills worth checking: VCS data, dependency trees, caches.
SKIP_DIRS: Final = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        "node_modules",
        "__pycache__",
        ".tox",
        ".nox",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".cache",
        "site-packages",
        ".venv",
        "venv",
    }
)


def display(path: Path | str, cwd: Path | str | None = None) -> str:
    """`path` as reports show it; `cwd` (default: the current directory) saves a getcwd per call."""
    p = absolute(path)
    base = absolute(cwd) if cwd else os.getcwd()
    if os.sep == "/" and not p.startswith("//") and not base.startswith("//"):
        # Called for every skill and finding: the string form of what pathlib answers below, without its cost.
        if p == base:
            return "."
        prefix = base if base.endswith("/") else base + "/"
        return p.removeprefix(prefix)
    try:
        rel = Path(p).relative_to(Path(base))
    except ValueError:
        return Path(p).as_posix()
    text = rel.as_posix()
    return text if text != "." else "."


def absolute(path: Path | str) -> str:
    """os.path.abspath, without its two interpreted calls where the path is already absolute and normal
    (the common case: discovery hands every skill over that way, and this runs several times per skill)."""
    text = os.fspath(path)
    if os.sep == "/" and text.startswith("/") and not text.endswith("/") and "//" not in text and "/." not in text:
        return text
    return os.path.abspath(text)


def realpath(path: str, memo: dict[str, str]) -> str:
    """os.path.realpath, resolving each folder once per run (`memo`): sibling skills share their parents' answer."""
    # Up to the nearest folder already resolved, then down again: a loop, so a path 1,500 folders deep never
    # reaches the recursion limit.
    path = absolute(path)
    below: list[tuple[str, str]] = []
    while True:
        known = memo.get(path)
        if known is not None:
            real = known
            break
        parent, name = os.path.split(path)
        if not name:
            real = path
            break
        below.append((path, name))
        path = parent
    for full, name in reversed(below):
        joined = os.path.join(real, name)
        real = os.path.realpath(joined) if os.path.islink(joined) else joined
        memo[full] = real
    return real
