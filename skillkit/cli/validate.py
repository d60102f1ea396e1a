"""The validate command without typer: its options table, a small exact parser for them, and the run itself.

`skillkit validate` is what pre-commit runs on every commit, so its start-up matters: typer (with the
pydantic it imports) costs ~90 ms. main.py parses plain `validate` invocations here and leaves help,
errors and the other commands to typer; a test keeps this table and the typer command identical.
"""

from __future__ import annotations

import gc
import os
import re
import sys
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Final, TextIO

from skillkit.diagnostics import Severity, UsageError
from skillkit.record import Record
from skillkit.words import counted, suggestion

if TYPE_CHECKING:
    from skillkit.config.settings import Config
    from skillkit.results import Tally


class Opt(Record):
    """One option of `skillkit validate`: its flags, the keyword it sets, and its kind."""

    __slots__ = ("flags", "dest", "kind")

    def __init__(self, flags: tuple[str, ...], dest: str, kind: str) -> None:
        self.flags: Final = flags
        self.dest: Final = dest
        self.kind: Final = kind  # "str", "int", "list", "true", "false"


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
    Opt(("--quiet", "-q"), "quiet", "true"),
    Opt(("--color",), "color", "str"),
    Opt(("--baseline",), "baseline", "str"),
    Opt(("--write-baseline",), "write_baseline", "str"),
    Opt(("--max-annotations",), "max_annotations", "int"),
    Opt(("--annotate-infos",), "annotate_infos", "true"),
)
COLOR_CHOICES: tuple[str, ...] = ("auto", "always", "never")
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
        raise UsageError(f"{flag} {value!r} is not one of {', '.join(choices)}{suggestion(value, choices)}")


def known_rule(rule_id: str) -> None:
    from skillkit.rules import RULES

    if rule_id not in RULES:
        hint = suggestion(rule_id, RULES) or "; `skillkit rules` lists them"
        raise UsageError(f"unknown rule id {rule_id!r}{hint}")


def check_patterns(where: str, patterns: Iterable[str]) -> None:
    """A usage error naming the first gitignore pattern that can never match (git would ignore it silently, so a
    typo in an exclude would quietly exclude nothing)."""
    from skillkit.wildmatch import compile_line

    for pattern in patterns:
        glob = compile_line(pattern)
        if glob is not None and glob._never:
            raise UsageError(f"{where}: invalid pattern {pattern!r}: {_never_matches(pattern)}")


def _never_matches(pattern: str) -> str:
    body = pattern.rstrip(" ")
    if (len(body) - len(body.rstrip("\\"))) % 2:
        return "it ends in a lone backslash (write \\\\ for a backslash)"
    if pattern.lstrip("!") == "":
        return "'!' re-includes nothing: write the pattern after it"
    klass = re.search(r"\[:([^:\]]*):\]", pattern)
    if klass:
        from skillkit.wildmatch.pattern import _POSIX

        if klass.group(1).encode() not in _POSIX:
            known = ", ".join(name.decode() for name in _POSIX)
            return f"unknown character class '[:{klass.group(1)}:]'{suggestion(klass.group(1), [n.decode() for n in _POSIX])}; known: {known}"
    return "a '[' is never closed (write \\[ for a literal bracket)"


def check_config_patterns(cfg: Config) -> None:
    """The config file's `exclude` and overrides' `paths`, checked as check_patterns does."""
    if cfg.file is None:
        return
    from skillkit.paths import display

    where = display(cfg.file) + (" [tool.skillkit]" if cfg.file.name == "pyproject.toml" else "")
    check_patterns(f"{where}: exclude", cfg.settings.exclude)
    for i, override in enumerate(cfg.settings.overrides):
        check_patterns(f"{where}: overrides[{i}].paths", override.paths)


def use_colour(mode: str, stream: TextIO | None, environ: Mapping[str, str]) -> bool:
    """--color: `always`, `never`, or `auto`: off when NO_COLOR is set (no-color.org), on when FORCE_COLOR is
    (force-color.org), else on for a terminal whose TERM is not `dumb`. Both count only when not empty."""
    if mode != "auto":
        return mode == "always"
    if environ.get("NO_COLOR"):
        return False
    if environ.get("FORCE_COLOR"):
        return True
    if stream is None or environ.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


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
    quiet: bool = False,
    color: str = "auto",
    baseline: str | None = None,
    write_baseline: str | None = None,
    max_annotations: int | None = None,
    annotate_infos: bool = False,
) -> int:
    """Run `skillkit validate` and return its exit code; usage problems raise UsageError."""
    # These imports load most of skillkit, which then lives until exit: the cyclic collector walking it as it loads
    # costs a one-skill run ~3 ms, so it pauses for them only.
    collecting = gc.isenabled()
    gc.disable()
    try:
        from skillkit.config import files as configuration
        from skillkit.engine.run import start
        from skillkit.reporters import (
            SHOWS_FIXES,
            VALIDATE_CHOICES,
            WRITERS,
            resolve_format,
        )
        from skillkit.schema.targets import TARGET_CHOICES
    finally:
        if collecting:
            gc.enable()

    if target is not None:
        choice("--target", target, TARGET_CHOICES)
    choice("--format", format, VALIDATE_CHOICES)
    choice("--color", color, COLOR_CHOICES)
    if jobs is not None and jobs < 1:
        raise UsageError(f"--jobs must be at least 1, got {jobs}")
    if max_annotations is not None and max_annotations < 0:
        raise UsageError(f"--max-annotations must be 0 or more, got {max_annotations}")
    if baseline is not None and write_baseline is not None:
        raise UsageError("--baseline and --write-baseline cannot be combined: --write-baseline FILE alone records every finding anew")
    for rule_id in [*(select or []), *(ignore or [])]:
        known_rule(rule_id)
    format = resolve_format(format, os.environ)
    given = paths or ["."]
    settings = configuration.resolve(given, config).with_flags(strict=strict)
    check_config_patterns(settings)
    known = None
    if baseline is not None:
        from skillkit.engine import baseline as baselines

        known = baselines.load(baseline)  # before the run: a bad baseline is exit 2 at once
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
        changed_files=changed_files, progress=True, check_code=check_code, jobs=jobs, cache=cache, fixes=format in SHOWS_FIXES,
    )  # fmt: skip
    if known is not None:
        run = baselines.apply(run, known, given)
    elif write_baseline is not None:
        from skillkit.engine import baseline as baselines

        run = baselines.record(run, write_baseline)
    least = (Severity.WARNING if settings.strict else Severity.ERROR) if quiet else Severity.INFO
    options: dict[str, object] = {}
    if format in ("text", "github"):
        options["least"] = least
    if format == "github":
        options["notices"] = annotate_infos
        if max_annotations is not None:
            options["limit"] = max_annotations
    write = WRITERS[format]
    with _step_summary(format) as summary:
        if summary is not None:
            options["summary"] = summary
        if output is None:
            colour = format == "text" and use_colour(color, sys.stdout, os.environ)
            write(run, sys.stdout, colour=colour, **options)
            if format not in ("text", "github"):
                _baseline_note(run.tally, sys.stderr)
            return run.tally.exit_code(strict=settings.strict)
        from skillkit.atomic import (
            replacing,  # only with --output: tempfile costs a one-skill run ~3 ms to import
        )
        from skillkit.reporters.text import tally_line

        try:
            with replacing(output) as out:  # whole or absent: an interrupted run leaves no partial report
                write(run, out, colour=format == "text" and color == "always", **options)
        except OSError as exc:
            raise UsageError(f"cannot write {output}: {exc.strerror or exc}") from None
    sys.stdout.write(f"{tally_line(run.tally)}\n")
    _baseline_note(run.tally, sys.stdout)
    sys.stdout.write(f"{format} report written to {output}\n")
    return run.tally.exit_code(strict=settings.strict)


def _baseline_note(tally: Tally, out: TextIO) -> None:
    from skillkit.reporters.text import baseline_line

    line = baseline_line(tally)
    if line:
        out.write(line + "\n")


class _step_summary:
    """Under --format github, $GITHUB_STEP_SUMMARY (when set and not empty) opened for appending, as GitHub asks;
    a file that cannot be opened is a warning on stderr, never a failed run."""

    def __init__(self, format: str) -> None:
        self.path = os.environ.get("GITHUB_STEP_SUMMARY", "") if format == "github" else ""
        self.file: TextIO | None = None

    def __enter__(self) -> TextIO | None:
        if self.path:
            try:
                self.file = open(self.path, "a", encoding="utf-8")  # closed in __exit__
            except OSError as exc:
                sys.stderr.write(f"skillkit: warning: cannot write the step summary to {self.path}: {exc.strerror or exc}\n")
        return self.file

    def __exit__(self, *exc: object) -> None:
        if self.file is not None:
            self.file.close()
