"""Installable by name: the sdist and the wheel that `python -m build` makes (as the release workflow does) pass
`twine check`, the wheel holds the package and nothing else, and each, installed in a fresh venv, runs the
README's main job. One build per session; a default build is pure Python and takes seconds."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from skillkit.version import __version__

REPO = Path(__file__).resolve().parents[2]
NAME = "skillkit-lint"
STEM = f"skillkit_lint-{__version__}"  # the file names' form of the name and version
TARGETS = ("claude-ai", "api", "claude-code", "agentskills")
# As on a user's machine: no opt-in to the compiled build (.ci/run sets it for the tests' own install), no run-time switch.
ENV = {k: v for k, v in os.environ.items() if k not in ("SKILLKIT_USE_MYPYC", "SKILLKIT_PURE_PYTHON", "VIRTUAL_ENV", "GITHUB_ACTIONS")}
ENV["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"


def _run(*args: str | Path, cwd: Path = REPO, timeout: int = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(a) for a in args], cwd=cwd, env=ENV, check=False, capture_output=True, text=True, timeout=timeout)


def _source_tree(dest: Path) -> Path:
    """What a clone of this checkout holds (its tests, benchmarks and skills too, so a leak into the wheel shows)."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=REPO, check=False, capture_output=True, timeout=60
    )
    if listed.returncode != 0 or not listed.stdout:
        ignore = shutil.ignore_patterns(".git", ".venv*", "build", "__pycache__", "*.pyc", "*.egg-info", "*.so", "*.pyd")
        shutil.copytree(REPO, dest, ignore=ignore)
        return dest
    for raw in listed.stdout.split(b"\0"):
        name = os.fsdecode(raw)
        source = REPO / name
        if name and source.is_file() and not source.is_symlink():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name)
    return dest


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """`python -m build`: the sdist, then the wheel built from it."""
    if importlib.util.find_spec("build") is None:
        pytest.skip("build is not installed (it is in the test extra: pip install -e '.[test]')")
    root = tmp_path_factory.mktemp("build")
    source = _source_tree(root / "src")
    done = _run(sys.executable, "-m", "build", "--outdir", root / "out", source, cwd=root)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    (sdist,) = (root / "out").glob("*.tar.gz")
    (wheel,) = (root / "out").glob("*.whl")
    return {"source": source, "sdist": sdist, "wheel": wheel}


def _venv(where: Path, artifact: Path) -> Path:
    """A fresh venv with `artifact` installed (its dependencies from the configured index or cache); its bin folder."""
    done = _run(sys.executable, "-m", "venv", where, cwd=where.parent)
    assert done.returncode == 0, done.stderr
    bin_dir = where / ("Scripts" if os.name == "nt" else "bin")
    python = shutil.which("python", path=str(bin_dir))
    assert python, list(bin_dir.iterdir())
    done = _run(python, "-m", "pip", "install", "-q", artifact, cwd=where.parent)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return bin_dir


@pytest.fixture(scope="module")
def wheel_venv(built: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _venv(tmp_path_factory.mktemp("wheel") / "venv", built["wheel"])


@pytest.fixture(scope="module")
def sdist_venv(built: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _venv(tmp_path_factory.mktemp("sdist") / "venv", built["sdist"])


def test_the_name_is_used_everywhere() -> None:
    import tomllib

    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    assert project["name"] == NAME
    assert project["scripts"] == {"skillkit": "skillkit.cli.main:main"}  # the command keeps its name
    readme = (REPO / "README.md").read_text()
    for line in (f"pipx install {NAME}", f"uv tool install {NAME}", f"pip install {NAME}", "`skillkit-cli`", "SKILLKIT_USE_MYPYC=1"):
        assert line in readme, line
    assert "archive/refs/tags" not in readme  # installs by name, no longer from an archive URL
    assert NAME in (REPO / "action.yml").read_text()
    assert NAME in (REPO / ".pre-commit-hooks.yaml").read_text()
    assert f"pypi.org/project/{NAME}/" in (REPO / ".github" / "workflows" / "release.yml").read_text()


def test_the_wheel_holds_the_package_only(built: dict[str, Path]) -> None:
    wheel = built["wheel"]
    assert wheel.name == f"{STEM}-py3-none-any.whl"  # a default build is pure Python
    archive = zipfile.ZipFile(wheel)
    names = archive.namelist()
    leaked = [n for n in names if n.split("/")[0] in ("tests", "benchmarks", "skills", "dist", "docs", "schemas", "examples") or "corpus" in n]
    assert leaked == []
    assert [n for n in names if not n.startswith(("skillkit/", f"{STEM}.dist-info/"))] == []
    sources = {p.relative_to(built["source"]).as_posix() for p in (built["source"] / "skillkit").rglob("*.py")}
    assert {n for n in names if n.startswith("skillkit/")} == sources
    metadata = archive.read(f"{STEM}.dist-info/METADATA").decode()
    assert f"{STEM}.dist-info/licenses/LICENSE" in names  # the license text ships with the package it covers
    for field in (f"Name: {NAME}", f"Version: {__version__}", "Requires-Python: >=3.11", "License-Expression: Apache-2.0", "License-File: LICENSE"):
        assert field in metadata.splitlines(), field
    assert "skillkit = skillkit.cli.main:main" in archive.read(f"{STEM}.dist-info/entry_points.txt").decode()
    assert wheel.stat().st_size < 500_000, wheel.stat().st_size  # about 230 KB: sources only


def test_the_sdist_holds_what_builds_the_package(built: dict[str, Path]) -> None:
    with tarfile.open(built["sdist"]) as archive:
        names = {m.name for m in archive.getmembers() if m.isfile()}
    assert all(n.startswith(f"{STEM}/") for n in names)
    names = {n.removeprefix(f"{STEM}/") for n in names}
    assert {"PKG-INFO", "pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "CHANGELOG.md", "LICENSE"} <= names
    sources = {p.relative_to(built["source"]).as_posix() for p in (built["source"] / "skillkit").rglob("*.py")}
    assert sources <= names
    assert [n for n in names if n.startswith(("tests/", "build/", "dist/")) or n.endswith((".so", ".pyd", ".c"))] == []


def test_twine_check_passes(built: dict[str, Path]) -> None:
    if importlib.util.find_spec("twine") is None:
        pytest.skip("twine is not installed (it is in the test extra: pip install -e '.[test]')")
    done = _run(sys.executable, "-m", "twine", "check", "--strict", built["sdist"], built["wheel"])
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count("PASSED") == 2, done.stdout


def _main_job(bin_dir: Path) -> None:
    """The README's main job with the installed command, run from the repository (its skill and committed zip)."""
    skillkit = shutil.which("skillkit", path=str(bin_dir))
    assert skillkit, "the wheel installed no `skillkit` command"
    for target in TARGETS:
        done = _run(skillkit, "validate", "--strict", "--target", target, "skills/otp-thinking")
        assert done.returncode == 0, f"{target}: {done.stdout}{done.stderr}"
    done = _run(skillkit, "build-zip", "skills/otp-thinking", "--check")
    assert done.returncode == 0, done.stdout + done.stderr
    version = _run(skillkit, "--version")
    assert (version.returncode, version.stdout, version.stderr) == (0, f"skillkit {__version__} (pure Python)\n", "")
    # The venv's own copy ran, not this checkout's.
    python = shutil.which("python", path=str(bin_dir))
    assert python
    where = _run(python, "-c", "import skillkit; print(skillkit.__file__)", cwd=bin_dir)
    assert Path(where.stdout.strip()).is_relative_to(bin_dir.parent), where.stdout + where.stderr


def test_the_main_job_runs_from_the_wheel(wheel_venv: Path) -> None:
    _main_job(wheel_venv)


def test_the_main_job_runs_from_the_sdist(sdist_venv: Path) -> None:
    _main_job(sdist_venv)


def test_version_names_another_distribution_of_the_skillkit_module(wheel_venv: Path) -> None:
    """PyPI's `skillkit` and `skillkit-cli` ship a `skillkit` module too; beside ours, `--version` says so."""
    python = shutil.which("python", path=str(wheel_venv))
    assert python
    purelib = Path(_run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])").stdout.strip())
    other = purelib / "other_skillkit-9.0.dist-info"
    other.mkdir()
    try:
        (other / "METADATA").write_text("Metadata-Version: 2.1\nName: other-skillkit\nVersion: 9.0\n")
        (other / "top_level.txt").write_text("skillkit\n")
        (other / "RECORD").write_text("")
        version = _run(str(shutil.which("skillkit", path=str(wheel_venv))), "--version")
    finally:
        shutil.rmtree(other)
    assert version.returncode == 0 and version.stdout == f"skillkit {__version__} (pure Python)\n"
    assert "the `skillkit` module here is also installed by other-skillkit" in version.stderr, version.stderr
    assert "pipx install skillkit-lint" in version.stderr


def test_an_in_tree_build_leaves_out_what_an_earlier_build_left(tmp_path: Path) -> None:
    # `pip install .` builds in the checkout's build/ folder, where an earlier (compiled) build left its modules and
    # copies of since-deleted sources: installed, a stale compiled module is imported before its newer .py.
    source = _source_tree(tmp_path / "src")
    lib = source / "build" / "lib"
    planted = [lib / "skillkit" / "rules" / "files.cpython-311-x86_64-linux-gnu.so", lib / "skillkit__mypyc.cpython-311-x86_64-linux-gnu.so", lib / "skillkit" / "gone.py"]
    for path in planted:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("stale\n")
    done = _run(sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", tmp_path / "out", source, cwd=tmp_path)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    (wheel,) = (tmp_path / "out").glob("*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert [n for n in names if n.endswith((".so", ".pyd")) or n == "skillkit/gone.py"] == []
    assert "skillkit/rules/files.py" in names
