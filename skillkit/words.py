"""How messages say things that recur: a count with its noun, a short list, and the one wording of a suggestion."""

from __future__ import annotations

from collections.abc import Iterable, Sequence


def closest(value: str, choices: Iterable[str], *, cutoff: float = 0.6) -> str | None:
    """The choice that `value` most likely misspells, or None when none is close enough."""
    # difflib's first test of each choice, its bound on the ratio from the two lengths alone, made here: most misses
    # (a missing `references/api.md` among `SKILL.md` and `README.md`) then never build a SequenceMatcher.
    size = len(value)
    near = [c for c in choices if _length_bound(size, len(c)) >= cutoff]
    if not near and 0.0 <= cutoff <= 1.0:
        return None
    import difflib  # only when a message looks for a suggestion: most runs make none

    found = difflib.get_close_matches(value, near, n=1, cutoff=cutoff)
    return found[0] if found else None


def _length_bound(a: int, b: int) -> float:
    """difflib's real_quick_ratio: the best ratio two strings of these lengths can have, computed as it does."""
    return 2.0 * min(a, b) / (a + b) if a + b else 1.0


def did_you_mean(suggestion: str) -> str:
    """The one wording of a suggestion, for every message that offers one."""
    return f"did you mean '{suggestion}'?"


def suggestion(value: str, choices: Iterable[str], *, cutoff: float = 0.6) -> str:
    """`; did you mean 'x'?` to end a message with, or "" when no choice is close: the one place a suggestion
    joins a message, so every message that offers one reads alike."""
    close = closest(value, choices, cutoff=cutoff)
    return f"; {did_you_mean(close)}" if close else ""


def noun(count: int, singular: str, plural: str | None = None) -> str:
    """The noun for `count` things: `cell` for one, `cells` (or `plural`) otherwise."""
    return singular if count == 1 else plural or singular + "s"


def counted(count: int, singular: str, plural: str | None = None) -> str:
    """`1 file`, `3 files`."""
    return f"{count} {noun(count, singular, plural)}"


def many(count: int, singular: str, plural: str | None = None) -> str:
    """`counted` with thousands separated, for counts over a whole run: `1 file`, `1,329 infos`."""
    return f"{count:,} {noun(count, singular, plural)}"


def listed(items: Sequence[str], total: int | None = None, *, shown: int = 6) -> str:
    """`a, b, c`, or past `shown` items `a, b, ..., f, ... (+110)`: `total` counts items not passed in too."""
    total = len(items) if total is None else total
    head = list(items[:shown])
    rest = total - len(head)
    return ", ".join(head) + (f", ... (+{rest:,})" if rest > 0 else "")
