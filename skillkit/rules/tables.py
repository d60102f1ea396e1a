"""Tables that are not what they look like: rows markdown will not read as a table, lost cells, swallowed lines."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from skillkit.diagnostics import Finding
from skillkit.document.skill import Derived
from skillkit.ids import RuleId
from skillkit.lazy_pattern import LazyPattern
from skillkit.markdown.parsed import Parsed
from skillkit.rules.base import Context, E, W, rule
from skillkit.rules.pages import documents
from skillkit.rules.table_cells import Cell, row_source, split_row
from skillkit.words import counted, noun

_DELIMITER_RE: Final = LazyPattern(r"^\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?$")
_TABLE_TYPES: Final = frozenset({"table_open"})
_PARAGRAPH_TYPES: Final = frozenset({"paragraph_open"})


def _quote(cells: list[Cell]) -> str:
    shown = [repr(c.text.strip())[:40] for c in cells[:3]]
    more = f" and {len(cells) - 3} more" if len(cells) > 3 else ""
    return ", ".join(shown) + more


def _code_span_cause(row: str, want: int) -> tuple[str, int | None]:
    """Name the code span whose unescaped pipe splits a cell, when not splitting there gives the wanted count.

    Returns the message tail and the 0-based offset of that pipe in `row`.
    """
    aware = split_row(row, code_spans=True)
    if len(aware) != want:
        return "", None
    for cell in aware:
        span = re.search(r"(`+)([^`]*?(?<!\\)\|.*?)\1", cell.text) if "`" in cell.text else None
        if span:
            pipe = cell.start + span.start() + span.group(0).index("|", len(span.group(1)))
            return f"; the '|' inside code span {span.group(0)!r} splits the cell: write it as '\\|'", pipe
    return "", None


@rule(RuleId.TABLE_NOT_A_TABLE, E, needs="body")
def table_not_a_table(ctx: Context) -> Iterator[Finding]:
    """Rows written as a table that markdown does not read as one.

    When the header row and the delimiter row (`| --- | --- |`) have different cell counts, or the
    delimiter row starts with `- ` (read as a list item), markdown-it and GitHub render the whole
    block as one paragraph of pipes, with no warning. Reported on the header line with both counts.
    Nothing inside code blocks, HTML blocks or indented code counts. The table rules read every markdown
    file the skill ships (references, AGENTS.md, ...), not only SKILL.md, each on its own file and line.
    """
    for parsed in _parsed(ctx):
        # The masks are made at the first header-and-delimiter-like pair of lines, the table mask first: most
        # such pairs are the tables themselves, and those need no other.
        in_table: bytearray | None = None
        literal: bytearray | None = None
        paragraph: bytearray | None = None
        lines = parsed.lines
        for i in range(len(lines) - 1):
            below = lines[i + 1]
            if "|" not in lines[i] or "|" not in below or "-" not in below:  # a delimiter row holds both
                continue
            if in_table is None:
                in_table = parsed.mask(_TABLE_TYPES)
            if in_table[i] or in_table[i + 1]:
                continue
            if literal is None or paragraph is None:
                literal, paragraph = parsed.mask(), parsed.mask(_PARAGRAPH_TYPES)
            if literal[i] or literal[i + 1] or not paragraph[i]:
                continue
            delimiter, _ = row_source(below, header=False)
            if "|" not in delimiter or not _DELIMITER_RE().match(delimiter.strip()):
                continue
            yield _not_a_table(parsed, i, delimiter)


def _not_a_table(parsed: Parsed, i: int, delimiter: str) -> Finding:
    header, start = row_source(parsed.lines[i], header=True)
    cells = split_row(header)
    counts = len(split_row(delimiter))
    lead = "rows will render as plain text, not a table"
    if delimiter.lstrip().startswith("- ") or delimiter.lstrip().startswith("-\t"):
        reason = f"the delimiter row {delimiter.strip()!r} starts with '- ' and is read as a list item: write '---' cells"
    elif len(cells) != counts:
        reason = f"the header row has {counted(len(cells), 'cell')} but the delimiter row has {counts}"
        reason += _code_span_cause(header, counts)[0]
    else:
        reason = "the delimiter row is not aligned with the header row (check indentation and '>' markers)"
    return Finding(RuleId.TABLE_NOT_A_TABLE, f"{lead}: {reason}", parsed.file_line(i), start + 1, parsed.file)


@rule(RuleId.TABLE_EXTRA_CELLS, E, needs="body")
def table_extra_cells(ctx: Context) -> Iterator[Finding]:
    """A table row has more cells than the header: the extra cells are dropped when rendered.

    Cells are counted from the source line (markdown-it silently cuts the row), with `\\|` escapes
    honoured. A `|` inside a code span still splits a cell in a table (GFM needs `\\|` there too);
    when that is what adds the cell, the message names the code span.
    """
    for parsed, row, header_count, cells, start in rows(ctx):
        if len(cells) <= header_count:
            continue
        extra = cells[header_count:]
        cause, pipe = _code_span_cause(parsed.lines[row][start:], header_count)
        message = (
            f"table row has {len(cells)} cells but the header has {header_count}: "
            f"the extra {noun(len(extra), 'cell')} {_quote(extra)} {noun(len(extra), 'is', 'are')} dropped when rendered"
        )
        column = start + (pipe + 1 if pipe is not None else extra[0].start)
        yield Finding(RuleId.TABLE_EXTRA_CELLS, message + cause, parsed.file_line(row), column, parsed.file)


@rule(RuleId.TABLE_MISSING_CELLS, W, needs="body")
def table_missing_cells(ctx: Context) -> Iterator[Finding]:
    """A table row has fewer cells than the header; the missing cells render blank.

    Often a forgotten `|` or a value that slid into the previous cell. Lines without any `|` are
    reported by `table-swallowed-line` instead.
    """
    for parsed, row, header_count, cells, start in rows(ctx):
        if len(cells) >= header_count or "|" not in parsed.lines[row][start:]:
            continue
        missing = header_count - len(cells)
        yield Finding(
            RuleId.TABLE_MISSING_CELLS,
            f"table row has {counted(len(cells), 'cell')} but the header has {header_count}: "
            f"the last {missing if missing > 1 else ''}{' cells render' if missing > 1 else 'cell renders'} blank",
            parsed.file_line(row),
            start + 1,
            parsed.file,
        )


@rule(RuleId.TABLE_SWALLOWED_LINE, W, needs="body")
def table_swallowed_line(ctx: Context) -> Iterator[Finding]:
    """A line without any `|` right under a table becomes a one-cell row of that table.

    GFM (and markdown-it) keep a table going until a blank line, so a sentence written directly
    under the last row is shown inside the table. Put a blank line between them.
    """
    for parsed, row, _count, _cells, start in rows(ctx):
        if "|" not in parsed.lines[row][start:]:
            yield Finding(
                RuleId.TABLE_SWALLOWED_LINE,
                "line has no '|' but is pulled into the table above as a one-cell row: put a blank line before it",
                parsed.file_line(row),
                start + 1,
                parsed.file,
            )


def _parsed(ctx: Context) -> list[Parsed]:
    """SKILL.md's body and the other shipped markdown files that can hold a table (a '|' and a '-'), parsed."""
    return ctx.doc.derive(_PARSED, lambda: [parsed for _, parsed in documents(ctx.doc, _may_hold_table, _may_break_table)])


def _may_hold_table(text: str) -> bool:
    return "|" in text and "-" in text


_DELIMITER_LINE_RE: Final = LazyPattern(r"^[ \t>]*[|:-][ \t|:-]*$", re.MULTILINE)


def _may_break_table(text: str) -> bool:
    """Whether a markdown file other than SKILL.md may hold a table these rules report, by a look at its lines.

    Every table, and every not-a-table, has a delimiter row; a file is parsed when, under one, the header,
    the delimiter and each row up to the next blank line do not have one cell count, or a row has no '|'.
    Parsing every reference file tripled the time of a reference-heavy corpus; this errs on the side of parsing.
    """
    if not _may_hold_table(text):
        return False
    lines: list[str] | None = None
    for m in _DELIMITER_LINE_RE().finditer(text):
        delimiter = m.group(0)
        if "-" not in delimiter or "|" not in delimiter:
            if "-" in delimiter and ":" in delimiter:
                return True
            continue
        if lines is None:
            lines = text.replace("\r\n", "\n").split("\n")
        at = text.count("\n", 0, m.start())
        if at == 0 or "|" not in lines[at - 1]:
            continue
        source, _ = row_source(delimiter, header=False)
        if source.lstrip().startswith("-") and not source.lstrip().startswith("--") and source.lstrip()[1:2] in (" ", "\t"):
            return True
        count = len(split_row(row_source(lines[at - 1], header=True)[0]))
        if count != len(split_row(source)):
            return True
        for row in lines[at + 1 :]:
            if not row.strip():
                break
            text_row, _ = row_source(row, header=False)
            if "|" not in text_row or len(split_row(text_row)) != count:
                return True
    return False


Row = tuple[Parsed, int, int, list[Cell], int]


def rows(ctx: Context) -> list[Row]:
    """(parsed, body row line, header cell count, raw cells, prefix length) for every body row of every table.

    Once per document: three rules read them.
    """
    return ctx.doc.derive(_ROWS, lambda: [row for parsed in _parsed(ctx) for row in _split_rows(parsed)])


def _split_rows(parsed: Parsed) -> Iterator[Row]:
    for header, end in _tables(parsed):
        header_text, _ = row_source(parsed.lines[header], header=True)
        count = len(split_row(header_text))
        for row in range(header + 2, end):
            text, start = row_source(parsed.lines[row], header=False)
            yield parsed, row, count, split_row(text), start


def _tables(parsed: Parsed) -> list[tuple[int, int]]:
    """(header line, end line) of every table, from the tokens."""
    return [(tok.map[0], tok.map[1]) for tok in parsed.of_type("table_open") if tok.map]


# Values derived once per document, kept on it under these typed keys.
_ROWS: Final[Derived[list[Row]]] = Derived("md:table-rows")
_PARSED: Final[Derived[list[Parsed]]] = Derived("md:table-documents")
