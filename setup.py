"""Build hook: pure Python by default; the per-skill hot path compiled with mypyc when SKILLKIT_USE_MYPYC=1.

Everything else about the package lives in pyproject.toml. This follows black's convention: a source install
(`pip install .`, an sdist, the pre-commit hook) is pure Python and takes seconds; the release workflow sets
SKILLKIT_USE_MYPYC=1 under cibuildwheel to build the compiled wheels, and anyone can do the same at install
(`SKILLKIT_USE_MYPYC=1 pip install .`: about a minute of compiling on 2 cores). The compiled modules are the same
source files: the pure-Python install behaves identically, only slower (tests/system/test_compiled.py compares the two).
Asked for, compiling must succeed: a missing C compiler or a mypyc error fails the build instead of falling back.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from setuptools import Extension, setup
from setuptools.command.build import build
from setuptools.command.build_ext import build_ext

# What a skill's check runs through, once per skill: parsing, the Markdown scanner, the rules and the upload walk;
# and every module that defines a record (skillkit/record.py): Python refuses a class that is not compiled as a
# subclass of a compiled one; and the text reporter, which formats every finding in the parent process while the
# workers check. Not here: the rest of the CLI and the reporters (once per run), and modules with a module-level
# __getattr__.
HOT = [
    "skillkit/record.py",
    "skillkit/lazy_pattern.py",
    "skillkit/recent.py",
    "skillkit/diagnostics.py",
    "skillkit/edits.py",
    "skillkit/results.py",
    "skillkit/cli/validate.py",
    "skillkit/config/options.py",
    "skillkit/config/settings.py",
    "skillkit/discovery/jsonpos.py",
    "skillkit/discovery/listing.py",
    "skillkit/discovery/manifests.py",
    "skillkit/discovery/plugins.py",
    "skillkit/discovery/repo.py",
    "skillkit/discovery/scopes.py",
    "skillkit/discovery/sources.py",
    "skillkit/document/place.py",
    "skillkit/engine/zipskill.py",
    "skillkit/upload/ignore.py",
    "skillkit/upload/layout.py",
    "skillkit/upload/archives.py",
    "skillkit/upload/walk.py",
    "skillkit/wildmatch/pattern.py",
    "skillkit/wildmatch/patternlist.py",
    "skillkit/document/elsewhere.py",
    "skillkit/schema/targets.py",
    "skillkit/schema/shape.py",
    "skillkit/words.py",
    "skillkit/reporters/text.py",
    "skillkit/engine/findings.py",
    "skillkit/engine/skill.py",
    "skillkit/document/fences.py",
    "skillkit/document/files.py",
    "skillkit/document/skill.py",
    "skillkit/findtext.py",
    "skillkit/document/frontmatter.py",
    "skillkit/content/hiddentext.py",
    "skillkit/content/languages.py",
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
    "skillkit/shown.py",
    "skillkit/document/refs.py",
    "skillkit/document/refparse.py",
    "skillkit/document/refscan.py",
    "skillkit/content/secrets.py",
    "skillkit/document/suppression.py",
    "skillkit/document/yamlsimple.py",
    *sorted(f"skillkit/rules/{name}" for name in os.listdir("skillkit/rules") if name.endswith(".py") and name != "__init__.py"),
]


USE_MYPYC = os.environ.get("SKILLKIT_USE_MYPYC") == "1"  # the opt-in, read at build time only
MYPY = "mypy==2.4.1"  # the mypyc that compiles the hot path: a build requirement only when compiling
# Commands that build code; the others (egg_info, dist_info, sdist) only need metadata or the sources, and running
# mypyc for them (about 20 s each) would only slow down pip, which calls setup.py three times per build.
BUILDS = {"build", "build_ext", "bdist_wheel", "editable_wheel", "develop", "install", "bdist"}


def mypyc_missing() -> bool:
    import importlib.util

    return importlib.util.find_spec("mypyc") is None


def compiled() -> list[Extension]:
    if not USE_MYPYC or not BUILDS & set(sys.argv[1:]):
        return []
    if mypyc_missing():
        sys.exit(f"skillkit: SKILLKIT_USE_MYPYC=1 needs {MYPY} in the build environment (pip and `python -m build` install it)")
    from mypyc.build import mypycify

    print("skillkit: compiling the hot path with mypyc (SKILLKIT_USE_MYPYC=1): about a minute on 2 cores", file=sys.stderr)
    # multi_file: one C file per module, which ParallelBuildExt compiles on every core.
    return mypycify(HOT, opt_level="3", group_name="skillkit", multi_file=True)


class ParallelBuildExt(build_ext):
    """Compile an extension's C files side by side: mypyc's group is one extension of ~30 files, which
    setuptools compiles one after another (build_ext's --parallel only spreads whole extensions)."""

    def build_extension(self, ext: Extension) -> None:
        if not getattr(self.compiler, "initialized", True):
            self.compiler.initialize()  # MSVC sets itself up in its first compile(): once here, not in every thread
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


class CleanBuild(build):
    """`build`, first dropping from build/lib what this build will not write there: compiled modules it does not
    compile (all of them in a pure build; another HOT list's) and copies of sources since deleted. setuptools leaves
    them, `pip install .` (which builds in the tree) installs them, and Python imports a stale compiled module before
    the newer .py beside it: a pure install of a once-compiled checkout ran old code."""

    def run(self) -> None:
        ext = self.get_finalized_command("build_ext")
        keep = {os.path.abspath(ext.get_ext_fullpath(e.name)) for e in self.distribution.ext_modules or []}
        lib = os.path.abspath(self.build_lib)
        here = os.path.dirname(os.path.abspath(__file__))
        for folder, _, names in os.walk(lib):
            for name in names:
                path = os.path.join(folder, name)
                native = name.endswith((".so", ".pyd"))
                if (native and path not in keep) or (name.endswith(".py") and not os.path.exists(os.path.join(here, os.path.relpath(path, lib)))):
                    os.remove(path)
        super().run()


# setup_requires is how a setuptools build asks for more build requirements (PEP 517's get_requires_for_build_*):
# mypy is fetched into the isolated build environment only when compiling.
setup(
    ext_modules=compiled(),
    cmdclass={"build": CleanBuild, "build_ext": ParallelBuildExt},
    setup_requires=[MYPY] if USE_MYPYC and mypyc_missing() else [],
)
