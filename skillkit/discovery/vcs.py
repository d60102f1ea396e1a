"""Git, when there is one: the work tree's top folder and which paths .gitignore excludes. Never required."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

_TIMEOUT = 60
# A checked repository may be untrusted (an unpacked archive keeps its .git/config): a configured
# core.fsmonitor command would run on every index read, so it is switched off for each call.
_SAFE = ("-c", "core.fsmonitor=false")


def toplevel(directory: str) -> Path | None:
    """The work tree root holding `directory`, or None outside a work tree or without git."""
    if not os.path.isdir(directory) or not _maybe_in_work_tree(directory):
        return None
    import shutil
    import subprocess  # only inside a work tree: a one-skill run elsewhere never pays ~3 ms for it

    if shutil.which("git") is None:
        return None
    try:
        done = subprocess.run(
            ["git", *_SAFE, "rev-parse", "--show-toplevel"],
            cwd=directory,
            check=False,
            capture_output=True,
            text=True,
            timeout=_TIMEOUT,
            env=_env(),
        )
    except (OSError, subprocess.SubprocessError):
        return None
    out = done.stdout.strip()
    return Path(out) if done.returncode == 0 and out else None


def _maybe_in_work_tree(directory: str) -> bool:
    """False when no folder from `directory` up holds `.git` and git's environment names no repository:
    git would say "not a git repository", so it is not started (a one-skill run saves a process)."""
    if any(os.environ.get(name) for name in ("GIT_DIR", "GIT_WORK_TREE")):
        return True
    folder = os.path.abspath(directory)
    while True:
        if os.path.lexists(os.path.join(folder, ".git")):
            return True
        parent = os.path.dirname(folder)
        if parent == folder:
            return False
        folder = parent


def repo_root(cwd: str | None = None) -> Path:
    """Where report paths are relative to: the git top folder of the current directory, else the directory itself."""
    here = os.path.abspath(cwd or os.getcwd())
    return toplevel(here) or Path(here)


def ignored(paths: Iterable[Path], work_tree: Path) -> set[Path]:
    """The subset of `paths` (absolute, inside `work_tree`) that .gitignore rules exclude; empty when git fails."""
    top = os.path.realpath(work_tree)
    by_rel: dict[str, Path] = {}
    parents: dict[Path, str] = {}  # siblings share a parent: resolve each folder once
    for p in paths:
        # Resolve the folders above, not the path itself: a symlink is ignored or not by its own name.
        if p.parent not in parents:
            parents[p.parent] = os.path.realpath(p.parent)
        rel = os.path.relpath(os.path.join(parents[p.parent], p.name), top)
        if rel != ".." and not rel.startswith(".." + os.sep):
            by_rel[Path(rel).as_posix()] = p
    if not by_rel:
        return set()
    import subprocess

    payload = "\0".join(by_rel) + "\0"
    try:
        done = subprocess.run(
            ["git", *_SAFE, "check-ignore", "--stdin", "-z"],
            cwd=top,
            input=payload.encode("utf-8", "surrogateescape"),
            check=False,
            capture_output=True,
            timeout=_TIMEOUT,
            env=_env(),
        )
    except (OSError, subprocess.SubprocessError):
        return set()
    # 0: some ignored, 1: none ignored, anything else: git could not tell, so nothing is dropped.
    if done.returncode not in (0, 1):
        return set()
    names = {n for n in done.stdout.decode("utf-8", "surrogateescape").split("\0") if n}
    return {p for rel, p in by_rel.items() if rel in names}


def _env() -> dict[str, str]:
    # A hook or CI may export GIT_DIR/GIT_INDEX_FILE for another repository; ask about the folder we were given.
    env = dict(os.environ)
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        env.pop(name, None)
    env["LC_ALL"] = "C"
    return env
