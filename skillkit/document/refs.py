"""References from markdown to the skill's files: links, images and backticked paths, resolved against the file list."""

from __future__ import annotations

import posixpath
import re
from typing import Final
from urllib.parse import unquote

from skillkit.document.skill import Derived, SkillDocument
from skillkit.lazy_pattern import LazyPattern
from skillkit.record import Record
from skillkit.words import closest

_SCHEME_RE: Final = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_WINDOWS_DRIVE_RE: Final = re.compile(r"^[A-Za-z]:[\\/]")
# A backticked bundled-file path: relative, no spaces, globs or placeholders; ends in a file with an
# extension, or in a sub-folder with '/' (a bare `scripts/` names a kind of folder, not a file).
_CODE_PATH_RE: Final = re.compile(
    r"^(?:\./)?([A-Za-z0-9_][\w.-]*)/(?:[\w.@+-]+/)*(?:[\w@+-][\w.@+-]*\.[A-Za-z0-9]{1,10}|[\w.@+-]+/)$"
)
# Folders the spec names for bundled files: a backticked path under them means a file of the skill.
BUNDLE_DIRS: Final = frozenset({"scripts", "references", "assets"})
# The folders Claude Code substitutes into a skill's text (code.claude.com/docs/en/skills, "Available string
# substitutions"): a path written after one of them is a path from that folder.
SKILL_DIR: Final = "CLAUDE_SKILL_DIR"
PATH_VARIABLES: Final = frozenset({SKILL_DIR, "CLAUDE_PROJECT_DIR", "CLAUDE_PLUGIN_ROOT", "CLAUDE_PLUGIN_DATA"})
_VARIABLE_RE: Final = LazyPattern(r"^\$\{(CLAUDE_[A-Z_]+)\}(?:/+|$)")
# A placeholder for the skill's own folder that a skill's text or its runner fills in: `{baseDir}/references/x.md`
# (the base directory Claude Code announces when it loads a skill), `$SKILL_DIR/scripts/x.py`, `{{skill_root}}/...`.
# A path written after one is a path from the skill folder.
_SKILL_PLACEHOLDER_RE: Final = LazyPattern(
    r"^(?:\{\{\s*|\$\{|\{|\$)((?:[A-Za-z0-9]+_)*(?:base_?dir|skill_?(?:dir|root|path|home|base|folder)|skill_?base_?dir))"
    r"(?:\s*\}\}|\})?(?:/+|$)",
    re.IGNORECASE,
)
# Any other placeholder (`{url}`, `{{URL}}`, `${REPO_URL}/...`, `$ROOT/...`, `<path>`): not a path until filled in.
_PLACEHOLDER_RE: Final = LazyPattern(r"\{[^{}/]*\}|^\$[A-Za-z_]|<[^<>]*>")


class Ref(Record):
    """One reference as written: `target` decoded, `path` without `#fragment`/`?query`, 0-based line, 1-based column.

    `variable`: the Claude Code folder variable the target starts with (`CLAUDE_SKILL_DIR` for
    `${CLAUDE_SKILL_DIR}/scripts/x.py`); `path` is then the rest, relative to that folder.
    """

    __slots__ = ("kind", "target", "path", "fragment", "index", "column", "variable")

    def __init__(
        self, kind: str, target: str, path: str, fragment: str | None, index: int, column: int, variable: str | None = None
    ) -> None:
        self.kind: Final = kind  # "link", "image" or "code"
        self.target: Final = target
        self.path: Final = path
        self.fragment: Final = fragment
        self.index: Final = index
        self.column: Final = column
        self.variable: Final = variable

    @property
    def noun(self) -> str:
        return {"link": "link target", "image": "image", "code": "path"}[self.kind]

    @property
    def written(self) -> str:
        """The path as written, variable or placeholder included, without `#fragment` or `?query`."""
        return split_target(self.target)[0] if self.variable else self.path


def split_variable(path: str) -> tuple[str | None, str]:
    """(`CLAUDE_SKILL_DIR`, `scripts/x.py`) for `${CLAUDE_SKILL_DIR}/scripts/x.py`, and for a placeholder of the
    skill's folder (`{baseDir}/scripts/x.py`, `$SKILL_DIR/scripts/x.py`); (None, path) otherwise."""
    if not path.startswith(("$", "{")):
        return None, path
    m = _VARIABLE_RE().match(path)
    if m is not None and m.group(1) in PATH_VARIABLES:
        return m.group(1), path[m.end() :]
    m = _SKILL_PLACEHOLDER_RE().match(path)
    if m is not None:
        return SKILL_DIR, path[m.end() :]
    return None, path


def placeholder(target: str) -> bool:
    """Whether a target holds a placeholder that is filled in later (`{url}`, `${REPO_URL}/x`, `<path>`)."""
    return ("{" in target or "$" in target or "<" in target) and _PLACEHOLDER_RE().search(target) is not None


def decoded(target: str) -> str:
    """`unquote(target)`, without the call for the many targets with no `%` (it returns those as they are)."""
    return unquote(target) if "%" in target else target


def split_target(target: str) -> tuple[str, str | None]:
    path, hash_, fragment = target.partition("#")
    path = path.split("?", 1)[0]
    return path, (fragment if hash_ else None)


def kind_of(target: str) -> str:
    """The kind of a link target, worked out once per target: each link rule asks for the kinds of all the links."""
    if target.startswith(URL_STARTS):
        return "external"  # what _kind_of says of these, without hashing every URL of every skill into the cache
    found = _KINDS.get(target)
    if found is None:
        if len(_KINDS) >= MAX_KINDS:
            _KINDS.clear()
        found = _KINDS[target] = _kind_of(target)
    return found


_KINDS: Final[dict[str, str]] = {}
URL_STARTS: Final = ("http://", "https://")  # a target that starts so is external, without a look at the rest
MAX_KINDS: Final = 4096


def _kind_of(target: str) -> str:
    """'external' (a URL), 'file-url', 'absolute', 'backslash', 'anchor', 'outside', 'relative', 'variable' or
    'placeholder'.

    A target under `${CLAUDE_SKILL_DIR}/` (or a placeholder of the skill's folder, `{baseDir}/`) is judged by the
    path after it; one under another Claude Code folder variable (the plugin, the project, the plugin's data) is
    a 'variable'; one holding any other placeholder (`{url}`, `${REPO_URL}/x`) a 'placeholder', no path yet.
    """
    if target.startswith(("$", "{")):
        variable, rest = split_variable(target)
        if variable == SKILL_DIR:
            return kind_of(rest) if rest and not rest.startswith("#") else "relative"
        if variable is not None:
            return "variable"
    if _WINDOWS_DRIVE_RE.match(target):
        return "absolute"
    if target.lower().startswith("file:"):
        return "file-url"
    if _SCHEME_RE.match(target) or target.startswith("//"):
        return "external"
    if placeholder(target):
        return "placeholder"
    if target.startswith("#"):
        return "anchor"
    if target.startswith("/"):
        return "absolute"
    if "\\" in target:
        return "backslash"
    path, _ = split_target(target)
    return "outside" if resolve("", path) is None else "relative"


def resolve(base: str, path: str) -> str | None:
    """A '/'-relative path inside the skill, or None when it climbs out of the skill folder."""
    if not path:
        joined = base
    elif not base and _normal(path):
        joined = path  # what normpath would return: most paths are written plainly (`references/api.md`)
    else:
        joined = posixpath.normpath(posixpath.join(base, path))
    if joined == ".":
        return ""
    if joined == ".." or joined.startswith("../"):
        return None
    return joined


def _normal(path: str) -> bool:
    """A relative path that posixpath.normpath leaves as it is: no `.` or `..` part, no empty part."""
    return not path.startswith(("/", ".")) and not path.endswith(("/", "/.")) and "//" not in path and "/." not in path


def bundled_path(text: str, top_dirs: frozenset[str]) -> str | None:
    """The '/'-relative path a code span names when it looks like one of the skill's files, else None.

    `${CLAUDE_SKILL_DIR}/x/y.md` names the skill's `x/y.md` whatever its folder.
    """
    if text.startswith(("$", "{")):
        variable, rest = split_variable(text)
        if variable != SKILL_DIR or "/" not in rest:
            return None
        return rest if _CODE_PATH_RE.match(rest) else None
    # The pattern's first folder is the text up to its first '/': a span under no known folder is not matched.
    rest = text.removeprefix("./")
    slash = rest.find("/")
    if slash < 0 or rest[:slash] not in top_dirs and rest[:slash] not in BUNDLE_DIRS or not _CODE_PATH_RE.match(text):
        return None
    return rest


class Index(Record):
    """The skill's files and folders, with a case-insensitive lookup for did-you-mean."""

    __slots__ = ("files", "dirs", "lower", "by_name")

    def __init__(
        self, files: frozenset[str], dirs: frozenset[str], lower: dict[str, str], by_name: dict[str, list[str]]
    ) -> None:
        self.files: Final = files
        self.dirs: Final = dirs
        self.lower: Final = lower
        self.by_name: Final = by_name

    def exists(self, rel: str, folder: bool = False) -> bool:
        rel = rel.rstrip("/")
        if rel == "":
            return True
        return rel in self.dirs if folder else (rel in self.files or rel in self.dirs)

    def suggest(self, rel: str, close: bool = True) -> str | None:
        """The file meant: same path in another case, the only file of that name, or (with `close`) a close path."""
        rel = rel.rstrip("/")
        if rel.lower() in self.lower:
            return self.lower[rel.lower()]
        same = self.by_name.get(posixpath.basename(rel).lower(), [])
        if len(same) == 1:
            return same[0]
        return closest(rel, self.files, cutoff=0.85) if close and len(self.files) < 2000 else None

    @property
    def top_dirs(self) -> frozenset[str]:
        return frozenset(d for d in self.dirs if "/" not in d)


def index(doc: SkillDocument) -> Index:
    return doc.derive(_INDEX, lambda: _build_index(doc.files.names()))


def _build_index(files: frozenset[str]) -> Index:
    dirs: set[str] = set()
    lower: dict[str, str] = {}
    by_name: dict[str, list[str]] = {}
    for rel in files:
        parts = rel.split("/")
        for i in range(1, len(parts)):
            dirs.add("/".join(parts[:i]))
        lower.setdefault(rel.lower(), rel)
        by_name.setdefault(parts[-1].lower(), []).append(rel)
    for d in dirs:
        lower.setdefault(d.lower(), d)
    return Index(files, frozenset(dirs), lower, by_name)


# Values derived once per document, kept on it under these typed keys.
_INDEX: Final[Derived[Index]] = Derived("refs:index")
