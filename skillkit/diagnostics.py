"""Problems as values: severities, findings, diagnostics, per-skill results and the whole report."""

from __future__ import annotations

import enum
from typing import Final

from skillkit.edits import Fix
from skillkit.ids import RuleId
from skillkit.record import Record


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


class Finding(Record):
    """What a check saw, before policy (severity, suppression) turns it into a Diagnostic.

    `file` is None for the skill's SKILL.md; other files are given as absolute paths. `fix`: the edit the rule
    offers for it, if any (skillkit.edits).
    """

    __slots__ = ("rule", "message", "line", "column", "file", "fix")

    def __init__(
        self,
        rule: RuleId,
        message: str,
        line: int | None = None,
        column: int | None = None,
        file: str | None = None,
        fix: Fix | None = None,
    ) -> None:
        self.rule: Final = rule
        self.message: Final = message
        self.line: Final = line
        self.column: Final = column
        self.file: Final = file
        self.fix: Final = fix


class Diagnostic(Record):
    """One reported problem: frozen when made, severity included."""

    __slots__ = ("rule", "severity", "message", "file", "line", "column", "fix")

    def __init__(
        self,
        rule: str,
        severity: Severity,
        message: str,
        file: str,
        line: int | None = None,
        column: int | None = None,
        fix: Fix | None = None,
    ) -> None:
        self.rule: Final = rule
        self.severity: Final = severity
        self.message: Final = message
        self.file: Final = file
        self.line: Final = line
        self.column: Final = column
        self.fix: Final = fix  # its edits name files as reports show them

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


class SkillResult(Record):
    """Everything found in one skill, with the target that was applied."""

    __slots__ = ("path", "file", "name", "target", "diagnostics")

    def __init__(self, path: str, file: str, name: str | None, target: Target, diagnostics: tuple[Diagnostic, ...]) -> None:
        self.path: Final = path
        self.file: Final = file
        self.name: Final = name
        self.target: Final = target
        self.diagnostics: Final = diagnostics

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


class Summary(Record):
    """Counts over a whole report."""

    __slots__ = ("skills", "errors", "warnings", "infos")

    def __init__(self, skills: int, errors: int, warnings: int, infos: int) -> None:
        self.skills: Final = skills
        self.errors: Final = errors
        self.warnings: Final = warnings
        self.infos: Final = infos


class Report(Record):
    """The result of one run: a result per skill plus problems that belong to no single skill."""

    __slots__ = ("skills", "problems")

    def __init__(self, skills: list[SkillResult] | None = None, problems: list[Diagnostic] | None = None) -> None:
        self.skills: list[SkillResult] = [] if skills is None else skills
        self.problems: list[Diagnostic] = [] if problems is None else problems

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
