"""upload/layout.py, archives.py: the cheap looks in name_problem and archive_suffix answer as the plain tests would."""

from __future__ import annotations

import random
import re

from skillkit.upload import archives, layout

PIECES = [
    "a", "B", "/", "//", ".", "..", "./", "../", "SKILL.md", "x.ZIP", ".zip", ".tar", ".gz", ".Tar.Gz", "C:", "z:", "1:",
    ":", "\\", "\x00", "\x1f", "é", "\u0130", "\u212a", "\u03a3", ".7Z", ".whl", "evals", " ", ".docx", "\x7f", ".",
]  # fmt: skip


def _plain_name_problem(name: str, raw: str | None = None) -> str | None:
    raw = name if raw is None else raw
    if not name.rstrip("/"):
        return "is empty"
    if "\x00" in raw:
        return "contains a NUL byte"
    if re.search(r"[\x00-\x1f\x7f]", raw):
        return "contains a control character"
    if "\\" in raw:
        return "contains a backslash (a folder separator on Windows only)"
    if name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        return "is an absolute path"
    parts = name.rstrip("/").split("/")
    if ".." in parts:
        return "has a '..' part (it would be written outside the folder it is unpacked into)"
    if "." in parts or "" in parts:
        return "has an empty or '.' part"
    return None


def _plain_archive_suffix(path: str) -> str | None:
    lower = path.lower()
    for suffix in (".tar.gz", ".tar.bz2", ".tar.xz", ".tar.zst", *archives.ARCHIVE_SUFFIXES):
        if lower.endswith(suffix) and len(lower) > len(suffix) and not lower.endswith("/" + suffix):
            return suffix
    return None


def test_the_looks_answer_as_the_plain_tests() -> None:
    rng = random.Random(5)
    answers = set()
    for _ in range(40000):
        name = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 7)))
        answers.add(layout.name_problem(name))
        assert layout.name_problem(name) == _plain_name_problem(name), repr(name)
        assert archives.archive_suffix(name) == _plain_archive_suffix(name), repr(name)
    assert len(answers) == 8  # every answer was met
