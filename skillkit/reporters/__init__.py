"""Named reporters: each turns a finished Report into text; none of them decides anything."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping

from skillkit.diagnostics import Report

Reporter = Callable[..., str]
Writer = Callable[..., None]

# The one list of output format names: validate's reporters, build-zip's two, and `auto`.
NAMES: tuple[str, ...] = ("text", "json", "sarif", "github", "junit")
BUILD_NAMES: tuple[str, ...] = ("text", "json")
AUTO = "auto"
VALIDATE_CHOICES: tuple[str, ...] = (AUTO, *NAMES)
SHOWS_FIXES: frozenset[str] = frozenset({"json"})  # the formats that write each finding's fix


def resolve_format(name: str, environ: Mapping[str, str]) -> str:
    """`auto` is github under GitHub Actions (annotations on the diff), else text; other names stand."""
    if name != AUTO:
        return name
    return "github" if environ.get("GITHUB_ACTIONS") == "true" else "text"


class _Reporters(Mapping[str, Reporter]):
    """Format name -> render function; a reporter's module is imported the first time it is asked for."""

    def __getitem__(self, name: str) -> Reporter:
        if name not in NAMES:
            raise KeyError(name)
        return importlib.import_module(f"{__name__}.{name}").render  # type: ignore[no-any-return]

    def __iter__(self) -> Iterator[str]:
        return iter(NAMES)

    def __len__(self) -> int:
        return len(NAMES)


class _Writers(Mapping[str, Writer]):
    """Format name -> write(run, out, colour=...): the streaming form every reporter has; imported on first use."""

    def __getitem__(self, name: str) -> Writer:
        if name not in NAMES:
            raise KeyError(name)
        return importlib.import_module(f"{__name__}.{name}").write  # type: ignore[no-any-return]

    def __iter__(self) -> Iterator[str]:
        return iter(NAMES)

    def __len__(self) -> int:
        return len(NAMES)


REPORTERS: Mapping[str, Reporter] = _Reporters()
WRITERS: Mapping[str, Writer] = _Writers()

__all__ = ["AUTO", "BUILD_NAMES", "NAMES", "REPORTERS", "SHOWS_FIXES", "VALIDATE_CHOICES", "WRITERS", "Report", "Reporter", "Writer", "resolve_format"]
