"""The P rules on plugin.json and marketplace.json: exact diagnostics with JSON line and column for each defect."""

from __future__ import annotations

from pathlib import Path

import pytest
from plugin_repos import lines, named, write, write_json

import skillkit
from skillkit.discovery.jsonpos import loads

BROKEN_MARKETPLACE = """\
{
  "name": "claude-plugins-official",
  "owner": {"email": "x@example.com"},
  "plugins": [
    {"name": "Good Plugin", "source": "./plugins/a"},
    {"name": "dup", "source": "../outside"},
    {"name": "dup", "source": "./plugins/missing"},
    {"name": "strictly", "source": "./plugins/strict", "strict": false, "skills": ["./skills/s", "skills/t"]},
    {"source": 42, "descripton": "x"},
    "not-an-object"
  ],
  "extra": 1
}
"""


def test_broken_marketplace_and_plugins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / ".claude-plugin" / "marketplace.json", BROKEN_MARKETPLACE)
    write(tmp_path / "plugins" / "a" / ".claude-plugin" / "plugin.json", '{\n  "name": "good-plugin",\n  "version": "1.0.0",\n}\n')
    (tmp_path / "plugins" / "a" / ".claude-plugin" / "skills").mkdir()
    write(tmp_path / "plugins" / "strict" / ".claude-plugin" / "plugin.json", '{"name": "strictly", "commands": "commands/x.md", "skills": ["/abs/path"], "author": "me"}\n')
    named(tmp_path / "plugins" / "strict" / "skills", "s", "s")
    report = skillkit.validate(["."])
    mk = ".claude-plugin/marketplace.json"
    assert lines(report.problems) == [
        f"{mk}:2:11  error  marketplace-reserved-name  marketplace name 'claude-plugins-official' is reserved for Anthropic's marketplaces; choose another name",
        f"{mk}:3:12  error  manifest-required  'owner' has no 'name'",
        f"{mk}:5:14  warning  manifest-name  plugin name 'Good Plugin' is not accepted by Claude Desktop (at most 128 characters from A-Z a-z 0-9 . _ -, starting with a letter or digit); use kebab-case",
        f"{mk}:6:31  error  manifest-path  'source' path '../outside' contains '..'; manifest paths must stay inside the plugin",
        f"{mk}:7:14  error  marketplace-duplicate-plugin  duplicate plugin name 'dup' (first at plugins[1])",
        f"{mk}:7:31  error  manifest-source-missing  plugin source './plugins/missing' not found",
        f'{mk}:8:66  error  plugin-strict-conflict  entry has "strict": false but plugins/strict/.claude-plugin/plugin.json also declares skills, commands; declare components in one place',
        f"{mk}:8:98  error  manifest-path  'skills' path 'skills/t' must start with './'",
        f"{mk}:9:5  error  manifest-required  plugins[4] has no 'name'",
        f"{mk}:9:16  error  manifest-field-type  'plugins[4].source' must be a './path' string or an object, got a number",
        f"{mk}:9:20  warning  manifest-unknown-key  unknown key 'descripton' in plugins[4] (did you mean 'description'?); Claude Code ignores it",
        f"{mk}:10:5  error  manifest-field-type  'plugins[5]' must be an object, got a string",
        f"{mk}:12:3  warning  manifest-unknown-key  unknown key 'extra' in marketplace.json; Claude Code ignores it",
        "plugins/a/.claude-plugin/plugin.json:4:1  error  manifest-json  invalid JSON: expecting property name enclosed in double quotes (a trailing comma before it? JSON allows none)",
        "plugins/a/.claude-plugin/skills  error  plugin-layout  '.claude-plugin/skills/' is inside .claude-plugin/; move it to the plugin root, next to .claude-plugin/",
        "plugins/strict/.claude-plugin/plugin.json:1:34  error  manifest-path  'commands' path 'commands/x.md' must start with './'",
        "plugins/strict/.claude-plugin/plugin.json:1:62  error  manifest-path  'skills' path '/abs/path' is absolute; use a path relative to the plugin root that starts with './'",
        "plugins/strict/.claude-plugin/plugin.json:1:86  error  manifest-field-type  'author' must be an object, got a string",
    ]
    assert [s.path for s in report.skills] == ["plugins/strict/skills/s"]
    assert report.exit_code() == 1


def test_plugin_json_required_name_unknown_keys_and_missing_components(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_json(tmp_path / ".claude-plugin" / "plugin.json", {"descripton": "x", "hooks": "./hooks/hooks.json", "mcpServers": {"db": {}}, "skills": "./extra"})
    named(tmp_path / "skills", "one", "one")
    named(tmp_path / "extra", "two", "two")
    report = skillkit.validate(["."])
    pj = ".claude-plugin/plugin.json"
    assert lines(report.problems) == [
        f"{pj}:1:1  error  manifest-required  plugin.json has no 'name'; add a kebab-case plugin name",
        f"{pj}:2:3  warning  manifest-unknown-key  unknown key 'descripton' in plugin.json (did you mean 'description'?); Claude Code ignores it",
        f"{pj}:3:12  error  manifest-source-missing  'hooks' path './hooks/hooks.json' not found",
    ]
    assert [s.path for s in report.skills] == ["extra/two", "skills/one"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("acme", []),
        ("Anthropic_Marketplace", ["error  marketplace-reserved-name  marketplace name 'Anthropic_Marketplace' is reserved for Anthropic's marketplaces; choose another name"]),
        ("org", ["warning  manifest-name  marketplace name 'org' is reserved in Claude Desktop; choose another name"]),
        ("Acme.Tools", ["warning  manifest-name  marketplace name 'Acme.Tools' is not kebab-case; use lowercase letters, digits and single hyphens"]),
        ("-acme", ["warning  manifest-name  marketplace name '-acme' is not accepted by Claude Desktop (at most 128 characters from A-Z a-z 0-9 . _ -, starting with a letter or digit); use kebab-case"]),
    ],
)
def test_marketplace_names(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, expected: list[str]) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / ".claude-plugin" / "marketplace.json", f'{{"name": "{name}", "owner": {{"name": "A"}}, "plugins": [{{"name": "p", "source": "./p"}}]}}\n')
    named(tmp_path / "p" / "skills", "s", "s")
    report = skillkit.validate(["."])
    assert [line.split("  ", 1)[1] for line in lines(report.problems)] == expected
    assert all(line.startswith(".claude-plugin/marketplace.json:1:10  ") for line in lines(report.problems))


def test_missing_top_level_fields_and_plugin_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_json(tmp_path / ".claude-plugin" / "marketplace.json", {"metadata": {"pluginRoot": "./plugins"}, "plugins": [{"name": "fmt", "source": "fmt"}]})
    named(tmp_path / "plugins" / "fmt" / "skills", "tidy", "tidy")
    report = skillkit.validate(["."])
    assert lines(report.problems) == [
        ".claude-plugin/marketplace.json:1:1  error  manifest-required  marketplace.json has no 'name'",
        ".claude-plugin/marketplace.json:1:1  error  manifest-required  marketplace.json has no 'owner'",
    ]
    assert [s.path for s in report.skills] == ["plugins/fmt/skills/tidy"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b'{"name": "x" // c\n}', "1:14  error  manifest-json  invalid JSON: expecting ',' delimiter (JSON allows no comments)"),
        (b"\xef\xbb\xbf{}", "1:1  error  manifest-json  invalid JSON: unexpected UTF-8 BOM (decode using utf-8-sig)"),
        (b"[1, 2]", "1:1  error  manifest-json  plugin.json must hold a JSON object, got an array"),
        (b'{"name": "\xff"}', "1:11  error  manifest-json  plugin.json is not UTF-8 (invalid byte 0xff)"),
        (b'{\n  "name": "a",\n  "name": 3\n}', "3:11  error  manifest-field-type  'name' must be a string, got a number"),
    ],
)
def test_json_syntax_problems_have_line_and_column(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, raw: bytes, expected: str) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".claude-plugin").mkdir()
    (tmp_path / ".claude-plugin" / "plugin.json").write_bytes(raw)
    named(tmp_path / "skills", "one", "one")
    report = skillkit.validate(["."])
    shown = lines(report.problems)
    assert shown == [f".claude-plugin/plugin.json:{expected}"]


def test_json_positions() -> None:
    doc = loads('{\n  "a": [1, {"b": "x"}],\n  "c": null\n}')
    assert doc.at(("a", 1, "b")) == (2, 18)
    assert doc.at(("a", 1, "b"), key=True) == (2, 13)
    assert doc.at(("c",)) == (3, 8)
    assert doc.at(("a", 5)) == (2, 8)  # falls back to the nearest parent
    assert loads("{,}").error == ("Expecting property name enclosed in double quotes", 1, 2)
