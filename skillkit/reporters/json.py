"""Machine report: the versioned JSON shape published as schemas/report.schema.json, written as skills finish."""

from __future__ import annotations

import io
from typing import Any, TextIO

from skillkit.diagnostics import Report
from skillkit.reporters import jsonstream
from skillkit.results import Run
from skillkit.version import __version__

REPORT_VERSION = 1


def write(run: Run, out: TextIO, *, colour: bool = False) -> None:
    def build(skills: list[Any]) -> dict[str, object]:
        # Called before the skills stream (only the text ahead of them is used) and after (the rest is final).
        problems = [d.as_dict() for d in run.problems()] if run.done else []
        s = run.tally.summary()
        return {
            "version": REPORT_VERSION,
            "tool": {"name": "skillkit", "version": __version__},
            "skills": skills,
            "problems": problems,
            "summary": {"skills": s.skills, "errors": s.errors, "warnings": s.warnings, "infos": s.infos},
        }

    jsonstream.write(out, build, (skill.as_dict() for skill in run.results()))


def render(report: Report, *, colour: bool = False) -> str:
    out = io.StringIO()
    write(Run.of(report), out)
    return out.getvalue()
