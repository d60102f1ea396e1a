"""Records (skillkit/record.py): value semantics, pickling, and every record's `__init__` taking its slots in order."""

from __future__ import annotations

import ast
import importlib
import pickle
import pkgutil
from pathlib import Path

import pytest

import skillkit
from skillkit.edits import Edit, Fix
from skillkit.record import Record

ROOT = Path(__file__).resolve().parents[2]


def test_a_record_is_a_value() -> None:
    # Real records: a record class must be compiled when its base is (see setup.py), so a test cannot define one.
    a, b = Edit("f", 1, 2, "x"), Edit("f", 1, 2, "x")
    assert a == b and hash(a) == hash(b) and len({a, b}) == 1
    assert a != Edit("f", 1, 3, "x") and a != Fix("x", (a,)) and Fix("x", (a,)) == Fix("x", (b,), True)
    assert repr(a) == "Edit(file='f', start=1, end=2, text='x')"
    assert pickle.loads(pickle.dumps(Fix("d", (a,), False))) == Fix("d", (a,), False)


def test_replaced_changes_what_it_is_given_and_keeps_the_rest() -> None:
    fix = Fix("d", (Edit("f", 1, 2, "x"),), safe=True)
    assert fix.replaced(safe=False) == Fix("d", (Edit("f", 1, 2, "x"),), False)
    assert fix.replaced() == fix and fix.replaced() is not fix
    with pytest.raises(TypeError):
        fix.replaced(saef=False)


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
    # From the source: a compiled class has no signature when a default is more than a literal.
    tree = ast.parse((ROOT / (cls.__module__.replace(".", "/") + ".py")).read_text(encoding="utf-8"))
    [node] = [n for n in ast.walk(tree) if isinstance(n, ast.ClassDef) and n.name == cls.__name__]
    [init] = [n for n in node.body if isinstance(n, ast.FunctionDef) and n.name == "__init__"]
    params = [a.arg for a in init.args.posonlyargs + init.args.args + init.args.kwonlyargs][1:]
    assert params == list(cls.__slots__)


@pytest.mark.parametrize("cls", all_records(), ids=lambda c: f"{c.__module__}.{c.__qualname__}")
def test_every_record_is_compiled(cls: type[Record]) -> None:
    """A compiled build refuses a class that is not compiled as a subclass of the compiled Record, at import."""
    path = cls.__module__.replace(".", "/") + ".py"
    assert f'"{path}"' in (ROOT / "setup.py").read_text(encoding="utf-8") or path.startswith("skillkit/rules/"), path


def test_records_are_found() -> None:
    assert len(all_records()) >= 45
