"""GitHub Actions workflow commands that fit GitHub: `::error file=…,line=…,col=…,title=…::message` annotations,
errors before warnings, at most as many of each as GitHub shows for one step; every other finding listed in the log
(in a collapsed group, ranked as the text report ranks them); a Markdown step summary when asked for; then the
summary line.

GitHub's limits for annotations made by workflow commands (actions/toolkit, docs/problem-matchers.md, "Limitations"):
10 error, 10 warning and 10 notice annotations per step, 50 per job. More are accepted in the log but not shown.
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import TextIO

from skillkit.diagnostics import Diagnostic, Report, Severity
from skillkit.reporters.locations import repo_base, under
from skillkit.reporters.summary import markdown
from skillkit.reporters.text import Listing, baseline_line, tally_line
from skillkit.results import Run
from skillkit.shown import printable
from skillkit.words import many

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
PER_STEP = 10  # GitHub shows 10 annotations of each kind per step (and 50 per job)
GROUP = "findings not shown as annotations"


def write(
    run: Run,
    out: TextIO,
    *,
    colour: bool = False,
    root: str | os.PathLike[str] | None = None,
    least: Severity = Severity.INFO,
    limit: int = PER_STEP,
    notices: bool = False,
    summary: TextIO | None = None,
) -> None:
    """Annotations with paths relative to `root` (default: the git top folder, else the cwd), as GitHub expects.

    `limit` annotations of each severity at most (the first ones of the run); infos are annotated only with
    `notices`. Findings not annotated go to the log as text lines, findings less severe than `least` nowhere
    (the summary line and the step summary still count them). `summary` gets the Markdown step summary.
    """
    base = repo_base(root)
    held: dict[Severity, list[str]] = {sev: [] for sev in Severity}
    annotated = {Severity.ERROR: True, Severity.WARNING: True, Severity.INFO: notices}

    def listed(d: Diagnostic) -> bool:
        """False for a finding that becomes an annotation (it is held, at most `limit` per severity)."""
        if d.severity.rank < least.rank:
            return False
        kept = held[d.severity]
        if annotated[d.severity] and len(kept) < limit:
            kept.append(command(d, base))
            return False
        return True

    def open_group() -> None:
        out.write(f"::group::{GROUP}\n")

    listing = Listing(out, colour=False, keep=listed, start=open_group, guard=inert)
    for skill in run.results():
        listing.skill(skill)
    listing.problems(run.problems())
    listing.finish()
    if listing.started:
        out.write("::endgroup::\n")
    for sev in Severity:
        out.writelines(line + "\n" for line in held[sev])
    shown = {sev: len(held[sev]) for sev in Severity}
    note = _not_annotated(run, shown, least, limit, notices)
    if note:
        out.write(note + "\n")
    line = baseline_line(run.tally)
    if line:
        out.write(line + "\n")
    out.write(tally_line(run.tally) + "\n")
    if summary is not None:
        summary.write(markdown(run.tally, annotated=shown, limit=limit))


def render(
    report: Report,
    *,
    colour: bool = False,
    root: str | os.PathLike[str] | None = None,
    least: Severity = Severity.INFO,
    limit: int = PER_STEP,
    notices: bool = False,
) -> str:
    out = io.StringIO()
    write(Run.of(report), out, root=root, least=least, limit=limit, notices=notices)
    return out.getvalue()


def _not_annotated(run: Run, shown: dict[Severity, int], least: Severity, limit: int, notices: bool) -> str | None:
    """One line saying how many findings the log lists instead of annotating, and why, when there are some."""
    rest = {sev: run.tally.counts[sev] - shown[sev] for sev in Severity if sev.rank >= least.rank}
    parts = [many(n, sev.value) for sev, n in rest.items() if n]
    if not parts:
        return None
    capped = any(n and shown[sev] >= limit for sev, n in rest.items() if notices or sev is not Severity.INFO)
    why = ""
    if capped:
        why = f" (GitHub shows {limit} annotations of each kind per step)" if limit == PER_STEP else f" (--max-annotations {limit})"
    return f'not annotated: {", ".join(parts)}{why}; listed in the group "{GROUP}" above'


def inert(block: str) -> str:
    """Log text that the runner cannot take for a command: it reads a line as one when, leading whitespace
    trimmed, it starts with `::` (or the older `##[`), so a file named `::error file=x::y` could forge one. The
    first character of such a line is written as its escape, as `printable` writes what it must not show raw."""
    if "::" not in block and "##[" not in block:
        return block
    lines = block.splitlines(keepends=True)
    for i, line in enumerate(lines):
        text = line.lstrip()
        if text.startswith(("::", "##[")):
            lines[i] = line[: len(line) - len(text)] + f"\\x{ord(text[0]):02x}" + text[1:]
    return "".join(lines)


def command(d: Diagnostic, base: Path) -> str:
    props = [f"file={_property(relative(d.file, base))}"]
    if d.line is not None:
        props += [f"line={d.line}", f"col={d.column or 1}"]
    props.append(f"title={_property(f'skillkit {d.rule}')}")
    return f"::{COMMANDS[d.severity]} {','.join(props)}::{_data(d.message)}"


def relative(file: str, base: Path) -> str:
    absolute, rel = under(file, base)
    return rel if rel is not None else absolute.as_posix()


def _data(text: str) -> str:
    # The runner's own escaping first (toolkit/core command.ts): without it a newline would end the command early
    # and forge another; then every other control character escaped as in every human-readable format.
    return printable(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")
