"""The command line's words: --help without type placeholders, one wording of "did you mean", --color with NO_COLOR
and FORCE_COLOR, and an invalid glob in --exclude or the config as a usage error naming the pattern."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import run_cli, write_skill

from skillkit.cli.validate import use_colour

PLACEHOLDER = re.compile(r"<(?:str|bool|int|list\[str\]|float|path)>")


@pytest.mark.parametrize("command", [[], ["validate"], ["build-zip"], ["rules"], ["schema"]])
def test_help_has_no_type_placeholders(command: list[str]) -> None:
    done = run_cli(*command, "--help", env={"COLUMNS": "200"})
    assert done.returncode == 0, done.stderr
    assert "--help" in done.stdout
    assert not PLACEHOLDER.search(done.stdout), PLACEHOLDER.findall(done.stdout)
    if command == ["validate"]:
        for option, metavar in [("--baseline", "FILE"), ("--select", "RULE"), ("--jobs", "N"), ("--color", "WHEN")]:
            assert re.search(rf"{option}\s.*{metavar}", done.stdout), option


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["validate", "--tagret", "api"], "no such option: --tagret; did you mean '--target'?"),
        (["valdate"], "no such command 'valdate'; did you mean 'validate'?"),
        (["validate", "--format", "jsn", "."], "--format 'jsn' is not one of auto, text, json, sarif, github, junit; did you mean 'json'?"),
        (["validate", "--select", "name-lenght", "."], "unknown rule id 'name-lenght'; did you mean 'name-length'?"),
        (["rules", "--markdwn"], "no such option: --markdwn; did you mean '--markdown'?"),
        (["validate", "--zzz"], "no such option: --zzz; `skillkit validate --help` lists them"),
        (["validate", "--color", "sometimes", "."], "--color 'sometimes' is not one of auto, always, never"),
    ],
)
def test_one_wording_of_did_you_mean(tmp_path: Path, argv: list[str], message: str) -> None:
    write_skill(tmp_path, "pdf-reading")
    done = run_cli(*argv, cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr == f"skillkit: error: {message}\n"


def test_parser_errors_are_lowercase_without_a_closing_period(tmp_path: Path) -> None:
    done = run_cli("validate", "--jobs", "two", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.startswith("skillkit: error: invalid value for '--jobs'")
    assert not done.stderr.rstrip().endswith(".")


@pytest.mark.parametrize(
    ("mode", "env", "tty", "expected"),
    [
        ("always", {"NO_COLOR": "1"}, False, True),
        ("never", {"FORCE_COLOR": "1"}, True, False),
        ("auto", {}, True, True),
        ("auto", {}, False, False),
        ("auto", {"NO_COLOR": "1"}, True, False),
        ("auto", {"NO_COLOR": ""}, True, True),  # no-color.org: only a non-empty value counts
        ("auto", {"FORCE_COLOR": "1"}, False, True),
        ("auto", {"FORCE_COLOR": "0"}, False, True),  # force-color.org: any non-empty value
        ("auto", {"FORCE_COLOR": ""}, False, False),
        ("auto", {"NO_COLOR": "1", "FORCE_COLOR": "1"}, False, False),
        ("auto", {"TERM": "dumb"}, True, False),
    ],
)
def test_use_colour(mode: str, env: dict[str, str], tty: bool, expected: bool) -> None:
    class Stream:
        def isatty(self) -> bool:
            return tty

    assert use_colour(mode, Stream(), env) is expected  # type: ignore[arg-type]


def test_color_flag_and_environment_on_a_real_run(tmp_path: Path) -> None:
    write_skill(tmp_path, "bad-skill", frontmatter="name: Bad_Skill\ndescription: Reads PDFs. Use when asked.\n")
    assert "\x1b[31m" in run_cli("validate", "--color", "always", ".", cwd=tmp_path).stdout
    assert "\x1b[" not in run_cli("validate", "--color", "never", ".", cwd=tmp_path, env={"FORCE_COLOR": "1"}).stdout
    assert "\x1b[31m" in run_cli("validate", ".", cwd=tmp_path, env={"NO_COLOR": "", "FORCE_COLOR": "1"}).stdout
    assert "\x1b[" not in run_cli("validate", ".", cwd=tmp_path, env={"NO_COLOR": "1", "FORCE_COLOR": "1"}).stdout
    assert "\x1b[" not in run_cli("validate", "--color", "always", "-f", "json", ".", cwd=tmp_path).stdout


@pytest.mark.parametrize(
    ("pattern", "why"),
    [
        ("[abc", "a '[' is never closed (write \\[ for a literal bracket)"),
        ("[[:alfa:]]", "unknown character class '[:alfa:]'; did you mean 'alpha'?"),
        ("drafts\\", "it ends in a lone backslash (write \\\\ for a backslash)"),
        ("!", "'!' re-includes nothing: write the pattern after it"),
    ],
)
def test_an_invalid_glob_is_a_usage_error_naming_it(tmp_path: Path, pattern: str, why: str) -> None:
    write_skill(tmp_path, "pdf-reading")
    build = run_cli("build-zip", "--check", "--exclude", pattern, "pdf-reading", cwd=tmp_path)
    assert build.returncode == 2
    assert build.stderr.startswith(f"skillkit: error: --exclude: invalid pattern {pattern!r}: {why}")
    (tmp_path / ".skillkit.toml").write_text(f"exclude = [{_toml(pattern)}]\n")
    done = run_cli("validate", ".", cwd=tmp_path)
    assert done.returncode == 2 and "internal error" not in done.stderr
    assert done.stderr.startswith(f"skillkit: error: .skillkit.toml: exclude: invalid pattern {pattern!r}: {why}")
    (tmp_path / ".skillkit.toml").write_text(f'[[overrides]]\npaths = ["skills", {_toml(pattern)}]\ntarget = "api"\n')
    done = run_cli("validate", ".", cwd=tmp_path)
    assert done.returncode == 2 and ".skillkit.toml: overrides[0].paths: invalid pattern" in done.stderr
    assert run_cli("build-zip", "--check", "--allow-secret", pattern, "pdf-reading", cwd=tmp_path).returncode == 2


def _toml(text: str) -> str:
    return "'" + text + "'"  # a TOML literal string: backslashes as they are
