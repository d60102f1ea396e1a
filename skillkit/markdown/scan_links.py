"""The fast scanner's link and image rules, as markdown-it-py runs them (label walk, destination, title)."""

from __future__ import annotations

import re
from typing import Final

from skillkit.markdown.tokens import Tok, Unmodeled

# A relative path or anchor, and an http(s) URL with a lower-case ASCII host: the destinations most links in
# skills have, which markdown-it's normalizeLink returns as they are (a hypothesis test holds both to it).
_PLAIN_HREF_RE: Final = re.compile(r"[A-Za-z0-9_./#-]*")
_WEB_URL_RE: Final = re.compile(r"https?://[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?(?:[/?#][A-Za-z0-9/?#=+~_.,:;@!*'$-]*)?")


def plain_href(url: str) -> bool:
    """True when normalizeLink(url) == url is known without calling it (its interpreted code costs ~10 µs)."""
    return _PLAIN_HREF_RE.fullmatch(url) is not None or _WEB_URL_RE.fullmatch(url) is not None


class LinkRules:
    """Mixed into the inline pass; the attributes are markdown-it-py's StateInline fields it reads."""

    src: str
    pos: int
    max: int
    text_from: int

    # The scanner class this is mixed into overrides these (real stubs: mypyc compiles no TYPE_CHECKING body).
    def push(self, kind: str, tag: str, nesting: int, at: int) -> Tok:
        raise NotImplementedError

    def skip_token(self) -> None:
        raise NotImplementedError

    def tokenize(self) -> None:
        raise NotImplementedError

    def label_end(self, start: int) -> int:
        """Where the link label opened at `start` closes (markdown-it's parseLinkLabel), or -1.

        A nested `[` is Unmodeled, so the label closes at the first `]` that no code span hides.
        """
        old = self.pos
        self.pos = start + 1
        found = -1
        while self.pos < self.max:
            ch = self.src[self.pos]
            if ch == "]":
                found = self.pos
                break
            if ch == "[":
                raise Unmodeled("bracket inside a link label")
            self.skip_token()
        self.pos = old
        return found

    def destination(self, pos: int) -> tuple[str, int] | None:
        """(href, end) of a link destination at `pos` (markdown-it's parseLinkDestination), or None."""
        src, stop = self.src, self.max
        if pos < stop and src[pos] == "<":
            raise Unmodeled("angle-bracket link destination")
        start, level = pos, 0
        while pos < stop:
            ch = src[pos]
            if ch == " " or ch < " " or ch == "\x7f":
                break
            if ch == "\\":
                raise Unmodeled("escape in a link destination")
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
        raw = src[start:pos]
        if "&" in raw:
            raise Unmodeled("entity in a link destination")
        if plain_href(raw):
            return raw, pos
        from markdown_it.common.normalize_url import (
            normalizeLink,  # only for URLs and unusual characters
        )

        return normalizeLink(raw), pos

    def title_end(self, pos: int) -> int:
        """The position after a link title at `pos`, or -1 when there is none."""
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
            if ch == "\\":
                raise Unmodeled("escape in a link title")
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
        end = self.label_end(start)
        found = None if end < 0 else self.target(end)
        if found is None:
            return False
        href, after = found
        if not silent:
            self.push("link_open", "a", 1, start).attrs = {"href": href}
            self.text_from, self.pos, outer = start + 1, start + 1, self.max
            self.max = end
            self.tokenize()
            self.max = outer
            self.push("link_close", "a", -1, end)
            self.text_from = after
        self.pos = after
        return True

    def image(self, silent: bool) -> bool:
        start = self.pos
        end = self.label_end(start + 1)
        found = None if end < 0 else self.target(end)
        if found is None:
            return False
        href, after = found
        if not silent:
            self.push("image", "img", 0, start).attrs = {"src": href, "alt": ""}
            self.text_from = after
        self.pos = after
        return True
