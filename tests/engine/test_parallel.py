"""Large runs use worker processes: the same report as one process, in the same order, and no hang when a worker dies."""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
from pathlib import Path

import pytest
from conftest import write_skill

import skillkit
from skillkit.engine import parallel


def test_parallel_report_equals_sequential(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for i in range(parallel.MIN_PARALLEL + 20):
        fm = f"name: skill-{i:03d}\ndescription: Reads files. Use when asked.\n" + ("version: 1\n" if i % 7 == 0 else "")
        write_skill(tmp_path, f"skill-{i:03d}", frontmatter=fm, body="# T\n\n```\nno language\n```\n")
    monkeypatch.chdir(tmp_path)
    sequential = skillkit.validate(".", jobs=1)
    parallel_run = skillkit.validate(".", jobs=2)
    assert parallel_run.skills == sequential.skills
    assert [s.path for s in parallel_run.skills] == sorted(s.path for s in sequential.skills)
    assert parallel_run.summary().errors == 22  # unknown-key 'version' in every seventh skill


def _job(item: int) -> int:
    if item == 40:
        os.kill(os.getpid(), signal.SIGKILL)  # a worker that dies mid-chunk, as a segfault would
    return item * 2


def test_a_dying_worker_is_answered_not_hung() -> None:
    items = list(range(parallel.MIN_PARALLEL))
    results = list(parallel.run_ordered(_job, items, jobs=2, on_lost=lambda item, why: f"lost {item}: {why}"))
    assert len(results) == len(items)
    assert results[40] == "lost 40: a worker process died"
    assert results[0] == 0  # chunks finished before the crash keep their results
    assert all(r == i * 2 or isinstance(r, str) for i, r in enumerate(results))


def test_small_runs_stay_in_process() -> None:
    pid = os.getpid()
    assert list(parallel.run_ordered(lambda _: os.getpid(), [1, 2, 3], jobs=2, on_lost=lambda i, w: 0)) == [pid] * 3


def test_pool_is_shut_down_when_the_last_result_is_taken() -> None:
    # The engine takes exactly one result per item and never asks for more. The pool must be closed by then, not
    # left to the garbage collector: a pool killed at exit raced its own manager thread and printed a traceback.
    threads = set(threading.enumerate())
    items = list(range(parallel.MIN_PARALLEL + 1))
    results = parallel.run_ordered(lambda item: item * 2, items, jobs=2, on_lost=lambda item, why: -1)
    assert [next(results) for _ in items] == [item * 2 for item in items]
    assert multiprocessing.active_children() == []
    assert [t for t in threading.enumerate() if t not in threads and t.is_alive()] == []
