"""A skill's files as the rules read them: one object that a folder on disk and a zip's members both provide."""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from pathlib import Path
from typing import Final

from skillkit.markdown.parsed import MAX_MD_BYTES
from skillkit.paths import SKIP_DIRS, absolute


class SkillFiles:
    """Every file of one skill by its '/'-relative path, and bounded reads of them; the folder or zip behind it
    decides how. Subclasses: FolderFiles, ZipFiles."""

    on_disk: bool = True

    def names(self) -> frozenset[str]:
        """Every file in the skill as a '/'-separated path relative to the skill folder (case kept)."""
        raise NotImplementedError

    def read(self, rel: str) -> bytes | None:
        """A file's bytes when it is a regular file of at most SCAN_MAX_BYTES, else None."""
        raise NotImplementedError

    def text(self, rel: str) -> str | None:
        """A markdown file's text for the reference walk (at most MAX_MD_BYTES; BOM dropped), or None."""
        raise NotImplementedError

    def path(self, rel: str) -> str:
        """The file's path as findings name it."""
        raise NotImplementedError


class FolderFiles(SkillFiles):
    """A skill folder on disk: listed once on first use; markdown files read once (the file scans and the
    markdown walk both want them), within KEEP_MAX_BYTES per skill."""

    __slots__ = ("_given", "_kept", "_kept_bytes", "_listed", "_names", "_root", "folder")

    def __init__(self, folder: Path | str, overlay: Mapping[str, bytes] | None = None) -> None:
        """`overlay`: files ('/'-relative path -> bytes) that read as given instead of from the disk, listed even when
        absent there (`skillkit fix` checks what it would write before writing it, `skillkit new` a new skill)."""
        self.folder = folder
        self._root = os.fspath(folder)  # the text, once: every os call on the Path would run its __fspath__ again
        self._names: frozenset[str] | None = None
        self._kept: dict[str, bytes | None] = dict(overlay) if overlay else {}
        self._kept_bytes = 0
        self._given: frozenset[str] = frozenset(overlay) if overlay else frozenset()
        self._listed: dict[str, list[os.DirEntry[str]]] = {}

    def names(self) -> frozenset[str]:
        if self._names is None:
            listed = list_files(self._root, listed=self._listed)
            self._names = listed | self._given if self._given else listed
        return self._names

    def listings(self) -> dict[str, list[os.DirEntry[str]]]:
        """The entries of each folder the listing read, by path: the upload walk reads them instead of listing again."""
        self.names()
        return self._listed

    def read(self, rel: str) -> bytes | None:
        if rel in self._kept:
            return self._kept[rel]
        data = read_bounded(member_path(self._root, rel))
        if rel.lower().endswith(MARKDOWN_SUFFIXES) and self._kept_bytes + len(data or b"") <= KEEP_MAX_BYTES:
            self._kept[rel] = data
            self._kept_bytes += len(data or b"")
        return data

    def kept_bytes(self) -> int:
        """How many bytes of markdown are held for the walk (tests hold it to KEEP_MAX_BYTES)."""
        return self._kept_bytes

    def text(self, rel: str) -> str | None:
        try:
            # A listed regular file (not a link) is inside the skill, and the file scans read it already.
            raw = self.read(rel) if rel in self.names() else None
            if raw is None:  # a link inside the skill, a file over the scans' cap, or one not listed
                path = Path(self.folder, rel)
                if not path.is_file() or path.stat().st_size > MAX_MD_BYTES or not _inside(self.folder, path):
                    return None
                raw = path.read_bytes()
        except OSError:
            return None
        return _decode(raw)

    def path(self, rel: str) -> str:
        return member_path(self._root, rel)


class ZipFiles(SkillFiles):
    """A zip's members, read into memory by the zip reader: never the disk."""

    __slots__ = ("_base", "_contents", "_names")
    on_disk = False

    def __init__(self, names: frozenset[str], contents: Mapping[str, bytes], base: Path) -> None:
        self._names, self._contents, self._base = names, contents, base

    def names(self) -> frozenset[str]:
        return self._names

    def read(self, rel: str) -> bytes | None:
        data = self._contents.get(rel)
        return data if data is not None and len(data) <= SCAN_MAX_BYTES else None

    def text(self, rel: str) -> str | None:
        return _decode(self._contents.get(rel))

    def path(self, rel: str) -> str:
        return member_path(self._base, rel)


def _decode(raw: bytes | None) -> str | None:
    if raw is None or len(raw) > MAX_MD_BYTES:
        return None
    return raw.decode("utf-8", errors="replace").lstrip("\ufeff")


def _inside(folder: Path | str, path: Path) -> bool:
    """False for a file whose real path leaves the skill (a symlink out, or `..`): it is never read."""
    root = os.path.realpath(folder)
    real = os.path.realpath(path)
    return real == root or real.startswith(root.rstrip(os.sep) + os.sep)


def list_files(root: Path | str, limit: int = 20_000, listed: dict[str, list[os.DirEntry[str]]] | None = None) -> frozenset[str]:
    """Relative paths of the regular files (and file symlinks) under `root`, skipping VCS and cache folders.

    `listed`: filled with each folder's entries by path, up to LISTED_MAX entries in all, for the caller to reuse.
    """
    # Plain strings with a running prefix: building a Path per entry cost more than the scandir itself.
    out: list[str] = []
    stack: list[tuple[str, str]] = [(os.fspath(root), "")]
    kept = 0
    while stack and len(out) < limit:
        directory, prefix = stack.pop()
        try:
            entries = list(os.scandir(directory))
        except OSError:
            continue
        if listed is not None and kept + len(entries) <= LISTED_MAX:
            listed[directory] = entries
            kept += len(entries)
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                if entry.name not in SKIP_DIRS:
                    stack.append((entry.path, prefix + entry.name + "/"))
            else:
                out.append(prefix + entry.name)
    return frozenset(out)


# Folder entries a skill's listing keeps for the upload walk: far past the 200 files an upload holds, and a hostile
# tree of 20,000 files is listed again rather than held.
LISTED_MAX: Final = 2_000


def read_capped(fd: int, size: int, cap: int) -> bytes:
    """Up to `cap` + 1 bytes of an open regular file whose stat said `size`, in one read when it did not grow.

    Asking for the stat size (not the cap) spares allocating the cap for a small file; a plain read on the
    descriptor spares the buffered reader's second read to confirm the end.
    """
    want = min(size, cap) + 1
    data = os.read(fd, want)
    if len(data) < want:
        return data  # a short read of a regular file is its end
    chunks = [data]  # the file grew after the stat: read on up to the cap
    total = len(data)
    while total <= cap and (chunk := os.read(fd, cap + 1 - total)):
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)


SCAN_MAX_BYTES: Final = 1024 * 1024  # far above any instruction or script file; bigger files are data, not read


# Worked out once, not per file: the flags a bounded read opens with, and whether they refuse a link by themselves.
_NOFOLLOW: Final = hasattr(os, "O_NOFOLLOW")
_BOUNDED_FLAGS: Final = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
READ_FLAGS: Final = os.O_RDONLY | getattr(os, "O_BINARY", 0)


def read_bounded(path: str, cap: int = SCAN_MAX_BYTES) -> bytes | None:
    """A regular file's bytes when it holds at most `cap`; never follows a link, never blocks on a FIFO."""
    try:
        if not _NOFOLLOW and os.path.islink(path):
            return None
        fd = os.open(path, _BOUNDED_FLAGS)
    except OSError:
        return None  # a link (ELOOP), a vanished or unreadable file: nothing of this skill's own to scan
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > cap:
            return None
        data = read_capped(fd, st.st_size, cap)
    except OSError:
        return None
    finally:
        os.close(fd)
    return data if len(data) <= cap else None


# Markdown files read by the file scans are kept for the markdown walk, up to this many bytes per document:
# a skill of many big files must not hold them all at once.
KEEP_MAX_BYTES: Final = 8 * 1024 * 1024
MARKDOWN_SUFFIXES: Final = (".md", ".markdown")


def member_path(skill_dir: Path | str, rel: str) -> str:
    """The absolute path of a skill's file from its '/'-relative path."""
    base = absolute(skill_dir)
    return base + "/" + rel if os.sep == "/" else os.path.join(base, *rel.split("/"))
