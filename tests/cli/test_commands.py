"""The typer-free fast path for `skillkit validate` accepts exactly the typer command's options and gives the same answers."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import run_cli, write_skill
from typer.main import get_command

from skillkit.cli.app import app
from skillkit.cli.validate import VALIDATE_OPTIONS, parse_validate


def test_fast_options_table_matches_the_typer_command() -> None:
    command = get_command(app).commands["validate"]
    typer_flags: dict[str, tuple[str, str]] = {}
    for param in command.params:
        if type(param).__name__ != "TyperOption":
            continue
        kind = "true" if param.is_flag else "list" if param.multiple else "value"
        for flag in param.opts:
            typer_flags[flag] = (param.name, kind)
        for flag in param.secondary_opts:
            typer_flags[flag] = (param.name, "false")
    ours = {flag: (opt.dest, opt.kind if opt.kind in ("true", "false", "list") else "value") for opt in VALIDATE_OPTIONS for flag in opt.flags}
    assert ours == typer_flags


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["a", "b"], {"paths": ["a", "b"]}),
        (["--target", "api", "-f=json", "x"], {"paths": ["x"], "target": "api", "format": "json"}),
        (["--select", "name-format", "--select=name-length"], {"paths": [], "select": ["name-format", "name-length"]}),
        (["--strict", "--no-strict", "-j", "2", "--cache"], {"paths": [], "strict": False, "jobs": 2, "cache": True}),
        (["--", "--weird-folder"], {"paths": ["--weird-folder"]}),
    ],
)
def test_parse_validate(argv: list[str], expected: dict[str, object]) -> None:
    assert parse_validate(argv) == expected


@pytest.mark.parametrize("argv", [["--help"], ["--tagret", "api"], ["--target"], ["--jobs", "two"], ["--strict=yes"]])
def test_anything_else_goes_to_typer(argv: list[str]) -> None:
    assert parse_validate(argv) is None


def test_fast_path_does_not_import_typer_or_pydantic(tmp_path: Path) -> None:
    write_skill(tmp_path, "pdf-reading")
    # -X importtime lists every import on stderr: main() ends the process itself (no teardown), so nothing can
    # look at sys.modules after it.
    code = "import sys; sys.argv = ['skillkit', 'validate', 'pdf-reading']; from skillkit.cli.main import main; main()"
    done = subprocess.run([sys.executable, "-X", "importtime", "-c", code], cwd=tmp_path, check=True, capture_output=True, text=True)
    loaded = [line.rsplit("|", 1)[1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")]
    assert "skillkit.engine.run" in loaded
    # Nor the fix modules (text output shows no fixes), nor dataclasses and inspect (records instead: start-up cost).
    slow = ("typer", "pydantic", "rich", "click", "dataclasses", "inspect")
    bad = [m for m in loaded if m.split(".")[0] in slow or m.startswith("skillkit.rules.fix_")]
    assert not bad, bad


def test_fast_and_typer_paths_answer_alike(tmp_path: Path) -> None:
    write_skill(tmp_path, "bad-skill", frontmatter="name: Bad\ndescription: d. Use when asked.\n")
    fast = run_cli("validate", "--format=json", ".", cwd=tmp_path)
    via_typer = run_cli("validate", "--format", "json", ".", "--help-me-not", cwd=tmp_path)  # unknown flag: typer's error
    assert fast.returncode == 1 and '"rule": "name-format"' in fast.stdout
    assert via_typer.returncode == 2 and via_typer.stderr.startswith("skillkit: error: no such option: --help-me-not")
    assert run_cli("validate", "--jobs", "0", ".", cwd=tmp_path).stderr == "skillkit: error: --jobs must be at least 1, got 0\n"
