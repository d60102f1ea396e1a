"""Optional syntax checks of fenced code (`--check-code`): JSON, YAML, TOML, Python, shell, and more with tools."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING

from skillkit.diagnostics import Finding
from skillkit.document.fences import Fence, body_fences, closed
from skillkit.ids import RuleId
from skillkit.markdown.parsed import Parsed, container_prefix, fence_language
from skillkit.rules.base import Context, I, W, rule
from skillkit.words import counted

if TYPE_CHECKING:
    from skillkit.content import codecheck


def _blocks(ctx: Context) -> tuple[Parsed | None, dict[str, list[Fence]]]:
    """Closed fences grouped by checker language (an unclosed fence is reported, not checked)."""
    from skillkit.content import codecheck

    parsed, found = body_fences(ctx.doc)
    if parsed is None:
        return None, {}
    groups: dict[str, list[Fence]] = {}
    for fence in found:
        lang = codecheck.language(fence_language(fence.token.info))
        if lang and closed(parsed, fence):
            groups.setdefault(lang, []).append(fence)
    return parsed, groups


@rule(RuleId.CODE_SYNTAX, W, needs="body")
def code_syntax(ctx: Context) -> Iterator[Finding]:
    """A fenced code block does not parse in its language (only with `--check-code`).

    `json`, `yaml`, `toml` and `python` are parsed in-process; `bash`/`sh` with `bash -n`; `elixir`,
    `javascript` (`node --check`), `ruby` (`ruby -c`) and `php` (`php -l`) when the tool is on the
    PATH. Code is only parsed, never run. Python blocks holding `>>>` sessions are skipped, and
    notebook lines (`%magic`, `!shell`) are ignored. The finding points at the failing line.
    """
    from skillkit.content import codecheck

    parsed, groups = _blocks(ctx)
    if parsed is None:
        return
    for lang, found in groups.items():
        try:
            results = codecheck.check_all(lang, [f.token.content for f in found])
        except LookupError:
            continue
        for fence, problem in zip(found, results):
            if problem is None:
                continue
            index = fence.open_index + min(max(problem.line, 1), max(fence.end_index - fence.open_index - 2, 1))
            column = _column(parsed.lines[index], fence.token.content, problem)
            where = f" (in the {lang} block opened on line {parsed.line_of(fence.token)})"
            yield Finding(RuleId.CODE_SYNTAX, problem.message + where, parsed.file_line(index), column)


def _column(raw: str, content: str, problem: codecheck.Problem) -> int:
    """The file column of a problem: markdown strips a list item's or blockquote's indent from the content.

    Without a column from the checker, the first column of the line's code.
    """
    if not problem.column:
        return container_prefix(raw) + 1
    lines = content.split("\n")
    text = lines[problem.line - 1] if 0 < problem.line <= len(lines) else ""
    prefix = len(raw) - len(text) if text and raw.endswith(text) else container_prefix(raw)
    return prefix + problem.column


@rule(RuleId.CODE_CHECK_SKIPPED, I, needs="body")
def code_check_skipped(ctx: Context) -> Iterator[Finding]:
    """Some fenced code could not be checked because its checker is not on the PATH (only with `--check-code`).

    Said once per skill, naming the missing tools and how many blocks each would have checked.
    """
    from skillkit.content import codecheck

    parsed, groups = _blocks(ctx)
    if parsed is None:
        return
    missing: Counter[str] = Counter()
    first: int | None = None
    for lang, found in groups.items():
        tool = codecheck.tool_for(lang)
        if tool and not codecheck.available(tool):
            missing[f"{lang} ('{tool}')"] += len(found)
            line = parsed.line_of(found[0].token)
            first = line if first is None else min(first, line)
    if missing:
        listed = ", ".join(counted(n, f'{name} block') for name, n in sorted(missing.items()))
        yield Finding(RuleId.CODE_CHECK_SKIPPED, f"code not checked, tool not on the PATH: {listed}", first, 1)
