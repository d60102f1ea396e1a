"""Source checks for the fast parse: text where markdown-it-pyrs would differ from markdown-it-py, or panic."""

from __future__ import annotations

import re
import unicodedata
from typing import Final

from skillkit.findtext import has
from skillkit.markdown.codespans import HTML_ENDS, unpaired_runs
from skillkit.markdown.rows import MD_TRIM_CHARS as _TRIM

# Characters the two parsers treat differently: CR and NUL (markdown-it-py normalises them before
# splitting lines), and whitespace outside ASCII, which each trims with its own set.
_RISKY_RE: Final = re.compile("[\r\x00\x0b\x0c\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]")
# The Rust parser drops links to `javascript:`, `vbscript:`, `file:` and `data:` URLs (its validateLink);
# skillkit's markdown-it keeps every link. A destination starting with an escape or entity may decode to one.
_UNSAFE_TAIL: Final = r"[ \t\n]*<?(?:[\\&]|(?i:vbscript|javascript|file|data):)"
_UNSAFE_LINK_RES: Final = tuple(re.compile(opener + _UNSAFE_TAIL) for opener in (r"\]\(", r"\]:", "<"))  # a literal start searches fast
# A reference definition with a label outside ASCII: each parser folds case with its own Unicode tables.
_DEFINITION_LABEL_RE: Final = re.compile(r"^[ \t>]*\[([^\]\n]*[^\x00-\x7f][^\]\n]*)\]:", re.MULTILINE)
# markdown-it-py gives up nesting link labels at maxNesting (20): stay far below it.
_MAX_BRACKETS: Final = 8
_NOT_BRACKET_RE: Final = re.compile(r"[^\[\]]+")

# markdown-it-py (CommonMark 0.31) counts Unicode symbols (category S) as punctuation when it decides
# whether a `*` or `_` run opens or closes emphasis; the Rust parser (0.30) does not. That changes the
# outcome only when the run's other side is not whitespace. Built on first use (13 ms).
_symbol_re: re.Pattern[str] | None = None
# A tab after a `>` or list marker: the container takes part of it; the parsers keep different remainders.
_PREFIX_TAB_RE: Final = re.compile(r"^[ \t>*+\-.)\d]*[>*+\-.)][ \t>*+\-.)\d]*\t", re.MULTILINE)
# An empty list item after a blockquote line ends the blockquote for markdown-it-py; for Rust it is a
# lazy paragraph line.
_EMPTY_ITEM_RE: Final = re.compile(r"\n[ \t>]*(?:[-*+]|\d{1,9}[.)])[ \t]*(?=\n|\Z)")  # on "\n" + text: searches fast
# So does an ordered list item under a blockquote's lines, outside it (one not starting at 1, for Rust).
_QUOTES_RE: Final = re.compile(r"[ \t]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)*((?:>[ \t]*)*)")
_ORDERED_RE: Final = re.compile(r"([ \t>]*)\d{1,9}[.)](?:[ \t]|$)")
# HTML that CommonMark 0.31 (markdown-it-py) and 0.30 (Rust) read differently: comments holding `--` or
# starting with `>`/`->` or ending with `-`, `<!x` declarations not in capitals followed by a blank, and
# the block tag names `search` (0.31) and `source` (0.30).
_COMMENT_RE: Final = re.compile(r"<!--([\s\S]*?)-->")
_HTML_DIFF_RE: Final = re.compile(r"<!---?>|<!(?![A-Z]+\s)[A-Za-z]|</?(?i:search|source)(?![\w-])")
_HTML_RAW_RE: Final = re.compile(r"<(script|pre|style|textarea)(?=[\s>]|$)", re.IGNORECASE)
# Inline text never crosses a blank line. (A line of `>` may be text: indented 4, it continues a paragraph.)
_BLANK_LINE_RE: Final = re.compile(r"\n[ \t]*\n")
_FENCE_LINE_RE: Final = re.compile(r"^((?:[ ]{0,3}>)*)([ ]{0,3})(`{3,}|~{3,})(.*)$")


def risky(text: str) -> str | None:
    """Why `text` must go to markdown-it-py (a short reason), or None when the fast parse may run."""
    if _RISKY_RE.search(text):
        return "character"
    if any(rx.search(text) for rx in _UNSAFE_LINK_RES):
        return "link scheme"
    if not text.isascii():
        if _emphasis_differs(text):
            return "emphasis"
        if "]:" in text and _DEFINITION_LABEL_RE.search(text):
            return "reference label"
    if "<" in text and _html_differs(text):
        return "html"
    if "\t" in text and _PREFIX_TAB_RE.search(text):
        return "tab in a container prefix"
    if _EMPTY_ITEM_RE.search("\n" + text):
        return "empty list item"
    if ">" in text and _quote_then_ordered(text):
        return "ordered list under a blockquote"
    if not _brackets_ok(text):
        return "nested brackets"
    if _code_span_panic(text):
        return "code span"
    return None


def _quote_then_ordered(text: str) -> bool:
    for chunk in _BLANK_LINE_RE.split(text):
        if ">" not in chunk:
            continue
        deepest = 0
        for line in chunk.split("\n"):
            ordered = _ORDERED_RE.match(line)
            if ordered and ordered.group(1).count(">") < deepest:
                return True
            deepest = max(deepest, _QUOTES_RE.match(line).group(1).count(">"))  # type: ignore[union-attr]
    return False


def _symbols() -> re.Pattern[str]:
    """Unicode symbols (category S) outside ASCII; beyond the BMP every character counts (fewer fast
    parses, never a wrong one)."""
    global _symbol_re
    if _symbol_re is None:
        ranges: list[str] = []
        start = None
        for cp in range(0x80, 0x10001):
            symbol = cp < 0x10000 and unicodedata.category(chr(cp))[0] == "S"
            if symbol and start is None:
                start = cp
            elif not symbol and start is not None:
                ranges.append(f"{re.escape(chr(start))}-{re.escape(chr(cp - 1))}")
                start = None
        _symbol_re = re.compile(f"[{''.join(ranges)}\U00010000-\U0010ffff]")
    return _symbol_re


def _emphasis_differs(text: str) -> bool:
    n = len(text)
    for m in _symbols().finditer(text):
        at = m.start()
        end = at + 1
        if end < n and text[end] in "*_":  # symbol before a run: what follows the run decides
            run = text[end]
            while end < n and text[end] == run:
                end += 1
            if end < n and text[end] not in " \t\n":
                return True
        start = at
        if start and text[start - 1] in "*_":  # symbol after a run: what precedes the run decides
            run = text[start - 1]
            while start and text[start - 1] == run:
                start -= 1
            # Only `>` markers or blanks between the line start and the run: it starts its inline text.
            if start and text[start - 1] not in " \t\n" and text[text.rfind("\n", 0, start) + 1 : start].strip(" \t>"):
                return True
    return False


def _html_differs(text: str) -> bool:
    if _HTML_DIFF_RE.search(text):
        return True
    if has(text, "<!--", 1):
        for m in _COMMENT_RE.finditer(text):
            body = m.group(1)
            if body.startswith((">", "->")) or body.endswith("-") or "--" in body:
                return True
    return False


def unclosed_html(content: str) -> bool:
    """An HTML block of CommonMark kinds 1-5 (`<pre>`, `<!--`, `<?`, `<!X`, CDATA) without its end marker."""
    m = _HTML_RAW_RE.match(content.lstrip(" \t"))
    if m:
        return f"</{m.group(1).lower()}>" not in content.lower()
    content = content.lstrip(" \t")
    for start, end in HTML_ENDS:
        if content.startswith(start):
            return end not in content[len(start) :]
    return False


def _brackets_ok(text: str) -> bool:
    if text.count("[") <= _MAX_BRACKETS:
        return True
    depth = 0
    for ch in _NOT_BRACKET_RE.sub("", text):
        if ch == "[":
            depth += 1
            if depth > _MAX_BRACKETS:
                return False
        elif ch == "]" and depth:
            depth -= 1
    return True


def _code_span_panic(text: str) -> bool:
    """True when the Rust parser may panic on a backtick run that finds no closer (markdown-it.rs #40).

    Rust caches where it last saw a run of each length once a run found no closer, and indexes that
    cache out of bounds when the same run is scanned again: only inside a link label (`[`). Inline
    text never crosses a blank line, so a block of lines is safe when it has no `[` or every run in
    it is closed (`unpaired_runs`). Fence lines are skipped: a line like ```` ```py ```` indented less
    than 4 is never inline text. `unpaired_runs` checks each inline text again after the parse.
    """
    if "`" not in text or "[" not in text:
        return False
    return any("`" in chunk and "[" in chunk and _chunk_unpaired(chunk) for chunk in _BLANK_LINE_RE.split(text))


def _chunk_unpaired(chunk: str) -> bool:
    lines = [line for line in chunk.split("\n") if not _is_fence_line(line)]
    return unpaired_runs(lines, DELIMITER_RE.search(chunk) is not None)


def _is_fence_line(line: str) -> bool:
    m = _FENCE_LINE_RE.match(line) if "``" in line or "~~" in line else None
    return m is not None and not (m.group(3)[0] == "`" and "`" in m.group(4))


# -- tables: the Rust and markdown-it-py table rules disagree on edge cases ------------------------

# A line markdown-it-py might read as a table's delimiter row (checked exactly by `delimiter_columns`).
DELIMITER_RE: Final = re.compile(r"^[ \t>]*[|:-][|: \t-]*$", re.MULTILINE)  # on one line or a block of lines
# A table row line where markdown-it-py might end the table (a block that interrupts it).
ROW_BREAK_RE: Final = re.compile(r"^(?:[>#<]|```|~~~|[*+-](?:[ \t]|$)|\d{1,9}[.)](?:[ \t]|$)|([-*_])[ \t]*\1[ \t]*\1)")


def header_columns(line: str) -> int:
    """Columns of a header row as markdown-it-py's table rule reads it (0: not a header row)."""
    text = line.strip(_TRIM)
    if "|" not in text:
        return 0
    columns = _escaped_split(text)
    if columns and columns[0] == "":
        columns.pop(0)
    if columns and columns[-1] == "":
        columns.pop()
    return len(columns)


def _escaped_split(text: str) -> list[str]:
    if "\\|" not in text:
        return text.split("|")
    out: list[str] = []
    current, last, escaped = "", 0, False
    for pos, ch in enumerate(text):
        if ch == "|":
            if not escaped:
                out.append(current + text[last:pos])
                current, last = "", pos + 1
            else:
                current += text[last : pos - 1]
                last = pos
        escaped = ch == "\\"
    out.append(current + text[last:])
    return out
