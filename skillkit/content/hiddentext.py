"""Characters that hide or reorder text: Trojan Source bidi controls, tag and variation-selector smuggling, invisible characters.

An ASCII text is skipped without a search and any other text costs one plain search; only the rare
hits are judged against their neighbours, so emoji ZWJ sequences, flag tag sequences, a leading
byte order mark and ZWNJ/ZWJ inside Arabic, Indic and other joining scripts are not reported.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from typing import Final

from skillkit.record import Record
from skillkit.words import counted

HIDDEN, INVISIBLE = "hidden", "invisible"  # the two severities: hidden-text (error) and invisible-char (warning)
PREVIEW_CHARS: Final = 60

_CANDIDATES: Final = (
    "(?P<bidi>[\u202a-\u202e\u2066-\u2069])"  # embeddings, overrides, isolates (not the LRM/RLM/ALM marks)
    "|(?P<tags>[\U000e0000-\U000e007f]+)"
    "|(?P<vs>[\ufe00-\ufe0f\U000e0100-\U000e01ef]{2,})"  # a character takes one variation selector, never a run
    "|(?P<inv>[\u00ad\u180e\u200b-\u200d\u2060-\u2064\ufeff]+)"
)
# The alternation above is slow on long non-ASCII texts: one plain search for any candidate character
# finds where to start it, stepping over the lone variation selectors that emoji carry (U+FE0F).
_ANY: Final = "[\u00ad\u180e\u200b-\u200d\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufe00-\ufe0f\ufeff\U000e0000-\U000e01ef]"
# The candidates' UTF-8 forms, searched in a file's bytes after its ASCII bytes are deleted: that leaves a few
# bytes to search instead of the whole text. Joining what the deletion brought together can only add hits.
_ANY_UTF8: Final = re.compile(
    rb"\xc2\xad|\xe1\xa0\x8e|\xe2\x80[\x8b-\x8d\xaa-\xae]|\xe2\x81[\xa0-\xa4\xa6-\xa9]"
    rb"|\xef\xb8[\x80-\x8f]|\xef\xbb\xbf|\xf3\xa0[\x80-\x87]"
)
# Where one is found, what `_first` stops at: a candidate other than a variation selector (U+E0000-U+E00FF, a
# superset of the tags), or a variation selector (U+E0100-U+E01FF: a superset) right before another. Emoji carry
# lone U+FE0F, which `_first` steps over: they no longer send a text (one in twenty-five) to its slower search.
# Deleting characters only brings characters together, so every pair the text holds is a pair here. It runs only
# where the first search hit: even with a fixed first byte in each alternative, the pairs make it twice as slow.
_VS_UTF8: Final = rb"(?:\xef\xb8[\x80-\x8f]|\xf3\xa0[\x84-\x87][\x80-\xbf])"
_HIT_UTF8: Final = re.compile(
    rb"\xc2\xad|\xe1\xa0\x8e|\xe2\x80[\x8b-\x8d\xaa-\xae]|\xe2\x81[\xa0-\xa4\xa6-\xa9]|\xef\xbb\xbf|\xf3\xa0[\x80-\x83]"
    rb"|\xef\xb8[\x80-\x8f]" + _VS_UTF8 + rb"|\xf3\xa0[\x84-\x87][\x80-\xbf]" + _VS_UTF8
)
_ASCII: Final = bytes(range(128))
_VARIATION_SELECTORS: Final = "[\ufe00-\ufe0f\U000e0100-\U000e01ef]"


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """(candidates, any candidate, variation selectors), compiled on first use: most texts are ASCII."""
    return re.compile(_CANDIDATES), re.compile(_ANY), re.compile(_VARIATION_SELECTORS)


_FLAG: Final = "\U0001f3f4"  # WAVING BLACK FLAG, the base of subdivision flags such as England's
_TAG_CANCEL: Final = "\U000e007f"
_JOINERS: Final = frozenset("\u200c\u200d\u180e")  # ZWNJ, ZWJ, Mongolian vowel separator


class Hidden(Record):
    """One reportable run: which rule kind, 0-based offset in the text, and the message."""

    __slots__ = ("kind", "offset", "message")

    def __init__(self, kind: str, offset: int, message: str) -> None:
        self.kind: Final = kind
        self.offset: Final = offset
        self.message: Final = message


def find(text: str) -> Iterator[Hidden]:
    """Every hidden or invisible run in `text` that no legitimate text needs."""
    if text.isascii():
        return
    start = _first(text)
    if start is None:
        return
    for m in _patterns()[0].finditer(text, start):
        found = _judge(m, text)
        if found is not None:
            yield found


def may_hold(raw: bytes) -> bool:
    """False when the UTF-8 bytes of a text hold nothing `_first` stops at, so `find` on it yields nothing."""
    rest = raw.translate(None, _ASCII)
    return _ANY_UTF8.search(rest) is not None and _HIT_UTF8.search(rest) is not None


def _first(text: str) -> int | None:
    """Where the first candidate is, or None; a variation selector counts only when another follows it."""
    _, any_candidate, selectors = _patterns()
    m = any_candidate.search(text)
    while m is not None:
        end = m.end()
        if not selectors.fullmatch(m.group()) or selectors.match(text, end):
            return m.start()
        m = any_candidate.search(text, end)
    return None


def in_name(name: str) -> str | None:
    """Why a file name hides or reorders text (`right-to-left override U+202E`), or None."""
    if name.isascii():
        return None
    for m in _patterns()[0].finditer(name):
        if _judge(m, name) is not None:
            return ", ".join(_label(c) for c in dict.fromkeys(m.group(0)))
    return None


def _judge(m: re.Match[str], text: str) -> Hidden | None:
    run, start = m.group(0), m.start()
    before = text[start - 1] if start else ""
    after = text[m.end()] if m.end() < len(text) else ""
    if m.group("bidi"):
        return Hidden(HIDDEN, start, f"bidirectional control {_label(run)} makes the text display in another order than Claude reads it (Trojan Source); remove it")
    if m.group("tags"):
        if before == _FLAG and _flag_tags(run):
            return None
        shown = _preview("".join(chr(ord(c) - 0xE0000) for c in run[: 4 * PREVIEW_CHARS] if "\U000e0020" <= c <= "\U000e007e"))
        what = f" spelling {shown}" if shown else ""
        return Hidden(HIDDEN, start, f"{_count(len(run), 'invisible tag character')} (U+E0000-U+E007F){what}: readers cannot see them, Claude reads them; remove them")
    if m.group("vs"):
        data = bytes(ord(c) - 0xFE00 if c <= "\ufe0f" else ord(c) - 0xE0100 + 16 for c in run[: 4 * PREVIEW_CHARS])
        shown = _preview(data.decode("utf-8", errors="replace"))
        what = f" encoding {shown}" if shown else ""
        return Hidden(HIDDEN, start, f"{len(run)} variation selectors in a row{what}: a character takes at most one, so they carry hidden data; remove them")
    if start == 0 and run[0] == "\ufeff":  # a byte order mark at the very start is an encoding signature
        run, start = run[1:], 1
        before = "\ufeff"
        if not run:
            return None
    if len(run) == 1 and run in _JOINERS and _joins(run, before, after):
        return None
    if run.strip(_ZWSP) == "" and (_cjk(before) or _cjk(after)):
        return None  # a line-break hint in CJK text, which has no spaces: it splits no word, command or code
    names = ", ".join(_label(c) for c in dict.fromkeys(run))
    if len(run) == 1:
        return Hidden(INVISIBLE, start, f"invisible character {names}; remove it, or write it as an escape if it is meant")
    return Hidden(INVISIBLE, start, f"{len(run)} invisible characters in a row: {names}; remove them")


_ZWSP: Final = "\u200b"


def _cjk(c: str) -> bool:
    """A Chinese, Japanese or Korean character or punctuation mark: scripts written without spaces between words."""
    if not c:
        return False
    o = ord(c)
    return (
        0x2E80 <= o <= 0x9FFF  # radicals, CJK symbols and punctuation, kana, Bopomofo, Hangul jamo, ideographs
        or 0xAC00 <= o <= 0xD7AF  # Hangul syllables
        or 0xF900 <= o <= 0xFAFF  # compatibility ideographs
        or 0xFE30 <= o <= 0xFE4F  # CJK compatibility forms
        or 0xFF00 <= o <= 0xFFEF  # half- and full-width forms
        or 0x20000 <= o <= 0x3FFFF  # ideograph extensions
    )


def _flag_tags(run: str) -> bool:
    # An emoji tag sequence (UTS #51): flag, 1-7 tag digits or lowercase tag letters, CANCEL TAG.
    spec = run[:-1]
    return run[-1] == _TAG_CANCEL and 1 <= len(spec) <= 7 and all("\U000e0030" <= c <= "\U000e0039" or "\U000e0061" <= c <= "\U000e007a" for c in spec)


def _joins(ch: str, before: str, after: str) -> bool:
    if ch == "\u200d" and _emoji(before) and _emoji(after):
        return True  # emoji ZWJ sequence: woman + ZWJ + laptop, heart + VS16 + ZWJ + fire
    # Joining scripts use them at word edges too (a Malayalam chillu, an Arabic final or initial form)
    return _script_letter(before) or _script_letter(after)


def _script_letter(c: str) -> bool:
    # Letters and marks past Latin, Greek, Cyrillic and Armenian: Hebrew, Arabic, Indic, Mongolian, CJK, ...
    return bool(c) and ord(c) >= 0x0590 and unicodedata.category(c)[0] in "LM"


def _emoji(c: str) -> bool:
    if not c:
        return False
    o = ord(c)
    return o == 0xFE0F or 0x1F000 <= o <= 0x1FAFF or unicodedata.category(c) == "So"


def _label(c: str) -> str:
    return f"U+{ord(c):04X} ({unicodedata.name(c, 'unnamed').lower()})"


def _preview(text: str) -> str:
    """A safe one-line quote of decoded hidden text: printable characters only, at most PREVIEW_CHARS."""
    clean = "".join(c if c.isprintable() else "?" for c in text).strip()
    if not clean.strip("?"):
        return ""
    cut = clean[:PREVIEW_CHARS] + ("\u2026" if len(clean) > PREVIEW_CHARS else "")
    return repr(cut)


def _count(n: int, noun: str) -> str:
    return counted(n, noun)
