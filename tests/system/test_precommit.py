"""The pre-commit hook, run for real: `pre-commit try-repo` installs this project from a committed copy and
runs `skillkit-validate` on changed files of a temporary skills repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from conftest import run_cli, write_skill

REPO = Path(__file__).resolve().parents[2]
GIT_ID = ["-c", "user.name=skillkit tests", "-c", "user.email=tests@example.invalid", "-c", "commit.gpgsign=false"]


def _pre_commit() -> list[str]:
    try:
        import pre_commit  # noqa: F401
    except ImportError:
        pytest.skip("pre-commit is not installed in this environment (it is in the test extra: pip install -e '.[test]')")
    if shutil.which("git") is None:
        pytest.skip("git is not installed; pre-commit needs it")
    return [sys.executable, "-m", "pre_commit"]


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *GIT_ID, *args], cwd=cwd, check=True, capture_output=True, text=True)


def _hook_repo(dest: Path) -> Path:
    """A committed copy of the project: try-repo clones the hook repository, so it must be a git repo with the
    hook files committed (uncommitted changes of a real checkout would only be picked up for tracked files)."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", "*.so")
    shutil.copytree(REPO / "skillkit", dest / "skillkit", ignore=ignore)
    for name in ("pyproject.toml", "setup.py", "MANIFEST.in", "CHANGELOG.md", ".pre-commit-hooks.yaml", "README.md", "LICENSE"):
        if (REPO / name).exists():
            shutil.copy2(REPO / name, dest / name)
    if not (dest / "README.md").exists():
        (dest / "README.md").write_text("# skillkit\n")
    _git(dest, "init", "-q")
    _git(dest, "add", "-A")
    _git(dest, "commit", "-q", "-m", "hook repo")
    return dest


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "PRE_COMMIT_HOME", "VIRTUAL_ENV")}
    env.update({"PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "NO_COLOR": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1"})
    env.pop("SKILLKIT_USE_MYPYC", None)  # as on a user's machine (.ci/run sets it for the tests' own install)
    return env


def test_hook_manifest_is_valid() -> None:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    (hook,) = hooks
    assert hook["id"] == "skillkit-validate"
    assert hook["entry"] == "skillkit validate --changed-files"
    assert (hook["language"], hook["pass_filenames"], hook["require_serial"]) == ("python", True, True)


def test_changed_files_map_to_their_skills(tmp_path: Path) -> None:
    write_skill(tmp_path / "skills", "good")
    write_skill(tmp_path / "skills", "bad", frontmatter="name: Bad\ndescription: Reads PDFs. Use when asked.\n")
    (tmp_path / "skills" / "bad" / "references").mkdir()
    (tmp_path / "skills" / "bad" / "references" / "x.md").write_text("# x\n")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "notes.md").write_text("# notes\n")
    outside = run_cli("validate", "--changed-files", "docs/notes.md", "README.md", cwd=tmp_path)
    assert (outside.returncode, outside.stdout) == (0, "no skill among the 2 changed files: nothing to check\n")
    good = run_cli("validate", "--changed-files", "skills/good/SKILL.md", "docs/notes.md", cwd=tmp_path)
    assert (good.returncode, good.stdout) == (0, "1 skill checked (target claude-ai): no problems\n")
    bad = run_cli("validate", "--changed-files", "skills/bad/references/x.md", "skills/good/SKILL.md", cwd=tmp_path)
    assert bad.returncode == 1
    assert bad.stdout.splitlines()[0] == "skills/bad/SKILL.md  (Bad, target claude-ai)"
    assert bad.stdout.splitlines()[-1].startswith("2 skills checked")
    (tmp_path / ".skillkit.toml").write_text('exclude = ["skills/bad"]\n')
    excluded = run_cli("validate", "--changed-files", "skills/bad/references/x.md", cwd=tmp_path)
    assert (excluded.returncode, excluded.stdout) == (0, "no skill among the 1 changed file: nothing to check\n")
    both = run_cli("validate", "--changed-files", "skills/bad/references/x.md", "skills/good/SKILL.md", cwd=tmp_path)
    assert (both.returncode, both.stdout) == (0, "1 skill checked (target claude-ai): no problems\n")
    plain = run_cli("validate", "docs", cwd=tmp_path)
    assert plain.returncode == 2  # without --changed-files, finding nothing is still an error


def test_a_changed_manifest_checks_its_plugin(tmp_path: Path) -> None:
    plugin = tmp_path / "plugins" / "fmt"
    write_skill(plugin / "skills", "tidy")
    (plugin / ".claude-plugin").mkdir(parents=True)
    (plugin / ".claude-plugin" / "plugin.json").write_text('{"name": "Fmt Tools"}\n')
    result = run_cli("validate", "--changed-files", "plugins/fmt/.claude-plugin/plugin.json", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert [" ".join(line.split()) for line in result.stdout.splitlines()] == [
        "(repository)",
        (
            "plugins/fmt/.claude-plugin/plugin.json:1:10 warning manifest-name plugin name 'Fmt Tools' is not accepted by Claude Desktop"
            " (at most 128 characters from A-Z a-z 0-9 . _ -, starting with a letter or digit); use kebab-case"
        ),
        "",
        "1 skill checked (target claude-code), 0 invalid: 0 errors, 1 warning, 0 infos",
    ]


def test_pre_commit_try_repo(tmp_path: Path) -> None:
    pre_commit = _pre_commit()
    hook_repo = _hook_repo(tmp_path / "hook-repo")
    skills = tmp_path / "skills-repo"
    write_skill(skills / "skills", "good-skill")
    write_skill(skills / "skills", "bad-skill", frontmatter="name: Bad_Skill\ndescription: Reads PDFs. Use when asked.\n")
    (skills / "skills" / "bad-skill" / "references").mkdir()
    (skills / "skills" / "bad-skill" / "references" / "guide.md").write_text("# guide\n")
    (skills / "docs").mkdir()
    (skills / "docs" / "notes.md").write_text("# notes\n")
    _git(skills, "init", "-q")
    _git(skills, "add", "-A")
    env = _env(tmp_path)

    def try_repo(*files: str) -> subprocess.CompletedProcess[str]:
        args = [*pre_commit, "try-repo", str(hook_repo), "skillkit-validate", "--color", "never", "--verbose", "--files", *files]
        return subprocess.run(args, cwd=skills, env=env, check=False, capture_output=True, text=True, timeout=900)

    outside = try_repo("docs/notes.md")  # each try-repo run builds the hook's virtualenv afresh
    assert outside.returncode == 0, outside.stdout + outside.stderr
    assert "Passed" in outside.stdout
    assert "no skill among the 1 changed file: nothing to check" in outside.stdout

    good = try_repo("skills/good-skill/SKILL.md", "docs/notes.md")
    assert good.returncode == 0, good.stdout + good.stderr
    assert "1 skill checked (target claude-ai): no problems" in good.stdout

    bad = try_repo("skills/bad-skill/references/guide.md", "skills/good-skill/SKILL.md")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "Failed" in bad.stdout
    normalised = " ".join(bad.stdout.split())
    assert "skills/bad-skill/SKILL.md:2:7 error name-format name 'Bad_Skill' has uppercase letters" in normalised
    assert "2 skills checked (target claude-ai x2), 1 invalid" in normalised


def test_first_run_installs_pure_python(tmp_path: Path) -> None:
    """A user's first `pre-commit run` with the hook: pre-commit installs skillkit-lint from the hook repository at
    `rev` into a new virtualenv; from source that is pure Python, seconds rather than mypyc's minute."""
    pre_commit = _pre_commit()
    hook_repo = _hook_repo(tmp_path / "hook-repo")
    rev = subprocess.run(["git", "rev-parse", "HEAD"], cwd=hook_repo, check=True, capture_output=True, text=True).stdout.strip()
    skills = tmp_path / "skills-repo"
    write_skill(skills / "skills", "good-skill")
    config = {"repos": [{"repo": str(hook_repo), "rev": rev, "hooks": [{"id": "skillkit-validate"}]}]}
    (skills / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config))
    _git(skills, "init", "-q")
    _git(skills, "add", "-A")
    env = _env(tmp_path)
    start = time.monotonic()
    done = subprocess.run(
        [*pre_commit, "run", "--color", "never", "--files", "skills/good-skill/SKILL.md"],
        cwd=skills, env=env, check=False, capture_output=True, text=True, timeout=900,
    )
    first_run = time.monotonic() - start
    assert done.returncode == 0, done.stdout + done.stderr
    assert "skillkit validate" in done.stdout and "Passed" in done.stdout
    print(f"first pre-commit run, hook environment included: {first_run:.1f} s")
    installed = list((tmp_path / "pre-commit-home").glob("repo*/py_env-*/**/site-packages/skillkit_lint-*.dist-info"))
    assert len(installed) == 1, installed
    package = installed[0].parent / "skillkit"
    assert (package / "markdown" / "scan.py").is_file()
    assert not [p for p in package.rglob("*") if p.suffix in (".so", ".pyd")], "the hook's install compiled"
