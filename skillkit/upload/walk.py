"""How `build-zip` walks a skill folder: the files its zip would hold, what the excludes leave out, and what cannot be stored."""

from __future__ import annotations

import os
import stat
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from typing import Final

from skillkit.content import secrets
from skillkit.diagnostics import Finding
from skillkit.ids import RuleId
from skillkit.record import Record
from skillkit.upload.ignore import IgnoreRules
from skillkit.upload.layout import Member


class StoredFile(Record):
    """A file the zip will hold: its path in the skill (NFC), where it was found, what is read, size and mode."""

    __slots__ = ("rel", "source", "real", "size", "mode")

    def __init__(self, rel: str, source: str, real: str, size: int, mode: int) -> None:
        self.rel: Final = rel
        self.source: Final = source
        self.real: Final = real  # `source` itself, or for a link to a file inside the skill its resolved target
        self.size: Final = size
        self.mode: Final = mode  # 0o755 when any exec bit is set, else 0o644: all a zip entry keeps


class Walk(Record):
    """The files (sorted by `rel`), the excluded paths (folders end in '/'), and the problems met on the way."""

    __slots__ = ("files", "excluded", "findings")

    def __init__(
        self, files: list[StoredFile] | None = None, excluded: list[str] | None = None, findings: list[Finding] | None = None
    ) -> None:
        self.files: list[StoredFile] = [] if files is None else files
        self.excluded: list[str] = [] if excluded is None else excluded
        self.findings: list[Finding] = [] if findings is None else findings


def walk(
    root: str,
    rules: IgnoreRules,
    own: frozenset[str] = frozenset(),
    limit: int = 0,
    listed: Mapping[str, list[os.DirEntry[str]]] | None = None,
) -> Walk:
    """Walk `root` as the build does: excludes applied, links never followed into folders, a link to a file inside
    the skill stored as that file. `own`: real paths never packed (the build's output); `limit`: stop after about
    that many entries (0: no limit); `listed`: folders' entries by path, already read by the caller."""
    out = Walk()
    state = _State(root)
    stack: list[tuple[str, str]] = [("", root)]
    seen = 0
    while stack and (not limit or seen < limit):
        prefix, directory = stack.pop()
        given = listed.get(directory) if listed else None
        try:
            entries = sorted(given if given is not None else os.scandir(directory), key=_name)
        except OSError as exc:
            out.findings.append(Finding(RuleId.PACKAGE_FILE, f"cannot list '{prefix or '.'}': {exc.strerror or exc}", file=directory))
            continue
        seen += len(entries)
        for entry in entries:
            raw_rel = prefix + entry.name
            path = entry.path
            try:
                if not entry.name.isascii():
                    entry.name.encode("utf-8")  # the prefix passed this check as a folder's name
                st = entry.stat(follow_symlinks=False)  # an lstat, kept on the entry
            except UnicodeEncodeError:
                out.findings.append(Finding(RuleId.PACKAGE_FILE, f"name {raw_rel!r} is not valid UTF-8 and cannot be stored", file=root))
                continue
            except OSError as exc:
                out.findings.append(Finding(RuleId.PACKAGE_FILE, f"cannot read '{raw_rel}': {exc.strerror or exc}", file=path))
                continue
            mode = st.st_mode
            rel = raw_rel if raw_rel.isascii() else unicodedata.normalize("NFC", raw_rel)  # macOS may hand back decomposed names
            is_dir = stat.S_ISDIR(mode) or (stat.S_ISLNK(mode) and os.path.isdir(path))
            if own and (stat.S_ISDIR(mode) or stat.S_ISREG(mode)) and os.path.realpath(path) in own:
                continue
            if rules.ignored(rel, is_dir):
                out.excluded.append(rel + "/" if is_dir else rel)
            elif stat.S_ISDIR(mode):
                stack.append((raw_rel + "/", path))
            elif stat.S_ISLNK(mode):
                _link(rel, path, state, out)
            elif stat.S_ISREG(mode):
                state.plan(out, StoredFile(rel, path, path, st.st_size, _mode(mode)))
            else:
                out.findings.append(Finding(RuleId.PACKAGE_FILE, f"'{rel}' is a FIFO, socket or device; only regular files can be packaged", file=path))
    for rel, sources in state.by_nfc.items():
        if len(sources) > 1:
            out.findings.append(Finding(RuleId.PACKAGE_FILE, f"{len(sources)} files have the name '{rel}' once Unicode-normalised; rename one", file=sources[1]))
    out.files.sort(key=_rel)
    return out


def as_members(files: Iterable[StoredFile], top: str) -> list[Member]:
    """The zip entries the files become, under the skill's top folder: what the Z rules judge."""
    return [Member(name=f"{top}/{f.rel}", size=f.size, file=f.source, mode=stat.S_IFREG | f.mode) for f in files]


def linked_secrets(files: Iterable[StoredFile], root: str) -> Iterator[tuple[StoredFile, str, str]]:
    """The links that would pack a secret file under their own, harmless-looking name (an excluded `.env`): each
    with its target inside the skill and what that target is."""
    root_real: str | None = None  # resolved only for a link: most skills have none
    for f in files:
        if f.real == f.source:
            continue
        root_real = root_real or os.path.realpath(root)
        target = os.path.relpath(f.real, root_real).replace(os.sep, "/")
        why = secrets.secret_filename(target)
        if why:
            yield f, target, why


class _State:
    """What one walk keeps besides its output: sources by stored name, and the root's real path once a link needs it."""

    __slots__ = ("_resolved", "by_nfc", "root")

    def __init__(self, root: str) -> None:
        self.root = root
        self.by_nfc: dict[str, list[str]] = {}
        self._resolved: str | None = None

    def real(self) -> str:
        if self._resolved is None:
            self._resolved = os.path.realpath(self.root)  # resolved only for a link: most skills have none
        return self._resolved

    def plan(self, out: Walk, planned: StoredFile) -> None:
        """Store the first file of each NFC name; later ones are only counted, for the finding."""
        sources = self.by_nfc.get(planned.rel)
        if sources is None:
            self.by_nfc[planned.rel] = [planned.source]
            out.files.append(planned)
        else:
            sources.append(planned.source)


def _link(rel: str, path: str, state: _State, out: Walk) -> None:
    try:
        target = os.readlink(path)
    except OSError:
        target = "?"
    real = os.path.realpath(path)
    if not _within(real, state.real()):
        out.findings.append(Finding(RuleId.PACKAGE_SYMLINK, f"symlink '{rel}' points outside the skill folder (-> {target}); copy the file into the skill instead", file=path))
    elif not os.path.exists(path):
        out.findings.append(Finding(RuleId.PACKAGE_SYMLINK, f"symlink '{rel}' dangles or loops (-> {target})", file=path))
    elif os.path.isdir(real):
        out.findings.append(Finding(RuleId.PACKAGE_SYMLINK, f"symlink '{rel}' points to a folder (-> {target}); only links to files are stored, as the file", file=path))
    else:
        st = os.stat(real)
        if not stat.S_ISREG(st.st_mode):
            out.findings.append(Finding(RuleId.PACKAGE_FILE, f"symlink '{rel}' points to a FIFO, socket or device (-> {target})", file=path))
            return
        state.plan(out, StoredFile(rel, path, real, st.st_size, _mode(st.st_mode)))


def _within(path: str, root: str) -> bool:
    try:
        return os.path.commonpath([path, root]) == root
    except ValueError:  # another drive on Windows
        return False


def _mode(st_mode: int) -> int:
    return 0o755 if st_mode & 0o111 else 0o644


def _name(entry: os.DirEntry[str]) -> str:
    return entry.name


def _rel(f: StoredFile) -> str:
    return f.rel
