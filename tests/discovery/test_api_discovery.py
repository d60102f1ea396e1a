"""The public Python API and skill discovery: what is found, what is skipped, what is an error."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import write_skill

import skillkit


def test_validate_returns_report_with_target(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_skill(tmp_path, "pdf-reading")
    monkeypatch.chdir(tmp_path)
    report = skillkit.validate("pdf-reading", target="agentskills")
    assert isinstance(report, skillkit.Report)
    (skill,) = report.skills
    assert (skill.name, skill.target, skill.valid, skill.diagnostics) == ("pdf-reading", skillkit.Target.AGENTSKILLS, True, ())
    assert report.exit_code() == 0


def test_usage_error_for_missing_path(tmp_path: Path) -> None:
    with pytest.raises(skillkit.UsageError, match="path not found"):
        skillkit.validate([tmp_path / "missing"])


def test_search_includes_hidden_folders_and_skips_vendored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_skill(tmp_path / ".curated", "curated-skill")
    write_skill(tmp_path / "skills" / "product", "nested-skill")
    for skipped in ("node_modules", ".git", ".venv", "__pycache__"):
        write_skill(tmp_path / skipped, f"hidden-{skipped.strip('._')}")
    env = tmp_path / "my-env"
    write_skill(env, "in-virtualenv")
    (env / "pyvenv.cfg").write_text("home = /usr\n")
    monkeypatch.chdir(tmp_path)
    report = skillkit.validate(".")
    assert sorted(s.path for s in report.skills) == [".curated/curated-skill", "skills/product/nested-skill"]


def test_skill_md_path_and_duplicates_are_checked_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_skill(tmp_path, "pdf-reading")
    monkeypatch.chdir(tmp_path)
    report = skillkit.validate(["pdf-reading", "pdf-reading/SKILL.md", "./pdf-reading/"])
    assert [s.file for s in report.skills] == ["pdf-reading/SKILL.md"]


def test_folder_with_skill_md_is_not_searched_deeper(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    outer = write_skill(tmp_path, "outer-skill")
    write_skill(outer / "examples", "inner-example")
    monkeypatch.chdir(tmp_path)
    assert [s.name for s in skillkit.validate(".").skills] == ["outer-skill"]


def test_auto_target_follows_plugin_and_claude_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plugin = tmp_path / "my-plugin"
    (plugin / ".claude-plugin").mkdir(parents=True)
    (plugin / ".claude-plugin" / "plugin.json").write_text('{"name": "my-plugin"}')
    write_skill(plugin / "skills", "in-plugin")
    write_skill(tmp_path / "project" / ".claude" / "skills", "in-project")
    write_skill(tmp_path / "loose", "plain-skill")
    monkeypatch.chdir(tmp_path)
    targets = {s.name: s.target.value for s in skillkit.validate(".").skills}
    assert targets == {"in-plugin": "claude-code", "in-project": "claude-code", "plain-skill": "claude-ai"}


def test_yaml_python_tag_is_never_constructed(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    fm = f'name: tagged\ndescription: d. Use when asked.\nmetadata: !!python/object/apply:os.system ["touch {marker}"]\n'
    write_skill(tmp_path, "tagged", frontmatter=fm)
    report = skillkit.validate(tmp_path / "tagged")
    assert "yaml-unsupported-tag" in {d.rule for d in report.skills[0].diagnostics}
    assert not marker.exists()


def test_failing_rule_becomes_internal_error(tmp_path: Path) -> None:
    from skillkit.config.options import Options
    from skillkit.diagnostics import Severity
    from skillkit.discovery.sources import discover
    from skillkit.engine.skill import check_source
    from skillkit.rules import RULES
    from skillkit.rules.base import rule

    @rule("exploding-rule", Severity.ERROR)
    def exploding(ctx: object) -> list[object]:
        """Always crashes."""
        raise ZeroDivisionError("boom")

    write_skill(tmp_path, "pdf-reading")
    rules = {**RULES, exploding.id: exploding}
    (source,) = discover([tmp_path / "pdf-reading"])
    result = check_source(source, Options(), rules)
    (diag,) = result.diagnostics
    assert diag.rule == "internal-error"
    assert diag.message.startswith("rule exploding-rule crashed (ZeroDivisionError: boom at test_api_discovery.py:")
    report = skillkit.Report(skills=[result])
    assert report.exit_code() == 2


def test_auto_target_spares_the_stat_of_a_listed_skill_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Discovery's listing says the skill folder holds no `.claude-plugin`; a name that may be one on a case-insensitive
    # disk (any case, or any non-ASCII name) leaves the answer to the disk, as before.
    from skillkit.schema import targets

    plain, upper, accented = (tmp_path / name for name in ("plain", "upper", "accent"))
    for folder in (plain, upper, accented):
        folder.mkdir()
    targets.note_listing(str(plain), ["SKILL.md", "README.md"])
    targets.note_listing(str(upper), ["SKILL.md", ".Claude-Plugin"])
    targets.note_listing(str(accented), ["SKILL.md", "caf\u00e9"])
    asked: list[str] = []
    real_isdir = targets.os.path.isdir
    monkeypatch.setattr(targets.os.path, "isdir", lambda path: asked.append(path) or real_isdir(path))
    assert [targets.auto_target(folder) for folder in (plain, upper, accented)] == [skillkit.Target.CLAUDE_AI] * 3
    assert str(plain / ".claude-plugin") not in asked  # its parents are still asked, once per run
    assert str(upper / ".claude-plugin") in asked and str(accented / ".claude-plugin") in asked
    targets.note_listing(str(plain), ["SKILL.md", ".claude-plugin"])  # a later listing that shows one is believed
    assert str(plain) not in targets._PLAIN
