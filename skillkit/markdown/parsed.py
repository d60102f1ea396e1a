"""A parsed markdown text and the helpers rules read it with: lines, token positions, headings, anchors."""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING, Final

from skillkit.record import Record

if TYPE_CHECKING:
    from markdown_it.token import Token


# Referenced markdown files bigger than this are not parsed (a body is capped by document.py).
MAX_MD_BYTES: Final = 2 * 1024 * 1024

# Block tokens whose lines are literal text, not markdown: no table, link or directive counts there.
CODE_TYPES: Final = frozenset({"fence", "code_block"})
LITERAL_TYPES: Final = frozenset({"fence", "code_block", "html_block"})

_CONTAINER_RE: Final = re.compile(r"^[ \t]*(?:>[ \t]?[ \t]*)*")
_HEADING_STRIP_RE: Final = re.compile(r"[^\w\- ]", re.UNICODE)


class Heading(Record):
    """An ATX or setext heading: level, plain text, 0-based line in its Parsed, GitHub-style anchor."""

    __slots__ = ("level", "text", "index", "anchor")

    def __init__(self, level: int, text: str, index: int, anchor: str) -> None:
        self.level = level
        self.text = text
        self.index = index
        self.anchor = anchor


class Parsed(Record):
    """A parsed markdown text. `lines[i]` is the source of token line i, which is file line `first_line + i`."""

    __slots__ = ("lines", "first_line", "tokens", "file", "_masks", "_headings", "_positions", "_children")

    def __init__(
        self,
        lines: list[str],
        first_line: int,
        tokens: list[Token],
        file: str | None = None,
        _masks: dict[frozenset[str], bytearray] | None = None,
        _headings: list[Heading] | None = None,
        _positions: dict[str, list[int]] | None = None,
        _children: list[tuple[Token, int]] | None = None,
    ) -> None:
        self.lines = lines
        self.first_line = first_line
        self.tokens = tokens
        self.file = file
        self._masks: dict[frozenset[str], bytearray] = {} if _masks is None else _masks
        self._headings = _headings
        self._positions = _positions
        self._children = _children

    def file_line(self, index: int) -> int:
        return self.first_line + index

    def line_of(self, token: Token) -> int:
        """File line (1-based) of a block token's first line."""
        return self.first_line + (token.map[0] if token.map else 0)

    def positions(self, kind: str) -> list[int]:
        """Where tokens of a type sit in `tokens`; one pass over the stream serves every rule."""
        if self._positions is None:
            index: dict[str, list[int]] = {}
            for i, tok in enumerate(self.tokens):
                at = index.get(tok.type)
                if at is None:
                    index[tok.type] = [i]  # setdefault would build a list for every token
                else:
                    at.append(i)
            self._positions = index
        return self._positions.get(kind, [])

    def of_type(self, *kinds: str) -> list[Token]:
        """The tokens of these types, in stream order."""
        if len(kinds) == 1:
            at = self.positions(kinds[0])
        else:
            at = []
            for kind in kinds:
                at.extend(self.positions(kind))
            at.sort()  # each kind's list is in order already: the sort merges the runs
        return [self.tokens[i] for i in at]

    def mask(self, types: frozenset[str] = LITERAL_TYPES) -> bytearray:
        """One byte per line: 1 where a block token of one of `types` covers the line."""
        found = self._masks.get(types)
        if found is None:
            found = bytearray(len(self.lines) + 1)
            tokens = self.tokens
            for kind in types:  # in any order: unlike of_type, a mask needs no sort into stream order
                for i in self.positions(kind):
                    tok = tokens[i]
                    if tok.map:
                        start, end = tok.map
                        found[start:end] = b"\x01" * (end - start)
            self._masks[types] = found
        return found

    def headings(self) -> list[Heading]:
        if self._headings is None:
            self._headings = _collect_headings(self.tokens, self.positions("heading_open"))
        return self._headings

    def anchors(self) -> frozenset[str]:
        return frozenset(h.anchor for h in self.headings())

def inline_children(parsed: Parsed) -> list[tuple[Token, int]]:
    """Every inline child token with the 0-based line it sits on (counted through soft and hard breaks).

    Made once per text: links, code paths and Claude Code's `!` commands each walk them.
    """
    if parsed._children is None:
        out: list[tuple[Token, int]] = []
        for tok in parsed.of_type("inline"):
            if not tok.children or not tok.map:
                continue
            index = tok.map[0]
            for child in tok.children:
                if child.type == "softbreak" or child.type == "hardbreak":
                    index += 1
                    continue
                out.append((child, index))
        parsed._children = out
    return parsed._children


def strip_container(line: str) -> str:
    """A source line without leading whitespace and blockquote markers (what a block sees inside `>` and lists)."""
    return line[_CONTAINER_RE.match(line).end() :]  # type: ignore[union-attr]


def container_prefix(line: str) -> int:
    return _CONTAINER_RE.match(line).end()  # type: ignore[union-attr]


def column_of(line: str, needle: str, default: int = 1) -> int:
    """1-based column of `needle` in `line`, or `default` when it is not there verbatim."""
    at = line.find(needle) if needle else -1
    return at + 1 if at >= 0 else default


def fence_language(info: str) -> str:
    """The language word of a fence's info string: ```` ```python title="x" ```` and ```` ```{.python} ```` give 'python'."""
    word = info.strip().split(maxsplit=1)[0] if info.strip() else ""
    return word.strip("{}.,").split(",")[0].lower()


def anchor_key(text: str) -> str:
    """A loose comparison key for anchors: slug algorithms differ on punctuation and case, not on letters."""
    return "".join(ch for ch in text.lower() if ch.isalnum())


def slugify(text: str) -> str:
    """GitHub's heading anchor: lowercase, punctuation dropped, spaces to hyphens."""
    text = unicodedata.normalize("NFC", text).strip().lower()
    return _HEADING_STRIP_RE.sub("", text).replace(" ", "-")


def _collect_headings(tokens: list[Token], at: list[int]) -> list[Heading]:
    out: list[Heading] = []
    seen: dict[str, int] = {}
    for i in at:
        tok = tokens[i]
        if not tok.map or i + 1 >= len(tokens):
            continue
        inline = tokens[i + 1]
        text = "".join(c.content for c in inline.children or () if c.type in ("text", "code_inline"))
        base = slugify(text)
        n = seen.get(base, 0)
        seen[base] = n + 1
        out.append(Heading(int(tok.tag[1]), text, tok.map[0], base if n == 0 else f"{base}-{n}"))
    return out


def html_anchors(parsed: Parsed) -> frozenset[str]:
    """Explicit anchors written as HTML (`<a id="x">`, `<a name="x">`) anywhere in the text."""
    found: set[str] = set()
    for line in parsed.lines:
        if "id=" in line or "name=" in line:
            found.update(m.group(2) for m in _HTML_ANCHOR_RE.finditer(line))
    return frozenset(found)


_HTML_ANCHOR_RE: Final = re.compile(r"""\b(id|name)\s*=\s*["']([^"']+)["']""")
