"""The fast parse: a pure-Python Markdown block scanner giving markdown-it-py's tokens, or None to fall back."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Final, cast

from skillkit.markdown.rows import md_trim
from skillkit.markdown.scan_blocks import LongRules
from skillkit.markdown.scan_inline import inline_children
from skillkit.markdown.scan_state import (
    code_table,
    delimiter_start,
    fence_start,
    hr_start,
    list_start,
)
from skillkit.markdown.tokens import MAX_NESTING, Tok, Unmodeled

if TYPE_CHECKING:
    from markdown_it.token import Token

# A line that may open a link reference definition (a label, escapes allowed, then `:`): not modelled.
_REFERENCE_RE: Final = re.compile(r"\[(?:[^\[\]\\]|\\[\s\S])*\]:")
_SETEXT_RE: Final = re.compile(r"(?:-+|=+)[ \t]*$")  # a setext underline, from its first character
# First characters that may start a block other than a paragraph, by code (0, a blank line, never starts one).
_BLOCK_STARTS: Final = code_table("`~<>*-_+#[0123456789")


def parse(text: str) -> list[Token] | None:
    """markdown-it-py's tokens (the subset skillkit reads) for `text`, or None when it uses anything unmodeled."""
    if "\r" in text or "\0" in text:
        return None
    try:
        # Tok carries every field of Token that skillkit reads, without the dataclass machinery.
        return cast("list[Token]", _Blocks(text).run())
    except (Unmodeled, RecursionError):
        return None


class _Blocks(LongRules):
    """One parse: markdown-it-py's StateBlock line arrays and its block rules.

    It follows markdown-it-py's own block algorithm (same line arrays, same rule order, same terminator
    lists, same nesting limit) for every CommonMark block but one: ATX and setext headings, paragraphs,
    bullet and ordered lists, blockquotes, fenced and indented code, HTML blocks (all seven start
    conditions), GFM tables and thematic breaks. A link reference definition, a tab on a quoted line, or
    an inline construct scan_inline does not model raises Unmodeled, and the caller parses with
    markdown-it-py. The tokens are the subset skillkit reads (see `project` in the tests): paragraph,
    heading, list item, blockquote, table, code and HTML block tokens with their maps, and inline tokens
    whose children are code spans, links, images, line breaks and the text skillkit reads. List, row
    and cell wrappers and closing tokens are not made.
    """

    def __init__(self, src: str) -> None:
        self.src = src
        # Line starts and ends, indents and first characters, found in `src` itself: splitting it into line
        # strings (and stripping each to measure its indent) was a fifth of the parse.
        size = len(src)
        # Filled in place, not appended to (counting the newlines first costs more than it saves): room for
        # lines of 24 characters on average, doubled when short, with a free slot after the last line for the
        # sentinel line past them (b = e = size, t = f = 0), which the fill values already are.
        rows = size // 24 + 8
        b = [size] * rows
        e = [size] * rows
        t = [0] * rows
        f = [0] * rows
        pos = count = 0
        while pos < size:
            newline = src.find("\n", pos)
            end = size if newline < 0 else newline
            first = pos
            while first < end and (src[first] == " " or src[first] == "\t"):
                first += 1
            if newline < 0 and first == end:
                break  # markdown-it counts no last line of only blanks (nor one after the last newline)
            if count + 1 == rows:
                b += [size] * rows
                e += [size] * rows
                t += [0] * rows
                f += [0] * rows
                rows += rows
            b[count] = pos
            e[count] = end
            t[count] = first - pos
            f[count] = ord(src[first]) if first < end else 0  # the first non-blank's code (0 for a blank line)
            count += 1
            pos = end + 1
        del b[count + 1 :], e[count + 1 :], t[count + 1 :], f[count + 1 :]
        s = list(t)
        tabs = "\t" in src
        if tabs:
            for i in range(count):
                indent = src[b[i] : b[i] + t[i]]
                if "\t" in indent:
                    offset = 0
                    for ch in indent:
                        offset += 4 - offset % 4 if ch == "\t" else 1
                    s[i] = offset
        self.b, self.e, self.t, self.s, self.f = b, e, t, s, f
        self.max = self.line_max = count
        self.tabs = tabs
        self.blk = 0
        self.list_indent = -1
        self.parent = "root"
        self.line = 0
        self.tokens: list[Tok] = []

    def run(self) -> list[Tok]:
        self.tokenize(0, self.max)
        return self.tokens

    def inline(self, content: str, start: int, end: int) -> None:
        """An inline token for a paragraph or a table cell, only when it has children (nothing reads the others)."""
        children = inline_children(content)
        if children:
            tok = self.push("inline", "", 0, start, end)
            tok.content, tok.children = content, children

    # -- markdown-it-py's StateBlock helpers ----------------------------------------------------

    def empty(self, line: int) -> bool:
        return self.b[line] + self.t[line] >= self.e[line]

    def code(self, line: int) -> bool:
        return self.s[line] - self.blk >= 4

    def push(self, kind: str, tag: str, nesting: int, start: int, end: int) -> Tok:
        tok = Tok(kind, tag, nesting, [start, end])
        self.tokens.append(tok)
        return tok

    def lines(self, begin: int, end: int, indent: int, keep_last_lf: bool) -> str:
        if not indent and begin < end and not self.quoted:  # nothing to strip: one slice
            return self.src[self.b[begin] : self.e[end - 1] + (1 if keep_last_lf else 0)]
        src, b, t, e = self.src, self.b, self.t, self.e
        if begin + 1 == end and not self.tabs:  # one line (most list items' paragraphs): one slice, no join
            return src[b[begin] + min(indent, t[begin]) : e[begin] + (1 if keep_last_lf else 0)]
        if not self.tabs:
            # Without tabs each cut character is one column, and the cut stops at the first non-blank
            # character (the line's t): the loop below reduces to min(indent, t) characters.
            last = end - 1
            return "".join([src[b[n] + min(indent, t[n]) : e[n] + (1 if n < last or keep_last_lf else 0)] for n in range(begin, end)])
        out = []
        for line in range(begin, end):
            width, start = 0, self.b[line]
            first = start
            last = self.e[line] + 1 if line + 1 < end or keep_last_lf else self.e[line]
            while first < last and width < indent:
                ch = src[first]
                if ch == " ":
                    width += 1
                elif ch == "\t":
                    width += 4 - width % 4
                elif first - start < self.t[line]:
                    width += 1
                else:
                    break
                first += 1
            out.append(" " * (width - indent) + src[first:last] if width > indent else src[first:last])
        return "".join(out)

    # -- the block tokenizer ---------------------------------------------------------------------

    def tokenize(self, line: int, end: int) -> None:
        f = self.f
        while line < end:
            while line < self.line_max and not f[line]:  # markdown-it skips blank lines past `end` too
                line += 1
            self.line = line
            if line >= end or self.s[line] < self.blk:
                break
            # Each open list holds a list and an item token, each quote one: markdown-it's nesting level.
            if self.quoted + 2 * self.depth >= MAX_NESTING:
                self.line = end
                break
            if self.code(line):
                self.code_block(line, end)
            elif not ((_block_start(f[line]) or delimiter_start(f[line + 1])) and self.block(line, end)):
                self.paragraph(line, end)
            line = self.line
            if line < end and not f[line]:
                line += 1
                self.line = line

    def block(self, line: int, end: int) -> bool:
        """markdown-it's block rules in their order, tried only where the first character can start them."""
        ch = self.f[line]
        if self.table_ahead(line, end) and self.table(line, end, False):
            return True
        if fence_start(ch):
            return self.fence(line, end, False)
        if ch == ord(">"):
            return self.blockquote(line, end, False)
        if hr_start(ch) and self.hr(line, end, False):
            return True
        if list_start(ch) and self.list(line, end, False):
            return True
        if ch == ord("[") and _REFERENCE_RE.match(self.src, self.b[line] + self.t[line]):
            raise Unmodeled("link reference definition")
        if ch == ord("<"):
            return self.html_block(line, end, False)
        return ch == ord("#") and self.heading(line, end, False)

    def table_ahead(self, line: int, end: int) -> bool:
        return line + 2 <= end and delimiter_start(self.f[line + 1]) and self.src.find("|", self.b[line], self.e[line]) >= 0

    def interrupts(self, line: int, end: int, table: bool, heading: bool) -> bool:
        """Whether a block starts at `line` that ends a paragraph (or a table, or a list: fewer rules).

        `heading` stands for the rules that end a paragraph or a quote but not a list: list, HTML, heading.
        """
        ch = self.f[line]
        if not _block_start(ch) and not delimiter_start(self.f[line + 1]):
            return False
        if table and self.table_ahead(line, end) and self.table(line, end, True):
            return True
        if fence_start(ch):
            return self.fence(line, end, True)
        if ch == ord(">"):
            return self.blockquote(line, end, True)
        if hr_start(ch) and self.hr(line, end, True):
            return True
        if not heading:
            return False
        if list_start(ch) and self.list(line, end, True):
            return True
        if ch == ord("<"):
            return self.html_block(line, end, True)
        return ch == ord("#") and self.heading(line, end, True)

    def paragraph(self, start: int, end: int) -> None:
        """markdown-it's lheading rule and, when it finds no underline, its paragraph rule (one pass)."""
        last, line, blk, f, s = self.line_max, start + 1, self.blk, self.f, self.s
        old, self.parent = self.parent, "paragraph"
        underline = 0
        while line < last and f[line]:
            if s[line] - blk > 3:  # indented: a continuation whatever it holds
                line += 1
                continue
            ch = f[line]
            # lheading stops at `end`, the paragraph rule at line_max: inside a container the paragraph ends
            # before `end` anyway (at the blank line that closed it), so one loop serves both rules.
            if (ch == ord("-") or ch == ord("=")) and s[line] >= blk and line < end and self._underline(line, ch):
                underline = ch
                break
            if s[line] < 0:  # a lazy line of a blockquote: that rule has read it already
                line += 1
                continue
            if (_block_start(ch) or delimiter_start(f[line + 1])) and self.interrupts(line, last, True, True):
                break
            line += 1
        self.parent = old
        if not underline and line == start + 1 and _plain(self.src, self.b[start], self.e[start]):
            self.line = line  # one line with nothing the inline pass reads: no inline token, no content to cut
            self.push("paragraph_open", "p", 1, start, line)
            return
        content = md_trim(self.lines(start, line, blk, False))
        if underline:
            self.line = line + 1
            self.heading_tokens("h1" if underline == ord("=") else "h2", "=" if underline == ord("=") else "-", content, start, line)
            return
        self.line = line
        self.push("paragraph_open", "p", 1, start, line)
        self.inline(content, start, line)

    def _underline(self, line: int, ch: int) -> bool:
        """Whether `line` (first character's code `ch`) is a setext underline; a bullet (`- item`) is turned down before the regex."""
        last = ord(self.src[self.e[line] - 1])  # a read of the character: no one-character string compare
        if last != ch and last != 32 and last != 9:  # the underline's character, a space or a tab
            return False
        return _SETEXT_RE.match(self.src, self.b[line] + self.t[line], self.e[line]) is not None


def _block_start(code: int) -> bool:
    return code < 128 and _BLOCK_STARTS[code] != 0


def _plain(src: str, start: int, end: int) -> bool:
    """Whether src[start:end] (one line) has none of the characters that give inline_children anything to return."""
    return src.find("`", start, end) < 0 and src.find("[", start, end) < 0 and src.find("\\", start, end) < 0 and src.find("<", start, end) < 0
