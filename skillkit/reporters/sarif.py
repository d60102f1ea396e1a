"""SARIF 2.1.0 for GitHub code scanning: every rule in tool.driver.rules, results on their file, line and column."""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import quote

from skillkit.diagnostics import Diagnostic, Report, Severity
from skillkit.reporters import jsonstream
from skillkit.reporters.locations import repo_base, under
from skillkit.results import Run
from skillkit.rules import RULES, Rule
from skillkit.version import __version__

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
SRCROOT = "%SRCROOT%"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def write(run: Run, out: TextIO, *, colour: bool = False, root: str | os.PathLike[str] | None = None) -> None:
    """The run as one SARIF run; paths are relative to `root` (default: the git top folder, else the cwd)."""
    base = repo_base(root)
    index = {rule_id: i for i, rule_id in enumerate(RULES)}

    def results() -> Iterator[dict[str, object]]:
        for skill in run.results():
            for d in skill.diagnostics:
                yield _result(d, index, base)
        for d in run.problems():
            yield _result(d, index, base)

    # The run's outcome comes ahead of its results in the document: results are spooled, then written after it.
    jsonstream.write(out, lambda placed: _document(placed, base, failed=run.tally.crashed), results(), spool=True)


def render(report: Report, *, colour: bool = False, root: str | os.PathLike[str] | None = None) -> str:
    out = io.StringIO()
    write(Run.of(report), out, root=root)
    return out.getvalue()


def _document(results: list[Any], base: Path, *, failed: bool) -> dict[str, object]:
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
    # Percent-encoded from the file name's own bytes, so a name that is not UTF-8 still makes a valid URI.
    return {"uri": quote(os.fsencode(rel), safe="/"), "uriBaseId": SRCROOT}


def _pascal(rule_id: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[-_]", rule_id))


def _plain(doc: str) -> str:
    # Rule docs are Markdown; the text form keeps the words and drops only the code backticks.
    return doc.replace("`", "")
