"""Files a text names by glob or placeholder (`shared/*.md`, `{lang}/README.md`), for the orphan and chain rules."""

from __future__ import annotations

import fnmatch
import functools
import re
from collections.abc import Callable, Collection
from typing import Final

from skillkit.recent import Recent

_SEPARATORS: Final = "`'\"()[]<>,;|"
# 1 for the ASCII characters between tokens: a table lookup where a set lookup and a method call cost twice as much.
_ASCII_SEPARATES: Final = bytes(1 if chr(code) in _SEPARATORS or chr(code).isspace() else 0 for code in range(128))
_PLACEHOLDER_RE: Final = re.compile(r"\{[\w-]+\}")


def globbed(text: str, files: Collection[str]) -> set[str]:
    """Files matched by the globs and placeholders a text names (`shared/*.md`, `{lang}/README.md`)."""
    patterns = _glob_patterns(text)
    if not patterns or not files:
        return set()
    out: set[str] = set()
    for pattern in patterns:
        # Most starred tokens are bold text that no file fits: its literal text rules it out before any regex is built.
        head, middle, tail = _literals(pattern)
        fits = [
            rel for rel in files
            if rel not in out and len(rel) >= len(head) + len(tail) and rel.startswith(head) and rel.endswith(tail)
            and all(part in rel for part in middle)
        ]  # fmt: skip
        if fits:
            match = _glob_matcher(pattern)
            out.update(rel for rel in fits if match(rel))
    return out


_GLOB_SPECIALS: Final = re.compile(r"[*?[\]]")


def _literals(pattern: str) -> tuple[str, tuple[str, ...], str]:
    """What a path matching the fnmatch pattern must start with, hold and end with: the text before its first
    special character, between two, and after its last (any `]` counts as one, so an odd bracket only weakens it)."""
    parts = _GLOB_SPECIALS.split(pattern)
    if len(parts) == 1:
        return pattern, (), ""
    # Text between the brackets of a class is no literal: only the parts of a pattern without one are.
    middle = () if "[" in pattern else tuple(part for part in parts[1:-1] if part)
    return parts[0], middle, parts[-1]


@functools.lru_cache(maxsize=1024)
def _glob_matcher(pattern: str) -> Callable[[str], re.Match[str] | None]:
    return re.compile(fnmatch.translate(pattern)).match


def _find_patterns(text: str) -> tuple[str, ...]:
    patterns = set()
    for token in _starred_tokens(text):
        if "/" not in token and "." not in token:
            continue  # bold text and the like: no path (the edits below add neither)
        pattern = _PLACEHOLDER_RE.sub("*", token).removeprefix("./").rstrip(".:")
        if ("/" in pattern or "." in pattern) and "*" in pattern and pattern.strip("*./") and "{" not in pattern:
            patterns.add(pattern)
    return tuple(sorted(patterns))


# The texts last asked and their patterns: SKILL.md's text is asked twice per walk, as the same object.
RECENT_TEXTS: Final = 8
_glob_patterns: Final = Recent(_find_patterns, RECENT_TEXTS)


def _starred_tokens(text: str) -> list[str]:
    """The separator-delimited tokens holding `*` or `{`, each grown from its `*` or `{` outwards: splitting
    the text (or only its lines holding one, bold text being common) cost more than the rest of the walk."""
    out: list[str] = []
    size = len(text)
    star, brace = text.find("*"), text.find("{")
    while star >= 0 or brace >= 0:
        at = brace if star < 0 or 0 <= brace < star else star
        start, end = at, at + 1
        # Written out, not a call per character: a separator is white space (as `\s` matches it), a quote, a
        # bracket, `,`, `;` or `|`, looked up in a table for ASCII.
        while start > 0:
            code = ord(text[start - 1])
            if _ASCII_SEPARATES[code] == 1 if code < 128 else text[start - 1].isspace():
                break
            start -= 1
        while end < size:
            code = ord(text[end])
            if _ASCII_SEPARATES[code] == 1 if code < 128 else text[end].isspace():
                break
            end += 1
        out.append(text[start:end])
        if 0 <= star < end:
            star = text.find("*", end)
        if 0 <= brace < end:
            brace = text.find("{", end)
    return out
