"""The markdown layer: one parser, parsed once per document (and not at all when no rule needs it), exact lines."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import write_skill

import skillkit
from skillkit.config.options import Options
from skillkit.discovery.sources import SkillSource
from skillkit.document import markdown
from skillkit.document import skill as document
from skillkit.engine.skill import check_source
from skillkit.markdown import parse
from skillkit.markdown import parsed as mdparsed
from skillkit.rules.table_cells import split_row


def _doc(folder: Path) -> document.SkillDocument:
    return document.load(folder / "SKILL.md", folder)


def test_parser_is_commonmark_with_tables() -> None:
    tokens = parse.reference().parse("| a | b |\n| - | - |\n| 1 | 2 |\n")
    assert tokens[0].type == "table_open"
    # CommonMark, not GFM: no strikethrough, no linkify.
    assert "~~x~~" in parse.reference().render("~~x~~")


def test_token_lines_map_to_file_lines(tmp_path: Path) -> None:
    folder = write_skill(tmp_path, "lines", body="# Title\n\nText.\n\n```python\nx = 1\n```\n")
    doc = _doc(folder)
    parsed = markdown.body(doc)
    assert parsed is not None
    fence = next(t for t in parsed.tokens if t.type == "fence")
    # Frontmatter is lines 1-4; the body starts on line 5 (blank), '# Title' is line 6, the fence line 10.
    assert doc.body_first_line == 5
    assert parsed.line_of(fence) == 10
    assert doc.lines[parsed.line_of(fence) - 1] == "```python"


@pytest.mark.pure_python
def test_body_is_parsed_once_for_every_rule(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    body = (
        "# T\n\n| a | b |\n| - | - |\n| 1 | 2 | 3 |\n\n```\ncode\n```\n\n"
        "See [x](missing.md), `scripts/x.py`, !`ls` and $ARGUMENTS.\n<!-- skillkit-disable-next-line nope -->\n"
    )
    folder = write_skill(tmp_path, "once", body=body)
    calls: list[int] = []
    real = markdown.parse_tokens  # the one entry to both parsers (the fast path and markdown-it-py)
    monkeypatch.setattr(markdown, "parse_tokens", lambda src: calls.append(len(src)) or real(src))
    result = check_source(SkillSource(folder / "SKILL.md", folder), Options())
    assert {d.rule for d in result.diagnostics} >= {"table-extra-cells", "fence-no-language", "link-target-missing"}
    assert len(calls) == 1


def test_no_parse_when_no_rule_needs_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = write_skill(tmp_path, "prose", body="# Title\n\nPlain prose with nothing to check.\n")
    calls: list[str] = []
    monkeypatch.setattr(markdown, "parse_tokens", lambda src: calls.append(src) or [])
    result = check_source(SkillSource(folder / "SKILL.md", folder), Options())
    assert result.diagnostics == ()
    assert calls == []


@pytest.mark.parametrize(
    ("row", "cells"),
    [
        ("| a | b |", ["a", "b"]),
        ("a | b", ["a", "b"]),
        ("| a \\| b | c |", ["a \\| b", "c"]),
        ("| `x|y` | c |", ["`x", "y`", "c"]),
        ("|", []),
        ("| only |", ["only"]),
        ("no pipe at all", ["no pipe at all"]),
    ],
)
def test_split_row_counts_like_markdown_it(row: str, cells: list[str]) -> None:
    assert [c.text.strip() for c in split_row(row)] == cells


def test_split_row_can_keep_code_span_pipes() -> None:
    assert [c.text.strip() for c in split_row("| `x|y` | c |", code_spans=True)] == ["`x|y`", "c"]
    # An unclosed backtick run is literal, so the pipe after it splits again.
    assert len(split_row("| `x | y |", code_spans=True)) == 2


def test_cell_offsets_point_into_the_line() -> None:
    cells = split_row("  | ab | cd |")
    assert [c.start for c in cells] == [3, 8]


@pytest.mark.parametrize(
    ("info", "lang"),
    [("python", "python"), ("Python title=x", "python"), ("{.python}", "python"), ("", ""), ("js,linenos", "js")],
)
def test_fence_language(info: str, lang: str) -> None:
    assert mdparsed.fence_language(info) == lang


def test_heading_anchors_follow_github() -> None:
    parsed = mdparsed.Parsed(lines=[], first_line=1, tokens=parse.reference().parse("# Getting Started!\n\n## Use `grep` & sed\n\n# Getting Started!\n"))
    assert [h.anchor for h in parsed.headings()] == ["getting-started", "use-grep--sed", "getting-started-1"]


def test_crlf_file_lines_match_lf(tmp_path: Path) -> None:
    folder = tmp_path / "crlf"
    folder.mkdir()
    text = "---\nname: crlf\ndescription: d. Use when testing.\n---\n\n| a | b |\n| - | - |\n| 1 | 2 | 3 |\n"
    (folder / "SKILL.md").write_bytes(text.replace("\n", "\r\n").encode())
    report = skillkit.validate([folder], target="claude-ai")
    [diag] = [d for d in report.skills[0].diagnostics if d.rule == "table-extra-cells"]
    assert (diag.line, diag.column) == (8, 9)
