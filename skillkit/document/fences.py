"""Fenced code blocks as the source shows them: fence character and length, container, whether it closes."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Final

from skillkit.document.markdown import body
from skillkit.document.skill import Derived, SkillDocument
from skillkit.findtext import has
from skillkit.markdown.parsed import Parsed, strip_container

if TYPE_CHECKING:
    from markdown_it.token import Token

_FENCE_LINE_RE: Final = re.compile(r"^(`{3,}|~{3,})[ \t]*(.*)$")


class Fence:
    """A fence token with what the source lines say about it (0-based lines in its Parsed).

    A plain class, not a dataclass: mypyc cannot build a compiled dataclass whose field type (markdown-it's
    Token) exists only for the type checker.
    """

    __slots__ = ("char", "column", "container", "end_index", "length", "open_index", "token")

    def __init__(
        self, token: Token, char: str, length: int, open_index: int, end_index: int, column: int, container: str | None
    ) -> None:
        self.token = token
        self.char = char
        self.length = length
        self.open_index = open_index
        self.end_index = end_index
        self.column = column
        self.container = container


def fences(parsed: Parsed) -> list[Fence]:
    """Every fenced code block, with the container (list item or blockquote) it sits in.

    Containers are known by their opening token's line range, so streams without closing tokens work too.
    """
    out: list[Fence] = []
    stack: list[tuple[str, int]] = []  # (container, first line after it)
    for tok in parsed.of_type("blockquote_open", "list_item_open", "fence"):
        if tok.type in ("blockquote_open", "list_item_open") and tok.map:
            stack.append(("blockquote" if tok.type == "blockquote_open" else "list item", tok.map[1]))
        elif tok.type == "fence" and tok.map:
            start, end = tok.map
            while stack and stack[-1][1] <= start:
                stack.pop()
            line = parsed.lines[start]
            column = line.find(tok.markup) + 1 if tok.markup else 1
            out.append(Fence(tok, tok.markup[:1], len(tok.markup), start, end, max(column, 1), stack[-1][0] if stack else None))
    return out


def body_fences(doc: SkillDocument) -> tuple[Parsed | None, list[Fence]]:
    """SKILL.md's parsed body and its fences, once per document; no parse when the body has no fence."""
    return doc.derive(_BODY_FENCES, lambda: _body_fences(doc))


def _body_fences(doc: SkillDocument) -> tuple[Parsed | None, list[Fence]]:
    text = doc.body or ""
    if not has(text, "```") and not has(text, "~~~"):
        return None, []
    parsed = body(doc)
    if parsed is None:
        return None, []
    return parsed, fences(parsed)


def fence_line(line: str) -> tuple[str, str] | None:
    """(run, info) when a line (container prefix removed) is a fence line."""
    m = _FENCE_LINE_RE.match(strip_container(line))
    return (m.group(1), m.group(2).strip()) if m else None


def closed(parsed: Parsed, fence: Fence) -> bool:
    """True when the fence's last line is a closing run: same character, long enough, nothing after it."""
    if fence.end_index - 1 <= fence.open_index:
        return False
    found = fence_line(parsed.lines[fence.end_index - 1])
    return bool(found and not found[1] and found[0][0] == fence.char and len(found[0]) >= fence.length)


# Values derived once per document, kept on it under these typed keys.
_BODY_FENCES: Final[Derived[tuple[Parsed | None, list[Fence]]]] = Derived("md:body-fences")
