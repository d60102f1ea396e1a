"""Fence language tags: a fence that names no language, and a tag that misspells a common one."""

from __future__ import annotations

from collections.abc import Iterator

from skillkit.content import languages
from skillkit.diagnostics import Finding
from skillkit.document.fences import body_fences
from skillkit.ids import RuleId
from skillkit.markdown.parsed import fence_language
from skillkit.rules.base import Context, I, W, rule
from skillkit.rules.fences import analysis, page_fences_of
from skillkit.words import did_you_mean


@rule(RuleId.FENCE_NO_LANGUAGE, I, needs="body")
def fence_no_language(ctx: Context) -> Iterator[Finding]:
    """A fenced code block names no language.

    A language tag (```` ```python ````, ```` ```text ```` for plain output) tells the reader, Claude and
    syntax highlighters what the block holds, and lets `--check-code` check it. Info by default;
    raise it with a severity override (up to error) to enforce tags.
    """
    parsed, found = body_fences(ctx.doc)
    if parsed is None:
        return
    explained = analysis(ctx, parsed, found)[1]
    for fence in found:
        if not fence.token.info.strip() and fence.open_index not in explained:
            run = fence.char * fence.length
            yield Finding(
                RuleId.FENCE_NO_LANGUAGE,
                f"code fence has no language: add one after the {run} ({run}text for plain output)",
                parsed.line_of(fence.token),
                fence.column,
            )


@rule(RuleId.FENCE_UNKNOWN_LANGUAGE, W, needs="body")
def fence_unknown_language(ctx: Context) -> Iterator[Finding]:
    """A fence's language tag is unknown and close to a common one (```` ```pyhton ````).

    Only tags that are no known language (Pygments' names and aliases, GitHub Linguist's names, aliases and
    extensions such as `just` and `xaml`, plus common tags such as `mermaid`, `text`, `jsonc`) and are one
    typo away from a common language are reported, with the suggestion. Other unknown tags are left alone, and
    so is an info string that is a title in words (```` ```Test Failure Analysis ````), not a tag. Every
    markdown file the skill ships is checked.
    """
    parsed, found = body_fences(ctx.doc)
    every = [(parsed, found)] if parsed is not None else []
    every += [(page, page_found) for _, page, page_found in page_fences_of(ctx)]
    for parsed, found in every:
        for fence in found:
            tag = fence_language(fence.token.info)
            if not tag or tag.startswith("!") or languages.is_known(tag) or languages.title(fence.token.info):
                continue
            close = languages.suggest(tag)
            if close:
                column = parsed.lines[fence.open_index].find(fence.token.info.strip()[:1], fence.column - 1 + fence.length) + 1
                yield Finding(
                    RuleId.FENCE_UNKNOWN_LANGUAGE,
                    f"unknown code language {tag!r}: {did_you_mean(close)}",
                    parsed.line_of(fence.token),
                    column or fence.column,
                    parsed.file,
                )
