"""The fast scanner's token, nesting limit and "not modelled" signal, shared by its block and inline passes."""

from __future__ import annotations

from typing import Final


class Tok:
    """A token with the fields of markdown-it's Token that skillkit reads; several times cheaper to make."""

    __slots__ = ("attrs", "children", "content", "info", "map", "markup", "nesting", "tag", "type")

    def __init__(self, type: str, tag: str = "", nesting: int = 0, map: list[int] | None = None) -> None:
        self.type, self.tag, self.nesting, self.map = type, tag, nesting, map
        self.content = self.markup = self.info = ""
        self.attrs: dict[str, str] = _NO_ATTRS
        self.children: list[Tok] | None = None


# markdown-it-py's maxNesting (commonmark preset): a block this many levels deep is not parsed, and a
# link-label walk this deep jumps to the end of the text.
MAX_NESTING: Final = 20

_NO_ATTRS: Final[dict[str, str]] = {}  # shared and never written: only links and images get their own


class Unmodeled(Exception):
    """The text uses a construct the fast scanner does not model: parse it with markdown-it-py."""
