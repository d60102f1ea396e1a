"""JSON documents written one list element at a time, byte for byte as `json.dumps(..., indent=2)` writes them."""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable
from typing import Any, Final, TextIO

from skillkit.shown import decodable

# Stands in for the streamed list while the rest of the document is dumped; no real string starts with NUL.
_MARK = "\x00streamed elements"
_MARK_TEXT = json.dumps(_MARK)
_SURROGATE: Final = re.compile("[\ud800-\udfff]")
SPOOL_BYTES = 8 * 1024 * 1024  # a spooled list stays in memory up to this size, then moves to a temporary file


def dumps(value: object) -> str:
    text = json.dumps(value, indent=2, ensure_ascii=False)
    # A file name's undecodable bytes travel as lone surrogates, which no UTF-8 output can carry: written as the
    # text \xNN inside the JSON string (its backslash escaped), so the report stays valid UTF-8 JSON.
    return text if text.isascii() or not _SURROGATE.search(text) else _SURROGATE.sub(_json_escape, text)


def _json_escape(match: re.Match[str]) -> str:
    return "\\\\" + decodable(match.group())[1:]


def write(out: TextIO, build: Callable[[list[Any]], object], elements: Iterable[object], *, spool: bool = False) -> None:
    """Write `dumps(build(list(elements))) + "\\n"` without holding the list.

    `build(placeholder)` returns the whole document with `placeholder` where the list goes. Without `spool` it is
    called before the elements stream (for the text ahead of the list) and again after (for the text behind it),
    so what comes behind may count them. With `spool` the elements are written to a spooled temporary file first
    and `build` is called once after: for documents whose head depends on the elements (SARIF's run outcome).
    """
    if spool:
        with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES, mode="w+", encoding="utf-8") as store:
            count = _elements(store, elements, _indent_of(build))  # type: ignore[arg-type]  # a text file
            before, after = _split(build, count)
            out.write(before)
            store.seek(0)
            shutil.copyfileobj(store, out)
            out.write(after)
        return
    indent = _indent_of(build)
    head: str | None = None
    count = 0
    for element in elements:
        if head is None:
            head, _ = _split(build, 1)
            out.write(head)
        out.write(("" if count == 0 else ",\n" + indent) + _nested(element, indent))
        count += 1
    if head is None:  # no element: json.dumps writes the list as []
        out.write(dumps(build([])) + "\n")
        return
    out.write(_split(build, count)[1])


def _elements(store: TextIO, elements: Iterable[object], indent: str) -> int:
    count = 0
    for element in elements:
        store.write(("" if count == 0 else ",\n" + indent) + _nested(element, indent))
        count += 1
    return count


def _split(build: Callable[[list[Any]], object], count: int) -> tuple[str, str]:
    """The document's text ahead of the list's first element and behind its last (for `count` elements)."""
    if count == 0:
        return dumps(build([])) + "\n", ""
    text = dumps(build([_MARK])) + "\n"
    at = text.index(_MARK_TEXT)
    return text[:at], text[at + len(_MARK_TEXT) :]


def _indent_of(build: Callable[[list[Any]], object]) -> str:
    text = dumps(build([_MARK]))
    at = text.index(_MARK_TEXT)
    return text[text.rindex("\n", 0, at) + 1 : at]


def _nested(value: object, indent: str) -> str:
    # json.dumps escapes newlines inside strings, so every newline in its output is a line break to indent.
    return dumps(value).replace("\n", "\n" + indent)
