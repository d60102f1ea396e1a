"""The mypyc-compiled build against the pure-Python one: same reports byte for byte, and the build switch itself.

setup.py compiles the hot path when SKILLKIT_USE_MYPYC=1 (the release wheels; .ci/run's test install where a C
compiler exists) and installs pure Python otherwise. These tests prove the two builds agree on
the golden cases, a generated corpus and ../shared/corpus, and run the monkeypatching tests (marked
pure_python, skipped in a compiled process) in a pure-Python process.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import generate_skills

from skillkit import build_mode

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus"
COMPILED = build_mode.compiled()
needs_compiled = pytest.mark.skipif(not COMPILED, reason="pure-Python install (built without SKILLKIT_USE_MYPYC=1): one build only")


def _run(*args: str, pure: bool, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in (build_mode.PURE_ENV, "GITHUB_ACTIONS")}
    if pure:
        env[build_mode.PURE_ENV] = "1"
    return subprocess.run([sys.executable, *args], check=False, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


@pytest.mark.skipif(not os.environ.get("SKILLKIT_REQUIRE_COMPILED"), reason="set by .ci/run where a C compiler exists")
def test_ci_runs_the_compiled_build() -> None:
    assert COMPILED, "the test install is pure Python: .ci/run builds it with SKILLKIT_USE_MYPYC=1 (see setup.py)"


def test_the_switch_picks_the_build() -> None:
    pure = _run("-m", "skillkit", "--version", pure=True)
    assert pure.returncode == 0 and pure.stdout.endswith("(pure Python)\n"), pure.stdout + pure.stderr
    default = _run("-m", "skillkit", "--version", pure=False)
    assert default.stdout.endswith("(compiled with mypyc)\n" if COMPILED else "(pure Python)\n"), default.stdout


@needs_compiled
@pytest.mark.parametrize("where", ["cases", "generated", "corpus"])
@pytest.mark.parametrize("target", ["claude-ai", "claude-code"])
def test_both_builds_report_the_same(where: str, target: str, tmp_path: Path) -> None:
    if where == "corpus" and not CORPUS.is_dir():
        pytest.skip(f"no shared corpus at {CORPUS}")
    folder = {"cases": ROOT / "tests" / "cases", "corpus": CORPUS}.get(where) or generate_skills(300, tmp_path, seed=11)
    args = ("-m", "skillkit", "validate", "--format", "json", "--target", target, str(folder))
    compiled, pure = _run(*args, pure=False), _run(*args, pure=True)
    assert compiled.returncode in (0, 1) and compiled.stdout.count('"rule"') > 10, compiled.stderr
    assert (compiled.returncode, compiled.stdout, compiled.stderr) == (pure.returncode, pure.stdout, pure.stderr)


@needs_compiled
def test_monkeypatching_tests_pass_in_a_pure_process() -> None:
    listed = _run("-m", "pytest", "-o", "addopts=", "-m", "pure_python", "-p", "no:cacheprovider", "--collect-only", "-q", "tests", pure=True)
    marked = sum(1 for line in listed.stdout.splitlines() if "::" in line)
    assert marked >= 6, listed.stdout[-500:]  # the tests that monkeypatch the package: they must exist to run
    done = _run("-m", "pytest", "-m", "pure_python", "-p", "no:cacheprovider", "tests", pure=True)
    assert done.returncode == 0, done.stdout[-3000:]
    assert f"\n{marked} passed" in done.stdout, done.stdout[-500:]  # every one of them ran, none skipped


def test_rule_docs_are_read_from_the_source_when_compiled() -> None:
    from skillkit.rules import RULES

    rule = RULES["description-length"]
    assert rule.check is not None
    if COMPILED:
        assert not rule.check.__doc__  # mypyc keeps no docstrings: the doc below came from the .py file
    assert rule.summary == "`description` is longer than 1024 characters (counted after YAML parsing).", rule.doc


def test_a_stale_compiled_module_falls_back_to_the_sources(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "skillkit"
    (package / "rules").mkdir(parents=True)
    (tmp_path / "setup.py").write_text("")
    source, built = package / "markdown_scan.py", package / "markdown_scan.cpython-311-x86_64-linux-gnu.so"
    source.write_text("")
    built.write_bytes(b"")
    monkeypatch.setattr(build_mode, "_PACKAGE", str(package))
    monkeypatch.setattr(build_mode, "_FOLDERS", (str(package), str(package / "rules")))
    os.utime(source, (1_000, 1_000))
    os.utime(built, (2_000, 2_000))
    assert not build_mode._stale()  # built after its source was last changed
    os.utime(source, (3_000, 3_000))
    assert build_mode._stale()  # the source was edited since the build
    library = tmp_path / "skillkit__mypyc.cpython-311-x86_64-linux-gnu.so"
    library.write_bytes(b"")
    os.utime(library, (4_000, 4_000))
    assert not build_mode._stale()  # rebuilt: the shim is as it was, the group's library is new
    os.utime(source, (5_000, 5_000))
    assert build_mode._stale()
    (tmp_path / "setup.py").unlink()
    assert not build_mode._stale()  # an installed wheel: file times say nothing


def test_a_machine_without_a_c_compiler_gets_a_pure_python_wheel(tmp_path: Path) -> None:
    """Slim Docker images have no gcc: a default build (no SKILLKIT_USE_MYPYC) needs none, and has the .py modules only."""
    import shutil
    import zipfile

    source = tmp_path / "src"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", "*.so")
    shutil.copytree(ROOT / "skillkit", source / "skillkit", ignore=ignore)
    for name in ("pyproject.toml", "setup.py", "README.md", "MANIFEST.in", "CHANGELOG.md"):
        shutil.copy2(ROOT / name, source / name)
    env = {k: v for k, v in os.environ.items() if k not in (build_mode.PURE_ENV, "SKILLKIT_USE_MYPYC")}
    env["CC"] = env["CXX"] = "/bin/false"  # the compiler setuptools calls fails at once, as a missing one would
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path / "out"), str(source)],
        check=False,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    (wheel,) = (tmp_path / "out").glob("skillkit_lint-*-py3-none-any.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "skillkit/markdown/scan.py" in names and "skillkit/rules/tables.py" in names
    assert not [n for n in names if n.endswith((".so", ".pyd"))]
