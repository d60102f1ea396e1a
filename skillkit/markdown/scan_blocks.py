"""The three longer block rules of the fast scanner (fenced code, lists, GFM tables), as markdown-it-py runs them."""

from __future__ import annotations

from typing import Final

from skillkit.markdown.rows import delimiter_columns, md_trim, row_cells
from skillkit.markdown.scan_leaf import LeafRules
from skillkit.markdown.tokens import Tok

MAX_AUTOCOMPLETED_CELLS: Final = 0x10000


class LongRules(LeafRules):
    """The scanner's fenced code, list and table rules (one chain of bases: mypyc compiles no multiple inheritance)."""

    depth: int = 0  # lists open around the line being read

    def _run(self, pos: int, ch: str) -> int:
        """The position after a run of `ch` from `pos` (markdown-it's skipCharsStr)."""
        src, code = self.src, ord(ch)  # ord(src[pos]) compiles to a read of the character, unlike src[pos] == ch
        while pos < len(src) and ord(src[pos]) == code:
            pos += 1
        return pos

    def fence(self, start: int, end: int, silent: bool) -> bool:
        src = self.src
        pos, stop = self.b[start] + self.t[start], self.e[start]
        if self.code(start) or pos + 3 > stop:
            return False
        marker = src[pos]
        if marker not in ("~", "`"):
            return False
        after = self._run(pos, marker)
        length = after - pos
        if length < 3:
            return False
        markup, params = src[pos:after], src[after:stop]
        if marker == "`" and "`" in params:
            return False
        if silent:
            return True
        line, closed, mark = start, False, ord(marker)
        while True:
            line += 1
            if line >= end:
                break
            first, last = self.b[line] + self.t[line], self.e[line]
            if first < last and self.s[line] < self.blk:
                break
            if first >= len(src):
                break
            if ord(src[first]) != mark or self.code(line):
                continue
            pos = self._run(first, marker)
            if pos - first < length:
                continue
            while pos < len(src) and (src[pos] == " " or src[pos] == "\t"):
                pos += 1
            if pos < last:
                continue
            closed = True
            break
        self.line = line + (1 if closed else 0)
        tok = self.push("fence", "code", 0, start, self.line)
        tok.info, tok.markup = params, markup
        tok.content = self.lines(start + 1, line, self.s[start], True)
        return True

    # The character tests below are written src[i] == "x" or ord(src[i]): compiled, each is a read of the
    # character, where `in` a tuple or a compare of one-character strings is a generic call.
    def _bullet(self, line: int) -> int:
        src, pos, stop = self.src, self.b[line] + self.t[line], self.e[line]
        if pos >= len(src) or not (src[pos] == "*" or src[pos] == "-" or src[pos] == "+"):
            return -1
        pos += 1
        return -1 if pos < stop and not (src[pos] == " " or src[pos] == "\t") else pos

    def _ordered(self, line: int) -> int:
        src = self.src
        start = pos = self.b[line] + self.t[line]
        stop = self.e[line]
        if pos + 1 >= stop or not ord("0") <= ord(src[pos]) <= ord("9"):
            return -1
        pos += 1
        while True:
            if pos >= stop:
                return -1
            code = ord(src[pos])
            pos += 1
            if ord("0") <= code <= ord("9"):
                if pos - start >= 10:
                    return -1
                continue
            if code == ord(")") or code == ord("."):
                break
            return -1
        return -1 if pos < stop and not (src[pos] == " " or src[pos] == "\t") else pos

    def list(self, start: int, end: int, silent: bool) -> bool:
        src, b, t, s, f = self.src, self.b, self.t, self.s, self.f
        blk, first = self.blk, s[start]
        if first - blk >= 4 or (self.list_indent >= 0 and first - self.list_indent >= 4 and first < blk):
            return False
        ch = f[start]
        if ch == ord("*") or ch == ord("-") or ch == ord("+"):
            after = self._bullet(start)
            ordered = False
        elif ord("0") <= ch <= ord("9"):
            after = self._ordered(start)
            ordered = True
        else:
            return False
        if after < 0:
            return False
        terminating = silent and self.parent == "paragraph" and first >= blk
        if terminating:
            if ordered and int(src[b[start] + t[start] : after - 1]) != 1:
                return False
            pos = after
            while pos < len(src) and (src[pos] == " " or src[pos] == "\t"):
                pos += 1
            if pos >= self.e[start]:
                return False
        if silent:
            return True
        self.depth += 1
        marker = src[after - 1]
        old_parent, self.parent = self.parent, "list"
        line = start
        while line < end:
            pos, stop = after, self.e[line]
            initial = offset = s[line] + after - (b[start] + t[start])
            while pos < stop:
                if src[pos] == "\t":
                    offset += 4 - offset % 4
                elif src[pos] == " ":
                    offset += 1
                else:
                    break
                pos += 1
            content = pos
            gap = 1 if content >= stop else offset - initial
            indent = initial + (1 if gap > 4 else gap)
            span = [start, 0]  # the item's map, its end set in place when the item closes
            item = Tok("list_item_open", "li", 1, span)
            self.tokens.append(item)
            item.markup = marker
            if ordered:
                item.info = src[b[start] + t[start] : after - 1]
            old_t, old_s, old_f, old_list_indent = t[start], s[start], f[start], self.list_indent
            self.list_indent, self.blk = self.blk, indent
            t[start], s[start], f[start] = content - b[start], offset, ord(src[content]) if content < stop else 0
            if content >= stop and self.empty(start + 1):
                self.line = min(self.line + 2, end)
            else:
                self.tokenize(start, end)
            self.blk, self.list_indent = self.list_indent, old_list_indent
            t[start], s[start], f[start] = old_t, old_s, old_f
            line = start = self.line
            span[1] = line
            if line >= end or s[line] < self.blk or self.code(line):
                break
            if self.interrupts(line, end, False, False):
                break
            after = self._ordered(line) if ordered else self._bullet(line)
            if after < 0 or src[after - 1] != marker:
                break
        self.line = line
        self.parent = old_parent
        self.depth -= 1
        return True

    def table(self, start: int, end: int, silent: bool) -> bool:
        src, b, t, e = self.src, self.b, self.t, self.e
        below = start + 1
        if start + 2 > end or self.s[below] < self.blk or self.code(below):
            return False
        aligns = delimiter_columns(src[b[below] + t[below] : e[below]])
        if not aligns:
            return False
        header = md_trim(src[b[start] + t[start] : e[start]])
        if "|" not in header or self.code(start):
            return False
        cells = row_cells(header)
        if not cells or len(cells) != aligns:
            return False
        if silent:
            return True
        old_parent, self.parent = self.parent, "table"
        opened = self.push("table_open", "table", 1, start, 0)
        for cell in cells:
            self.inline(md_trim(cell), start, start + 1)
        line, autocompleted = start + 2, 0
        while line < end:
            if self.s[line] < self.blk or self.interrupts(line, end, False, True):
                break
            row = md_trim(src[b[line] + t[line] : e[line]])
            if not row or self.code(line):
                break
            found = row_cells(row)
            autocompleted += aligns - len(found)
            if autocompleted > MAX_AUTOCOMPLETED_CELLS:
                break
            for text in found[:aligns]:
                self.inline(md_trim(text), line, line + 1)
            line += 1
        opened.map = [start, line]
        self.parent = old_parent
        self.line = line
        return True
