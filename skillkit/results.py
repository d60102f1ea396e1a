"""Results as they arrive: a Run hands over each skill's result in input order while its Tally counts them, and the
run-wide problems last, so reporters can write as skills finish without holding every finding."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from skillkit.diagnostics import (
    Diagnostic,
    Report,
    Severity,
    SkillResult,
    Summary,
    exit_code,
)
from skillkit.ids import RuleId


@dataclass(slots=True)
class Tally:
    """What the summary line and the exit code need, counted one result at a time."""

    skills: int = 0
    invalid: int = 0
    crashed: bool = False
    counts: Counter[Severity] = field(default_factory=Counter)
    targets: Counter[str] = field(default_factory=Counter)

    def add_skill(self, result: SkillResult) -> None:
        self.skills += 1
        self.targets[result.target.value] += 1
        self.invalid += not result.valid
        self.add(result.diagnostics)

    def add(self, diagnostics: Iterable[Diagnostic]) -> None:
        for d in diagnostics:
            self.counts[d.severity] += 1
            self.crashed = self.crashed or d.rule == RuleId.INTERNAL_ERROR

    def summary(self) -> Summary:
        c = self.counts
        return Summary(skills=self.skills, errors=c[Severity.ERROR], warnings=c[Severity.WARNING], infos=c[Severity.INFO])

    def exit_code(self, *, strict: bool = False) -> int:
        """0 clean, 1 errors (or warnings when strict), 2 an internal error stopped a check."""
        s = self.summary()
        return exit_code(crashed=self.crashed, failed=bool(s.errors or (strict and s.warnings)))


class Run:
    """One run's results: iterate `results()` once (input order), then ask `problems()`; `tally` counts both."""

    def __init__(self, skills: Iterable[SkillResult], problems: Callable[[], Sequence[Diagnostic]]) -> None:
        self.tally = Tally()
        self._skills: Iterable[SkillResult] | None = skills
        self._make_problems = problems
        self._problems: list[Diagnostic] | None = None
        self._finished = False

    @classmethod
    def of(cls, report: Report) -> Run:
        """A finished Report read as a Run (the reporters' one code path serves both)."""
        return cls(report.skills, lambda: report.problems)

    def results(self) -> Iterator[SkillResult]:
        skills, self._skills = self._skills, None
        if skills is None:
            raise RuntimeError("a run's results can be read once")
        for result in skills:
            self.tally.add_skill(result)
            yield result
        self._finished = True

    @property
    def done(self) -> bool:
        """True once every skill's result has been read."""
        return self._finished

    def problems(self) -> list[Diagnostic]:
        """The findings that belong to no single skill; known once every skill's result has been read."""
        if self._problems is None:
            if not self._finished:
                raise RuntimeError("problems are known only after every result was read")
            self._problems = list(self._make_problems())
            self.tally.add(self._problems)
        return self._problems
