"""Fences that do not close where the author meant: never closed, closed by the wrong run, nested, or hidden in HTML."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from typing import Final

from skillkit.diagnostics import Finding
from skillkit.document.fences import Fence, body_fences, closed, fences
from skillkit.document.fences import fence_line as _fence_line
from skillkit.document.skill import Derived
from skillkit.ids import RuleId
from skillkit.markdown.parsed import Parsed, strip_container
from skillkit.rules.base import Context, E, rule
from skillkit.rules.pages import may_break_fence, pages
from skillkit.words import noun

_HEADING_RE: Final = re.compile(r"^(#{1,6})[ \t]+(\S.*?)[ \t#]*$")
MAX_NAMED_HEADINGS: Final = 3


@rule(RuleId.FENCE_UNCLOSED, E, needs="body")
def fence_unclosed(ctx: Context) -> Iterator[Finding]:
    """A code fence that is never closed, so the rest of the file (or of its list item or blockquote) is code.

    A fence closes only with a line of the same character (`` ` `` or `~`), at least as long as the
    opening run, with nothing after it: `~~~` does not close ```` ``` ````, and ```` ``` ```` does not
    close ```` ```` ````. The finding sits on the opening line, names the headings swallowed, and says
    where the fence most likely should close (before the next heading). Also reported: a fence whose
    content holds another opening fence of the same kind (```` ```python ```` inside ```` ``` ````), which
    closes the outer fence at the inner one's end; nest with a longer outer fence instead. Every markdown
    file the skill ships (references, AGENTS.md, ...) is checked too, each on its own file and line.
    """
    parsed, found = body_fences(ctx.doc)
    if parsed is not None:
        yield from analysis(ctx, parsed, found)[0]
    for _, page, page_fences in page_fences_of(ctx):
        yield from analysis(ctx, page, page_fences)[0]


def page_fences_of(ctx: Context) -> list[tuple[str, Parsed, list[Fence]]]:
    """The fences of every other shipped markdown file that has one, once per document."""
    return ctx.doc.derive(_PAGE_FENCES, lambda: [(rel, page, fences(page)) for rel, page in pages(ctx.doc, may_break_fence)])


def analysis(ctx: Context, parsed: Parsed, found: list[Fence]) -> tuple[list[Finding], set[int]]:
    """The broken-fence findings, and the fences that only exist because of them (once per document).

    When a fence's intended closing line opens a new fence instead (after an HTML block or a nested
    fence), that second fence is a consequence: it is explained by the first finding, not reported.
    """

    def make() -> tuple[list[Finding], set[int]]:
        findings: list[Finding] = []
        explained: set[int] = set()
        for finding, closer in _html_swallowed(parsed, found):
            findings.append(finding)
            if closer is not None:
                explained.add(closer)
        for fence in found:
            if fence.open_index in explained:
                continue
            if not closed(parsed, fence):
                findings.append(_unclosed(parsed, fence))
                continue
            inner = inner_opener(parsed, fence)
            if inner is not None:
                findings.append(_nested(parsed, fence, inner))
                bare = next_bare(found, fence.end_index, fence.char, fence.length)
                if bare is not None:
                    explained.add(bare.open_index)
        return findings, explained

    done = ctx.doc.derive(_ANALYSIS, dict)
    key = parsed.file or ""
    if key not in done:
        done[key] = make()
    return done[key]


def next_bare(found: list[Fence], after: int, char: str, length: int) -> Fence | None:
    """The first fence opened at or after line `after`, if its opening line is a bare closing-style run."""
    at = bisect.bisect_left(found, after, key=_opening)  # fences come in line order: no walk from the first one
    fence = found[at] if at < len(found) else None
    if fence is None or fence.token.info.strip() or fence.char != char or fence.length < length:
        return None
    return fence


def _opening(fence: Fence) -> int:
    return fence.open_index


def _html_swallowed(parsed: Parsed, found: list[Fence]) -> Iterator[tuple[Finding, int | None]]:
    """Fences opened inside an HTML block (which runs to the next blank line) and closed after it.

    `<Good>` directly above ```` ```python ```` starts an HTML block: the opening fence is HTML text,
    and the intended closing fence opens a new code block. Yields the finding on the swallowed
    opening line and the line of that closing fence, whose own findings this one explains.
    """
    for tok in parsed.of_type("html_block"):
        if not tok.map or ("`" not in tok.content and "~" not in tok.content):
            continue
        start, end = tok.map
        opened: tuple[int, str] | None = None
        for i in range(start, end):
            line = _fence_line(parsed.lines[i])
            if line is None:
                continue
            run, info = line
            if opened is None:
                opened = (i, run)
            elif not info and run[0] == opened[1][0] and len(run) >= len(opened[1]):
                opened = None
        if opened is None:
            continue
        index, run = opened
        closer = next_bare(found, end, run[0], len(run))
        tag = strip_container(parsed.lines[start]).strip()
        message = (
            f"code fence {strip_container(parsed.lines[index]).strip()!r} is inside the HTML block that starts with "
            f"{tag[:40]!r} on line {parsed.file_line(start)} (an HTML block runs to the next blank line), so it is not code"
        )
        if closer is not None:
            message += f"; its closing {run} on line {parsed.line_of(closer.token)} opens a new code block instead"
        message += f"; put a blank line before line {parsed.file_line(index)}"
        yield Finding(RuleId.FENCE_UNCLOSED, message, parsed.file_line(index), _column(parsed.lines[index], run), parsed.file), (
            closer.open_index if closer is not None else None
        )


def _column(line: str, run: str) -> int:
    return max(line.find(run), 0) + 1


def inner_opener(parsed: Parsed, fence: Fence) -> int | None:
    """Line of an opening fence (same character, long enough, with a language) inside a closed fence."""
    base = len(parsed.lines[fence.open_index]) - len(parsed.lines[fence.open_index].lstrip(" >\t"))
    run = fence.char * fence.length  # every line that could open a fence here holds it
    for i in range(fence.open_index + 1, fence.end_index - 1):
        line = parsed.lines[i]
        if run not in line:
            continue
        found = _fence_line(line)
        if not found or not found[1] or found[0][0] != fence.char or len(found[0]) < fence.length:
            continue
        indent = len(line) - len(line.lstrip(" >\t"))
        if indent <= base + 3 and "`" not in found[1]:
            return i
    return None


def _nested(parsed: Parsed, fence: Fence, inner: int) -> Finding:
    run = fence.char * fence.length
    message = (
        f"code fence is not closed before the {strip_container(parsed.lines[inner]).strip()!r} fence on line "
        f"{parsed.file_line(inner)}, so the {run} on line {parsed.file_line(fence.end_index - 1)} closes this one "
        f"instead and the code and text after it swap places; close it before line {parsed.file_line(inner)}, "
        f"or open it with a longer fence ({fence.char * (fence.length + 1)}) to show nested fences"
    )
    return Finding(RuleId.FENCE_UNCLOSED, message, parsed.line_of(fence.token), fence.column, parsed.file)


def _unclosed(parsed: Parsed, fence: Fence) -> Finding:
    run = fence.char * fence.length
    attempt = failed_close(parsed, fence)
    headings = swallowed_headings(parsed, fence)
    where = f"the rest of the {fence.container}" if fence.container else "the rest of the file"
    parts = [f"code fence {run} is never closed: {where} renders as code"]
    if attempt is not None:
        index, why = attempt
        shown = strip_container(parsed.lines[index]).strip()
        parts[0] += f" ({shown!r} on line {parsed.file_line(index)} does not close it: {why})"
    if headings:
        named = ", ".join(f"{text!r} (line {parsed.file_line(i)})" for i, text in headings[:MAX_NAMED_HEADINGS])
        more = f" and {len(headings) - MAX_NAMED_HEADINGS} more" if len(headings) > MAX_NAMED_HEADINGS else ""
        parts.append(f"it swallows the {noun(len(headings), 'heading')} {named}{more}")
    if attempt is not None and (not headings or attempt[0] < headings[0][0]):
        parts.append(f"write {run} on line {parsed.file_line(attempt[0])} to close it")
    elif headings:
        last = last_text_line(parsed, fence.open_index, headings[0][0])
        heading = parsed.file_line(headings[0][0])
        parts.append(f"close it with {run} after line {parsed.file_line(last)}, before the heading on line {heading}")
    else:
        last = last_text_line(parsed, fence.open_index, fence.end_index)
        parts.append(f"close it with {run} where the code ends (at the latest after line {parsed.file_line(last)})")
    return Finding(RuleId.FENCE_UNCLOSED, "; ".join(parts), parsed.line_of(fence.token), fence.column, parsed.file)


def failed_close(parsed: Parsed, fence: Fence) -> tuple[int, str] | None:
    """The first bare fence line that was probably meant to close this fence but cannot."""
    inner: str | None = None
    for i in range(fence.open_index + 1, fence.end_index):
        found = _fence_line(parsed.lines[i])
        if not found:
            continue
        run, info = found
        # Inner fences (opened with a language, closed bare) are content, not close attempts.
        if info:
            inner = inner or run[0]
        elif inner == run[0]:
            inner = None
        elif run[0] == fence.char:
            return i, f"it is shorter than the opening {fence.char * fence.length}"
        else:
            return i, f"a fence opened with {fence.char * fence.length} closes only with {fence.char * fence.length}"
    return None


def swallowed_headings(parsed: Parsed, fence: Fence) -> list[tuple[int, str]]:
    """Lines inside the fence that read as markdown headings: `#` lines between blank lines, or `##`+ after one.

    The blank-line test keeps shell and Python comments (`# install`) from being named as headings.
    """
    out: list[tuple[int, str]] = []
    lines = parsed.lines
    for i in range(fence.open_index + 1, fence.end_index):
        text = strip_container(lines[i])
        m = _HEADING_RE.match(text) if text.startswith("#") else None
        if not m:
            continue
        blank_before = not strip_container(lines[i - 1]).strip() or _fence_line(lines[i - 1]) is not None
        blank_after = i + 1 >= len(lines) or not strip_container(lines[i + 1]).strip()
        if blank_before and (blank_after or len(m.group(1)) >= 2):
            out.append((i, text.strip()))
    return out


def last_text_line(parsed: Parsed, after: int, before: int) -> int:
    i = before - 1
    while i > after and not strip_container(parsed.lines[i]).strip():
        i -= 1
    return i


# Values derived once per document, kept on it under these typed keys.
_ANALYSIS: Final[Derived[dict[str, tuple[list[Finding], set[int]]]]] = Derived("md:fence-analysis")
_PAGE_FENCES: Final[Derived[list[tuple[str, Parsed, list[Fence]]]]] = Derived("md:page-fences")
