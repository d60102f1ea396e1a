"""Records (skillkit/record.py): value semantics, pickling, and every record's `__init__` taking its slots in order."""

from __future__ import annotations

import importlib
import inspect
import pickle
import pkgutil

import pytest

import skillkit
from skillkit.record import Record


class Point(Record):
    __slots__ = ("x", "y", "label")

    def __init__(self, x: int, y: int, label: str = "") -> None:
        self.x = x
        self.y = y
        self.label = label


class Other(Record):
    __slots__ = ("x", "y", "label")

    def __init__(self, x: int, y: int, label: str = "") -> None:
        self.x = x
        self.y = y
        self.label = label


def test_a_record_is_a_value() -> None:
    a, b = Point(1, 2), Point(1, 2, "")
    assert a == b and hash(a) == hash(b) and len({a, b}) == 1
    assert a != Point(1, 3) and a != Other(1, 2)  # another class with the same fields is another value
    assert repr(Point(1, 2, "p")) == "Point(x=1, y=2, label='p')"
    assert pickle.loads(pickle.dumps(Point(3, 4, "q"))) == Point(3, 4, "q")


def all_records() -> list[type[Record]]:
    for info in pkgutil.walk_packages(skillkit.__path__, "skillkit."):
        if not info.name.startswith(("skillkit.lsp", "skillkit.__main__")):  # the server needs the lsp extra
            importlib.import_module(info.name)
    found: list[type[Record]] = []
    todo = list(Record.__subclasses__())
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo.extend(cls.__subclasses__())
    return [c for c in found if c.__module__.startswith("skillkit.")]


@pytest.mark.parametrize("cls", all_records(), ids=lambda c: f"{c.__module__}.{c.__qualname__}")
def test_init_takes_the_slots_in_order(cls: type[Record]) -> None:
    """Pickling (a worker's results to the parent) rebuilds a record as `cls(*values)`: the order must agree."""
    params = [p.name for p in inspect.signature(cls).parameters.values()]
    assert params == list(cls.__slots__)
