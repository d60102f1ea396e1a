"""Run one command as a subprocess and measure its wall time and the peak RSS of its whole process tree."""

from __future__ import annotations

import os
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

INTERVAL = 0.01
# Rebuilding the process tree means reading /proc/*/stat for every process (kernels without
# CONFIG_PROC_CHILDREN, like this one, have no /proc/PID/task/TID/children), so it is done every
# 100 ms; the sampler thread then costs about 3% of one core.
TREE_EVERY = 10


@dataclass
class RunResult:
    """One timed run: wall seconds, exit code (negative = killed by that signal), peak RSS of the tree in bytes."""

    wall: float
    returncode: int
    peak_rss: int
    stdout: Path
    stderr: Path

    def tail(self, path: Path | None = None, lines: int = 5) -> str:
        text = (path or self.stderr).read_text(encoding="utf-8", errors="replace").strip().splitlines()
        return "\n".join(text[-lines:])


def _ppids() -> dict[int, int]:
    out: dict[int, int] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        # The command name in parentheses may hold spaces; the fields after its closing ')' are fixed.
        out[int(name)] = int(stat[stat.rindex(b")") + 2:].split(b" ", 2)[1])
    return out


def _descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for pid, ppid in _ppids().items():
        children.setdefault(ppid, []).append(pid)
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo.extend(children.get(pid, ()))
    return tree


def _mem(pid: int) -> tuple[int, int]:
    """(VmRSS, VmHWM) of one process in bytes; zeros once it is gone or a zombie."""
    try:
        with open(f"/proc/{pid}/status", "rb") as fh:
            status = fh.read()
    except OSError:
        return 0, 0
    return _field(status, b"VmRSS:"), _field(status, b"VmHWM:")


def _field(status: bytes, name: bytes) -> int:
    at = status.find(name)
    if at < 0:
        return 0
    return int(status[at + len(name):status.index(b"kB", at)]) * 1024


class Sampler(threading.Thread):
    """Every ~10 ms, sums VmRSS over a process and its descendants and keeps the maximum.

    Each process's VmHWM (its own high-water mark since exec) is kept too, so a spike shorter than the
    sampling interval still counts for the largest single process.
    """

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak = 0
        self._done = threading.Event()

    def run(self) -> None:
        tree = [self.pid]
        tick = 0
        while not self._done.is_set():
            if tick % TREE_EVERY == 0:
                tree = _descendants(self.pid)
            tick += 1
            total = 0
            for pid in tree:
                rss, hwm = _mem(pid)
                total += rss
                self.peak = max(self.peak, hwm)
            self.peak = max(self.peak, total)
            self._done.wait(INTERVAL)

    def stop(self) -> int:
        self._done.set()
        self.join()
        return self.peak


def run(cmd: list[str], cwd: Path, env: dict[str, str], out_dir: Path, tag: str) -> RunResult:
    """Run cmd to completion with stdout/stderr in files under out_dir; time it from spawn to reap."""
    out_dir.mkdir(parents=True, exist_ok=True)
    out_path, err_path = out_dir / f"{tag}.out", out_dir / f"{tag}.err"
    own_hwm = _mem(os.getpid())[1]
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=err)
        sampler = Sampler(proc.pid)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        peak = sampler.stop()
    proc.returncode = os.waitstatus_to_exitcode(status)
    # ru_maxrss is exact for the largest single process of the tree, but Linux carries the forking
    # runner's high-water mark into the child across exec: above our own VmHWM it is the tool's, else noise.
    maxrss = usage.ru_maxrss * 1024
    if maxrss > own_hwm:
        peak = max(peak, maxrss)
    return RunResult(wall, proc.returncode, peak, out_path, err_path)


def evict_page_cache(root: Path) -> int:
    """Ask the kernel to drop the cached pages of every file under root (clean pages only); return files seen."""
    count = 0
    for here, _dirs, files in os.walk(root):
        for name in files:
            try:
                fd = os.open(os.path.join(here, name), os.O_RDONLY)
            except OSError:
                continue
            try:
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            finally:
                os.close(fd)
            count += 1
    return count
