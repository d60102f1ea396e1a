"""Golden cases: every folder under tests/cases is a small skill tree with the exact diagnostics it must produce.

A case folder holds one or more skill folders and `expected.txt`. Optional header lines in
expected.txt set options (`# target: claude-ai`, and `# applied-target: claude-code` to assert what
`auto` chose); every other non-blank line is one diagnostic,
`path:line:col  severity  rule-id  message` (as the text reporter prints it), paths relative to the
case folder. An empty list of diagnostics means the case must be clean.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import skillkit
from skillkit.reporters.text import location

CASES = Path(__file__).parent / "cases"


def _cases() -> list[Path]:
    return sorted(p for p in CASES.iterdir() if (p / "expected.txt").is_file())


def _parse_expected(path: Path) -> tuple[dict[str, str], list[str]]:
    options: dict[str, str] = {}
    lines: list[str] = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        if raw.startswith("# ") and ":" in raw:
            key, value = raw[2:].split(":", 1)
            options[key.strip()] = value.strip()
        elif raw.strip():
            lines.append(" ".join(raw.split()))
    return options, lines


@pytest.mark.parametrize("case", _cases(), ids=lambda p: p.name)
def test_case(case: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    options, expected = _parse_expected(case / "expected.txt")
    monkeypatch.chdir(case)
    report = skillkit.validate(["."], target=options.get("target", "auto"))
    got = [
        " ".join(f"{location(d)}  {d.severity.value}  {d.rule}  {d.message}".split())
        for skill in report.skills
        for d in skill.diagnostics
    ]
    assert got == expected
    if "applied-target" in options:
        assert {skill.target.value for skill in report.skills} == {options["applied-target"]}
