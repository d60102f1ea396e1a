"""document/refscan.py: the look at a whole text before its line scan answers as the scan alone would."""

from __future__ import annotations

import random

from skillkit.document import refscan

PIECES = [
    "[a]", "](", "]: ", "[b]: ./x.md", "[c]:", "(http://x.io)", "http://", "https://y.dev/a", "<https://z>", "  ", " ",
    "\n", "\r\n", "\r", "```", "~~~", "`", "x.md", "#top", "(", ")", "]", "[", ":", "HTTP://", "ftp://", "mailto:a@b",
    "\t", "ref/", "../up.md", "${CLAUDE_SKILL_DIR}/a", "%20",
]  # fmt: skip


def test_urls_only_means_the_scan_finds_no_link() -> None:
    rng = random.Random(11)
    seen = {True: 0, False: 0}
    for _ in range(30000):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 14)))
        quick = refscan.urls_only(text)
        seen[quick] += 1
        if quick:
            lines = text.replace("\r\n", "\n").split("\n")
            assert refscan.scan(lines, frozenset(), code=False, urls=False) == [], repr(text)
    assert seen[True] > 1000 and seen[False] > 1000  # both answers were put to the test
