"""Ctrl-C and SIGTERM in the parent: raised where it is safe to unwind, never inside the worker pool's own locks."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager

_shielded = 0
_pending: list[int] = []


class Terminated(BaseException):
    """SIGTERM arrived: unwinds like Ctrl-C (workers killed, partial files removed); a check's `except Exception`
    crash isolation never catches it."""


def install() -> None:
    """Route SIGINT and SIGTERM of this (the parent) process through `_arrived`; workers reset both on start."""
    signal.signal(signal.SIGINT, _arrived)
    signal.signal(signal.SIGTERM, _arrived)


def _arrived(signum: int, frame: object) -> None:
    if _shielded:
        _pending.append(signum)  # raised when the shielded section ends, at a point where unwinding is safe
        return
    _raise(signum)


def _raise(signum: int) -> None:
    if signum == signal.SIGINT:
        raise KeyboardInterrupt
    raise Terminated


@contextmanager
def shielded() -> Iterator[None]:
    """Hold signals back while the pool's internals run (an exception raised inside one of its locks would leave
    the lock held and the interrupted run hanging); raise the first that came once the section ends."""
    global _shielded
    _shielded += 1
    try:
        yield
    finally:
        _shielded -= 1
    if not _shielded and _pending:
        signum = _pending[0]
        _pending.clear()
        _raise(signum)
