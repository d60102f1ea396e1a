"""Claude Code's argument placeholders (`$0`, `$1`, ...) written in prose where they read as text: prices, shell variables."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from skillkit.diagnostics import Finding, Target
from skillkit.document.markdown import body
from skillkit.ids import RuleId
from skillkit.lazy_pattern import LazyPattern
from skillkit.markdown.parsed import LITERAL_TYPES
from skillkit.rules.base import Context, W, rule
from skillkit.words import counted

# `$` and one digit not followed by another: `$0`..`$9`, the indices an ordinary invocation fills. `$10` and up
# need eleven arguments and more before Claude Code replaces them.
_INDEX_RE: Final = LazyPattern(r"\$(\d)(?!\d)")
# What makes `$N` read as an amount: decimals or thousands (`$1.00`, `$2,985`), a range (`$5-$10`, `$1-3`), a
# magnitude or a rate (`$5k`, `$5/month`, `$5 per call`, `$5 USD`), or a `+` (`$2+`).
_AMOUNT_RE: Final = LazyPattern(
    r"[.,]\d|\s*[-–]\s*\$?\d|[kKMB]\b|bn\b|/(?:mo|month|yr|year|day|hr|hour|user|seat|call|run|token|request)|"
    r"\s+(?:per|a|an|each|USD|USDC|dollars?)\b|\+"
)
_CODE_SPAN_RE: Final = LazyPattern(r"(`+)(?:(?!\1).)+?\1")
_PLACEHOLDER_SPAN_RE: Final = LazyPattern(r"`\$(?:\d+|ARGUMENTS(?:\[\d+\])?)`")
_ORDINALS: Final = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")


@rule(RuleId.ARGUMENT_IN_PROSE, W, targets=(Target.CLAUDE_CODE,), needs="body")
def argument_in_prose(ctx: Context) -> Iterator[Finding]:
    """A `$0`..`$9` in the prose of a Claude Code skill that reads as text (a price, a shell variable),
    which Claude Code replaces by an argument.

    When a skill is run with arguments (`/skill a b`), Claude Code replaces `$0`, `$1`, ... by them
    before Claude reads the body (`$N` is short for `$ARGUMENTS[N]`): "costs $1.00" becomes "costs
    b.00", and a `$1` with no matching argument is left as written. Write `\\$` to keep the `$`: one
    backslash right before `$` and a digit escapes it (`\\$1.00`); `\\\\$1` does not. Amounts (`$1.00`,
    `$2,985`, `$5/month`, `$5-$10`) are always reported. Any other `$N` in prose (`awk prints $1`) is
    reported only when the skill shows no sign of taking arguments: no `argument-hint` or `arguments`
    key, no `$ARGUMENTS`, and no placeholder documented in a code span (`` `$1` ``). Code spans and
    code blocks are not checked (Claude Code replaces there too, but a shell `$1` in code is usually
    meant as written). Source: code.claude.com/docs/en/skills, "Available string substitutions".
    """
    text = ctx.doc.body or ""
    if "$" not in text or _INDEX_RE().search(text) is None:
        return
    parsed = body(ctx.doc)
    if parsed is None:
        return
    data = ctx.doc.data or {}
    takes_arguments = (
        "argument-hint" in data or "arguments" in data or "$ARGUMENTS" in text or _PLACEHOLDER_SPAN_RE().search(text) is not None
    )
    literal = parsed.mask(LITERAL_TYPES)
    for index, line in enumerate(parsed.lines):
        if literal[index] or "$" not in line:
            continue
        prose = _CODE_SPAN_RE().sub(lambda m: " " * len(m.group(0)), line) if "`" in line else line
        for m in _INDEX_RE().finditer(prose):
            at = m.start()
            before = prose[at - 1] if at > 0 else " "
            if before == "\\" and (at < 2 or prose[at - 2] != "\\"):
                continue  # `\$1` keeps its `$`
            if before.isalnum() or before == "$":
                continue  # a spreadsheet reference or an identifier (`$B$6`, `a$1`), not prose
            amount = _AMOUNT_RE().match(prose, m.end()) is not None
            if not amount and takes_arguments:
                continue
            yield Finding(RuleId.ARGUMENT_IN_PROSE, _message(prose, m, amount), parsed.file_line(index), at + 1)


def _message(line: str, m: re.Match[str], amount: bool) -> str:
    n = int(m.group(1))
    word = _word(line, m.start(), m.end())
    doubled = m.start() >= 2 and line[m.start() - 2 : m.start()] == "\\\\"
    fix = "'\\\\$' does not escape it: write one backslash" if doubled else f"write '\\{word}' to keep the '$'"
    kind = "an amount" if amount else "text"
    return (
        f"'{word}' reads as {kind}, but Claude Code replaces '${n}' by the {_ORDINALS[n]} argument "
        f"whenever the skill is run with {counted(n + 1, 'argument')} or more; {fix}"
    )


def _word(line: str, start: int, end: int) -> str:
    """The amount or word a placeholder starts, as written (`$2,985`, `$5/month`)."""
    stop = end
    while stop < len(line) and not line[stop].isspace() and line[stop] not in ")]|*_\"'":
        stop += 1
    return line[start:stop].rstrip(".,;:!?")
