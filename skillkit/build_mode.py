"""Which build runs: the mypyc-compiled hot path, or the pure-Python sources (SKILLKIT_PURE_PYTHON, stale builds)."""

from __future__ import annotations

import os
import sys
from importlib.machinery import (
    BYTECODE_SUFFIXES,
    SOURCE_SUFFIXES,
    FileFinder,
    SourceFileLoader,
    SourcelessFileLoader,
)

PURE_ENV = "SKILLKIT_PURE_PYTHON"  # set (to anything) at run time: import the .py sources even where compiled ones exist
_PACKAGE = os.path.dirname(os.path.abspath(__file__))
# The package and its subpackages: every folder that may hold a compiled module.
_FOLDERS = (_PACKAGE, *sorted(entry.path for entry in os.scandir(_PACKAGE) if entry.is_dir() and os.path.exists(os.path.join(entry.path, "__init__.py"))))
_NATIVE = (".so", ".pyd")


def _stale() -> bool:
    """In a source checkout (an editable install), a compiled module older than the source it was built from.

    Only there: an installed wheel writes its .py and .so files in no set order, so their times say nothing.
    """
    root = os.path.dirname(_PACKAGE)
    if not os.path.exists(os.path.join(root, "setup.py")):
        return False
    # A module's .so is a small shim that a rebuild leaves alone; its code is in the group's library beside the package.
    with os.scandir(root) as listing:
        library = max((e.stat().st_mtime for e in listing if e.name.startswith("skillkit__mypyc") and e.name.endswith(_NATIVE)), default=0.0)
    for folder in _FOLDERS:
        with os.scandir(folder) as listing:
            entries = {entry.name: entry for entry in listing}
        for name, entry in entries.items():
            if name.endswith(_NATIVE):
                source = entries.get(name.split(".", 1)[0] + ".py")
                if source is not None and source.stat().st_mtime > max(entry.stat().st_mtime, library):
                    return True
    return False


def choose() -> None:
    """Before any submodule loads: read the package's .py files, not its compiled ones, when asked or when stale.

    Both builds are the same source, so the findings are the same; an edited checkout must never run the
    compiled copy of what it was before the edit.
    """
    if os.environ.get(PURE_ENV) or _stale():
        loaders = ((SourceFileLoader, SOURCE_SUFFIXES), (SourcelessFileLoader, BYTECODE_SUFFIXES))
        for folder in _FOLDERS:
            sys.path_importer_cache[folder] = FileFinder(folder, *loaders)


def compiled() -> bool:
    """True when the Markdown scanner (and with it the rest of the hot path) runs compiled."""
    import importlib.util  # the spec's file says which build, without importing through this layer

    spec = importlib.util.find_spec("skillkit.markdown.scan")
    return bool(spec and (spec.origin or "").endswith(_NATIVE))
