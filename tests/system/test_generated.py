"""Generated files are current, rules are documented, the frontmatter schemas agree with the validator, and the core stays free of typer."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import frontmatter as python_frontmatter
import jsonschema
import pytest

from skillkit.cli import docgen
from skillkit.rules import RULES

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("rel", sorted(docgen.generated_files()))
def test_generated_file_is_current(rel: str) -> None:
    expected = docgen.generated_files()[rel]
    assert (REPO / rel).read_text(encoding="utf-8") == expected, f"{rel} is stale: run python -m skillkit.cli.docgen"


def test_every_rule_is_documented_and_named_well() -> None:
    for rule_id, rule in RULES.items():
        assert rule_id == rule.id
        assert rule.id.replace("-", "").isalnum() and rule.id == rule.id.lower()
        assert len(rule.summary) > 20, rule.id


def test_frontmatter_schema_accepts_our_skill_and_rejects_extra_keys() -> None:
    post = python_frontmatter.load(REPO / "skills" / "otp-thinking" / "SKILL.md")
    schema = json.loads((REPO / "schemas" / "skill-frontmatter.schema.json").read_text())
    jsonschema.validate(post.metadata, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**post.metadata, "version": "1"}, schema)
    cc = json.loads((REPO / "schemas" / "skill-frontmatter.claude-code.schema.json").read_text())
    jsonschema.validate({**post.metadata, "argument-hint": "[file]", "effort": "high"}, cc)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**post.metadata, "effort": "extreme"}, cc)


def test_our_split_agrees_with_python_frontmatter_on_golden_cases() -> None:
    """python-frontmatter is the oracle for well-formed files: same keys and values."""
    from skillkit.document import skill as document

    checked = 0
    for path in sorted((REPO / "tests" / "cases").rglob("SKILL.md")):
        doc = document.load(path, path.parent)
        if doc.data is None or doc.findings:
            continue
        assert python_frontmatter.load(path).metadata == doc.data, path
        checked += 1
    assert checked >= 20


def test_core_never_imports_typer() -> None:
    code = "import sys, skillkit, skillkit.api, skillkit.reporters; skillkit.validate; assert 'typer' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)
