"""The command line: parse arguments, call the core, hand the report to a reporter, exit with its code."""

from __future__ import annotations

import difflib
import os
import sys
from typing import Annotated, Optional

import typer

from .diagnostics import EXIT_UNCHECKED, UsageError

app = typer.Typer(
    name="skillkit",
    help="Validate and package Claude skills.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

FORMATS = ("text", "json")


def _version(value: bool) -> None:
    if value:
        from . import __version__

        typer.echo(f"skillkit {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Validate and package Claude skills."""


@app.command()
def validate(
    paths: Annotated[Optional[list[str]], typer.Argument(help="Skill folders, SKILL.md files, or folders to search.")] = None,
    target: Annotated[str, typer.Option(help="auto, claude-ai, api, claude-code or agentskills.")] = "auto",
    format: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
    strict: Annotated[bool, typer.Option(help="Exit 1 on warnings too.")] = False,
    select: Annotated[Optional[list[str]], typer.Option(help="Only these rule ids (repeatable).")] = None,
    ignore: Annotated[Optional[list[str]], typer.Option(help="Skip these rule ids (repeatable).")] = None,
) -> None:
    """Check skills and report every problem with its file, line and column."""
    from .api import validate as run
    from .reporters import REPORTERS
    from .targets import TARGET_CHOICES

    _choice("--target", target, TARGET_CHOICES)
    _choice("--format", format, FORMATS)
    for rule_id in [*(select or []), *(ignore or [])]:
        _known_rule(rule_id)
    report = run(paths or ["."], target=target, select=select, ignore=ignore or ())
    colour = format == "text" and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    sys.stdout.write(REPORTERS[format](report, colour=colour))
    raise typer.Exit(report.exit_code(strict=strict))


@app.command()
def rules(
    rule_id: Annotated[Optional[str], typer.Argument(help="Show this rule's documentation.")] = None,
    markdown: Annotated[bool, typer.Option(help="Print docs/rules.md.")] = False,
) -> None:
    """List every rule (id, severity, targets, summary), or document one."""
    from . import docgen
    from .rules import RULES

    if markdown:
        sys.stdout.write(docgen.rules_markdown())
        return
    if rule_id is None:
        sys.stdout.write(docgen.rules_table())
        return
    _known_rule(rule_id)
    sys.stdout.write(docgen.rule_text(RULES[rule_id]))


@app.command()
def schema(
    target: Annotated[str, typer.Option(help="claude-ai, api, claude-code or agentskills.")] = "claude-ai",
) -> None:
    """Print the JSON Schema of the frontmatter for a target."""
    import json

    from .diagnostics import Target
    from .schema import json_schema

    _choice("--target", target, tuple(t.value for t in Target))
    sys.stdout.write(json.dumps(json_schema(Target(target)), indent=2) + "\n")


def _choice(flag: str, value: str, choices: tuple[str, ...]) -> None:
    if value not in choices:
        close = difflib.get_close_matches(value, choices, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        raise UsageError(f"{flag} {value!r} is not one of {', '.join(choices)}{hint}")


def _known_rule(rule_id: str) -> None:
    from .rules import RULES

    if rule_id not in RULES:
        close = difflib.get_close_matches(rule_id, list(RULES), n=1)
        hint = f"; did you mean '{close[0]}'?" if close else " (see 'skillkit rules')"
        raise UsageError(f"unknown rule id {rule_id!r}{hint}")


def main() -> None:
    """Entry point: every failure is one line on stderr and exit 2, never a traceback."""
    try:
        code = app(standalone_mode=False)
    except UsageError as exc:
        sys.stderr.write(f"skillkit: error: {exc}\n")
        sys.exit(EXIT_UNCHECKED)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        sys.stderr.write("skillkit: interrupted\n")
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - typer's usage errors and anything unforeseen
        _usage_or_crash(exc)
    sys.exit(code if isinstance(code, int) else 0)


def _usage_or_crash(exc: Exception) -> None:
    if isinstance(exc, typer.Abort):
        sys.stderr.write("skillkit: aborted\n")
        sys.exit(130)
    if isinstance(exc, typer.TyperException):
        message = exc.format_message().strip()
        if type(exc).__name__ == "NoArgsIsHelpError":
            sys.stdout.write(message + "\n")  # bare `skillkit` shows the help
        else:
            sys.stderr.write(f"skillkit: error: {message}\n")
        sys.exit(EXIT_UNCHECKED)
    if os.environ.get("SKILLKIT_DEBUG"):
        raise exc
    sys.stderr.write(f"skillkit: internal error: {type(exc).__name__}: {exc} (set SKILLKIT_DEBUG=1 for a traceback; please report it)\n")
    sys.exit(EXIT_UNCHECKED)

if __name__ == "__main__":
    main()
