"""Positions, ranges and diagnostics in the Language Server Protocol's terms.

skillkit counts lines from 1 and columns from 1 in code points of the file's text (frontmatter included, lines
ending at LF, CRLF or a lone CR); LSP counts both from 0, columns in the code units of the position encoding the
client and server agreed on (UTF-16 unless the client offers another). A finding gives a start; its range runs
to the end of what starts there (see `span`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from lsprotocol import types

from skillkit.diagnostics import Severity
from skillkit.edits import line_starts
from skillkit.lsp.check import Item

UTF8: Final = "utf-8"
UTF16: Final = "utf-16"
UTF32: Final = "utf-32"

# Where `codeDescription.href` points: docs/rules.md has one `## rule-id` heading per rule, so `#rule-id` is its
# anchor. The repository's slug as the README names it; a client can point elsewhere (initialization option
# `rulesUrl`, e.g. a fork or a pinned tag).
RULES_DOC_URL: Final = "https://github.com/skillkit/skillkit/blob/main/docs/rules.md"

SEVERITY: Final = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}


def units(piece: str, encoding: str) -> int:
    """How many code units of `encoding` the text takes (a lone surrogate counts as one, never an error)."""
    if encoding == UTF32 or piece.isascii():
        return len(piece)
    if encoding == UTF8:
        return len(piece.encode("utf-8", "surrogatepass"))
    return len(piece.encode("utf-16-le", "surrogatepass")) // 2


def index(line: str, count: int, encoding: str) -> int:
    """The code point index in `line` that `count` code units of `encoding` reach (clamped to the line)."""
    if count <= 0:
        return 0
    if encoding == UTF32 or line.isascii():
        return min(count, len(line))
    seen = 0
    for i, ch in enumerate(line):
        if seen >= count:
            return i
        code = ord(ch)
        if encoding == UTF8:
            seen += 1 if code < 0x80 else 2 if code < 0x800 else 3 if code < 0x10000 else 4  # a lone surrogate: 3, as surrogatepass writes it
        else:
            seen += 2 if code >= 0x10000 else 1
    return len(line)


class Text:
    """A document's text with its line starts, worked out once: offsets and LSP positions both ways."""

    __slots__ = ("_starts", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self._starts: list[int] | None = None

    @property
    def starts(self) -> Sequence[int]:
        if self._starts is None:
            self._starts = line_starts(self.text)
        return self._starts

    @property
    def line_count(self) -> int:
        return len(self.starts)

    def line(self, i: int) -> str:
        """Line `i` (0-based) without its line ending; '' past the end."""
        starts = self.starts
        if i < 0 or i >= len(starts):
            return ""
        end = starts[i + 1] if i + 1 < len(starts) else len(self.text)
        piece = self.text[starts[i] : end]
        return piece.rstrip("\r\n") if piece.endswith(("\n", "\r")) else piece

    def position(self, offset: int, encoding: str) -> types.Position:
        """The LSP position of a code point offset (clamped to the text)."""
        import bisect

        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self.starts, offset) - 1
        return types.Position(line=line, character=units(self.text[self.starts[line] : offset], encoding))

    def offset(self, position: types.Position, encoding: str) -> int:
        """The code point offset of an LSP position (clamped to its line, and to the text)."""
        if position.line >= self.line_count:
            return len(self.text)
        line = max(0, position.line)
        return self.starts[line] + index(self.line(line), position.character, encoding)

    def frontmatter_lines(self) -> range:
        """The 0-based lines between the `---` delimiters (to the end when the block is never closed); empty if none."""
        if self.line(0).rstrip(" \t") != "---":
            return range(0)
        for i in range(1, self.line_count):
            if self.line(i).rstrip(" \t") in ("---", "..."):
                return range(1, i)
        return range(1, self.line_count)


# What a diagnostic's range covers after its start, in the body: a link or image, a code span, an autolink or
# an HTML comment starting there; else the word or path there (a link's target, up to its closing parenthesis). A finding at the start of a line (a table row, a fence,
# a heading) and every finding in the frontmatter (a key's value) cover the rest of the line.
_THING_RE: Final = re.compile(
    r"!?\[(?:[^\]\\\n]|\\.){0,1000}\]\((?:[^()\s]|\([^()\s]*\)){0,2000}(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'))?\s*\)"
    r"|(`+)[^`].{0,2000}?\1"
    r"|<!--.{0,2000}?-->"
    r"|<[^<>\s]{1,2000}>"
    r"|[^\s()\[\]<>`]{1,2000}"
    r"|\S"
)


def span(text: Text, line: int | None, column: int | None) -> tuple[int, int, int]:
    """(0-based line, start index, end index in code points of that line) of a finding's 1-based line and column."""
    if line is None or text.line_count == 0:
        row = 0
    else:
        row = max(0, min(line - 1, text.line_count - 1))
    content = text.line(row)
    trimmed = len(content.rstrip(" \t"))
    if column is None or line is None:
        start = len(content) - len(content.lstrip(" \t"))
        return row, min(start, trimmed), trimmed
    start = max(0, min(column - 1, len(content)))
    if row in text.frontmatter_lines() or row == 0 or start <= len(content) - len(content.lstrip(" \t")):
        return row, start, max(start, trimmed)
    found = _THING_RE.match(content, start)
    end = found.end() if found else start
    if found and found.group().isascii() and found.group()[-1] in ".,;:!?\"'" and found.end() - start > 1:
        end -= 1  # a word at the end of a sentence: not its full stop
    return row, start, max(start, min(end, len(content)))


def diagnostic_range(text: Text, line: int | None, column: int | None, encoding: str) -> types.Range:
    row, start, end = span(text, line, column)
    content = text.line(row)
    first = units(content[:start], encoding)
    return types.Range(
        start=types.Position(line=row, character=first),
        end=types.Position(line=row, character=first + units(content[start:end], encoding)),
    )


def point_range(line: int | None, column: int | None) -> types.Range:
    """A zero-width range at a finding's place in a file whose text is not at hand (columns taken as code units)."""
    at = types.Position(line=max(0, (line or 1) - 1), character=max(0, (column or 1) - 1))
    return types.Range(start=at, end=at)


def diagnostic(
    item: Item,
    where: types.Range,
    *,
    rules_url: str = RULES_DOC_URL,
    message: str | None = None,
    related: list[types.DiagnosticRelatedInformation] | None = None,
) -> types.Diagnostic:
    """The LSP diagnostic of one finding: its range, severity, rule id as code, and the rule's documentation."""
    return types.Diagnostic(
        range=where,
        message=message if message is not None else item.message,
        severity=SEVERITY[item.severity],
        code=item.rule,
        code_description=types.CodeDescription(href=f"{rules_url}#{item.rule}"),
        source="skillkit",
        related_information=related,
    )
