"""What the fast scanner's rule mixins read of the scanner: markdown-it-py's StateBlock under short names."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .markdown_scan_tok import Tok


class ScanState:
    """Declarations only: markdown_scan._Blocks sets these fields and defines these methods.

    b, e: each line's start and end offsets; t: its blanks before the first character; s: its indent
    width (tabs expanded); f: its first character ("" when blank). blk is the indent a block needs,
    line the next line to read, line_max the last line a paragraph may take.
    """

    src: str
    b: list[int]
    e: list[int]
    t: list[int]
    s: list[int]
    f: list[str]
    blk: int
    list_indent: int
    parent: str
    line: int
    line_max: int
    tokens: list[Tok]

    if TYPE_CHECKING:
        def code(self, line: int) -> bool: ...
        def empty(self, line: int) -> bool: ...
        def push(self, kind: str, tag: str, nesting: int, start: int, end: int) -> Tok: ...
        def lines(self, begin: int, end: int, indent: int, keep_last_lf: bool) -> str: ...
        def tokenize(self, line: int, end: int) -> None: ...
        def interrupts(self, line: int, end: int, table: bool, heading: bool) -> bool: ...
        def inline(self, content: str, start: int, end: int) -> None: ...
