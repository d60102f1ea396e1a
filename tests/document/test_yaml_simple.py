"""yamlsimple must read a frontmatter exactly as yamlsafe (PyYAML) does wherever it does not decline.

Differential tests: every frontmatter of the golden cases, our skill and the shared corpus, a generated
benchmark corpus, and hypothesis-built frontmatter mixing the grammar with everything it must decline.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import generate_skills, modules_after_one_skill
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skillkit.document import frontmatter, yamlsafe, yamlsimple

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus"


def assert_same(text: str, first_line: int = 2) -> bool:
    """yamlsimple's answer equals yamlsafe's; False when yamlsimple declined."""
    fast = yamlsimple.load(text, first_line)
    if fast is None:
        return False
    ref = yamlsafe.load(text, first_line)
    assert (fast.data, fast.keys, fast.findings, fast.ok) == (ref.data, ref.keys, ref.findings, ref.ok), text
    return True


def _frontmatters(root: Path) -> list[str]:
    out = []
    for path in sorted(root.rglob("SKILL.md")):
        text, _ = frontmatter.decode(path.read_bytes())
        split = frontmatter.split(text) if text is not None else None
        if split is not None and split.yaml_text is not None:
            out.append(split.yaml_text)
    return out


def test_golden_cases_and_our_skill() -> None:
    texts = _frontmatters(ROOT / "tests" / "cases") + _frontmatters(ROOT / "skills")
    used = sum(assert_same(t) for t in texts)
    assert texts and used >= len(texts) // 3


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"no shared corpus at {CORPUS} (CI clones it beside the repo)")
def test_corpus() -> None:
    texts = _frontmatters(CORPUS)
    used = sum(assert_same(t) for t in texts)
    assert used >= len(texts) // 3


def test_generated_benchmark_corpus(tmp_path: Path) -> None:
    generate_skills(300, tmp_path, seed=11)
    texts = _frontmatters(tmp_path)
    used = sum(assert_same(t) for t in texts)
    assert len(texts) == 300 and used >= 0.95 * len(texts)


_KEYS = ["name", "description", "license", "metadata", "allowed-tools", "a_b", "_x", "yes", "No", "null", "on", "x.y", "1a", "key"]
_VALUES = [
    "demo-skill", "Use when: x", "Does X. Use when Y", "a: b", "a #b", "C# and F#", "http://x.y/z?a=1", "Bash(git:*) Read",
    "-dash", "- item", "? q", ": c", "[a, b]", "{a: b}", "a, b [c] {d}", "&anchor", "*alias", "!tag", "!!str x", "|", ">-",
    "'single'", "'it''s'", '"double"', '"esc \\" q"', '"a\\nb"', "'unclosed", '"unclosed', "1.0", "2024-01-01", "0x1F", ".inf",
    "~", "null", "Yes", "off", "TRUE", "=", "<< x", "%x", "@x", "`x`", "café ✓ データ", "a\u2028b", "a\x85b", "a\tb", "tail ",
    "x:", "a:b", "", "\ufeffbom", "emoji 🎉", "\U0001d400",
]


_GOOD_KEYS = ["name", "description", "license", "metadata", "allowed-tools", "a_b", "_x", "key", "author", "version"]
_GOOD_VALUES = ["demo-skill", "Does X. Use when Y", "C# and F#", "http://x.y/z?a=1", "Bash(git:*) Read", "a, b [c] {d}",
                "'single'", '"double"', "café ✓ データ", "emoji 🎉", "a:b", "x-1.0", "yesterday", "nullable", "ONE", "a'b\"c"]


def _pick(draw: st.DrawFn, good: list[str], every: list[str]) -> str:
    """Mostly what the grammar accepts, so that most examples are compared, and now and then anything."""
    return draw(st.sampled_from(every if draw(st.integers(0, 9)) == 0 else good))


@st.composite
def frontmatters(draw: st.DrawFn) -> str:
    lines = []
    for _ in range(draw(st.integers(1, 6))):
        key = _pick(draw, _GOOD_KEYS, _KEYS)
        gap = _pick(draw, [" ", " ", "  "], [" ", "", "\t"])
        if draw(st.integers(0, 5)) == 0:
            lines.append(f"{key}:{gap}" + _pick(draw, [">", ">-", "|", "|-"], [">+", "|2", "> ", ">-", "|", "| Does X", ">- a: b", "|+ x", "| # c", "|2 x"]))
            indent = draw(st.sampled_from(["  ", "  ", "    ", " "]))
            for _ in range(draw(st.integers(0, 3))):
                lines.append(_pick(draw, [indent], [indent, "   ", ""]) + _pick(draw, _GOOD_VALUES, _VALUES + ["# not a comment", "key: v"]))
        elif draw(st.integers(0, 3)) == 0:
            lines.append(f"{key}:" + draw(st.sampled_from(["", "", " "])))
            indent = draw(st.sampled_from(["  ", "  ", "    ", " "]))
            for _ in range(draw(st.integers(0, 3))):
                lines.append(_pick(draw, [indent], [indent, "   "]) + f"{_pick(draw, _GOOD_KEYS, _KEYS)}:{gap}{_pick(draw, _GOOD_VALUES, _VALUES)}")
        else:
            lines.append(f"{key}:{gap}{_pick(draw, _GOOD_VALUES, _VALUES)}")
        if draw(st.integers(0, 19)) == 0:
            lines.append(draw(st.sampled_from(["", "# comment", "  ", "- item"])))
    return "\n".join(lines)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(frontmatters(), st.integers(2, 5))
def test_generated_frontmatter(text: str, first_line: int) -> None:
    assert_same(text, first_line)


@pytest.mark.parametrize(
    "text",
    [
        "description: >+\n  kept\n",
        "description: >-\n  folded\n    more indented",
        "description: |\n  a\n\n  b",
        "description: >2\n  indicator",
        "allowed-tools:\n  - Read\n  - Grep",
        "name: a\n\ndescription: b",
        "# comment\nname: a",
        "name: a # trailing comment",
        "name: a\nname: b",
        "version: 1.0",
        "enabled: yes",
        "name: 'it''s'",
        'name: "tab\\t"',
        "name: &a x\nother: *a",
        "metadata:\n  a: b\n   c: d",
        "metadata:",
        "name: trailing ",
        "description: |2 indentation indicator",
        "description: | text\nname: tab\there",
        "description: | text\nmetadata:\n" + " " * 257 + "deep: x",
        "metadata:\n  description: | nested",
        "metadata:\n  description: nested: colon",
        "description: a #b: c",
        "description: 'quoted': c",
    ],
)
def test_declines_what_it_does_not_model(text: str) -> None:
    assert yamlsimple.load(text, 2) is None
    yamlsafe.load(text, 2)  # PyYAML reads it (or reports it)


@pytest.mark.parametrize(
    "text",
    [
        "description: >-\n  folded\n  text",
        "description: >\n  folded\n  text\nname: x",
        "description: |\n  a\n  b\nname: x",
        "description: |-\n    a: b\n    # kept\nname: x",
        "name: x\ndescription: >\n  last",
    ],
)
def test_block_scalars_are_read(text: str) -> None:
    assert assert_same(text)


@pytest.mark.parametrize(
    "text",
    [
        "name: x\ndescription: | Use when this capability is needed.\nmetadata:\n  author: me",
        "description: >- Does X: and more\nname: [unparsed, after the error",
        "name: x\ndescription: |+   a long text after the header, over thirty characters",
        "name: x\ndescription: Use when: asked\nmetadata:\n  author: me",
        "description: a:b: c # d\nname: {unparsed",
        "description: plain\nname: c: d",
    ],
)
def test_common_errors_are_the_finding_pyyaml_gives(text: str) -> None:
    loaded = yamlsimple.load(text, 2)
    assert loaded is not None and [f.rule for f in loaded.findings] == ["yaml-syntax"] and not loaded.ok
    assert assert_same(text)


def test_plain_frontmatter_is_read() -> None:
    loaded = yamlsimple.load('name: demo\ndescription: Does a thing. Use when asked.\nmetadata:\n  author: me\n  version: "1.0"', 2)
    assert loaded is not None and loaded.data == {
        "name": "demo",
        "description": "Does a thing. Use when asked.",
        "metadata": {"author": "me", "version": "1.0"},
    }
    assert assert_same('name: demo\ndescription: Does a thing. Use when asked.\nmetadata:\n  author: me\n  version: "1.0"')


def test_one_skill_run_never_imports_pyyaml(tmp_path: Path) -> None:
    loaded = modules_after_one_skill(tmp_path, "# Demo\n\nText.\n")
    assert "yaml" not in loaded


@pytest.mark.pure_python
def test_a_crash_in_the_shortcut_falls_back_to_pyyaml(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from skillkit.document import skill as document

    def broken(text: str, first_line: int) -> None:
        raise IndexError("a shortcut bug")

    monkeypatch.setattr(yamlsimple, "load", broken)
    monkeypatch.delenv("SKILLKIT_DEBUG", raising=False)
    raw = b"---\nname: demo\ndescription: Demo. Use in tests.\n---\nbody\n"
    doc = document.parse(tmp_path / "SKILL.md", tmp_path, raw)
    assert doc.data == {"name": "demo", "description": "Demo. Use in tests."} and not doc.findings
    monkeypatch.setenv("SKILLKIT_DEBUG", "1")
    with pytest.raises(IndexError):
        document.parse(tmp_path / "SKILL.md", tmp_path, raw)
