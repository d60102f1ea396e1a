"""Check many skills on every core: forked worker processes, chunks of skills, results back in input order."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# Below this many items a pool costs more than it saves (forking two workers takes ~30 ms).
MIN_PARALLEL = 128
CHUNK = 32

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
    are answered by `on_lost(item, reason)` instead of hanging or losing them silently.
    """
    workers = jobs if jobs is not None else default_jobs()
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
    try:
        chunks = [range(i, min(i + CHUNK, len(items))) for i in range(0, len(items), CHUNK)]
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
            futures = [pool.submit(_run_chunk, chunk.start, chunk.stop) for chunk in chunks]
            for chunk, future in zip(chunks, futures):
                try:
                    results = future.result()
                except BrokenProcessPool:
                    results = [on_lost(items[i], "a worker process died") for i in chunk]
                yield from results
    finally:
        _job, _items = None, ()


def _run_chunk(start: int, stop: int) -> list[Any]:
    assert _job is not None
    return [_job(_items[i]) for i in range(start, stop)]
