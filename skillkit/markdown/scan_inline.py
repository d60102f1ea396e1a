"""The fast scanner's inline pass: code spans, links, images and line breaks as markdown-it-py finds them.

It runs markdown-it-py's backticks, escape, link, image and newline rules (with its link-label walk,
its index of backtick runs and its skip-token cache) and raises Unmodeled at what it does not model: an
autolink or inline HTML tag, an angle-bracket, escaped or entity-bearing link destination, a nested
bracket in a link label. Emphasis is not resolved: `*` and `_` stay in the text tokens, which only
headings read, so a heading with emphasis, an entity (not a bare `&`) or an escape is Unmodeled too.
"""

from __future__ import annotations

import re
from typing import Final

from skillkit.markdown.scan_links import LinkRules
from skillkit.markdown.tokens import Tok, Unmodeled

_SPECIAL_RE: Final = re.compile(r"[`\[!\n\\<]")
# What may follow `<` in an HTML tag (letter, `/`, `!`, `?`) or an email autolink (its local-part characters).
_TAG_START_RE: Final = re.compile(r"[A-Za-z0-9/!?.#$%&'*+=^_`{|}~-]")
# An entity markdown-it may decode (`&amp;`, `&#38;`, `&#x26;`); a bare `&` as in "Q & A" stays text.
_ENTITY_RE: Final = re.compile(r"&(?:#[xX][0-9a-fA-F]{1,6};|#[0-9]{1,7};|[A-Za-z][A-Za-z0-9]{1,31};)")
# An `_` that may open or close emphasis: not between two letters or digits (`*` always may).
_UNDERSCORE_RE: Final = re.compile(r"(?<![^\W_])_|_(?![^\W_])")


def inline_children(content: str) -> list[Tok]:
    """The children markdown-it-py gives a paragraph's or table cell's inline content (text unmerged of emphasis)."""
    # What only the full inline pass handles (links, breaks, escapes, tags); four `in` scans beat one regex.
    if "\n" in content or "[" in content or "\\" in content or "<" in content:
        return _Inline(content).run()
    if "`" not in content:
        return []  # nothing but text (a `!` needs a `[` or a code span to matter)
    # Only code spans can occur: each backtick run closes at the next run of exactly its length.
    out: list[Tok] = []
    end = len(content)
    pos = content.find("`")
    while pos >= 0:
        run_end = _run_end(content, pos, end)
        close = content.find("`", run_end)
        while close >= 0 and _run_end(content, close, end) - close != run_end - pos:
            close = content.find("`", _run_end(content, close, end))
        if close < 0:  # no closer: the run is text
            pos = content.find("`", run_end)
            continue
        if pos and content[pos - 1] == "!":
            bang = Tok("text")
            bang.content = "!"  # the `!` of Claude Code's `!`command``, which claude_code_syntax reads
            out.append(bang)
        tok = Tok("code_inline", "code")
        body = content[run_end:close]
        if body.startswith(" ") and body.endswith(" ") and body.strip(" "):
            body = body[1:-1]
        tok.markup, tok.content = content[pos:run_end], body
        out.append(tok)
        pos = content.find("`", close + run_end - pos)
    return out


def _run_end(text: str, start: int, end: int) -> int:
    """Where the run of backticks starting at `start` ends."""
    while start < end and text[start] == "`":
        start += 1
    return start


def heading_children(content: str) -> list[Tok]:
    """A heading's children; the text must be exact there (anchors): emphasis, entities and escapes are Unmodeled."""
    if "\\" in content or "*" in content or ("&" in content and _ENTITY_RE.search(content)) or ("_" in content and _UNDERSCORE_RE.search(content)):
        raise Unmodeled("emphasis or entity in a heading")
    parser = _Inline(content)
    parser.keep_text = True
    return parser.run()


def _last_runs(src: str) -> dict[int, int]:
    """Where the last run of backticks of each length starts (markdown-it-py's closer index)."""
    runs: dict[int, int] = {}
    pos = 0
    while (start := src.find("`", pos)) != -1:
        pos = start + 1
        while pos < len(src) and src[pos] == "`":
            pos += 1
        runs[pos - start] = start
    return runs


class _Inline(LinkRules):
    """markdown-it-py's StateInline, reduced to what the four rules read and write."""

    def __init__(self, src: str) -> None:
        self.src = src
        self.pos = 0
        self.max = len(src)
        self.last_runs: dict[int, int] | None = None
        self.skips: dict[int, int] = {}
        self.out: list[Tok] = []
        self.text_from = 0
        self.keep_text = False

    def run(self) -> list[Tok]:
        self.tokenize()
        self.flush(self.max)
        return self.out

    def flush(self, upto: int) -> None:
        """Emit the pending text before a token: in headings (anchors read it), and before a code span
        when it ends with `!` (Claude Code's `!`command`` reads it); other text no rule reads."""
        pending = self.src[self.text_from : upto]
        if pending and (self.keep_text or pending[-1] == "!"):
            tok = Tok("text", "", 0)
            tok.content = pending
            self.out.append(tok)

    def push(self, kind: str, tag: str, nesting: int, at: int) -> Tok:
        self.flush(at)
        tok = Tok(kind, tag, nesting)
        self.out.append(tok)
        return tok

    def tokenize(self) -> None:
        src, stop = self.src, self.max
        while self.pos < stop:
            m = _SPECIAL_RE.search(src, self.pos, stop)
            if m is None:
                self.pos = stop
                return
            at = self.pos = m.start()
            ch = src[at]
            if ch == "`":
                self.backticks(False)
            elif ch == "[":
                if not self.link(False):
                    self.pos = at + 1
            elif ch == "!":
                if not (at + 1 < stop and src[at + 1] == "[" and self.image(False)):
                    self.pos = at + 1
            elif ch == "\n":
                self.newline(False)
            else:
                self.other(at)

    def other(self, at: int) -> None:
        """A backslash (an escape) or a `<` (an autolink or a tag, not modelled)."""
        if self.src[at] == "\\":
            self.escape(at, False)
            return
        if _TAG_START_RE.match(self.src, at + 1):
            raise Unmodeled("autolink or inline HTML")
        self.pos = at + 1

    def escape(self, at: int, silent: bool) -> None:
        """markdown-it's escape rule: a backslash takes the next character with it, or breaks the line."""
        nxt = at + 1
        if nxt >= self.max:
            self.pos = nxt  # a backslash ending the text is itself text
        elif self.src[nxt] == "\n":
            if not silent:
                self.push("hardbreak", "br", 0, at)
            self._next_line(nxt + 1, silent)
        else:
            self.pos = nxt + 1  # the escaped character stays text, and `!` stays the last character

    def newline(self, silent: bool) -> None:
        at = self.pos
        if not silent:
            pending = self.src[self.text_from : at]
            kind = "hardbreak" if pending.endswith("  ") else "softbreak"
            self.push(kind, "br", 0, len(pending.rstrip(" ")) + self.text_from if pending.endswith(" ") else at)
        self._next_line(at + 1, silent)

    def _next_line(self, pos: int, silent: bool) -> None:
        """Continue after a line break at `pos`, past the next line's leading blanks (they are no text)."""
        while pos < self.max and self.src[pos] in (" ", "\t"):
            pos += 1
        self.pos = pos
        if not silent:
            self.text_from = pos

    def backticks(self, silent: bool) -> None:
        src, start, stop = self.src, self.pos, self.max
        pos = start + 1
        while pos < stop and src[pos] == "`":
            pos += 1
        length = pos - start
        if self.last_runs is None:
            self.last_runs = _last_runs(src)
        if self.last_runs.get(length, -1) >= pos:
            end = pos
            while (found := src.find("`", end)) != -1 and found < stop:
                end = found + 1
                while end < len(src) and src[end] == "`":
                    end += 1
                if end > stop:
                    break
                if end - found == length:
                    if not silent:
                        tok = self.push("code_inline", "code", 0, start)
                        content = src[pos:found].replace("\n", " ")
                        if content.startswith(" ") and content.endswith(" ") and content.strip(" "):
                            content = content[1:-1]
                        tok.markup, tok.content = src[start:pos], content
                        self.text_from = end
                    self.pos = end
                    return
        self.pos = pos  # no closer: the run is text

    def skip_token(self) -> None:
        """Move past one token without emitting it (markdown-it's skipToken, with its cache)."""
        at = self.pos
        if at in self.skips:
            self.pos = self.skips[at]
            return
        ch, ok = self.src[at], True
        if ch == "`":
            self.backticks(True)
        elif ch == "[":
            ok = self.link(True)
        elif ch == "!":
            ok = at + 1 < self.max and self.src[at + 1] == "[" and self.image(True)
        elif ch == "\n":
            self.newline(True)
        elif ch == "\\":
            self.escape(at, True)
        elif ch == "<":
            self.other(at)
            ok = False
            self.pos = at
        else:
            ok = False
        if not ok:
            self.pos = at + 1
        self.skips[at] = self.pos
