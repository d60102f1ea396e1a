"""Text to markdown-it-py tokens: the block scanner where it is exact, else the reference parser (markdown-it-py)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Final

from skillkit.markdown import scan as markdown_scan

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token


_reference: MarkdownIt | None = None


def reference() -> MarkdownIt:
    """markdown-it-py itself, built on first use: most runs never need it (and never import it)."""
    global _reference
    if _reference is None:
        from markdown_it import MarkdownIt

        md = MarkdownIt("commonmark").enable("table")
        # markdown-it drops `file:`, `javascript:` and `data:` links to plain text for safe HTML; we
        # render nothing, and a `file:` link is exactly what the link rules must see.
        md.validateLink = lambda url: True  # type: ignore[method-assign]
        _reference = md
    return _reference


# `SKILLKIT_MARKDOWN=reference` parses everything with markdown-it-py (differential tests, debugging).
REFERENCE_ENV: Final = "SKILLKIT_MARKDOWN"


def parse_tokens(text: str) -> list[Token]:
    """markdown-it-py's tokens for `text`: from the block scanner when it models everything in it, else markdown-it-py."""
    if os.environ.get(REFERENCE_ENV) != "reference":
        try:
            tokens = markdown_scan.parse(text)
        except Exception:  # a scanner bug must not cost a check: markdown-it-py gives the same tokens
            if os.environ.get("SKILLKIT_DEBUG"):
                raise
            tokens = None
        if tokens is not None:
            return tokens
    return reference().parse(text)
