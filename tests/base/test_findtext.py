"""findtext.has answers exactly as `in` does, whichever character of the needle it jumps between."""

from __future__ import annotations

import random

import pytest

from skillkit.findtext import has


@pytest.mark.parametrize(
    ("text", "needle", "anchor", "expected"),
    [
        ("see [a](b.md)", "](", 0, True),
        ("[a] (b.md)", "](", 0, False),
        ("```!\nls\n```", "```!", 3, True),
        ("!``` no", "```!", 3, False),
        ("!", "```!", 3, False),  # the anchor character at an offset smaller than the anchor
        ("", "](", 0, False),
        ("~~", "~~~", 0, False),
        ("a ~~~", "~~~", 2, True),
    ],
)
def test_has_cases(text: str, needle: str, anchor: int, expected: bool) -> None:
    assert has(text, needle, anchor) is expected


def test_has_agrees_with_in_on_random_text() -> None:
    rng = random.Random(7)
    needles = [("](", 0), ("](", 1), ("```!", 3), ("<!--", 1), ("$AR", 0), ("aa", 1)]
    for _ in range(20_000):
        text = "".join(rng.choice("]()`!<-$ARa\u00e9") for _ in range(rng.randint(0, 12)))
        for needle, anchor in needles:
            assert has(text, needle, anchor) == (needle in text), (text, needle, anchor)
