"""Whether a text names a file: by path, file name or Python module name, in any case, through an index of the text."""

from __future__ import annotations

import bisect
import posixpath
import re
from typing import Final

from skillkit.recent import Recent


def folded(text: str) -> str:
    """`text.lower()` as far as an ASCII name can tell: ASCII letters lowered, every other character kept.

    Lowering a long non-ASCII text goes character by character and cost ~5% of a real-skill run; the UTF-8 bytes
    lower in one table pass. Only two characters lower to text holding an ASCII letter (the Kelvin sign to `k`, the
    dotted capital I to `i` and a combining dot): a text with either takes the full lowering.
    """
    if text.isascii() or "\u212a" in text or "\u0130" in text:
        return text.lower()
    return text.encode("utf-8", "surrogatepass").lower().decode("utf-8", "surrogatepass")


def ascii_folds(raw: bytes) -> bool:
    """Whether no character of the UTF-8 bytes lowers to an ASCII letter but the ASCII letters (see `folded`)."""
    return b"\xe2\x84\xaa" not in raw and b"\xc4\xb0" not in raw  # the Kelvin sign, the dotted capital I


def named(text: str, rel: str) -> bool:
    mentions = _mentions(text)
    name = posixpath.basename(rel)
    if mentions.has(rel) or mentions.has(name):
        return True
    # Python modules are named as `core.gif_builder` or `from core import gif_builder`.
    stem, ext = posixpath.splitext(rel)
    return ext == ".py" and "/" in stem and mentions.has(stem.replace("/", "."))


# Characters of the runs a text is indexed by: a name made only of these lies inside one run wherever it occurs.
_RUN_CHARS: Final = r"\w.\-/@+~"
_RUN_RE: Final = re.compile(f"[{_RUN_CHARS}]+")
MAX_RUN: Final = 64  # longer runs (URLs, base64) are searched as text, not indexed by their suffixes
PLAIN_ASKS: Final = 64  # names looked up in a text by plain search before it is indexed


class _Index:
    """Every suffix of every distinct run of path characters of a text, sorted: a name made of path characters is
    in the text exactly when it starts one of them, found in log time."""

    __slots__ = ("long", "suffixes")

    def __init__(self, text: str) -> None:
        runs = set(_RUN_RE.findall(text))
        self.long = "\n".join(r for r in runs if len(r) > MAX_RUN)  # "\n" is no path character: no match across runs
        self.suffixes = sorted({r[i:] for r in runs if len(r) <= MAX_RUN for i in range(len(r))})

    def has(self, name: str) -> bool:
        at = bisect.bisect_left(self.suffixes, name)
        if at < len(self.suffixes) and self.suffixes[at].startswith(name):
            return True
        return name in self.long


class _Mentions:
    """`name in text`, by plain search for the first PLAIN_ASKS names, then through an `_Index` of the text: searching
    the whole text once per file made a skill of 4,000 files named in 4,000 lines quadratic."""

    __slots__ = ("asks", "index", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.asks = 0
        self.index: _Index | None = None

    def has(self, name: str) -> bool:
        if not name or _RUN_RE.fullmatch(name) is None:
            return name in self.text
        if self.index is None:
            self.asks += 1
            if self.asks <= PLAIN_ASKS or len(self.text) < PLAIN_ASKS * MAX_RUN:
                return name in self.text
            self.index = _Index(self.text)
        return self.index.has(name)


# The texts last asked, each asked once per file of the skill.
RECENT_TEXTS: Final = 8
_mentions: Final = Recent(_Mentions, RECENT_TEXTS)


_PATH_CHARS: Final = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-/")


def dir_named(text: str, folder: str) -> bool:
    """A folder is named as `folder/` or `folder/*` (not as the start of a longer path), `` `folder` `` or `./folder`."""
    if not _mentions(text).has(folder):
        return False
    if f"`{folder}`" in text or f"`{folder}/`" in text:
        return True
    for needle, tail in ((folder + "/", _PATH_CHARS - {"/"}), ("./" + folder, _PATH_CHARS)):
        at = text.find(needle)
        while at >= 0:
            start = at - 2 if needle[0] != "." and text[max(at - 2, 0) : at] == "./" else at
            before = text[start - 1] if start > 0 else " "
            end = at + len(needle)
            after = text[end] if end < len(text) else " "
            if (needle[0] == "." or before not in _PATH_CHARS) and after not in tail:
                return True
            at = text.find(needle, at + 1)
    return False
