"""The fixes the markdown rules offer (tables, links and paths, fences), in SKILL.md and the other markdown files a
skill ships: each works out, for one finding, the edit that repairs it, and checks it before offering it."""

from __future__ import annotations

import re
from typing import Final

from skillkit.diagnostics import Finding
from skillkit.document import refs
from skillkit.document.fences import Fence, body_fences, closed, fence_line
from skillkit.document.markdown import body
from skillkit.document.skill import Derived
from skillkit.edits import Edit, Fix
from skillkit.ids import RuleId
from skillkit.markdown.parsed import Parsed, container_prefix, strip_container
from skillkit.rules import fences, link_sources, tables
from skillkit.rules.base import Context, fixes
from skillkit.rules.fixtext import Source, source

# -- tables -----------------------------------------------------------------------------------------------------


@fixes(RuleId.TABLE_EXTRA_CELLS, safe=True)
def fix_table_extra_cells(ctx: Context, finding: Finding) -> Fix | None:
    """Writes each `|` inside a code span of the row as `\\|`, when that gives the row the header's cell count:
    GFM splits a table cell at a pipe even inside backticks, and shows `\\|` there as `|`, so the code reads
    the same and the cell stays whole."""
    rows = ctx.doc.derive(_ROWS, lambda: {(p.file, p.file_line(row)): (start, count) for p, row, count, _, start in tables._rows(ctx)})
    found = rows.get((finding.file, finding.line or 0))
    return _escape_code_pipes(ctx, finding, found[0], found[1]) if found is not None else None


@fixes(RuleId.TABLE_NOT_A_TABLE, safe=True)
def fix_table_not_a_table(ctx: Context, finding: Finding) -> Fix | None:
    """When a `|` inside a code span of the header row is what makes its cell count differ from the delimiter
    row's, writes it as `\\|` (as for `table-extra-cells`); other causes have no fix."""
    src = source(ctx.doc, finding.file)
    if src is None or finding.line is None or finding.line >= src.lines:
        return None
    delimiter, _ = tables._row_source(src.line(finding.line + 1), header=False)
    _, start = tables._row_source(src.line(finding.line), header=True)
    return _escape_code_pipes(ctx, finding, start, len(tables.split_row(delimiter)))


def _escape_code_pipes(ctx: Context, finding: Finding, start: int, want: int) -> Fix | None:
    src = source(ctx.doc, finding.file)
    if src is None or finding.line is None:
        return None
    row = src.line(finding.line)[start:]
    pipes = _code_span_pipes(row)
    if not pipes:
        return None
    fixed = "".join("\\" + ch if i in pipes else ch for i, ch in enumerate(row))
    if len(tables.split_row(fixed)) != want:
        return None
    base = src.start(finding.line) + start
    edits = tuple(src.edit(base + i, base + i, "\\") for i in sorted(pipes))
    what = "pipe" if len(edits) == 1 else f"{len(edits)} pipes"
    return Fix(f"escaped the {what} inside code spans of the table row as '\\|'", edits)


def _code_span_pipes(text: str) -> set[int]:
    """Offsets of the unescaped `|` inside backtick code spans, the spans found as tables.split_row finds them."""
    found: set[int] = set()
    i = 0
    escaped = False
    while i < len(text):
        ch = text[i]
        if ch == "`" and not escaped:
            run = tables._run_length(text, i, "`")
            close = tables._find_run(text, i + run, run)
            if close >= 0:
                found.update(j for j in range(i + run, close) if text[j] == "|" and text[j - 1] != "\\")
                i = close + run
                continue
            i += run
            continue
        escaped = ch == "\\" and not escaped
        i += 1
    return found


# -- links and paths ---------------------------------------------------------------------------------------------


@fixes(RuleId.LINK_TARGET_MISSING, safe=True)
def fix_link_target_missing(ctx: Context, finding: Finding) -> Fix | None:
    """When the only fault is letter case and exactly one file of the skill matches (`references/Guide.md` for
    `references/guide.md`), writes the target with the file's own case; the rest of the link stays."""
    placed = ctx.doc.derive(_LINKS, lambda: _links_at(ctx))
    found = placed.get((finding.file, finding.line or 0, finding.column or 0))
    return _recase(ctx, finding, refs.index(ctx.doc), found[0], found[1]) if found is not None else None


def _links_at(ctx: Context) -> dict[tuple[str | None, int, int], tuple[str, refs.Ref]]:
    """Every link by where its findings point (file, line, column), with the folder its path is relative to."""
    out: dict[tuple[str | None, int, int], tuple[str, refs.Ref]] = {}
    for base, parsed, found in link_sources.all_links(ctx):
        for ref in found:
            if ref.kind != "code":
                out.setdefault((parsed.file, parsed.file_line(ref.index), ref.column), (base, ref))
    return out


@fixes(RuleId.PATH_MISSING, safe=True)
def fix_path_missing(ctx: Context, finding: Finding) -> Fix | None:
    """When the only fault is letter case and exactly one file of the skill matches, writes the backticked path
    with the file's own case."""
    parsed = body(ctx.doc)
    if parsed is None or finding.file is not None:
        return None
    paths = ctx.doc.derive(_PATHS, lambda: {(parsed.file_line(r.index), r.column): r for r in refs.body_code_paths(ctx.doc)})
    ref = paths.get((finding.line or 0, finding.column or 0))
    return _recase(ctx, finding, refs.index(ctx.doc), "", ref) if ref is not None else None


def _recase(ctx: Context, finding: Finding, index: refs.Index, base: str, ref: refs.Ref) -> Fix | None:
    src = source(ctx.doc, finding.file)
    if src is None or finding.line is None or finding.column is None or not ref.path:
        return None
    folder = ref.path.endswith("/")
    for root in [base, ""] if base else [""]:
        rel = refs.resolve("" if ref.variable else root, ref.path)
        if rel is None:
            continue
        rel = rel.rstrip("/")
        known = index.dirs if folder else index.files | index.dirs
        matches = [f for f in known if f.lower() == rel.lower()]
        if len(matches) != 1 or matches[0] == rel:
            continue
        new_path = _recased(ref.path, matches[0])
        if new_path is None or (refs.resolve("" if ref.variable else root, new_path) or "").rstrip("/") != matches[0]:
            continue
        written = ref.written if ref.kind != "code" else ref.target
        if not written.endswith(ref.path):
            return None
        at = _written_at(src.line(finding.line), written, finding.column, ref.kind)
        if at is None:
            return None
        new = written[: len(written) - len(ref.path)] + new_path
        start = src.start(finding.line) + at
        return Fix(f"wrote {ref.noun} {written!r} as {new!r}, the file's own case", (src.edit(start, start + len(written), new),))
    return None


def _recased(path: str, correct: str) -> str | None:
    """`path` with its trailing names in the case of `correct`'s, or None when they differ by more than case."""
    parts = path.split("/")
    want = correct.split("/")
    j = len(want) - 1
    for i in range(len(parts) - 1, -1, -1):
        part = parts[i]
        if part in ("", "."):
            continue
        if part == "..":
            break
        if j < 0 or part.lower() != want[j].lower():
            return None
        parts[i] = want[j]
        j -= 1
    return "/".join(parts)


_TARGET_BEFORE: Final = re.compile(r"(?:\]\(\s*<?|<|\]:\s*<?)$")


def _written_at(line: str, written: str, column: int, kind: str) -> int | None:
    """Where the target is written in the line: at the finding's column when it is there as a link target (after
    `](`, `<` or `]:`) or a code span, else the only place it is; None when that is not sure."""
    if kind == "code":
        return column - 1 if line.startswith(written, column - 1) else None
    places = []
    at = line.find(written)
    while at != -1:
        if _TARGET_BEFORE.search(line[:at]):
            places.append(at)
        at = line.find(written, at + 1)
    if column - 1 in places:
        return column - 1
    return places[0] if len(places) == 1 else None


# -- fences ------------------------------------------------------------------------------------------------------


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
    return _lengthen(src, parsed, all_fences, fence) if fences._inner_opener(parsed, fence) is not None else None


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
    attempt = fences._failed_close(parsed, fence)
    headings = fences._swallowed_headings(parsed, fence)
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
    index = fences._last_text_line(parsed, fence.open_index, headings[0][0])
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
    closer = fences._next_bare(found, fence.end_index, fence.char, fence.length)
    if closer is None or _indent_of(parsed.lines[closer.open_index]) != _indent_of(parsed.lines[fence.open_index]):
        return None  # no closing line, or one in another container (a list item's code under the example)
    if any(_is_heading(parsed.lines[i]) for i in range(fence.end_index, closer.open_index)):
        return None  # a heading before the closing fence it would use: that fence opens the next section's code
    if not _markdown_code(fence) and fences._swallowed_headings(parsed, fence):
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
_ROWS: Final[Derived[dict[tuple[str | None, int], tuple[int, int]]]] = Derived("fix:table-rows")
_LINKS: Final[Derived[dict[tuple[str | None, int, int], tuple[str, refs.Ref]]]] = Derived("fix:links")
_PATHS: Final[Derived[dict[tuple[int, int], refs.Ref]]] = Derived("fix:code-paths")
_FENCES: Final[Derived[dict[str | None, _FenceSet]]] = Derived("fix:fences")
