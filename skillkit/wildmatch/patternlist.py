"""A list of gitignore patterns in file order: the last that matches a path decides, found through an index of a
literal each pattern needs, and remembered per name where a name alone decides."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Final

from skillkit.wildmatch.pattern import (
    HEAD,
    NAME,
    NAME_PREFIX,
    NAME_SUFFIX,
    Glob,
    encode,
)

MAX_REMEMBERED: Final = 1 << 14  # names whose decision a pattern list keeps, in each of its four tables


class GlobList:
    """Patterns in file order (the last that matches decides), indexed by a literal each needs, so a path meets few."""

    __slots__ = ("_decided", "_general", "_index", "globs")

    def __init__(self, globs: Iterable[Glob]) -> None:
        self.globs = tuple(globs)
        by_key: dict[tuple[int, int], dict[bytes, list[int]]] = {}
        general: list[int] = []
        for i, glob in enumerate(self.globs):
            if glob.key is None:
                general.append(i)
            else:  # prefixes and suffixes are looked up once for each length in use
                kind, literal = glob.key
                size = len(literal) if kind in (NAME_PREFIX, NAME_SUFFIX) else -1
                by_key.setdefault((kind, size), {}).setdefault(literal, []).append(i)
        # Lists newest first: the first hit in each is the best it has.
        self._index = [(kind, size, {k: v[::-1] for k, v in d.items()}) for (kind, size), d in sorted(by_key.items())]
        self._general = general[::-1]
        # Decisions by last name, one table for each of (nested file, nested folder, top file, top folder), when the
        # patterns allow it: skills are mostly named alike (SKILL.md, README.md, scripts/), so most paths are met before.
        self._decided: tuple[dict[str, int], ...] | None = None
        if all(glob.one_name for glob in self.globs):
            self._decided = ({}, {}, {}, {})

    def __reduce__(self) -> tuple[type[GlobList], tuple[tuple[Glob, ...]]]:
        # Compiled (mypyc), the class has no pickling of its own: its patterns, indexed again (the tables are caches).
        return (type(self), (self.globs,))

    def decide(self, path: str, is_dir: bool) -> int:
        """Which pattern (by position) matches the path itself last, its folders aside, negated or not; -1 if none."""
        tables = self._decided
        if tables is None:
            return self._decide(path, is_dir)
        cut = path.rfind("/")
        return self._remembered(tables, path, path[cut + 1 :], is_dir, cut < 0)

    def _remembered(self, tables: tuple[dict[str, int], ...], path: str, name: str, is_dir: bool, top: bool) -> int:
        decided = tables[2 * top + is_dir]
        found = decided.get(name)
        if found is None:
            found = self._decide(path, is_dir)
            if len(decided) < MAX_REMEMBERED:
                decided[name] = found
        return found

    def _decide(self, path: str, is_dir: bool) -> int:
        raw = encode(path)
        globs = self.globs
        return self._pick(raw, raw[raw.rfind(b"/") + 1 :], lambda k, _: globs[k].match(raw, is_dir), 0)

    def excluded(self, path: str, is_dir: bool) -> bool:
        """Whether the path itself is excluded, its folders aside (a walk that skips excluded folders needs no more)."""
        found = self.decide(path, is_dir)
        return found >= 0 and not self.globs[found].negated

    def excluded_prefix(self, path: str, is_dir: bool = False) -> int:
        """How many leading names of `path` make the first excluded folder (or the path itself); 0 when none is.

        As in git, nothing inside an excluded folder can be re-included. Each pattern reads the path once.
        """
        tables = self._decided
        if tables is not None:
            parts = path.split("/")
            last = len(parts) - 1
            for j, part in enumerate(parts):
                found = self._remembered(tables, "/".join(parts[: j + 1]) if j else part, part, is_dir or j < last, j == 0)
                if found >= 0 and not self.globs[found].negated:
                    return j + 1
            return 0
        raw = encode(path)
        globs = self.globs
        masks: dict[int, int] = {}

        def hit(k: int, j: int) -> bool:
            mask = masks.get(k)
            if mask is None:
                mask = masks[k] = globs[k].prefixes(raw, is_dir)
            return mask >> j & 1 == 1

        for j, name in enumerate(raw.split(b"/")):
            i = self._pick(raw, name, hit, j)
            if i >= 0 and not globs[i].negated:
                return j + 1
        return 0

    def _pick(self, path: bytes, name: bytes, hit: Callable[[int, int], bool], j: int) -> int:
        """The highest-numbered pattern that hits, trying only those whose literal fits `name` or the path's first name."""
        lists = []
        for kind, size, by_literal in self._index:
            if kind == NAME:
                key = name
            elif kind == HEAD:
                key = path.partition(b"/")[0]
            elif size > len(name):
                continue
            else:
                key = name[:size] if kind == NAME_PREFIX else name[len(name) - size :]
            found = by_literal.get(key)
            if found:
                lists.append(found)
        best = -1
        for candidates in (*lists, self._general):
            for k in candidates:
                if k <= best:
                    break
                if hit(k, j):
                    best = k
                    break
        return best
