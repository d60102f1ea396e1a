"""Typer in skillkit's words: --help without type placeholders; its exits, aborts and usage errors as exit codes and messages."""

from __future__ import annotations

import re
import sys
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup, TyperOption

from skillkit.cli.errors import EXIT_INTERRUPTED
from skillkit.diagnostics import EXIT_UNCHECKED
from skillkit.words import did_you_mean


def _plain_types(command: Any, ctx: Any) -> None:
    """--help without typer's type placeholders (`<list[str]>`, `<bool>`): an option that takes a value shows its
    metavar (FILE, RULE, N), a flag and an argument show nothing beside their help."""
    for param in command.get_params(ctx):
        shown = param.metavar if isinstance(param, TyperOption) and not param.is_flag else None
        param.display_type_rich = lambda ctx, shown=shown: shown or ""


class Command(TyperCommand):
    def format_help(self, ctx: Any, formatter: Any) -> None:
        _plain_types(self, ctx)
        super().format_help(ctx, formatter)


class Group(TyperGroup):
    def format_help(self, ctx: Any, formatter: Any) -> None:
        _plain_types(self, ctx)
        super().format_help(ctx, formatter)


def typer_outcome(exc: Exception) -> int | None:
    """The exit code for typer's own exceptions (an exit, an abort, a usage error); None for anything else."""
    if isinstance(exc, typer.Exit):
        return exc.exit_code
    if isinstance(exc, typer.Abort):
        sys.stderr.write("skillkit: aborted\n")
        return EXIT_INTERRUPTED
    if isinstance(exc, typer.TyperException):
        message = exc.format_message().strip()
        if type(exc).__name__ == "NoArgsIsHelpError":
            sys.stdout.write(message + "\n")  # bare `skillkit` shows the help
        else:
            sys.stderr.write(f"skillkit: error: {_worded(exc, message)}\n")
        return EXIT_UNCHECKED
    return None


def _worded(exc: Exception, message: str) -> str:
    """A usage error from the command-line parser in skillkit's words: lowercase, no closing period, and the one
    wording of a suggestion (`; did you mean '--target'?`)."""
    option = getattr(exc, "option_name", None) if type(exc).__name__ == "NoSuchOption" else None
    if option:
        close = (getattr(exc, "possibilities", None) or [None])[0]
        ctx = getattr(exc, "ctx", None)
        sub = ctx.info_name if ctx is not None and ctx.parent is not None else None
        command = f"skillkit {sub}" if sub else "skillkit"
        return f"no such option: {option}" + (f"; {did_you_mean(close)}" if close else f"; `{command} --help` lists them")
    message = re.sub(r"\.?\s*Did you mean '?([^'?\s]+)'?\?$", lambda m: f"; {did_you_mean(m.group(1))}", message)
    # "Invalid value for '--jobs': Input should be ..." -> "invalid value for '--jobs': input should be ..."
    message = re.sub(r"(^|: )([A-Z])(?=[a-z])", lambda m: m.group(1) + m.group(2).lower(), message)
    return message.removesuffix(".")
