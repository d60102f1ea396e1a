"""The real command line: exit codes 0/1/2, text and JSON formats, rules listing, usage errors without tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
from conftest import generate_skills, run_cli, write_skill

REPO = Path(__file__).resolve().parents[2]


def test_clean_skill_exits_0_with_summary(tmp_path: Path) -> None:
    write_skill(tmp_path, "pdf-reading")
    result = run_cli("validate", "pdf-reading", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "1 skill checked (target claude-ai): no problems\n"


def test_error_exits_1_and_prints_location_severity_rule_message(tmp_path: Path) -> None:
    write_skill(tmp_path, "bad-skill", frontmatter="name: Bad_Skill\ndescription: Reads PDFs. Use when asked.\n")
    result = run_cli("validate", ".", cwd=tmp_path)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0] == "bad-skill/SKILL.md  (Bad_Skill, target claude-ai)"
    assert " ".join(lines[1].split()) == (
        "bad-skill/SKILL.md:2:7 error name-format name 'Bad_Skill' has uppercase letters; use lowercase letters, digits and single hyphens"
    )
    assert lines[2].split()[:3] == ["bad-skill/SKILL.md:2:7", "error", "name-mismatch"]
    assert lines[-1] == "1 skill checked (target claude-ai), 1 invalid: 2 errors, 0 warnings, 0 infos"


def test_warnings_exit_0_but_1_under_strict(tmp_path: Path) -> None:
    write_skill(tmp_path, "meta-skill", frontmatter="name: meta-skill\ndescription: Reads PDFs. Use when asked.\nmetadata:\n  version: 1.0\n")
    assert run_cli("validate", ".", cwd=tmp_path).returncode == 0
    assert run_cli("validate", "--strict", ".", cwd=tmp_path).returncode == 1


def test_missing_path_exits_2_with_one_line(tmp_path: Path) -> None:
    result = run_cli("validate", "nope", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == "skillkit: error: path not found: nope\n"
    assert result.stdout == ""


def test_nothing_found_exits_2(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "README.md").write_text("# not a skill\n")
    result = run_cli("validate", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == "skillkit: error: no skill found in . (a skill is a folder holding a SKILL.md)\n"


def test_not_a_skill_file_exits_2(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("x")
    result = run_cli("validate", "notes.txt", cwd=tmp_path)
    assert result.returncode == 2
    assert "not a skill: notes.txt" in result.stderr


def test_bad_option_values_exit_2_with_did_you_mean(tmp_path: Path) -> None:
    write_skill(tmp_path, "pdf-reading")
    result = run_cli("validate", "--target", "claude-a", ".", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("skillkit: error: --target 'claude-a' is not one of auto, claude-ai, api, claude-code, agentskills; did you mean 'claude-ai'?")
    result = run_cli("validate", "--ignore", "name-lenght", ".", cwd=tmp_path)
    assert result.returncode == 2
    assert "did you mean 'name-length'?" in result.stderr
    result = run_cli("validate", "--no-such-flag", cwd=tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and result.stderr.startswith("skillkit: error:")


def test_json_format_matches_published_schema(tmp_path: Path) -> None:
    write_skill(tmp_path, "pdf-reading")
    write_skill(tmp_path, "wrong-folder", frontmatter="name: other\ndescription: Reads PDFs. Use when asked.\nversion: 2\n")
    result = run_cli("validate", "--format", "json", ".", cwd=tmp_path)
    assert result.returncode == 1
    report = json.loads(result.stdout)
    schema = json.loads((REPO / "schemas" / "report.schema.json").read_text())
    jsonschema.validate(report, schema)
    assert report["summary"] == {"skills": 2, "errors": 2, "warnings": 0, "infos": 0}
    by_path = {s["path"]: s for s in report["skills"]}
    assert by_path["pdf-reading"] == {
        "path": "pdf-reading",
        "file": "pdf-reading/SKILL.md",
        "name": "pdf-reading",
        "target": "claude-ai",
        "valid": True,
        "diagnostics": [],
    }
    assert [(d["rule"], d["severity"], d["line"], d["column"]) for d in by_path["wrong-folder"]["diagnostics"]] == [
        ("name-mismatch", "error", 2, 7),
        ("unknown-key", "error", 4, 1),
    ]
    assert report["problems"] == []


def test_paths_outside_cwd_are_absolute(tmp_path: Path) -> None:
    skill = write_skill(tmp_path / "elsewhere", "pdf-reading", frontmatter="name: Pdf\ndescription: d. Use when asked.\n")
    (tmp_path / "cwd").mkdir()
    report = json.loads(run_cli("validate", "-f", "json", str(skill), cwd=tmp_path / "cwd").stdout)
    assert report["skills"][0]["path"] == skill.as_posix()
    assert report["skills"][0]["diagnostics"][0]["file"] == (skill / "SKILL.md").as_posix()


def test_rules_listing_and_docs() -> None:
    listing = run_cli("rules")
    assert listing.returncode == 0
    assert any(line.startswith("description-length  ") for line in listing.stdout.splitlines())
    doc = run_cli("rules", "description-length")
    assert doc.returncode == 0
    assert doc.stdout.startswith("description-length\n  severity: error\n  targets:  all\n")
    assert "1024" in doc.stdout
    unknown = run_cli("rules", "description-lenght")
    assert unknown.returncode == 2
    assert "did you mean 'description-length'?" in unknown.stderr


def test_version_and_no_colour_when_piped(tmp_path: Path) -> None:
    assert run_cli("--version").stdout.startswith("skillkit ")
    write_skill(tmp_path, "x", frontmatter="name: X\ndescription: d\n")
    out = run_cli("validate", ".", cwd=tmp_path, env={"TERM": "xterm"}).stdout
    assert "\x1b[" not in out


def test_schema_command_prints_target_schema() -> None:
    result = run_cli("schema", "--target", "claude-code")
    assert result.returncode == 0
    schema = json.loads(result.stdout)
    assert "argument-hint" in schema["properties"]


def test_a_reader_that_stops_reading_is_not_an_error(tmp_path: Path) -> None:
    # `skillkit validate | head`: the pipe closes while output is still coming. No "internal error", no traceback,
    # nothing on stderr; the shell's code for a closed pipe.
    generate_skills(60, tmp_path / "skills", seed=3)
    env = {**os.environ, "NO_COLOR": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "skillkit", "validate", "--format", "json", "skills"], cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.read(1)
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert (proc.wait(timeout=120), err) == (141, "")
