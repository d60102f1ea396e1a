"""JUnit XML for GitLab, Jenkins and other CI: one testsuite per run, one testcase per skill, failures carry diagnostics."""

from __future__ import annotations

import re
from collections.abc import Sequence

from skillkit.diagnostics import Diagnostic, Report, Severity
from skillkit.ids import RuleId
from skillkit.reporters.text import location
from skillkit.words import counted

# Characters XML 1.0 cannot carry at all, even escaped; a skill's odd bytes must not break the report.
_ILLEGAL = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def render(report: Report, *, colour: bool = False) -> str:
    cases: list[str] = []
    failures = errors = 0
    for skill in report.skills:
        case, kind = _case(f"skillkit.{skill.target.value}", skill.path, skill.file, skill.diagnostics)
        cases.append(case)
        failures += kind == "failure"
        errors += kind == "error"
    by_file: dict[str, list[Diagnostic]] = {}
    for d in report.problems:
        by_file.setdefault(d.file, []).append(d)
    for file, diags in by_file.items():
        case, kind = _case("skillkit.repository", file, file, diags)
        cases.append(case)
        failures += kind == "failure"
        errors += kind == "error"
    counts = f'tests="{len(cases)}" failures="{failures}" errors="{errors}"'
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<testsuites name="skillkit" {counts}>',
        f'  <testsuite name="skillkit" {counts} skipped="0">',
        *cases,
        "  </testsuite>",
        "</testsuites>",
    ]
    return "\n".join(out) + "\n"


def _case(classname: str, name: str, file: str, diags: Sequence[Diagnostic]) -> tuple[str, str]:
    head = f'    <testcase classname="{_attr(classname)}" name="{_attr(name)}" file="{_attr(file)}"'
    if not diags:
        return head + " />", "pass"
    body = _text("\n".join(f"{location(d)}  {d.severity.value}  {d.rule}  {d.message}" for d in diags))
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
