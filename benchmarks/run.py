"""Benchmark `skillkit validate` end to end, side by side with agnix and skills-ref: see benchmarks/README.md."""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus as corpora
import measure
import tools as toolbox
from report import print_table, print_targets


@dataclass
class Row:
    """One line of the result table: a command, run repeatedly under the same cache conditions."""

    label: str
    tool: toolbox.Tool
    cmd: list[str]
    fresh: bool
    walls: list[float] = field(default_factory=list)
    peaks: list[int] = field(default_factory=list)
    codes: list[int] = field(default_factory=list)
    failed: str | None = None
    counted: int | None = None

    @property
    def slug(self) -> str:
        return re.sub(r"[^a-z0-9]+", "-", self.label.lower()).strip("-")


class Bench:
    """Runs rows with a private cwd and cache folders per row, wiped before every run of a 'fresh' row."""

    def __init__(self, corpus: corpora.Corpus, scratch: Path, cold_cache: bool) -> None:
        self.corpus = corpus
        self.scratch = scratch
        self.cold_cache = cold_cache

    def _env(self, row: Row, wipe: bool) -> tuple[Path, dict[str, str]]:
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
        base, env = self._env(row, wipe)
        result = measure.run(row.cmd, base / "cwd", env, self.scratch / "logs",
                             re.sub(r"[^\w.-]+", "-", f"{row.slug}-{tag}"))
        ok = result.returncode in row.tool.ok_codes
        rss = result.peak_rss / 1e6
        print(f"  {row.label:<32} {tag:>8}: {result.wall:8.3f} s  {rss:7.1f} MB  exit {result.returncode}"
              + ("" if ok else "  <-- CRASH/USAGE ERROR"), file=sys.stderr)
        if not ok:
            kind = f"killed by signal {-result.returncode}" if result.returncode < 0 else f"exit {result.returncode}"
            tail = result.tail() or result.tail(result.stdout)
            row.failed = f"{kind} (not timed); last output:\n      " + tail.replace("\n", "\n      ")
            return None
        counted = row.tool.counted(result.stdout.read_text(encoding="utf-8", errors="replace")[-4000:])
        if counted is not None:
            row.counted = counted
        if record:
            row.walls.append(result.wall)
            row.peaks.append(result.peak_rss)
            row.codes.append(result.returncode)
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


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__)
    src = ap.add_mutually_exclusive_group()
    src.add_argument("--skills", type=int, metavar="N", help="generate (or reuse) N skills (default 10000)")
    src.add_argument("--path", type=Path, metavar="DIR", help="benchmark an existing folder of skills instead")
    ap.add_argument("--seed", type=int, default=1, help="corpus seed (default 1)")
    ap.add_argument("--runs", type=int, default=5, metavar="K", help="timed runs per tool (default 5)")
    ap.add_argument("--warmup", type=int, default=1, help="untimed warm-up runs per tool first (default 1)")
    ap.add_argument("--tools", default="skillkit,agnix,skills-ref", help="comma-separated subset to run")
    ap.add_argument("--single", action="store_true", help="one-skill latency (pre-commit case) instead of the tree")
    ap.add_argument("--single-runs", type=int, default=20, help="timed runs in --single mode (default 20)")
    ap.add_argument("--skill", type=Path, help="the skill folder for --single (default: the corpus' typical one)")
    ap.add_argument("--cold-cache", action="store_true",
                    help="also drop the corpus files from the OS page cache before every run")
    ap.add_argument("--no-warm-row", action="store_true", help="skip the 'skillkit, cache warm' re-run row")
    ap.add_argument("--peer-bin", type=Path, action="append", default=[], metavar="DIR",
                    help="folder holding agnix / agentskills (repeatable; then PATH, then /tmp/peers/bin)")
    ap.add_argument("--skillkit-bin", type=Path, help="skillkit executable (default: the one beside this Python)")
    ap.add_argument("--cache-dir", type=Path, default=Path(tempfile.gettempdir()) / "skillkit-bench",
                    help="where generated corpora and scratch folders live (default: $TMPDIR/skillkit-bench)")
    ap.add_argument("--json", type=Path, metavar="FILE", help="also write every raw measurement as JSON")
    args = ap.parse_args(argv)
    if args.runs < 1 or args.single_runs < 1 or args.warmup < 0:
        ap.error("--runs and --single-runs must be at least 1, --warmup at least 0")
    if args.path is not None and not args.path.is_dir():
        ap.error(f"--path {args.path}: not a folder")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]
    keys = [k.strip() for k in args.tools.split(",") if k.strip()]
    tools, missing = toolbox.find(keys, args.peer_bin, args.skillkit_bin)
    if args.path is not None:
        corpus = corpora.scan(args.path.resolve(), generated=False)
    else:
        print(f"preparing corpus of {args.skills or 10000} skills...", file=sys.stderr)
        corpus = corpora.generated(args.skills or 10000, args.seed, args.cache_dir)
    if not corpus.skills:
        print(f"run.py: error: no SKILL.md under {corpus.root}", file=sys.stderr)
        return 2
    before = {p.name for p in corpus.root.iterdir()}
    scratch = args.cache_dir / "scratch"
    bench = Bench(corpus, scratch, args.cold_cache)
    single = (args.skill or corpus.pick_single()).resolve() if args.single else None
    rows = [Row(t.single_label or t.label if single else t.label, t,
                t.single_cmd(single) if single else t.tree_cmd(corpus.root), fresh=True) for t in tools]
    runs = args.single_runs if single else args.runs

    print(f"machine: {os.cpu_count()} CPUs, {platform.platform()}, Python {platform.python_version()}, "
          f"load average {_load()}")
    print(f"corpus: {corpus.describe()}")
    if single:
        print(f"single skill: {single} ({(single / 'SKILL.md').stat().st_size:,} bytes SKILL.md)")
    for t, row in zip(tools, rows, strict=True):
        print(f"{t.key}: {t.version}; command: {' '.join(row.cmd)}")
    for msg in missing:
        print(f"skipped {msg}")
    warmup_note = f"{args.warmup} untimed warm-up run(s) per tool first" if args.warmup else "no warm-up run"
    cache_note = "OS page cache dropped before every run" if args.cold_cache else "OS page cache warm"
    print(f"runs: {runs} timed per tool, {warmup_note}, rounds interleaved; {cache_note}; "
          "result caches emptied before every run except in the 'cache warm' row\n", flush=True)

    bench.series(rows, runs, args.warmup)
    sk = next((r for r in rows if r.tool.key == "skillkit"), None)
    if sk is not None and not sk.failed and not args.no_warm_row:
        warm = Row("skillkit, cache warm", sk.tool, [*sk.cmd[:-1], "--cache", sk.cmd[-1]], fresh=False)
        bench.warm_series(warm, runs)
        rows.append(warm)
    agnix_files = _agnix_files(rows, bench) if not single else None

    unit = "ms" if single else "s"
    print()
    print_table(rows, 1 if single else len(corpus.skills),
                (single / "SKILL.md").stat().st_size if single else corpus.skill_md_bytes, unit)
    print()
    print_targets(rows, single is not None, len(corpus.skills))
    notes = _notes(rows, corpus, single, agnix_files, before)
    notes.append(f"load average at the end: {_load()} (other work on this machine skews the timings)")
    for note in notes:
        print(note)
    if args.json:
        _dump(args.json, rows, corpus, single)
    return 1 if any(r.failed for r in rows) else 0


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _agnix_files(rows: list[Row], bench: Bench) -> int | None:
    """agnix's text output has no count: one extra untimed --format json run says how many files it checked."""
    row = next((r for r in rows if r.tool.key == "agnix" and not r.failed), None)
    if row is None:
        return None
    check = Row("agnix-json", row.tool, [*row.cmd[:-1], "--format", "json", row.cmd[-1]], fresh=True)
    result = bench.once(check, "count", wipe=True, record=False)
    if result is None:
        return None
    try:
        return int(json.loads(result.stdout.read_text())["files_checked"])
    except (ValueError, KeyError, TypeError):
        return None


def _notes(rows: list[Row], corpus: corpora.Corpus, single: Path | None, agnix_files: int | None,
           before: set[str]) -> list[str]:
    notes = []
    expect = 1 if single else len(corpus.skills)
    for row in rows:
        if row.failed:
            notes.append(f"FAILED {row.label}: {row.failed}")
        elif row.counted is not None and row.counted != expect:
            notes.append(f"note: {row.label} says it checked {row.counted:,} skills; the corpus has {expect:,}")
    if agnix_files is not None:
        notes.append(f"note: agnix checked {agnix_files:,} files (its --format json files_checked: every "
                     f"SKILL.md plus other Markdown it recognises); the corpus has {corpus.files:,} files")
    if any(r.tool.key == "skills-ref" for r in rows) and not single:
        notes.append("note: skills-ref's CLI takes one skill per call, so on a tree it runs through its Python API "
                     "in one process (benchmarks/skills_ref_driver.py); it checks frontmatter only")
    new = sorted({p.name for p in corpus.root.iterdir()} - before)
    if new and not corpus.generated:
        notes.append(f"note: the tools left these in {corpus.root}: {', '.join(new)}")
    return notes


def _dump(path: Path, rows: list[Row], corpus: corpora.Corpus, single: Path | None) -> None:
    data = {"corpus": str(corpus.root), "skills": len(corpus.skills), "skill_md_bytes": corpus.skill_md_bytes,
            "single": str(single) if single else None, "cpus": os.cpu_count(),
            "rows": [{"label": r.label, "cmd": r.cmd, "version": r.tool.version, "walls_s": r.walls,
                      "peak_rss_bytes": r.peaks, "exit_codes": r.codes, "failed": r.failed} for r in rows]}
    path.write_text(json.dumps(data, indent=1) + "\n")


if __name__ == "__main__":
    sys.exit(main())
