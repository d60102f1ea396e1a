"""GitHub Actions workflow commands: one `::error file=…,line=…,col=…,title=…::message` per finding, then a summary."""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import TextIO

from skillkit.diagnostics import Diagnostic, Report, Severity
from skillkit.reporters.locations import repo_base, under
from skillkit.reporters.text import tally_line
from skillkit.results import Run
from skillkit.shown import printable

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def write(run: Run, out: TextIO, *, colour: bool = False, root: str | os.PathLike[str] | None = None) -> None:
    """Annotations with paths relative to `root` (default: the git top folder, else the cwd), as GitHub expects."""
    base = repo_base(root)
    for skill in run.results():
        out.writelines(command(d, base) + "\n" for d in skill.diagnostics)
    out.writelines(command(d, base) + "\n" for d in run.problems())
    out.write(tally_line(run.tally) + "\n")


def render(report: Report, *, colour: bool = False, root: str | os.PathLike[str] | None = None) -> str:
    out = io.StringIO()
    write(Run.of(report), out, root=root)
    return out.getvalue()


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
