"""Hostile and broken SKILL.md input through the real CLI, under CPU and memory limits: a clear answer, never a traceback or a hang."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

CPU_SECONDS = 20
MEMORY_BYTES = 1536 * 1024 * 1024


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))


def run_limited(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The CLI under rlimits; a process killed by a limit or a signal shows up as a negative return code."""
    return subprocess.run(
        [sys.executable, "-m", "skillkit", *args],
        cwd=cwd,
        env={**os.environ, "NO_COLOR": "1"},
        check=False,
        capture_output=True,
        text=True,
        preexec_fn=_limits,
        stdin=subprocess.DEVNULL,
        timeout=120,  # a guard against a hang, not a speed assertion
    )


def skill(tmp_path: Path, content: bytes | str, folder: str = "hostile") -> Path:
    d = tmp_path / folder
    d.mkdir(parents=True, exist_ok=True)
    data = content.encode("utf-8") if isinstance(content, str) else content
    (d / "SKILL.md").write_bytes(data)
    return d


def fm(extra: str = "", body: str = "Body.\n", name: str = "hostile") -> str:
    return f"---\nname: {name}\ndescription: Reads files. Use when asked.\n{extra}---\n\n{body}"


def assert_answer(result: subprocess.CompletedProcess[str], code: int, rule: str, file: str = "hostile/SKILL.md") -> str:
    assert result.returncode == code, (result.returncode, result.stdout[-2000:], result.stderr[-2000:])
    assert "Traceback" not in result.stdout + result.stderr
    lines = [ln for ln in result.stdout.splitlines() if f"  {rule}  " in ln]
    assert lines, result.stdout[-2000:]
    assert lines[0].strip().startswith(file)
    return lines[0]


CASES: dict[str, tuple[bytes | str, str]] = {
    "binary": (bytes(range(256)) * 64, "file-encoding"),
    "invalid-utf8": (fm().encode() + b"\xff\xfe oops\n", "file-encoding"),
    "utf16-bom": (fm().encode("utf-16"), "file-encoding"),
    "nul-bytes": (fm().encode() + b"a\x00b\n", "file-encoding"),
    "cr-only": (fm().replace("\n", "\r"), "line-endings"),
    "twenty-megabytes": (fm(body="x" * 100 + "\n") + ("y" * 99 + "\n") * 200_000, "file-too-large"),
    "alias-bomb": (
        fm("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n" + "".join(f"a{i}: &a{i} [" + ", ".join([f"*a{i-1}"] * 10) + "]\n" for i in range(1, 12))),
        "yaml-too-complex",
    ),
    "flow-nesting-100k": (fm("metadata: " + "[" * 100_000 + "]" * 100_000 + "\n"), "yaml-too-complex"),
    "block-nesting": (fm("metadata:\n" + "".join(" " * (i + 2) + f"k{i}:\n" for i in range(1200))), "yaml-too-complex"),
    "python-tag": (fm("metadata: !!python/object/new:os.system [id]\n"), "yaml-unsupported-tag"),
    "non-string-keys": (fm("1: one\n? [a, b]\n: list-key\n"), "unknown-key"),
    "huge-int-scalar": (fm("metadata:\n  n: " + "9" * 20_000 + "\n"), "yaml-syntax"),
    "huge-description": (fm().replace("Reads files. Use when asked.", "d" * 3_000_000), "description-length"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_skill_md(case: str, tmp_path: Path) -> None:
    content, rule = CASES[case]
    skill(tmp_path, content)
    assert_answer(run_limited("validate", "hostile", cwd=tmp_path), 1, rule)


def test_two_hundred_thousand_line_body_is_answered(tmp_path: Path) -> None:
    skill(tmp_path, fm(body="".join(f"line {i}\n" for i in range(200_000))))
    line = assert_answer(run_limited("validate", "hostile", cwd=tmp_path), 0, "body-too-long")
    assert "(200000 > 500 lines)" in line


def test_fifo_named_skill_md_does_not_block(tmp_path: Path) -> None:
    (tmp_path / "hostile").mkdir()
    os.mkfifo(tmp_path / "hostile" / "SKILL.md")
    line = assert_answer(run_limited("validate", "hostile", cwd=tmp_path), 1, "file-unreadable")
    assert line.endswith("cannot read SKILL.md: it is a FIFO")


def test_directory_named_skill_md(tmp_path: Path) -> None:
    (tmp_path / "hostile" / "SKILL.md").mkdir(parents=True)
    line = assert_answer(run_limited("validate", "hostile", cwd=tmp_path), 1, "file-unreadable")
    assert line.endswith("cannot read SKILL.md: it is a directory")


def test_dangling_symlink_skill_md(tmp_path: Path) -> None:
    (tmp_path / "hostile").mkdir()
    (tmp_path / "hostile" / "SKILL.md").symlink_to(tmp_path / "nowhere.md")
    line = assert_answer(run_limited("validate", "hostile", cwd=tmp_path), 1, "file-unreadable")
    assert line.endswith("cannot read SKILL.md: dangling symlink")


def test_symlink_loops_in_a_searched_tree(tmp_path: Path) -> None:
    skill(tmp_path, fm(), folder="repo/hostile")
    (tmp_path / "repo" / "loop").symlink_to(tmp_path / "repo")
    (tmp_path / "repo" / "self").symlink_to(tmp_path / "repo" / "self")
    result = run_limited("validate", "repo", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "1 skill checked (target claude-ai): no problems\n"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode, so unreadable cannot be simulated")
def test_unreadable_skill_md(tmp_path: Path) -> None:
    path = skill(tmp_path, fm()) / "SKILL.md"
    path.chmod(0)
    line = assert_answer(run_limited("validate", "hostile", cwd=tmp_path), 1, "file-unreadable")
    assert "Permission denied" in line


@pytest.mark.parametrize("folder", ["with space", "new\nline", "ünïcødé-名前"])
def test_odd_path_names(folder: str, tmp_path: Path) -> None:
    skill(tmp_path, fm(), folder=folder)
    result = run_limited("validate", folder, folder, f"{folder}/SKILL.md", cwd=tmp_path)
    assert result.returncode == 1  # name-mismatch: the folder is not named 'hostile'
    assert result.stdout.count("error    name-mismatch  name") == 1  # given three times, checked once
    assert "Traceback" not in result.stderr
