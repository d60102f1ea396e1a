"""The values made for the last few objects asked about, each object known by identity, not by value."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class Recent(Generic[K, V]):
    """`make(key)` for the last `size` keys, newest first. A key is found by `is`: hashing a long text to look it
    up (as a cache by value does) cost as much as the work it saved. A kept key is held alive, so no other object
    can take its id while its value is kept."""

    __slots__ = ("_kept", "_make", "_size")

    def __init__(self, make: Callable[[K], V], size: int) -> None:
        self._make = make
        self._size = size
        self._kept: list[tuple[K, V]] = []

    def __call__(self, key: K) -> V:
        for known, value in self._kept:
            if known is key:
                return value
        made = self._make(key)
        self._kept.insert(0, (key, made))
        del self._kept[self._size :]
        return made
