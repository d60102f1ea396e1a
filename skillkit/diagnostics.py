"""Problems as values: severities, findings, diagnostics, per-skill results and the whole report."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from skillkit.edits import Fix
from skillkit.ids import RuleId


class Severity(str, enum.Enum):
    """How bad a diagnostic is; ordered error > warning > info."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {Severity.ERROR: 2, Severity.WARNING: 1, Severity.INFO: 0}


class Target(str, enum.Enum):
    """Where the skill is going; decides which keys and limits apply."""

    CLAUDE_AI = "claude-ai"
    API = "api"
    CLAUDE_CODE = "claude-code"
    AGENTSKILLS = "agentskills"


ALL_TARGETS: frozenset[Target] = frozenset(Target)


@dataclass(frozen=True, slots=True)
class Finding:
    """What a check saw, before policy (severity, suppression) turns it into a Diagnostic.

    `file` is None for the skill's SKILL.md; other files are given as absolute paths. `fix`: the edit the rule
    offers for it, if any (skillkit.edits).
    """

    rule: RuleId
    message: str
    line: int | None = None
    column: int | None = None
    file: str | None = None
    fix: Fix | None = None


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One reported problem: frozen when made, severity included."""

    rule: str
    severity: Severity
    message: str
    file: str
    line: int | None = None
    column: int | None = None
    fix: Fix | None = None  # its edits name files as reports show them

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.file, self.line or 0, self.column or 0, self.rule, self.message)

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "rule": self.rule,
            "severity": self.severity.value,
            "message": self.message,
            "file": self.file,
            "line": self.line,
            "column": self.column,
        }
        if self.fix is not None:  # only then: a report without fixes keeps its bytes
            out["fix"] = self.fix.as_dict()
        return out


@dataclass(frozen=True, slots=True)
class SkillResult:
    """Everything found in one skill, with the target that was applied."""

    path: str
    file: str
    name: str | None
    target: Target
    diagnostics: tuple[Diagnostic, ...]

    @property
    def valid(self) -> bool:
        return not any(d.severity is Severity.ERROR for d in self.diagnostics)

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "file": self.file,
            "name": self.name,
            "target": self.target.value,
            "valid": self.valid,
            "diagnostics": [d.as_dict() for d in self.diagnostics],
        }


@dataclass(frozen=True, slots=True)
class Summary:
    """Counts over a whole report."""

    skills: int
    errors: int
    warnings: int
    infos: int


@dataclass(slots=True)
class Report:
    """The result of one run: a result per skill plus problems that belong to no single skill."""

    skills: list[SkillResult] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)

    def all_diagnostics(self) -> list[Diagnostic]:
        out = [d for s in self.skills for d in s.diagnostics]
        out.extend(self.problems)
        return out

    def summary(self) -> Summary:
        counts = {sev: 0 for sev in Severity}
        for d in self.all_diagnostics():
            counts[d.severity] += 1
        return Summary(
            skills=len(self.skills),
            errors=counts[Severity.ERROR],
            warnings=counts[Severity.WARNING],
            infos=counts[Severity.INFO],
        )

    def exit_code(self, *, strict: bool = False) -> int:
        """0 clean, 1 errors (or warnings when strict), 2 an internal error stopped a check."""
        s = self.summary()
        crashed = any(d.rule == RuleId.INTERNAL_ERROR for d in self.all_diagnostics())
        return exit_code(crashed=crashed, failed=bool(s.errors or (strict and s.warnings)))


EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_UNCHECKED = 2


def exit_code(*, crashed: bool, failed: bool) -> int:
    """The one mapping of a run to its exit code: 2 when a check crashed (an internal error: the run could not
    check everything), else 1 when the run failed by its own measure (errors, or a refused build), else 0."""
    if crashed:
        return EXIT_UNCHECKED
    return EXIT_FINDINGS if failed else EXIT_OK


class UsageError(Exception):
    """The run could not start or found nothing to check (exit 2); the message is one line."""
