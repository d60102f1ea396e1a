"""Body rules and policy: the rule table, severity overrides (up to error), targets, inline suppression."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_cli, write_skill

import skillkit
from skillkit.diagnostics import Severity, Target
from skillkit.document import skill as document
from skillkit.document import suppression as suppress
from skillkit.rules import RULES

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO

BODY_RULES = {
    "table-not-a-table": E,
    "table-extra-cells": E,
    "table-missing-cells": W,
    "table-swallowed-line": W,
    "fence-unclosed": E,
    "fence-no-language": I,
    "fence-unknown-language": W,
    "link-target-missing": E,
    "link-outside-skill": W,
    "path-backslash": W,
    "link-anchor-missing": W,
    "path-missing": W,
    "file-orphan": I,
    "reference-chain": I,
    "claude-code-syntax": W,
    "code-syntax": W,
    "code-check-skipped": I,
    "suppression-unknown-rule": W,
}

NO_LANGUAGE = "# Code\n\n```\nplain\n```\n"


def test_rule_table() -> None:
    assert {rule_id: RULES[rule_id].severity for rule_id in BODY_RULES} == BODY_RULES
    assert RULES["claude-code-syntax"].targets == frozenset({Target.CLAUDE_AI, Target.API})
    for rule_id in BODY_RULES:
        assert RULES[rule_id].summary and RULES[rule_id].needs == "body"


@pytest.mark.parametrize("level", ["info", "warning", "error"])
def test_no_language_severity_is_configurable(tmp_path: Path, level: str) -> None:
    folder = write_skill(tmp_path, "plain-code", body=NO_LANGUAGE)
    report = skillkit.validate([folder], target="claude-ai", severity={"fence-no-language": level})
    [diag] = report.skills[0].diagnostics
    assert (diag.rule, diag.severity, diag.line, diag.column) == ("fence-no-language", Severity(level), 8, 1)
    assert report.exit_code() == (1 if level == "error" else 0)


def test_no_language_as_error_from_config_file(tmp_path: Path) -> None:
    write_skill(tmp_path, "plain-code", body=NO_LANGUAGE)
    (tmp_path / ".skillkit.toml").write_text('target = "claude-ai"\n[severity]\nfence-no-language = "error"\n', encoding="utf-8")
    done = run_cli("validate", ".", cwd=tmp_path)
    assert "error    fence-no-language" in done.stdout
    assert done.returncode == 1


def test_ignore_and_select_apply_to_body_rules(tmp_path: Path) -> None:
    folder = write_skill(tmp_path, "plain-code", body=NO_LANGUAGE + "\n[x](missing.md)\n")
    ignored = skillkit.validate([folder], target="claude-ai", ignore=["fence-no-language"])
    assert [d.rule for d in ignored.skills[0].diagnostics] == ["link-target-missing"]
    selected = skillkit.validate([folder], target="claude-ai", select=["fence-no-language"])
    assert [d.rule for d in selected.skills[0].diagnostics] == ["fence-no-language"]


def test_claude_code_syntax_only_for_upload_targets(tmp_path: Path) -> None:
    folder = write_skill(tmp_path, "injects", body="# Now\n\nToday: !`date`.\n")
    for target, expected in (("claude-ai", 1), ("api", 1), ("claude-code", 0), ("agentskills", 0)):
        report = skillkit.validate([folder], target=target)
        assert len([d for d in report.skills[0].diagnostics if d.rule == "claude-code-syntax"]) == expected, target


def _doc(tmp_path: Path, body: str) -> document.SkillDocument:
    folder = write_skill(tmp_path, "quiet", body=body)
    return document.load(folder / "SKILL.md", folder)


def test_suppression_spans(tmp_path: Path) -> None:
    body = (
        "# Q\n"  # line 6
        "<!-- skillkit-disable-next-line a, b -->\n"  # 7
        "x\n"  # 8
        "<!-- skillkit-disable c -->\n"  # 9
        "y\n"  # 10
        "<!-- skillkit-enable -->\n"  # 11
        "<!-- skillkit-disable -->\n"  # 12
        "z\n"  # 13
    )
    doc = _doc(tmp_path, body)
    spans = sorted((s.rule, s.first, s.last) for s in suppress.spans(doc))
    assert spans == [("*", 12, len(doc.lines)), ("a", 8, 8), ("b", 8, 8), ("c", 9, 11)]


def test_suppression_never_hides_crashes_or_other_files(tmp_path: Path) -> None:
    from skillkit.diagnostics import Finding

    doc = _doc(tmp_path, "# Q\n<!-- skillkit-disable -->\ntext\n")
    findings = [
        Finding("internal-error", "boom", 8, 1),
        Finding("fence-no-language", "x", 8, 1),
        Finding("file-orphan", "y", None, None, str(tmp_path / "quiet" / "x.txt")),
        Finding("frontmatter-missing", "before the directive", 1, 1),
    ]
    kept = suppress.apply(doc, findings)
    assert [f.rule for f in kept] == ["internal-error", "file-orphan", "frontmatter-missing"]


def test_directive_inside_code_is_ignored(tmp_path: Path) -> None:
    doc = _doc(tmp_path, "# Q\n\n```html\n<!-- skillkit-disable-next-line nope -->\n```\n")
    assert suppress.directives(doc) == []
