"""Named reporters: each turns a finished Report into text; none of them decides anything."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping

from skillkit.diagnostics import Report

Reporter = Callable[..., str]

NAMES: tuple[str, ...] = ("text", "json", "sarif", "github", "junit")


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


REPORTERS: Mapping[str, Reporter] = _Reporters()

__all__ = ["NAMES", "REPORTERS", "Report", "Reporter"]
