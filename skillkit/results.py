"""Results as they arrive: a Run hands over each skill's result in input order while its Tally counts them, and the
run-wide problems last, so reporters can write as skills finish without holding every finding."""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence

from skillkit.diagnostics import (
    Diagnostic,
    Report,
    Severity,
    SkillResult,
    Summary,
    exit_code,
)
from skillkit.ids import RuleId
from skillkit.record import Record

# The skills with the most errors a Tally remembers (for the GitHub step summary); the others are only counted.
WORST_KEPT = 50


class BaselineUse(Record):
    """What a baseline did to a run: the file, the known findings it hid, the ones it lists that no longer occur
    (known once every result was read), or how many it recorded (`--write-baseline`)."""

    __slots__ = ("file", "hidden", "stale", "recorded")

    def __init__(self, file: str, hidden: int = 0, stale: int = 0, recorded: int | None = None) -> None:
        self.file = file
        self.hidden = hidden
        self.stale = stale
        self.recorded = recorded


class Tally(Record):
    """What the summary line, the per-rule footer and the exit code need, counted one result at a time: counts per
    severity and per rule, and the few skills with the most errors, never every finding."""

    __slots__ = ("skills", "invalid", "crashed", "counts", "targets", "rules", "baseline", "_worst")

    def __init__(
        self,
        skills: int = 0,
        invalid: int = 0,
        crashed: bool = False,
        counts: Counter[Severity] | None = None,
        targets: Counter[str] | None = None,
        rules: Counter[tuple[str, Severity]] | None = None,
        baseline: BaselineUse | None = None,
        _worst: list[tuple[int, int, str]] | None = None,
    ) -> None:
        self.skills = skills
        self.invalid = invalid
        self.crashed = crashed
        self.counts: Counter[Severity] = Counter() if counts is None else counts
        self.targets: Counter[str] = Counter() if targets is None else targets
        self.rules: Counter[tuple[str, Severity]] = Counter() if rules is None else rules
        self.baseline = baseline
        self._worst: list[tuple[int, int, str]] = [] if _worst is None else _worst  # a min-heap of (errors, -order, skill path)

    def add_skill(self, result: SkillResult) -> None:
        self.skills += 1
        self.targets[result.target.value] += 1
        self.invalid += not result.valid
        self.add(result.diagnostics)
        errors = sum(d.severity is Severity.ERROR for d in result.diagnostics)
        if errors:
            entry = (errors, -self.skills, result.path)
            if len(self._worst) < WORST_KEPT:
                heapq.heappush(self._worst, entry)
            elif entry > self._worst[0]:
                heapq.heapreplace(self._worst, entry)

    def add(self, diagnostics: Iterable[Diagnostic]) -> None:
        for d in diagnostics:
            self.counts[d.severity] += 1
            self.rules[d.rule, d.severity] += 1
            self.crashed = self.crashed or d.rule == RuleId.INTERNAL_ERROR

    def worst(self) -> list[tuple[str, int]]:
        """Up to WORST_KEPT skills with errors as (path, errors): most errors first, then in input order."""
        return [(path, errors) for errors, _, path in sorted(self._worst, reverse=True)]

    def by_rule(self, least: Severity = Severity.INFO) -> list[tuple[str, Severity, int]]:
        """(rule, severity, count) for findings at least as severe as `least`: most frequent first, then the more
        severe, then by rule id."""
        rows = [(rule, sev, n) for (rule, sev), n in self.rules.items() if sev.rank >= least.rank]
        return sorted(rows, key=lambda row: (-row[2], -row[1].rank, row[0]))

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
