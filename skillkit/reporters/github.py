"""GitHub Actions workflow commands: one `::error file=…,line=…,col=…,title=…::message` per finding, then a summary."""

from __future__ import annotations

import os
from pathlib import Path

from skillkit.diagnostics import Diagnostic, Report, Severity
from skillkit.reporters.locations import repo_base, under
from skillkit.reporters.text import summary_line

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def render(report: Report, *, colour: bool = False, root: str | os.PathLike[str] | None = None) -> str:
    """Annotations with paths relative to `root` (default: the git top folder, else the cwd), as GitHub expects."""
    base = repo_base(root)
    lines = [command(d, base) for d in report.all_diagnostics()]
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"


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
    # The runner's escaping (toolkit/core command.ts): without it a newline would end the command early.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")
