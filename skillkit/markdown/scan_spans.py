"""The fast scanner's inline rules for runs of text: code spans, escapes, line breaks, entities, emphasis runs."""

from __future__ import annotations

from skillkit.markdown.scan_links import LinkRules
from skillkit.markdown.scan_text import ESCAPABLE, Delim, flanking
from skillkit.markdown.scan_text import entity as decode_entity
from skillkit.markdown.tokens import Tok


def run_end(text: str, start: int, end: int) -> int:
    """Where the run of backticks starting at `start` ends."""
    while start < end and text[start] == "`":
        start += 1
    return start


def backtick_index(src: str) -> dict[int, int]:
    """Where the last run of backticks of each length starts (markdown-it-py's closer index)."""
    runs: dict[int, int] = {}
    pos = 0
    while (start := src.find("`", pos)) != -1:
        pos = start + 1
        while pos < len(src) and src[pos] == "`":
            pos += 1
        runs[pos - start] = start
    return runs


class SpanRules(LinkRules):
    """A base of the inline pass, under it and over LinkRules (one chain: mypyc compiles no mixins).

    Outside headings these rules make no text: an escape or an entity stays in the pending text, and a
    `*` or `_` is not even stopped at (emphasis changes no token skillkit reads there).
    """

    last_runs: dict[int, int] | None
    out: list[Tok]
    keep_text: bool
    delims: list[Delim]

    def flush(self, upto: int) -> None:
        raise NotImplementedError

    def entity(self, at: int) -> None:
        """markdown-it's entity rule (headings only): the decoded characters are the text."""
        found = decode_entity(self.src, at) if at + 1 < self.max else None
        if found is None:
            self.pos = at + 1
            return
        self.push("text", "", 0, at).content = found[0]
        self.text_from = self.pos = found[1]

    def emphasis(self, at: int) -> None:
        """A run of `*` or `_` (headings only): one text token and one delimiter per character."""
        src, stop = self.src, self.max
        marker, end = src[at], at + 1
        while end < stop and src[end] == marker:
            end += 1
        can_open, can_close = flanking(src[at - 1] if at > 0 else " ", src[end] if end < stop else " ", marker == "_")
        self.flush(at)
        for _ in range(end - at):
            tok = Tok("text", "", 0)
            tok.content = marker
            self.out.append(tok)
            self.delims.append(Delim(marker, end - at, len(self.out) - 1, can_open, can_close))
        self.text_from = self.pos = end

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
            # The escaped character stays in the pending text (and a `!` stays its last character); in a
            # heading the backslash of an escape leaves the text.
            if self.keep_text and not silent:
                ch = self.src[nxt]
                self.push("text", "", 0, at).content = ch if ch in ESCAPABLE else "\\" + ch
                self.text_from = nxt + 1
            self.pos = nxt + 1

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
            self.last_runs = backtick_index(src)
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
