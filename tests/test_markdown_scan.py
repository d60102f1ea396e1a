"""The block scanner (skillkit.markdown.scan) must give markdown-it-py's tokens wherever it does not decline.

Differential tests against markdown-it-py itself: every golden case, every markdown file of the shared
corpus (when it sits beside the repo), a generated benchmark corpus, and hypothesis-built markdown from
the constructs the scanner models (nested lists, lazy lines, fences in items, tables and what ends them,
code spans across lines, links with titles). The reports themselves are compared in test_markdown_fast
(`SKILLKIT_MARKDOWN=reference` against the default path, which tries the scanner first).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import generate_skills, modules_after_one_skill
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_markdown_fast import markdown as mixed_markdown

from skillkit.markdown import scan as markdown_scan
from skillkit.markdown.parse import REFERENCE_ENV, parse_tokens, reference

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "tests" / "cases"
CORPUS = ROOT.parent / "shared" / "corpus"

# The token types and fields skillkit reads (markdown.py, refs.py, codeblocks.py, rules/*).
BLOCK_TYPES = frozenset(
    {"paragraph_open", "heading_open", "inline", "fence", "code_block", "html_block", "table_open", "list_item_open", "blockquote_open", "hr"}
)


def _child(tok: Any) -> tuple[Any, ...] | None:
    if tok.type in ("softbreak", "hardbreak"):
        return (tok.type,)
    if tok.type == "code_inline":
        return (tok.type, tok.content, tok.markup)
    if tok.type == "link_open":
        return (tok.type, tok.attrs.get("href"))
    if tok.type == "image":
        return (tok.type, tok.attrs.get("src"))
    return None  # text is compared where it is read: in headings (and before a code span, see below)


def project(tokens: list[Any]) -> list[tuple[Any, ...]]:
    """What skillkit reads of a token stream, in order."""
    out: list[tuple[Any, ...]] = []
    for i, tok in enumerate(tokens):
        if tok.type not in BLOCK_TYPES:
            continue
        heading = i > 0 and tokens[i - 1].type == "heading_open"
        if tok.type == "inline" and not heading and not any(map(_child, tok.children or ())):
            continue  # an inline token with nothing skillkit reads in it: the scanner does not make one
        row: tuple[Any, ...] = (tok.type, tok.map)
        if tok.type == "heading_open":
            row += (tok.tag, tok.markup)
        if tok.type in ("fence", "code_block", "html_block"):
            row += (tok.markup, tok.info, tok.content)
        if tok.type == "list_item_open":
            row += (tok.markup, tok.info)
        if tok.type == "inline":
            children = tok.children or []
            row += (tuple(c for c in map(_child, children) if c),)
            if heading:
                row += ("".join(c.content for c in children if c.type in ("text", "code_inline")),)
            # Claude Code's `!`command``: which code spans directly follow a text ending with `!`.
            row += (tuple(k > 0 and children[k - 1].type == "text" and children[k - 1].content.endswith("!") for k, c in enumerate(children) if c.type == "code_inline"),)
        out.append(row)
    return out


def assert_scan_matches(text: str) -> bool:
    """The scanner's tokens project to markdown-it-py's; False when the scanner declined."""
    fast = markdown_scan.parse(text)
    if fast is None:
        return False
    assert project(fast) == project(reference().parse(text)), text
    return True


def _body(path: Path) -> str:
    text = path.read_bytes().decode("utf-8", errors="replace").lstrip("\ufeff").replace("\r\n", "\n")
    if path.name == "SKILL.md" and text.startswith("---\n"):
        end = text.find("\n---", 3)
        if end > 0:
            text = text[text.find("\n", end + 1) + 1 :]
    return text


def test_golden_cases_match() -> None:
    files = sorted(CASES.rglob("*.md"))
    used = sum(assert_scan_matches(_body(md)) for md in files)
    assert files and used >= len(files) // 2


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"no shared corpus at {CORPUS} (CI clones it beside the repo)")
def test_corpus_matches() -> None:
    files = sorted(CORPUS.rglob("*.md"))
    used = sum(assert_scan_matches(_body(md)) for md in files)
    assert used >= 0.65 * len(files)  # 719 of 1,010 when written; the rest take the Rust or reference parse


def test_generated_benchmark_corpus_matches(tmp_path: Path) -> None:
    generate_skills(150, tmp_path, seed=7)
    files = sorted(tmp_path.rglob("*.md"))
    used = sum(assert_scan_matches(_body(md)) for md in files)
    assert len(files) >= 150 and used >= 0.9 * len(files)  # the benchmark's skills take the scanner


# -- generated markdown from the modelled constructs ---------------------------------------------

_WORDS = ["plain", "words", "`code`", "``a ` b``", "`scripts/run.py`", "[guide](references/guide.md)", "[x](a.md \"T\")",
          "[e]()", "[p](a(b)c.md)", "![img](assets/i.png)", "[`f.py`](scripts/f.py)", "run !`ls`", "**bold**", "a_b",
          "a < b", "x | y", "[not a link]", "]", "[a](b c)", "[u](https://example.com/A?b=1#c)", "`open", "[x](<y>)",
          "#tag", "1) one", "2. two", "-", "*", "+ plus", "text  ", "é → ✓", "[x](ü.md)", "`a\nb`", "\\*", "\\`x`",
          "\\[x](y)", "a\\", "[a\\]b](c)", "!\\`ls`"]
_LINE_STARTS = ["", "", "", "> ", ">", "> > ", "> - ", "- > ", "   > ", "# ", "## ", "### Title ##", "- ", "* ", "+ ", "1. ", "3) ", "  - ", "    - ", "   ", "\t- ",
                "```", "```python", "~~~", "````md", "---", "***", "_ _ _", "| a | b |", "|---|---|", "a | b", "- | -",
                "| 1 | 2 | 3 |", ":--|--:", "=== ", "--- "]


@st.composite
def subset_markdown(draw: st.DrawFn) -> str:
    lines = []
    for _ in range(draw(st.integers(1, 14))):
        start = draw(st.sampled_from(_LINE_STARTS))
        words = " ".join(draw(st.lists(st.sampled_from(_WORDS), max_size=4)))
        lines.append(draw(st.sampled_from(["", "  ", "   ", "    "])) + start + words if draw(st.integers(0, 4)) == 0 else start + words)
        if draw(st.integers(0, 3)) == 0:
            lines.append("")
    return "\n".join(lines) + draw(st.sampled_from(["", "\n", "\n\n", "\n  "]))


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(subset_markdown())
def test_generated_subset_matches(text: str) -> None:
    assert_scan_matches(text)


# -- what the scanner declines ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "> quoted\twith a tab",
        "<div>\nhtml\n</div>",
        "    indented code",
        "Title\n=====",
        "Title\n---",
        "[ref]: https://example.com",
        "## An \\*escaped\\* heading",
        "go to <https://example.com>",
        "a <kbd>K</kbd> key",
        "[x](<a b.md>)",
        "[x](a.md?x=1&amp;y=2)",
        "[a [b] c](d.md)",
        "## The *emphasis* heading",
        "## Fish &amp; chips",
        "| a | b |\n|---|---|\n| x \\| y | z |",
        "a\r\nb",
    ],
)
def test_unmodelled_constructs_decline(text: str) -> None:
    assert markdown_scan.parse(text) is None
    assert parse_tokens(text) is not None


def test_plain_skill_markdown_takes_the_scanner() -> None:
    text = (
        "# Title\n\nIntro with `code` and [a link](references/guide.md).\n\n- item one\n  continued\n  - nested `x`\n"
        "1. first\n2. second\n\n   ```bash\n   run --it\n   ```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n## my_function\n\n---\n"
        "\n## Installation & Setup\n"
    )
    assert assert_scan_matches(text)


@pytest.mark.parametrize("text", ["see \\*escaped\\* and \\`not code` and \\[not](a link)", "line\\\nbreak `x`", "end \\"])
def test_escapes_are_read(text: str) -> None:
    assert assert_scan_matches(text)


@pytest.mark.pure_python
def test_rust_switch_skips_the_scanner(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    monkeypatch.setattr(markdown_scan, "parse", lambda t: calls.append(t))  # returns None: fall through
    parse_tokens("# Title\n")
    assert calls == ["# Title\n"]
    monkeypatch.setenv(REFERENCE_ENV, "rust")
    parse_tokens("# Other\n")
    assert calls == ["# Title\n"]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mixed_markdown())
def test_generated_mixed_markdown_matches(text: str) -> None:
    """The Rust path's generator (quotes, HTML, escapes, references): the scanner declines or agrees."""
    assert_scan_matches(text.replace("\r\n", "\n"))


def test_trim_characters_match_markdown_it() -> None:
    from markdown_it.common.utils import MD_TRIM_CHARS

    from skillkit.markdown.rows import MD_TRIM_CHARS as OURS

    assert sorted(OURS) == sorted(MD_TRIM_CHARS)


def test_plain_validate_never_imports_markdown_it(tmp_path: Path) -> None:
    """A body the scanner reads needs neither markdown-it-py nor the Rust parser: a one-skill run skips both."""
    loaded = modules_after_one_skill(tmp_path, "# Demo\n\n- item `x`\n")
    assert [m for m in loaded if m.startswith("markdown_it")] == []


@pytest.mark.pure_python
def test_a_scanner_crash_falls_back_to_the_full_parsers(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(text: str) -> None:
        raise IndexError("a scanner bug")

    monkeypatch.setattr(markdown_scan, "parse", broken)
    monkeypatch.delenv(REFERENCE_ENV, raising=False)
    monkeypatch.delenv("SKILLKIT_DEBUG", raising=False)
    assert project(parse_tokens("# Title\n\n- item `x`\n")) == project(reference().parse("# Title\n\n- item `x`\n"))
    monkeypatch.setenv("SKILLKIT_DEBUG", "1")
    with pytest.raises(IndexError):
        parse_tokens("# Title\n")


@settings(max_examples=3000, deadline=None)
@given(
    st.one_of(
        st.from_regex(r"https?://[a-z0-9.-]{1,12}([/?#][A-Za-z0-9/?#=+~_.,:;@!*'$()%&-]{0,16})?", fullmatch=True),
        st.from_regex(r"(//|mailto:|[a-zA-Z]+:)?[A-Za-z0-9_./#:@-]{0,16}", fullmatch=True),
    )
)
def test_plain_href_shortcut_keeps_what_normalize_link_keeps(url: str) -> None:
    from markdown_it.common.normalize_url import normalizeLink

    from skillkit.markdown.scan_links import plain_href

    if plain_href(url):
        assert normalizeLink(url) == url
