"""Regular expressions compiled on first use, for patterns most runs never need.

Compiling is pure Python in CPython: the 90-odd patterns of a validate run took about 9 ms of a one-skill run's
start, and a typical skill uses only a third of them (the entity, e-mail and HTML-block patterns wait for an `&`,
an `@` or a `<`; the secret patterns for a long token). Patterns every skill needs stay plain `re.compile`.
"""

from __future__ import annotations

import re
from typing import AnyStr, Generic


class LazyPattern(Generic[AnyStr]):
    """`re.compile(source, flags)`, done the first time the pattern is called for: `PATTERN().search(text)`."""

    __slots__ = ("_compiled", "_flags", "_source")

    def __init__(self, source: AnyStr, flags: int = 0) -> None:
        self._source: AnyStr = source
        self._flags = flags
        self._compiled: re.Pattern[AnyStr] | None = None

    def __call__(self) -> re.Pattern[AnyStr]:
        compiled = self._compiled
        if compiled is None:
            compiled = self._compiled = re.compile(self._source, self._flags)
        return compiled
