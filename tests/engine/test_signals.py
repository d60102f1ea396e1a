"""Interrupts and dying parents, sent to a real run: Ctrl-C and SIGTERM stop it at once with one line and no
partial report; a parent killed outright takes its workers with it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals and fork")

SKILLS = 3000
# Enough work per skill that the run lasts several seconds even compiled, so a signal always lands mid-run.
BODY = "# Guide\n\n" + "".join(
    f"## Step {i}\n\nSee [part {i}](references/part-{i}.md) and `scripts/run-{i}.py`.\n\n| a | b |\n| - | - |\n| {i} | x |\n\n"
    for i in range(60)
)


@pytest.fixture(scope="module")
def big_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("many")
    for i in range(SKILLS):
        folder = root / f"skill-{i:04d}"
        folder.mkdir()
        text = f"---\nname: skill-{i:04d}\ndescription: Does step {i}. Use when asked for step {i}.\n---\n\n{BODY}"
        (folder / "SKILL.md").write_text(text, encoding="utf-8")
    return root


def _children(pid: int) -> list[int]:
    found = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True, check=False).stdout.split()
    return [int(p) for p in found]


def _start(tree: Path, out: Path) -> tuple[subprocess.Popen[bytes], list[int]]:
    """A real parallel run writing a JSON report to `out`, once its two workers are busy."""
    command = [sys.executable, "-m", "skillkit", "validate", str(tree), "--format", "json", "--jobs", "2", "--output", str(out)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 60
    workers: list[int] = []
    while time.monotonic() < deadline and len(workers) < 2:
        assert process.poll() is None, "the run ended before it could be interrupted"
        workers = _children(process.pid)
        time.sleep(0.05)
    assert len(workers) >= 2, "no worker processes started"
    time.sleep(0.3)  # the workers are now checking skills
    assert process.poll() is None, "the run ended before it could be interrupted"
    return process, workers


def _gone(pids: list[int], within: float) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if not any(Path(f"/proc/{pid}").exists() and "Z" not in _state(pid) for pid in pids):
            return True
        time.sleep(0.05)
    return False


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return "Z"


@pytest.mark.skipif(not Path("/proc").is_dir() or not Path("/usr/bin/pgrep").exists(), reason="needs /proc and pgrep")
@pytest.mark.parametrize(
    ("name", "sig", "group", "code", "line"),
    [
        ("ctrl-c in the terminal", signal.SIGINT, True, 130, "skillkit: interrupted"),
        ("sigint to the parent alone", signal.SIGINT, False, 130, "skillkit: interrupted"),
        ("sigterm to the parent alone", signal.SIGTERM, False, 143, "skillkit: terminated"),
        ("sigterm to the group", signal.SIGTERM, True, 143, "skillkit: terminated"),
    ],
)
def test_a_signal_stops_the_run_at_once(big_tree: Path, tmp_path: Path, name: str, sig: int, group: bool, code: int, line: str) -> None:
    out = tmp_path / "report" / "skillkit.json"
    process, workers = _start(big_tree, out)
    sent = time.monotonic()
    if group:
        os.killpg(process.pid, sig)  # what the terminal does on Ctrl-C: every process of the foreground group
    else:
        os.kill(process.pid, sig)
    stdout, stderr = process.communicate(timeout=30)
    took = time.monotonic() - sent
    assert process.returncode == code, stderr
    assert took < 1.0, f"{name}: exited {took:.2f} s after the signal"
    assert stderr.decode().splitlines() == [line], "one line, no worker tracebacks"
    assert stdout == b""
    assert not out.exists(), "no partial report"
    assert not list(out.parent.iterdir()), "no temporary file left behind"
    assert _gone(workers, within=2.0), "workers still running"


@pytest.mark.skipif(not Path("/proc").is_dir() or not Path("/usr/bin/pgrep").exists(), reason="needs /proc and pgrep")
def test_workers_die_with_a_parent_killed_outright(big_tree: Path, tmp_path: Path) -> None:
    out = tmp_path / "skillkit.json"
    process, workers = _start(big_tree, out)
    process.kill()  # SIGKILL: the parent runs no cleanup at all
    process.communicate(timeout=30)
    assert _gone(workers, within=3.0), "orphaned workers kept running"
    assert not out.exists(), "no report, whole or partial"


# Results far bigger than a pipe's buffer: a worker spends most of its time sending one, so an interrupt kills it
# halfway through a message.
_BIG_RESULTS = """
from skillkit.cli.errors import guarded
from skillkit.cli.main import _exit
from skillkit.engine import interrupts
from skillkit.engine.parallel import run_ordered

def job(item):
    return b"x" * 2_000_000

def run():
    for _ in run_ordered(job, range(5000), jobs=2, on_lost=lambda item, why: b""):
        pass
    return 0

interrupts.install()
_exit(guarded(run))
"""


@pytest.mark.parametrize("delay", [0.8, 1.1, 1.4])
def test_an_interrupt_during_a_half_sent_result_still_exits(delay: float) -> None:
    """The pool's manager thread, reading a result its killed worker never finished, used to keep the interpreter's
    exit waiting for good (the run hung after printing "interrupted")."""
    process = subprocess.Popen([sys.executable, "-c", _BIG_RESULTS], stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        time.sleep(delay)
        assert process.poll() is None, process.communicate()
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        pytest.fail("the interrupted run did not exit")
    assert (process.returncode, stderr.decode()) == (130, "skillkit: interrupted\n")
