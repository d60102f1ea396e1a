"""Print the benchmark's result table (medians), the ratios to each peer and the issue's targets as met / NOT met."""

from __future__ import annotations

import statistics
from dataclasses import asdict, dataclass
from typing import Any

MB = 1e6
# The targets, each set for one case: 2 cores, medians, side by side in one run.
TREE_SKILLS = 10_000
TREE_RATIO = 1.0  # skillkit / agnix wall time on 10,000 registry skills
SINGLE_RATIO = 0.6  # skillkit / `agentskills validate` on one typical skill
MEMORY_MB = 300.0  # peak RSS of the process tree on the whole registry, --format json and sarif
FAST_SHARE = 99.0  # % of real bodies the fast scanner parses without falling back
WARM_S = 1.0  # re-validating 10,000 unchanged skills with --cache


@dataclass
class Target:
    """One target: what was measured against which limit, whether it is met, and the case it is set for."""

    name: str
    value: float
    limit: str
    met: bool
    case: str
    this_run: str


def _median(values: list[float] | list[int]) -> float:
    return float(statistics.median(values))


def _peak_mb(row: Any) -> str:
    """The median of the runs' peaks that could be measured (a run of a few ms cannot be), in MB."""
    known = [p for p in row.peaks if p is not None]
    return f"{_median(known) / MB:.1f}" if known else "n/a"


def _skillkit(rows: list[Any]) -> Any | None:
    return next((r for r in rows if r.tool.key == "skillkit" and r.fresh and r.walls), None)


def print_table(rows: list[Any], skills: int, skill_md_bytes: int, unit: str) -> None:
    """tool | median wall | min | max | skills/s | MB/s | peak RSS | processes | skillkit/tool ratio."""
    scale, places = (1000.0, 1) if unit == "ms" else (1.0, 3)
    base = _skillkit(rows)
    head = (f"{'tool':<32} {'median ' + unit:>10} {'min ' + unit:>9} {'max ' + unit:>9} {'skills/s':>9} "
            f"{'MB/s':>7} {'peak RSS MB':>11} {'procs':>5} {'skillkit/tool':>13}  runs")
    print(head)
    print("-" * len(head))
    for row in rows:
        if not row.walls:
            print(f"{row.label:<32} {'FAILED':>10}  (see below)")
            continue
        med = _median(row.walls)
        ratio = "-" if row.tool.key == "skillkit" or base is None else f"{_median(base.walls) / med:.2f}"
        print(f"{row.label:<32} {med * scale:>10.{places}f} {min(row.walls) * scale:>9.{places}f} "
              f"{max(row.walls) * scale:>9.{places}f} "
              f"{skills / med:>9,.0f} {skill_md_bytes / MB / med:>7.2f} {_peak_mb(row):>11} "
              f"{max(row.procs):>5} {ratio:>13}  {len(row.walls)}")
    print("(medians of the timed runs; skills/s and MB/s use the median wall time and the SKILL.md bytes; "
          "peak RSS = median over runs of the peak summed RSS of the whole process tree, 1 MB = 10^6 bytes "
          "(n/a: too short to sample); "
          "procs = most processes in the tree at once; skillkit/tool < 1 means skillkit is faster)")


def ratios(rows: list[Any]) -> dict[str, float]:
    """skillkit's median wall time over each peer's, by row label."""
    base = _skillkit(rows)
    if base is None:
        return {}
    return {r.label: _median(base.walls) / _median(r.walls) for r in rows if r.tool.key != "skillkit" and r.walls}


def targets(mode: str, rows: list[Any], skills: int, source: str, parse: dict[str, Any] | None) -> list[Target]:
    """The issue's targets this run measures something for; `source` names the corpus for the verdict lines."""
    out: list[Target] = []
    base = _skillkit(rows)
    here = f"{skills:,} skills, {source}"
    peer = next((r for r in rows if r.tool.key == ("skills-ref" if mode == "single" else "agnix") and r.walls), None)
    if base is not None and peer is not None and mode in ("tree", "single"):
        ratio = _median(base.walls) / _median(peer.walls)
        if mode == "tree":
            out.append(Target("skillkit/agnix wall time", ratio, f"<= {TREE_RATIO}", ratio <= TREE_RATIO,
                              f"{TREE_SKILLS:,} registry skills", here))
        else:
            out.append(Target("skillkit/`agentskills validate` wall time", ratio, f"<= {SINGLE_RATIO}",
                              ratio <= SINGLE_RATIO, "one typical skill", source))
    warm = next((r for r in rows if r.tool.key == "skillkit" and not r.fresh and r.walls), None)
    if warm is not None:
        w = _median(warm.walls)
        out.append(Target("re-validate unchanged skills with --cache, s", w, f"< {WARM_S}", w < WARM_S,
                          f"{TREE_SKILLS:,} unchanged skills", here))
    for row in rows if mode == "memory" else []:
        known = [p for p in row.peaks if p is not None]
        if known:
            peak = max(known) / MB  # the worst run, not the median: a limit holds for every run
            out.append(Target(f"peak RSS of the process tree, {row.label}, MB", peak, f"< {MEMORY_MB:.0f}",
                              peak < MEMORY_MB, "the whole registry (~63,000 folders)", here))
    if parse and parse.get("available") and parse["bodies"]:
        share = parse["fast"] / parse["bodies"] * 100
        out.append(Target("bodies parsed by the fast scanner without fallback, %", share, f">= {FAST_SHARE:.0f}",
                          share >= FAST_SHARE, "real bodies of the sample", f"{parse['bodies']:,} bodies, {source}"))
    return out


def print_targets(found: list[Target]) -> None:
    if not found:
        return
    print("targets (verdict on this run; each target is set for the case in brackets):")
    for t in found:
        value = f"{t.value:.2f}" if t.value < 1000 else f"{t.value:,.0f}"
        print(f"  {t.name} {t.limit} [{t.case}]: {value} on {t.this_run} -> {'met' if t.met else 'NOT met'}")


def print_ratios(found: dict[str, float]) -> None:
    if found:
        print("ratios, skillkit median wall time / peer's: "
              + "; ".join(f"{label} {ratio:.2f}" for label, ratio in found.items()))


def target_dicts(found: list[Target]) -> list[dict[str, Any]]:
    return [asdict(t) for t in found]
