"""The fast scanner's inline pass: code spans, links, images, autolinks, inline HTML, breaks and heading text."""

from __future__ import annotations

import re
from typing import Final

from skillkit.markdown.scan_html import TagFinder
from skillkit.markdown.scan_links import normalize_link, normalize_link_text
from skillkit.markdown.scan_spans import SpanRules, backtick_index
from skillkit.markdown.scan_spans import run_end as _run_end
from skillkit.markdown.scan_state import code_table
from skillkit.markdown.scan_text import Delim, bang_text, pair_delimiters
from skillkit.markdown.tokens import Tok

_SPECIAL_RE: Final = re.compile(r"[`\[!\n\\<]")
_HEADING_SPECIAL_RE: Final = re.compile(r"[`\[!\n\\<&*_]")
_HEADING_SPECIALS: Final = code_table("`[!\n\\<&*_")  # the same characters, by code


def inline_children(content: str) -> list[Tok]:
    """The children markdown-it-py gives a paragraph's or table cell's inline content (text unmerged of emphasis)."""
    # What only the full inline pass handles (links, breaks, escapes, tags); four `in` scans beat one regex.
    if "\n" in content or "[" in content or "\\" in content or "<" in content:
        return _Inline(content, False).run()
    if "`" not in content:
        return []  # nothing but text (a `!` needs a `[` or a code span to matter)
    # Only code spans can occur: each backtick run closes at the next run of exactly its length, if any
    # is left. The index of last runs is built after the first scan that finds no closer: from then on a
    # run that never closes costs no scan (the one failed scan before it is linear, and so is the rest).
    out: list[Tok] = []
    end = len(content)
    pos = content.find("`")
    text_from = 0
    lasts: dict[int, int] | None = None
    while pos >= 0:
        run_end = _run_end(content, pos, end)
        if lasts is not None and lasts.get(run_end - pos, -1) < run_end:
            pos = content.find("`", run_end)
            continue
        close = content.find("`", run_end)
        while close >= 0 and _run_end(content, close, end) - close != run_end - pos:
            close = content.find("`", _run_end(content, close, end))
        if close < 0:  # no closer: the run is text
            if lasts is None:
                lasts = backtick_index(content)
            pos = content.find("`", run_end)
            continue
        bang = bang_text(content, text_from, pos)
        if bang is not None:  # ends with the `!` of `!`command``, which claude_code_syntax reads
            text = Tok("text")
            text.content = bang
            out.append(text)
        tok = Tok("code_inline", "code")
        body = content[run_end:close]
        if body.startswith(" ") and body.endswith(" ") and body.strip(" "):
            body = body[1:-1]
        tok.markup, tok.content = content[pos:run_end], body
        out.append(tok)
        text_from = close + run_end - pos
        pos = content.find("`", text_from)
    return out


def heading_children(content: str) -> list[Tok]:
    """A heading's children, with its text tokens: joined, they are markdown-it's heading text."""
    if not _heading_special(content):  # most headings: plain text, one token or none
        if not content:
            return []
        text = Tok("text")
        text.content = content
        return [text]
    return _Inline(content, True).run()


def _heading_special(content: str) -> bool:
    """Whether `content` holds a character of _HEADING_SPECIAL_RE: compiled, a loop over a short heading beats a regex call."""
    for i in range(len(content)):
        code = ord(content[i])
        if code < 128 and _HEADING_SPECIALS[code]:
            return True
    return False


class _Inline(SpanRules):
    """markdown-it-py's StateInline and inline rule loop, reduced to what skillkit reads.

    It runs markdown-it-py's newline, escape, backticks, link, image, autolink and html_inline rules (with
    its link-label walk, its index of backtick runs and its skip-token cache). Outside headings text is not
    made, except before a code span when it ends with `!` (Claude Code's `!`command``), and emphasis is
    not resolved: no rule reads it. A heading's text is read (anchors), so there the emphasis and entity
    rules run too, escapes drop their backslash, and the text tokens join to markdown-it's text. What
    stays Unmodeled is in scan_links: escaped or entity-bearing link destinations and titles, and labels
    nested as deep as markdown-it's nesting limit.
    """

    def __init__(self, src: str, heading: bool) -> None:
        self.src = src
        self.pos = 0
        self.max = len(src)
        self.last_runs: dict[int, int] | None = None
        self.skips: dict[int, int] = {}
        self.out: list[Tok] = []
        self.text_from = 0
        self.level = 0
        self.keep_text = heading
        self.special = _HEADING_SPECIAL_RE if heading else _SPECIAL_RE
        self.tags: TagFinder | None = None
        # Emphasis delimiters, one list per link level as markdown-it keeps them (headings only).
        self.delims: list[Delim] = []
        self.delim_lists: list[list[Delim]] = [self.delims]

    def run(self) -> list[Tok]:
        self.tokenize()
        self.flush(self.max)
        if self.keep_text:
            for delims in self.delim_lists:
                for index in pair_delimiters(delims):
                    self.out[index].content = ""  # paired: an emphasis tag, no text
        return self.out

    def flush(self, upto: int) -> None:
        """Emit the pending text before a token: in headings (anchors read it), and before a code span
        when it ends with `!` (Claude Code's `!`command`` reads it); other text no rule reads."""
        start = self.text_from
        if upto <= start:
            return
        text = self.src[start:upto] if self.keep_text else bang_text(self.src, start, upto)
        if text is not None:
            tok = Tok("text", "", 0)
            tok.content = text
            self.out.append(tok)

    def push(self, kind: str, tag: str, nesting: int, at: int) -> Tok:
        self.flush(at)
        tok = Tok(kind, tag, nesting)
        self.out.append(tok)
        return tok

    def open_link(self) -> list[Delim]:
        """Enter a link's text: one level deeper, with its own emphasis delimiters (markdown-it's push)."""
        self.level += 1
        saved = self.delims
        if self.keep_text:
            self.delims = []
            self.delim_lists.append(self.delims)
        return saved

    def close_link(self, saved: list[Delim]) -> None:
        self.level -= 1
        self.delims = saved

    def tokenize(self) -> None:
        src, stop, special = self.src, self.max, self.special
        while self.pos < stop:
            m = special.search(src, self.pos, stop)
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
            elif ch == "\\":
                self.escape(at, False)
            elif ch == "<":
                if not self.angle(at, False):
                    self.pos = at + 1
            elif ch == "&":
                self.entity(at)
            else:
                self.emphasis(at)

    def angle(self, at: int, silent: bool) -> bool:
        """markdown-it's autolink rule, then its html_inline rule, at a `<`."""
        if self.tags is None:
            self.tags = TagFinder(self.src)
        found = self.tags.autolink(at, self.max)
        if found is not None:
            url, email = found
            if not silent:
                self.push("link_open", "a", 1, at).attrs = {"href": normalize_link("mailto:" + url if email else url)}
                self.text_from = at + len(url) + 2  # nothing pending inside
                if self.keep_text:
                    self.push("text", "", 0, at).content = normalize_link_text(url)
                self.push("link_close", "a", -1, at)
            self.pos = at + len(url) + 2
            return True
        end = self.tags.tag_end(at, self.max)
        if end < 0:
            return False
        if not silent:
            self.push("html_inline", "", 0, at).content = self.src[at:end]
            self.text_from = end
        self.pos = end
        return True

    def skip_token(self) -> None:
        """Move past one token without emitting it (markdown-it's skipToken, with its cache)."""
        at = self.pos
        if at in self.skips:
            self.pos = self.skips[at]
            return
        ch, ok = self.src[at], True
        self.level += 1  # as skipToken raises the level around each rule it tries
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
            ok = self.angle(at, True)
        else:
            ok = False
        self.level -= 1
        if not ok:
            self.pos = at + 1
        self.skips[at] = self.pos
