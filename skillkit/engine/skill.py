"""Run the selected rules over parsed documents and turn findings into frozen diagnostics; isolate crashes."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from skillkit.diagnostics import Diagnostic, Finding, Severity, SkillResult, Target
from skillkit.discovery.sources import SkillSource, ZipSource
from skillkit.document import skill as document
from skillkit.document import suppression as suppress
from skillkit.paths import display
from skillkit.rules import RULES, Context, Rule
from skillkit.schema import shape as schema
from skillkit.schema.targets import auto_target

# Syntax checks of code blocks start language tools: they run only with --check-code or when selected.
OPT_IN_RULES: Final = frozenset({"code-syntax", "code-check-skipped"})
REPORT_BUGS: Final = "this is a skillkit bug: please report it with the skill attached"


@dataclass(frozen=True, slots=True)
class Options:
    """What to check and how loud: target (None = auto), rule selection and severity overrides."""

    target: Target | None = None
    select: frozenset[str] | None = None
    ignore: frozenset[str] = frozenset()
    severity: Mapping[str, Severity] = field(default_factory=dict)
    check_code: bool = False

    def enabled(self, rule: Rule, target: Target) -> bool:
        if target not in rule.targets or rule.id in self.ignore:
            return False
        # Syntax checks of code blocks run tools: only with --check-code or when selected by id.
        if rule.id in OPT_IN_RULES and not self.check_code:
            return self.select is not None and rule.id in self.select
        return self.select is None or rule.id in self.select or rule.id == "internal-error"

    def severity_of(self, rule: Rule, target: Target) -> Severity:
        return self.severity.get(rule.id) or rule.severity_for(target)


def check_source(source: SkillSource | ZipSource, options: Options, rules: Mapping[str, Rule] = RULES) -> SkillResult:
    """Check one skill; a crash anywhere becomes an internal-error diagnostic, never an exception."""
    if isinstance(source, ZipSource):
        from skillkit.engine.zipskill import check_zip_source

        return check_zip_source(source, options, rules)
    skill_md, skill_dir = source.skill_md, source.skill_dir  # made once: SkillSource keeps text
    target = options.target or auto_target(skill_dir)
    cwd = os.getcwd()  # once, for the paths shown below
    try:
        doc = document.load(skill_md, skill_dir)
        findings = run_rules(doc, target, options, rules)
        name = doc.name
    except Exception as exc:  # noqa: BLE001 - the whole point is that nothing escapes
        findings = [_crash("reading the skill", exc)]
        name = None
    return SkillResult(
        path=display(source.dir, cwd),
        file=display(source.md, cwd),
        name=name,
        target=target,
        diagnostics=to_diagnostics(findings, skill_md, target, options, rules, cwd),
    )


def run_rules(doc: document.SkillDocument, target: Target, options: Options, rules: Mapping[str, Rule]) -> list[Finding]:
    findings = list(doc.findings)
    if doc.data is not None:
        findings.extend(schema.shape_findings(doc.data, target, doc.fm_line, doc.keys))
    ctx = Context(doc=doc, target=target)
    for rule in _plan(options, target, rules):
        if rule.check is None or not _ready(rule, doc):
            continue
        try:
            findings.extend(rule.check(ctx))
        except Exception as exc:  # noqa: BLE001
            findings.append(_crash(f"rule {rule.id}", exc))
    try:
        return suppress.apply(doc, findings)
    except Exception as exc:  # noqa: BLE001
        return [*findings, _crash("suppression comments", exc)]


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


def _crash(where: str, exc: BaseException) -> Finding:
    import traceback  # only when something crashed: it costs a one-skill run a few milliseconds to load

    frame = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    at = f" at {Path(frame.filename).name}:{frame.lineno}" if frame else ""
    return Finding("internal-error", f"{where} crashed ({type(exc).__name__}: {exc}{at}); {REPORT_BUGS}")


def to_diagnostics(
    findings: Iterable[Finding],
    skill_md: Path,
    target: Target,
    options: Options,
    rules: Mapping[str, Rule],
    cwd: str | None = None,
) -> tuple[Diagnostic, ...]:
    cwd = cwd or os.getcwd()
    main_file = display(skill_md, cwd)
    out: list[Diagnostic] = []
    for f in findings:
        rule = rules.get(f.rule)
        if rule is None:
            f = _crash("a check", LookupError(f"unknown rule id {f.rule!r}"))
            rule = rules["internal-error"]
        if not options.enabled(rule, target):
            continue
        out.append(
            Diagnostic(
                rule=f.rule,
                severity=options.severity_of(rule, target),
                message=f.message,
                file=display(f.file, cwd) if f.file else main_file,
                line=f.line,
                column=f.column,
            )
        )
    return tuple(sorted(set(out), key=Diagnostic.sort_key))
