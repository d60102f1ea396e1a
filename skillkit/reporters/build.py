"""build-zip's reports: per skill its diagnostics (as `validate` prints them) and one status line, or the JSON shape."""

from __future__ import annotations

import zlib
from collections.abc import Sequence

from skillkit.diagnostics import Severity, Target
from skillkit.packaging.build import BuildResult
from skillkit.reporters import jsonstream
from skillkit.reporters.text import location
from skillkit.shown import printable
from skillkit.version import __version__
from skillkit.words import counted


def render_text(results: Sequence[BuildResult], *, check: bool = False) -> str:
    """Diagnostics per skill (as `validate` prints them), one status line per skill, then a summary."""
    lines: list[str] = []
    for r in results:
        if r.diagnostics:
            lines.append(f"{printable(r.path)}  ({printable(r.name or '(no name)')}, target {Target.CLAUDE_AI.value})")
            lines.extend(f"  {location(d)}  {d.severity.value:<7}  {d.rule}  {printable(d.message)}" for d in r.diagnostics)
        lines.append(_status_line(r))
        lines.append("")
    counts: dict[str, int] = {}
    for r in results:
        counts[r.status] = counts.get(r.status, 0) + 1
    lines.append(f"{counted(len(results), 'skill')}: " + ", ".join(f"{n} {status}" for status, n in sorted(counts.items())))
    return "\n".join(lines) + "\n"


def _status_line(r: BuildResult) -> str:
    n = len(r.entries)
    sizes = f"{counted(n, 'file')}, {r.compressed:,} bytes ({r.uncompressed:,} uncompressed), sha256 {r.sha256}"
    if r.status == "built":
        return f"built {printable(r.output or '')}: {sizes}"
    if r.status == "unchanged":
        return f"unchanged {printable(r.output or '')} (already identical): {sizes}"
    if r.status == "up-to-date":
        return f"up to date {printable(r.output or '')}: {sizes}"
    if r.status == "stale":
        return f"stale {printable(r.output or '')}: the source builds {sizes}"
    errors = sum(1 for d in r.diagnostics if d.severity is Severity.ERROR)
    return f"refused {printable(r.path)}: {counted(errors, 'error')}; nothing written"


def render_json(results: Sequence[BuildResult], *, check: bool = False) -> str:
    counts: dict[str, int] = {}
    for r in results:
        counts[r.status] = counts.get(r.status, 0) + 1
    doc = {
        "version": 1,
        "tool": {"name": "skillkit", "version": __version__},
        "command": "build-zip --check" if check else "build-zip",
        "zlib": zlib.ZLIB_RUNTIME_VERSION,
        "builds": [r.as_dict() for r in results],
        "summary": {"skills": len(results), **counts},
    }
    return jsonstream.dumps(doc) + "\n"  # undecodable file-name bytes escaped, as in every JSON report
