"""GFM tables for the fast parse: converted from the Rust tree, kept only when markdown-it-py must read them alike."""

from __future__ import annotations

from typing import Any, Final

from markdown_it.token import Token

from skillkit.markdown import rust_guards as guards
from skillkit.markdown.codespans import unpaired_runs
from skillkit.markdown.rows import delimiter_columns
from skillkit.markdown.rust_inline import Unsupported, check_emphasis, children, token

_MAX_TABLE_CELLS: Final = 0x10000  # markdown-it-py stops a table after this many autocompleted cells
_ALIGN: Final = {"left": "text-align:left", "right": "text-align:right", "center": "text-align:center"}
_LITERAL: Final = ("fence", "code_block", "html_block")


class TablesMixin:
    """The table part of markdown_fast's converter (which provides the attributes declared here)."""

    lines: list[str]
    tokens: list[Token]
    quotes: int
    in_tables: bytearray
    text: str

    # Line helpers of the converter.
    def span(self, node: Any) -> list[int]:
        raise NotImplementedError

    def rest_of_line(self, offset: int) -> str:
        raise NotImplementedError

    def blank(self, index: int) -> bool:
        raise NotImplementedError

    def table(self, node: Any, map_: list[int], level: int, before: int) -> None:
        aligns = node.meta.get("alignments") or []
        self.check_table(node, map_, len(aligns), before)
        out = self.tokens
        out.append(token("table_open", "table", 1, level, map_))
        for part in node.children:
            head = part.name == "thead"
            if not head and part.name != "tbody":
                raise Unsupported(part.name)
            section, cell = ("thead", "th") if head else ("tbody", "td")
            out.append(token(f"{section}_open", section, 1, level + 1, [map_[0], map_[0] + 1] if head else [map_[0] + 2, map_[1]]))
            for row in part.children:
                cells = row.children
                if row.name != "trow" or len(cells) != len(aligns):
                    raise Unsupported("table row")
                line = self.span(row)[0]
                if "`" in self.lines[line] and unpaired_runs([self.lines[line]], True):
                    raise Unsupported("unclosed backtick run")
                out.append(token("tr_open", "tr", 1, level + 2, [line, line + 1]))
                for align, cell_node in zip(aligns, cells):
                    tok = token(f"{cell}_open", cell, 1, level + 3)
                    if align in _ALIGN:
                        tok.attrs = {"style": _ALIGN[align]}
                    out.append(tok)
                    inline = token("inline", "", 0, level + 4, [line, line + 1])
                    inline.children = []
                    out.append(inline)
                    if children(cell_node.children, inline.children, 0):
                        check_emphasis(inline.children)
                    out.append(token(f"{cell}_close", cell, -1, level + 3))
                out.append(token("tr_close", "tr", -1, level + 2))
            out.append(token(f"{section}_close", section, -1, level + 1))
        out.append(token("table_close", "table", -1, level))

    def check_table(self, node: Any, map_: list[int], columns: int, before: int) -> None:
        """Keep only tables markdown-it-py must read the same: same start, columns, rows and end."""
        start, end = map_
        # Under a line of another container (a lazy `>` or list line) markdown-it-py reads no table.
        if start and not self.blank(start - 1) and before != start:
            raise Unsupported("table start")
        delimiter = self.lines[start + 1] if start + 1 < len(self.lines) else ""
        body = delimiter.lstrip(" \t>")
        if delimiter[: len(delimiter) - len(body)].count(">") != self.quotes:
            raise Unsupported("table container")
        if delimiter_columns(body) != columns or guards.header_columns(self.rest_of_line(node.srcmap[0])) != columns:
            raise Unsupported("table header")
        if (end - start - 2) * columns > _MAX_TABLE_CELLS:
            raise Unsupported("table size")
        if any("\\||" in line for line in self.lines[start:end]):
            raise Unsupported("escaped pipe before a pipe")  # Rust escapes both pipes, markdown-it-py one
        for row in range(start + 2, end):
            line = self.lines[row]
            if guards.ROW_BREAK_RE.match(line.lstrip(" \t>") if self.quotes else line.lstrip(" \t")):
                raise Unsupported("table row start")
        if end < len(self.lines) and not self.blank(end):
            raise Unsupported("table end")
        self.in_tables[start:end] = b"\x01" * (end - start)

    def missed_tables(self) -> None:
        """A delimiter row markdown-it-py may read as a table where the Rust parser saw none."""
        text = self.text
        if "-" not in text or "|" not in text:
            return
        skip = bytearray(len(self.lines) + 1)
        for tok in self.tokens:
            if tok.type in _LITERAL and tok.map:
                # markdown-it-py tries a table before a fence or HTML block: only lines after the second count
                first, last = tok.map
                skip[first + 2 : last] = b"\x01" * max(0, last - first - 2)
        lines, in_tables = self.lines, self.in_tables
        for index in range(1, len(lines)):
            line = lines[index]
            if "-" not in line or "|" not in lines[index - 1] or in_tables[index] or skip[index]:
                continue
            if guards.DELIMITER_RE.match(line) and delimiter_columns(line.lstrip(" \t>")):
                raise Unsupported("table missed")
