"""The language server's parts without a client: positions in LSP's units, diagnostic ranges, the client's
settings, which skill a file belongs to, checks of buffers, frontmatter help, and the house rules around pygls."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("pygls")

from lsprotocol import types

from skillkit.config.options import Options
from skillkit.diagnostics import Target
from skillkit.lsp import check, convert, frontmatter, settings
from skillkit.rules import RULES
from skillkit.schema.targets import ALLOWED_KEYS

ROOT = Path(__file__).resolve().parents[2]


# -- positions -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("piece", "utf8", "utf16", "utf32"),
    [("abc", 3, 3, 3), ("é", 2, 1, 1), ("😀", 4, 2, 1), ("a😀b", 6, 4, 3), ("\ud800", 3, 1, 1), ("", 0, 0, 0)],
)
def test_units_per_encoding(piece: str, utf8: int, utf16: int, utf32: int) -> None:
    assert convert.units(piece, convert.UTF8) == utf8
    assert convert.units(piece, convert.UTF16) == utf16
    assert convert.units(piece, convert.UTF32) == utf32
    for encoding, count in ((convert.UTF8, utf8), (convert.UTF16, utf16), (convert.UTF32, utf32)):
        assert convert.index(piece + "z", count, encoding) == len(piece)  # and back


def test_text_positions_round_trip_over_every_line_ending() -> None:
    text = convert.Text("a😀\r\nb\rc\nd")
    assert text.line_count == 4
    assert [text.line(i) for i in range(4)] == ["a😀", "b", "c", "d"]
    for offset in range(len(text.text) + 1):
        if text.text[offset - 1 : offset + 1] == "\r\n":
            continue  # between CR and LF: no position of its own
        assert text.offset(text.position(offset, convert.UTF16), convert.UTF16) == offset
    assert text.position(2, convert.UTF16) == types.Position(line=0, character=3)
    assert text.offset(types.Position(line=99, character=0), convert.UTF16) == len(text.text)


def test_frontmatter_lines() -> None:
    assert convert.Text("---\na: 1\n---\nbody").frontmatter_lines() == range(1, 2)
    assert convert.Text("---  \na: 1\nb: 2\n").frontmatter_lines() == range(1, 4)  # unclosed: to the end
    assert convert.Text("# no frontmatter\n---\n").frontmatter_lines() == range(0)


@pytest.mark.parametrize(
    ("line", "column", "covered"),
    [
        ("name: My_Skill  ", 7, "My_Skill"),  # a frontmatter value: to the end of the line, trailing blanks left out
        ("See [the guide](references/Guide.md) and more.", 17, "references/Guide.md"),  # a link's target
        ("See [the guide](references/Guide.md) and more.", 5, "[the guide](references/Guide.md)"),  # the whole link
        ("Run `scripts/run.sh --all` first.", 5, "`scripts/run.sh --all`"),  # a code span
        ("Then read notes.md.", 11, "notes.md"),  # a word, without its full stop
        ("| a | b | c |", 1, "| a | b | c |"),  # at the start of a line: the whole line
        ("short", 99, ""),  # past the end: an empty range at the end
    ],
)
def test_span_covers_what_starts_at_the_column(line: str, column: int, covered: str) -> None:
    frontmatter_text = "---\n" + line + "\n---\n" if line.startswith("name:") else "---\nname: x\n---\n" + line + "\n"
    text = convert.Text(frontmatter_text)
    row = 1 if line.startswith("name:") else 3
    got_row, start, end = convert.span(text, row + 1, column)
    assert got_row == row
    assert text.line(row)[start:end] == covered


def test_a_finding_without_line_or_column_covers_the_first_or_its_line() -> None:
    text = convert.Text("---\n  name: x\n---\n")
    assert convert.span(text, None, None) == (0, 0, 3)
    assert convert.span(text, 2, None) == (1, 2, 9)
    assert convert.span(convert.Text(""), 1, 1) == (0, 0, 0)


def test_every_rule_has_the_anchor_its_diagnostics_link_to() -> None:
    headings = set(re.findall(r"^## ([a-z0-9-]+)$", (ROOT / "docs" / "rules.md").read_text(encoding="utf-8"), re.MULTILINE))
    assert set(RULES) <= headings
    item = check.Item("/x/SKILL.md", "name-format", RULES["name-format"].severity, "m", 1, 1)
    d = convert.diagnostic(item, convert.point_range(1, 1))
    assert d.code_description is not None and d.code_description.href == convert.RULES_DOC_URL + "#name-format"
    assert d.source == "skillkit" and d.code == "name-format" and d.severity == types.DiagnosticSeverity.Error


# -- settings ------------------------------------------------------------------------------------------------------


def test_client_settings_at_the_top_or_under_skillkit() -> None:
    top, problems = settings.parse_client({"target": "claude-code", "select": ["name-format"], "checkCode": True})
    assert problems == [] and top.target == "claude-code" and top.select == ("name-format",) and top.check_code
    nested, problems = settings.parse_client({"skillkit": {"ignore": ["name-mismatch"], "severity": {"name-format": "info"}}})
    assert problems == [] and nested.ignore == ("name-mismatch",) and nested.severity == {"name-format": "info"}
    assert settings.parse_client(None) == (settings.ClientSettings(), [])


def test_bad_client_settings_are_reported_and_dropped_one_by_one() -> None:
    got, problems = settings.parse_client(
        {"target": "claud-ai", "select": ["name-formt"], "severity": {"name-format": "loud"}, "colour": 1, "debounceMs": -5, "ignore": ["name-mismatch"]}
    )
    assert got.target is None and got.select == () and got.severity == {} and got.debounce_ms == settings.DEBOUNCE_MS
    assert got.ignore == ("name-mismatch",)
    text = "\n".join(problems)
    assert "target 'claud-ai'" in text and "'name-formt'" in text and "did you mean 'name-format'" in text
    assert "loud" in text and "'colour'" in text and "debounceMs" in text
    assert settings.parse_client([1, 2])[1]


def test_options_come_from_the_config_file_with_the_client_over_it(tmp_path: Path) -> None:
    (tmp_path / ".skillkit.toml").write_text('target = "claude-code"\nignore = ["unknown-key"]\n', encoding="utf-8")
    skill = tmp_path / "a"
    skill.mkdir()
    resolver = settings.Resolver()
    options, problem = resolver.options(str(skill), settings.ClientSettings())
    assert problem is None and options.target is Target.CLAUDE_CODE and "unknown-key" in options.ignore
    options, _ = resolver.options(str(skill), settings.ClientSettings(target="api", ignore=("name-format",)))
    assert options.target is Target.API and {"unknown-key", "name-format"} <= options.ignore
    (tmp_path / ".skillkit.toml").write_text("target = [\n", encoding="utf-8")
    resolver.forget()
    options, problem = resolver.options(str(skill), settings.ClientSettings())
    assert problem is not None and "invalid TOML" in problem and options.target is None  # the defaults meanwhile


# -- skills and checks ---------------------------------------------------------------------------------------------


def test_find_skill(tmp_path: Path) -> None:
    skill = tmp_path / "s"
    (skill / "references" / "deep").mkdir(parents=True)
    (skill / "SKILL.md").write_text("---\n---\n", encoding="utf-8")
    page = skill / "references" / "deep" / "a.md"
    assert check.find_skill(str(page)) == (str(skill / "SKILL.md"), str(skill))
    assert check.find_skill(str(skill / "SKILL.md")) == (str(skill / "SKILL.md"), str(skill))
    new = tmp_path / "new"
    (new / "references").mkdir(parents=True)
    assert check.find_skill(str(new / "references" / "x.md"), [str(new / "SKILL.md")]) == (str(new / "SKILL.md"), str(new))
    assert check.find_skill(str(tmp_path / "README.md")) is None  # in no skill


def test_check_reads_buffers_over_the_folder(tmp_path: Path) -> None:
    skill = tmp_path / "s"
    skill.mkdir()
    md = skill / "SKILL.md"
    md.write_text("---\nname: s\ndescription: Does things. Use when testing.\n---\n\nSee [x](x.md).\n", encoding="utf-8")
    on_disk = check.check_skill(str(md), str(skill), {}, Options())
    assert [i.rule for i in on_disk.items] == ["link-target-missing"]
    page = str(skill / "x.md")
    with_buffer = check.check_skill(str(md), str(skill), {page: "# X\n\n[y](y.md)\n"}, Options())
    assert [(i.rule, i.file, i.line) for i in with_buffer.items] == [("link-target-missing", page, 3)]


def test_a_crash_becomes_an_internal_error_item(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from skillkit.document import skill as document

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(document, "parse", boom)
    md = str(tmp_path / "s" / "SKILL.md")
    got = check.check_skill(md, str(tmp_path / "s"), {md: "---\nname: s\n---\n"}, Options())
    assert [i.rule for i in got.items] == ["internal-error"] and "boom" in got.items[0].message


def test_an_oversized_buffer_is_refused_as_on_disk(tmp_path: Path) -> None:
    md = str(tmp_path / "s" / "SKILL.md")
    got = check.check_skill(md, str(tmp_path / "s"), {md: "---\n" + "x" * (5 * 1024 * 1024)}, Options())
    assert [i.rule for i in got.items] == ["file-too-large"]


# -- frontmatter help ----------------------------------------------------------------------------------------------


def test_every_key_of_every_target_is_explained() -> None:
    for target in Target:
        for key in ALLOWED_KEYS[target]:
            assert key in frontmatter.MEANING
            help_text = frontmatter.key_help(key, target)
            assert f"**`{key}`** ({target.value})" in help_text and "Not a key" not in help_text
    assert "Not a key claude-ai accepts" in frontmatter.key_help("effort", Target.CLAUDE_AI)
    assert "Claude Code reads it" in frontmatter.key_help("effort", Target.CLAUDE_AI)
    assert "one of `low`, `medium`, `high`, `xhigh`, `max`" in frontmatter.key_help("effort", Target.CLAUDE_CODE)
    assert "1 to 64 characters" in frontmatter.key_help("name", Target.CLAUDE_AI)


def test_closed_values() -> None:
    assert frontmatter.closed_values(Target.CLAUDE_CODE, "shell") == ["bash", "powershell"]
    assert frontmatter.closed_values(Target.CLAUDE_CODE, "background") == ["true", "false"]
    assert frontmatter.closed_values(Target.CLAUDE_CODE, "context") == ["fork"]
    assert frontmatter.closed_values(Target.CLAUDE_AI, "description") == []


def test_completion_edits() -> None:
    text = convert.Text("---\nname: x\ndesc\nshell:\n  nested: \n---\n")
    keys = frontmatter.complete(text, types.Position(line=2, character=4), Target.CLAUDE_CODE, "x", convert.UTF16)
    (desc,) = [i for i in keys if i.label == "description"]
    assert isinstance(desc.text_edit, types.TextEdit)
    assert desc.text_edit.new_text == "description: " and desc.text_edit.range.end.character == 4
    assert "name" not in [i.label for i in keys]
    shells = frontmatter.complete(text, types.Position(line=3, character=6), Target.CLAUDE_CODE, "x", convert.UTF16)
    assert [i.label for i in shells] == ["bash", "powershell"]
    assert isinstance(shells[0].text_edit, types.TextEdit) and shells[0].text_edit.new_text == " bash"  # after `shell:`
    names = frontmatter.complete(text, types.Position(line=1, character=6), Target.CLAUDE_AI, "my-folder", convert.UTF16)
    assert [i.label for i in names] == ["my-folder"]
    assert frontmatter.complete(text, types.Position(line=4, character=3), Target.CLAUDE_CODE, "x", convert.UTF16) == []


# -- the house -----------------------------------------------------------------------------------------------------


def test_only_the_lsp_package_imports_pygls() -> None:
    offenders = []
    for path in (ROOT / "skillkit").rglob("*.py"):
        if path.parent.name == "lsp":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            if any(n.split(".")[0] in ("pygls", "lsprotocol", "cattrs") for n in names):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_without_pygls_the_command_exits_2_saying_how_to_install_it() -> None:
    code = "import sys; sys.modules['pygls'] = None; sys.argv = ['skillkit', 'lsp']; from skillkit.cli.main import main; main()"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 2
    assert done.stdout == ""
    assert "pip install 'skillkit-lint[lsp]'" in done.stderr and "pygls" in done.stderr


def test_the_command_is_listed() -> None:
    import os

    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
    own = subprocess.run([sys.executable, "-m", "skillkit", "lsp", "--help"], capture_output=True, text=True, timeout=60, check=False, env=env)
    assert own.returncode == 0 and "language server" in own.stdout and "--stdio" in own.stdout
    listed = subprocess.run([sys.executable, "-m", "skillkit", "--help"], capture_output=True, text=True, timeout=60, check=False, env=env)
    assert re.search(r"lsp\s+Run the language server .*pip install 'skillkit-lint\[lsp\]'", listed.stdout), listed.stdout
