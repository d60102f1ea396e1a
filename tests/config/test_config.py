"""Configuration: found by walking up, CLI flags over the file, per-path overrides, excludes, and exit 2 on bad keys."""

from __future__ import annotations

from pathlib import Path

from conftest import run_cli, write_skill

from skillkit.config.settings import SETTINGS_KEYS
from skillkit.rules import RULES

# Under claude-code `version` is an unknown key (a warning); under claude-ai it is an error.
VERSIONED = "name: {name}\ndescription: Reads PDFs. Use when asked.\nversion: 1\n"


def versioned(root: Path, name: str) -> Path:
    return write_skill(root, name, frontmatter=VERSIONED.format(name=name))


def summary(result_stdout: str) -> str:
    return result_stdout.splitlines()[-1]


def test_pyproject_table_is_found_by_walking_up(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.skillkit]\ntarget = "claude-code"\n')
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "pyproject.toml").write_text('[project]\nname = "x"\n')  # no table: keep walking
    versioned(tmp_path / "a" / "b", "pdf")
    result = run_cli("validate", "a/b", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert summary(result.stdout) == "1 skill checked (target claude-code), 0 invalid: 0 errors, 1 warning, 0 infos"


def test_dot_file_wins_over_pyproject_in_the_same_folder_and_nearer_wins(tmp_path: Path) -> None:
    (tmp_path / ".skillkit.toml").write_text('target = "api"\n')
    (tmp_path / "pyproject.toml").write_text('[tool.skillkit]\ntarget = "claude-code"\n')
    versioned(tmp_path / "skills", "pdf")
    assert "(target api)" in run_cli("validate", "skills", cwd=tmp_path).stdout
    (tmp_path / "skills" / ".skillkit.toml").write_text('target = "agentskills"\n')
    assert "(target agentskills)" in run_cli("validate", "skills", cwd=tmp_path).stdout


def test_cli_flags_override_the_file(tmp_path: Path) -> None:
    (tmp_path / ".skillkit.toml").write_text(
        'target = "claude-code"\nstrict = true\nignore = ["name-mismatch"]\n'
        '[[overrides]]\npaths = ["skills/**"]\ntarget = "agentskills"\n'
    )
    versioned(tmp_path / "skills", "pdf")
    from_file = run_cli("validate", ".", cwd=tmp_path)
    assert from_file.returncode == 1  # strict from the file: the unknown-key error under agentskills
    assert "(target agentskills)" in from_file.stdout
    flags = run_cli("validate", "--target", "claude-code", "--no-strict", ".", cwd=tmp_path)
    assert flags.returncode == 0  # --target beats the override too; --no-strict beats strict = true
    assert summary(flags.stdout) == "1 skill checked (target claude-code), 0 invalid: 0 errors, 1 warning, 0 infos"
    write_skill(tmp_path / "skills", "other", frontmatter="name: renamed\ndescription: Reads PDFs. Use when asked.\n")
    assert "name-mismatch" not in run_cli("validate", ".", cwd=tmp_path).stdout
    selected = run_cli("validate", "--select", "name-mismatch", ".", cwd=tmp_path)  # --select starts afresh
    assert selected.returncode == 1
    assert [line.split()[2] for line in selected.stdout.splitlines() if line.startswith("  ")] == ["name-mismatch"]


def test_per_path_override_and_severity(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.skillkit]\ntarget = "claude-ai"\n'
        '[tool.skillkit.severity]\nunknown-key = "info"\n'
        '[[tool.skillkit.overrides]]\npaths = ["plugins/**"]\ntarget = "claude-code"\nseverity = { unknown-key = "error" }\n'
    )
    versioned(tmp_path / "plugins" / "p" / "skills", "pdf")
    versioned(tmp_path / "skills", "docx")
    result = run_cli("validate", "-f", "json", ".", cwd=tmp_path)
    import json

    report = json.loads(result.stdout)
    got = {s["path"]: (s["target"], [(d["rule"], d["severity"]) for d in s["diagnostics"]]) for s in report["skills"]}
    assert got == {
        "plugins/p/skills/pdf": ("claude-code", [("unknown-key", "error")]),
        "skills/docx": ("claude-ai", [("unknown-key", "info")]),
    }
    assert result.returncode == 1


def test_exclude_skips_folders_but_not_paths_given_explicitly(tmp_path: Path) -> None:
    (tmp_path / ".skillkit.toml").write_text('exclude = ["drafts", "vendor/**"]\n')
    write_skill(tmp_path / "skills", "pdf")
    write_skill(tmp_path / "skills" / "drafts", "wip", frontmatter="name: WIP\ndescription: d\n")
    write_skill(tmp_path / "vendor" / "x", "theirs", frontmatter="name: Theirs\ndescription: d\n")
    result = run_cli("validate", ".", cwd=tmp_path)
    assert result.returncode == 0, result.stdout
    assert result.stdout == "1 skill checked (target claude-ai): no problems\n"
    assert run_cli("validate", "skills/drafts/wip", cwd=tmp_path).returncode == 1


def test_explicit_config_file(tmp_path: Path) -> None:
    versioned(tmp_path, "pdf")
    (tmp_path / "ci.toml").write_text('target = "claude-code"\n')
    assert "(target claude-code)" in run_cli("validate", "--config", "ci.toml", "pdf", cwd=tmp_path).stdout
    missing = run_cli("validate", "--config", "nope.toml", "pdf", cwd=tmp_path)
    assert (missing.returncode, missing.stderr) == (2, "skillkit: error: config file not found: nope.toml\n")
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    no_table = run_cli("validate", "--config", "pyproject.toml", "pdf", cwd=tmp_path)
    assert (no_table.returncode, no_table.stderr) == (2, "skillkit: error: pyproject.toml has no [tool.skillkit] table\n")


def test_unknown_key_is_exit_2_with_the_valid_keys(tmp_path: Path) -> None:
    write_skill(tmp_path, "pdf")
    (tmp_path / "pyproject.toml").write_text('[tool.skillkit]\nselct = ["name-format"]\n')
    result = run_cli("validate", "pdf", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == (
        "skillkit: error: pyproject.toml [tool.skillkit]: unknown key 'selct' (did you mean 'select'?); "
        f"valid keys: {', '.join(SETTINGS_KEYS)}\n"
    )
    assert SETTINGS_KEYS == ("target", "select", "ignore", "severity", "exclude", "strict", "respect-gitignore", "listing-budget", "overrides")
    (tmp_path / "pyproject.toml").write_text('[tool.skillkit]\n[[tool.skillkit.overrides]]\npaths = ["x"]\ntargte = "api"\n')
    result = run_cli("validate", "pdf", cwd=tmp_path)
    assert result.stderr == (
        "skillkit: error: pyproject.toml [tool.skillkit]: unknown key 'overrides.0.targte' (did you mean 'target'?); "
        "valid keys: paths, target, select, ignore, severity\n"
    )


def test_unknown_rule_id_is_exit_2_with_the_valid_ids(tmp_path: Path) -> None:
    write_skill(tmp_path, "pdf")
    valid = ", ".join(RULES)
    cases = {
        'ignore = ["name-lenght"]\n': "unknown rule id 'name-lenght' in ignore (did you mean 'name-length'?)",
        'select = ["nope"]\n': "unknown rule id 'nope' in select",
        "[severity]\nname-lenght = 'info'\n": "unknown rule id 'name-lenght' in severity (did you mean 'name-length'?)",
        '[[overrides]]\npaths = ["a"]\nignore = ["body-to-long"]\n': "unknown rule id 'body-to-long' in overrides[0].ignore (did you mean 'body-too-long'?)",
    }
    for text, message in cases.items():
        (tmp_path / ".skillkit.toml").write_text(text)
        result = run_cli("validate", "pdf", cwd=tmp_path)
        assert result.returncode == 2, text
        assert result.stderr == f"skillkit: error: .skillkit.toml: {message}; valid rule ids: {valid}\n"


def test_bad_values_and_bad_toml_are_exit_2(tmp_path: Path) -> None:
    write_skill(tmp_path, "pdf")
    (tmp_path / ".skillkit.toml").write_text('target = "claude-a"\n')
    result = run_cli("validate", "pdf", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == (
        "skillkit: error: .skillkit.toml: target 'claude-a' is not one of auto, claude-ai, api, claude-code, agentskills"
        " (did you mean 'claude-ai'?)\n"
    )
    (tmp_path / ".skillkit.toml").write_text('strict = "yes"\n[severity]\nname-length = "fatal"\n')
    result = run_cli("validate", "pdf", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == (
        "skillkit: error: .skillkit.toml: 'severity.name-length': input should be 'error', 'warning' or 'info'; "
        "'strict': input should be a valid boolean\n"
    )
    (tmp_path / ".skillkit.toml").write_text("[severity\n")
    result = run_cli("validate", "pdf", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("skillkit: error: .skillkit.toml: invalid TOML: ")
    assert "(at line 1, column 10)" in result.stderr


def test_options_without_overrides_are_made_once(tmp_path: Path) -> None:
    from skillkit.config.settings import Config, Override, Settings

    plain = Config(Settings(select=("name-format",)), root=tmp_path)
    first = plain.options_for(tmp_path / "a")
    assert plain.options_for(tmp_path / "b") is first
    assert Config(Settings(select=("name-format",)), root=tmp_path).options_for(tmp_path / "a") == first
    overridden = Config(Settings(overrides=(Override(paths=("a",), target="claude-code"),)), root=tmp_path)
    assert overridden.options_for(tmp_path / "a").target is not None
    assert overridden.options_for(tmp_path / "b").target is None
