"""The validate command without typer: its options table, a small exact parser for them, and the run itself.

`skillkit validate` is what pre-commit runs on every commit, so its start-up matters: typer (with the
pydantic it imports) costs ~90 ms. main.py parses plain `validate` invocations here and leaves help,
errors and the other commands to typer; a test keeps this table and the typer command identical.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass

from skillkit.diagnostics import UsageError
from skillkit.words import closest, counted, did_you_mean


@dataclass(frozen=True, slots=True)
class Opt:
    """One option of `skillkit validate`: its flags, the keyword it sets, and its kind."""

    flags: tuple[str, ...]
    dest: str
    kind: str  # "str", "int", "list", "true", "false"


VALIDATE_OPTIONS: tuple[Opt, ...] = (
    Opt(("--target",), "target", "str"),
    Opt(("--format", "-f"), "format", "str"),
    Opt(("--output", "-o"), "output", "str"),
    Opt(("--config",), "config", "str"),
    Opt(("--strict",), "strict", "true"),
    Opt(("--no-strict",), "strict", "false"),
    Opt(("--select",), "select", "list"),
    Opt(("--ignore",), "ignore", "list"),
    Opt(("--check-code",), "check_code", "true"),
    Opt(("--changed-files",), "changed_files", "true"),
    Opt(("--jobs", "-j"), "jobs", "int"),
    Opt(("--cache",), "cache", "true"),
)
_BY_FLAG = {flag: opt for opt in VALIDATE_OPTIONS for flag in opt.flags}


def parse_validate(argv: list[str]) -> dict[str, object] | None:
    """Keyword arguments for run_validate from `validate ...` argv, or None to let typer handle it."""
    kwargs: dict[str, object] = {"paths": []}
    args = iter(argv)
    for arg in args:
        if arg == "--":
            kwargs["paths"] += list(args)  # type: ignore[operator]
            break
        if not arg.startswith("-") or arg == "-":
            kwargs["paths"].append(arg)  # type: ignore[attr-defined]
            continue
        flag, eq, inline = arg.partition("=")
        opt = _BY_FLAG.get(flag)
        if opt is None:
            return None  # --help, a typo, ...: typer gives the standard answer
        if opt.kind in ("true", "false"):
            if eq:
                return None
            kwargs[opt.dest] = opt.kind == "true"
            continue
        value = inline if eq else next(args, None)
        if value is None:
            return None
        if opt.kind == "int":
            if not value.isdigit():
                return None
            kwargs[opt.dest] = int(value)
        elif opt.kind == "list":
            kwargs.setdefault(opt.dest, []).append(value)  # type: ignore[attr-defined]
        else:
            kwargs[opt.dest] = value
    return kwargs


def choice(flag: str, value: str, choices: tuple[str, ...]) -> None:
    if value not in choices:
        close = closest(value, choices)
        hint = f"; {did_you_mean(close)}" if close else ""
        raise UsageError(f"{flag} {value!r} is not one of {', '.join(choices)}{hint}")


def known_rule(rule_id: str) -> None:
    from skillkit.rules import RULES

    if rule_id not in RULES:
        close = closest(rule_id, RULES)
        hint = f"; {did_you_mean(close)}" if close else " (see 'skillkit rules')"
        raise UsageError(f"unknown rule id {rule_id!r}{hint}")


def run_validate(
    paths: list[str] | None = None,
    target: str | None = None,
    format: str = "auto",
    output: str | None = None,
    config: str | None = None,
    strict: bool | None = None,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    check_code: bool = False,
    changed_files: bool = False,
    jobs: int | None = None,
    cache: bool = False,
) -> int:
    """Run `skillkit validate` and return its exit code; usage problems raise UsageError."""
    from skillkit.config import settings as configuration
    from skillkit.engine.run import start
    from skillkit.reporters import VALIDATE_CHOICES, WRITERS, resolve_format
    from skillkit.schema.targets import TARGET_CHOICES

    if target is not None:
        choice("--target", target, TARGET_CHOICES)
    choice("--format", format, VALIDATE_CHOICES)
    if jobs is not None and jobs < 1:
        raise UsageError(f"--jobs must be at least 1, got {jobs}")
    for rule_id in [*(select or []), *(ignore or [])]:
        known_rule(rule_id)
    format = resolve_format(format, os.environ)
    given = paths or ["."]
    settings = configuration.resolve(given, config).with_flags(strict=strict)
    if changed_files:
        from pathlib import Path

        from skillkit.discovery.repo import owning_skills

        given = [folder for folder in owning_skills(given) if not settings.excluded(Path(folder))]
        if not given:
            n = len(paths or [])
            sys.stdout.write(f"no skill among the {counted(n, 'changed file')}: nothing to check\n")
            return 0
    run = start(
        given, target=target, select=select, ignore=ignore or (), config=settings,
        changed_files=changed_files, progress=True, check_code=check_code, jobs=jobs, cache=cache,
    )  # fmt: skip
    write = WRITERS[format]
    if output is None:
        colour = format == "text" and sys.stdout.isatty() and "NO_COLOR" not in os.environ
        write(run, sys.stdout, colour=colour)
        return run.tally.exit_code(strict=settings.strict)
    from skillkit.atomic import (
        replacing,  # only with --output: tempfile costs a one-skill run ~3 ms to import
    )
    from skillkit.reporters.text import tally_line

    try:
        with replacing(output) as out:  # whole or absent: an interrupted run leaves no partial report
            write(run, out)
    except OSError as exc:
        raise UsageError(f"cannot write {output}: {exc.strerror or exc}") from None
    sys.stdout.write(f"{tally_line(run.tally)}\n{format} report written to {output}\n")
    return run.tally.exit_code(strict=settings.strict)
