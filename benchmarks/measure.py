"""Run one command as a subprocess and measure its wall time and the peak RSS of its whole process tree."""

from __future__ import annotations

import os
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

# 20 ms between samples: fine enough for a tree whose memory builds up over a run of seconds (and each
# process's VmHWM catches its own shorter spikes), coarse enough that the sampler, which competes with the
# tool for the 2 cores, stays cheap.
INTERVAL = 0.02
# Without /proc/PID/task/TID/children (kernels built without CONFIG_PROC_CHILDREN) the tree is rebuilt
# by reading /proc/*/stat of every process on the machine: only every 5th sample (100 ms), to stay cheap.
SCAN_EVERY = 5
HAS_CHILDREN_FILE = os.path.exists(f"/proc/{os.getpid()}/task/{os.getpid()}/children")


@dataclass
class RunResult:
    """One timed run: wall seconds, exit code (negative = killed by that signal), peak RSS of the tree in bytes
    (None when the process was too short-lived to measure), and the most processes the tree had in one sample."""

    wall: float
    returncode: int
    peak_rss: int | None
    stdout: Path
    stderr: Path
    procs: int = 1

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
    """root and every process below it, from each thread's children file, else from a scan of /proc."""
    if not HAS_CHILDREN_FILE:
        return _descendants_by_scan(root)
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        try:
            tids = os.listdir(f"/proc/{pid}/task")
        except OSError:
            continue  # gone since its parent listed it
        # A child belongs to the thread that forked it, so every thread's list is read.
        for tid in tids:
            try:
                with open(f"/proc/{pid}/task/{tid}/children", "rb") as fh:
                    todo.extend(int(c) for c in fh.read().split())
            except OSError:
                continue
    return tree


def _descendants_by_scan(root: int) -> list[int]:
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
    """Every INTERVAL, sums VmRSS over a process and all its descendants and keeps the maximum.

    Each process's VmHWM (its own high-water mark since exec) is kept too, so a spike shorter than the
    sampling interval still counts for the largest single process. The sum counts pages that forked
    workers share with their parent once per process: an upper bound, as `ps` or a container limit sees it.
    """

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak = 0
        self.procs = 1
        self.seen = 0  # samples that found the process itself alive
        self._done = threading.Event()

    def run(self) -> None:
        tree = [self.pid]
        tick = 0
        while not self._done.is_set():
            if HAS_CHILDREN_FILE or tick % SCAN_EVERY == 0:
                tree = _descendants(self.pid)
            tick += 1
            total = 0
            for pid in tree:
                rss, hwm = _mem(pid)
                total += rss
                self.peak = max(self.peak, hwm)
                if pid == self.pid and rss > 0:
                    self.seen += 1
            self.peak = max(self.peak, total)
            self.procs = max(self.procs, len(tree))
            self._done.wait(INTERVAL)

    def stop(self) -> int:
        self._done.set()
        self.join()
        return self.peak


def run(cmd: list[str], cwd: Path, env: dict[str, str], out_dir: Path, tag: str) -> RunResult:
    """Run cmd to completion with stdout/stderr in files under out_dir; time it from spawn to reap."""
    out_dir.mkdir(parents=True, exist_ok=True)
    out_path, err_path = out_dir / f"{tag}.out", out_dir / f"{tag}.err"
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=err)
        sampler = Sampler(proc.pid)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        peak = sampler.stop()
    proc.returncode = os.waitstatus_to_exitcode(status)
    # ru_maxrss is exact for the largest single process of the tree, but Linux carries the spawning
    # runner's high-water mark into the child across exec: above our own VmHWM it is the tool's, else noise.
    # Our VmHWM is read after the run (it only grows), so growth of our own during the spawn is not taken for the tool's.
    own_hwm = _mem(os.getpid())[1]
    maxrss = usage.ru_maxrss * 1024
    if maxrss > own_hwm:
        peak = max(peak, maxrss)
    # A process sampled once, just after exec (a 10 ms agnix run), shows a fraction of its memory: unknown.
    known = maxrss > own_hwm or sampler.seen >= 2
    return RunResult(wall, proc.returncode, peak if known else None, out_path, err_path, sampler.procs)


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
