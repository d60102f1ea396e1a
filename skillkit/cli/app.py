"""The command line: parse arguments, call the core, hand the report to a reporter, exit with its code."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from skillkit.cli.errors import guarded
from skillkit.cli.typer_words import Command as _Command
from skillkit.cli.typer_words import Group as _Group
from skillkit.cli.typer_words import typer_outcome as _typer_outcome
from skillkit.cli.validate import (
    check_config_patterns,
    check_patterns,
    choice,
    known_rule,
)
from skillkit.reporters import BUILD_NAMES, VALIDATE_CHOICES

app = typer.Typer(
    name="skillkit",
    help="Validate and package Claude skills.",
    cls=_Group,
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)



def _version(value: bool) -> None:
    if value:
        from importlib.metadata import distribution, packages_distributions

        from skillkit import build_mode
        from skillkit.version import __version__

        build = "compiled with mypyc" if build_mode.compiled() else "pure Python"
        typer.echo(f"skillkit {__version__} ({build})")
        # PyPI's `skillkit` and `skillkit-cli` ship a `skillkit` module too (README, "Install"): in one environment
        # the last one installed overwrites the other's files. This project installed under its former name is no
        # stranger: its `skillkit` command is ours.
        ours = "skillkit.cli.main:main"
        others = sorted(
            name
            for name in set(packages_distributions().get("skillkit", []))
            if name.lower() != "skillkit-lint" and ours not in {ep.value for ep in distribution(name).entry_points}
        )
        if others:
            typer.echo(
                f"skillkit: warning: the `skillkit` module here is also installed by {', '.join(others)}; they overwrite"
                " each other's files. Install skillkit-lint on its own: pipx install skillkit-lint",
                err=True,
            )
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Validate and package Claude skills."""


@app.command(cls=_Command)
def validate(
    paths: Annotated[list[str] | None, typer.Argument(help="Skill folders, SKILL.md files, or folders to search (default: the current folder).", show_default=False)] = None,
    target: Annotated[str | None, typer.Option(help="auto, claude-ai, api, claude-code or agentskills (default: the config file's, else auto).", metavar="TARGET", show_default=False)] = None,
    format: Annotated[str, typer.Option("--format", "-f", help=f"{', '.join(VALIDATE_CHOICES)}; auto is github under GitHub Actions, else text.", metavar="FORMAT")] = "auto",
    output: Annotated[str | None, typer.Option("--output", "-o", help="Write the report to this file; a one-line summary still goes to the terminal.", metavar="FILE")] = None,
    config: Annotated[str | None, typer.Option("--config", help="Settings file to use instead of the nearest .skillkit.toml or pyproject.toml with a tool.skillkit table.", metavar="FILE")] = None,
    strict: Annotated[bool | None, typer.Option("--strict/--no-strict", help="Exit 1 on warnings too (default: the config file's, else no).", show_default=False)] = None,
    select: Annotated[list[str] | None, typer.Option(help="Only these rule ids (repeatable).", metavar="RULE")] = None,
    ignore: Annotated[list[str] | None, typer.Option(help="Skip these rule ids (repeatable).", metavar="RULE")] = None,
    check_code: Annotated[
        bool, typer.Option("--check-code", help="Also parse fenced code (json, yaml, toml, python, bash, ...); never runs it.")
    ] = False,
    changed_files: Annotated[
        bool, typer.Option("--changed-files", help="PATHS are changed files (pre-commit): check the skills they belong to; exit 0 if none does.")
    ] = False,
    jobs: Annotated[
        int | None, typer.Option("--jobs", "-j", help="Worker processes for large runs (default: every CPU; 1 checks in one process).", metavar="N", show_default=False)
    ] = None,
    cache: Annotated[
        bool, typer.Option("--cache", help="Reuse results for unchanged skills (stored under SKILLKIT_CACHE_DIR or ~/.cache/skillkit).")
    ] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Show errors only (and warnings under --strict); the summary still counts everything.")
    ] = False,
    color: Annotated[
        str, typer.Option("--color", help="auto, always or never; auto colours a terminal unless NO_COLOR is set, and always when FORCE_COLOR is.", metavar="WHEN")
    ] = "auto",
    baseline: Annotated[
        str | None, typer.Option("--baseline", help="Report and fail only on findings not in this baseline file (see --write-baseline).", metavar="FILE")
    ] = None,
    write_baseline: Annotated[
        str | None, typer.Option("--write-baseline", help="Record every finding of this run in FILE, to adopt the check on a repository that already has findings.", metavar="FILE")
    ] = None,
    max_annotations: Annotated[
        int | None, typer.Option("--max-annotations", help="--format github: annotations of each severity at most (default 10, what GitHub shows per step).", metavar="N", show_default=False)
    ] = None,
    annotate_infos: Annotated[
        bool, typer.Option("--annotate-infos", help="--format github: annotate infos too (as notices); by default they are only listed in the log.")
    ] = False,
) -> None:
    """Check skills, plugins and marketplaces and report every problem with its file, line and column."""
    from skillkit.cli.validate import run_validate

    raise typer.Exit(
        run_validate(
            paths, target=target, format=format, output=output, config=config, strict=strict, select=select,
            ignore=ignore, check_code=check_code, changed_files=changed_files, jobs=jobs, cache=cache, quiet=quiet,
            color=color, baseline=baseline, write_baseline=write_baseline, max_annotations=max_annotations,
            annotate_infos=annotate_infos,
        )
    )


@app.command("build-zip", cls=_Command)
def build_zip(
    paths: Annotated[list[str] | None, typer.Argument(help="Skill folders, or folders to search for skills (default: the current folder).", show_default=False)] = None,
    out: Annotated[str, typer.Option("--out", "-o", help="Folder the zips are written to.", metavar="FOLDER")] = "dist",
    ext: Annotated[str, typer.Option(help="zip (claude.ai upload) or skill (Claude Desktop opens .skill).", metavar="EXT")] = "zip",
    check: Annotated[bool, typer.Option(help="Build in memory and exit 1 if the zip in --out differs.")] = False,
    format: Annotated[str, typer.Option("--format", "-f", help="text or json.", metavar="FORMAT")] = "text",
    exclude: Annotated[list[str] | None, typer.Option(help="Leave out files matching this gitignore pattern (repeatable).", metavar="PATTERN")] = None,
    allow_secret: Annotated[list[str] | None, typer.Option(help="Package files matching this pattern even if they look like secrets (repeatable).", metavar="PATTERN")] = None,
    config: Annotated[str | None, typer.Option("--config", help="Settings file to use instead of the nearest .skillkit.toml or pyproject.toml \\[tool.skillkit].", metavar="FILE")] = None,
) -> None:
    """Validate each skill for claude.ai, then write a reproducible, upload-ready <out>/<name>.zip."""
    from pathlib import Path

    from skillkit.config import files as configuration
    from skillkit.packaging.archive import zip_date_time
    from skillkit.packaging.build import BuildOptions, build_zips, exit_code
    from skillkit.reporters.build import render_json, render_text

    choice("--format", format, BUILD_NAMES)
    choice("--ext", ext, ("zip", "skill"))
    check_patterns("--exclude", exclude or ())
    check_patterns("--allow-secret", allow_secret or ())
    options = BuildOptions(
        out=Path(out),
        ext=ext,
        check=check,
        exclude=tuple(exclude or ()),
        allow_secret=tuple(allow_secret or ()),
        date_time=zip_date_time(),
    )
    given = paths or ["."]
    settings = configuration.resolve(given, config)
    check_config_patterns(settings)
    results = build_zips(given, options, settings)
    render = render_json if format == "json" else render_text
    sys.stdout.write(render(results, check=check))
    raise typer.Exit(exit_code(results))


@app.command(cls=_Command)
def rules(
    rule_id: Annotated[str | None, typer.Argument(help="Show this rule's documentation.", show_default=False)] = None,
    markdown: Annotated[bool, typer.Option(help="Print docs/rules.md.")] = False,
) -> None:
    """List every rule (id, severity, targets, fix, summary), or document one."""
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


@app.command(cls=_Command)
def schema(
    target: Annotated[str, typer.Option(help="claude-ai, api, claude-code or agentskills.", metavar="TARGET")] = "claude-ai",
) -> None:
    """Print the JSON Schema of the frontmatter for a target."""
    import json

    from skillkit.diagnostics import Target
    from skillkit.schema.shape import json_schema

    choice("--target", target, tuple(t.value for t in Target))
    sys.stdout.write(json.dumps(json_schema(Target(target)), indent=2) + "\n")


@app.command(cls=_Command)
def fix(
    paths: Annotated[list[str] | None, typer.Argument(help="Skill folders, SKILL.md files, or folders to search (default: the current folder).", show_default=False)] = None,
    diff: Annotated[bool, typer.Option("--diff", help="Write nothing: print a unified diff of what would change (exit 1 if anything would).")] = False,
    unsafe: Annotated[bool, typer.Option("--unsafe", help="Also apply the fixes that may not be what the author meant (`skillkit rules` marks them).")] = False,
    target: Annotated[str | None, typer.Option(help="auto, claude-ai, api, claude-code or agentskills (default: the config file's, else auto).", metavar="TARGET", show_default=False)] = None,
    config: Annotated[str | None, typer.Option("--config", help="Settings file to use instead of the nearest .skillkit.toml or pyproject.toml with a tool.skillkit table.", metavar="FILE")] = None,
    strict: Annotated[bool | None, typer.Option("--strict/--no-strict", help="Exit 1 on warnings left too (default: the config file's, else no).", show_default=False)] = None,
    select: Annotated[list[str] | None, typer.Option(help="Only these rule ids (repeatable): only their fixes are applied.", metavar="RULE")] = None,
    ignore: Annotated[list[str] | None, typer.Option(help="Skip these rule ids (repeatable).", metavar="RULE")] = None,
    changed_files: Annotated[
        bool, typer.Option("--changed-files", help="PATHS are changed files (pre-commit): fix the skills they belong to.")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="In the report of what remains, show errors only (and warnings under --strict).")] = False,
    color: Annotated[str, typer.Option("--color", help="auto, always or never, for the report of what remains.", metavar="WHEN")] = "auto",
) -> None:
    """Apply every safe fix in place, print each change, then report what remains (validate's exit codes)."""
    from skillkit.cli.authoring import run_fix

    raise typer.Exit(
        run_fix(
            paths, target=target, config=config, strict=strict, select=select, ignore=ignore,
            changed_files=changed_files, quiet=quiet, color=color, diff=diff, unsafe=unsafe,
        )
    )  # fmt: skip


@app.command(cls=_Command)
def new(
    name: Annotated[str, typer.Argument(help="The skill's name, which is also its folder's: lowercase letters, digits and hyphens.", show_default=False)],
    directory: Annotated[str, typer.Option("--dir", help="Folder to create the skill in.", metavar="DIR")] = ".",
    description: Annotated[str | None, typer.Option(help="The description (default: a placeholder to replace).", metavar="TEXT", show_default=False)] = None,
    with_: Annotated[list[str] | None, typer.Option("--with", help="Folders to add, comma-separated: scripts, references, assets (repeatable).", metavar="FOLDERS")] = None,
) -> None:
    """Create DIR/NAME/ with a SKILL.md that validates under every target; never over an existing folder."""
    from skillkit.cli.authoring import run_new

    raise typer.Exit(run_new(name, directory, description, with_))


@app.command(cls=_Command)
def lsp(
    stdio: Annotated[bool, typer.Option("--stdio", help="Talk LSP on stdin/stdout (the default and only transport; editors' clients may pass it).")] = False,
) -> None:
    """Run the language server for editors (LSP on stdio; needs the extra: pip install 'skillkit-lint\\[lsp]')."""
    from skillkit.lsp.run import serve

    raise typer.Exit(serve())


def main() -> None:
    """Entry point: every failure is one line on stderr and exit 2, never a traceback."""
    sys.exit(guarded(lambda: app(standalone_mode=False), _typer_outcome))


if __name__ == "__main__":
    main()
