"""Claude Code-only body syntax (command injection, argument and environment substitutions) in upload skills."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Final

from skillkit.diagnostics import Finding
from skillkit.document.markdown import body
from skillkit.findtext import has
from skillkit.ids import RuleId
from skillkit.markdown.parsed import inline_children
from skillkit.rules.base import UPLOAD, Context, W, rule

if TYPE_CHECKING:
    from markdown_it.token import Token

# Claude Code substitutes these anywhere in the skill's content, code blocks included.
_SUBSTITUTION_RE: Final = re.compile(r"\$ARGUMENTS\b(?:\[\d+\])?|\$\{CLAUDE_[A-Z0-9_]+\}")


def _triggered(text: str) -> bool:
    """Any of `!``, "```!", `~~~!`, `$ARGUMENTS`, `${CLAUDE_` in the text (found from their rare `!` and `$`)."""
    return has(text, "!`") or has(text, "```!", 3) or has(text, "~~~!", 3) or has(text, "$ARGUMENTS") or has(text, "${CLAUDE_")


@rule(RuleId.CLAUDE_CODE_SYNTAX, W, targets=UPLOAD, needs="body")
def claude_code_syntax(ctx: Context) -> Iterator[Finding]:
    """The body uses syntax only Claude Code understands, in a skill meant for claude.ai or the API.

    ``!`cmd` `` and ```` ```! ```` blocks run a shell command when Claude Code loads the skill;
    `$ARGUMENTS` and `${CLAUDE_SKILL_DIR}`-style variables are substituted by Claude Code. On
    claude.ai and through the API they "don't function" (Claude Code docs): Claude sees the literal
    text. Written inside a code span (``` ``!`cmd` `` ```) they are documentation and not reported.
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
    for index, line in enumerate(parsed.lines):
        if "$" not in line:
            continue
        for m in _SUBSTITUTION_RE.finditer(line):
            yield Finding(
                RuleId.CLAUDE_CODE_SYNTAX,
                f"{m.group(0)!r} is substituted only by Claude Code; on claude.ai and the API Claude sees it literally",
                parsed.file_line(index),
                m.start() + 1,
            )
