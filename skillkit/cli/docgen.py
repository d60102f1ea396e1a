"""Generated documentation and schemas: the rule list, docs/rules.md and schemas/*.json come from the code."""

from __future__ import annotations

import json
from pathlib import Path

from skillkit.diagnostics import ALL_TARGETS, Target
from skillkit.rules import RULES, Rule
from skillkit.schema.shape import json_schema, schema_file


def targets_text(rule: Rule) -> str:
    if rule.targets == ALL_TARGETS:
        return "all"
    return ", ".join(t.value for t in Target if t in rule.targets)


def severity_text(rule: Rule) -> str:
    text = rule.severity.value
    overrides = [f"{sev.value} for {t.value}" for t, sev in rule.per_target.items() if t in rule.targets]
    return text + (f" ({', '.join(overrides)})" if overrides else "")


def rules_table() -> str:
    width = max(len(r) for r in RULES)
    lines = [f"{'rule':<{width}}  {'severity':<8}  {'targets':<27}  {'fix':<6}  summary"]
    for rule in RULES.values():
        sev = rule.severity.value + ("*" if rule.per_target else "")
        lines.append(f"{rule.id:<{width}}  {sev:<8}  {targets_text(rule):<27}  {rule.fixable or '':<6}  {rule.summary}")
    lines.append("* severity differs per target: 'skillkit rules ID' says how")
    lines.append("fix: `skillkit fix` applies the safe fixes, and the unsafe ones with --unsafe")
    return "\n".join(lines) + "\n"


def fix_text(rule: Rule) -> str | None:
    """The rule's fix, as its docs state it: `Fix (safe):` or `Fix (unsafe, applied only with ...):`, then what it does."""
    if rule.fixable is None:
        return None
    kind = "safe" if rule.fixable == "safe" else "unsafe, applied only with `skillkit fix --unsafe`"
    return f"Fix ({kind}):\n{rule.fix_doc or ''}".rstrip()


def rule_text(rule: Rule) -> str:
    fix = fix_text(rule)
    fixable = f"  fix:      {rule.fixable}\n" if rule.fixable else ""
    return f"{rule.id}\n  severity: {severity_text(rule)}\n  targets:  {targets_text(rule)}\n{fixable}\n{rule.doc}\n" + (
        f"\n{fix}\n" if fix else ""
    )


def rules_markdown() -> str:
    out = [
        "# skillkit rules",
        "",
        "Generated from the rules' docstrings by `skillkit rules --markdown`; do not edit by hand.",
        "",
        "`skillkit fix` applies the fixes marked safe, and with `--unsafe` those marked unsafe too.",
        "",
        "| rule | severity | targets | fix | summary |",
        "| --- | --- | --- | --- | --- |",
    ]
    for rule in RULES.values():
        out.append(f"| [`{rule.id}`](#{rule.id}) | {severity_text(rule)} | {targets_text(rule)} | {rule.fixable or ''} | {rule.summary} |")
    for rule in RULES.values():
        out += ["", f"## {rule.id}", "", f"Severity: {severity_text(rule)}. Targets: {targets_text(rule)}.", "", rule.doc]
        fix = fix_text(rule)
        if fix:
            out += ["", fix]
    return "\n".join(out) + "\n"


def generated_files() -> dict[str, str]:
    """Every generated file, by path relative to the repository root."""
    files = {"docs/rules.md": rules_markdown()}
    for target in Target:
        files[f"schemas/{schema_file(target)}"] = json.dumps(json_schema(target), indent=2) + "\n"
    return files


def write_all(root: Path) -> list[str]:
    written = []
    for rel, content in generated_files().items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_text(encoding="utf-8") != content:
            path.write_text(content, encoding="utf-8")
            written.append(rel)
    return written


if __name__ == "__main__":
    for name in write_all(Path(__file__).resolve().parents[2]):
        print(f"wrote {name}")
