"""The public Python API: validate paths and get the Report object back."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path

from .check import check_source, to_diagnostics
from .config import Config
from .diagnostics import Diagnostic, Finding, Report, SkillResult, Target
from .discover import SkillSource, ZipSource
from .paths import display
from .repo import Found, collisions, find
from .rules import RULES
from .targets import auto_target


def validate(
    paths: Sequence[str | os.PathLike[str]] | str | os.PathLike[str] = (".",),
    *,
    target: str | Target | None = None,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] = (),
    severity: dict[str, str] | None = None,
    config: Config | None = None,
    changed_files: bool = False,
    progress: bool = False,
    check_code: bool = False,
) -> Report:
    """Check every skill, plugin and marketplace under `paths` and return the Report.

    `config` (from `skillkit.config.resolve`) supplies settings; the keyword arguments override it the way
    command-line flags do. `changed_files` applies `exclude` even to the paths given. `progress` draws a
    bar on an interactive stderr for long runs. `check_code` also parses fenced code blocks (JSON, YAML,
    TOML, Python, shell, ...; never runs them). Raises `skillkit.UsageError` when a path does not exist,
    nothing is found, or a setting is invalid.
    """
    from .progress import bar

    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    cfg = (config or Config()).with_flags(
        target=target.value if isinstance(target, Target) else target,
        select=select,
        ignore=ignore,
        severity=severity,
    )
    found = find(paths, cfg, force_exclude=changed_files)
    report = Report()
    checked: list[tuple[SkillSource, str | None]] = []
    with bar(len(found.sources) if progress else 0) as tick:
        for source in found.sources:
            result = _check(source, cfg, found, check_code)
            report.skills.append(result)
            if isinstance(source, SkillSource) and os.fspath(source.skill_md) not in found.unread:
                checked.append((source, result.name))
            tick()
    findings = [*found.findings, *collisions(checked, found.plugins)]
    report.problems = sorted(_problem_diagnostics(findings, cfg), key=Diagnostic.sort_key)
    return report


def _check(source: SkillSource | ZipSource, cfg: Config, found: Found, check_code: bool = False) -> SkillResult:
    options = cfg.options_for(source.skill_dir)
    if check_code:
        options = replace(options, check_code=True)
    if not isinstance(source, SkillSource):
        return check_source(source, options)
    key = os.fspath(source.skill_md)
    extra = found.extra.get(key, [])
    if key in found.unread:
        target = options.target or auto_target(source.skill_dir)
        diagnostics = to_diagnostics(extra, source.skill_md, target, options, RULES)
        return SkillResult(display(source.skill_dir), display(source.skill_md), None, target, diagnostics)
    result = check_source(source, options)
    if not extra:
        return result
    more = to_diagnostics(extra, source.skill_md, result.target, options, RULES)
    merged = tuple(sorted(set(result.diagnostics) | set(more), key=Diagnostic.sort_key))
    return replace(result, diagnostics=merged)


def _problem_diagnostics(findings: list[Finding], cfg: Config) -> list[Diagnostic]:
    by_file: dict[str, list[Finding]] = {}
    for f in findings:
        by_file.setdefault(f.file or "", []).append(f)
    out: list[Diagnostic] = []
    for file, group in by_file.items():
        path = Path(file)
        options = cfg.options_for(path.parent)
        out.extend(to_diagnostics(group, path, options.target or Target.CLAUDE_CODE, options, RULES))
    return out
