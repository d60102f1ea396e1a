"""Build a skill's zip deterministically: collect its files (excludes, symlinks, secrets, limits), then write sorted, normalised entries.

Reproducible bytes: entries sorted by name (code point order, which is also UTF-8 byte order), names
NFC-normalised, one fixed timestamp (1980-01-01 00:00:00, or SOURCE_DATE_EPOCH clamped to the zip
range), modes 0644 or 0755 (any exec bit), DEFLATE level 9, creator system Unix, no extra fields, no
comment, no directory entries. Nothing taken from the machine (mtime, owner, umask, listing order) reaches
the zip.
"""

from __future__ import annotations

import io
import os
import stat
import time
import unicodedata
import zipfile
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from skillkit.content import secrets
from skillkit.diagnostics import Finding, UsageError
from skillkit.ids import RuleId
from skillkit.upload.ignore import IgnoreRules
from skillkit.upload.layout import (
    MAX_FILES,
    MAX_UNCOMPRESSED,
    Member,
    content_findings,
    layout,
)

FIXED_DATE_TIME = (1980, 1, 1, 0, 0, 0)
ZIP_EPOCH = 315532800  # 1980-01-01 00:00:00 UTC, the earliest time a zip entry can hold
ZIP_LAST = 4354819198  # 2107-12-31 23:59:58 UTC, the latest
COMPRESS_LEVEL = 9
CREATE_SYSTEM_UNIX = 3  # what Unix zippers write; fixed so Windows builds give the same bytes

DateTime = tuple[int, int, int, int, int, int]


@dataclass(frozen=True, slots=True)
class PlannedFile:
    """A file the zip will hold: its path in the skill, where it was found, what is read, size and mode."""

    rel: str
    source: Path
    real: Path
    size: int
    mode: int


@dataclass(slots=True)
class Collection:
    """The files of a skill that go into its zip, what was left out, and every problem met on the way."""

    files: list[PlannedFile] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    contents: dict[str, bytes] = field(default_factory=dict)

    def entries(self, top: str) -> list[tuple[str, bytes, int]]:
        return [(f"{top}/{f.rel}", self.contents[f.rel], f.mode) for f in self.files]


def zip_date_time(environ: Mapping[str, str] = os.environ) -> DateTime:
    """The one timestamp every entry gets: 1980-01-01, or SOURCE_DATE_EPOCH (UTC) clamped to the zip range."""
    raw = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not raw:
        return FIXED_DATE_TIME
    try:
        seconds = int(raw)
    except ValueError:
        raise UsageError(f"SOURCE_DATE_EPOCH must be a whole number of seconds, got {raw!r}") from None
    t = time.gmtime(min(max(seconds, ZIP_EPOCH), ZIP_LAST))
    return (t.tm_year, t.tm_mon, t.tm_mday, t.tm_hour, t.tm_min, t.tm_sec - t.tm_sec % 2)


def collect(
    skill_dir: Path, top: str, rules: IgnoreRules, allow: IgnoreRules | None = None, skip: Path | None = None, output: Path | None = None
) -> Collection:
    """Walk the skill folder (never following links into folders), apply the Z rules, and read the files."""
    out = Collection()
    # The build's own output is never packed, wherever --out puts it: its folder inside the skill, or the zip itself
    # when --out is the skill folder (the next build would pack the last one, then refuse it as a nested archive).
    own = frozenset(os.path.realpath(p) for p in (skip, output) if p is not None)
    _walk(skill_dir, rules, out, own)
    out.files.sort(key=lambda f: f.rel)
    members = [Member(name=f"{top}/{f.rel}", size=f.size, file=str(f.source), mode=stat.S_IFREG | f.mode) for f in out.files]
    lay = layout(members, str(skill_dir), allow)
    out.findings.extend(lay.findings)
    root_real = os.path.realpath(skill_dir)
    for f in out.files:  # a harmless-looking link must not smuggle in an excluded `.env`
        target = Path(os.path.relpath(f.real, root_real)).as_posix()
        why = secrets.secret_filename(target) if f.real != f.source else None
        if why and not (allow is not None and allow.ignored_path(f.rel) is not None):
            out.findings.append(Finding(RuleId.PACKAGE_SECRET, f"symlink '{f.rel}' points to '{target}', {why}; never package it", file=str(f.source)))
    if len(out.files) > MAX_FILES or sum(f.size for f in out.files) > MAX_UNCOMPRESSED:
        return out  # refused already; reading up to gigabytes would prove nothing more
    budget = MAX_UNCOMPRESSED
    for planned, member in zip(out.files, members):
        try:
            data = _read(planned.real, budget)
        except OSError as exc:
            out.findings.append(Finding(RuleId.PACKAGE_FILE, f"cannot read '{planned.rel}': {exc.strerror or exc}", file=str(planned.source)))
            continue
        if len(data) > budget:
            out.findings.append(Finding(RuleId.ZIP_TOO_LARGE, f"files grew past {MAX_UNCOMPRESSED:,} bytes while being read", file=str(skill_dir)))
            return out
        budget -= len(data)
        out.contents[planned.rel] = data
        out.findings.extend(content_findings(member, data, planned.rel, allow))
    return out


def _walk(root: Path, rules: IgnoreRules, out: Collection, own: frozenset[str]) -> None:
    root_real = os.path.realpath(root)
    stack: list[tuple[str, Path]] = [("", root)]
    by_nfc: dict[str, list[str]] = defaultdict(list)
    while stack:
        prefix, directory = stack.pop()
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError as exc:
            out.findings.append(Finding(RuleId.PACKAGE_FILE, f"cannot list '{prefix or '.'}': {exc.strerror or exc}", file=str(directory)))
            continue
        for entry in entries:
            raw_rel = prefix + entry.name
            path = Path(entry.path)
            try:
                raw_rel.encode("utf-8")
                st = os.lstat(path)
            except UnicodeEncodeError:
                out.findings.append(Finding(RuleId.PACKAGE_FILE, f"name {raw_rel!r} is not valid UTF-8 and cannot be stored", file=str(root)))
                continue
            except OSError as exc:
                out.findings.append(Finding(RuleId.PACKAGE_FILE, f"cannot read '{raw_rel}': {exc.strerror or exc}", file=str(path)))
                continue
            rel = unicodedata.normalize("NFC", raw_rel)  # macOS may hand back decomposed names
            is_dir = stat.S_ISDIR(st.st_mode) or (stat.S_ISLNK(st.st_mode) and os.path.isdir(path))
            if own and (stat.S_ISDIR(st.st_mode) or stat.S_ISREG(st.st_mode)) and os.path.realpath(path) in own:
                continue  # the build's own output folder or zip
            if rules.ignored(rel, is_dir):
                out.excluded.append(rel + "/" if is_dir else rel)
            elif stat.S_ISDIR(st.st_mode):
                stack.append((raw_rel + "/", path))
            elif stat.S_ISLNK(st.st_mode):
                _link(rel, path, root_real, out, by_nfc)
            elif stat.S_ISREG(st.st_mode):
                _plan(out, by_nfc, PlannedFile(rel, path, path, st.st_size, _mode(st.st_mode)))
            else:
                out.findings.append(Finding(RuleId.PACKAGE_FILE, f"'{rel}' is a FIFO, socket or device; only regular files can be packaged", file=str(path)))
    for rel, sources in by_nfc.items():
        if len(sources) > 1:
            out.findings.append(Finding(RuleId.PACKAGE_FILE, f"{len(sources)} files have the name '{rel}' once Unicode-normalised; rename one", file=sources[1]))


def _link(rel: str, path: Path, root_real: str, out: Collection, by_nfc: dict[str, list[str]]) -> None:
    try:
        target = os.readlink(path)
    except OSError:
        target = "?"
    real = os.path.realpath(path)
    if not _within(real, root_real):
        out.findings.append(Finding(RuleId.PACKAGE_SYMLINK, f"symlink '{rel}' points outside the skill folder (-> {target}); copy the file into the skill instead", file=str(path)))
    elif not os.path.exists(path):
        out.findings.append(Finding(RuleId.PACKAGE_SYMLINK, f"symlink '{rel}' dangles or loops (-> {target})", file=str(path)))
    elif os.path.isdir(real):
        out.findings.append(Finding(RuleId.PACKAGE_SYMLINK, f"symlink '{rel}' points to a folder (-> {target}); only links to files are stored, as the file", file=str(path)))
    else:
        st = os.stat(real)
        if not stat.S_ISREG(st.st_mode):
            out.findings.append(Finding(RuleId.PACKAGE_FILE, f"symlink '{rel}' points to a FIFO, socket or device (-> {target})", file=str(path)))
            return
        _plan(out, by_nfc, PlannedFile(rel, path, Path(real), st.st_size, _mode(st.st_mode)))


def _plan(out: Collection, by_nfc: dict[str, list[str]], planned: PlannedFile) -> None:
    by_nfc[planned.rel].append(str(planned.source))
    if len(by_nfc[planned.rel]) == 1:
        out.files.append(planned)


def _within(path: str, root: str) -> bool:
    try:
        return os.path.commonpath([path, root]) == root
    except ValueError:  # another drive on Windows
        return False


def _mode(st_mode: int) -> int:
    return 0o755 if st_mode & 0o111 else 0o644


def _read(path: Path, cap: int) -> bytes:
    # No following a link swapped in after the walk, and no blocking on a FIFO swapped in.
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    with open(os.open(path, flags), "rb") as fh:
        if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
            raise OSError(0, "not a regular file")
        return fh.read(cap + 1)


def zip_bytes(entries: Sequence[tuple[str, bytes, int]], date_time: DateTime = FIXED_DATE_TIME) -> bytes:
    """The zip of (name, data, mode) entries, byte-for-byte the same for the same input on any machine with the same zlib."""
    buf = io.BytesIO()  # seekable, so no data descriptors: sizes go in the local headers
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=COMPRESS_LEVEL) as zf:
        for name, data, mode in sorted(entries, key=lambda e: e[0]):
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.create_system = CREATE_SYSTEM_UNIX
            info.external_attr = (stat.S_IFREG | mode) << 16
            info.internal_attr = 0
            zf.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=COMPRESS_LEVEL)
    return buf.getvalue()
