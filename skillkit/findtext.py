"""Substring tests for short needles (`](`, "```", `<!--`) that stay fast on long texts.

CPython looks for a needle of two to a few characters by stepping through the text one character at a
time (about 1 ns per character, 7 µs for a typical SKILL.md), while a single character is found with
memchr in a fraction of that. Looking for the needle's first character and comparing the rest there
is 10-50x faster whenever that character is not on every line.
"""

from __future__ import annotations


def has(text: str, needle: str, anchor: int = 0) -> bool:
    """`needle in text`, found by jumping between occurrences of `needle[anchor]`: pick its rarest character
    (the `!` of "```!", not a backtick)."""
    key = needle[anchor]
    at = text.find(key, anchor)
    while at >= 0:
        if text.startswith(needle, at - anchor):
            return True
        at = text.find(key, at + 1)
    return False
