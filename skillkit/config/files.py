"""Where a run's settings come from: the `.skillkit.toml`, or `pyproject.toml` with a `[tool.skillkit]` table, given
or found at or above the checked paths, read and checked into a Config (skillkit.config.settings)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from skillkit.config.settings import Config, parse
from skillkit.diagnostics import UsageError
from skillkit.paths import display

DOT_FILE = ".skillkit.toml"
PYPROJECT = "pyproject.toml"


def find(start: Path) -> Path | None:
    """The nearest `.skillkit.toml`, or `pyproject.toml` with a `[tool.skillkit]` table, at or above `start`."""
    here = Path(os.path.abspath(start))
    folder = here if here.is_dir() else here.parent
    for candidate in (folder, *folder.parents):
        dot = candidate / DOT_FILE
        if dot.is_file():
            return dot
        py = candidate / PYPROJECT
        if py.is_file() and _mentions_skillkit(py) and _table(py) is not None:
            return py
    return None


def load(path: Path) -> Config:
    """Read and check one config file; any problem is a UsageError naming the file and the valid choices."""
    path = Path(os.path.abspath(path))
    if not path.is_file():
        raise UsageError(f"config file not found: {display(path)}")
    if path.name == PYPROJECT:
        data = _table(path)
        if data is None:
            raise UsageError(f"{display(path)} has no [tool.skillkit] table")
        where = f"{display(path)} [tool.skillkit]"
    else:
        data = _read_toml(path)
        where = display(path)
    return Config(settings=parse(data, where), root=path.parent, file=path)


def resolve(paths: Sequence[str | os.PathLike[str]], explicit: str | os.PathLike[str] | None = None) -> Config:
    """The config for a run: the file given, else the one found above the checked paths, else the defaults."""
    if explicit is not None:
        return load(Path(explicit))
    found = find(_common_start(paths))
    return load(found) if found else Config()


def _mentions_skillkit(path: Path) -> bool:
    try:
        return "skillkit" in path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False


def _table(pyproject: Path) -> Any:
    return _read_toml(pyproject).get("tool", {}).get("skillkit")


def _read_toml(path: Path) -> dict[str, Any]:
    import tomllib  # only when there is a file to read

    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{display(path)}: invalid TOML: {exc}") from None
    except RecursionError:  # tomllib recurses per nesting level: a hostile file nests thousands deep
        raise UsageError(f"{display(path)}: invalid TOML: nested too deeply to read") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read {display(path)}: {exc}") from None


def _common_start(paths: Sequence[str | os.PathLike[str]]) -> Path:
    absolute = [os.path.abspath(p) for p in paths] or [os.getcwd()]
    try:
        return Path(os.path.commonpath(absolute))
    except ValueError:  # different drives on Windows
        return Path(absolute[0])
