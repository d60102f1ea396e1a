"""One gitignore pattern (wildmatch semantics), compiled once into a small NFA matched in time linear in the path."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Final

_SLASH: Final = 0x2F
_BACKSLASH: Final = 0x5C

# What a pattern is made of: one byte from a set, `*` (never '/'), a `**` that crosses '/' too, and `**/` (any run of
# whole folders, none included).
_ONE, _STARS, _ANYTHING, _FOLDERS = range(4)
_Item = tuple[int, frozenset[int]]
_NOT_SLASH: Final = frozenset(range(256)) - {_SLASH}

# What an index key asks of a path: its last name is, starts with or ends with a literal, or its first name is one.
NAME, NAME_PREFIX, NAME_SUFFIX, HEAD = range(4)


def _span(*spans: str) -> frozenset[int]:
    return frozenset(b for span in spans for b in range(ord(span[0]), ord(span[-1]) + 1))


# Git's own ASCII-only ctype, whatever the locale (checked against git: [[:space:]] has no \v or \f).
_ALNUM, _GRAPH = _span("09", "AZ", "az"), _span("!~")
_POSIX: Final = {
    b"alnum": _ALNUM, b"alpha": _span("AZ", "az"), b"blank": _span("\t", " "), b"cntrl": _span("\x00\x1f", "\x7f"),
    b"digit": _span("09"), b"graph": _GRAPH, b"lower": _span("az"), b"print": _GRAPH | {0x20}, b"punct": _GRAPH - _ALNUM,
    b"space": _span("\t\n", "\r", " "), b"upper": _span("AZ"), b"xdigit": _span("09", "AF", "af"),
}


def encode(text: str) -> bytes:
    """A path or pattern as the bytes git compares (UTF-8; names os.fsdecode made from other bytes get those back)."""
    try:
        return text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogatepass")


def compile_line(line: str) -> Glob | None:
    """One .gitignore line as a Glob; None for a blank line or a `#` comment. Never raises: odd lines do as in git."""
    text = line.removesuffix("\n").removesuffix("\r")
    if text.startswith("#"):  # git tests for a comment before it trims trailing spaces
        return None
    text = _trim_trailing_spaces(text)
    return Glob(line, text) if text else None


def _trim_trailing_spaces(text: str) -> str:
    stripped = text.rstrip(" ")
    if len(stripped) == len(text):
        return text
    backslashes = len(stripped) - len(stripped.rstrip("\\"))
    return stripped + " " if backslashes % 2 else stripped  # an odd run of `\` escapes the first space


class Glob:
    """One compiled gitignore pattern: `!` negation, folders-only, anchoring, and the items its NFA is built from."""

    __slots__ = ("_items", "_literal", "_never", "_nfa", "basename", "dir_only", "key", "negated", "one_name", "source")

    def __init__(self, source: str, text: str) -> None:
        self.source = source
        self.negated = text.startswith("!")
        text = text[1:] if self.negated else text
        self.dir_only = text.endswith("/")  # git looks at the last byte only: `a\/` is a folder pattern ending in `\`
        text = text[:-1] if self.dir_only else text
        # Without a '/' a pattern matches a path's last name at any depth; with one, the whole path from the base.
        self.basename = "/" not in text
        raw = encode(text if self.basename or not text.startswith("/") else text[1:])
        items = _parse(raw, not self.basename) if raw else None
        # None: an empty pattern, a trailing backslash, an unclosed `[` or an unknown [:class:], which git never matches
        self._never = items is None
        self._items: tuple[_Item, ...] = tuple(items or ())
        self._nfa: _Nfa | None = None
        self.key = _index_key(self._items) if items else None
        plain = items is not None and all(kind == _ONE and len(accepted) == 1 for kind, accepted in items)
        self._literal = bytes(min(accepted) for _, accepted in self._items) if plain else None  # compared, never run
        # Whether a path's last name alone decides a match (an anchored pattern without '/' or `**` can only match a
        # top-level name): then so does whether the path is a folder and at the top, and nothing else.
        self.one_name = self.basename or not any(kind in (_ANYTHING, _FOLDERS) or accepted == {_SLASH} for kind, accepted in self._items)

    def __repr__(self) -> str:
        return f"Glob({self.source!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Glob) and other.source == self.source

    def __hash__(self) -> int:
        return hash(self.source)

    def __reduce__(self) -> tuple[Callable[[str], Glob | None], tuple[str]]:
        # Compiled (mypyc), the class has no pickling of its own: a Glob is its line compiled again.
        return (compile_line, (self.source,))

    def match(self, path: bytes, is_dir: bool) -> bool:
        """Whether this pattern matches `path` ('/'-separated, relative to the base), its parent folders aside."""
        if self.dir_only and not is_dir:
            return False
        return self._whole(path[path.rfind(b"/") + 1 :] if self.basename else path)

    def prefixes(self, path: bytes, is_dir: bool) -> int:
        """Bit j set when the path's first j+1 names match (all but the last are folders): one pass for every parent."""
        if self._never:
            return 0
        if self.basename:
            bits = sum(1 << j for j, name in enumerate(path.split(b"/")) if self._whole(name))
        elif self._literal is not None:
            n = len(self._literal)
            fits = path.startswith(self._literal) and (len(path) == n or path[n] == _SLASH)
            bits = 1 << self._literal.count(b"/") if fits else 0
        else:
            bits = self._run(path, True)
        return bits if is_dir or not self.dir_only else bits & ~(1 << path.count(b"/"))

    def _whole(self, text: bytes) -> bool:
        if self._literal is not None:
            return text == self._literal
        return not self._never and self._run(text, False) != 0

    def _run(self, text: bytes, marks: bool) -> int:
        """Run the NFA over `text`, every state at once as bits of an int; bit j: matched at the j-th '/' (or the end)."""
        nfa = self._nfa or self._build()
        table, other, loop_slash, loop_other, accept = nfa.table, nfa.other, nfa.loop_slash, nfa.loop_other, nfa.accept
        state, found, bit = nfa.start, 0, 1
        for c in text:
            if c == _SLASH:
                if marks and state & accept:
                    found |= bit
                bit <<= 1
                state = ((state & table.get(c, other)) << 1) | (state & loop_slash)
            else:
                state = ((state & table.get(c, other)) << 1) | (state & loop_other)
            if not state:
                return found
            state = nfa.close(state)
        return found | bit if state & accept else found

    def _build(self) -> _Nfa:
        self._nfa = _Nfa(self._items)
        return self._nfa


class _Nfa:
    """Shift-and tables: bit k of a state means 'the first k slots matched'. No backtracking, so no blow-up."""

    __slots__ = ("accept", "depth", "eps", "loop_other", "loop_slash", "other", "skip", "start", "table")

    def __init__(self, items: Iterable[_Item]) -> None:
        sets: list[tuple[int, frozenset[int]]] = []  # (slot, the bytes that move it on)
        self.loop_slash = self.loop_other = self.eps = self.skip = 0
        k = 0
        for kind, accepted in items:
            if kind == _ONE:
                sets.append((k, accepted))
            elif kind == _FOLDERS:  # a junction that may skip the rest, then a `**` and the '/' that ends it
                self.skip |= 1 << k
                self.eps |= 3 << k
                self.loop_slash |= 2 << k
                self.loop_other |= 2 << k
                sets.append((k + 2, frozenset({_SLASH})))
                k += 2
            else:
                self.eps |= 1 << k
                self.loop_other |= 1 << k
                self.loop_slash |= (1 << k) if kind == _ANYTHING else 0
            k += 1
        self.accept = 1 << k
        # Big sets (`?`, `[!x]`) are stored as the bytes they refuse, so no table holds 256 entries per slot.
        keys = {b for _, s in sets for b in (s if len(s) < 128 else frozenset(range(256)) - s)} | {_SLASH}
        self.other = sum(1 << slot for slot, s in sets if len(s) >= 128)
        self.table = {b: sum(1 << slot for slot, s in sets if b in s) for b in keys}
        # The longest chain of empty moves: closing a state then takes that many passes, not a loop to a fixed point.
        chain = [0] * (k + 4)
        for slot in range(k - 1, -1, -1):
            if self.eps >> slot & 1:
                chain[slot] = 1 + max(chain[slot + 1], chain[slot + 3] if self.skip >> slot & 1 else 0)
        self.depth = max(chain)
        self.start = self.close(1)

    def close(self, state: int) -> int:
        for _ in range(self.depth):
            state |= ((state & self.eps) << 1) | ((state & self.skip) << 3)
        return state


def _parse(p: bytes, pathname: bool) -> list[_Item] | None:
    """The pattern's items, or None when git would match nothing (a trailing `\\`, an unclosed `[`, a bad class)."""
    n = len(p)
    # git compares the literal head of a path pattern itself before it calls wildmatch on the rest, so a `**` right after
    # that head counts as the start of a name: `a**/b` matches `ab` and `ax/y/b` (checked against git 2.39).
    head = next((i for i, c in enumerate(p) if c in b"*?[\\"), n)
    items: list[_Item] = []
    i = 0
    while i < n:
        c = p[i]
        if c == 0x2A:  # *
            j = i
            while j < n and p[j] == 0x2A:
                j += 1
            whole = (i == 0 or p[i - 1] == _SLASH or i == head) and (j == n or p[j] == _SLASH or p[j : j + 2] == b"\\/")
            if not (pathname and j - i > 1 and whole):
                items.append((_STARS, frozenset()))
            elif j < n and p[j] == _SLASH:
                j += 1
                if not (items and items[-1][0] in (_FOLDERS, _ANYTHING)):  # `**/**/` is `**/`
                    items.append((_FOLDERS, frozenset()))
            elif items and items[-1][0] == _FOLDERS:
                items[-1] = (_ANYTHING, frozenset())  # `**/**` is `**`
            else:
                items.append((_ANYTHING, frozenset()))
            i = j
            continue
        if c == 0x3F:  # ?
            accepted: frozenset[int] | None = _NOT_SLASH
        elif c == 0x5B:  # [
            accepted, i = _bracket(p, i)
        elif c == _BACKSLASH:
            i += 1
            accepted = frozenset({p[i]}) if i < n else None
        else:
            accepted = frozenset({c})
        if accepted is None:
            return None
        items.append((_ONE, accepted))
        i += 1
    return items


def _bracket(p: bytes, i: int) -> tuple[frozenset[int] | None, int]:
    """The bytes the `[...]` at p[i] accepts and the index of its `]`; None when git gives up on the whole pattern."""
    n, j = len(p), i + 1
    negate = j < n and p[j] in b"!^"
    j += 1 if negate else 0
    chosen: set[int] = set()
    prev, first = -1, True  # prev: the byte a `-` would start a range from; first: a `]` here is a member
    while j < n and (p[j] != 0x5D or first):
        first, c = False, p[j]
        if c == _BACKSLASH and j + 1 < n:
            j += 1
            prev = p[j]
            chosen.add(prev)
        elif c == 0x2D and prev >= 0 and j + 1 < n and p[j + 1] != 0x5D:  # a range
            j += 2 if p[j + 1] == _BACKSLASH else 1
            if j == n:
                return None, n
            chosen.update(range(prev, p[j] + 1))  # reversed (`[z-a]`): empty, and git still took its first byte
            prev = -1
        elif c == 0x5B and j + 1 < n and p[j + 1] == 0x3A:  # [:
            end = p.find(b"]", j + 2)
            if end < 0:
                return None, n
            if end == j + 2 or p[end - 1] != 0x3A:
                chosen.add(c)  # not a [:name:] after all: `[` is a member and the rest is read as usual
                prev = c
            else:
                named = _POSIX.get(p[j + 2 : end - 1])
                if named is None:
                    return None, n
                chosen.update(named)
                prev, j = -1, end
        elif c == _BACKSLASH:
            return None, n
        else:
            chosen.add(c)
            prev = c
        j += 1
    if j >= n:
        return None, n  # unclosed
    return (_NOT_SLASH - chosen if negate else frozenset(chosen) - {_SLASH}), j


def _index_key(items: tuple[_Item, ...]) -> tuple[int, bytes] | None:
    """A literal that a path's last name (or else its first) must be, start or end with for these items to match it."""
    seps = [k for k, (kind, accepted) in enumerate(items) if kind == _FOLDERS or accepted == {_SLASH}]
    start = seps[-1] + 1 if seps else 0
    plain = [kind == _ONE and len(accepted) == 1 for kind, accepted in items]
    # `**/` may match nothing, so only a '/' or the start before it makes the tail a whole name (`a**/b` matches `ab`).
    folders = bool(seps) and items[start - 1][0] == _FOLDERS
    named = not folders or (start < len(items) and (start == 1 or items[start - 2] == (_ONE, frozenset({_SLASH}))))
    if named and all(kind != _ANYTHING for kind, _ in items[start:]):
        lead = next((k for k in range(start, len(items)) if not plain[k]), len(items))
        trail = 1 + next((k for k in range(len(items) - 1, start - 1, -1) if not plain[k]), start - 1)
        if lead == len(items):
            return NAME, _literal(items[start:])
        if lead > start:
            return NAME_PREFIX, _literal(items[start:lead])
        if trail < len(items):
            return NAME_SUFFIX, _literal(items[trail:])
    if seps and items[seps[0]][0] == _ONE and seps[0] > 0 and all(plain[: seps[0]]):
        return HEAD, _literal(items[: seps[0]])  # `build/**`: the path's first name is `build`
    return None


def _literal(items: Iterable[_Item]) -> bytes:
    return bytes(min(accepted) for _, accepted in items)
