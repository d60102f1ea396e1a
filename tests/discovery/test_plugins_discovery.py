"""Repo-scale discovery: marketplaces to plugins to skills, hidden and nested layouts, .gitignore, duplicate
names per plugin or upload, and symlinked SKILL.md files that dangle or point outside (findings, not crashes)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import run_cli, write_skill
from plugin_repos import (
    git_init,
    lines,
    marketplace_repo,
    named,
    skill_paths,
    write,
    write_json,
)

import skillkit


def test_marketplace_repo_finds_every_skill_and_is_clean(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(marketplace_repo(tmp_path))
    report = skillkit.validate(["."])
    assert lines(report.problems) == []
    assert skill_paths(report) == [
        (".claude/skills/local-helper", "claude-code"),
        (".curated/curated-one", "claude-code"),
        ("plugins/custom/extra/lint-md", "claude-code"),
        ("plugins/custom/more/lint-css", "claude-code"),
        ("plugins/formatter/skills/fmt-json", "claude-code"),
        ("plugins/formatter/skills/fmt-yaml", "claude-code"),
        ("plugins/single", "claude-code"),
        ("skills/category/nested-skill", "claude-code"),
    ]
    assert all(not s.diagnostics for s in report.skills), [s.diagnostics for s in report.skills]


def test_skills_listed_in_a_manifest_are_found_where_the_walk_does_not_look(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_json(tmp_path / ".claude-plugin" / "plugin.json", {"name": "kit", "skills": ["./node_modules/vendored"]})
    named(tmp_path / "node_modules", "vendored", "vendored")  # node_modules is never searched on its own
    report = skillkit.validate(["."])
    assert skill_paths(report) == [("node_modules/vendored", "claude-code")]


def test_duplicate_names_in_one_plugin_are_errors_and_across_plugins_a_note(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_json(
        tmp_path / ".claude-plugin" / "marketplace.json",
        {"name": "acme", "owner": {"name": "A"}, "plugins": [{"name": "one", "source": "./one"}, {"name": "two", "source": "./two"}]},
    )
    named(tmp_path / "one" / "skills", "fmt", "fmt")
    named(tmp_path / "one" / "skills", "fmt-copy", "fmt")
    named(tmp_path / "two" / "skills", "fmt", "fmt")  # same name, other plugin: both load (/one:fmt, /two:fmt)
    report = skillkit.validate(["."], ignore=["name-mismatch"])
    assert lines(report.problems) == [
        (
            "one/skills/fmt-copy/SKILL.md:2:7  error  duplicate-skill-name  skill name 'fmt' is also used by one/skills/fmt/SKILL.md "
            "in plugin 'one': only one of them loads; rename one"
        ),
        (
            "one/skills/fmt-copy/SKILL.md:2:7  info  skill-name-repeated  skill name 'fmt' is also used by two/skills/fmt/SKILL.md, "
            "which Claude Code does not load together with it (another folder, or another plugin: plugin skills are /plugin:name); "
            "on one claude.ai account, uploading one replaces the other"
        ),
    ]


def test_duplicate_names_in_claude_skills_are_errors_and_among_loose_skills_a_note(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    named(tmp_path / "team-a", "report-writer", "report-writer")
    named(tmp_path / "team-b", "report-writer", "report-writer")
    named(tmp_path / "proj" / ".claude" / "skills", "helper", "helper")
    named(tmp_path / "proj" / ".claude" / "skills", "helper-2", "helper")
    named(tmp_path / "other" / ".claude" / "skills", "helper", "helper")  # another project's folder
    report = skillkit.validate(["."], ignore=["name-mismatch"])
    note = (
        "which Claude Code does not load together with it (another folder, or another plugin: plugin skills are /plugin:name); "
        "on one claude.ai account, uploading one replaces the other"
    )
    assert lines(report.problems) == [
        (
            "other/.claude/skills/helper/SKILL.md:2:7  info  skill-name-repeated  skill name 'helper' is also used by "
            f"proj/.claude/skills/helper-2/SKILL.md, proj/.claude/skills/helper/SKILL.md, {note}"
        ),
        (
            "proj/.claude/skills/helper-2/SKILL.md:2:7  error  duplicate-skill-name  skill name 'helper' is also used by "
            "proj/.claude/skills/helper/SKILL.md in proj/.claude/skills/: only one of them loads; rename one"
        ),
        f"team-a/report-writer/SKILL.md:2:7  info  skill-name-repeated  skill name 'report-writer' is also used by team-b/report-writer/SKILL.md, {note}",
    ]


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_gitignore_is_respected_inside_a_work_tree_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_skill(tmp_path / "skills", "pdf")
    write_skill(tmp_path / "build", "copied", frontmatter="name: Copied\ndescription: d\n")
    write(tmp_path / ".gitignore", "build/\n")
    outside_git = skillkit.validate(["."])
    assert [s.path for s in outside_git.skills] == ["build/copied", "skills/pdf"]
    git_init(tmp_path)
    inside_git = skillkit.validate(["."])
    assert [s.path for s in inside_git.skills] == ["skills/pdf"]
    assert [s.path for s in skillkit.validate(["build/copied"]).skills] == ["build/copied"]  # named explicitly
    write(tmp_path / ".skillkit.toml", "respect-gitignore = false\n")
    result = run_cli("validate", ".", cwd=tmp_path)
    assert result.returncode == 1 and "build/copied/SKILL.md" in result.stdout


@pytest.mark.skipif(os.name == "nt", reason="symlinks need privileges on Windows")
def test_symlinked_skill_files_are_findings_not_crashes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = tmp_path / "repo"
    outside = write(tmp_path / "secret" / "SKILL.md", "---\nname: Secret_Value_123\ndescription: d\n---\nx\n")
    shared = write(repo / "shared" / "base.md", "---\nname: linked\ndescription: Formats files. Use when asked to tidy.\n---\nx\n")
    (repo / "dangling").mkdir(parents=True)
    (repo / "dangling" / "SKILL.md").symlink_to(repo / "nowhere.md")
    (repo / "linked").mkdir()
    (repo / "linked" / "SKILL.md").symlink_to(Path("..") / "shared" / "base.md")
    (repo / "escape").mkdir()
    (repo / "escape" / "SKILL.md").symlink_to(outside)
    assert shared.is_file()
    monkeypatch.chdir(repo)
    report = skillkit.validate(["."])
    got = {s.path: lines(list(s.diagnostics)) for s in report.skills}
    assert got == {
        "dangling": ["dangling/SKILL.md  error  file-unreadable  cannot read SKILL.md: dangling symlink"],
        "escape": [f"escape/SKILL.md  error  symlink-outside-repo  SKILL.md is a symlink to '{outside}', outside the checked tree; not read"],
        "linked": [
            # build-zip refuses the link (it leaves the skill), and validate --target claude-ai predicts the build
            (
                "linked/SKILL.md  error  package-symlink  symlink 'SKILL.md' points outside the skill folder (-> ../shared/base.md); "
                "copy the file into the skill instead"
            ),
            "linked/SKILL.md  warning  symlink-outside-skill  SKILL.md is a symlink to '../shared/base.md', outside its skill folder",
        ],
    }
    assert "Secret_Value_123" not in run_cli("validate", "-f", "json", ".", cwd=repo).stdout
    assert report.exit_code() == 1


def test_nothing_but_a_manifest_is_still_checked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_json(tmp_path / ".claude-plugin" / "marketplace.json", {"name": "acme", "owner": {"name": "A"}, "plugins": []})
    report = skillkit.validate(["."])
    assert report.skills == []
    assert lines(report.problems) == [".claude-plugin/marketplace.json:6:14  warning  marketplace-empty  marketplace has no plugins defined"]


@pytest.mark.skipif(os.name == "nt", reason="symlinks need privileges on Windows")
def test_symlinked_folders_never_lead_reads_outside_the_tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    outside = tmp_path / "elsewhere"
    named(outside / "skills", "leak", "Leaky_Secret_Name")
    write_json(outside / ".claude-plugin" / "plugin.json", {"name": "Leaky Secret Plugin"})
    repo = tmp_path / "repo"
    write_json(repo / ".claude-plugin" / "marketplace.json", {"name": "acme", "owner": {"name": "A"}, "plugins": [{"name": "ext", "source": "./ext"}]})
    (repo / "ext").symlink_to(outside)
    (repo / "skills").mkdir()
    (repo / "skills" / "linked").symlink_to(outside / "skills" / "leak")  # not searched: folder links are not followed
    monkeypatch.chdir(repo)
    report = skillkit.validate(["."])
    assert lines(report.problems) == [
        ".claude-plugin/marketplace.json:9:17  error  manifest-path  plugin source './ext' leads outside the marketplace through a symlink; not followed"
    ]
    assert report.skills == []
    named_explicitly = skillkit.validate(["skills/linked/SKILL.md"])  # a path given by the user is the user's choice
    assert [s.name for s in named_explicitly.skills] == ["Leaky_Secret_Name"]


def test_a_manifest_path_stands_for_its_marketplace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(marketplace_repo(tmp_path))
    report = skillkit.validate([".claude-plugin/marketplace.json"])
    assert len(report.skills) == 8 and report.problems == []


@pytest.mark.skipif(os.name == "nt", reason="symlinks need privileges on Windows")
def test_a_manifest_symlinked_from_outside_is_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    secret = write_json(tmp_path / "elsewhere.json", {"name": "x", "Secret-Key-Name": 1})
    repo = tmp_path / "repo"
    (repo / ".claude-plugin").mkdir(parents=True)
    (repo / ".claude-plugin" / "plugin.json").symlink_to(secret)
    named(repo / "skills", "one", "one")
    monkeypatch.chdir(repo)
    report = skillkit.validate(["."])
    assert lines(report.problems) == [".claude-plugin/plugin.json  error  manifest-json  plugin.json is a symlink that leads outside its plugin; not read"]
