"""How messages say things that recur: a count with its noun, and the one wording of a suggestion."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def closest(value: str, choices: Iterable[str], *, cutoff: float = 0.6) -> str | None:
    """The choice that `value` most likely misspells, or None when none is close enough."""
    found = difflib.get_close_matches(value, list(choices), n=1, cutoff=cutoff)
    return found[0] if found else None


def did_you_mean(suggestion: str) -> str:
    """The one wording of a suggestion, for every message that offers one."""
    return f"did you mean '{suggestion}'?"


def noun(count: int, singular: str, plural: str | None = None) -> str:
    """The noun for `count` things: `cell` for one, `cells` (or `plural`) otherwise."""
    return singular if count == 1 else plural or singular + "s"


def counted(count: int, singular: str, plural: str | None = None) -> str:
    """`1 file`, `3 files`."""
    return f"{count} {noun(count, singular, plural)}"
