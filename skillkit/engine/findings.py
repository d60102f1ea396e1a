"""Run the selected rules over one parsed document and freeze the findings into diagnostics; a crash becomes a finding."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Final

from skillkit.config.options import Options
from skillkit.diagnostics import Diagnostic, Finding, Severity, Target
from skillkit.document import skill as document
from skillkit.document import suppression as suppress
from skillkit.edits import Fix
from skillkit.ids import RuleId
from skillkit.paths import display
from skillkit.rules import Context, Rule
from skillkit.rules.base import fixers
from skillkit.schema import shape as schema

REPORT_BUGS: Final = "this is a skillkit bug: please report it with the skill attached"


def run_rules(doc: document.SkillDocument, target: Target, options: Options, rules: Mapping[str, Rule]) -> list[Finding]:
    findings = list(doc.findings)
    if doc.data is not None:
        findings.extend(schema.shape_findings(doc.data, target, doc.fm_line, doc.keys))
    ctx = Context(doc=doc, target=target)
    for rule in _plan(options, target, rules):
        if rule.check is None or not _ready(rule, doc):
            continue
        try:
            findings.extend(_capped(rule.check(ctx)))
        except Exception as exc:  # noqa: BLE001
            findings.append(crash(f"rule {rule.id}", exc))
    try:
        kept = suppress.apply(doc, findings)
    except Exception as exc:  # noqa: BLE001
        return [*findings, crash("suppression comments", exc)]
    return with_fixes(ctx, kept) if options.fixes else kept


def with_fixes(ctx: Context, findings: list[Finding]) -> list[Finding]:
    """The findings, each carrying the fix its rule offers for it (rules.base.fixes). Only for a skill folder on
    disk (a zip cannot be edited); a fix that cannot be worked out is left off, never a failed check."""
    table = fixers()
    if not any(f.rule in table for f in findings) or not ctx.doc.files.on_disk:
        return findings
    out: list[Finding] = []
    for f in findings:
        fixer = table.get(f.rule)
        if fixer is not None and f.fix is None:
            try:
                fix = fixer.make(ctx, f)
            except Exception:
                if os.environ.get("SKILLKIT_DEBUG"):
                    raise
                fix = None
            if fix is not None and fix.edits:
                f = f.replaced(fix=fix if fixer.safe or not fix.safe else fix.replaced(safe=False))
        out.append(f)
    return out


# Per rule and file: the first ones point at the problem, the rest are counted. A hostile 3 MB body can hold a
# million hits of one rule; holding them all took 1.4 GiB.
MAX_PER_RULE_AND_FILE: Final = 100


def _capped(found: Iterable[Finding]) -> list[Finding]:
    """The rule's findings, at most MAX_PER_RULE_AND_FILE per file, the last kept one saying how many more."""
    kept: list[Finding] = []
    it = iter(found)
    for finding in it:  # nearly every rule finds a few things or none: no count per file until there are more
        kept.append(finding)
        if len(kept) == MAX_PER_RULE_AND_FILE:
            break
    else:
        return kept
    counts: dict[str | None, int] = {}
    for finding in kept:
        counts[finding.file] = counts.get(finding.file, 0) + 1
    for finding in it:
        n = counts[finding.file] = counts.get(finding.file, 0) + 1
        if n <= MAX_PER_RULE_AND_FILE:
            kept.append(finding)
    over = {file: n - MAX_PER_RULE_AND_FILE for file, n in counts.items() if n > MAX_PER_RULE_AND_FILE}
    if not over:
        return kept
    for i in range(len(kept) - 1, -1, -1):  # the last kept finding of each file that went over carries the count
        f = kept[i]
        if f.file in over:
            more = over.pop(f.file)
            kept[i] = Finding(f.rule, f"{f.message} ({more:,} more in this file not listed)", f.line, f.column, f.file)
    return kept


_PLANS: Final[dict[tuple[Target, frozenset[str] | None, frozenset[str], bool, int], tuple[Rule, ...]]] = {}
_TABLES: Final[list[Mapping[str, Rule]]] = []  # every rule table planned for, kept alive so its id stays its own


def _plan(options: Options, target: Target, rules: Mapping[str, Rule]) -> tuple[Rule, ...]:
    """The rules with a check that `options` enable for `target`, worked out once per run, not per skill."""
    key = (target, options.select, options.ignore, options.check_code, id(rules))
    plan = _PLANS.get(key)
    if plan is None:
        if not any(table is rules for table in _TABLES):
            _TABLES.append(rules)
        plan = _PLANS[key] = tuple(r for r in rules.values() if r.check is not None and options.enabled(r, target))
    return plan


def _ready(rule: Rule, doc: document.SkillDocument) -> bool:
    if rule.needs == "frontmatter":
        return doc.data is not None
    if rule.needs == "body":
        return doc.body is not None
    return True


def crash(where: str, exc: BaseException) -> Finding:
    import traceback  # only when something crashed: it costs a one-skill run a few milliseconds to load

    frame = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    at = f" at {Path(frame.filename).name}:{frame.lineno}" if frame else ""
    return Finding(RuleId.INTERNAL_ERROR, f"{where} crashed ({type(exc).__name__}: {exc}{at}); {REPORT_BUGS}")


def enabled(
    findings: Iterable[Finding], target: Target, options: Options, rules: Mapping[str, Rule]
) -> Iterator[tuple[Finding, Severity]]:
    """The findings `options` enable for `target`, each with its severity; a finding of an unknown rule id becomes
    an internal error (policy in one place: reports and the language server both apply it)."""
    for f in findings:
        rule = rules.get(f.rule)
        if rule is None:
            f = crash("a check", LookupError(f"unknown rule id {f.rule!r}"))
            rule = rules[RuleId.INTERNAL_ERROR]
        if options.enabled(rule, target):
            yield f, options.severity_of(rule, target)


def to_diagnostics(
    findings: Iterable[Finding],
    skill_md: Path | str,
    target: Target,
    options: Options,
    rules: Mapping[str, Rule],
    cwd: str | None = None,
) -> tuple[Diagnostic, ...]:
    cwd = cwd or os.getcwd()
    main_file = display(skill_md, cwd)
    out: list[Diagnostic] = []
    for f, severity in enabled(findings, target, options, rules):
        out.append(
            Diagnostic(
                rule=f.rule,
                severity=severity,
                message=f.message,
                file=display(f.file, cwd) if f.file else main_file,
                line=f.line,
                column=f.column,
                fix=_shown(f.fix, f.file, main_file, cwd) if f.fix is not None else None,
            )
        )
    return tuple(sorted(set(out), key=Diagnostic.sort_key))


def _shown(fix: Fix, file: str | None, main_file: str, cwd: str) -> Fix:
    """The fix with its edits' files named as reports name files (an edit without one is in the finding's file)."""
    edits = []
    for e in fix.edits:
        named = e.file or file
        edits.append(e.replaced(file=display(named, cwd) if named else main_file))
    return fix.replaced(edits=tuple(edits))
