"""The fast parse (markdown-it-pyrs) must give the same tokens and the same report as markdown-it-py.

Differential tests: every golden case, generated markdown (hypothesis, built from the constructs where
the parsers are known to disagree), and, when it sits beside the repo, every skill of the shared corpus.
`SKILLKIT_MARKDOWN=reference` switches the reference on for the second run.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it.token import Token

import skillkit
from skillkit.markdown import rust as markdown_fast
from skillkit.markdown.parse import REFERENCE_ENV, parse_tokens, reference

CASES = Path(__file__).parent / "cases"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"

pytestmark = pytest.mark.skipif(not markdown_fast.available(), reason="markdown-it-pyrs is not installed")


# -- comparison helpers -------------------------------------------------------------------------


def _child(tok: Token) -> tuple[Any, ...]:
    alt = tuple(_child(c) for c in tok.children or ()) if tok.type == "image" else ()
    content = "" if tok.type == "image" else tok.content
    return (tok.type, tok.tag, tok.nesting, tok.level, content, tok.markup, tok.info, dict(tok.attrs), alt)


def _token(tok: Token) -> tuple[Any, ...]:
    """Every field skillkit reads (an inline token's own raw `content` is not reproduced)."""
    out: tuple[Any, ...] = (tok.type, tok.tag, tok.nesting, tok.map, tok.level, tok.markup, tok.info, tok.hidden, tok.block, dict(tok.attrs))
    if tok.type in ("fence", "code_block", "html_block"):
        out += (tok.content,)
    if tok.type == "inline":
        out += (tuple(_child(c) for c in tok.children or ()),)
    return out


def assert_same_tokens(text: str) -> bool:
    """The fast tokens equal markdown-it-py's; False when the fast path declined (fell back)."""
    fast = markdown_fast.parse(text)
    if fast is None:
        return False
    assert [_token(t) for t in fast] == [_token(t) for t in reference().parse(text)]
    return True


def _report(paths: list[str], target: str | None, monkeypatch: pytest.MonkeyPatch, mode: str) -> list[Any]:
    """The report with the markdown path `mode`: "" (scanner, then Rust, then reference), "rust" or "reference"."""
    if mode:
        monkeypatch.setenv(REFERENCE_ENV, mode)
    else:
        monkeypatch.delenv(REFERENCE_ENV, raising=False)
    report = skillkit.validate(paths, target=target, jobs=1)
    return [(s.path, s.target, s.diagnostics) for s in report.skills] + [report.problems]


def assert_same_report(paths: list[str], target: str | None, monkeypatch: pytest.MonkeyPatch) -> None:
    reference = _report(paths, target, monkeypatch, "reference")
    assert _report(paths, target, monkeypatch, "") == reference
    assert _report(paths, target, monkeypatch, "rust") == reference


# -- golden cases and the corpus ----------------------------------------------------------------


def _cases() -> list[Path]:
    return sorted(p for p in CASES.iterdir() if (p / "expected.txt").is_file())


@pytest.mark.parametrize("case", _cases(), ids=lambda p: p.name)
@pytest.mark.parametrize("target", ["claude-ai", "claude-code"])
def test_golden_case_reports_match(case: Path, target: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(case)
    assert_same_report(["."], target, monkeypatch)
    for md in sorted(case.rglob("*.md")):
        assert_same_tokens(md.read_text(encoding="utf-8", errors="replace").replace("\r\n", "\n"))


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"no shared corpus at {CORPUS} (CI clones it beside the repo)")
@pytest.mark.parametrize("target", ["claude-ai", "claude-code"])
def test_corpus_reports_match(target: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert_same_report([str(CORPUS)], target, monkeypatch)


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"no shared corpus at {CORPUS} (CI clones it beside the repo)")
def test_corpus_tokens_match() -> None:
    files = sorted(CORPUS.rglob("*.md"))
    used = 0
    for md in files:
        text = md.read_bytes().decode("utf-8", errors="replace").lstrip("\ufeff").replace("\r\n", "\n")
        used += assert_same_tokens(text)
    assert used >= 0.9 * len(files)  # the fast path is the rule, the fallback the exception


# -- generated markdown -------------------------------------------------------------------------

_INLINE = [
    "plain words", "`code`", "`a | b`", "`a \\| b`", "``co`de``", "**bold**", "*em*", "_u_", "a_b_c", "***both***",
    "[guide](references/guide.md)", "[anchor](#usage)", "[ref link][guide]", "[guide]", "![chart](assets/chart.png)",
    "<https://example.com/x>", "<kbd>K</kbd>", "<!-- note -->", "\\*", "\\|", "&amp;", "&copy;", "!`ls`", "`scripts/run.py`",
    "$ARGUMENTS", "${CLAUDE_SKILL_DIR}", "café", "→", "**→ next**", "✓", "a | b", "[x](a.md \"Title\")", "[x](<a b.md>)",
]
_BLOCKS = [
    "# Heading", "## Usage", "Setext\n===", "Setext two\n---", "---", "***",
    "| a | b |\n|---|:--:|\n| 1 | 2 |\n| `x|y` | \\| |", "a | b\n- | -\n1 | 2", "| a |\n|---|\nswallowed line",
    "```python\nprint('| a | b |')\n|---|---|\n```", "````markdown\n```bash\nls\n```\n````", "~~~\nunclosed\n# not a heading",
    "```\n```", "<div>\n```\nnot code\n</div>", "<details>\n\n```sh\nrun\n```\n\n</details>", "    indented code\n    more",
    "[guide]: references/guide.md \"Guide\"", "<!-- skillkit-disable-next-line body-links -->", "\\```not a fence",
]
_CONTAINERS = ["", "- ", "1. ", "> ", "- > ", "> - ", "  - ", "* "]


@st.composite
def markdown(draw: st.DrawFn) -> str:
    parts: list[str] = []
    for _ in range(draw(st.integers(1, 6))):
        if draw(st.booleans()):
            block = " ".join(draw(st.lists(st.sampled_from(_INLINE), min_size=1, max_size=5)))
            if draw(st.booleans()):
                block += "\n" + " ".join(draw(st.lists(st.sampled_from(_INLINE), min_size=1, max_size=3)))
        else:
            block = draw(st.sampled_from(_BLOCKS))
        prefix = draw(st.sampled_from(_CONTAINERS))
        indent = " " * len(prefix) if not prefix.startswith(">") else ">" + " " * (len(prefix) - 1)
        lines = block.split("\n")
        parts.append("\n".join([prefix + lines[0]] + [(indent + line if line else indent.rstrip()) for line in lines[1:]]))
    text = draw(st.sampled_from(["\n\n", "\n"])).join(parts) + draw(st.sampled_from(["", "\n", "\n\n", "\n  "]))
    return text.replace("\n", "\r\n") if draw(st.integers(0, 9)) == 0 else text


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(markdown())
def test_generated_tokens_match(text: str) -> None:
    assert_same_tokens(text)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(body=markdown(), guide=markdown())
def test_generated_reports_match(body: str, guide: str, monkeypatch: pytest.MonkeyPatch) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        skill = Path(tmp, "gen-skill")
        for rel, data in {"references/guide.md": guide, "scripts/run.py": "print('hi')\n", "assets/chart.png": ""}.items():
            (skill / rel).parent.mkdir(parents=True, exist_ok=True)
            (skill / rel).write_text(data, encoding="utf-8", newline="")
        front = "---\nname: gen-skill\ndescription: Generated skill for the parser differential test. Use in tests.\n---\n"
        (skill / "SKILL.md").write_text(front + body, encoding="utf-8", newline="")
        for target in ("claude-ai", "claude-code"):
            assert_same_report([str(skill)], target, monkeypatch)


# -- fallbacks ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "[`",  # the Rust code-span cache panics (markdown-it.rs #40)
        "see [`x]",
        "_a\nb*c_*)*`x`",  # Rust's incremental emphasis matching misses an opener
        "x*→a*",  # a symbol next to `*`: CommonMark 0.31 punctuation, not 0.30
        "> a\n-",  # an empty list item ends the blockquote only for markdown-it-py
        "<!--> x",  # an HTML comment of CommonMark 0.31
        "[x](file:///etc/passwd)",  # Rust drops file: links
        "[x](http://müller.de)",  # markdown-it-py punycodes the host
        "| a |\n|---|\n| b \\|| c |",  # Rust escapes both pipes
        "a\r\nb",
    ],
)
def test_known_differences_fall_back(text: str, capfd: pytest.CaptureFixture[str]) -> None:
    assert markdown_fast.parse(text) is None
    assert parse_tokens(text) is not None
    assert capfd.readouterr().err == ""  # no Rust panic message


def test_plain_markdown_takes_the_fast_path() -> None:
    text = "# Title\n\n- item `code` [link](references/guide.md)\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```py\nx = 1\n```\n"
    assert assert_same_tokens(text)


@pytest.mark.pure_python
def test_reference_switch_and_missing_module(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "# Title\n\nbody\n"
    calls: list[str] = []
    monkeypatch.setenv(REFERENCE_ENV, "rust")  # past the Python block scanner, which would take this text
    monkeypatch.setattr(markdown_fast, "parse", lambda t: calls.append(t))  # returns None: fall back
    assert [t.type for t in parse_tokens(text)] == [t.type for t in reference().parse(text)]
    assert calls == [text]
    monkeypatch.setenv(REFERENCE_ENV, "reference")
    parse_tokens(text)
    assert calls == [text]  # the fast path is not even tried
    monkeypatch.undo()
    monkeypatch.setattr(markdown_fast, "_MD", None)  # as when markdown_it_pyrs is not importable
    assert markdown_fast.parse(text) is None and not markdown_fast.available()



@pytest.mark.parametrize("url", ["https://@host/x", "http://$:0;", "mailto:!:9/x", "https://GitHub.com/a"])
def test_urls_normalize_link_rewrites_come_out_as_markdown_it_py_has_them(url: str) -> None:
    # An empty user or a port-like `:` is moved or dropped by normalizeLink: the Rust path must not keep the source.
    assert assert_same_tokens(f"See [a]({url}) here.\n")
