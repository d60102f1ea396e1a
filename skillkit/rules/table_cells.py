"""A table row's raw cells as markdown-it counts them: the cell split (escapes, code spans) and the row's own text."""

from __future__ import annotations

from typing import Final

from skillkit.lazy_pattern import LazyPattern
from skillkit.markdown.parsed import strip_container

_LIST_MARKER_RE: Final = LazyPattern(r"^(?:[-*+]|\d{1,9}[.)])[ \t]+")


class Cell:
    """One cell of a raw row: its text and the 0-based offset where it starts in the row's source line.

    A plain class, not a dataclass: compiled, it is built ten times faster, and there is one per cell."""

    __slots__ = ("start", "text")

    def __init__(self, text: str, start: int) -> None:
        self.text = text
        self.start = start

    def __repr__(self) -> str:
        return f"Cell({self.text!r}, {self.start})"


def split_row(line: str, code_spans: bool = False) -> list[Cell]:
    """Cells of a raw table row as markdown-it counts them: `\\|` does not split, outer pipes are dropped.

    With `code_spans`, pipes inside backtick code spans do not split either: that is what the author
    meant, and comparing both counts tells when a code span's pipe is what broke the row.
    """
    offset = len(line) - len(line.lstrip())
    text = line.strip()
    cells: list[Cell] = []
    if "\\" not in text and not (code_spans and "`" in text):
        at = 0  # every `|` splits: one str.split, offsets from the piece lengths
        for piece in text.split("|"):
            cells.append(Cell(piece, offset + at))
            at += len(piece) + 1
        if cells and cells[0].text == "":
            cells.pop(0)
        if cells and cells[-1].text == "":
            cells.pop()
        return cells
    start = 0
    i = 0
    escaped = False
    while i < len(text):
        ch = text[i]
        if ch == "`" and code_spans and not escaped:
            run = run_length(text, i, "`")
            close = find_run(text, i + run, run)
            if close >= 0:
                i = close + run
                escaped = False
                continue
            i += run
            continue
        if ch == "|" and not escaped:
            cells.append(Cell(text[start:i], offset + start))
            start = i + 1
        escaped = ch == "\\" and not escaped
        i += 1
    cells.append(Cell(text[start:], offset + start))
    if cells and cells[0].text == "":
        cells.pop(0)
    if cells and cells[-1].text == "":
        cells.pop()
    return cells


def run_length(text: str, i: int, ch: str) -> int:
    n = i
    while n < len(text) and text[n] == ch:
        n += 1
    return n - i


def find_run(text: str, i: int, run: int) -> int:
    """Start of the next backtick run of exactly `run` characters at or after i, or -1."""
    while True:
        i = text.find("`" * run, i)
        if i < 0:
            return -1
        length = run_length(text, i, "`")
        if length == run:
            return i
        i += length


def row_source(line: str, header: bool) -> tuple[str, int]:
    """The row text as the table sees it (container prefix removed) and where it starts in the file line."""
    rest = strip_container(line)
    if header:
        marker = _LIST_MARKER_RE().match(rest)
        if marker and "|" in rest[marker.end() :]:
            rest = rest[marker.end() :]
    return rest, len(line) - len(rest)
