"""The command line: parse arguments, call the core, hand the report to a reporter, exit with its code."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from skillkit.cli.errors import EXIT_INTERRUPTED, guarded
from skillkit.cli.validate import choice, known_rule
from skillkit.diagnostics import EXIT_UNCHECKED
from skillkit.reporters import BUILD_NAMES, VALIDATE_CHOICES

app = typer.Typer(
    name="skillkit",
    help="Validate and package Claude skills.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)



def _version(value: bool) -> None:
    if value:
        from skillkit import build_mode
        from skillkit.version import __version__

        build = "compiled with mypyc" if build_mode.compiled() else "pure Python"
        typer.echo(f"skillkit {__version__} ({build})")
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
    paths: Annotated[list[str] | None, typer.Argument(help="Skill folders, SKILL.md files, or folders to search.")] = None,
    target: Annotated[str | None, typer.Option(help="auto, claude-ai, api, claude-code or agentskills (default: the config file's, else auto).", show_default=False)] = None,
    format: Annotated[str, typer.Option("--format", "-f", help=f"{', '.join(VALIDATE_CHOICES)}; auto is github under GitHub Actions, else text.")] = "auto",
    output: Annotated[str | None, typer.Option("--output", "-o", help="Write the report to this file; a one-line summary still goes to the terminal.")] = None,
    config: Annotated[str | None, typer.Option("--config", help="Settings file to use instead of the nearest .skillkit.toml or pyproject.toml with a tool.skillkit table.")] = None,
    strict: Annotated[bool | None, typer.Option("--strict/--no-strict", help="Exit 1 on warnings too (default: the config file's, else no).", show_default=False)] = None,
    select: Annotated[list[str] | None, typer.Option(help="Only these rule ids (repeatable).")] = None,
    ignore: Annotated[list[str] | None, typer.Option(help="Skip these rule ids (repeatable).")] = None,
    check_code: Annotated[
        bool, typer.Option("--check-code", help="Also parse fenced code (json, yaml, toml, python, bash, ...); never runs it.")
    ] = False,
    changed_files: Annotated[
        bool, typer.Option("--changed-files", help="PATHS are changed files (pre-commit): check the skills they belong to; exit 0 if none does.")
    ] = False,
    jobs: Annotated[
        int | None, typer.Option("--jobs", "-j", help="Worker processes for large runs (default: every CPU; 1 checks in one process).", show_default=False)
    ] = None,
    cache: Annotated[
        bool, typer.Option("--cache", help="Reuse results for unchanged skills (stored under SKILLKIT_CACHE_DIR or ~/.cache/skillkit).")
    ] = False,
) -> None:
    """Check skills, plugins and marketplaces and report every problem with its file, line and column."""
    from skillkit.cli.validate import run_validate

    raise typer.Exit(
        run_validate(
            paths, target=target, format=format, output=output, config=config, strict=strict, select=select,
            ignore=ignore, check_code=check_code, changed_files=changed_files, jobs=jobs, cache=cache,
        )
    )


@app.command("build-zip")
def build_zip(
    paths: Annotated[list[str] | None, typer.Argument(help="Skill folders, or folders to search for skills.")] = None,
    out: Annotated[str, typer.Option("--out", "-o", help="Folder the zips are written to.")] = "dist",
    ext: Annotated[str, typer.Option(help="zip (claude.ai upload) or skill (Claude Desktop opens .skill).")] = "zip",
    check: Annotated[bool, typer.Option(help="Build in memory and exit 1 if the zip in --out differs.")] = False,
    format: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
    exclude: Annotated[list[str] | None, typer.Option(help="Leave out files matching this gitignore pattern (repeatable).")] = None,
    allow_secret: Annotated[list[str] | None, typer.Option(help="Package files matching this pattern even if they look like secrets (repeatable).")] = None,
    config: Annotated[str | None, typer.Option("--config", help="Settings file to use instead of the nearest .skillkit.toml or pyproject.toml \\[tool.skillkit].")] = None,
) -> None:
    """Validate each skill for claude.ai, then write a reproducible, upload-ready <out>/<name>.zip."""
    from pathlib import Path

    from skillkit.config import settings as configuration
    from skillkit.packaging.archive import zip_date_time
    from skillkit.packaging.build import BuildOptions, build_zips, exit_code
    from skillkit.reporters.build import render_json, render_text

    choice("--format", format, BUILD_NAMES)
    choice("--ext", ext, ("zip", "skill"))
    options = BuildOptions(
        out=Path(out),
        ext=ext,
        check=check,
        exclude=tuple(exclude or ()),
        allow_secret=tuple(allow_secret or ()),
        date_time=zip_date_time(),
    )
    given = paths or ["."]
    results = build_zips(given, options, configuration.resolve(given, config))
    render = render_json if format == "json" else render_text
    sys.stdout.write(render(results, check=check))
    raise typer.Exit(exit_code(results))


@app.command()
def rules(
    rule_id: Annotated[str | None, typer.Argument(help="Show this rule's documentation.")] = None,
    markdown: Annotated[bool, typer.Option(help="Print docs/rules.md.")] = False,
) -> None:
    """List every rule (id, severity, targets, summary), or document one."""
    from skillkit.cli import docgen
    from skillkit.rules import RULES

    if markdown:
        sys.stdout.write(docgen.rules_markdown())
        return
    if rule_id is None:
        sys.stdout.write(docgen.rules_table())
        return
    known_rule(rule_id)
    sys.stdout.write(docgen.rule_text(RULES[rule_id]))


@app.command()
def schema(
    target: Annotated[str, typer.Option(help="claude-ai, api, claude-code or agentskills.")] = "claude-ai",
) -> None:
    """Print the JSON Schema of the frontmatter for a target."""
    import json

    from skillkit.diagnostics import Target
    from skillkit.schema.shape import json_schema

    choice("--target", target, tuple(t.value for t in Target))
    sys.stdout.write(json.dumps(json_schema(Target(target)), indent=2) + "\n")


def main() -> None:
    """Entry point: every failure is one line on stderr and exit 2, never a traceback."""
    sys.exit(guarded(lambda: app(standalone_mode=False), _typer_outcome))


def _typer_outcome(exc: Exception) -> int | None:
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
            sys.stderr.write(f"skillkit: error: {message}\n")
        return EXIT_UNCHECKED
    return None


if __name__ == "__main__":
    main()
