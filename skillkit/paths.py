"""How paths are shown in reports: relative to the current directory when under it, else absolute, always '/'."""

from __future__ import annotations

import os
from pathlib import Path


def display(path: Path | str, cwd: Path | None = None) -> str:
    p = Path(os.path.abspath(path))
    base = Path(os.path.abspath(cwd or os.getcwd()))
    try:
        rel = p.relative_to(base)
    except ValueError:
        return p.as_posix()
    text = rel.as_posix()
    return text if text != "." else "."
