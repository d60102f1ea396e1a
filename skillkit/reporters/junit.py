"""JUnit XML for GitLab, Jenkins and other CI: one testsuite per run, one testcase per skill, failures carry diagnostics."""

from __future__ import annotations

import io
import re
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from typing import TextIO

from skillkit.diagnostics import Diagnostic, Report, Severity
from skillkit.ids import RuleId
from skillkit.reporters.jsonstream import SPOOL_BYTES
from skillkit.reporters.text import location
from skillkit.results import Run
from skillkit.shown import printable, printable_lines
from skillkit.words import counted

# Characters XML 1.0 cannot carry at all, even escaped; a skill's odd bytes must not break the report.
_ILLEGAL = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def write(run: Run, out: TextIO, *, colour: bool = False) -> None:
    # The suite's counts come ahead of its cases in the document: cases are spooled, then written after them.
    tests = failures = errors = 0
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES, mode="w+", encoding="utf-8") as store:
        for classname, name, file, diags in _cases(run):
            case, kind = _case(classname, name, file, diags)
            store.write(case + "\n")
            tests += 1
            failures += kind == "failure"
            errors += kind == "error"
        counts = f'tests="{tests}" failures="{failures}" errors="{errors}"'
        out.write(f'<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="skillkit" {counts}>\n')
        out.write(f'  <testsuite name="skillkit" {counts} skipped="0">\n')
        store.seek(0)
        shutil.copyfileobj(store, out)  # type: ignore[misc]  # a text file
    out.write("  </testsuite>\n</testsuites>\n")


def _cases(run: Run) -> Iterator[tuple[str, str, str, Sequence[Diagnostic]]]:
    for skill in run.results():
        yield f"skillkit.{skill.target.value}", skill.path, skill.file, skill.diagnostics
    by_file: dict[str, list[Diagnostic]] = {}
    for d in run.problems():
        by_file.setdefault(d.file, []).append(d)
    for file, diags in by_file.items():
        yield "skillkit.repository", file, file, diags


def render(report: Report, *, colour: bool = False) -> str:
    out = io.StringIO()
    write(Run.of(report), out)
    return out.getvalue()


def _case(classname: str, name: str, file: str, diags: Sequence[Diagnostic]) -> tuple[str, str]:
    head = f'    <testcase classname="{_attr(classname)}" name="{_attr(printable(name))}" file="{_attr(printable(file))}"'
    if not diags:
        return head + " />", "pass"
    body = _text("\n".join(f"{location(d)}  {d.severity.value}  {d.rule}  {printable_lines(d.message)}" for d in diags))
    crashed = any(d.rule == RuleId.INTERNAL_ERROR for d in diags)
    errors = sum(d.severity is Severity.ERROR for d in diags)
    if crashed:
        tag, kind = "error", "error"
    elif errors:
        tag, kind = "failure", "failure"
    else:
        return f"{head}>\n      <system-out>{body}</system-out>\n    </testcase>", "pass"
    message = _summary(diags)
    return f'{head}>\n      <{tag} type="{kind}" message="{_attr(message)}">{body}</{tag}>\n    </testcase>', kind


def _summary(diags: Sequence[Diagnostic]) -> str:
    parts = []
    for sev in Severity:
        n = sum(d.severity is sev for d in diags)
        if n:
            parts.append(counted(n, sev.value))
    return ", ".join(parts)


def _text(value: str) -> str:
    return _ILLEGAL.sub("\ufffd", value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attr(value: str) -> str:
    return _text(value).replace('"', "&quot;").replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
