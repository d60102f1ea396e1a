"""The fast scanner's one-line-start leaf blocks: thematic breaks, ATX headings, indented code, HTML blocks."""

from __future__ import annotations

from typing import Final

from skillkit.markdown.rows import md_trim
from skillkit.markdown.scan_html import LONE_TAG, NOT_HTML, block_ends, block_kind
from skillkit.markdown.scan_inline import heading_children
from skillkit.markdown.scan_quote import QuoteRule
from skillkit.markdown.scan_state import hr_start

_TAGS: Final = ("", "h1", "h2", "h3", "h4", "h5", "h6")  # by heading level
_MARKUPS: Final = ("", "#", "##", "###", "####", "#####", "######")


class LeafRules(QuoteRule):
    """A base of the scanner, between the blockquote rule and LongRules (one chain: mypyc compiles no mixins)."""

    def hr(self, start: int, end: int, silent: bool) -> bool:
        if self.code(start):
            return False
        # Three or more of one of `*`, `-`, `_`, with only spaces or tabs between and after.
        src, pos, stop, mark = self.src, self.b[start] + self.t[start], self.e[start], self.f[start]
        if not hr_start(mark):
            return False
        # ord(src[i]) compiles to a read of the character; comparing one-character strings is a generic compare.
        last = ord(src[stop - 1])
        if last != mark and last != 32 and last != 9:
            return False  # most calls end here: a bullet (`- item`) ends in its text
        count = 0
        while pos < stop:
            code = ord(src[pos])
            if code == mark:
                count += 1
            elif code != 32 and code != 9:  # a space or a tab
                return False
            pos += 1
        if count < 3:
            return False
        if not silent:
            self.line = start + 1
            self.push("hr", "hr", 0, start, start + 1).markup = chr(mark) * count
        return True

    def heading(self, start: int, end: int, silent: bool) -> bool:
        if self.code(start):
            return False
        pos, stop, src = self.b[start] + self.t[start], self.e[start], self.src
        if pos >= stop or src[pos] != "#":
            return False
        level, limit = 0, min(stop, pos + 7)
        while pos < limit and src[pos] == "#":  # at most seven: an eighth changes nothing
            level += 1
            pos += 1
        if level > 6 or (pos < stop and not (src[pos] == " " or src[pos] == "\t")):
            return False
        if silent:
            return True
        text = src[pos:stop].rstrip(" \t")
        bare = text.rstrip("#")
        if len(bare) < len(text) and bare[-1:] in (" ", "\t"):
            text = bare
        self.line = start + 1
        self.heading_tokens(_TAGS[level], _MARKUPS[level], md_trim(text), start, start + 1)
        return True

    def heading_tokens(self, tag: str, markup: str, content: str, start: int, end: int) -> None:
        """An ATX or setext heading's open and inline tokens (its text is read: anchors)."""
        self.push("heading_open", tag, 1, start, end + (1 if markup in ("=", "-") else 0)).markup = markup
        inline = self.push("inline", "", 0, start, end)
        inline.content = content
        inline.children = heading_children(content)

    def code_block(self, start: int, end: int) -> None:
        """Lines indented four columns past the block's indent, through blank lines, as markdown-it's code rule."""
        last = line = start + 1
        while line < end:
            if self.empty(line):
                line += 1
            elif self.code(line):
                line += 1
                last = line
            else:
                break
        self.line = last
        self.push("code_block", "code", 0, start, last).content = self.lines(start, last, 4 + self.blk, False) + "\n"

    def html_block(self, start: int, end: int, silent: bool) -> bool:
        if self.code(start):
            return False
        src, b, t, e = self.src, self.b, self.t, self.e
        pos = b[start] + t[start]
        if pos >= e[start] or src[pos] != "<":
            return False
        text = src[pos : e[start]]
        kind = block_kind(text)
        if kind == NOT_HTML:
            return False
        if silent:
            return kind != LONE_TAG
        line = start + 1
        if not block_ends(kind, text):
            # Kinds 6 and 7 end before a blank line; the others run to their closing sequence, past blank and
            # outdented blank lines (markdown-it-py 4), but not past an outdented line with text.
            blank_ends = kind >= 6
            while line < end:
                if self.s[line] < self.blk and (blank_ends or not self.empty(line)):
                    break
                if block_ends(kind, src[b[line] + t[line] : e[line]]):
                    if not blank_ends:
                        line += 1
                    break
                line += 1
        self.line = line
        self.push("html_block", "", 0, start, line).content = self.lines(start, line, self.blk, True)
        return True
