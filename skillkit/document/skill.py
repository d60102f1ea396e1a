"""SkillDocument: one SKILL.md read once, decoded, split and parsed, with every parse problem kept as a finding."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from skillkit import limits
from skillkit.diagnostics import Finding
from skillkit.document import frontmatter, yamlsimple
from skillkit.ids import RuleId
from skillkit.paths import SKIP_DIRS, absolute

RAW: Final = "raw"  # memo key of the bytes the document was parsed from


@dataclass(slots=True)
class SkillDocument:
    """A parsed SKILL.md. `data` is None when the frontmatter could not be read as a mapping."""

    path: Path
    skill_dir: Path
    text: str | None = None
    lines: list[str] = field(default_factory=list)
    fm_line: int = 1
    data: dict[str, Any] | None = None
    keys: dict[tuple[str, ...], yamlsimple.KeyInfo] = field(default_factory=dict)
    body: str | None = None
    body_first_line: int = 1
    findings: list[Finding] = field(default_factory=list)
    _cache: dict[str, Any] = field(default_factory=dict)

    @property
    def name(self) -> str | None:
        value = (self.data or {}).get("name")
        return value if isinstance(value, str) else None

    def key_line(self, key: str) -> tuple[int, int]:
        """(line, column) of a top-level key's value, or of the frontmatter's opening line when absent."""
        info = self.keys.get((key,))
        return info.anchor() if info else (self.fm_line, 1)

    def files(self) -> frozenset[str]:
        """Every file in the skill as a '/'-separated path relative to the skill folder (case kept).

        Computed once from the folder; a zip source sets it from the archive's names instead.
        """
        return self.memo("files", lambda: list_files(self.skill_dir))

    def memo(self, key: str, make: Any) -> Any:
        """Compute a derived structure once per document (markdown tokens, headings, ...)."""
        if key not in self._cache:
            self._cache[key] = make()
        return self._cache[key]


def list_files(root: Path, limit: int = 20_000) -> frozenset[str]:
    """Relative paths of the regular files (and file symlinks) under `root`, skipping VCS and cache folders."""
    # Plain strings with a running prefix: building a Path per entry cost more than the scandir itself.
    out: list[str] = []
    stack: list[tuple[str, str]] = [(os.fspath(root), "")]
    while stack and len(out) < limit:
        directory, prefix = stack.pop()
        try:
            entries = list(os.scandir(directory))
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                if entry.name not in SKIP_DIRS:
                    stack.append((entry.path, prefix + entry.name + "/"))
            else:
                out.append(prefix + entry.name)
    return frozenset(out)


def read_bytes(path: Path) -> tuple[bytes | None, Finding | None]:
    """Read a regular file with a size cap; FIFOs, devices and directories are refused without opening them."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        what = "dangling symlink" if os.path.islink(path) else "file not found"
        return None, Finding(RuleId.FILE_UNREADABLE, f"cannot read SKILL.md: {what}", None, None)
    except OSError as exc:
        return None, Finding(RuleId.FILE_UNREADABLE, f"cannot read SKILL.md: {exc.strerror or exc}", None, None)
    if not stat.S_ISREG(st.st_mode):
        kind = "a directory" if stat.S_ISDIR(st.st_mode) else "a FIFO" if stat.S_ISFIFO(st.st_mode) else "not a regular file"
        return None, Finding(RuleId.FILE_UNREADABLE, f"cannot read SKILL.md: it is {kind}", None, None)
    if st.st_size > limits.SKILL_MD_MAX_BYTES:
        return None, Finding(
            RuleId.FILE_TOO_LARGE,
            f"SKILL.md too large ({st.st_size:,} > {limits.SKILL_MD_MAX_BYTES:,} bytes); not parsed",
            None,
            None,
        )
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
        try:
            return read_capped(fd, st.st_size, limits.SKILL_MD_MAX_BYTES), None
        finally:
            os.close(fd)
    except OSError as exc:
        return None, Finding(RuleId.FILE_UNREADABLE, f"cannot read SKILL.md: {exc.strerror or exc}", None, None)


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


def read_bounded(path: str, cap: int = SCAN_MAX_BYTES) -> bytes | None:
    """A regular file's bytes when it holds at most `cap`; never follows a link, never blocks on a FIFO."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        if not hasattr(os, "O_NOFOLLOW") and os.path.islink(path):
            return None
        fd = os.open(path, flags)
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


def member_bytes(doc: SkillDocument, rel: str) -> bytes | None:
    """A file of the skill folder by its '/'-relative path: a regular file of at most SCAN_MAX_BYTES, never
    through a link. Markdown files are read once per document (the file scans and the markdown walk both
    want them), within KEEP_MAX_BYTES."""
    key = "raw:" + rel
    if key in doc._cache:
        data: bytes | None = doc._cache[key]
        return data
    data = read_bounded(member_path(doc.skill_dir, rel))
    kept = doc._cache.get("raw:kept", 0)
    if rel.lower().endswith(MARKDOWN_SUFFIXES) and kept + len(data or b"") <= KEEP_MAX_BYTES:
        doc._cache[key] = data
        doc._cache["raw:kept"] = kept + len(data or b"")
    return data


def parse(path: Path, skill_dir: Path, raw: bytes) -> SkillDocument:
    """Build the document from bytes: decode, split the frontmatter, load the YAML."""
    doc = SkillDocument(path=path, skill_dir=skill_dir)
    doc._cache[RAW] = raw  # the file scans' byte pre-checks read it instead of encoding the text again
    text, found = frontmatter.decode(raw)
    doc.findings.extend(found)
    if text is None:
        return doc
    split = frontmatter.split(text)
    doc.text, doc.lines = text, split.lines
    doc.findings.extend(split.findings)
    doc.fm_line = max(1, split.yaml_first_line - 1)
    doc.body_first_line = split.body_first_line
    unclosed = any(f.rule == RuleId.FRONTMATTER_UNCLOSED for f in split.findings)
    doc.body = None if unclosed else split.body
    if split.yaml_text is None:
        return doc
    try:
        loaded = yamlsimple.load(split.yaml_text, split.yaml_first_line)
    except Exception:  # a bug in the shortcut must not cost a check: PyYAML reads every frontmatter
        if os.environ.get("SKILLKIT_DEBUG"):
            raise
        loaded = None
    if loaded is None:  # anything beyond plain `key: value` lines: PyYAML, loaded only now
        from skillkit.document import yamlsafe

        loaded = yamlsafe.load(split.yaml_text, split.yaml_first_line)
    doc.findings.extend(loaded.findings)
    doc.keys = loaded.keys
    if loaded.ok:
        if isinstance(loaded.data, dict):
            doc.data = loaded.data
        else:
            doc.findings.append(
                Finding(
                    RuleId.YAML_NOT_MAPPING,
                    f"frontmatter must be a YAML mapping of keys to values, got {type(loaded.data).__name__}",
                    split.yaml_first_line,
                    1,
                )
            )
    return doc


def load(path: Path, skill_dir: Path) -> SkillDocument:
    raw, problem = read_bytes(path)
    if raw is None:
        doc = SkillDocument(path=path, skill_dir=skill_dir)
        if problem is not None:
            doc.findings.append(problem)
        return doc
    return parse(path, skill_dir, raw)
