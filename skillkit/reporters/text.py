"""Human report: findings grouped per file as `path:line:col  severity  rule-id  message`, then a summary line."""

from __future__ import annotations

import io
from typing import TextIO

from skillkit.diagnostics import Diagnostic, Report, Severity
from skillkit.results import Run, Tally
from skillkit.shown import printable
from skillkit.words import counted

_COLOURS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}


def _paint(text: str, code: str, colour: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if colour else text


def location(d: Diagnostic) -> str:
    """`file:line:col` as people read it, the file name escaped (every human-readable format shows it this way)."""
    if d.line is None:
        return printable(d.file)
    return f"{printable(d.file)}:{d.line}:{d.column or 1}"


def write(run: Run, out: TextIO, *, colour: bool = False) -> None:
    for skill in run.results():
        if not skill.diagnostics:
            continue
        by_file: dict[str, list[Diagnostic]] = {}
        for d in skill.diagnostics:
            by_file.setdefault(d.file, []).append(d)
        lines: list[str] = []
        for file, diags in by_file.items():
            label = f"{printable(skill.name or '(no name)')}, target {skill.target.value}"
            lines.append(_paint(printable(file), "1", colour) + f"  ({label})")
            lines.extend(_line(d, colour) for d in diags)
            lines.append("")
        out.write("\n".join(lines) + "\n")
    problems = run.problems()
    if problems:
        lines = [_paint("(repository)", "1", colour), *(_line(d, colour) for d in problems), ""]
        out.write("\n".join(lines) + "\n")
    out.write(tally_line(run.tally) + "\n")


def render(report: Report, *, colour: bool = False) -> str:
    out = io.StringIO()
    write(Run.of(report), out, colour=colour)
    return out.getvalue()


def _line(d: Diagnostic, colour: bool) -> str:
    sev = _paint(f"{d.severity.value:<7}", _COLOURS[d.severity], colour)
    return f"  {location(d)}  {sev}  {d.rule}  {printable(d.message)}"


def summary_line(report: Report) -> str:
    run = Run.of(report)
    for _ in run.results():
        pass
    run.problems()
    return tally_line(run.tally)


def tally_line(tally: Tally) -> str:
    s = tally.summary()
    target_text = ", ".join(f"{name} x{n}" if n > 1 else name for name, n in sorted(tally.targets.items()))
    checked = f"{counted(s.skills, 'skill')} checked" + (f" (target {target_text})" if target_text else "")
    if not (s.errors or s.warnings or s.infos):
        return f"{checked}: no problems"
    parts = [counted(s.errors, "error"), counted(s.warnings, "warning"), counted(s.infos, "info")]
    return f"{checked}, {tally.invalid} invalid: " + ", ".join(parts)
