"""skillkit/wildmatch: what `git check-ignore` says, in linear time, and odd patterns never crash the CLI."""

from __future__ import annotations

import os
import pickle
import random
import shutil
import subprocess
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import run_cli, write_skill

from skillkit.config.patterns import matches
from skillkit.upload.ignore import IgnoreRules, compile_lines
from skillkit.wildmatch import GlobList, compile_line

# (the .gitignore, a path, is it a folder, does git exclude it); the last column is what git 2.39 answered.
CASES = [
    # blank lines, comments, escapes and trailing spaces
    ("*.log", "a.log", False, True), ("*.log", "deep/er/a.log", False, True), ("*.log", "a.log.txt", False, False),
    ("", "a", False, False), ("# a.md", "# a.md", False, False), ("\\#a.md", "#a.md", False, True),
    ("\\!a.md", "!a.md", False, True), ("a.md   ", "a.md", False, True), ("a.md\\ ", "a.md ", False, True),
    ("a.md\\ ", "a.md", False, False), ("foo\\\\  ", "foo\\", False, True), ("\\*.md", "*.md", False, True),
    ("\\*.md", "a.md", False, False), ("a\\", "a\\", False, False), ("\\a", "a", False, True),
    (" a", " a", False, True), (" a", "a", False, False), ("a\\/b", "a/b", False, True),
    # negation: the last match wins, and nothing inside an excluded folder comes back
    ("*.md\n!README.md", "README.md", False, False), ("*.md\n!README.md", "a.md", False, True),
    ("!README.md\n*.md", "README.md", False, True), ("secret/\n!secret/keep.md", "secret/keep.md", False, True),
    ("secret/*\n!secret/keep.md", "secret/keep.md", False, False), ("!x", "x", False, False),
    ("*\n!*/\n!*.md", "a/b.md", False, False), ("*\n!*.md", "a/b.md", False, True),
    # anchoring (a leading or middle '/') and folder-only patterns (a trailing '/')
    ("/build", "build", True, True), ("/build", "src/build", True, False), ("build", "src/build", True, True),
    ("docs/*.md", "docs/a.md", False, True), ("docs/*.md", "x/docs/a.md", False, False),
    ("docs/*.md", "docs/sub/a.md", False, False), ("//a", "a", False, False), ("out/", "out", True, True),
    ("out/", "out", False, False), ("out/", "x/out/f.txt", False, True), ("a/b/", "a/b", True, True),
    ("a/b/", "a/b", False, False),
    # `*` and `?` never match '/'; git compares bytes, so `?` is one byte of 'é'
    ("src/*.txt", "src/a/b.txt", False, False), ("?.txt", "a.txt", False, True), ("?.txt", "ab.txt", False, False),
    ("x/a?b", "x/a/b", False, False), ("?.md", "é.md", False, False), ("é.md", "é.md", False, True),
    # bracket classes: ranges, negation, a leading ']', POSIX names; odd ones match what git's match
    ("[ab].txt", "b.txt", False, True), ("[!ab].txt", "c.txt", False, True), ("[!ab].txt", "a.txt", False, False),
    ("[^ab].txt", "c.txt", False, True), ("[a-c]x", "bx", False, True), ("[a-c]x", "dx", False, False),
    ("[z-a]c", "zc", False, True), ("[z-a]c", "bc", False, False), ("[!z-a]c", "bc", False, True),
    ("[abc", "[abc", False, False), ("[abc", "a", False, False), ("a[", "a[", False, False),
    ("[]a]x", "]x", False, True), ("[a-]x", "-x", False, True), ("[a-c-e]x", "dx", False, False),
    ("[--0]x", ".x", False, True), ("[[:alpha:]]1", "q1", False, True), ("[[:alpha:]]1", "11", False, False),
    ("[[:digit:][:upper:]]x", "Qx", False, True), ("[[:space:]]x", " x", False, True),
    ("[[:punct:]]x", "-x", False, True), ("[[:xdigit:]]x", "gx", False, False), ("[[:foo:]]x", "fx", False, False),
    ("[[:alpha]x", "[x", False, True), ("[\\]]x", "]x", False, True),
    # `**`: leading, trailing, middle; not a whole name it is `*`, except right after the literal head (git's quirk)
    ("**/tmp", "a/b/tmp", True, True), ("**/tmp", "tmp", True, True), ("cache/**", "cache/x/y", False, True),
    ("cache/**", "cache", True, False), ("docs/**/*.md", "docs/a.md", False, True),
    ("docs/**/*.md", "docs/s/t/a.md", False, True), ("a/**/b", "a/x/y/b", False, True),
    ("a/**/b", "a/b", False, True), ("a/**/b", "a/xb", False, False), ("**", "a/b/c", False, True),
    ("a/**/", "a/b", True, True), ("a/**/", "a/b", False, False), ("x/a**b", "x/a/c/b", False, False),
    ("x/a**b", "x/acb", False, True), ("a/***/b", "a/x/y/b", False, True), ("a**/b", "ax/y/b", False, True),
    ("a**/b", "ab", False, True), ("**/**/**/x", "x", False, True), ("a/**\\/b", "a/b", False, False),
    ("a/**\\/b", "a/c/b", False, True), ("*", "a/b", False, True), ("a/", "a", False, False),
]


def globs(text: str) -> GlobList:
    return GlobList(glob for glob in map(compile_line, text.split("\n")) if glob is not None)


def walked(rules: IgnoreRules, path: str, is_dir: bool) -> bool:
    """As the zip's folder walk asks: each folder on the way down, then the path itself."""
    names = path.split("/")
    return any(rules.ignored("/".join(names[:n]), True) for n in range(1, len(names))) or rules.ignored(path, is_dir)


@pytest.mark.parametrize(("pattern", "path", "is_dir", "ignored"), CASES)
def test_matches_what_git_answered(pattern: str, path: str, is_dir: bool, ignored: bool) -> None:
    assert (globs(pattern).excluded_prefix(path, is_dir) > 0) is ignored
    rules = IgnoreRules(tuple(compile_lines(pattern.split("\n"), "test")))
    assert walked(rules, path, is_dir) is ignored
    if not is_dir:
        assert (rules.ignored_path(path) is not None) is ignored


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    root = tmp_path_factory.mktemp("repo")
    # No user or system config: a global excludes file or core.ignorecase must not change git's answers.
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}
    env.update(HOME=str(root), XDG_CONFIG_HOME=str(root))
    subprocess.run(["git", "init", "-q", str(root / "work")], check=True, env=env)
    return root / "work", env


@pytest.mark.parametrize(("pattern", "path", "is_dir", "ignored"), CASES)
def test_the_table_is_what_git_says(
    repo: tuple[Path, dict[str, str]], pattern: str, path: str, is_dir: bool, ignored: bool
) -> None:
    root, env = repo
    (root / ".gitignore").write_text(pattern + "\n", encoding="utf-8")
    target = root / path  # created, so that git sees a folder pattern's folder as one
    target.parent.mkdir(parents=True, exist_ok=True)
    if is_dir:
        target.mkdir()
    else:
        target.write_bytes(b"")
    try:
        args = ["git", "-c", "core.ignorecase=false", "-C", str(root), "check-ignore", "-q", "--no-index", "--", path]
        code = subprocess.run(args, env=env, check=False).returncode
    finally:
        top = root / path.split("/")[0]
        if top.is_dir():
            shutil.rmtree(top)
        else:
            top.unlink()
    assert code in (0, 1)
    assert (code == 0) is ignored


def timed(check: Callable[[], None]) -> float:
    """CPU seconds of this process: a guard against super-linear matching, which other work on the machine must not trip."""
    start = time.process_time()
    check()
    return time.process_time() - start


def test_many_stars_against_a_long_name_take_linear_time() -> None:
    pattern = "*a*a*a*a*a*a*a*a*a*a*a*a*b"
    name = "a" * 10_000  # a backtracking regex (pathspec's) takes seconds at 30 characters and never ends at 40

    def check() -> None:
        glob = compile_line(pattern)
        assert glob is not None
        assert not glob.match(name.encode(), False) and glob.match(name.encode() + b"b", False)
        assert glob.match(name.encode() + b"cb", False)  # the last `*` takes the 'c'
        assert not globs(pattern).excluded_prefix(name, False)
        assert not IgnoreRules(tuple(compile_lines([pattern], "test"))).ignored(name, False)
        assert not matches([pattern], name)

    assert timed(check) < 0.5


def test_stacked_double_stars_against_200_folders_take_linear_time() -> None:
    pattern = "**/**/**/**/**/**/x"
    deep = "/".join(["x"] * 199 + ["y"])  # every folder is an `x`: each is a match the walk must see once

    def check() -> None:
        glob = compile_line(pattern)
        assert glob is not None
        assert not glob.match(deep.encode(), False) and glob.match(deep.encode() + b"/x", False)
        assert globs(pattern).excluded_prefix(deep, False) == 1  # the first folder is already excluded
        assert IgnoreRules(tuple(compile_lines([pattern], "test"))).ignored_path(deep) == "x/"
        assert not globs("a/" + pattern).excluded_prefix("a/" + deep.replace("x", "w"), False)
        assert matches([pattern], deep)

    assert timed(check) < 0.5


def test_5000_patterns_against_2000_paths() -> None:
    kinds = ("name{i}", "dir{i}/file{i}.txt", "*.ext{i}", "build{i}/**/out{i}", "tmp{i}-*")
    patterns = [kinds[i % 5].format(i=i) for i in range(5000)] + ["*.py[cod]", "!keep*.pyc", "docs/**/draft?.md"]
    names = ("src/name{i}", "src/file{i}.ext{i}", "tmp{i}-x", "a/b/m{i}.pyc", "keep{i}.pyc", "README.md",
             "build{i}/a/out{i}", "docs/x/draft{i}.md")
    paths = [names[i % len(names)].format(i=i) for i in range(2000)]
    # Which paths a pattern names: a family of patterns exists for i only when i % 5 picks it; `draft?` wants one digit.
    hits = (lambda i: i % 5 == 0, lambda i: i % 5 == 2, lambda i: i % 5 == 4, lambda i: True, lambda i: False,
            lambda i: False, lambda i: i % 5 == 3, lambda i: i < 10)
    expected = sum(hits[i % len(names)](i) for i in range(2000))

    def ignore_file() -> None:
        rules = IgnoreRules(tuple(compile_lines(patterns, "test")))
        assert sum(rules.ignored_path(p) is not None for p in paths) == expected

    def config() -> None:
        assert sum(matches(patterns, p) for p in paths) == expected

    assert timed(ignore_file) < 1.0
    assert timed(config) < 1.0


def test_a_pattern_list_compiles_once_however_many_paths_it_meets() -> None:
    patterns = tuple(f"p{i}/**" for i in range(3000))
    matches(patterns, "x")

    def thousand() -> None:
        assert sum(matches(patterns, f"p{i}") for i in range(1000)) == 1000

    assert timed(thousand) < 0.5


def test_no_pattern_raises() -> None:
    pieces = ["a", "/", "*", "**", "?", "[", "]", "!", "^", "-", "\\", " ", ":", "[:alpha:]", "[:x:]", "é", "#", "\r", "\n"]
    rng = random.Random(7)
    lines = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 9))) for _ in range(3000)]
    rules = GlobList(glob for glob in map(compile_line, lines) if glob is not None)
    for path in ("a", "a/b", "[/]", "é/a b", "a//b", "", "\udcff/x"):
        rules.excluded_prefix(path, False)
        rules.excluded(path, True)


ODD = ["[z-a]", "[abc", "a[", "[[:nope:]]", "x\\"]


def odd_skill(root: Path) -> Path:
    skill = write_skill(root, "pdf-tools")
    for name in ("z", "[abc", "notes.txt"):
        (skill / name).write_text("x\n", encoding="utf-8")
    return skill


def no_crash(result: subprocess.CompletedProcess[str]) -> None:
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 0, result.stdout + result.stderr


def zipped(root: Path) -> set[str]:
    with zipfile.ZipFile(root / "dist" / "pdf-tools.zip") as zf:
        return {name.split("/", 1)[1] for name in zf.namelist()}


NEVER = ["[abc", "a[", "[[:nope:]]", "x\\"]  # patterns that can never match anything


def usage_error(result: subprocess.CompletedProcess[str], pattern: str) -> None:
    """A pattern that can never match, given on the command line or in the config, is a one-line usage error naming it."""
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 2 and len(result.stderr.splitlines()) == 1, result.stderr
    assert f"invalid pattern {pattern!r}" in result.stderr


def test_odd_patterns_in_the_config_exclude(tmp_path: Path) -> None:
    odd_skill(tmp_path / "skills")
    write_skill(tmp_path / "skills" / "z", "broken", frontmatter="name: Not Valid!\n")  # `[z-a]` is `z`, as in git
    (tmp_path / ".skillkit.toml").write_text("exclude = ['[z-a]']\n", encoding="utf-8")
    no_crash(run_cli("validate", ".", cwd=tmp_path))
    for pattern in NEVER:
        quoted = pattern.replace("\\", "\\\\")
        (tmp_path / ".skillkit.toml").write_text(f'exclude = ["{quoted}"]\n', encoding="utf-8")
        usage_error(run_cli("validate", ".", cwd=tmp_path), pattern)


def test_odd_patterns_in_skillkitignore(tmp_path: Path) -> None:
    skill = odd_skill(tmp_path)
    (skill / ".skillkitignore").write_text("\n".join(ODD) + "\nnotes.txt\n", encoding="utf-8")
    no_crash(run_cli("build-zip", "pdf-tools", "--out", "dist", cwd=tmp_path))
    assert zipped(tmp_path) == {"SKILL.md", "[abc"}  # `[z-a]` left out `z`; an unclosed `[` matches nothing


def test_odd_patterns_in_exclude_options(tmp_path: Path) -> None:
    odd_skill(tmp_path)
    no_crash(run_cli("build-zip", "pdf-tools", "--out", "dist", "--exclude", "[z-a]", "--exclude", "notes.txt", cwd=tmp_path))
    assert zipped(tmp_path) == {"SKILL.md", "[abc"}  # `[z-a]` left out `z`, as in git
    for pattern in NEVER:
        usage_error(run_cli("build-zip", "pdf-tools", "--out", "dist", "--exclude", pattern, cwd=tmp_path), pattern)


def test_decisions_kept_by_name_agree_with_decisions_made_afresh() -> None:
    # Patterns that look at one name only let a list keep its decisions by name; an extra pattern with a '/' in the
    # middle (matching none of the paths) makes the same list decide every path afresh.
    pieces = ["a", "b", "*", "?", "[ab]", "[!a]", ".", "!", "\\", "é"]
    rng = random.Random(11)
    names = ["a", "b", "ab", "ba", ".a", "a.b", "é", "[ab]", "x"]
    paths = ["/".join(rng.choice(names) for _ in range(rng.randint(1, 4))) for _ in range(200)]
    for _ in range(300):
        lines = ["/" * (rng.random() < 0.3) + "".join(rng.choice(pieces) for _ in range(rng.randint(1, 4))) + "/" * (rng.random() < 0.3)
                 for _ in range(rng.randint(1, 4))]  # fmt: skip
        kept, fresh = globs("\n".join(lines)), globs("\n".join(["q/never", *lines]))
        for path in paths + paths:  # the second pass is answered from what the first kept
            for is_dir in (False, True):
                assert kept.decide(path, is_dir) == max(fresh.decide(path, is_dir) - 1, -1), (lines, path, is_dir)
                assert kept.excluded_prefix(path, is_dir) == fresh.excluded_prefix(path, is_dir), (lines, path, is_dir)


def test_compiled_patterns_pickle_as_they_were() -> None:
    """Globs, their lists and ignore rules go through pickle alike, compiled (mypyc) or not."""
    rules = compile_lines(["*.py[cod]", "!keep.pyc", "a/**/b/", "/top", "\\#x#"], "test")
    back = pickle.loads(pickle.dumps(IgnoreRules(tuple(rules))))
    assert back == IgnoreRules(tuple(rules))
    asked = [("x.pyc", False), ("keep.pyc", False), ("a/c/b", True), ("top", False), ("#x#", False)]
    assert [back.ignored(path, folder) for path, folder in asked] == [True, False, True, True, True]
    globs = GlobList(r.glob for r in rules)
    again = pickle.loads(pickle.dumps(globs))
    assert again.globs == globs.globs
    assert again.excluded_prefix("a/z/b/f.txt") == globs.excluded_prefix("a/z/b/f.txt") == 3
