"""SARIF 2.1.0 for GitHub code scanning: every rule in tool.driver.rules, results on their file, line and column."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from urllib.parse import quote

from skillkit.diagnostics import Diagnostic, Report, Severity
from skillkit.ids import RuleId
from skillkit.reporters.locations import repo_base, under
from skillkit.rules import RULES, Rule
from skillkit.version import __version__

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
SRCROOT = "%SRCROOT%"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def render(report: Report, *, colour: bool = False, root: str | os.PathLike[str] | None = None) -> str:
    """The report as one SARIF run; paths are relative to `root` (default: the git top folder, else the cwd)."""
    return json.dumps(as_dict(report, root=root), indent=2, ensure_ascii=False) + "\n"


def as_dict(report: Report, *, root: str | os.PathLike[str] | None = None) -> dict[str, object]:
    base = repo_base(root)
    index = {rule_id: i for i, rule_id in enumerate(RULES)}
    results = [_result(d, index, base) for d in report.all_diagnostics()]
    failed = any(d.rule == RuleId.INTERNAL_ERROR for d in report.all_diagnostics())
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "skillkit",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "rules": [_rule(rule) for rule in RULES.values()],
                    }
                },
                "originalUriBaseIds": {SRCROOT: {"uri": base.as_uri().rstrip("/") + "/"}},
                "invocations": [{"executionSuccessful": not failed}],
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def _rule(rule: Rule) -> dict[str, object]:
    targets = sorted(t.value for t in rule.targets)
    return {
        "id": rule.id,
        "name": _pascal(rule.id),
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": _plain(rule.doc)},
        "help": {"text": _plain(rule.doc), "markdown": rule.doc},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"tags": ["claude-skills", *targets]},
    }


def _result(d: Diagnostic, index: dict[str, int], base: Path) -> dict[str, object]:
    location: dict[str, object] = {"artifactLocation": artifact(d.file, base)}
    if d.line is not None:
        location["region"] = {"startLine": d.line, "startColumn": d.column or 1}
    result: dict[str, object] = {"ruleId": d.rule}
    if d.rule in index:
        result["ruleIndex"] = index[d.rule]
    result.update(
        {
            "level": LEVELS[d.severity],
            "message": {"text": d.message},
            "locations": [{"physicalLocation": location}],
        }
    )
    return result


def artifact(file: str, base: Path) -> dict[str, str]:
    """A file as a URI relative to %SRCROOT% when it is under the root, else as an absolute file URI."""
    absolute, rel = under(file, base)
    if rel is None:
        return {"uri": absolute.as_uri()}
    return {"uri": quote(rel, safe="/"), "uriBaseId": SRCROOT}


def _pascal(rule_id: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[-_]", rule_id))


def _plain(doc: str) -> str:
    # Rule docs are Markdown; the text form keeps the words and drops only the code backticks.
    return doc.replace("`", "")
