"""One skill, whichever its source: a folder is read and checked here, a zip goes to zipskill; nothing escapes as an exception."""

from __future__ import annotations

import os
from collections.abc import Mapping

from skillkit.config.options import Options
from skillkit.diagnostics import SkillResult
from skillkit.discovery.scopes import NameAt, name_at
from skillkit.discovery.sources import SkillSource, ZipSource
from skillkit.document import skill as document
from skillkit.engine.findings import crash, run_rules, to_diagnostics
from skillkit.paths import display
from skillkit.rules import RULES, Rule
from skillkit.schema.targets import auto_target


def check_source(source: SkillSource | ZipSource, options: Options, rules: Mapping[str, Rule] = RULES) -> SkillResult:
    """Check one skill; a crash anywhere becomes an internal-error diagnostic, never an exception."""
    return check_named(source, options, rules)[0]


def check_named(source: SkillSource | ZipSource, options: Options, rules: Mapping[str, Rule] = RULES) -> tuple[SkillResult, NameAt]:
    """`check_source`, and where SKILL.md writes `name` (scopes.NameAt): a run's name collisions are found after
    every skill is checked, and reading the colliding skills again then was a serial tail of the run."""
    if isinstance(source, ZipSource):
        from skillkit.engine.zipskill import check_zip_source

        return check_zip_source(source, options, rules), None
    target = options.target or auto_target(source.dir)  # the text: a Path costs more to make than the check of it
    cwd = os.getcwd()  # once, for the paths shown below
    try:
        doc = document.load(source.md, source.dir)  # the text: the document makes Paths only if a rule asks
        findings = run_rules(doc, target, options, rules)
        name, where = doc.name, name_at(doc)
    except Exception as exc:  # noqa: BLE001 - the whole point is that nothing escapes
        findings = [crash("reading the skill", exc)]
        name, where = None, None
    result = SkillResult(
        path=display(source.dir, cwd),
        file=display(source.md, cwd),
        name=name,
        target=target,
        diagnostics=to_diagnostics(findings, source.md, target, options, rules, cwd),
    )
    return result, where


