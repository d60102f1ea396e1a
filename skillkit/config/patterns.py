"""Path patterns for `exclude` and overrides: gitignore-like globs over '/'-separated relative paths."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache


def matches(patterns: Iterable[str], rel: str) -> bool:
    """True when any pattern matches `rel` or one of the folders above it.

    `*` and `?` stay inside one path segment, `**` spans any number of segments, and a pattern without a
    `/` matches at any depth (`drafts` matches `a/drafts/b`), as in .gitignore.
    """
    return any(_compile(p).fullmatch(rel) for p in patterns)


@lru_cache(maxsize=512)
def _compile(pattern: str) -> re.Pattern[str]:
    p = pattern.strip()
    while p.startswith("./"):
        p = p[2:]
    anchored = "/" in p.rstrip("/")
    p = p.strip("/")
    if not anchored:
        p = "**/" + p
    parts = p.split("/")
    while parts and parts[-1] == "**":
        parts.pop()  # `dir/**` is `dir` and everything below it, which the suffix below already allows
    out: list[str] = []
    for part in parts:
        out.append("(?:[^/]+/)*" if part == "**" else _segment(part) + "/")
    body = "".join(out).removesuffix("/")
    return re.compile(body + r"(?:/.*)?" if body else r".*")


def _segment(part: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(part):
        ch = part[i]
        if ch == "*":
            out.append("[^/]*")
        elif ch == "?":
            out.append("[^/]")
        elif ch == "[":
            end = part.find("]", i + 2)
            if end == -1:
                out.append(re.escape(ch))
            else:
                inner = part[i + 1 : end]
                if inner.startswith("!"):
                    inner = "^" + inner[1:]
                out.append("[" + inner.replace("\\", "\\\\") + "]")
                i = end
        else:
            out.append(re.escape(ch))
        i += 1
    return "".join(out)
