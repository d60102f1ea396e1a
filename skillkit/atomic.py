"""The one atomic writer: a reader sees the old file or the whole new one, never a part, and nothing is left behind."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO


def write_atomic(
    dest: str | os.PathLike[str],
    data: bytes,
    *,
    verify: Callable[[Path], str | None] | None = None,
    durable: bool = False,
    private: bool = False,
    shown: str | None = None,
    mode: int | None = None,
) -> str | None:
    """Write `data` to `dest` through a temporary file in the same folder, then rename it into place.

    `verify` reads the temporary file back before the rename and may refuse it (its one-line reason is returned);
    `durable` fsyncs the file and the folder, for artifacts that must survive a crash; `private` keeps the file
    0600 (a cache), else it gets an ordinary file's mode, or `mode` when given (a rewritten file keeps its own);
    `shown` is how messages name the file (default: as given). Returns None when written, else a one-line problem; the
    temporary file never survives, and a refused or failed write leaves the old `dest` as it was.
    """
    path = Path(dest)
    shown = shown or os.fspath(dest)
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with open(fd, "wb") as fh:
            fh.write(data)
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
        if not private:
            os.chmod(tmp, _file_mode() if mode is None else mode)  # mkstemp makes 0600; a report or a zip is an ordinary file
        if verify is not None:
            with open(tmp, "rb") as fh:
                back = fh.read(len(data) + 1)
            problem = f"{shown} did not read back as written" if back != data else verify(Path(tmp))
            if problem is not None:
                return problem
        os.replace(tmp, path)
        tmp = None
        if durable:
            _fsync_dir(path.parent)
        return None
    except OSError as exc:
        return f"cannot write {shown}: {exc.strerror or exc}"
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


@contextmanager
def replacing(dest: str | os.PathLike[str]) -> Iterator[TextIO]:
    """A text file to write `dest` through as the content comes (a streamed report): renamed into place when the
    block ends, removed when it raises (Ctrl-C included), so `dest` is whole or as it was. OSError goes up."""
    path = Path(dest)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    done = False
    try:
        with open(fd, "w", encoding="utf-8", newline="\n") as fh:
            yield fh
        os.chmod(tmp, _file_mode())
        os.replace(tmp, path)
        done = True
    finally:
        if not done:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def _file_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def _fsync_dir(directory: Path) -> None:
    # Makes the rename durable on POSIX; Windows cannot open a folder this way, and does not need to.
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
