"""The opt-in result cache: unchanged skills are not checked again, any change to a skill's files or the options is."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import write_skill

import skillkit
import skillkit.engine.run


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("SKILLKIT_CACHE_DIR", str(folder))
    return folder


def _skills(root: Path) -> None:
    write_skill(root, "pdf-reading", body="# T\n\nSee [guide](references/guide.md).\n")
    (root / "pdf-reading" / "references").mkdir()
    (root / "pdf-reading" / "references" / "guide.md").write_text("# Guide\n")
    write_skill(root, "bad-skill", frontmatter="name: Bad\ndescription: d. Use when asked.\n")


def _count_checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    real = skillkit.engine.run.check_named

    def counting(source, options, *args):  # type: ignore[no-untyped-def]
        calls.append(source.skill_dir.name)
        return real(source, options, *args)

    monkeypatch.setattr(skillkit.engine.run, "check_named", counting)
    return calls


def test_second_run_reuses_results(tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _skills(tmp_path / "repo")
    monkeypatch.chdir(tmp_path / "repo")
    calls = _count_checks(monkeypatch)
    first = skillkit.validate(".", cache=True, jobs=1)
    assert sorted(calls) == ["bad-skill", "pdf-reading"]
    calls.clear()
    second = skillkit.validate(".", cache=True, jobs=1)
    assert calls == []
    assert second.skills == first.skills


def test_a_changed_file_or_option_is_checked_again(tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _skills(tmp_path / "repo")
    monkeypatch.chdir(tmp_path / "repo")
    calls = _count_checks(monkeypatch)
    skillkit.validate(".", cache=True, jobs=1)
    calls.clear()
    guide = Path("pdf-reading/references/guide.md")
    guide.write_text("# Guide, rewritten\n")
    os.utime(guide, ns=(1, 1))
    report = skillkit.validate(".", cache=True, jobs=1)
    assert calls == ["pdf-reading"]
    calls.clear()
    guide.unlink()  # the link in SKILL.md now points nowhere: must be reported, not served from the cache
    report = skillkit.validate(".", cache=True, jobs=1)
    assert calls == ["pdf-reading"]
    assert "link-target-missing" in {d.rule for s in report.skills for d in s.diagnostics}
    calls.clear()
    skillkit.validate(".", cache=True, jobs=1, target="claude-code")
    assert sorted(calls) == ["bad-skill", "pdf-reading"]


def test_store_is_pruned_and_a_damaged_store_is_ignored(tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _skills(tmp_path / "repo")
    monkeypatch.chdir(tmp_path / "repo")
    skillkit.validate(".", cache=True, jobs=1)
    skillkit.validate(".", cache=True, jobs=1, target="api")
    (store,) = cache_dir.iterdir()
    assert len(json.loads(store.read_text())["entries"]) == 2  # the claude-ai results were not used by the last run
    store.write_text('{"format": 1, "entries": {"x": {"path": 1}}')  # truncated JSON
    report = skillkit.validate(".", cache=True, jobs=1)
    assert report.summary().errors == 2


def test_without_cache_nothing_is_written(tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _skills(tmp_path / "repo")
    monkeypatch.chdir(tmp_path / "repo")
    skillkit.validate(".")
    assert not cache_dir.exists()
