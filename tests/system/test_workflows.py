"""The GitHub workflows (.github/workflows/ci.yml and release.yml): actionlint (with shellcheck) on both, their
shape, and the release's own shell steps run for real under bash. GitHub itself is out of reach here: what has
and has not run on it is in the README ("Releases and the GitHub workflows")."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml
from test_action import actionlint_command

from skillkit.version import __version__

REPO = Path(__file__).resolve().parents[2]
WORKFLOWS = REPO / ".github" / "workflows"
CI = yaml.safe_load((WORKFLOWS / "ci.yml").read_text())
RELEASE = yaml.safe_load((WORKFLOWS / "release.yml").read_text())
PYTHONS = ["3.11", "3.12", "3.13"]
needs_bash = pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")


def _on(workflow: dict[Any, Any]) -> Any:
    return workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` key as true


def _steps(workflow: dict[str, Any], job: str) -> list[dict[str, Any]]:
    return list(workflow["jobs"][job]["steps"])


def _step(workflow: dict[str, Any], job: str, name: str) -> dict[str, Any]:
    return next(s for s in _steps(workflow, job) if s.get("name") == name)


def test_actionlint_passes_on_both_workflows(tmp_path: Path) -> None:
    command = actionlint_command()
    assert any(arg.startswith("-shellcheck=") for arg in command), "shellcheck is in the test extra: pip install -e '.[test]'"
    shutil.copytree(WORKFLOWS, tmp_path / ".github" / "workflows")
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    done = subprocess.run(command, cwd=tmp_path, check=False, capture_output=True, text=True, timeout=120)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


def test_ci_runs_the_tests_on_three_systems_and_three_pythons() -> None:
    assert set(_on(CI)) >= {"push", "pull_request"}
    tests = CI["jobs"]["tests"]
    assert tests["strategy"]["matrix"]["os"] == ["ubuntu-latest", "macos-latest", "windows-latest"]
    assert tests["strategy"]["matrix"]["python"] == PYTHONS
    runs = [s.get("run", "") for s in tests["steps"]]
    assert 'python -m pip install -e ".[test]"' in runs and "python -m pytest" in runs
    assert [s.get("run") for s in _steps(CI, "readme") if "run" in s] == ["bash .ci/run"]  # the README's commands, compiled tests
    # The classifiers name the Pythons that CI tests and the release compiles for.
    classifiers = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["classifiers"]
    assert [c.rsplit(" ", 1)[1] for c in classifiers if re.fullmatch(r"Programming Language :: Python :: 3\.\d+", c)] == PYTHONS


def test_release_builds_publishes_and_releases() -> None:
    assert _on(RELEASE)["push"] == {"tags": ["v*"]}
    jobs = RELEASE["jobs"]
    build = _step(RELEASE, "sdist", "Build")["run"]
    assert "python -m build" in build and "twine check --strict" in build
    wheels = next(s for s in _steps(RELEASE, "wheels") if s.get("uses", "").startswith("pypa/cibuildwheel@"))
    assert wheels["env"]["CIBW_ENVIRONMENT"] == "SKILLKIT_USE_MYPYC=1"  # the compiled build, which setup.py only makes when asked
    assert wheels["env"]["CIBW_BUILD"].split() == [f"cp{v.replace('.', '')}-*" for v in PYTHONS]
    assert "build_mode.compiled()" in wheels["env"]["CIBW_TEST_COMMAND"]
    systems = " ".join(jobs["wheels"]["strategy"]["matrix"]["os"])
    assert all(system in systems for system in ("ubuntu", "macos", "windows"))
    publish = jobs["publish"]
    assert publish["needs"] == ["sdist", "wheels"] and "refs/tags/v" in publish["if"]
    assert publish["permissions"] == {"id-token": "write"} and publish["environment"]["name"] == "pypi"
    uses = [s for s in publish["steps"] if s.get("uses", "").startswith("pypa/gh-action-pypi-publish@")]
    assert len(uses) == 1 and "password" not in uses[0].get("with", {})  # trusted publishing: no token
    release = jobs["github-release"]
    assert release["needs"] == ["publish"] and release["permissions"] == {"contents": "write"}
    assert "--notes-file release-notes.md" in _step(RELEASE, "github-release", "Create the release")["run"]
    assert RELEASE["permissions"] == {"contents": "read"}  # nothing more unless a job asks


def test_actions_are_pinned_to_releases() -> None:
    for workflow in (CI, RELEASE):
        for job in workflow["jobs"].values():
            for step in job["steps"]:
                if "uses" in step:
                    ref = step["uses"].split("@", 1)[1]
                    assert re.fullmatch(r"v\d+(\.\d+)*|release/v\d+", ref), step["uses"]
    assert all("${{" not in s.get("run", "") for w in (CI, RELEASE) for j in w["jobs"].values() for s in j["steps"])


def _run_step(script: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """A `shell: bash` step as GitHub runs it (`bash --noprofile --norc -eo pipefail {0}`), `python` on the PATH."""
    full = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    full.update(env)
    full["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{full.get('PATH', '')}"
    file = cwd / ".step.sh"
    file.write_text(script)
    try:
        return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(file)], cwd=cwd, env=full, check=False, capture_output=True, text=True, timeout=120)
    finally:
        file.unlink()


def test_the_changelog_keeps_a_changelog() -> None:
    text = (REPO / "CHANGELOG.md").read_text()
    assert text.startswith("# Changelog\n") and "https://keepachangelog.com/en/1.1.0/" in text
    headings = re.findall(r"^## \[([^]]+)\]( - \d{4}-\d{2}-\d{2})?$", text, flags=re.MULTILINE)
    assert headings[0] == ("Unreleased", "")
    versions = [version for version, date in headings[1:] if date]
    assert len(versions) == len(headings) - 1, headings  # every release is dated
    assert __version__ in versions  # skillkit/version.py has its section
    assert versions[-1] == "0.1.0"
    for name, _ in headings:  # each heading links to its tag or comparison
        assert re.search(rf"^\[{re.escape(name)}\]: https://\S+$", text, flags=re.MULTILINE), name


@needs_bash
def test_release_notes_are_the_changelog_section(tmp_path: Path) -> None:
    script = _step(RELEASE, "github-release", "Release notes from CHANGELOG.md")["run"]
    shutil.copy2(REPO / "CHANGELOG.md", tmp_path / "CHANGELOG.md")
    done = _run_step(script, tmp_path, GITHUB_REF_NAME=f"v{__version__}")
    assert done.returncode == 0, done.stdout + done.stderr
    notes = (tmp_path / "release-notes.md").read_text()
    assert notes.strip().startswith("### ") and "\n## " not in notes and "]: https://" not in notes

    (tmp_path / "CHANGELOG.md").write_text(
        "# Changelog\n\n## [Unreleased]\n\n- next\n\n## [1.2.0] - 2027-01-02\n\n### Fixed\n\n- one\n- two\n\n"
        "## [1.1.0] - 2027-01-01\n\n### Added\n\n- old\n\n[Unreleased]: https://x/compare/v1.2.0...HEAD\n[1.2.0]: https://x/1.2.0\n"
    )
    done = _run_step(script, tmp_path, GITHUB_REF_NAME="v1.2.0")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "release-notes.md").read_text() == "\n### Fixed\n\n- one\n- two\n\n"
    last = _run_step(script, tmp_path, GITHUB_REF_NAME="v1.1.0")
    assert last.returncode == 0 and (tmp_path / "release-notes.md").read_text() == "\n### Added\n\n- old\n\n"
    missing = _run_step(script, tmp_path, GITHUB_REF_NAME="v1.3.0")
    assert missing.returncode != 0


@needs_bash
def test_a_tag_must_match_the_version_and_the_changelog(tmp_path: Path) -> None:
    script = _step(RELEASE, "sdist", "The tag, skillkit/version.py and CHANGELOG.md agree")["run"]
    (tmp_path / "skillkit").mkdir()
    shutil.copy2(REPO / "skillkit" / "version.py", tmp_path / "skillkit" / "version.py")
    shutil.copy2(REPO / "CHANGELOG.md", tmp_path / "CHANGELOG.md")
    good = _run_step(script, tmp_path, GITHUB_REF_TYPE="tag", GITHUB_REF_NAME=f"v{__version__}")
    assert good.returncode == 0, good.stdout + good.stderr
    wrong = _run_step(script, tmp_path, GITHUB_REF_TYPE="tag", GITHUB_REF_NAME="v9.9.9")
    assert wrong.returncode == 1 and f"::error::tag v9.9.9 does not match skillkit/version.py ({__version__})" in wrong.stdout
    dispatched = _run_step(script, tmp_path, GITHUB_REF_TYPE="branch", GITHUB_REF_NAME="main")
    assert dispatched.returncode == 0  # a run by hand builds whatever the branch holds
    (tmp_path / "CHANGELOG.md").write_text("# Changelog\n\n## [Unreleased]\n")
    undocumented = _run_step(script, tmp_path, GITHUB_REF_TYPE="tag", GITHUB_REF_NAME=f"v{__version__}")
    assert undocumented.returncode == 1 and "CHANGELOG.md has no" in undocumented.stdout
