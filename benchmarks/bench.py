"""Rows of the result table and the loop that runs them: private folders per row, warm-up, interleaved timed rounds."""

from __future__ import annotations

import os
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

import corpus as corpora
import measure
import tools as toolbox


@dataclass
class Row:
    """One line of the result table: a command, run repeatedly under the same cache conditions."""

    label: str
    tool: toolbox.Tool
    cmd: list[str]
    fresh: bool
    walls: list[float] = field(default_factory=list)
    peaks: list[int | None] = field(default_factory=list)
    codes: list[int] = field(default_factory=list)
    procs: list[int] = field(default_factory=list)
    failed: str | None = None
    counted: int | None = None

    @property
    def slug(self) -> str:
        return re.sub(r"[^a-z0-9]+", "-", self.label.lower()).strip("-")

    def as_dict(self) -> dict[str, object]:
        return {"label": self.label, "tool": self.tool.key, "cmd": self.cmd, "version": self.tool.version,
                "walls_s": self.walls, "peak_rss_bytes": self.peaks, "max_processes": self.procs,
                "exit_codes": self.codes, "skills_counted": self.counted, "failed": self.failed}


class Bench:
    """Runs rows with a private cwd and cache folders per row, wiped before every run of a 'fresh' row."""

    def __init__(self, corpus: corpora.Corpus, scratch: Path, cold_cache: bool) -> None:
        self.corpus = corpus
        self.scratch = scratch
        self.cold_cache = cold_cache

    def env(self, row: Row, wipe: bool) -> tuple[Path, dict[str, str]]:
        base = self.scratch / row.slug
        if wipe:
            shutil.rmtree(base, ignore_errors=True)
            gone = self.corpus.remove_strays()
            if gone:
                print(f"    (removed {', '.join(gone)} left in the corpus root by an earlier run)", file=sys.stderr)
        env = dict(os.environ)
        # Byte-code as an installed package has it (pip compiles on install), kept out of the source tree;
        # this sandbox sets PYTHONDONTWRITEBYTECODE, which would recompile every module on every run.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(self.scratch.parent / "pycache")
        # Any result cache goes to a folder the benchmark owns, so a cold run really starts empty.
        for var, sub in (("XDG_CACHE_HOME", "xdg-cache"), ("SKILLKIT_CACHE_DIR", "skillkit-cache")):
            (base / sub).mkdir(parents=True, exist_ok=True)
            env[var] = str(base / sub)
        (base / "cwd").mkdir(parents=True, exist_ok=True)
        if self.cold_cache:
            measure.evict_page_cache(self.corpus.root)
        return base, env

    def once(self, row: Row, tag: str, wipe: bool, record: bool) -> measure.RunResult | None:
        base, env = self.env(row, wipe)
        result = measure.run(row.cmd, base / "cwd", env, self.scratch / "logs",
                             re.sub(r"[^\w.-]+", "-", f"{row.slug}-{tag}"))
        ok = result.returncode in row.tool.ok_codes
        rss = "    n/a" if result.peak_rss is None else f"{result.peak_rss / 1e6:7.1f}"
        print(f"  {row.label:<32} {tag:>8}: {result.wall:8.3f} s  {rss} MB  exit {result.returncode}"
              + ("" if ok else "  <-- CRASH/USAGE ERROR"), file=sys.stderr)
        if not ok:
            kind = f"killed by signal {-result.returncode}" if result.returncode < 0 else f"exit {result.returncode}"
            tail = result.tail() or result.tail(result.stdout)
            row.failed = f"{kind} (not timed); last output:\n      " + tail.replace("\n", "\n      ")
            return None
        # skillkit prints its count last, on stdout, or on stderr when the report goes to a file (--output).
        for path in (result.stdout, result.stderr):
            counted = row.tool.counted(path.read_text(encoding="utf-8", errors="replace")[-4000:])
            if counted is not None:
                row.counted = counted
                break
        if record:
            row.walls.append(result.wall)
            row.peaks.append(result.peak_rss)
            row.codes.append(result.returncode)
            row.procs.append(result.procs)
        return result

    def series(self, rows: list[Row], runs: int, warmup: int) -> None:
        """Warm-up rounds (not counted), then timed rounds; rows interleave so drift hits every tool alike."""
        for i in range(warmup):
            for row in rows:
                if not row.failed:
                    self.once(row, f"warmup{i + 1}" if warmup > 1 else "warmup", row.fresh, record=False)
        for i in range(runs):
            for row in rows:
                if not row.failed:
                    self.once(row, f"run {i + 1}/{runs}", row.fresh, record=True)

    def warm_series(self, row: Row, runs: int) -> None:
        """Prime the cache once (untimed), then time re-validation of the unchanged tree."""
        if self.once(row, "prime", wipe=True, record=False) is not None:
            for i in range(runs):
                if not row.failed:
                    self.once(row, f"run {i + 1}/{runs}", wipe=False, record=True)
