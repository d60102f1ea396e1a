"""The progress bar: drawn on an interactive stderr for runs over 300 skills, never in CI, pipes or small runs."""

from __future__ import annotations

import io
from pathlib import Path

from conftest import run_cli, write_skill

from skillkit.engine.progress import THRESHOLD, bar, wanted


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_wanted_only_for_long_interactive_runs_outside_ci() -> None:
    tty, pipe = FakeTerminal(), io.StringIO()
    assert THRESHOLD == 300
    assert wanted(301, tty, {})
    assert not wanted(300, tty, {})
    assert not wanted(5000, pipe, {})
    for name in ("CI", "GITHUB_ACTIONS", "GITLAB_CI"):
        assert not wanted(5000, tty, {name: "true"})
    assert wanted(5000, tty, {"CI": "false"})
    assert not wanted(5000, tty, {"TERM": "dumb"})


def test_bar_draws_on_a_terminal_and_nothing_elsewhere() -> None:
    tty = FakeTerminal()
    with bar(400, stream=tty, env={}) as tick:
        for _ in range(400):
            tick()
    assert "checking skills" in tty.getvalue()
    quiet = FakeTerminal()
    with bar(400, stream=quiet, env={"CI": "true"}) as tick:
        tick()
    assert quiet.getvalue() == ""


def test_cli_prints_no_progress_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    for i in range(THRESHOLD + 1):
        write_skill(tmp_path, f"skill-{i:03d}")
    result = run_cli("validate", ".", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stderr == ""
    assert result.stdout == f"{THRESHOLD + 1} skills checked (target claude-ai x{THRESHOLD + 1}): no problems\n"
