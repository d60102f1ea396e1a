"""The fixes the fence rules offer: an unclosed fence closed where its code ends, an outer fence lengthened to hold
a nested one, a fence swallowed by an HTML block given the blank line above it."""

from __future__ import annotations

import re
from typing import Final

from skillkit.diagnostics import Finding
from skillkit.document.fences import Fence, body_fences, closed, fence_line
from skillkit.document.skill import Derived
from skillkit.edits import Edit, Fix
from skillkit.ids import RuleId
from skillkit.markdown.parsed import Parsed, container_prefix, strip_container
from skillkit.rules import fences
from skillkit.rules.base import Context, fixes
from skillkit.rules.fixtext import Source, source


@fixes(RuleId.FENCE_UNCLOSED, safe=False)
def fix_fence_unclosed(ctx: Context, finding: Finding) -> Fix | None:
    """A fence never closed gets its closing run on the line after the last text before the first heading
    it swallows (or on the line that tried to close it with the wrong run); an outer fence closed early by a
    nested one is lengthened, with its intended closing fence, to hold it; a fence swallowed by an HTML block
    gets the blank line it needs above it. Where code ends is a guess from the headings, so read the result."""
    src = source(ctx.doc, finding.file)
    if src is None or finding.line is None:
        return None
    sets = ctx.doc.derive(_FENCES, lambda: _fence_sets(ctx))
    found = sets.get(finding.file)
    if found is None:
        return None
    parsed, all_fences, by_place = found
    fence = by_place.get((finding.line, finding.column or 0))
    if fence is None:
        return _unswallow(src, parsed, finding)
    if not closed(parsed, fence):
        return _close(src, parsed, fence)
    return _lengthen(src, parsed, all_fences, fence) if fences.inner_opener(parsed, fence) is not None else None


_FenceSet = tuple[Parsed, list[Fence], dict[tuple[int, int], Fence]]


def _fence_sets(ctx: Context) -> dict[str | None, _FenceSet]:
    """Each markdown file's fences (SKILL.md's body under None), with each fence by its opening line and column."""
    out: dict[str | None, _FenceSet] = {}
    sets: list[tuple[Parsed, list[Fence]]] = []
    parsed, found = body_fences(ctx.doc)
    if parsed is not None:
        sets.append((parsed, found))
    sets.extend((page, page_fences) for _, page, page_fences in fences.page_fences_of(ctx))
    for page, page_fences in sets:
        out[page.file] = (page, page_fences, {(page.line_of(f.token), f.column): f for f in page_fences})
    return out


def _close(src: Source, parsed: Parsed, fence: Fence) -> Fix | None:
    run = fence.char * fence.length
    opened = parsed.line_of(fence.token)
    attempt = fences.failed_close(parsed, fence)
    headings = fences.swallowed_headings(parsed, fence)
    if attempt is not None and (not headings or attempt[0] < headings[0][0]):
        line = parsed.file_line(attempt[0])
        text = src.line(line)
        found = fence_line(text)
        if found is None:
            return None
        at = len(text) - len(strip_container(text))
        start = src.start(line) + at
        edit = src.edit(start, start + len(found[0]), run)
        return Fix(f"closed the code fence of line {opened} on line {line} with {run}", (edit,), safe=False)
    if not headings or not _may_close_before_heading(parsed, fence):
        return None
    index = fences.last_text_line(parsed, fence.open_index, headings[0][0])
    inside = [strip_container(parsed.lines[i]).strip() for i in range(fence.open_index + 1, index + 1)]
    if all(not line or _THEMATIC_BREAK.fullmatch(line) for line in inside):
        return None  # nothing but a rule (or nothing) before the heading: a stray fence line, not code left open
    last = parsed.file_line(index)
    opener = src.line(opened)
    prefix = re.sub(r"[^>\s]", " ", opener[: fence.column - 1])
    at = src.next_start(last)
    text = prefix + run + src.eol
    if src.end(last) == at:  # the last line has no line ending
        text = src.eol + text
    return Fix(f"closed the code fence of line {opened} with {run} after line {last}", (src.edit(at, at, text),), safe=False)


# Fences whose code is markdown: a heading inside one is content, so it says nothing about where the fence ends.
_MARKDOWN_TAGS: Final = frozenset({"markdown", "md", "mdx", "gfm"})


def _may_close_before_heading(parsed: Parsed, fence: Fence) -> bool:
    """Whether the headings a fence swallows tell where it ends: only for a fence that names a language other than
    markdown (in markdown code a heading is content). A bare fence line left open is most often a closing line out
    of place (every one in a 3,000-skill sample of the public registry was), which wants deleting, not closing."""
    return bool(fence.token.info.strip()) and not _markdown_code(fence)


def _markdown_code(fence: Fence) -> bool:
    info = fence.token.info.strip()
    return bool(info) and info.split()[0].strip("{}.").lower() in _MARKDOWN_TAGS


def _lengthen(src: Source, parsed: Parsed, found: list[Fence], fence: Fence) -> Fix | None:
    if not fence.token.info.strip():
        return None  # a bare fence line holding an opener is as often a closing line out of place
    closer = fences.next_bare(found, fence.end_index, fence.char, fence.length)
    if closer is None or _indent_of(parsed.lines[closer.open_index]) != _indent_of(parsed.lines[fence.open_index]):
        return None  # no closing line, or one in another container (a list item's code under the example)
    if any(_is_heading(parsed.lines[i]) for i in range(fence.end_index, closer.open_index)):
        return None  # a heading before the closing fence it would use: that fence opens the next section's code
    if not _markdown_code(fence) and fences.swallowed_headings(parsed, fence):
        return None  # headings in code that is not markdown: the fences are out of step, not nested
    longest = fence.length
    for i in range(fence.open_index + 1, closer.open_index):
        inside = fence_line(parsed.lines[i])
        if inside is not None and inside[0][0] == fence.char:
            longest = max(longest, len(inside[0]))
    run = fence.char * (longest + 1)
    edits: list[Edit] = []
    for line, column, length in ((parsed.line_of(fence.token), fence.column, fence.length), (parsed.line_of(closer.token), closer.column, closer.length)):
        start = src.offset(line, column)
        if src.text[start : start + length] != fence.char * length:
            return None
        edits.append(src.edit(start, start + length, run))
    opened, closing = parsed.line_of(fence.token), parsed.line_of(closer.token)
    return Fix(f"lengthened the code fence of line {opened} and its closing fence on line {closing} to {run}", tuple(edits), safe=False)


_HEADING: Final = re.compile(r" {0,3}#{1,6}(?:[ \t]|$)")
_THEMATIC_BREAK: Final = re.compile(r"([-*_])(?:[ \t]*\1){2,}")


def _indent_of(line: str) -> str:
    return line[: len(line) - len(line.lstrip(" \t>"))]


def _is_heading(line: str) -> bool:
    return _HEADING.match(strip_container(line)) is not None


def _unswallow(src: Source, parsed: Parsed, finding: Finding) -> Fix | None:
    """A blank line above a fence line that an HTML block took in."""
    if finding.line is None:
        return None
    index = finding.line - parsed.first_line
    if not 0 < index < len(parsed.lines) or fence_line(parsed.lines[index]) is None:
        return None
    inside = any(tok.map and tok.map[0] < index < tok.map[1] for tok in parsed.of_type("html_block"))
    if not inside:
        return None
    text = src.line(finding.line)
    quote = text[: container_prefix(text)]
    blank = "".join(ch for ch in quote if ch == ">")
    at = src.start(finding.line)
    return Fix(f"put a blank line above the code fence on line {finding.line}", (src.edit(at, at, blank + src.eol),), safe=False)


# Values derived once per document, kept on it under these typed keys.
_FENCES: Final[Derived[dict[str | None, _FenceSet]]] = Derived("fix:fences")
