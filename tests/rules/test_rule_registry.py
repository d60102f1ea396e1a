"""The rule registry against the golden cases and the sources: every rule has a case, every id is written once.

- Every rule in `skillkit.rules.RULES` is triggered by at least one golden case (tests/cases/*/expected.txt),
  and the cases name no id that is not registered.
- `skillkit.ids.RuleId` and `RULES` hold the same ids, and no module of the package but skillkit/ids.py
  holds a string literal equal to a rule id (docstrings aside): code names `RuleId` members instead.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import skillkit
from skillkit.ids import RuleId
from skillkit.rules import RULES

CASES = Path(__file__).parents[1] / "cases"
PACKAGE = Path(skillkit.__file__).resolve().parent
# `path[:line:col]  severity  rule-id  message`; a path may hold spaces, so the first severity word splits it.
LINE = re.compile(r"^(?P<where>.+?)\s+(?P<severity>error|warning|info)\s+(?P<rule>\S+)\s+(?P<message>\S.*)$")


def case_rules(cases: Path = CASES) -> dict[str, set[str]]:
    """The rule ids each golden case expects (and names in a `# crash:` header), by case folder name."""
    out: dict[str, set[str]] = {}
    for expected in sorted(cases.glob("*/expected.txt")):
        ids: set[str] = set()
        for raw in expected.read_text(encoding="utf-8").splitlines():
            if raw.startswith("# ") and ":" in raw:
                key, value = raw[2:].split(":", 1)
                if key.strip() == "crash":
                    ids.add(value.strip())
                continue
            if not raw.strip():
                continue
            m = LINE.match(raw.strip())
            assert m, f"{expected.relative_to(cases)}: not a diagnostic line: {raw!r}"
            ids.add(m.group("rule"))
        out[expected.parent.name] = ids
    return out


def test_every_rule_has_a_golden_case_and_cases_name_only_rules() -> None:
    by_case = case_rules()
    assert len(by_case) > 50, "golden cases not found"
    unknown = {case: sorted(ids - set(RULES)) for case, ids in by_case.items() if ids - set(RULES)}
    assert not unknown, f"golden cases name unregistered rule ids: {unknown}"
    triggered = set().union(*by_case.values())
    untested = sorted(set(RULES) - triggered)
    assert not untested, f"{len(untested)} registered rules have no golden case that triggers them: {' '.join(untested)}"


def test_rule_ids_are_the_registry_and_are_written_once() -> None:
    members = {member.value: member for member in RuleId}
    assert sorted(set(members) - set(RULES)) == [], "RuleId members without a registered rule"
    assert sorted(set(RULES) - set(members)) == [], "registered rules whose id is not a RuleId member"
    for key, rule in RULES.items():
        assert rule.id is members[key], f"RULES[{key!r}].id is {rule.id!r}, not the RuleId member"
    literals = [
        f"{path.relative_to(PACKAGE.parent).as_posix()}:{line}: {text!r}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if path != PACKAGE / "ids.py"
        for line, text in string_literals(path)
        if text in members
    ]
    assert not literals, "rule ids written as string literals (use the skillkit.ids.RuleId member):\n" + "\n".join(literals)


def string_literals(path: Path) -> list[tuple[int, str]]:
    """(line, text) of every string constant in a module, docstrings and other bare string statements excepted."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    bare = {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)}
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in bare
    ]


def test_the_fix_modules_are_every_rules_fix_file() -> None:
    # They load on first use (rules.base.fixers): one left out of the list would silently offer no fix.
    from skillkit.rules.base import FIX_MODULES, fixers

    on_disk = sorted(p.stem for p in (Path(skillkit.__file__).parent / "rules").glob("fix_*.py"))
    assert sorted(FIX_MODULES) == on_disk
    assert RuleId.YAML_SYNTAX in fixers() and RuleId.FENCE_UNCLOSED in fixers()
