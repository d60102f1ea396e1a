"""What to check and how loud for one skill: the target, the rule selection and severity overrides."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from skillkit.diagnostics import Severity, Target
from skillkit.ids import RuleId
from skillkit.record import Record
from skillkit.rules.base import Rule

# Syntax checks of code blocks start language tools: they run only with --check-code or when selected.
OPT_IN_RULES: Final = frozenset({RuleId.CODE_SYNTAX, RuleId.CODE_CHECK_SKIPPED})


class Options(Record):
    """What to check and how loud: target (None = auto), rule selection and severity overrides; `fixes`: whether each
    finding carries the fix its rule offers (worked out only for outputs that show them: ~9% of a real-skill run)."""

    __slots__ = ("target", "select", "ignore", "severity", "check_code", "fixes")

    def __init__(
        self,
        target: Target | None = None,
        select: frozenset[str] | None = None,
        ignore: frozenset[str] = frozenset(),
        severity: Mapping[str, Severity] | None = None,
        check_code: bool = False,
        fixes: bool = True,
    ) -> None:
        self.target: Final = target
        self.select: Final = select
        self.ignore: Final = ignore
        self.severity: Final[Mapping[str, Severity]] = {} if severity is None else severity
        self.check_code: Final = check_code
        self.fixes: Final = fixes

    def enabled(self, rule: Rule, target: Target) -> bool:
        if target not in rule.targets or rule.id in self.ignore:
            return False
        # Syntax checks of code blocks run tools: only with --check-code or when selected by id.
        if rule.id in OPT_IN_RULES and not self.check_code:
            return self.select is not None and rule.id in self.select
        return self.select is None or rule.id in self.select or rule.id == RuleId.INTERNAL_ERROR

    def severity_of(self, rule: Rule, target: Target) -> Severity:
        return self.severity.get(rule.id) or rule.severity_for(target)
