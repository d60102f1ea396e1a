"""Check many skills on every core: forked worker processes, chunks of skills, results back in input order."""

from __future__ import annotations

import os
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from skillkit.engine.interrupts import shielded

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

T = TypeVar("T")
R = TypeVar("R")

# Below this many items a pool costs more than it saves (forking two workers takes ~30 ms).
MIN_PARALLEL = 128
CHUNK = 32
AHEAD = 4  # chunks in flight per worker: enough to keep workers busy, few enough to bound finished-but-unread results
WAIT_SECONDS = 0.05  # longest wait for a result before a held-back signal gets its turn
ORPHAN_POLL_SECONDS = 0.5  # how often a worker looks whether its parent is gone (where the kernel cannot tell it)

_job: Callable[[Any], Any] | None = None
_items: Sequence[Any] = ()


def default_jobs() -> int:
    """Worker count: the CPUs this process may run on, or SKILLKIT_JOBS when set."""
    env = os.environ.get("SKILLKIT_JOBS", "")
    if env.isdigit() and int(env) > 0:
        return int(env)
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def run_ordered(
    job: Callable[[T], R],
    items: Sequence[T],
    *,
    jobs: int | None = None,
    on_lost: Callable[[T, str], R],
) -> Iterator[R]:
    """Yield job(item) for every item, in order; in worker processes when there are enough items.

    Workers are forked, so `job` and `items` reach them without pickling; only results travel back.
    If a worker dies (killed, out of memory, a crash in a C extension) the items it had not finished
    are answered by `on_lost(item, reason)` instead of hanging or losing them silently. If the caller stops
    early (Ctrl-C, SIGTERM, an error, or simply not reading on), the workers are killed at once, not waited for.
    """
    chunks = [range(i, min(i + CHUNK, len(items))) for i in range(0, len(items), CHUNK)]
    # Never more workers than chunks of work: `--jobs 1000` on 200 skills starts 7 workers, not 1000.
    workers = min(jobs if jobs is not None else default_jobs(), len(chunks))
    if workers <= 1 or len(items) < MIN_PARALLEL:
        for item in items:
            yield job(item)
        return
    import multiprocessing  # here, not at the top: a one-skill run (pre-commit) never pays for it
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    if "fork" not in multiprocessing.get_all_start_methods():
        for item in items:
            yield job(item)
        return
    global _job, _items
    _job, _items = job, items
    with shielded():
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"), initializer=_worker_setup, initargs=(os.getpid(),))
    finished = False
    try:
        pending: deque[tuple[range, Future[list[Any]]]] = deque()
        upcoming = iter(chunks)
        with shielded():
            for chunk in upcoming:
                pending.append((chunk, pool.submit(_run_chunk, chunk.start, chunk.stop)))
                if len(pending) >= workers * AHEAD:
                    break
        while pending:
            chunk, future = pending.popleft()
            results = None
            while results is None:  # short waits: a signal held back during one is raised between them
                with shielded():
                    try:
                        results = future.result(timeout=WAIT_SECONDS)
                    except TimeoutError:
                        pass
                    except BrokenProcessPool:
                        results = [on_lost(items[i], "a worker process died") for i in chunk]
            with shielded():
                following = next(upcoming, None)
                if following is not None:
                    pending.append((following, pool.submit(_run_chunk, following.start, following.stop)))
                elif not pending:
                    # Shut down before the last results go out: a caller that takes exactly as many results as it
                    # gave items never resumes us past them, and a pool left to the garbage collector was killed
                    # instead, its manager thread still closing its pipe while the interpreter's exit hook wrote
                    # to it (an intermittent "Bad file descriptor" traceback after a finished run).
                    pool.shutdown(wait=True)
                    finished = True
            yield from results
    finally:
        _job, _items = None, ()
        if not finished:
            with shielded():
                _stop_now(pool)


def _stop_now(pool: ProcessPoolExecutor) -> None:
    """Kill the workers and drop what is queued: an interrupted run must end in well under a second."""
    processes = list(getattr(pool, "_processes", {}).values())  # the executor has no public handle on them
    manager = getattr(pool, "_executor_manager_thread", None)
    results = getattr(pool, "_result_queue", None)  # taken before shutdown, which drops it
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        try:
            process.kill()
        except (OSError, ValueError, AttributeError):
            pass
    for process in processes:
        process.join(timeout=1)
    # A worker killed halfway through sending a result leaves the manager thread reading the rest of it for good,
    # and the interpreter's exit hook joins that thread without a timeout: the run hung after "interrupted". This
    # process holds the last write end of the result pipe (only workers write to it); closed, the read ends at once.
    writer = getattr(results, "_writer", None)
    if writer is not None:
        writer.close()
    if manager is not None:
        # With its workers dead the manager thread ends at once; joined here, it is not still closing its pipe when
        # the interpreter's exit hook writes to it (the same "Bad file descriptor" traceback, after an interrupt).
        manager.join(timeout=0.5)


def _worker_setup(parent: int) -> None:
    """In each worker: leave Ctrl-C to the parent (it stops us), die with the parent, and never print a traceback."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG: the kernel kills us when the parent dies
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)
    import threading  # workers only: a one-skill run checks in its own process

    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()  # elsewhere, or as a second net


def _watch_parent(parent: int) -> None:
    while True:
        time.sleep(ORPHAN_POLL_SECONDS)
        if os.getppid() != parent:
            os._exit(1)


def _run_chunk(start: int, stop: int) -> list[Any]:
    assert _job is not None
    return [_job(_items[i]) for i in range(start, stop)]
