"""How paths are shown in reports: relative to the current directory when under it, else absolute, always '/'."""

from __future__ import annotations

import os
from pathlib import Path


def display(path: Path | str, cwd: Path | None = None) -> str:
    p = os.path.abspath(path)
    base = os.path.abspath(cwd or os.getcwd())
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
