"""`skillkit fix` and `skillkit new`: their runs, the lines they print and their exit codes (app.py declares them)."""

from __future__ import annotations

import os
import sys
from typing import TextIO

from skillkit.diagnostics import EXIT_FINDINGS, EXIT_OK, EXIT_UNCHECKED
from skillkit.words import counted


def change_line(file: str, line: int | None, column: int | None, rule: str, text: str) -> str:
    """`path:line:col  rule-id  text`, the path as reports show it."""
    from skillkit.paths import display
    from skillkit.shown import printable

    where = printable(display(file)) + (f":{line}:{column or 1}" if line is not None else "")
    return f"{where}  {rule}  {printable(text)}"


def run_fix(
    paths: list[str] | None = None,
    target: str | None = None,
    config: str | None = None,
    strict: bool | None = None,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    changed_files: bool = False,
    quiet: bool = False,
    color: str = "auto",
    diff: bool = False,
    unsafe: bool = False,
    out: TextIO | None = None,
) -> int:
    """Run `skillkit fix`: apply the fixes (or, with `diff`, print them), then report what remains as `validate`
    does, with its exit code. With `diff`: 1 when something would change, else 0."""
    from skillkit.authoring.diff import unified
    from skillkit.authoring.fix import write
    from skillkit.authoring.run import fix_paths
    from skillkit.cli.validate import (
        COLOR_CHOICES,
        check_config_patterns,
        choice,
        known_rule,
        run_validate,
    )
    from skillkit.config import files as configuration
    from skillkit.paths import display
    from skillkit.schema.targets import TARGET_CHOICES

    out = out or sys.stdout
    if target is not None:
        choice("--target", target, TARGET_CHOICES)
    choice("--color", color, COLOR_CHOICES)
    for rule_id in [*(select or []), *(ignore or [])]:
        known_rule(rule_id)
    given = paths or ["."]
    settings = configuration.resolve(given, config).with_flags(strict=strict)
    check_config_patterns(settings)
    if changed_files:
        from pathlib import Path

        from skillkit.discovery.repo import owning_skills

        given = [folder for folder in owning_skills(given) if not settings.excluded(Path(folder))]
        if not given:
            out.write(f"no skill among the {counted(len(paths or []), 'changed file')}: nothing to fix\n")
            return EXIT_OK
    cfg = settings.with_flags(target=target, select=select, ignore=ignore or ())
    would_change = False
    applied = files = refused = 0
    trouble = False
    for fixed in fix_paths(given, cfg, unsafe=unsafe, changed_files=changed_files):
        if diff:
            for path in fixed.changed:
                out.write(unified(display(path), fixed.before[path], fixed.after[path]))
                would_change = True
            continue
        written = set(write(fixed))
        for change in fixed.changes:
            if change.file in written:
                note = "" if change.safe else " (unsafe fix)"
                out.write(change_line(change.file, change.line, change.column, change.rule, change.description + note) + "\n")
                applied += 1
        for change in fixed.refused:
            out.write(change_line(change.file, change.line, change.column, change.rule, f"not fixed: {change.description}: {change.refused}") + "\n")
            refused += 1
        for problem in fixed.problems:
            sys.stderr.write(f"skillkit: error: {problem}\n")
            trouble = True
        files += len(written)
    if diff:
        return EXIT_FINDINGS if would_change else EXIT_OK
    left = f", {counted(refused, 'fix', 'fixes')} not applied" if refused else ""
    out.write(f"{counted(applied, 'fix', 'fixes')} applied to {counted(files, 'file')}{left}\n\n")
    out.flush()
    code = run_validate(
        paths, target=target, format="text", config=config, strict=strict, select=select, ignore=ignore,
        changed_files=changed_files, quiet=quiet, color=color,
    )  # fmt: skip
    return EXIT_UNCHECKED if trouble else code


def run_new(name: str, directory: str = ".", description: str | None = None, folders: list[str] | None = None, out: TextIO | None = None) -> int:
    """Run `skillkit new`: make the skill folder, say what was made; a bad NAME or an existing folder is exit 2."""
    from skillkit.authoring.new import create, parse_folders
    from skillkit.paths import display

    out = out or sys.stdout
    chosen = parse_folders(folders or [])
    skill_dir = create(name, directory, description=description, folders=chosen)
    made = ["SKILL.md", *(f"{folder}/README.md" for folder in chosen)]
    shown = display(skill_dir)
    out.write(f"created {shown}{os.sep if not shown.endswith(os.sep) else ''}: {', '.join(made)}\n")
    out.write("it validates with no finding under claude-ai, api, claude-code and agentskills; edit the description and body next\n")
    return EXIT_OK

