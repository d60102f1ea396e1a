"""JSON with positions: load a manifest and know the 1-based line and column of every key and value."""

from __future__ import annotations

import json
import re
from json.decoder import scanstring  # type: ignore[attr-defined]
from typing import Any, Final

from skillkit.record import Record

JsonPath = tuple[str | int, ...]

_WS = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?")


class Pos(Record):
    """Where a value starts, and where its key starts (the value itself for array items and the root)."""

    __slots__ = ("line", "column", "key_line", "key_column")

    def __init__(self, line: int, column: int, key_line: int, key_column: int) -> None:
        self.line: Final = line
        self.column: Final = column
        self.key_line: Final = key_line
        self.key_column: Final = key_column


class Located(Record):
    """A parsed JSON document, or the syntax error that stopped it (message, line, column)."""

    __slots__ = ("data", "positions", "error")

    def __init__(self, data: Any = None, positions: dict[JsonPath, Pos] | None = None, error: tuple[str, int, int] | None = None) -> None:
        self.data = data
        self.positions: dict[JsonPath, Pos] = {} if positions is None else positions
        self.error = error

    def at(self, path: JsonPath, *, key: bool = False) -> tuple[int, int]:
        """(line, column) of the value at `path` (or of its key), falling back to the nearest parent that exists."""
        while path not in self.positions and path:
            path = path[:-1]
        pos = self.positions.get(path)
        if pos is None:
            return 1, 1
        return (pos.key_line, pos.key_column) if key else (pos.line, pos.column)


class _Constant(Exception):
    """NaN or Infinity at an offset: Python's json module takes them, JavaScript's JSON.parse (Claude Code) does not."""

    def __init__(self, word: str, offset: int) -> None:
        super().__init__(word)
        self.word, self.offset = word, offset


def loads(text: str) -> Located:
    """Parse `text`; on a syntax error return its message and exact position instead of raising."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return Located(error=(exc.msg, exc.lineno, exc.colno))
    except RecursionError:
        return Located(error=("nested too deeply", 1, 1))
    located = Located(data=data)
    scanner = _Scanner(text, located.positions)
    try:
        scanner.run()
    except RecursionError:
        pass  # positions of very deep values fall back to their nearest recorded parent
    except _Constant as exc:
        line, column = scanner._where(exc.offset)
        return Located(error=(f"the value {exc.word} is not JSON (Claude Code reads manifests with JavaScript's JSON.parse, which rejects it)", line, column))
    return located


class _Scanner:
    """Walk text that json.loads already accepted and record where each value begins."""

    def __init__(self, text: str, out: dict[JsonPath, Pos]) -> None:
        self.text = text
        self.out = out
        # Offsets of line starts, to turn an offset into a line and column by bisection.
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def run(self) -> None:
        i = self._ws(0)
        self._value(i, (), None)

    def _where(self, offset: int) -> tuple[int, int]:
        from bisect import bisect_right

        line = bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1

    def _ws(self, i: int) -> int:
        m = _WS.match(self.text, i)
        return m.end() if m else i

    def _value(self, i: int, path: JsonPath, key_at: int | None) -> int:
        line, col = self._where(i)
        key_line, key_col = self._where(key_at) if key_at is not None else (line, col)
        self.out[path] = Pos(line, col, key_line, key_col)
        ch = self.text[i]
        if ch == "{":
            return self._object(i + 1, path)
        if ch == "[":
            return self._array(i + 1, path)
        if ch == '"':
            return scanstring(self.text, i + 1)[1]
        for word in ("true", "false", "null"):
            if self.text.startswith(word, i):
                return i + len(word)
        for word in ("NaN", "Infinity", "-Infinity"):
            if self.text.startswith(word, i):
                raise _Constant(word, i)
        m = _NUMBER.match(self.text, i)
        return m.end() if m else i + 1

    def _object(self, i: int, path: JsonPath) -> int:
        i = self._ws(i)
        if self.text[i] == "}":
            return i + 1
        while True:
            key_at = i
            key, i = scanstring(self.text, i + 1)
            i = self._ws(i)
            i = self._ws(i + 1)  # past ':'
            i = self._ws(self._value(i, (*path, key), key_at))
            if self.text[i] == "}":
                return i + 1
            i = self._ws(i + 1)  # past ','

    def _array(self, i: int, path: JsonPath) -> int:
        i = self._ws(i)
        if self.text[i] == "]":
            return i + 1
        index = 0
        while True:
            i = self._ws(self._value(i, (*path, index), None))
            index += 1
            if self.text[i] == "]":
                return i + 1
            i = self._ws(i + 1)
