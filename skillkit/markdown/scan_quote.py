"""The fast scanner's blockquote rule, as markdown-it-py runs it (a tab on a quoted line is Unmodeled)."""

from __future__ import annotations

from skillkit.markdown.scan_state import ScanState
from skillkit.markdown.tokens import Unmodeled


class QuoteRule(ScanState):
    """A base of the scanner, under LeafRules; lines inside a quote get their `>` marker cut off while it runs."""

    quoted: int = 0  # blockquotes open around the line being read

    def _unquote(self, line: int, pos: int) -> bool:
        """Cut the `>` at `pos` (and one space) off `line`; True when nothing follows it."""
        src, stop = self.src, self.e[line]
        if self.tabs and src.find("\t", self.b[line], stop) >= 0:
            # markdown-it's bsCount tab arithmetic (tabs after `>`, in list markers and code indents of
            # quoted lines) is not modelled; a tab anywhere else in the text is.
            raise Unmodeled("tab with a blockquote")
        pos += 1
        initial = offset = self.s[line] + 1
        if pos < len(src) and src[pos] == " ":
            pos += 1
            initial += 1
            offset += 1
        self.b[line] = pos
        while pos < stop and src[pos] == " ":
            offset += 1
            pos += 1
        self.s[line] = offset - initial
        self.t[line] = pos - self.b[line]
        self.f[line] = ord(src[pos]) if pos < stop else 0
        return pos >= stop

    def blockquote(self, start: int, end: int, silent: bool) -> bool:
        src, b, t, s, e, f = self.src, self.b, self.t, self.s, self.e, self.f
        pos = b[start] + t[start]
        if self.code(start) or pos >= len(src) or src[pos] != ">":
            return False
        if silent:
            return True
        saved = [(b[start], t[start], s[start], f[start])]
        last_empty = self._unquote(start, pos)
        old_line_max, old_parent = self.line_max, self.parent
        self.parent = "blockquote"
        line = start + 1
        while line < end:
            outdented = s[line] < self.blk
            pos = b[line] + t[line]
            if pos >= e[line]:
                break
            if src[pos] == ">" and not outdented:
                saved.append((b[line], t[line], s[line], f[line]))
                last_empty = self._unquote(line, pos)
                line += 1
                continue
            if last_empty:
                break
            if self.interrupts(line, end, False, True):
                self.line_max = line
                if self.blk != 0:
                    saved.append((b[line], t[line], s[line], f[line]))
                    s[line] -= self.blk
                break
            saved.append((b[line], t[line], s[line], f[line]))
            s[line] = -1  # a lazy continuation line
            line += 1
        old_indent, self.blk = self.blk, 0
        opened = self.push("blockquote_open", "blockquote", 1, start, 0)
        opened.markup = ">"
        self.quoted += 1
        self.tokenize(start, line)
        self.quoted -= 1
        self.line_max, self.parent = old_line_max, old_parent
        opened.map = [start, self.line]
        for i, (bm, tm, sm, fm) in enumerate(saved):
            b[start + i], t[start + i], s[start + i], f[start + i] = bm, tm, sm, fm
        self.blk = old_indent
        return True
