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
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from skillkit.diagnostics import Finding, UsageError
from skillkit.ids import RuleId
from skillkit.upload.ignore import IgnoreRules
from skillkit.upload.layout import (
    MAX_FILES,
    MAX_UNCOMPRESSED,
    content_findings,
    layout,
)
from skillkit.upload.walk import StoredFile, as_members, linked_secrets, walk

FIXED_DATE_TIME = (1980, 1, 1, 0, 0, 0)
ZIP_EPOCH = 315532800  # 1980-01-01 00:00:00 UTC, the earliest time a zip entry can hold
ZIP_LAST = 4354819198  # 2107-12-31 23:59:58 UTC, the latest
COMPRESS_LEVEL = 9
CREATE_SYSTEM_UNIX = 3  # what Unix zippers write; fixed so Windows builds give the same bytes

DateTime = tuple[int, int, int, int, int, int]


@dataclass(slots=True)
class Collection:
    """The files of a skill that go into its zip, what was left out, and every problem met on the way."""

    files: list[StoredFile] = field(default_factory=list)
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
    walked = walk(str(skill_dir), rules, own)
    out.files, out.excluded, out.findings = walked.files, walked.excluded, walked.findings
    members = as_members(out.files, top)
    lay = layout(members, str(skill_dir), allow)
    out.findings.extend(lay.findings)
    for f, target, why in linked_secrets(out.files, str(skill_dir)):
        if not (allow is not None and allow.ignored_path(f.rel) is not None):
            out.findings.append(Finding(RuleId.PACKAGE_SECRET, f"symlink '{f.rel}' points to '{target}', {why}; never package it", file=f.source))
    if len(out.files) > MAX_FILES or sum(f.size for f in out.files) > MAX_UNCOMPRESSED:
        return out  # refused already; reading up to gigabytes would prove nothing more
    budget = MAX_UNCOMPRESSED
    for planned, member in zip(out.files, members):
        try:
            data = _read(planned.real, budget)
        except OSError as exc:
            out.findings.append(Finding(RuleId.PACKAGE_FILE, f"cannot read '{planned.rel}': {exc.strerror or exc}", file=planned.source))
            continue
        if len(data) > budget:
            out.findings.append(Finding(RuleId.ZIP_TOO_LARGE, f"files grew past {MAX_UNCOMPRESSED:,} bytes while being read", file=str(skill_dir)))
            return out
        budget -= len(data)
        out.contents[planned.rel] = data
        out.findings.extend(content_findings(member, data, planned.rel, allow))
    return out


def _read(path: str, cap: int) -> bytes:
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
