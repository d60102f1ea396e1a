"""The path shortcuts answer exactly as posixpath does: paths.absolute as abspath, refs.resolve as normpath."""

from __future__ import annotations

import os
import posixpath
import random

import pytest

from skillkit.document.refs import resolve
from skillkit.paths import absolute


@pytest.mark.parametrize(
    "path", ["/a/b", "/a/b/", "/a//b", "/a/./b", "/a/../b", "/a/.hidden/c", "/", "rel/x", "./x", "/a/b.", "/a/b/.."]
)
def test_absolute_is_abspath(path: str) -> None:
    assert absolute(path) == os.path.abspath(path)


def test_absolute_and_resolve_agree_with_posixpath_on_random_paths() -> None:
    rng = random.Random(11)
    for _ in range(30_000):
        path = "".join(rng.choice("a./") for _ in range(rng.randint(1, 9)))
        assert absolute(path) == os.path.abspath(path), path
        for base in ("", "references", "a/b"):
            joined = posixpath.normpath(posixpath.join(base, path))
            expected = "" if joined == "." else None if joined == ".." or joined.startswith("../") else joined
            assert resolve(base, path) == expected, (base, path)
