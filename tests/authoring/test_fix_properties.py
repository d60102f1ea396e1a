"""Properties of `skillkit fix` on generated skills: a second run changes nothing, and a skill that validates still
validates (nor does any skill gain an error it did not have), whatever the mix of problems, line endings and
byte order marks, with and without the unsafe fixes."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import skillkit
from skillkit.authoring.fix import fix_skill, write
from skillkit.config.options import Options
from skillkit.diagnostics import Severity, Target
from skillkit.discovery.sources import SkillSource

FOLDER = "pdf-tool"
DESCRIPTIONS = [
    "description: Extracts text from PDF files. Use when the user asks to read a PDF.",
    "description: Reads PDFs. Use when: the user asks for text.",
    "description: Fixes issue #42 in exports. Use when asked.",
    "description: | Reads PDFs.",
    "description: >- Reads PDFs.\n  Use when asked.",
    'description: "Reads \\"PDFs\\". Use when asked."',
    "description: `pdftotext` wrapper. Use when asked.",
    "description: Reads PDFs and quotes them.\n  Use when: asked for C:\\docs.",
]
NAMES = [f"name: {FOLDER}", "name: Pdf_Tool", "name: other-tool", "name: pdf-tool #1", "name: 'pdf-tool'"]
EXTRA = [
    "allowed-tools: [Read, Grep]",
    "allowed-tools:\n  - Read\n  - Bash(git:*)",
    "allowed-tools: Read Grep",
    "version: 1.10",
    "author: Ann Lee",
    "tags: [pdf, text]",
    "metadata:\n  owner: docs",
    "licence: MIT",
    "argument-hint: '[file]'",
    "license: MIT",
    "note: see: the manual",
]
BODY = [
    "# Title\n\nRead the PDF.",
    "## Steps\n\n1. Run it.\n2. Check it.",
    "| a | b |\n| - | - |\n| `x|y` | z |",
    "| `p|q` | b |\n| --- | --- |\n| 1 | 2 |",
    "```python\nprint(1)\n\n## Later\n\nText.",
    "```markdown\nExample:\n```bash\nls\n```\nEnd.\n```",
    "````bash\nls\n```\n\n## After",
    "<details>\n```python\nx = 1\n```\n</details>",
    "See [guide](references/Guide.md) and `references/GUIDE.md`.",
    "See [guide](references/guide.md).",
    "> ```bash\n> ls\n>\n> ## Quoted heading",
    "Plain text with a | pipe and `code`.",
]
words = st.text(alphabet=st.sampled_from(list("abc XY:#|`'\"-_\\")), min_size=1, max_size=12)


@st.composite
def skills(draw: st.DrawFn) -> dict[str, bytes]:
    lines = [draw(st.sampled_from(NAMES)), draw(st.sampled_from(DESCRIPTIONS))]
    lines += draw(st.lists(st.sampled_from(EXTRA), max_size=4, unique=True))
    if draw(st.booleans()):
        lines.append(f"x{draw(st.integers(0, 9))}: {draw(words).strip() or 'v'}")
    opening = draw(st.sampled_from(["---", "--- ", "---"]))
    closing = draw(st.sampled_from(["---", "---  "]))
    body = draw(st.lists(st.sampled_from(BODY), min_size=1, max_size=4))
    if draw(st.booleans()):
        body.append(draw(words))
    text = "\n".join([opening, *lines, closing, "", *(part + "\n" for part in body)])
    eol = draw(st.sampled_from(["\n", "\n", "\r\n", "\r"]))
    data = text.replace("\n", eol).encode("utf-8")
    if draw(st.booleans()):
        data = data.rstrip(b"\r\n")
    if draw(st.integers(0, 4)) == 0:
        data = b"\xef\xbb\xbf" + data
    files = {"SKILL.md": data, "references/guide.md": draw(st.sampled_from([b"# Guide\n", b"| a | b |\n| - | - |\n| `x|y` | z |\n"]))}
    return files


def errors(path: Path, target: Target) -> int:
    report = skillkit.validate([str(path)], target=target)
    return sum(d.severity is Severity.ERROR for s in report.skills for d in s.diagnostics)


def run_fix(skill: Path, target: Target, unsafe: bool) -> list[str]:
    result = fix_skill(SkillSource(skill / "SKILL.md", skill), Options(target=target), unsafe=unsafe)
    written = write(result)
    assert not result.problems, result.problems
    return written


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(files=skills(), target=st.sampled_from([Target.CLAUDE_AI, Target.CLAUDE_CODE, Target.AGENTSKILLS]), unsafe=st.booleans())
def test_fix_is_idempotent_and_never_breaks_a_valid_skill(files: dict[str, bytes], target: Target, unsafe: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        skill = Path(tmp) / FOLDER
        for rel, data in files.items():
            (skill / rel).parent.mkdir(parents=True, exist_ok=True)
            (skill / rel).write_bytes(data)
        before = errors(skill, target)
        run_fix(skill, target, unsafe)
        once = snapshot(skill)
        after = errors(skill, target)
        if before == 0:
            assert after == 0, "a valid skill became invalid"
        assert run_fix(skill, target, unsafe) == [], "a second run wrote something"
        assert snapshot(skill) == once
