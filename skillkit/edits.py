"""Fixes as values: an Edit replaces a range of a file's text, a Fix is the edits one finding offers; the text helpers
that place, apply and convert them.

Offsets count characters (code points) of the file's text as decoded from UTF-8, a byte order mark included as
one character (U+FEFF at offset 0), line endings as written. `lsp_range` turns an edit into the 0-based
line / UTF-16 column range the Language Server Protocol uses.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Final

from skillkit.record import Record


class Edit(Record):
    """Replace `text[start:end]` of a file by `text`. `file` None: the file the finding is in (for a Finding,
    the skill's SKILL.md); otherwise an absolute path (a Finding's) or the path as reports show it (a Diagnostic's)."""

    __slots__ = ("file", "start", "end", "text")

    def __init__(self, file: str | None, start: int, end: int, text: str) -> None:
        self.file: Final = file
        self.start: Final = start
        self.end: Final = end
        self.text: Final = text

    def as_dict(self) -> dict[str, object]:
        return {"file": self.file, "start": self.start, "end": self.end, "text": self.text}


class Fix(Record):
    """What a rule offers with one finding: what it does, its edits (all or none are applied), and whether it is
    safe (what the author meant, with no judgement to make) or unsafe (applied only when asked)."""

    __slots__ = ("description", "edits", "safe")

    def __init__(self, description: str, edits: tuple[Edit, ...], safe: bool = True) -> None:
        self.description: Final = description
        self.edits: Final = edits
        self.safe: Final = safe

    def as_dict(self) -> dict[str, object]:
        return {"description": self.description, "safe": self.safe, "edits": [e.as_dict() for e in self.edits]}

    @classmethod
    def from_dict(cls, raw: dict[str, object]) -> Fix:
        edits = raw.get("edits")
        return cls(
            description=str(raw["description"]),
            edits=tuple(
                Edit(e.get("file"), int(e["start"]), int(e["end"]), str(e["text"]))  # type: ignore[arg-type,call-overload]
                for e in (edits if isinstance(edits, list) else [])
            ),
            safe=bool(raw.get("safe", True)),
        )


def line_starts(text: str) -> list[int]:
    """The offset where each line starts; lines end at LF, CRLF or a lone CR (what the parser splits on)."""
    starts = [0]
    i, n = 0, len(text)
    if "\r" not in text:
        at = text.find("\n")
        while at != -1:
            starts.append(at + 1)
            at = text.find("\n", at + 1)
        return starts
    while i < n:
        ch = text[i]
        if ch == "\n":
            starts.append(i + 1)
        elif ch == "\r":
            if i + 1 < n and text[i + 1] == "\n":
                i += 1
            starts.append(i + 1)
        i += 1
    return starts


def line_end(text: str, starts: Sequence[int], line: int) -> int:
    """Offset of the end of 1-based `line`'s content (before its line ending)."""
    start = starts[line - 1]
    end = starts[line] if line < len(starts) else len(text)
    if end > start and text[end - 1] == "\n":
        end -= 1
    if end > start and text[end - 1] == "\r":
        end -= 1
    return end


def eol(text: str) -> str:
    """The file's line ending: that of its first line, else LF."""
    at = text.find("\n")
    cr = text.find("\r")
    if cr != -1 and (at == -1 or cr < at):
        return "\r\n" if text[cr + 1 : cr + 2] == "\n" else "\r"
    return "\n"


def overlapping(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Whether two ranges of one file collide: they share a character, or one inserts where the other starts, ends
    or also inserts (which text would come first, or belong to which edit, would be a guess)."""
    (s1, e1), (s2, e2) = a, b
    if s1 == e1:
        return s2 <= s1 <= e2
    if s2 == e2:
        return s1 <= s2 <= e1
    return s1 < e2 and s2 < e1


def apply(text: str, edits: Iterable[Edit]) -> str:
    """`text` with the edits applied; they must not overlap (ValueError otherwise) and lie inside the text."""
    ordered = sorted(edits, key=lambda e: (e.start, e.end))
    out: list[str] = []
    at = 0
    for edit in ordered:
        if edit.start < at or edit.end < edit.start or edit.end > len(text):
            raise ValueError(f"edit {edit.start}:{edit.end} overlaps another or lies outside the text")
        out.append(text[at : edit.start])
        out.append(edit.text)
        at = edit.end
    out.append(text[at:])
    return "".join(out)


def lsp_position(text: str, starts: Sequence[int], offset: int) -> tuple[int, int]:
    """(0-based line, UTF-16 column) of an offset, as the Language Server Protocol counts them."""
    import bisect

    line = bisect.bisect_right(starts, offset) - 1
    piece = text[starts[line] : offset]
    return line, len(piece.encode("utf-16-le")) // 2


def lsp_range(text: str, edit: Edit) -> dict[str, dict[str, int]]:
    """An edit's range in the Language Server Protocol's terms (a TextEdit's `range`)."""
    starts = line_starts(text)
    (l1, c1), (l2, c2) = lsp_position(text, starts, edit.start), lsp_position(text, starts, edit.end)
    return {"start": {"line": l1, "character": c1}, "end": {"line": l2, "character": c2}}
