"""Backtick runs for the fast parse: whether every run of some lines meets its closer, as the inline parser reads them."""

from __future__ import annotations

import functools
import re
from typing import Final

# HTML constructs that run to an end marker (comments, processing instructions, CDATA, declarations).
HTML_ENDS: Final = (("<!--", "-->"), ("<?", "?>"), ("<![CDATA[", "]]>"), ("<!", ">"))
# A table row's cells: pipes not escaped by a backslash.
_CELL_SPLIT_RE: Final = re.compile(r"(?<!\\)\|")
_RUNS_RE: Final = re.compile(r"`+")
# What the inline parser may meet before a backtick: a run, an escape, HTML or an autolink, a link destination.
_EVENT_RE: Final = re.compile(r"`+|\\.|<[A-Za-z/!?]|\]\(")


def unpaired_runs(lines: list[str], table: bool) -> bool:
    """True unless, read left to right like the inline parser, every backtick run of these lines
    meets its closer and no backtick can hide in HTML, an autolink, a link destination or title, or
    behind a backslash. When every run is closed, Rust's run cache is never used and code spans come
    out as markdown-it-py's; otherwise it can skip a real code span. Table rows are cut at `|`."""
    open_region = False  # HTML or a link destination may run on from an earlier line
    for line in lines:
        if "`" not in line:
            open_region = open_region or _opens_region(line)
            continue
        for piece in _CELL_SPLIT_RE.split(line) if table else (line,):
            if open_region and "`" in piece:
                return True
            if "<" not in piece and "](" not in piece and "\\" not in piece:
                # Nothing can hide a backtick: only the runs' pairing counts.
                runs = _RUNS_RE.findall(piece)
                k = 0
                while k < len(runs):
                    try:
                        k = runs.index(runs[k], k + 1) + 1
                    except ValueError:
                        return True
                continue
            found = _piece_unpaired(piece)
            if found is None:
                return True
            open_region = open_region or found
    return False


def _piece_unpaired(piece: str) -> bool | None:
    """None when a run is unclosed or a backtick may be hidden; else whether HTML or a link runs on."""
    pos = 0
    while True:
        m = _EVENT_RE.search(piece, pos)
        if m is None:
            return False
        token = m.group(0)
        if token[0] == "`":
            closer = _closer(len(token)).search(piece, m.end())
            if closer is None:
                return None
            pos = closer.end()
        elif token[0] == "\\":
            if token == "\\`":
                return None
            pos = m.end()
        else:
            # HTML, an autolink or a link destination and title: backticks there are not code. Read on
            # inside it too: when it turns out not to be one, what starts inside may be (and hide more).
            end = _construct_end(piece, m.start())
            if end is None:
                return None if "`" in piece[m.start() :] else True
            if "`" in piece[m.start() : end]:
                return None
            pos = m.end()


@functools.cache
def _closer(length: int) -> re.Pattern[str]:
    return re.compile(f"(?<!`)`{{{length}}}(?!`)")


def _construct_end(piece: str, start: int) -> int | None:
    """Where the HTML tag, comment or autolink (`<`) or link destination and title (`](`) starting at
    `start` ends at the latest; None when it may run on past the piece."""
    n = len(piece)
    if piece[start] == "<":
        for opener, closer in HTML_ENDS[:3]:
            if piece.startswith(opener, start):
                end = piece.find(closer, start + len(opener))
                return None if end < 0 else end + len(closer)
        i = start + 1
        while i < n:
            ch = piece[i]
            if ch == ">":
                return i + 1
            if ch in "\"'":
                i = piece.find(ch, i + 1)
                if i < 0:
                    return None
            i += 1
        return None
    i = start + 2
    while i < n and piece[i] in " \t":
        i += 1
    if i < n and piece[i] == "<":
        i = piece.find(">", i)
        if i < 0:
            return None
        i += 1
    else:
        depth = 0
        while i < n and piece[i] not in " \t":
            ch = piece[i]
            if ch == "\\":
                i += 1
            elif ch == "(":
                depth += 1
            elif ch == ")":
                if not depth:
                    break
                depth -= 1
            i += 1
    while i < n and piece[i] in " \t":
        i += 1
    if i < n and piece[i] in "\"'(":
        close = ")" if piece[i] == "(" else piece[i]
        i = piece.find(close, i + 1)
        if i < 0:
            return None
        i += 1
        while i < n and piece[i] in " \t":
            i += 1
    # Not closed by `)` here: maybe no link at all, maybe a title running on; either way unknown.
    if i >= n or piece[i] != ")" or "<" in piece[start + 3 : i]:
        return None
    return i + 1


def _opens_region(line: str) -> bool:
    """A line that may leave HTML or a link destination open (a `<` or `](` with no closer after it)."""
    if "<" not in line and "](" not in line:
        return False
    found = _piece_unpaired(line)
    return found is None or found
