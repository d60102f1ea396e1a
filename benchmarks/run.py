"""Benchmark `skillkit validate` end to end on real skills, side by side with agnix and skills-ref: see benchmarks/README.md."""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus as corpora
import report
import sample as samples
import tools as toolbox
from bench import Bench, Row
from parse_paths import describe

HERE = Path(__file__).resolve().parent
SHARED_CORPUS = HERE.parents[1] / "shared" / "corpus"  # ../shared/corpus from the repository root
# Per mode: (timed runs, warm-up runs). A memory run of the whole registry takes a minute: once is enough.
DEFAULT_RUNS = {"tree": (5, 1), "single": (20, 1), "memory": (1, 0)}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                    help=f"folders of real skills (default: {SHARED_CORPUS} when present)")
    ap.add_argument("--path", type=Path, action="append", default=[], metavar="DIR", help="same as a PATH")
    ap.add_argument("--sample", type=int, metavar="N",
                    help="an evenly spaced sample of N skills (by sorted path), copied under --cache-dir")
    # --skills is the option's older name, still in the top-level README.
    ap.add_argument("--generated", "--skills", type=int, metavar="N", help="N generated skills instead of real ones")
    ap.add_argument("--seed", type=int, default=1, help="generated corpus seed (default 1)")
    mode = ap.add_mutually_exclusive_group()
    mode.add_argument("--single", nargs="?", const="", type=str, metavar="SKILL",
                      help="one-skill latency (pre-commit case): SKILL, or the corpus skill nearest the median size")
    mode.add_argument("--memory", action="store_true",
                      help="peak RSS of the process tree: skillkit alone, once --format json, once --format sarif")
    ap.add_argument("--runs", type=int, metavar="K", help="timed runs per tool (default 5; --single 20; --memory 1)")
    ap.add_argument("--warmup", type=int, help="untimed warm-up runs per tool first (default 1; --memory 0)")
    ap.add_argument("--tools", default="skillkit,agnix,skills-ref", help="comma-separated subset to run")
    ap.add_argument("--parse-paths", action=argparse.BooleanOptionalAction, default=None,
                    help="count the bodies each parse path takes (default: on, except with --single and --memory)")
    ap.add_argument("--cold-cache", action="store_true",
                    help="also drop the corpus files from the OS page cache before every run")
    ap.add_argument("--no-warm-row", action="store_true", help="skip the 'skillkit, cache warm' re-run row")
    ap.add_argument("--peer-bin", type=Path, action="append", default=[], metavar="DIR",
                    help="folder holding agnix / agentskills (repeatable; then PATH, then /tmp/peers/bin)")
    ap.add_argument("--skillkit-bin", type=Path, help="skillkit executable (default: the one beside this Python)")
    ap.add_argument("--cache-dir", type=Path, default=Path(tempfile.gettempdir()) / "skillkit-bench",
                    help="samples, generated corpora and scratch folders (default: $TMPDIR/skillkit-bench)")
    ap.add_argument("--json", type=Path, metavar="FILE", help="also write everything measured as JSON")
    args = ap.parse_args(argv)
    args.paths += args.path
    args.mode = "memory" if args.memory else "single" if args.single is not None else "tree"
    runs, warmup = DEFAULT_RUNS[args.mode]
    args.runs = runs if args.runs is None else args.runs
    args.warmup = warmup if args.warmup is None else args.warmup
    if args.parse_paths is None:
        args.parse_paths = args.mode == "tree"
    if args.runs < 1 or args.warmup < 0 or (args.sample is not None and args.sample < 1):
        ap.error("--runs and --sample must be at least 1, --warmup at least 0")
    if args.generated is not None and (args.paths or args.sample):
        ap.error("give folders of real skills (and --sample) or --generated N, not both")
    if args.generated is None and not args.paths:
        if not SHARED_CORPUS.is_dir():
            ap.error("give a folder of real skills (PATH), or --generated N")
        args.paths = [SHARED_CORPUS]
    for path in args.paths:
        if not path.is_dir():
            ap.error(f"{path}: not a folder")
    return args


def _corpus(args: argparse.Namespace) -> corpora.Corpus:
    if args.generated is not None:
        print(f"preparing a generated corpus of {args.generated} skills...", file=sys.stderr)
        return corpora.generated(args.generated, args.seed, args.cache_dir)
    print(f"finding the skills in {', '.join(map(str, args.paths))}...", file=sys.stderr)
    return samples.real(args.paths, args.sample, args.cache_dir)


def _rows(args: argparse.Namespace, tools: list[toolbox.Tool], corpus: corpora.Corpus,
          single: Path | None) -> list[Row]:
    if args.mode == "memory":
        sk = next(t for t in tools if t.key == "skillkit")
        out = args.cache_dir / "memory"
        out.mkdir(parents=True, exist_ok=True)
        # The report goes to a file, as in CI: a 60,000-skill report is tens of MB that no terminal should see.
        return [Row(f"skillkit --format {fmt}", sk,
                    [*sk.tree, "--format", fmt, "--output", str(out / f"report.{fmt}"), str(corpus.root)], fresh=True)
                for fmt in ("json", "sarif")]
    if single is not None:
        return [Row(t.single_label or t.label, t, t.single_cmd(single), fresh=True) for t in tools]
    return [Row(t.label, t, t.tree_cmd(corpus.root), fresh=True) for t in tools]


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]
    keys = ["skillkit"] if args.mode == "memory" else [k.strip() for k in args.tools.split(",") if k.strip()]
    tools, missing = toolbox.find(keys, args.peer_bin, args.skillkit_bin)
    if args.mode == "memory" and not tools:
        print(f"run.py: error: {missing[0]}", file=sys.stderr)
        return 2
    corpus = _corpus(args)
    if not corpus.skills:
        print(f"run.py: error: no SKILL.md under {corpus.root}", file=sys.stderr)
        return 2
    before = {p.name for p in corpus.root.iterdir()}
    single = None
    if args.mode == "single":
        single = (Path(args.single) if args.single else corpus.pick_single()).resolve()
        if corpora.skill_md_size(single) is None:
            print(f"run.py: error: --single {args.single}: no SKILL.md in that folder", file=sys.stderr)
            return 2
    bench = Bench(corpus, args.cache_dir / "scratch", args.cold_cache)
    rows = _rows(args, tools, corpus, single)
    head = _header(args, corpus, single, rows, missing)

    bench.series(rows, args.runs, args.warmup)
    sk = next((r for r in rows if r.tool.key == "skillkit"), None)
    if args.mode == "tree" and sk is not None and not sk.failed and not args.no_warm_row:
        warm = Row("skillkit, cache warm", sk.tool, [*sk.cmd[:-1], "--cache", sk.cmd[-1]], fresh=False)
        bench.warm_series(warm, args.runs)
        rows.append(warm)
    agnix_files = _agnix_files(rows, bench) if args.mode == "tree" else None
    parse = _parse_paths(corpus, tools) if args.parse_paths else None

    skills = 1 if single else len(corpus.skills)
    print()
    size = (corpora.skill_md_size(single) or 0) if single else corpus.skill_md_bytes
    report.print_table(rows, skills, size, "ms" if single else "s")
    ratios = report.ratios(rows)
    report.print_ratios(ratios)
    if parse is not None:
        print("\n".join(describe(parse)))
    print()
    found = report.targets(args.mode, rows, len(corpus.skills), _source(args, corpus, single), parse)
    report.print_targets(found)
    notes = _notes(rows, corpus, single, agnix_files, before, args)
    notes.append(f"load average at the end: {_load()} (other work on this machine skews the timings)")
    for note in notes:
        print(note)
    if args.json:
        data = {**head, "rows": [r.as_dict() for r in rows], "ratios": ratios, "parse_paths": parse,
                "agnix_files_checked": agnix_files, "targets": report.target_dicts(found), "notes": notes}
        args.json.write_text(json.dumps(data, indent=1) + "\n")
    return 1 if any(r.failed for r in rows) else 0


def _header(args: argparse.Namespace, corpus: corpora.Corpus, single: Path | None, rows: list[Row],
            missing: list[str]) -> dict[str, Any]:
    """Print what is measured, where and how; return the same facts for --json."""
    head = {"date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
            "command": shlex.join(sys.orig_argv), "cwd": os.getcwd(), "mode": args.mode,
            "cpus": os.cpu_count(), "cpus_usable": len(os.sched_getaffinity(0)),
            "platform": platform.platform(), "python": platform.python_version(), "load_average_start": _load(),
            "corpus": {"root": str(corpus.root), "kind": corpus.kind, "skills": len(corpus.skills),
                       "skill_md_bytes": corpus.skill_md_bytes, "files": corpus.files, "note": corpus.note},
            "single": str(single) if single else None, "runs": args.runs, "warmup": args.warmup,
            "cold_cache": args.cold_cache, "tools": {r.tool.key: r.tool.version for r in rows}, "skipped": missing}
    print(f"date: {head['date']}")
    print(f"command: {head['command']}  (in {head['cwd']})")
    print(f"machine: {head['cpus']} CPUs ({head['cpus_usable']} usable), {head['platform']}, "
          f"Python {head['python']}, load average {head['load_average_start']}")
    print(f"corpus: {corpus.describe()}")
    if single:
        print(f"single skill: {single} ({corpora.skill_md_size(single) or 0:,} bytes SKILL.md)")
    for row in rows:
        print(f"{row.label}: {row.tool.version}; command: {' '.join(row.cmd)}")
    for msg in missing:
        print(f"skipped {msg}")
    warmup_note = f"{args.warmup} untimed warm-up run(s) per tool first" if args.warmup else "no warm-up run"
    cache_note = "OS page cache dropped before every run" if args.cold_cache else "OS page cache warm"
    caches = "result caches emptied before every run" + (" except in the 'cache warm' row" if args.mode == "tree" else "")
    print(f"runs: {args.runs} timed per tool, {warmup_note}, rounds interleaved; {cache_note}; {caches}\n", flush=True)
    return head


def _source(args: argparse.Namespace, corpus: corpora.Corpus, single: Path | None) -> str:
    """The corpus (or the one skill) a target's verdict was measured on, in a few words."""
    if single is not None:
        return single.name
    if corpus.generated:
        return "generated"
    names = ", ".join(str(p) for p in args.paths)
    return f"a sample of {names}" if args.sample else names


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _parse_paths(corpus: corpora.Corpus, tools: list[toolbox.Tool]) -> dict[str, Any]:
    """Run parse_paths.py under skillkit's own Python, so it reads bodies with the skillkit that was timed."""
    sk = next((t for t in tools if t.key == "skillkit"), None)
    python = (toolbox.interpreter(Path(sk.tree[0])) if sk else None) or sys.executable
    print("counting parse paths...", file=sys.stderr)
    cmd = [python, str(HERE / "parse_paths.py"), "--json", str(corpus.root)]
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, check=False, stdin=subprocess.DEVNULL,
                             timeout=120 + len(corpus.skills) // 20)  # ~1 ms a body; far more means stuck
    except (OSError, subprocess.TimeoutExpired) as exc:
        return {"available": False, "error": f"{type(exc).__name__}: {exc}"}
    try:
        result: dict[str, Any] = json.loads(out.stdout)
    except ValueError:
        return {"available": False, "error": f"exit {out.returncode}: {out.stderr.strip()[-300:]}"}
    return result


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
           before: set[str], args: argparse.Namespace) -> list[str]:
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
    if args.mode == "memory":
        for fmt in ("json", "sarif"):
            report_file = args.cache_dir / "memory" / f"report.{fmt}"
            if report_file.is_file():
                notes.append(f"note: the {fmt} report is {report_file.stat().st_size / 1e6:.1f} MB ({report_file})")
    new = sorted({p.name for p in corpus.root.iterdir()} - before)
    if new and corpus.kind == "folder":
        notes.append(f"note: the tools left these in {corpus.root}: {', '.join(new)}")
    return notes


if __name__ == "__main__":
    sys.exit(main())
