"""Machine report: the versioned JSON shape published as schemas/report.schema.json."""

from __future__ import annotations

import json

from skillkit.diagnostics import Report
from skillkit.version import __version__

REPORT_VERSION = 1


def as_dict(report: Report) -> dict[str, object]:
    s = report.summary()
    return {
        "version": REPORT_VERSION,
        "tool": {"name": "skillkit", "version": __version__},
        "skills": [skill.as_dict() for skill in report.skills],
        "problems": [d.as_dict() for d in report.problems],
        "summary": {"skills": s.skills, "errors": s.errors, "warnings": s.warnings, "infos": s.infos},
    }


def render(report: Report, *, colour: bool = False) -> str:
    return json.dumps(as_dict(report), indent=2, ensure_ascii=False) + "\n"
