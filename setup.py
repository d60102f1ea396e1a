"""Build hook: compile the per-skill hot path with mypyc where a C compiler is present; pure Python otherwise.

Everything else about the package lives in pyproject.toml. The compiled modules are the same source files:
the pure-Python install behaves identically, only slower (tests/test_compiled.py compares the two).
Set SKILLKIT_PURE_PYTHON=1 to skip compiling.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

# What a skill's check runs through, once per skill: parsing, the Markdown scanner and the rules. Not here:
# diagnostics.py (its frozen dataclasses travel between processes by pickle, which mypyc's do not support),
# the CLI, reporters and discovery (once per run), and modules with a module-level __getattr__.
HOT = [
    "skillkit/engine/findings.py",
    "skillkit/engine/skill.py",
    "skillkit/document/fences.py",
    "skillkit/document/files.py",
    "skillkit/document/skill.py",
    "skillkit/findtext.py",
    "skillkit/document/frontmatter.py",
    "skillkit/content/hiddentext.py",
    "skillkit/document/markdown.py",
    "skillkit/markdown/rows.py",
    "skillkit/markdown/parse.py",
    "skillkit/markdown/parsed.py",
    "skillkit/markdown/scan.py",
    "skillkit/markdown/scan_blocks.py",
    "skillkit/markdown/scan_html.py",
    "skillkit/markdown/scan_inline.py",
    "skillkit/markdown/scan_leaf.py",
    "skillkit/markdown/scan_links.py",
    "skillkit/markdown/scan_quote.py",
    "skillkit/markdown/scan_spans.py",
    "skillkit/markdown/scan_state.py",
    "skillkit/markdown/scan_text.py",
    "skillkit/markdown/tokens.py",
    "skillkit/paths.py",
    "skillkit/document/refs.py",
    "skillkit/content/secrets.py",
    "skillkit/document/suppression.py",
    "skillkit/document/yamlsimple.py",
    *sorted(f"skillkit/rules/{name}" for name in os.listdir("skillkit/rules") if name.endswith(".py") and name != "__init__.py"),
]


def compiled() -> list[Extension]:
    if os.environ.get("SKILLKIT_PURE_PYTHON"):
        return []
    try:
        from mypyc.build import mypycify

        # multi_file: one C file per module, which ParallelBuildExt compiles on every core.
        extensions = mypycify(HOT, opt_level="3", group_name="skillkit", multi_file=True)
    except (SystemExit, Exception) as exc:  # noqa: BLE001 - any failure here means: install pure Python
        print(f"skillkit: not compiling with mypyc ({type(exc).__name__}: {exc}); installing pure Python", file=sys.stderr)
        return []
    for extension in extensions:
        extension.optional = True  # no C compiler: setuptools warns and installs the pure-Python modules
    return extensions


class ParallelBuildExt(build_ext):
    """Compile an extension's C files side by side: mypyc's group is one extension of ~30 files, which
    setuptools compiles one after another (build_ext's --parallel only spreads whole extensions)."""

    def build_extension(self, ext: Extension) -> None:
        serial: Callable[..., list[str]] = self.compiler.compile

        def compile_each(sources: list[str], *args: Any, **kwargs: Any) -> list[str]:
            if len(sources) < 2:
                return serial(sources, *args, **kwargs)
            with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
                parts = list(pool.map(lambda source: serial([source], *args, **kwargs), sources))
            return [obj for part in parts for obj in part]

        self.compiler.compile = compile_each  # type: ignore[method-assign]
        try:
            super().build_extension(ext)
        finally:
            del self.compiler.compile
        # An edit that changes no generated C (a comment) leaves the module "up to date" and its time old; the
        # build is current all the same, so say so, or build_mode would take the sources for stale forever.
        built = self.get_ext_fullpath(ext.name)
        if os.path.exists(built):
            os.utime(built)


setup(ext_modules=compiled(), cmdclass={"build_ext": ParallelBuildExt})
