"""Raw HTML as markdown-it-py reads it: the seven HTML block start and end conditions, inline tags, autolinks."""

from __future__ import annotations

import re
from typing import Final

from skillkit.lazy_pattern import LazyPattern

# CommonMark's pieces of a tag. `\s` is Unicode whitespace here as in markdown-it-py's patterns (both are
# Python regexes), and the tag names are ASCII only.
_NAME: Final = r"[A-Za-z][A-Za-z0-9-]*"
_VALUE: Final = r"""(?:[^"'=<>`\x00-\x20]+|'[^']*'|"[^"]*")"""
_ATTRIBUTE: Final = r"(?:\s+[A-Za-z_:][A-Za-z0-9_.:-]*(?:\s*=\s*" + _VALUE + r")?)"
_OPEN: Final = "<" + _NAME + _ATTRIBUTE + r"*\s*/?>"
_CLOSE: Final = "</" + _NAME + r"\s*>"

# Inline tags other than comments (which `comment_end` reads in linear time): open and close tags,
# processing instructions, declarations and CDATA sections, anchored where `match` is called.
_TAG_RE: Final = LazyPattern(
    "(?:" + _OPEN + "|" + _CLOSE + r"|<\?[\s\S]*?\?>|<![A-Za-z][^>]*>|<!\[CDATA\[[\s\S]*?\]\]>)"
)

# HTML block start conditions 1 to 5 and 7 (6 is a name lookup in `block_kind`); `$` as markdown-it has it.
_RAW_START_RE: Final = LazyPattern(r"<(?ai:script|pre|style|textarea)(?=\s|>|$)")
_RAW_END_RE: Final = LazyPattern(r"</(?ai:script|pre|style|textarea)>")
_NAME_START_RE: Final = re.compile(r"</?([A-Za-z][A-Za-z0-9]*)")
_NAME_END_RE: Final = re.compile(r"\s|/?>|$")
_LONE_TAG_RE: Final = re.compile("(?:" + _OPEN + "|" + _CLOSE + r")\s*$")
_DECLARATION_RE: Final = re.compile(r"<![A-Za-z]")
# CommonMark 0.31's block-level tag names (condition 6), lower case.
_BLOCK_NAMES: Final = frozenset(
    ["address", "article", "aside", "base", "basefont", "blockquote", "body", "caption", "center", "col", "colgroup", "dd", "details", "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "frame", "frameset", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hr", "html", "iframe", "legend", "li", "link", "main", "menu", "menuitem", "nav", "noframes", "ol", "optgroup", "option", "p", "param", "search", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "title", "tr", "track", "ul"]
)

# Autolinks: a scheme of 2 to 32 characters and no blanks or angle brackets, or an email address.
_URL_RE: Final = LazyPattern(r"[a-zA-Z][a-zA-Z0-9+.-]{1,31}:[^<>\x00-\x20]*$")
_ANGLE_RE: Final = re.compile("[<>]")
_LABEL: Final = r"[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?"
_EMAIL_RE: Final = LazyPattern(r"[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@" + _LABEL + r"(?:\." + _LABEL + ")*$")

NOT_HTML: Final = 0
LONE_TAG: Final = 7  # condition 7, the one kind that cannot interrupt a paragraph


def block_kind(line: str) -> int:
    """Which CommonMark HTML block condition (1 to 7) the line starting with `<` opens, or NOT_HTML."""
    second = line[1:2]
    if second == "!":
        if line.startswith("<!--"):
            return 2
        if line.startswith("<![CDATA["):
            return 5
        if _DECLARATION_RE.match(line):
            return 4
    elif second == "?":
        return 3
    elif _RAW_START_RE().match(line):
        return 1
    found = _NAME_START_RE.match(line)
    if found and found.group(1).lower() in _BLOCK_NAMES and _NAME_END_RE.match(line, found.end()):
        return 6
    return LONE_TAG if _LONE_TAG_RE.match(line) else NOT_HTML


def block_ends(kind: int, line: str) -> bool:
    """Whether `line` ends an HTML block of this kind (kinds 6 and 7 end at a blank line, the line not taken)."""
    if kind == 1:
        return _RAW_END_RE().search(line) is not None
    if kind == 2:
        return "-->" in line
    if kind == 3:
        return "?>" in line
    if kind == 4:
        return ">" in line
    if kind == 5:
        return "]]>" in line
    return not line


class TagFinder:
    """markdown-it-py's html_inline and autolink rules over one inline text, without their slow cases.

    Its quick rejections (no terminator after the position at all) are kept, and comments, whose
    regex backtracks over the whole rest of the text once per `<!--` when they never close, are read
    by a scan whose results are shared between openers: every parse stays linear in the text.
    """

    def __init__(self, src: str) -> None:
        self.src = src
        self.last: dict[str, int] = {}
        self.comment_from: dict[int, int] = {}

    def _last(self, term: str) -> int:
        found = self.last.get(term)
        if found is None:
            found = self.last[term] = self.src.rfind(term)
        return found

    def tag_end(self, pos: int, stop: int) -> int:
        """Where an inline HTML tag starting at `pos` ends, or -1; the tag may run past `stop`, as there."""
        src = self.src
        if pos + 2 >= stop:
            return -1
        second = src[pos + 1]
        if second == "!":
            if src.startswith("<!--", pos):
                return self.comment_end(pos)
            if src.startswith("<![CDATA[", pos):
                if self._last("]]>") < pos + 9:
                    return -1
            elif self._last(">") < pos + 3:
                return -1
        elif second == "?":
            if self._last("?>") < pos + 2:
                return -1
        elif second == "/" or "a" <= second <= "z" or "A" <= second <= "Z":
            if self._last(">") < pos + 2:
                return -1
        else:
            return -1
        found = _TAG_RE().match(src, pos)
        return found.end() if found else -1

    def comment_end(self, pos: int) -> int:
        """The end of the comment opened at `pos`, as `<!---?>|<!--(?:[^-]|-[^-]|--[^>])*-->` matches it.

        That body splits the text into pieces one way only (a non-dash, a dash and a non-dash, two dashes
        and a non-`>`), so the match ends at the first piece boundary followed by `-->`. Every position
        after a non-dash is a boundary whichever opener the split began at, so the result found from such a
        position is cached for all openers that reach it.
        """
        src = self.src
        if src.startswith(">", pos + 4):  # `<!-->` and `<!--->`, the two empty comments
            return pos + 5
        if src.startswith("->", pos + 4):
            return pos + 6
        if self._last("-->") < pos + 4:
            return -1
        size = len(src)
        at = pos + 4
        seen: list[int] = []
        end = -1
        while at < size:
            if at > pos + 4 and src[at - 1] != "-":
                cached = self.comment_from.get(at)
                if cached is not None:
                    end = cached
                    break
                seen.append(at)
            ch = src[at]
            if ch != "-":
                at += 1
            elif at + 1 < size and src[at + 1] != "-":
                at += 2
            elif src.startswith("-->", at):
                end = at + 3
                break
            elif at + 2 < size:
                at += 3
            else:
                break
        for start in seen:
            self.comment_from[start] = end
        return end

    def autolink(self, pos: int, stop: int) -> tuple[str, bool] | None:
        """(address, is an email) of an autolink `<...>` at `pos` ending before `stop`, or None."""
        src = self.src
        # The first angle bracket after `pos` must close it: a `<` first means no autolink.
        found = _ANGLE_RE.search(src, pos + 1, stop)
        if found is None or src[found.start()] == "<":
            return None
        close = found.start()
        url = src[pos + 1 : close]
        if _URL_RE().match(url):
            return url, False
        if _EMAIL_RE().match(url):
            return url, True
        return None
