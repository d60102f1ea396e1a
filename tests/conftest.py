"""Shared helpers for tests: write small skills into tmp folders and run the real CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

GOOD_DESCRIPTION = "Extracts text from PDF files. Use when the user asks to read a PDF."


def write_skill(root: Path, name: str, *, frontmatter: str | None = None, body: str = "# Title\n\nDo the thing.\n") -> Path:
    """Create root/name/SKILL.md; `frontmatter` replaces the default name+description block."""
    folder = root / name
    folder.mkdir(parents=True, exist_ok=True)
    fm = frontmatter if frontmatter is not None else f"name: {name}\ndescription: {GOOD_DESCRIPTION}\n"
    (folder / "SKILL.md").write_text(f"---\n{fm}---\n\n{body}", encoding="utf-8")
    return folder


def run_cli(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run `python -m skillkit` as a user would, capturing text output."""
    full_env = {**os.environ, "NO_COLOR": "1", **(env or {})}
    full_env.pop("GITHUB_ACTIONS", None) if env is None or "GITHUB_ACTIONS" not in env else None
    return subprocess.run(
        [sys.executable, "-m", "skillkit", *args],
        check=False,
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def generate_skills(count: int, dest: Path, seed: int) -> Path:
    """`count` skills from the benchmark's generator (benchmarks/generate.py) under `dest`."""
    benchmarks = str(Path(__file__).resolve().parent.parent / "benchmarks")
    sys.path.insert(0, benchmarks)
    try:
        import generate
    finally:
        sys.path.remove(benchmarks)
    generate.generate(count, dest, seed=seed)
    return dest


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "pure_python: replaces a function inside the package (monkeypatch), which compiled modules do not see; "
        "tests/system/test_compiled.py runs these in a pure-Python process",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    from skillkit import build_mode

    if not build_mode.compiled():
        return
    skip = pytest.mark.skip(reason="compiled build: tests/system/test_compiled.py runs this under SKILLKIT_PURE_PYTHON=1")
    for item in items:
        if "pure_python" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def skill_root(tmp_path: Path) -> Path:
    return tmp_path


def modules_after_one_skill(tmp_path: Path, body: str) -> list[str]:
    """The modules a fresh interpreter has loaded after `skillkit.validate` of one plain skill with `body`."""
    skill = tmp_path / "demo-skill"
    skill.mkdir()
    (skill / "SKILL.md").write_text(f"---\nname: demo-skill\ndescription: Demo skill for tests. Use in tests.\n---\n\n{body}")
    code = "import sys, skillkit; skillkit.validate([sys.argv[1]]); print('\\n'.join(sorted(sys.modules)))"
    return subprocess.run([sys.executable, "-c", code, str(skill)], capture_output=True, text=True, check=True).stdout.split()
