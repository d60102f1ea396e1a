"""The frontmatter most skills have, read without PyYAML: `key: value` lines and one level of nesting.

A one-skill run (pre-commit) then never imports PyYAML, about 15 ms of a 90 ms run. The grammar here is
a strict subset of YAML whose meaning is plain: top-level `key: value` lines, and `key:` followed by
equally indented `key: value` lines; values are plain, single-quoted or double-quoted strings on one
line, or (top level) a folded or literal block scalar of equally indented lines. Anything else (a blank
or comment line, any other block scalar, a list, a flow collection, an anchor or tag, an escape, a
trailing blank, a duplicate key, a value YAML would read as a number, bool, null or date) returns None,
and yamlsafe reads the text with PyYAML. The two commonest errors are answered here too, a plain value
holding `: ` and text after a block scalar header (`description: | Does X`): PyYAML stops there, and the
answer is the yaml-syntax finding yamlsafe makes of its error (a fifth of a 10,000-skill registry sample).
A differential test checks that where this answers, PyYAML gives the same values, key positions and findings.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Final

from skillkit.diagnostics import Finding
from skillkit.ids import RuleId
from skillkit.record import Record

_KEY_FIELDS: Final = ("line", "column", "value_line", "value_column", "value_end_line", "value_end_column", "style", "string_key")


class KeyInfo:
    """Where a mapping key and its value sit in the file (1-based lines and columns).

    A plain class rather than a frozen dataclass: compiled, it is built without interpreted __init__ code."""

    __slots__ = _KEY_FIELDS

    def __init__(
        self,
        line: int,
        column: int,
        value_line: int,
        value_column: int,
        value_end_line: int,
        value_end_column: int,
        style: str | None,  # scalar: None plain, "'", '"', "|", ">"; collection: "flow" or "block"
        string_key: bool = True,
    ) -> None:
        self.line, self.column = line, column
        self.value_line, self.value_column = value_line, value_column
        self.value_end_line, self.value_end_column = value_end_line, value_end_column
        self.style, self.string_key = style, string_key

    def _fields(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in _KEY_FIELDS)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, KeyInfo) and self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        return "KeyInfo(" + ", ".join(f"{n}={v!r}" for n, v in zip(_KEY_FIELDS, self._fields())) + ")"

    def anchor(self) -> tuple[int, int]:
        """Where to point for a problem with the value: the key itself when the value is a block collection."""
        if self.style == "block":
            return self.line, self.column
        return self.value_line, self.value_column


class Loaded(Record):
    """The frontmatter as Python values, positions of every key by path, and what went wrong."""

    __slots__ = ("data", "keys", "findings", "ok")

    def __init__(
        self,
        data: Any = None,
        keys: dict[tuple[str, ...], KeyInfo] | None = None,
        findings: list[Any] | None = None,
        ok: bool = False,
    ) -> None:
        self.data = data
        self.keys: dict[tuple[str, ...], KeyInfo] = {} if keys is None else keys
        self.findings: list[Any] = [] if findings is None else findings
        self.ok = ok


# indentation, key, the blanks after the colon, the value (empty when the line ends at the colon)
_LINE_RE: Final = re.compile(r"( *)([A-Za-z_][A-Za-z0-9_-]*):( *)(.*)")
# YAML's printable characters less line breaks (NEL, LS, PS) and the byte order mark: compiled on first
# use (its ranges cost a one-skill run 3 ms), for non-ASCII values only.
_TEXT: Final = "[\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]*"


@lru_cache(maxsize=1)
def _text_re() -> re.Pattern[str]:
    return re.compile(_TEXT)


def _printable(raw: str) -> bool:
    return raw.isprintable() if raw.isascii() else _text_re().fullmatch(raw) is not None
_BLOCK_INDICATORS: Final = frozenset({">", ">-", "|", "|-"})
_HEADERS: Final = _BLOCK_INDICATORS | {">+", "|+"}  # block scalar headers without an indentation indicator
# Plain scalars starting with these are indicators, or what PyYAML's resolvers read as numbers, dates, null,
# merge keys or values (its resolvers are keyed by first character).
_PLAIN_FIRST: Final = frozenset("-?:,[]{}#&*!|>'\"%@`+.0123456789~=< ")
# PyYAML's YAML 1.1 booleans and nulls, the whole words its resolvers match.
_RESERVED: Final = frozenset(
    ["yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF", "null", "Null", "NULL"]
)


def load(text: str, first_line: int) -> Loaded | None:
    """The frontmatter when it is in the simple grammar (see the module docstring), else None."""
    lines = text.split("\n")
    out = Loaded(data={}, ok=True)
    data: dict[str, Any] = out.data
    i, count = 0, len(lines)
    while i < count:
        m = _LINE_RE.fullmatch(lines[i])
        if m is None:
            return None
        indent, key, gap, raw = m.groups()  # one call for the four groups
        if indent or key in _RESERVED or key in data:
            return None
        if raw in _BLOCK_INDICATORS and gap:
            block = _block(lines, i + 1, raw)
            if block is None:
                return None
            data[key], end = block
            # PyYAML ends the value at the start of the next line, or at the end of the last one.
            end_line, end_column = (end, 1) if end < count else (end - 1, len(lines[end - 1]) + 1)
            out.keys[(key,)] = KeyInfo(first_line + i, 1, first_line + i, m.start(4) + 1, first_line + end_line, end_column, raw[0])
            i = end
            continue
        if gap and raw[:1] in ("|", ">"):
            return _header_text(text, lines, i, first_line)
        if raw:
            if not gap:
                return None  # `key:value` is one plain scalar in YAML, not a pair
            value = _scalar(raw)
            if value is None:
                return _colon_in_value(text, lines, i, first_line, key, raw)
            data[key] = value[0]
            out.keys[(key,)] = _info(first_line + i, 1, m.start(4), len(lines[i]), value[1])
            i += 1
            continue
        if gap:
            return None  # a trailing blank after the colon
        nested, end = _nested(lines, i + 1, first_line, key, out)
        if nested is None:
            return None
        data[key] = nested
        indent = len(lines[i + 1]) - len(lines[i + 1].lstrip(" "))
        out.keys[(key,)] = KeyInfo(first_line + i, 1, first_line + i + 1, indent + 1, first_line + end, 1, "block")
        i = end
    return out


def _header_text(text: str, lines: list[str], i: int, first_line: int) -> Loaded | None:
    """PyYAML's answer to text after a block scalar header on its line (`description: | Does X`, a common slip)."""
    hint = block_header_text(lines[i])
    header = lines[i].partition(":")[2].split()[0]
    return None if hint is None or header not in _HEADERS else _stopped(text, lines, first_line + i, hint)


def _colon_in_value(text: str, lines: list[str], i: int, first_line: int, key: str, raw: str) -> Loaded | None:
    """PyYAML's answer to a plain value holding `: ` (`description: Use when: X`, a common slip)."""
    colon = raw.find(": ")
    if raw[0] in _PLAIN_FIRST or colon < 0 or " #" in raw[:colon]:
        return None
    return _stopped(text, lines, first_line + i, unquoted_colon(lines[i], key, raw))


def _stopped(text: str, lines: list[str], line: int, hint: tuple[str, int | None]) -> Loaded | None:
    """The answer for a frontmatter libyaml stops reading at `line`, when all of it is printable and shallow: no
    data, only the finding yamlsafe makes of the error. Beyond that (tabs, other characters, deep nesting), the
    error could come earlier or read otherwise: PyYAML reads it."""
    if not all(map(_printable, lines)):
        return None
    if text.count("[") + text.count("{") > 256 or " " * 257 in text:
        return None  # yamlsafe reads such text with the pure-Python loader, whose messages differ
    return Loaded(findings=[Finding(RuleId.YAML_SYNTAX, hint[0], line, hint[1] or 1)])


def unquoted_colon(row: str, key: str, value: str) -> tuple[str, int | None]:
    """The yaml-syntax message and column for a `key: value` line whose plain value holds `: `."""
    inner = value.find(": ")
    message = (
        f"unquoted ': ' in the value of '{key}' makes YAML read a second key; "
        f"wrap the whole value in double quotes ({key}: \"...\") or use a block scalar ({key}: >-)"
    )
    return message, len(row) - len(value) + inner + 1 if inner >= 0 else None


def block_header_text(row: str) -> tuple[str, int] | None:
    """The yaml-syntax message and column for `row` when it is a key line with text after a block scalar header."""
    block = _block_header_re().match(row)
    if block is None:
        return None
    key, header, value = block.group(1), block.group(2), block.group(3)
    shown = value if len(value) <= 30 else value[:27] + "..."
    message = (
        f"text after '{key}: {header}' on the same line: a block scalar ('{header}') takes its text from "
        f"the lines below it, so {shown!r} is not allowed there; move the text to the next line, indented "
        f"under '{key}', or remove the '{header}' and keep the value on this line "
        f"(in double quotes if it holds ': ' or ' #')"
    )
    return message, block.start(3) + 1


@lru_cache(maxsize=1)
def _block_header_re() -> re.Pattern[str]:
    # `key: | text` / `key: >- text`, indentation and tabs allowed: yamlsafe matches the line of any libyaml error.
    return re.compile(r"^\s*([A-Za-z0-9_-]+):[ \t]+([|>](?:[-+]?[1-9]?|[1-9][-+]))[ \t]+([^#\s].*)$")


def _nested(lines: list[str], start: int, first_line: int, parent: str, out: Loaded) -> tuple[dict[str, str] | None, int]:
    """The equally indented `key: value` lines from `start`, and the line after them."""
    result: dict[str, str] = {}
    indent = None
    i = start
    while i < len(lines) and lines[i].startswith(" "):
        m = _LINE_RE.fullmatch(lines[i])
        if m is None:
            return None, i
        blanks, key, gap, raw = m.groups()
        if not gap or not raw or key in _RESERVED or key in result:
            return None, i
        if indent is None:
            indent = len(blanks)
        elif len(blanks) != indent:
            return None, i
        value = _scalar(raw)
        if value is None:
            return None, i
        result[key] = value[0]
        out.keys[(parent, key)] = _info(first_line + i, indent + 1, m.start(4), len(lines[i]), value[1])
        i += 1
    return (result if result else None), i


def _block(lines: list[str], start: int, indicator: str) -> tuple[str, int] | None:
    """A block scalar's value (`>` folded, `|` literal; `-` strips the last line break) and the line after it.

    Only its plainest form: one or more lines of printable text at one indentation, none blank or ending
    in a blank, so folding is joining with spaces. More-indented lines, blank lines, tabs, `+` and
    indentation indicators go to PyYAML.
    """
    texts: list[str] = []
    indent = 0
    end = start
    while end < len(lines) and lines[end].startswith(" "):
        line = lines[end]
        text = line.lstrip(" ")
        if not texts:
            indent = len(line) - len(text)
        if len(line) - len(text) != indent or not text or text[0] == "\t" or text[-1] in " \t" or not _printable(text):
            return None
        texts.append(text)
        end += 1
    if not texts:
        return None
    value = (" " if indicator[0] == ">" else "\n").join(texts)
    # Clip keeps the line break after the last line, when there is one; strip (`-`) drops it.
    if not indicator.endswith("-") and end < len(lines):
        value += "\n"
    return value, end


def _info(line: int, column: int, start: int, end: int, style: str | None) -> KeyInfo:
    return KeyInfo(line, column, line, start + 1, line, end + 1, style)


def _scalar(raw: str) -> tuple[str, str | None] | None:
    """(value, style) of a one-line scalar in the simple grammar, else None."""
    if raw[-1] == " " or not _printable(raw):
        return None
    first = raw[0]
    if first in ('"', "'"):
        inner = raw[1:-1]
        if len(raw) < 2 or raw[-1] != first or first in inner or (first == '"' and "\\" in inner):
            return None
        return inner, first
    if first in _PLAIN_FIRST or raw in _RESERVED or ": " in raw or " #" in raw or raw[-1] == ":":
        return None
    return raw, None
