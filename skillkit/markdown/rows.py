"""Table rows as markdown-it-py's table rule reads them: its trim set, the delimiter row's columns, a row's cells."""

from __future__ import annotations

import re
from typing import Final

# What markdown-it-py's mdTrim strips (JavaScript's trim minus U+FEFF): kept here so the scanner never
# imports markdown_it; a test checks it equals markdown_it.common.utils.MD_TRIM_CHARS.
MD_TRIM_CHARS: Final = "\t\n\x0b\x0c\r \xa0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u2028\u2029\u202f\u205f\u3000"
_HEADER_CELL_RE: Final = re.compile(r"^:?-+:?$")


def md_trim(text: str) -> str:
    """`text.strip(MD_TRIM_CHARS)`, without building the strip's character mask when ASCII blanks end at printable ASCII."""
    # ord(s[i]) compiles to a read of the character; comparing one-character strings is a generic compare.
    start, end = 0, len(text)
    while start < end and _ascii_blank(ord(text[start])):
        start += 1
    while end > start and _ascii_blank(ord(text[end - 1])):
        end -= 1
    if start == end:
        return ""
    # What was cut is in MD_TRIM_CHARS and printable ASCII is not: the strip would stop at the same ends.
    if 32 < ord(text[start]) < 127 and 32 < ord(text[end - 1]) < 127:
        return text[start:end]
    return text.strip(MD_TRIM_CHARS)


def _ascii_blank(code: int) -> bool:
    return code == 32 or 9 <= code <= 13  # space, tab, line feed, vertical tab, form feed, carriage return


def delimiter_columns(line: str) -> int:
    """Columns of a delimiter row as markdown-it-py's table rule reads it (0: not a delimiter row)."""
    if len(line) < 2 or line[0] not in "|-:" or (line[1] not in "|-:" and line[1] not in " \t"):
        return 0
    if (line[0] == "-" and line[1] in " \t") or line.strip("|-: \t"):
        return 0
    parts = line.split("|")
    count = 0
    for i, part in enumerate(parts):
        cell = md_trim(part)
        if not cell:
            if i == 0 or i == len(parts) - 1:
                continue
            return 0
        if not _HEADER_CELL_RE.match(cell):
            return 0
        count += 1
    return count


def row_cells(row: str) -> list[str]:
    """A trimmed row's cells, as markdown-it-py's escapedSplit cuts them and the table rule keeps them.

    A `|` right after a backslash is part of its cell, and that one backslash is dropped (even when
    it is itself escaped: escapedSplit looks one character back only); code spans do not protect a `|`.
    An empty first or last piece (the row's outer pipes) is no cell.
    """
    pieces = row.split("|")
    if "\\" in row:
        joined: list[str] = []
        parts = [pieces[0]]  # the current cell's pieces, joined once (a row of many `\|` stays linear)
        for piece in pieces[1:]:
            if parts[-1].endswith("\\"):
                parts[-1] = parts[-1][:-1]
                parts.append("|")
                parts.append(piece)
            else:
                joined.append("".join(parts))
                parts = [piece]
        joined.append("".join(parts))
        pieces = joined
    if pieces and pieces[0] == "":
        pieces.pop(0)
    if pieces and pieces[-1] == "":
        pieces.pop()
    return pieces
