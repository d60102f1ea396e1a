"""Inline text as markdown-it-py leaves it: emphasis delimiter pairing, entities and escapes (for heading text)."""

from __future__ import annotations

import unicodedata
from typing import Final

from skillkit.lazy_pattern import LazyPattern

# The characters a backslash escapes (CommonMark's ASCII punctuation); before anything else it stays.
ESCAPABLE: Final = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
# markdown-it's isWhiteSpace: Unicode Zs plus tab and line controls.
_WHITESPACE: Final = frozenset("\t\n\x0b\x0c\r \xa0\u1680\u202f\u205f\u3000" + "".join(map(chr, range(0x2000, 0x200B))))
_NUMERIC_RE: Final = LazyPattern(r"&#(?:[xX]([0-9a-fA-F]{1,6})|([0-9]{1,7}));")
_NAMED_RE: Final = LazyPattern(r"&([A-Za-z][A-Za-z0-9]{1,31});")
_ENTITY_TAIL_RE: Final = LazyPattern(r"&(?:#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[A-Za-z][A-Za-z0-9]{1,31});\Z")
_named: dict[str, str] = {}


def _named_entities() -> dict[str, str]:
    """HTML5's named character references by name without `;`, as markdown-it-py's entity table has them."""
    if not _named:
        from html.entities import html5

        _named.update((name.rstrip(";"), chars) for name, chars in html5.items())
    return _named


def entity(src: str, pos: int) -> tuple[str, int] | None:
    """(text, end) of the entity at `pos` as markdown-it's entity rule decodes it, or None when it is no entity.

    Like that rule, it matches against the whole text, past the end of a link label.
    """
    if src.startswith("&#", pos):
        found = _NUMERIC_RE().match(src, pos)
        if found is None:
            return None
        code = int(found.group(1), 16) if found.group(1) else int(found.group(2))
        return (chr(code) if _valid_code(code) else "\ufffd"), found.end()
    found = _NAMED_RE().match(src, pos)
    if found is None:
        return None
    chars = _named_entities().get(found.group(1))
    return None if chars is None else (chars, found.end())


def _valid_code(code: int) -> bool:
    """A code point an entity may name (markdown-it's isValidEntityCode): no surrogate, noncharacter or control."""
    if 0xD800 <= code <= 0xDFFF or 0xFDD0 <= code <= 0xFDEF or code & 0xFFFF in (0xFFFE, 0xFFFF):
        return False
    if code <= 0x08 or code == 0x0B or 0x0E <= code <= 0x1F or 0x7F <= code <= 0x9F:
        return False
    return code <= 0x10FFFF


def bang_text(src: str, start: int, end: int) -> str | None:
    """markdown-it's text for the plain run src[start:end] when it ends with `!` (Claude Code's `!`command``), else None.

    Escapes keep their character last; an entity at the end (`&excl;`, `&#33;`) is decoded, unless a
    backslash escapes its `&`. Only the last character of the text is ever read.
    """
    if end <= start:
        return None
    last = src[end - 1]
    if last == "!":
        return src[start:end]
    if last != ";":
        return None
    amp = src.rfind("&", start, end)
    if amp < 0 or not _ENTITY_TAIL_RE().match(src, amp, end):
        return None
    slashes = amp
    while slashes > start and src[slashes - 1] == "\\":
        slashes -= 1
    if (amp - slashes) % 2:
        return None
    found = entity(src, amp)
    if found is None or found[1] != end or not found[0].endswith("!"):
        return None
    return src[start:amp] + found[0]


def _punct(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "PS"  # Unicode punctuation and symbols, ASCII ones included


def flanking(before: str, after: str, underscore: bool) -> tuple[bool, bool]:
    """(can open, can close) for a delimiter run between `before` and `after` (markdown-it's scanDelims)."""
    last_punct, next_punct = _punct(before), _punct(after)
    last_space, next_space = before in _WHITESPACE, after in _WHITESPACE
    left = not (next_space or (next_punct and not (last_space or last_punct)))
    right = not (last_space or (last_punct and not (next_space or next_punct)))
    if not underscore:
        return left, right
    return left and (not right or last_punct), right and (not left or next_punct)


class Delim:
    """One `*` or `_` of a delimiter run: its run's marker and length, its token's index, what it may do."""

    __slots__ = ("can_close", "can_open", "end", "length", "marker", "token")

    def __init__(self, marker: str, length: int, token: int, can_open: bool, can_close: bool) -> None:
        self.marker, self.length, self.token = marker, length, token
        self.can_open, self.can_close = can_open, can_close
        self.end = -1  # the index of the closer it pairs with (for an opener)


def pair_delimiters(delims: list[Delim]) -> list[int]:
    """The tokens of the delimiters that pair up (markdown-it's balance_pairs, rule of three included).

    A paired delimiter becomes an emphasis tag, or an empty text beside a strong one: its character
    leaves the text. Jumps skip over closed runs, so the pass stays linear.
    """
    bottoms: dict[str, list[int]] = {}
    jumps: list[int] = []
    header, last_token = 0, -2
    for index, closer in enumerate(delims):
        jumps.append(0)
        if delims[header].marker != closer.marker or last_token != closer.token - 1:
            header = index
        last_token = closer.token
        if not closer.can_close:
            continue
        bottom = bottoms.setdefault(closer.marker, [-1] * 6)
        lowest = bottom[(3 if closer.can_open else 0) + closer.length % 3]
        at = header - jumps[header] - 1
        new_lowest = at
        while at > lowest:
            opener = delims[at]
            if opener.marker == closer.marker and opener.can_open and opener.end < 0:
                odd = (
                    (opener.can_close or closer.can_open)
                    and (opener.length + closer.length) % 3 == 0
                    and (opener.length % 3 != 0 or closer.length % 3 != 0)
                )
                if not odd:
                    jump = jumps[at - 1] + 1 if at > 0 and not delims[at - 1].can_open else 0
                    jumps[index] = index - at + jump
                    jumps[at] = jump
                    closer.can_open = opener.can_close = False
                    opener.end = index
                    new_lowest = -1
                    last_token = -2
                    break
            at -= jumps[at] + 1
        if new_lowest != -1:
            bottom[(3 if closer.can_open else 0) + closer.length % 3] = new_lowest
    paired: list[int] = []
    for delim in delims:
        if delim.end >= 0:
            paired.append(delim.token)
            paired.append(delims[delim.end].token)
    return paired
