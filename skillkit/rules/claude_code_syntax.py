"""Claude Code-only body syntax (command injection, argument and environment substitutions) in upload skills."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Final

from skillkit.diagnostics import Finding
from skillkit.document.markdown import body
from skillkit.ids import RuleId
from skillkit.markdown.parsed import inline_children
from skillkit.rules.base import UPLOAD, Context, W, rule

if TYPE_CHECKING:
    from markdown_it.token import Token

# Claude Code substitutes these anywhere in the skill's content, code blocks included.
_SUBSTITUTION_RE: Final = re.compile(r"\$ARGUMENTS\b(?:\[\d+\])?|\$\{CLAUDE_[A-Z0-9_]+\}")


def _triggered(text: str) -> bool:
    """Any of `!``, "```!", `~~~!`, `$ARGUMENTS`, `${CLAUDE_` in the text, found from their rare `!` and `$` (each
    looked at once for the needles that hold it, not once per needle)."""
    at = text.find("!")
    while at >= 0:
        if text.startswith("`", at + 1) or at >= 3 and text.startswith(("```!", "~~~!"), at - 3):
            return True
        at = text.find("!", at + 1)
    at = text.find("$")
    while at >= 0:
        if text.startswith(("$ARGUMENTS", "${CLAUDE_"), at):
            return True
        at = text.find("$", at + 1)
    return False


@rule(RuleId.CLAUDE_CODE_SYNTAX, W, targets=UPLOAD, needs="body")
def claude_code_syntax(ctx: Context) -> Iterator[Finding]:
    """The body uses syntax only Claude Code understands, in a skill meant for claude.ai or the API.

    ``!`cmd` `` and ```` ```! ```` blocks run a shell command when Claude Code loads the skill;
    `$ARGUMENTS` and `${CLAUDE_SKILL_DIR}`-style variables are substituted by Claude Code. On
    claude.ai and through the API they "don't function" (Claude Code docs): Claude sees the literal
    text. Written inside a code span (``` ``!`cmd` `` ```) they are documentation and not reported.
    A `!` runs a command only at the start of a line or after white space (`KEY=!`cmd`` and
    ``wow!`x` `` stay text). Each variable is reported once per skill, at its first use, with the
    number of uses: the links and paths written with `${CLAUDE_SKILL_DIR}/` are resolved from the skill
    folder and not reported as missing files one by one. Source: code.claude.com/docs/en/skills,
    "Inject dynamic context" and "Available string substitutions".
    """
    text = ctx.doc.body or ""
    if not _triggered(text):
        return
    parsed = body(ctx.doc)
    if parsed is None:
        return
    previous: Token | None = None
    previous_index = -1
    cursor: dict[int, int] = {}
    for child, index in inline_children(parsed):
        injected = (
            child.type == "code_inline"
            and previous is not None
            and previous_index == index
            and previous.type == "text"
            and previous.content.endswith("!")
        )
        previous, previous_index = child, index
        line = parsed.lines[index]
        at = line.find("!" + child.markup, cursor.get(index, 0)) if injected else -1
        if at < 0:
            continue
        cursor[index] = at + 2
        if at > 0 and not line[at - 1].isspace():
            continue  # `KEY=!`cmd`` and `wow!`x`` stay text: only a `!` at a line start or after white space runs
        yield Finding(
            RuleId.CLAUDE_CODE_SYNTAX,
            f"'!{child.markup}{child.content}{child.markup}' runs a shell command only in Claude Code; "
            "on claude.ai and the API it stays literal text",
            parsed.file_line(index),
            at + 1,
        )
    for tok in parsed.of_type("fence"):
        if tok.info.startswith("!") and tok.map:
            line = parsed.lines[tok.map[0]]
            yield Finding(
                RuleId.CLAUDE_CODE_SYNTAX,
                f"'{tok.markup}!' blocks run shell commands only in Claude Code; on claude.ai and the API they are plain code",
                parsed.line_of(tok),
                max(line.find(tok.markup), 0) + 1,
            )
    # One finding per variable, at its first use: the cause is the variable, not each place it is written.
    uses: dict[str, list[tuple[int, int]]] = {}
    for index, line in enumerate(parsed.lines):
        if "$" not in line:
            continue
        for m in _SUBSTITUTION_RE.finditer(line):
            uses.setdefault(_variable(m.group(0)), []).append((index, m.start() + 1))
    for variable, places in uses.items():
        index, column = places[0]
        more = f" (used {len(places)} times; the first is here)" if len(places) > 1 else ""
        yield Finding(
            RuleId.CLAUDE_CODE_SYNTAX,
            f"{variable!r} is substituted only by Claude Code{more}; on claude.ai and the API Claude sees it literally"
            f"{_VARIABLE_HINT.get(variable, '')}",
            parsed.file_line(index),
            column,
        )


def _variable(written: str) -> str:
    """The variable a use names: `$ARGUMENTS[1]` and `$ARGUMENTS` are one."""
    return written.split("[", 1)[0]


_VARIABLE_HINT: Final = {
    "${CLAUDE_SKILL_DIR}": ": write paths relative to SKILL.md instead (`scripts/fill.py`)",
}
