"""One run: discovered sources through the result cache and the parallel checks to results in input order."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from skillkit.config.settings import Config
from skillkit.diagnostics import Diagnostic, Finding, Report, SkillResult, Target
from skillkit.discovery.repo import Found, collisions, find
from skillkit.discovery.scopes import Checked, NameAt
from skillkit.discovery.sources import SkillSource, ZipSource
from skillkit.engine.findings import REPORT_BUGS, to_diagnostics
from skillkit.engine.parallel import run_ordered
from skillkit.engine.skill import check_named
from skillkit.ids import RuleId
from skillkit.paths import display
from skillkit.results import Run
from skillkit.rules import RULES
from skillkit.schema.targets import auto_target

if TYPE_CHECKING:
    from skillkit.engine.cache import ResultCache


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
    jobs: int | None = None,
    cache: bool = False,
) -> Report:
    """Check every skill, plugin and marketplace under `paths` and return the Report.

    `config` (from `skillkit.config.resolve`) supplies settings; the keyword arguments override it the way
    command-line flags do. `changed_files` applies `exclude` even to the paths given. `progress` draws a
    bar on an interactive stderr for long runs. `check_code` also parses fenced code blocks (JSON, YAML,
    TOML, Python, shell, ...; never runs them). `jobs` caps the worker processes of a large run (default:
    every CPU; 1 checks in this process). `cache` reuses the results of unchanged skills (skillkit.engine.cache).
    Raises `skillkit.UsageError` when a path does not exist, nothing is found, or a setting is invalid.
    """
    run = start(
        paths, target=target, select=select, ignore=ignore, severity=severity, config=config,
        changed_files=changed_files, progress=progress, check_code=check_code, jobs=jobs, cache=cache,
    )  # fmt: skip
    skills = list(run.results())
    return Report(skills=skills, problems=run.problems())


def start(
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
    jobs: int | None = None,
    cache: bool = False,
    fixes: bool = True,
) -> Run:
    """`validate` as a Run: discovery happens now (usage errors raise here), each skill is checked as its result
    is read, so a reporter writes results as they come and nothing holds every finding of a big run. `fixes=False`
    leaves out each finding's fix (rules.base.fixes), for outputs that do not show them."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    cfg = (config or Config()).with_flags(
        target=target.value if isinstance(target, Target) else target,
        select=select,
        ignore=ignore,
        severity=severity,
    )
    found = find(paths, cfg, force_exclude=changed_files)
    checked: list[Checked] = []
    scope = "\0".join(os.fspath(p) for p in paths)

    def problems() -> list[Diagnostic]:
        findings = [*found.findings, *collisions(checked, found.plugins, found.realpaths)]
        return sorted(_problem_diagnostics(findings, cfg), key=Diagnostic.sort_key)

    checks = _results(found, cfg, checked, scope, progress=progress, check_code=check_code, jobs=jobs, cache=cache, fixes=fixes)
    return Run(checks, problems)


def _results(
    found: Found,
    cfg: Config,
    checked: list[Checked],
    scope: str,
    *,
    progress: bool,
    check_code: bool,
    jobs: int | None,
    cache: bool,
    fixes: bool,
) -> Iterator[SkillResult]:
    """Each skill's result in input order, from the cache or from a check (in worker processes for big runs)."""
    from skillkit.engine.progress import bar

    # A check makes tens of thousands of short-lived, acyclic objects per skill (tokens, lines, findings); at the
    # default threshold of 700 the cyclic collector walks them several times per skill, for about 10% of the
    # CPU. Reference counting frees them anyway; peak memory does not change measurably.
    old = gc.get_threshold()
    gc.set_threshold(50_000, 20, 20)
    try:
        sources = found.sources
        store = None
        if cache:
            from skillkit.engine.cache import ResultCache

            store = ResultCache(scope=scope)
        keys: list[str | None] = [None] * len(sources)
        if store is not None:  # stat-ing every file of every skill is the warm run's main cost: use the workers
            keys = list(
                run_ordered(lambda source: _cache_key(store, source, cfg, found, check_code), sources, jobs=jobs, on_lost=lambda s, w: None)
            )
        hits = {i: hit for i, key in enumerate(keys) if store and key and (hit := store.get(key)) is not None}
        todo = [i for i in range(len(sources)) if i not in hits]
        fresh = zip(
            todo,
            run_ordered(
                # A cached result serves later runs in any format: it keeps its fixes.
                lambda i: _check(sources[i], cfg, found, check_code, fixes or store is not None),
                todo,
                jobs=jobs,
                on_lost=lambda i, why: (_lost(sources[i], why, cfg), None),
            ),
        )
        with bar(len(sources) if progress else 0) as tick:
            for i, source in enumerate(sources):
                result = hits.get(i)
                where: NameAt = None  # a cached result does not say: collisions read such a skill again if they need to
                if result is None:
                    _, (result, where) = next(fresh)
                    key = keys[i]
                    if store and key and all(d.rule != RuleId.INTERNAL_ERROR for d in result.diagnostics):
                        store.put(key, result)
                if isinstance(source, SkillSource) and source.md not in found.unread:
                    checked.append((source, result.name, where))
                tick()
                yield result
        if store:
            store.save()
    finally:
        gc.set_threshold(*old)


def _cache_key(store: ResultCache | None, source: SkillSource | ZipSource, cfg: Config, found: Found, check_code: bool) -> str | None:
    """The cache key of a plain skill folder; None for what is never cached (zips, code checks, odd SKILL.md)."""
    if store is None or check_code or not isinstance(source, SkillSource):
        return None
    if source.md in found.unread or source.md in found.extra:
        return None
    skill_dir = source.skill_dir
    options = cfg.options_for(skill_dir)
    return store.key(source, options, options.target or auto_target(skill_dir))


def _check(source: SkillSource | ZipSource, cfg: Config, found: Found, check_code: bool = False, fixes: bool = True) -> tuple[SkillResult, NameAt]:
    options = cfg.options_for(source.dir if isinstance(source, SkillSource) else source.skill_dir)  # text: no Path per skill
    if check_code or not fixes:
        options = options.replaced(check_code=check_code or options.check_code, fixes=fixes)
    if not isinstance(source, SkillSource):
        return check_named(source, options)
    key = source.md
    extra = found.extra.get(key, [])
    if key in found.unread:
        target = options.target or auto_target(source.skill_dir)
        diagnostics = to_diagnostics(extra, source.skill_md, target, options, RULES)
        return SkillResult(display(source.skill_dir), display(source.skill_md), None, target, diagnostics), None
    result, where = check_named(source, options)
    if not extra:
        return result, where
    more = to_diagnostics(extra, source.skill_md, result.target, options, RULES)
    merged = tuple(sorted(set(result.diagnostics) | set(more), key=Diagnostic.sort_key))
    return result.replaced(diagnostics=merged), where


def _lost(source: SkillSource | ZipSource, why: str, cfg: Config) -> SkillResult:
    """The answer for a skill whose worker died: an internal error, so the run exits 2 instead of hanging."""
    options = cfg.options_for(source.skill_dir)
    target = options.target or (auto_target(source.skill_dir) if isinstance(source, SkillSource) else Target.CLAUDE_AI)
    crash = Finding(RuleId.INTERNAL_ERROR, f"could not check this skill: {why}; {REPORT_BUGS}")
    diagnostics = to_diagnostics([crash], source.skill_md, target, options, RULES)
    return SkillResult(display(source.skill_dir), display(source.skill_md), None, target, diagnostics)


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
