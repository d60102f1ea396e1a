"""How text from skills is shown: undecodable file-name bytes and control characters escaped, never passed raw
to a terminal, a CI log or a report parser (a file name or a YAML value can hold ESC, OSC or `::error`)."""

from __future__ import annotations

import re
from typing import Final

from skillkit.lazy_pattern import LazyPattern

# Python keeps a file name's undecodable bytes as lone surrogates U+DC80..U+DCFF (os.fsdecode): shown as \xNN.
_BYTES: Final = {0xDC00 + b: f"\\x{b:02x}" for b in range(0x80, 0x100)}
# Control characters (C0, DEL, C1), line and paragraph separators, bidi controls that reorder a terminal line, and
# lone surrogates: everything that could move the cursor, retitle a terminal, start a new log line or hide text.
# The surrogate range is spelt with chr(): mypyc, which compiles this module, refuses surrogates in string literals.
_SURROGATES: Final = f"{chr(0xD800)}-{chr(0xDFFF)}"
_UNSAFE: Final = LazyPattern(f"[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069{_SURROGATES}]")
_SURROGATE: Final = LazyPattern(f"[{_SURROGATES}]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code in _BYTES:
        return _BYTES[code]
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """`text` safe for a terminal or a CI log: every control, bidi or undecodable character written as an escape."""
    if text.isascii() and text.isprintable():
        return text  # the common case, without the regex
    return _UNSAFE().sub(_escape, text)


def printable_lines(text: str) -> str:
    """`printable`, keeping line breaks: for a report's text body (JUnit's system-out), where they are only text."""
    return "\n".join(printable(line) for line in text.split("\n"))


def decodable(text: str) -> str:
    """`text` that encodes as UTF-8: undecodable file-name bytes as \\xNN, other lone surrogates likewise escaped.
    For machine formats, whose own escaping handles control characters."""
    if text.isascii():
        return text
    return _SURROGATE().sub(_escape, text)
