"""Check a zip as the claude.ai upload does: read in memory with caps (never extracted), then the Z rules and SKILL.md rules.

Caps: at most 10,000 entries (checked in the end-of-central-directory record before anything is
parsed), a central directory of at most 16 MiB, at most 30 MB decompressed in total whatever the
entries declare, and SKILL.md read through a bounded stream of at most 4 MiB.
"""

from __future__ import annotations

import io
import os
import stat
import struct
import zipfile
import zlib
from collections.abc import Mapping
from pathlib import Path
from typing import BinaryIO

from skillkit import limits
from skillkit.config.options import Options
from skillkit.diagnostics import Finding, SkillResult, Target
from skillkit.discovery.sources import ZipSource
from skillkit.document import skill as document
from skillkit.document.files import ZipFiles
from skillkit.engine.findings import crash, run_rules, to_diagnostics
from skillkit.ids import RuleId
from skillkit.paths import display
from skillkit.record import Record
from skillkit.rules import RULES, Rule
from skillkit.upload.ignore import IgnoreRules
from skillkit.upload.layout import (
    MAX_UNCOMPRESSED,
    Layout,
    Member,
    content_findings,
    layout,
    mib,
    name_problem,
    relative,
)

MAX_ENTRIES = 10_000
MAX_CENTRAL_DIRECTORY = 16 * 1024 * 1024
CHUNK = 64 * 1024
_READ_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError, RuntimeError, struct.error)


class Inspection(Record):
    """What reading a zip found: layout (top folder, SKILL.md member, file list) plus SKILL.md's bytes."""

    __slots__ = ("findings", "layout", "skill_md_bytes", "members", "contents")

    def __init__(
        self,
        findings: list[Finding] | None = None,
        layout: Layout | None = None,
        skill_md_bytes: bytes | None = None,
        members: list[Member] | None = None,
        contents: dict[str, bytes] | None = None,
    ) -> None:
        self.findings: list[Finding] = [] if findings is None else findings
        self.layout = layout
        self.skill_md_bytes = skill_md_bytes
        self.members: list[Member] = [] if members is None else members
        self.contents: dict[str, bytes] = {} if contents is None else contents  # read members by path under the top folder


def check_zip_source(source: ZipSource, options: Options, rules: Mapping[str, Rule] = RULES) -> SkillResult:
    return check_zip(source.zip_path, options, rules)


def check_zip(
    zip_path: Path,
    options: Options,
    rules: Mapping[str, Rule] = RULES,
    *,
    data: bytes | None = None,
    shown: Path | None = None,
    allow: IgnoreRules | None = None,
) -> SkillResult:
    """Check the zip at `zip_path` (or the bytes `data`, reported as `shown`); never raises."""
    target = options.target or Target.CLAUDE_AI  # a zip is an upload whatever folder it sits in
    shown = shown or zip_path
    skill_md = shown
    name: str | None = None
    try:
        found = inspect(data if data is not None else zip_path, shown, allow)
        findings = list(found.findings)
        lay = found.layout
        if lay is not None and lay.skill_md is not None and lay.top:
            skill_md = shown / lay.skill_md.path
        if lay is not None and found.skill_md_bytes is not None and lay.top:
            # The zip's members, not a folder on disk: link, reference and file rules read them, never the disk.
            members = ZipFiles(lay.files, found.contents, shown / lay.top)
            doc = document.parse(skill_md, shown / lay.top, found.skill_md_bytes, members)
            findings.extend(run_rules(doc, target, options, rules))
            name = doc.name
    except Exception as exc:  # noqa: BLE001 - a hostile zip must never take the run down
        findings = [crash("reading the zip", exc)]
    return SkillResult(
        path=display(shown),
        file=display(skill_md),
        name=name,
        target=target,
        diagnostics=to_diagnostics(findings, skill_md, target, options, rules),
    )


def inspect(source: Path | bytes, shown: Path, allow: IgnoreRules | None = None) -> Inspection:
    """Open and read a zip within the caps; every problem is a finding."""
    out = Inspection()
    where = str(shown)
    if isinstance(source, bytes):
        _inspect_stream(io.BytesIO(source), where, out, allow)
        return out
    try:
        st = os.stat(source)
    except OSError as exc:
        out.findings.append(Finding(RuleId.ZIP_CORRUPT, f"cannot read the zip: {exc.strerror or exc}", file=where))
        return out
    if not stat.S_ISREG(st.st_mode):
        out.findings.append(Finding(RuleId.ZIP_CORRUPT, "cannot read the zip: not a regular file", file=where))
        return out
    try:
        with open(source, "rb") as fh:
            _inspect_stream(fh, where, out, allow)
    except OSError as exc:
        out.findings.append(Finding(RuleId.ZIP_CORRUPT, f"cannot read the zip: {exc.strerror or exc}", file=where))
    return out


def _inspect_stream(fh: BinaryIO, where: str, out: Inspection, allow: IgnoreRules | None) -> None:
    try:
        declared = declared_entries(fh)
        if declared is not None:
            entries, cd_size = declared
            if entries > MAX_ENTRIES:
                out.findings.append(Finding(RuleId.ZIP_TOO_MANY_FILES, f"zip declares {entries:,} entries (> {MAX_ENTRIES:,}); refused without reading it", file=where))
                return
            if cd_size > MAX_CENTRAL_DIRECTORY:
                out.findings.append(Finding(RuleId.ZIP_TOO_MANY_FILES, f"zip directory is {mib(cd_size)} (> {mib(MAX_CENTRAL_DIRECTORY)}); refused without reading it", file=where))
                return
        fh.seek(0)
        zf = zipfile.ZipFile(fh)
    except _READ_ERRORS as exc:
        out.findings.append(Finding(RuleId.ZIP_CORRUPT, f"not a readable zip ({_why(exc)})", file=where))
        return
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_ENTRIES:
            out.findings.append(Finding(RuleId.ZIP_TOO_MANY_FILES, f"zip has {len(infos):,} entries (> {MAX_ENTRIES:,}); refused", file=where))
            return
        out.members = [_member(info, where) for info in infos]
        out.layout = layout(out.members, where, allow)
        out.findings.extend(out.layout.findings)
        _read_members(zf, infos, out, where, allow)


def _member(info: zipfile.ZipInfo, where: str) -> Member:
    safe = name_problem(info.filename, info.orig_filename) is None
    path = info.filename.rstrip("/")
    return Member(
        name=info.filename,
        size=info.file_size,
        file=f"{where}/{path}" if safe else where,
        is_dir=info.is_dir(),
        mode=(info.external_attr >> 16) & 0xFFFF,
        raw_name=info.orig_filename,
    )


def _read_members(zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo], out: Inspection, where: str, allow: IgnoreRules | None) -> None:
    """Decompress members within the total cap: SKILL.md first, then the rest (for CRCs, archives, secrets)."""
    lay = out.layout
    assert lay is not None
    readable = {m.name: (m, info) for m, info in zip(out.members, infos) if not m.is_dir and m.file != where and not _special(m.mode)}
    order = sorted(readable)
    if lay.skill_md is not None and lay.skill_md.name in readable:
        order.remove(lay.skill_md.name)
        order.insert(0, lay.skill_md.name)
    declared_over = any(f.rule == RuleId.ZIP_TOO_LARGE for f in lay.findings)
    budget = MAX_UNCOMPRESSED
    for name in order:
        member, info = readable[name]
        is_skill_md = lay.skill_md is not None and name == lay.skill_md.name
        if not is_skill_md and declared_over:
            break  # already refused on declared sizes: expanding the rest proves nothing
        cap = min(limits.SKILL_MD_MAX_BYTES, budget) if is_skill_md else budget
        data, problem = read_bounded(zf, info, cap)
        budget -= len(data)
        if problem == "over" and is_skill_md and cap == limits.SKILL_MD_MAX_BYTES:
            out.findings.append(Finding(RuleId.FILE_TOO_LARGE, f"SKILL.md too large (over {limits.SKILL_MD_MAX_BYTES:,} bytes); not parsed", file=member.file))
            continue
        if problem == "over":
            out.findings.append(Finding(RuleId.ZIP_TOO_LARGE, f"entries decompress to more than {mib(MAX_UNCOMPRESSED)} (stopped reading at '{name}'); refused", file=where))
            return
        if problem is not None:
            out.findings.append(Finding(RuleId.ZIP_CORRUPT, f"entry '{name}' cannot be read ({problem})", file=where))
            continue
        if is_skill_md:
            out.skill_md_bytes = data
        rel = relative(member.path, lay.top)
        if lay.top and member.path.startswith(lay.top + "/"):
            out.contents[rel] = data
        out.findings.extend(content_findings(member, data, rel, allow))


def read_bounded(zf: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int) -> tuple[bytes, str | None]:
    """Read one member, never more than `cap` + 1 bytes whatever it declares; ('over' | reason | None)."""
    chunks: list[bytes] = []
    total = 0
    try:
        with zf.open(info) as fh:
            while True:
                chunk = fh.read(min(CHUNK, cap + 1 - total))
                if not chunk:
                    break
                chunks.append(chunk)
                total += len(chunk)
                if total > cap:
                    return b"".join(chunks)[:cap], "over"
    except _READ_ERRORS as exc:
        return b"", _why(exc)
    return b"".join(chunks), None


def declared_entries(fh: BinaryIO) -> tuple[int, int] | None:
    """(entry count, central directory size) from the end records, read before zipfile parses anything.

    Takes the last end-record signature, as zipfile does, so the numbers checked are the ones it will use.
    """
    fh.seek(0, io.SEEK_END)
    size = fh.tell()
    tail_len = min(size, 22 + 65535)
    fh.seek(size - tail_len)
    tail = fh.read(tail_len)
    pos = tail.rfind(b"PK\x05\x06")
    if pos < 0 or len(tail) - pos < 22:
        return None
    entries, cd_size = struct.unpack("<HI", tail[pos + 10 : pos + 16])
    locator = pos - 20
    if (entries == 0xFFFF or cd_size == 0xFFFFFFFF) and locator >= 0 and tail[locator : locator + 4] == b"PK\x06\x07":
        (offset,) = struct.unpack("<Q", tail[locator + 8 : locator + 16])
        if offset < size:
            fh.seek(offset)
            record = fh.read(56)
            if record[:4] == b"PK\x06\x06" and len(record) == 56:
                entries, cd_size = struct.unpack("<QQ", record[32:48])
    return entries, cd_size


def _special(mode: int) -> bool:
    return stat.S_IFMT(mode) not in (0, stat.S_IFREG)


def _why(exc: BaseException) -> str:
    if isinstance(exc, RuntimeError) and "encrypted" in str(exc):
        return "it is encrypted"
    if isinstance(exc, NotImplementedError):
        return "unsupported compression method"
    text = str(exc) or type(exc).__name__
    return text[0].lower() + text[1:] if text else type(exc).__name__
