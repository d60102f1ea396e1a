"""Property tests: random frontmatter and Markdown through the whole pipeline never raise, stay in the file, and repeat exactly."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skillkit.config.options import Options
from skillkit.diagnostics import Target
from skillkit.discovery.sources import SkillSource
from skillkit.engine.skill import check_source

FM_LINES = st.sampled_from(
    [
        "name: prop-skill",
        "name: Prop Skill",
        "description: Reads files. Use when asked.",
        "description: Use when: broken",
        'description: "quoted: fine"',
        "description: >-\n  folded\n  text",
        "metadata:\n  version: 1.0\n  tags: [a, b]",
        "allowed-tools: [Read, Grep]",
        "version: 2",
        "name: &a x\nlicense: *a",
        "\tbad: tab",
        "effort: extreme",
        "- item",
        "key: !!python/name:os.system",
        "? [complex]\n: key",
        "description: issue #42 here",
        "",
    ]
)
MD_FRAGMENTS = st.sampled_from(
    [
        "# Title",
        "## Section",
        "Plain paragraph with `code` and a [link](references/guide.md).",
        "| a | b |\n| --- | --- |\n| 1 | 2 |",
        "| a | b |\n| --- |\n| 1 | 2 | 3 |",
        "| a | b |\n| - | - |\n| x \\| y | `p|q` |\nno pipe line",
        "```python\nprint('x')\n```",
        "```\nunclosed fence",
        "~~~bash\necho hi\n```",
        "````markdown\n```js\nx\n```\n````",
        "- item\n  ```yaml\n  a: 1\n  ```\n- item two",
        "> quote\n> ```\n> code in quote",
        "1. one\n2. two",
        "    indented code | a | b |",
        "<div>\n| html | table |\n</div>",
        "![img](assets/pic.png)",
        "[anchor](#section) [abs](/etc/passwd) [up](../x.md) [win](scripts\\\\x.py)",
        "<!-- skillkit-disable-next-line body-empty -->",
        "!`date` and $ARGUMENTS and ${CLAUDE_SKILL_DIR}",
        "",
        "\r",
        "---",
    ]
)


@st.composite
def skill_text(draw: st.DrawFn) -> str:
    fm = "\n".join(draw(st.lists(FM_LINES, max_size=6)))
    body = "\n\n".join(draw(st.lists(MD_FRAGMENTS, max_size=10)))
    opener = draw(st.sampled_from(["---\n", "--- \n", "\ufeff---\n", "\n---\n", ""]))
    closer = draw(st.sampled_from(["\n---\n", "\n", "\n---"]))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    return (opener + fm + closer + body + "\n").replace("\n", newline)


def _report(text: str, target: Target) -> tuple[tuple[str, str, int | None, int | None, str], ...]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "prop-skill"
        folder.mkdir()
        (folder / "SKILL.md").write_bytes(text.encode("utf-8"))
        result = check_source(SkillSource(folder / "SKILL.md", folder), Options(target=target))
        return tuple((d.rule, d.severity.value, d.line, d.column, d.message.replace(tmp, "")) for d in result.diagnostics)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=skill_text(), target=st.sampled_from(list(Target)))
def test_pipeline_never_raises_stays_in_file_and_repeats(text: str, target: Target) -> None:
    first = _report(text, target)
    line_count = len(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    for rule, _severity, line, column, _message in first:
        assert rule != "internal-error", first
        if line is not None:
            assert 1 <= line <= line_count, (rule, line, line_count)
        if column is not None:
            assert column >= 1
    assert _report(text, target) == first
