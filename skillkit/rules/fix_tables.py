"""The fixes the table rules offer, in SKILL.md and the other markdown files a skill ships: an extra cell's '|'
escaped, a table that is not one given its delimiter row."""

from __future__ import annotations

from typing import Final

from skillkit.diagnostics import Finding
from skillkit.document.skill import Derived
from skillkit.edits import Fix
from skillkit.ids import RuleId
from skillkit.rules import table_cells, tables
from skillkit.rules.base import Context, fixes
from skillkit.rules.fixtext import source


@fixes(RuleId.TABLE_EXTRA_CELLS, safe=True)
def fix_table_extra_cells(ctx: Context, finding: Finding) -> Fix | None:
    """Writes each `|` inside a code span of the row as `\\|`, when that gives the row the header's cell count:
    GFM splits a table cell at a pipe even inside backticks, and shows `\\|` there as `|`, so the code reads
    the same and the cell stays whole."""
    rows = ctx.doc.derive(_ROWS, lambda: {(p.file, p.file_line(row)): (start, count) for p, row, count, _, start in tables.rows(ctx)})
    found = rows.get((finding.file, finding.line or 0))
    return _escape_code_pipes(ctx, finding, found[0], found[1]) if found is not None else None


@fixes(RuleId.TABLE_NOT_A_TABLE, safe=True)
def fix_table_not_a_table(ctx: Context, finding: Finding) -> Fix | None:
    """When a `|` inside a code span of the header row is what makes its cell count differ from the delimiter
    row's, writes it as `\\|` (as for `table-extra-cells`); other causes have no fix."""
    src = source(ctx.doc, finding.file)
    if src is None or finding.line is None or finding.line >= src.lines:
        return None
    delimiter, _ = table_cells.row_source(src.line(finding.line + 1), header=False)
    _, start = table_cells.row_source(src.line(finding.line), header=True)
    return _escape_code_pipes(ctx, finding, start, len(table_cells.split_row(delimiter)))


def _escape_code_pipes(ctx: Context, finding: Finding, start: int, want: int) -> Fix | None:
    src = source(ctx.doc, finding.file)
    if src is None or finding.line is None:
        return None
    row = src.line(finding.line)[start:]
    pipes = _code_span_pipes(row)
    if not pipes:
        return None
    fixed = "".join("\\" + ch if i in pipes else ch for i, ch in enumerate(row))
    if len(table_cells.split_row(fixed)) != want:
        return None
    base = src.start(finding.line) + start
    edits = tuple(src.edit(base + i, base + i, "\\") for i in sorted(pipes))
    what = "pipe" if len(edits) == 1 else f"{len(edits)} pipes"
    return Fix(f"escaped the {what} inside code spans of the table row as '\\|'", edits)


def _code_span_pipes(text: str) -> set[int]:
    """Offsets of the unescaped `|` inside backtick code spans, the spans found as table_cells.split_row finds them."""
    found: set[int] = set()
    i = 0
    escaped = False
    while i < len(text):
        ch = text[i]
        if ch == "`" and not escaped:
            run = table_cells.run_length(text, i, "`")
            close = table_cells.find_run(text, i + run, run)
            if close >= 0:
                found.update(j for j in range(i + run, close) if text[j] == "|" and text[j - 1] != "\\")
                i = close + run
                continue
            i += run
            continue
        escaped = ch == "\\" and not escaped
        i += 1
    return found


# Values derived once per document, kept on it under these typed keys.
_ROWS: Final[Derived[dict[tuple[str | None, int], tuple[int, int]]]] = Derived("fix:table-rows")
