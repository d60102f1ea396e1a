"""Path patterns for `exclude` and overrides: gitignore patterns (skillkit/wildmatch) over folders under the config."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from skillkit.wildmatch import Glob, GlobList, compile_line


def matches(patterns: Iterable[str], rel: str) -> bool:
    """True when git would exclude the folder `rel` or a folder above it, the last matching pattern deciding.

    `*` and `?` stay inside one name, `**` spans folders, a pattern without a `/` matches at any depth
    (`drafts` matches `a/drafts/b`), and `!` re-includes, as in .gitignore. Two additions for folders named
    in a config file: a leading `./` is dropped, and `dir/**` also matches `dir` itself (every file in it is excluded).
    """
    return _compiled(tuple(patterns)).excluded_prefix(rel, True) > 0


@lru_cache(maxsize=64)
def _compiled(patterns: tuple[str, ...]) -> GlobList:
    """One list per config key (`exclude`, each override's `paths`), compiled once however many skills it is tried on."""
    globs: list[Glob | None] = []
    for pattern in patterns:
        bang = "!" if pattern.startswith("!") else ""
        body = pattern[len(bang) :]
        while body.startswith("./"):
            body = body[2:]
        globs.append(compile_line(bang + body))
        folder = body.rstrip(" ").removesuffix("/")
        if folder.endswith("/**"):
            while folder.endswith("/**"):
                folder = folder[:-3]
            if folder:  # `a/**` is anchored, so the pattern for `a` itself is too
                globs.append(compile_line(bang + ("" if folder.startswith("/") else "/") + folder + "/"))
    return GlobList(glob for glob in globs if glob is not None)
