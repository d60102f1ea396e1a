"""`skillkit new`: a skill that validates with no finding under every target (and as its built zip), never over an
existing folder; a bad name, description or folder is exit 2 with the rule's message and nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_cli

import skillkit
from skillkit.authoring.new import FOLDERS, create
from skillkit.diagnostics import Target, UsageError
from skillkit.packaging.build import BuildOptions, build_zips

TARGETS = [t.value for t in Target]


def findings(path: Path) -> dict[str, list[str]]:
    return {t: [f"{d.rule}: {d.message}" for s in skillkit.validate([str(path)], target=t).skills for d in s.diagnostics] for t in TARGETS}


@pytest.mark.parametrize("folders", [[], ["scripts"], list(FOLDERS)], ids=["bare", "scripts", "all"])
def test_new_skill_validates_everywhere_and_as_its_zip(tmp_path: Path, folders: list[str]) -> None:
    skill = create("pdf-forms", tmp_path / "skills", folders=folders)
    assert skill == tmp_path / "skills" / "pdf-forms"
    assert sorted(p.relative_to(skill).as_posix() for p in skill.rglob("*") if p.is_file()) == sorted(
        ["SKILL.md", *(f"{f}/README.md" for f in folders)]
    )
    assert findings(skill) == {t: [] for t in TARGETS}
    (result,) = build_zips([str(skill)], BuildOptions(out=tmp_path / "dist"))
    assert not result.diagnostics
    zipped = tmp_path / "dist" / "pdf-forms.zip"
    assert zipped.is_file()
    assert findings(zipped) == {t: [] for t in TARGETS}


def test_description_is_written_so_yaml_reads_it_back(tmp_path: Path) -> None:
    text = 'Fills PDF forms: "W-9" and 1099 #2. Use when the user asks to fill a form.'
    skill = create("form-filler", tmp_path, description=text)
    report = skillkit.validate([str(skill)], target="claude-ai")
    assert report.skills[0].diagnostics == ()
    import yaml

    head = (skill / "SKILL.md").read_text(encoding="utf-8").split("---\n")[1]
    assert yaml.safe_load(head)["description"] == text


def test_cli_creates_and_reports(tmp_path: Path) -> None:
    done = run_cli("new", "report-writer", "--dir", "skills", "--with", "scripts,references", "--with", "assets", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("created skills/report-writer/: SKILL.md, scripts/README.md, references/README.md, assets/README.md\n")
    assert run_cli("validate", "--strict", "skills", cwd=tmp_path).returncode == 0


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("Report_Writer", "name 'Report_Writer' has uppercase letters; use lowercase letters, digits and single hyphens"),
        ("claude-notes", "name 'claude-notes' contains the reserved word 'claude'"),
        ("a" * 65, "name too long (65 > 64 characters)"),
        ("bad--name", "name 'bad--name' has consecutive hyphens; use lowercase letters, digits and single hyphens"),
    ],
)
def test_invalid_name_is_exit_2_with_the_rule_message(tmp_path: Path, name: str, message: str) -> None:
    done = run_cli("new", name, cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr == f"skillkit: error: {message}; nothing written\n"
    assert list(tmp_path.iterdir()) == []


def test_existing_folder_is_never_overwritten(tmp_path: Path) -> None:
    (tmp_path / "pdf-forms").mkdir()
    (tmp_path / "pdf-forms" / "SKILL.md").write_text("mine\n", encoding="utf-8")
    done = run_cli("new", "pdf-forms", cwd=tmp_path)
    assert done.returncode == 2 and "already exists; nothing written" in done.stderr
    assert (tmp_path / "pdf-forms" / "SKILL.md").read_text(encoding="utf-8") == "mine\n"
    (tmp_path / "empty").mkdir()
    with pytest.raises(UsageError, match="already exists"):
        create("empty", tmp_path)


def test_bad_description_and_folders_are_refused(tmp_path: Path) -> None:
    done = run_cli("new", "pdf-forms", "--description", "I read <b>PDFs</b>", cwd=tmp_path)
    assert done.returncode == 2
    assert "description contains an XML tag '<b>'" in done.stderr and "write it in the third person" in done.stderr
    done = run_cli("new", "pdf-forms", "--with", "script", cwd=tmp_path)
    assert done.returncode == 2 and "--with 'script' is not one of scripts, references, assets; did you mean 'scripts'?" in done.stderr
    assert list(tmp_path.iterdir()) == []
