"""Value records: equality, hashing, repr and pickling worked out from a class's `__slots__`.

Why not dataclasses: a one-skill run (the pre-commit case) spent about 30 ms of its 65 on them, 12 ms importing
`dataclasses` (which pulls in inspect, ast, dis and tokenize) and 0.2-0.7 ms building each of the 43 classes
it needs (the generated methods are compiled from source text at import). A record here is a plain class, which
mypyc compiles to a native class with a compiled `__init__`, and costs a few microseconds to create.

A record lists its fields once in `__slots__`, in the order its `__init__` takes them positionally:
pickling rebuilds it as `cls(*values)` and tests/base/test_record.py holds every record to that order.
Fields meant not to change are annotated `Final` where `__init__` sets them, so mypy refuses an assignment.
"""

from __future__ import annotations

from typing import ClassVar, Self, TypeVar

R = TypeVar("R", bound="Record")


class Record:
    """A value: equal to a record of the same class with equal fields, hashed and shown by its fields."""

    __slots__: ClassVar[tuple[str, ...]] = ()

    def values(self) -> tuple[object, ...]:
        return tuple([getattr(self, name) for name in self.__slots__])

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, Record)
        return self.values() == other.values()

    def __hash__(self) -> int:
        return hash(self.values())

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"{type(self).__qualname__}({shown})"

    def replaced(self, **changes: object) -> Self:
        """A copy with some fields changed, every other field carried over (a field added later included); an
        unknown name is a TypeError from `__init__`."""
        fields = {name: getattr(self, name) for name in self.__slots__}
        fields.update(changes)
        return type(self)(**fields)

    def __reduce__(self) -> tuple[type[Record], tuple[object, ...]]:
        return (type(self), self.values())
