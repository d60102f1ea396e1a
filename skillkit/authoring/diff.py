"""Unified diffs of what `skillkit fix --diff` would write, line endings shown as they are (a line that ends in a
lone CR is followed by a line break, so that it shows on its own line)."""

from __future__ import annotations

import difflib
import re
from typing import Final

# A line with its ending (LF, CRLF or a lone CR), or the last line without one.
_LINE: Final = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")
NO_NEWLINE: Final = "\\ No newline at end of file\n"


def lines(text: str) -> list[str]:
    """The lines of `text`, each with its own line ending (the last one may have none)."""
    return _LINE.findall(text)


def unified(shown: str, before: bytes, after: bytes, context: int = 3) -> str:
    """A `diff -u` of one file (`--- a/PATH`, `+++ b/PATH`, hunks), the way git shows it; bytes that are not UTF-8
    are shown replaced."""
    old = lines(before.decode("utf-8", errors="replace"))
    new = lines(after.decode("utf-8", errors="replace"))
    out: list[str] = []
    for row in difflib.unified_diff(old, new, f"a/{shown}", f"b/{shown}", n=context):
        if row.startswith(("---", "+++")) and not row.endswith("\n"):
            row += "\n"
        out.append(row)
        if row.endswith("\r"):
            out.append("\n")  # a line ending in a lone CR: shown on a line of its own, as people read diffs
        elif not row.endswith("\n"):
            out.append("\n" + NO_NEWLINE)
    return "".join(out)
