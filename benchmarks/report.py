"""Print the benchmark's result table (medians) and how skillkit stands against the issue's targets."""

from __future__ import annotations

import statistics
from typing import Any


def _median(values: list[float]) -> float:
    return statistics.median(values)


def _skillkit(rows: list[Any]) -> Any | None:
    return next((r for r in rows if r.tool.key == "skillkit" and r.fresh and r.walls), None)


def print_table(rows: list[Any], skills: int, skill_md_bytes: int, unit: str) -> None:
    """tool | median wall | min | max | skills/s | MB/s | peak RSS | skillkit/tool ratio of median walls."""
    scale, places = (1000.0, 1) if unit == "ms" else (1.0, 3)
    base = _skillkit(rows)
    head = (f"{'tool':<32} {'median ' + unit:>10} {'min ' + unit:>9} {'max ' + unit:>9} {'skills/s':>9} "
            f"{'MB/s':>7} {'peak RSS MB':>11} {'skillkit/tool':>13}  runs")
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
              f"{skills / med:>9,.0f} {skill_md_bytes / 1e6 / med:>7.2f} {_median(row.peaks) / 1e6:>11.1f} "
              f"{ratio:>13}  {len(row.walls)}")
    print("(medians of the timed runs; skills/s and MB/s use the median wall time and the SKILL.md bytes; "
          "peak RSS = median over runs of the peak summed RSS of the whole process tree, 1 MB = 10^6 bytes; "
          "skillkit/tool < 1 means skillkit is faster)")


def print_targets(rows: list[Any], single: bool, skills: int) -> None:
    """The issue's three targets, each with the measured value and whether it is met on this corpus."""
    base = _skillkit(rows)
    if base is None:
        return
    sk = _median(base.walls)

    def verdict(ok: bool) -> str:
        return "met" if ok else "NOT met"

    if single:
        peer = next((r for r in rows if r.tool.key == "skills-ref" and r.walls), None)
        if peer is not None:
            ratio = sk / _median(peer.walls)
            print(f"target (one skill, pre-commit): skillkit {sk * 1000:.0f} ms vs skills-ref CLI "
                  f"{_median(peer.walls) * 1000:.0f} ms, ratio {ratio:.2f} (<= 1.0): {verdict(ratio <= 1.0)}")
        return
    agnix = next((r for r in rows if r.tool.key == "agnix" and r.walls), None)
    if agnix is not None:
        ratio = sk / _median(agnix.walls)
        print(f"target (tree of {skills:,}): skillkit {sk:.2f} s vs agnix {_median(agnix.walls):.2f} s, "
              f"ratio {ratio:.2f} (<= 1.0): {verdict(ratio <= 1.0)}")
    warm = next((r for r in rows if r.tool.key == "skillkit" and not r.fresh and r.walls), None)
    if warm is not None:
        w = _median(warm.walls)
        print(f"target (re-validate the unchanged tree of {skills:,} with the cache): {w:.2f} s (< 1 s): "
              f"{verdict(w < 1.0)}" + ("" if w < 0.8 * sk else "  [no speed-up over cold: no result cache yet?]"))
