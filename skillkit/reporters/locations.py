"""Where the CI reporters (github, sarif) place a file: relative to the repository's top folder, as CI expects."""

from __future__ import annotations

import os
from pathlib import Path


def repo_base(root: str | os.PathLike[str] | None) -> Path:
    """The folder paths are made relative to: `root` when given, else the git top folder, else the cwd."""
    if root is None:
        from skillkit.discovery.vcs import (
            repo_root,  # runs git: only for the CI formats
        )

        root = repo_root()
    return Path(os.path.abspath(root))


def under(file: str, base: Path) -> tuple[Path, str | None]:
    """The file's absolute path, and its '/'-path relative to `base` (None when it lies outside)."""
    absolute = Path(os.path.abspath(file))
    try:
        return absolute, absolute.relative_to(base).as_posix()
    except ValueError:
        return absolute, None
