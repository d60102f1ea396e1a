"""Fixture repositories for the plugin and discovery tests, written into tmp folders by the tests themselves."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from conftest import write_skill

from skillkit.diagnostics import Diagnostic, Report
from skillkit.reporters.text import location


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def write_json(path: Path, data: object) -> Path:
    return write(path, json.dumps(data, indent=2) + "\n")


def named(root: Path, folder: str, name: str) -> Path:
    """A valid skill in root/folder whose frontmatter name may differ from the folder (for collisions)."""
    return write_skill(root, folder, frontmatter=f"name: {name}\ndescription: Formats files. Use when asked to tidy.\n")


def lines(diagnostics: list[Diagnostic]) -> list[str]:
    return [f"{location(d)}  {d.severity.value}  {d.rule}  {d.message}" for d in diagnostics]


def skill_paths(report: Report) -> list[tuple[str, str]]:
    return [(s.path, s.target.value) for s in report.skills]


def git_init(root: Path) -> None:
    subprocess.run(["git", "init", "-q", str(root)], check=True, capture_output=True)


def marketplace_repo(root: Path) -> Path:
    """A clean marketplace: a plugin with skills/<name>, a one-skill plugin, custom skill paths, a remote plugin,
    plus a `.claude/skills/` folder, a hidden `.curated/` folder and a nested layout outside the plugins."""
    write_json(
        root / ".claude-plugin" / "marketplace.json",
        {
            "name": "acme-tools",
            "owner": {"name": "Acme"},
            "description": "Acme's plugins",
            "plugins": [
                {"name": "formatter", "source": "./plugins/formatter", "description": "Format files"},
                {"name": "single", "source": "./plugins/single"},
                {"name": "custom", "source": "./plugins/custom"},
                {"name": "remote", "source": {"source": "github", "repo": "acme/remote"}},
            ],
        },
    )
    write_json(root / "plugins" / "formatter" / ".claude-plugin" / "plugin.json", {"name": "formatter", "version": "1.2.0"})
    named(root / "plugins" / "formatter" / "skills", "fmt-json", "fmt-json")
    named(root / "plugins" / "formatter" / "skills", "fmt-yaml", "fmt-yaml")
    named(root / "plugins", "single", "single")
    write_json(root / "plugins" / "custom" / ".claude-plugin" / "plugin.json", {"name": "custom", "skills": ["./extra/lint-md", "./more"]})
    named(root / "plugins" / "custom" / "extra", "lint-md", "lint-md")
    named(root / "plugins" / "custom" / "more", "lint-css", "lint-css")
    named(root / ".claude" / "skills", "local-helper", "local-helper")
    named(root / ".curated", "curated-one", "curated-one")
    named(root / "skills" / "category", "nested-skill", "nested-skill")
    return root
