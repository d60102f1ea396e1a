"""The fast scanner's link and image rules, as markdown-it-py runs them: label walk, destination, title."""

from __future__ import annotations

import re
from typing import Final

from skillkit.markdown.scan_text import Delim
from skillkit.markdown.tokens import MAX_NESTING, Tok, Unmodeled

# A relative path or anchor, and an http(s) URL with a lower-case ASCII host: the destinations most links in
# skills have, which markdown-it's normalizeLink returns as they are (a hypothesis test holds both to it).
_PLAIN_HREF_RE: Final = re.compile(r"[A-Za-z0-9_./#-]*")
_WEB_URL_RE: Final = re.compile(r"https?://[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?(?:[/?#][A-Za-z0-9/?#=+~_.,:;@!*'$&-]*)?")
_MAILTO_RE: Final = re.compile(r"mailto:[A-Za-z0-9._+-]+@[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?")
# What can end a label walk or stand in its way: brackets, and the starts of tokens that may hold them.
_LABEL_STOP_RE: Final = re.compile(r"[\[\]`\\<!]")
_ESCAPE_RE: Final = re.compile(r"\\([!-/:-@\[-`{-~])")  # a backslash before ASCII punctuation
_ANGLED_STOP_RE: Final = re.compile(r"[\n<>\\]")
# The characters a bare destination takes without a look: all but blanks, controls, parentheses and backslashes.
_DESTINATION_RUN_RE: Final = re.compile(r"[^\x00-\x20\x7f()\\]*")
# What markdown-it's unescapeAll decodes as an entity (named or numeric, valid or not): a bare `&` it leaves.
_ENTITY_LIKE_RE: Final = re.compile(r"&[a-z#][a-z0-9]{1,31};", re.IGNORECASE)


def plain_href(url: str) -> bool:
    """True when normalizeLink(url) == url is known without calling it (its interpreted code costs ~10 µs)."""
    return _PLAIN_HREF_RE.fullmatch(url) is not None or _WEB_URL_RE.fullmatch(url) is not None or _MAILTO_RE.fullmatch(url) is not None


def _unescaped(raw: str) -> str:
    """A destination as markdown-it's unescapeAll leaves it, then normalized; an entity in it is Unmodeled.

    A `&` that starts no entity (`?a=1&b=2`, the usual case) is left as it is.
    """
    if "&" in raw and _ENTITY_LIKE_RE.search(raw):
        raise Unmodeled("entity in a link destination")
    return normalize_link(_ESCAPE_RE.sub(r"\1", raw) if "\\" in raw else raw)


def normalize_link(url: str) -> str:
    """markdown-it's normalizeLink(url), called only for URLs the shortcut cannot vouch for."""
    if plain_href(url):
        return url
    from markdown_it.common.normalize_url import normalizeLink

    return normalizeLink(url)


def normalize_link_text(url: str) -> str:
    """markdown-it's normalizeLinkText(url): an autolink's text (only headings read it)."""
    if plain_href(url):
        return url
    from markdown_it.common.normalize_url import normalizeLinkText

    return normalizeLinkText(url)


class LinkRules:
    """The first base of the inline pass; the attributes are markdown-it-py's StateInline fields it reads.

    The label walk counts nested brackets and skips whole tokens (code spans, tags, autolinks, inner
    links) through the shared skip cache, as parseLinkLabel does; it declines where markdown-it's nesting
    limit would cut the walk short. Destinations with entities are Unmodeled; no reference definition
    exists (the block scanner declines them), so neither does a reference link.
    """

    src: str
    pos: int
    max: int
    text_from: int
    level: int  # markdown-it's StateInline.level: links open around the text, plus skipToken's own nesting

    # The scanner class this is mixed into overrides these (real stubs: mypyc compiles no TYPE_CHECKING body).
    def push(self, kind: str, tag: str, nesting: int, at: int) -> Tok:
        raise NotImplementedError

    def skip_token(self) -> None:
        raise NotImplementedError

    def tokenize(self) -> None:
        raise NotImplementedError

    def open_link(self) -> list[Delim]:
        raise NotImplementedError

    def close_link(self, saved: list[Delim]) -> None:
        raise NotImplementedError

    def label_end(self, start: int, nested: bool) -> int:
        """Where the label opened at `start` closes (markdown-it's parseLinkLabel), or -1.

        A `[` that is plain text opens a level; one that starts a link ends the walk when `nested` is
        False (a link holds no link). Plain text between the stops is skipped in one step: skipToken
        would step over it one character or one text run at a time, to the same end.
        """
        if self.level >= MAX_NESTING:
            raise Unmodeled("deeply nested link labels")  # markdown-it's skipToken would jump to the end
        src, stop = self.src, self.max
        old, pos, level, found = self.pos, start + 1, 1, -1
        while pos < stop:
            hit = _LABEL_STOP_RE.search(src, pos, stop)
            if hit is None:
                break
            pos = hit.start()
            ch = src[pos]
            if ch == "]":
                level -= 1
                if level == 0:
                    found = pos
                    break
                pos += 1
                continue
            self.pos = pos
            self.skip_token()
            if ch == "[":
                if self.pos == pos + 1:
                    level += 1
                elif not nested:
                    self.pos = old
                    return -1
            pos = self.pos
        self.pos = old
        return found

    def destination(self, pos: int) -> tuple[str, int] | None:
        """(href, end) of a link destination at `pos` (markdown-it's parseLinkDestination), or None."""
        src, stop = self.src, self.max
        if pos < stop and src[pos] == "<":
            # `<...>`: anything but a line break or `<` up to the first unescaped `>`.
            at = pos + 1
            while True:
                hit = _ANGLED_STOP_RE.search(src, at, stop)
                if hit is None or src[hit.start()] in "\n<":
                    return None
                at = hit.start()
                if src[at] == ">":
                    return _unescaped(src[pos + 1 : at]), at + 1
                at += 2 if at + 1 < stop else 1  # a backslash takes the next character along
        start, level = pos, 0
        while pos < stop:
            pos = _DESTINATION_RUN_RE.match(src, pos, stop).end()  # type: ignore[union-attr]
            if pos >= stop:
                break
            ch = src[pos]
            if ch == " " or ch < " " or ch == "\x7f":
                break
            if ch == "\\" and pos + 1 < stop:
                if src[pos + 1] == " ":
                    break
                pos += 2
                continue
            if ch == "(":
                level += 1
                if level > 32:
                    return None
            elif ch == ")":
                if level == 0:
                    break
                level -= 1
            pos += 1
        if start == pos or level:
            return None
        return _unescaped(src[start:pos]), pos

    def title_end(self, pos: int) -> int:
        """The position after a link title at `pos`, or -1 when there is none (its text is not read)."""
        src = self.src
        if pos >= self.max or src[pos] not in ('"', "'", "("):
            return -1
        close = ")" if src[pos] == "(" else src[pos]
        pos += 1
        while pos < self.max:
            ch = src[pos]
            if ch == close:
                return pos + 1
            if ch == "(" and close == ")":
                return -1
            if ch == "\\" and pos + 1 < self.max:
                pos += 1
            pos += 1
        return -1

    def _spaces(self, pos: int) -> int:
        while pos < self.max and self.src[pos] in (" ", "\t", "\n"):
            pos += 1
        return pos

    def target(self, label_end: int) -> tuple[str, int] | None:
        """(href, position after `)`) for the `(...)` after a label, or None (no link: no definitions exist)."""
        pos = label_end + 1
        if pos >= self.max or self.src[pos] != "(":
            return None
        pos = self._spaces(pos + 1)
        if pos >= self.max:
            return None
        href = ""
        found = self.destination(pos)
        if found is not None:
            href, pos = found
            start = pos
            pos = self._spaces(pos)
            after = self.title_end(pos) if pos < self.max and start != pos else -1
            if after >= 0:
                pos = self._spaces(after)
        if pos >= self.max or self.src[pos] != ")":
            return None
        return href, pos + 1

    def link(self, silent: bool) -> bool:
        start = self.pos
        end = self.label_end(start, False)
        found = None if end < 0 else self.target(end)
        if found is None:
            return False  # no reference definitions exist (they are Unmodeled): no reference link either
        href, after = found
        if not silent:
            self.push("link_open", "a", 1, start).attrs = {"href": href}
            saved = self.open_link()
            self.text_from, self.pos, outer = start + 1, start + 1, self.max
            self.max = end
            self.tokenize()
            self.max = outer
            self.close_link(saved)
            self.push("link_close", "a", -1, end)
            self.text_from = after
        self.pos = after
        return True

    def image(self, silent: bool) -> bool:
        start = self.pos
        end = self.label_end(start + 1, True)
        found = None if end < 0 else self.target(end)
        if found is None:
            return False
        href, after = found
        if not silent:
            self.push("image", "img", 0, start).attrs = {"src": href, "alt": ""}
            self.text_from = after
        self.pos = after
        return True
