"""Rules on the body as a whole: empty, too many lines, too many tokens."""

from __future__ import annotations

from collections.abc import Iterator

from skillkit import limits
from skillkit.diagnostics import Finding
from skillkit.ids import RuleId
from skillkit.rules.base import Context, W, rule


def body_span(ctx: Context) -> tuple[int, int]:
    """(file line of the first non-blank body line, number of lines up to the last non-blank one)."""
    lines = ctx.doc.lines
    first = ctx.doc.body_first_line - 1
    last = len(lines)
    while first < last and not lines[first].strip():
        first += 1
    while last > first and not lines[last - 1].strip():
        last -= 1
    return first + 1, last - first


@rule(RuleId.BODY_EMPTY, W, needs="body")
def body_empty(ctx: Context) -> Iterator[Finding]:
    """SKILL.md has frontmatter but no instructions after it.

    The body is what Claude reads when the skill triggers; an empty one teaches nothing.
    """
    if not _stripped_length(ctx.doc.body or ""):
        line = max(1, ctx.doc.body_first_line - 1)  # the closing '---', or line 1 without frontmatter
        yield Finding(RuleId.BODY_EMPTY, "body is empty: add the instructions Claude should follow", line, 1)


@rule(RuleId.BODY_TOO_LONG, W, needs="body")
def body_too_long(ctx: Context) -> Iterator[Finding]:
    """The body is over 500 lines (counted from its first to its last non-blank line).

    The spec, Anthropic's best practices and Claude Code all ask for a body under 500 lines; move
    detail into `references/` files that Claude opens only when needed.
    """
    start, count = body_span(ctx)
    if count > limits.BODY_MAX_LINES:
        line = start + limits.BODY_MAX_LINES
        yield Finding(RuleId.BODY_TOO_LONG, f"body too long ({count} > {limits.BODY_MAX_LINES} lines)", line, 1)


@rule(RuleId.BODY_TOO_MANY_TOKENS, W, needs="body")
def body_too_many_tokens(ctx: Context) -> Iterator[Finding]:
    """The body is over about 5,000 tokens.

    Estimated as characters / 4, the rule of thumb for English prose with Claude's tokenizer (code
    and CJK text use more tokens per character, so the estimate errs low). The spec recommends under
    5,000 tokens, and Claude Code keeps only the first 5,000 tokens of a skill after compaction.
    """
    chars = _stripped_length(ctx.doc.body or "")
    tokens = chars // limits.CHARS_PER_TOKEN
    if tokens > limits.BODY_MAX_TOKENS:
        yield Finding(
            RuleId.BODY_TOO_MANY_TOKENS,
            f"body too long (about {tokens:,} > {limits.BODY_MAX_TOKENS:,} tokens, estimated as {chars:,} characters / 4)",
            ctx.doc.body_first_line,
            1,
        )


def _stripped_length(text: str) -> int:
    """`len(text.strip())` without the stripped copy of the whole body."""
    start, end = 0, len(text)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return end - start
