"""Inline suppression: `<!-- skillkit-disable-next-line RULE -->` and `<!-- skillkit-disable RULE -->` ... `enable`."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from typing import Final

from skillkit.diagnostics import Finding
from skillkit.document.markdown import body
from skillkit.document.skill import Derived, SkillDocument
from skillkit.ids import RuleId
from skillkit.lazy_pattern import LazyPattern
from skillkit.markdown.parsed import CODE_TYPES
from skillkit.record import Record

PREFIX: Final = "skillkit-"
_DIRECTIVE_RE: Final = LazyPattern(r"<!--\s*skillkit-(disable-next-line|disable|enable)\b([^>]*?)\s*-->")
# Never silenced: a crash must always show, and a bad directive cannot excuse itself.
UNSUPPRESSIBLE: Final = frozenset({RuleId.INTERNAL_ERROR, RuleId.SUPPRESSION_UNKNOWN_RULE})
ALL: Final = "*"


class Directive(Record):
    """One comment: its kind, the rule ids it names (empty = every rule), file line, and column per rule id."""

    __slots__ = ("kind", "rules", "line", "column")

    def __init__(self, kind: str, rules: tuple[tuple[str, int], ...], line: int, column: int) -> None:
        self.kind: Final = kind
        self.rules: Final = rules
        self.line: Final = line
        self.column: Final = column


class Span(Record):
    """Rule `rule` (or ALL) is off for file lines first..last inclusive."""

    __slots__ = ("rule", "first", "last")

    def __init__(self, rule: str, first: int, last: int) -> None:
        self.rule: Final = rule
        self.first: Final = first
        self.last: Final = last


def directives(doc: SkillDocument) -> list[Directive]:
    """Every suppression comment in the body, outside code blocks, once per document (the body is searched for
    the prefix once too: the rule and `apply` both ask)."""
    return doc.derive(_DIRECTIVES, lambda: _scan(doc) if PREFIX in (doc.body or "") else [])


def _scan(doc: SkillDocument) -> list[Directive]:
    parsed = body(doc)
    if parsed is None:
        return []
    code = parsed.mask(CODE_TYPES)
    out: list[Directive] = []
    for i, line in enumerate(parsed.lines):
        if PREFIX not in line or code[i]:
            continue
        for m in _DIRECTIVE_RE().finditer(line):
            ids: list[tuple[str, int]] = []
            for word in re.finditer(r"[^\s,]+", m.group(2)):
                ids.append((word.group(0), m.start(2) + word.start() + 1))
            out.append(Directive(m.group(1), tuple(ids), parsed.file_line(i), m.start() + 1))
    return out


def spans(doc: SkillDocument) -> list[Span]:
    """The line ranges each directive switches off; an unmatched `disable` runs to the end of the file."""
    out: list[Span] = []
    open_at: dict[str, int] = {}
    end = len(doc.lines)
    for d in directives(doc):
        names = [name for name, _ in d.rules] or [ALL]
        for name in names:
            if d.kind == "disable-next-line":
                out.append(Span(name, d.line + 1, d.line + 1))
            elif d.kind == "disable":
                open_at.setdefault(name, d.line)
            elif name in open_at:
                out.append(Span(name, open_at.pop(name), d.line))
            elif name == ALL:
                for other, start in list(open_at.items()):
                    out.append(Span(other, start, d.line))
                open_at.clear()
    out.extend(Span(name, start, end) for name, start in open_at.items())
    return out


def apply(doc: SkillDocument, findings: Iterable[Finding]) -> list[Finding]:
    """Drop the SKILL.md findings a directive covers; findings elsewhere or without a line are kept."""
    findings = list(findings)
    if doc.body is None:
        return findings
    covered = spans(doc)
    if not covered:
        return findings
    ranges = _Ranges(covered)
    return [f for f in findings if not _silenced(f, ranges)]


class _Ranges:
    """The spans by rule, merged into sorted disjoint line ranges: a finding is looked up, not compared with every
    span (5,000 `disable-next-line` comments and as many findings were 25 million comparisons)."""

    __slots__ = ("by_rule",)

    def __init__(self, covered: list[Span]) -> None:
        grouped: dict[str, list[tuple[int, int]]] = {}
        for span in covered:
            grouped.setdefault(span.rule, []).append((span.first, span.last))
        self.by_rule: dict[str, tuple[list[int], list[int]]] = {}
        for rule, pairs in grouped.items():
            firsts: list[int] = []
            lasts: list[int] = []
            for first, last in sorted(pairs):
                if lasts and first <= lasts[-1] + 1:
                    lasts[-1] = max(lasts[-1], last)
                else:
                    firsts.append(first)
                    lasts.append(last)
            self.by_rule[rule] = (firsts, lasts)

    def covers(self, rule: str, line: int) -> bool:
        found = self.by_rule.get(rule)
        if found is None:
            return False
        firsts, lasts = found
        at = bisect.bisect_right(firsts, line) - 1
        return at >= 0 and line <= lasts[at]


def _silenced(f: Finding, ranges: _Ranges) -> bool:
    if f.file is not None or f.line is None or f.rule in UNSUPPRESSIBLE:
        return False
    return ranges.covers(f.rule, f.line) or ranges.covers(ALL, f.line)


# Values derived once per document, kept on it under these typed keys.
_DIRECTIVES: Final[Derived[list[Directive]]] = Derived("suppress:directives")
