"""Config as a Python object: path globs, per-skill options, and the API's keyword arguments acting as flags."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import write_skill

import skillkit
from skillkit.config import settings as config
from skillkit.config.files import resolve
from skillkit.config.patterns import matches
from skillkit.diagnostics import Severity, Target, UsageError


@pytest.mark.parametrize(
    ("pattern", "path", "hit"),
    [
        ("plugins/**", "plugins/a/skills/b", True),
        ("plugins/**", "plugins", True),
        ("plugins/**", "other/plugins/a", False),
        ("drafts", "a/drafts/b", True),
        ("drafts", "drafts", True),
        ("drafts", "a/drafts-old", False),
        ("skills/*/wip", "skills/x/wip", True),
        ("skills/*/wip", "skills/x/y/wip", False),
        ("a/**/z", "a/z", True),
        ("a/**/z", "a/b/c/z/d", True),
        ("./skills/b?d", "skills/bad", True),
        ("/skills/", "skills/x", True),
        ("skills/[!x]*", "skills/abc", True),
        ("skills/[!x]*", "skills/xyz", False),
        ("*.tmp", "a/b.tmp", True),
    ],
)
def test_globs(pattern: str, path: str, hit: bool) -> None:
    assert matches([pattern], path) is hit


def test_options_for_applies_overrides_in_order(tmp_path: Path) -> None:
    settings = config.parse(
        {
            "target": "claude-ai",
            "ignore": ["name-vague"],
            "overrides": [
                {"paths": ["plugins/**"], "target": "claude-code", "ignore": ["body-too-long"]},
                {"paths": ["plugins/legacy"], "severity": {"unknown-key": "info"}, "select": ["unknown-key"]},
            ],
        },
        "test",
    )
    cfg = config.Config(settings=settings, root=tmp_path)
    plain = cfg.options_for(tmp_path / "skills" / "a")
    assert (plain.target, plain.select, plain.ignore) == (Target.CLAUDE_AI, None, frozenset({"name-vague"}))
    plugin = cfg.options_for(tmp_path / "plugins" / "p" / "skills" / "a")
    assert (plugin.target, plugin.ignore) == (Target.CLAUDE_CODE, frozenset({"name-vague", "body-too-long"}))
    legacy = cfg.options_for(tmp_path / "plugins" / "legacy" / "skills" / "a")
    assert (legacy.target, legacy.select, dict(legacy.severity)) == (Target.CLAUDE_CODE, frozenset({"unknown-key"}), {"unknown-key": Severity.INFO})
    outside = cfg.options_for(tmp_path.parent / "elsewhere")
    assert outside.target is Target.CLAUDE_AI


def test_api_keywords_override_a_config(tmp_path: Path) -> None:
    write_skill(tmp_path, "pdf", frontmatter="name: pdf\ndescription: Reads PDFs. Use when asked.\nversion: 1\n")
    cfg = config.Config(settings=config.parse({"target": "claude-code", "severity": {"unknown-key": "error"}}, "t"), root=tmp_path)
    report = skillkit.validate([tmp_path / "pdf"], config=cfg)
    assert [(d.rule, d.severity) for d in report.skills[0].diagnostics] == [("unknown-key", Severity.ERROR)]
    report = skillkit.validate([tmp_path / "pdf"], config=cfg, severity={"unknown-key": "info"}, target="claude-code")
    assert [(d.rule, d.severity) for d in report.skills[0].diagnostics] == [("unknown-key", Severity.INFO)]
    report = skillkit.validate([tmp_path / "pdf"], config=cfg, target=Target.API)
    assert report.skills[0].target is Target.API and report.skills[0].diagnostics[0].severity is Severity.ERROR
    with pytest.raises(UsageError):
        skillkit.validate([tmp_path / "pdf"], target="claude")


def test_resolve_finds_nothing_outside_any_project(tmp_path: Path) -> None:
    cfg = resolve([tmp_path])
    assert cfg.file is None and cfg.settings == config.Settings()


def test_pydantic_model_and_runtime_settings_have_the_same_keys() -> None:
    settings_model = config.model()
    assert tuple(f.alias or name for name, f in settings_model.model_fields.items()) == config.SETTINGS_KEYS
    override_model = settings_model.model_fields["overrides"].annotation.__args__[0]  # list[OverrideModel]
    assert tuple(override_model.model_fields) == config.OVERRIDE_KEYS
    assert settings_model.model_config["extra"] == "forbid" and override_model.model_config["extra"] == "forbid"
