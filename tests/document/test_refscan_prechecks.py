"""document/refscan.py, refs.py: the cheap looks before a line scan or a target's kind answer as the full work would."""

from __future__ import annotations

import random

from skillkit.document import refs, refscan

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


def test_a_url_is_external_without_the_cache() -> None:
    rng = random.Random(3)
    for _ in range(20000):
        target = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 6)))
        for written in (target, "http://" + target, "https://" + target):
            assert refs.kind_of(written) == refs._kind_of(written), repr(written)
