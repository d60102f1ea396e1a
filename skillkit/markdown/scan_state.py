"""What the fast scanner's rule mixins read of the scanner: markdown-it-py's StateBlock under short names."""

from __future__ import annotations

from skillkit.markdown.tokens import Tok

# Lines are classified by their first character's code (f): compiled, comparing ints is a machine compare,
# where a one-character string's `in` a frozenset or `<=` another is a generic call.


def code_table(chars: str) -> bytes:
    """A table by character code (below 128) of the characters in `chars`: 1 for them, 0 for the others."""
    return bytes(1 if chr(code) in chars else 0 for code in range(128))


def delimiter_start(code: int) -> bool:
    """Whether a line starting with this code may be a table's delimiter row (`|`, `-` or `:`)."""
    return code == ord("|") or code == ord("-") or code == ord(":")


def fence_start(code: int) -> bool:
    return code == ord("`") or code == ord("~")


def hr_start(code: int) -> bool:
    return code == ord("*") or code == ord("-") or code == ord("_")


def list_start(code: int) -> bool:
    """A bullet (`*`, `-`, `+`) or a digit."""
    return code == ord("*") or code == ord("-") or code == ord("+") or ord("0") <= code <= ord("9")


class ScanState:
    """The first base of the scanner: scan._Blocks sets these fields and overrides these methods.

    b, e: each line's start and end offsets; t: its blanks before the first character; s: its indent
    width (tabs expanded); f: its first character's code (0 when blank). blk is the indent a block needs,
    line the next line to read, line_max the last line a paragraph may take, tabs whether `src` has any.
    """

    src: str
    b: list[int]
    e: list[int]
    t: list[int]
    s: list[int]
    f: list[int]
    tabs: bool
    blk: int
    list_indent: int
    parent: str
    line: int
    line_max: int
    tokens: list[Tok]

    # Real stubs, not TYPE_CHECKING ones: mypyc compiles no conditional class bodies.
    def code(self, line: int) -> bool:
        raise NotImplementedError

    def empty(self, line: int) -> bool:
        raise NotImplementedError

    def push(self, kind: str, tag: str, nesting: int, start: int, end: int) -> Tok:
        raise NotImplementedError

    def lines(self, begin: int, end: int, indent: int, keep_last_lf: bool) -> str:
        raise NotImplementedError

    def tokenize(self, line: int, end: int) -> None:
        raise NotImplementedError

    def interrupts(self, line: int, end: int, table: bool, heading: bool) -> bool:
        raise NotImplementedError

    def inline(self, content: str, start: int, end: int) -> None:
        raise NotImplementedError
