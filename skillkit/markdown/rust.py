"""A fast parse: the markdown-it-pyrs (Rust) node tree turned into markdown-it-py tokens, or None to fall back.

markdown-it-py stays the reference. `parse(text)` returns the tokens `reference().parse(text)` gives, for every field
skillkit reads: block tokens' type, tag, nesting, map, level, markup, info, hidden and content (fence,
code_block, html_block); inline children's type, content, markup, info, attrs (href, src, title) and
level. Not reproduced: an `inline` token's own `content` (its raw source; rules walk `children`) and an
image's `content`. Lines come from block nodes' byte offsets only (the Rust parser's inline offsets are
unreliable). Where the parsers are known to differ (markdown_guards, checked on the source before the
parse, and markdown_codespans), or the tree holds anything not converted exactly, `parse` returns None
and the caller parses with markdown-it-py. Inline nodes: markdown_inline; tables: markdown_tables.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Any, Final

from markdown_it.token import Token

from skillkit.markdown import rust_guards as guards
from skillkit.markdown.codespans import unpaired_runs
from skillkit.markdown.rust_inline import (
    MAX_LEVEL,
    Unsupported,
    check_emphasis,
    children,
    token,
)
from skillkit.markdown.rust_tables import TablesMixin

try:
    import markdown_it_pyrs
except ImportError:  # pragma: no cover - a declared dependency; without it everything takes markdown-it-py
    markdown_it_pyrs = None  # type: ignore[assignment]

_MD: Any = markdown_it_pyrs.MarkdownIt("commonmark").enable("table") if markdown_it_pyrs is not None else None

_LITERAL: Final = ("fence", "code_block", "html_block")
_BREAKS: Final = ("softbreak", "hardbreak")
# A continuation line indented past its blockquote markers, or past nothing.
_INDENTED_RE: Final = re.compile(r"(?:[ ]{0,3}>[ ]?)*[ \t]")
_CONTAINERS: Final = ("blockquote", "bullet_list", "ordered_list")
_BLOCKS: Final = frozenset(_LITERAL + _CONTAINERS + ("paragraph", "heading", "lheading", "hr", "table", "definition"))


def available() -> bool:
    return _MD is not None


def parse(text: str) -> list[Token] | None:
    """markdown-it-py's tokens for `text`, built from the Rust parser's tree; None when not exact."""
    if _MD is None or guards.risky(text) is not None:
        return None
    # markdown-it-py gives a last line of only blanks with no newline no line at all; Rust counts it.
    cut = text.rfind("\n") + 1
    if cut < len(text) and not text[cut:].strip(" \t"):
        text = text[:cut]
    try:
        tree = _MD.tree(text)
    except BaseException as exc:  # a Rust panic surfaces as pyo3's PanicException, a BaseException
        if isinstance(exc, (KeyboardInterrupt, SystemExit, MemoryError)):
            raise
        return None
    try:
        return _Converter(text).run(tree)
    except Unsupported:
        return None


class _Converter(TablesMixin):
    """One conversion: the source lines, each line's offset in the Rust parser's units, the tokens so far."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = text.split("\n")
        # The Rust parser counts bytes; for ASCII text that is characters.
        self.ascii = text.isascii()
        starts = [0]
        pos = 0
        for piece in self.lines[:-1] if self.ascii else text.encode("utf-8").split(b"\n")[:-1]:
            pos += len(piece) + 1
            starts.append(pos)
        self.starts = starts
        self.tokens: list[Token] = []
        self.quotes = 0  # blockquotes around the node being converted
        self.in_tables = bytearray(len(self.lines) + 1)

    def span(self, node: Any) -> list[int]:
        """A block node's [first line, line after the last]: markdown-it-py's `map`."""
        srcmap = node.srcmap
        if srcmap is None:
            raise Unsupported(node.name)
        return [bisect_right(self.starts, srcmap[0]) - 1, bisect_right(self.starts, srcmap[1])]

    def rest_of_line(self, offset: int) -> str:
        """The source line from a block's first offset on. Only container markers and blanks (ASCII)
        come before it, so the Rust parser's byte column is the character column."""
        index = bisect_right(self.starts, offset) - 1
        line = self.lines[index]
        column = offset - self.starts[index]
        if not self.ascii and not line[:column].isascii():
            raise Unsupported("offset")
        return line[column:]

    def blank(self, index: int) -> bool:
        """An empty line where the current node sits (inside `>`, a bare `>` line is empty)."""
        line = self.lines[index]
        return not line.strip(" \t") or (0 < line.count(">") <= self.quotes and not line.strip(" \t>"))

    def run(self, root: Any) -> list[Token]:
        self.blocks(root.children, 0)
        self.missed_tables()
        return self.tokens

    def inline(self, nodes: list[Any], first: int, end: int, level: int) -> None:
        """The `inline` token of a paragraph or heading over lines first..end-1."""
        tok = token("inline", "", 0, level, [first, end])
        out: list[Token] = []
        tok.children = out
        self.tokens.append(tok)
        if children(nodes, out, 0):
            check_emphasis(out)
        if end - first == 1:
            if "`" in self.lines[first] and unpaired_runs(self.lines[first:end], False):
                raise Unsupported("unclosed backtick run")
            return
        lines = self.lines[first:end]
        if "`" in "".join(lines) and unpaired_runs(lines, False):
            raise Unsupported("unclosed backtick run")
        breaks = 0
        for child in out:
            if child.type in _BREAKS:
                breaks += 1
        if breaks < end - first - 1:
            # A line break inside a code span, HTML or a link title: markdown-it-py keeps the next
            # line's indent there, Rust drops it.
            for line in lines[1:]:
                if _INDENTED_RE.match(line):
                    raise Unsupported("indented line in a code span")

    # -- blocks -----------------------------------------------------------------------------------

    def blocks(self, nodes: list[Any], level: int, before: int = -1) -> None:
        """Block nodes to tokens; `before` is where the first may start right under another line of
        its container (the line after the block before it), -1 when it may not."""
        if level > MAX_LEVEL:
            raise Unsupported("nesting")
        out = self.tokens
        starts = self.starts
        for node in nodes:
            name = node.name
            srcmap = node.srcmap
            if srcmap is None:
                raise Unsupported(name)
            first, end = bisect_right(starts, srcmap[0]) - 1, bisect_right(starts, srcmap[1])
            if name == "paragraph":
                out.append(token("paragraph_open", "p", 1, level, [first, end]))
                self.inline(node.children, first, end, level + 1)
                out.append(token("paragraph_close", "p", -1, level))
            elif name == "heading" or name == "lheading":
                meta = node.meta
                n = meta["level"]
                markup = "#" * n if name == "heading" else meta["marker"]
                out.append(token("heading_open", f"h{n}", 1, level, [first, end], markup))
                # A setext heading's inline run stops before its underline.
                self.inline(node.children, first, end if name == "heading" else end - 1, level + 1)
                out.append(token("heading_close", f"h{n}", -1, level, None, markup))
            elif name == "fence":
                self.fence(node, [first, end], level)
            elif name == "code_block" or name == "html_block":
                tok = token(name, "code" if name == "code_block" else "", 0, level, [first, end])
                tok.content = node.meta["content"]
                if name == "html_block":
                    tok.content = self.at_eof(tok.content, end)
                    # An HTML block waiting for its end marker (`-->`, `</pre>`, ...) that never comes
                    # ends at a different line in each parser inside a container.
                    if level and guards.unclosed_html(tok.content):
                        raise Unsupported("html block end")
                out.append(tok)
            elif name == "bullet_list" or name == "ordered_list":
                self.list_(node, [first, end], level)
            elif name == "blockquote":
                inner = node.children
                if not inner:
                    raise Unsupported("empty blockquote")  # markdown-it-py's map takes the blank lines after it
                lines = self.lines
                if end - first > 2 and end < len(lines) and not lines[end].strip(" \t>") and not lines[end - 1].strip(" \t>") and not lines[end - 2].strip(" \t>"):
                    raise Unsupported("blockquote end")  # markdown-it-py's map also takes the blank lines after two `>` lines
                out.append(token("blockquote_open", "blockquote", 1, level, [first, end], ">"))
                self.quotes += 1
                self.blocks(inner, level + 1, first)  # a container's first line is never a lazy one
                self.quotes -= 1
                out.append(token("blockquote_close", "blockquote", -1, level, None, ">"))
            elif name == "hr":
                # markdown-it-py's hr markup has one marker more than the line (its count starts at 1).
                meta = node.meta
                out.append(token("hr", "hr", 0, level, [first, end], meta["marker"] * (meta["marker_len"] + 1)))
            elif name == "table":
                self.table(node, [first, end], level, before)
            elif name != "definition":  # markdown-it-py keeps reference definitions out of the tokens
                raise Unsupported(name)
            # A table may touch the block before it only when that block takes no lazy lines.
            before = -1 if name in _CONTAINERS else end

    def fence(self, node: Any, map_: list[int], level: int) -> None:
        meta = node.meta
        markup = meta["marker"] * meta["marker_len"]
        head = self.rest_of_line(node.srcmap[0])
        if not head.startswith(markup) or head[len(markup) : len(markup) + 1] == markup[0]:
            raise Unsupported("fence marker")
        tok = token("fence", "code", 0, level, map_, markup)
        tok.info = head[len(markup) :]  # markdown-it-py keeps the info string raw
        tok.content = content = meta["content"]
        lines = content.count("\n")
        if lines == map_[1] - map_[0] - 1:  # not closed: the content runs to the last line
            if level:
                raise Unsupported("unclosed fence in a container")  # each parser ends it elsewhere
            tok.content = self.at_eof(content, map_[1])
        elif lines != map_[1] - map_[0] - 2:
            raise Unsupported("fence lines")
        self.tokens.append(tok)

    def at_eof(self, content: str, end: int) -> str:
        """markdown-it-py ends literal content with the source's last line as is: no newline added."""
        return content[:-1] if end == len(self.lines) and content.endswith("\n") else content

    def list_(self, node: Any, map_: list[int], level: int) -> None:
        ordered = node.name == "ordered_list"
        meta = node.meta
        char = meta["marker"]
        kind, tag = ("ordered_list", "ol") if ordered else ("bullet_list", "ul")
        opener = token(f"{kind}_open", tag, 1, level, map_, char)
        if ordered and meta.get("start", 1) != 1:
            opener.attrs = {"start": meta["start"]}
        out = self.tokens
        starts = self.starts
        out.append(opener)
        for item in node.children:
            srcmap = item.srcmap
            if item.name != "list_item" or srcmap is None:
                raise Unsupported("list item")
            item_map = [bisect_right(starts, srcmap[0]) - 1, bisect_right(starts, srcmap[1])]
            head = self.rest_of_line(srcmap[0])
            tok = token("list_item_open", "li", 1, level + 1, item_map, char)
            after = 1
            if ordered:
                after = len(head) - len(head.lstrip("0123456789"))
                tok.info = head[:after]
                after += 1
            if not 0 < after <= 10 or head[after - 1 : after] != char:
                raise Unsupported("list marker")
            out.append(tok)
            # A list item may start with one blank line: then its first block is on the next line.
            self.item(item.children, item_map, item_map[0] + (0 if head[after:].strip(" \t") else 1), level + 2)
            out.append(token("list_item_close", "li", -1, level + 1, None, char))
        out.append(token(f"{kind}_close", tag, -1, level, None, char))

    def item(self, nodes: list[Any], item_map: list[int], start: int, level: int) -> None:
        """A list item's children, where runs of inline nodes are a tight list's hidden paragraphs."""
        names = [node.name in _BLOCKS for node in nodes]
        if all(names):  # a loose list item: blocks only
            self.blocks(nodes, level, start)
            return
        i, n = 0, len(nodes)
        while i < n:
            j = i + 1
            inline = not names[i]
            while j < n and names[j] != inline:
                j += 1
            if not inline:
                self.blocks(nodes[i:j], level, start)
                start = self.span(nodes[j - 1])[1]
                i = j
                continue
            # In a tight list blocks touch: the paragraph runs from the end of the block before it to
            # the start of the block after it, or to the item's last line that is not blank.
            if j < n:
                end = self.span(nodes[j])[0]
            else:
                end = item_map[1]
                while end > start + 1 and self.blank(end - 1):
                    end -= 1
                if not self.lines[end - 1].strip(" \t>"):
                    raise Unsupported("paragraph end")
            # The Rust parser's inline offsets are unreliable, but its first one must agree.
            first = nodes[i].srcmap
            if not item_map[0] <= start < end <= item_map[1] or first is None or bisect_right(self.starts, first[0]) - 1 != start:
                raise Unsupported("paragraph lines")
            opener = token("paragraph_open", "p", 1, level, [start, end])
            closer = token("paragraph_close", "p", -1, level)
            opener.hidden = closer.hidden = True
            self.tokens.append(opener)
            self.inline(nodes[i:j], start, end, level + 1)
            self.tokens.append(closer)
            start, i = end, j
