"""LazyPattern (skillkit/lazy_pattern.py): compiled once, on the first call, with its flags."""

from __future__ import annotations

import re

from skillkit.lazy_pattern import LazyPattern


def test_compiled_on_first_call_and_kept() -> None:
    pattern = LazyPattern(r"^ab+c$", re.IGNORECASE | re.MULTILINE)
    assert pattern._compiled is None  # nothing compiled by making it
    first = pattern()
    assert first is pattern() and first.flags & re.IGNORECASE and first.flags & re.MULTILINE
    assert [m.group(0) for m in pattern().finditer("x\nABBC\nabc")] == ["ABBC", "abc"]


def test_bytes_patterns() -> None:
    assert LazyPattern(rb"\d+")().findall(b"a12b3") == [b"12", b"3"]
