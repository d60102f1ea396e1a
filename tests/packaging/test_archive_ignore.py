""".skillkitignore / --exclude: gitignore syntax (anchoring, `**`, negation, folders only, escapes) and the default junk list."""

from __future__ import annotations

from pathlib import Path

import pytest

from skillkit.upload import ignore
from skillkit.upload.ignore import IgnoreRules, compile_lines, defaults


def rules(*lines: str) -> IgnoreRules:
    return IgnoreRules(tuple(compile_lines(lines, "test")))


@pytest.mark.parametrize(
    ("pattern", "path", "is_dir", "ignored"),
    [
        ("*.log", "a.log", False, True),
        ("*.log", "deep/er/a.log", False, True),
        ("*.log", "a.log.txt", False, False),
        ("/build", "build", True, True),
        ("/build", "src/build", True, False),
        ("docs/*.md", "docs/a.md", False, True),
        ("docs/*.md", "docs/sub/a.md", False, False),  # a slash in the middle anchors; * stops at /
        ("docs/**/*.md", "docs/sub/deeper/a.md", False, True),
        ("docs/**/*.md", "docs/a.md", False, True),
        ("**/tmp", "a/b/tmp", True, True),
        ("cache/**", "cache/x/y", False, True),
        ("cache/**", "cache", True, False),
        ("out/", "out", True, True),
        ("out/", "out", False, False),  # folders only
        ("?.txt", "a.txt", False, True),
        ("?.txt", "ab.txt", False, False),
        ("[ab].txt", "b.txt", False, True),
        ("[!ab].txt", "c.txt", False, True),
        ("[!ab].txt", "a.txt", False, False),
        ("\\#notes", "#notes", False, True),
        ("\\!important", "!important", False, True),
        ("name\\ ", "name ", False, True),
        ("trailing   ", "trailing", False, True),
        ("# a comment", "# a comment", False, False),
    ],
)
def test_gitignore_syntax(pattern: str, path: str, is_dir: bool, ignored: bool) -> None:
    assert rules(pattern).ignored(path, is_dir) is ignored


def test_last_match_wins_and_negation_cannot_reach_into_an_excluded_folder() -> None:
    r = rules("*.md", "!README.md", "secret/", "!secret/keep.md")
    assert r.ignored("a.md", False) and not r.ignored("README.md", False)
    assert r.ignored_path("secret/keep.md") == "secret/"  # as in git: the folder is gone, so is everything in it


@pytest.mark.parametrize(
    "path",
    [".git/config", "x/.git", "__pycache__/m.pyc", "a/b.pyc", ".DS_Store", "a/.DS_Store", "__MACOSX/._x", "._x",
     "node_modules/p/i.js", ".venv/bin/py", ".x.swp", "a.md~", "#a.md#", ".#a.md", "evals/e.json", ".skillkitignore",
     ".idea/ws.xml", "Thumbs.db"],
)
def test_default_junk(path: str) -> None:
    assert defaults().ignored_path(path) is not None


@pytest.mark.parametrize("path", ["SKILL.md", "references/evals/e.md", "scripts/run.py", "a/.skillkitignore", ".gitignore", "LICENSE.txt"])
def test_default_keeps(path: str) -> None:
    assert defaults().ignored_path(path) is None


def test_load_orders_defaults_file_then_options(tmp_path: Path) -> None:
    (tmp_path / ".skillkitignore").write_text("drafts/\n!keep.pyc\n", encoding="utf-8")
    r = ignore.load(tmp_path, ["*.csv"])
    assert r.ignored("drafts", True) and r.ignored("data.csv", False) and r.ignored("x.pyc", False)
    assert not r.ignored("keep.pyc", False)
    assert r.match("drafts", True).origin == ".skillkitignore:1"  # type: ignore[union-attr]
    assert r.match("data.csv", False).origin == "--exclude"  # type: ignore[union-attr]
