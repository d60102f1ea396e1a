"""The Z rules on a list of zip members (names, sizes, modes) and on member contents; shared by zipcheck and the build."""

from __future__ import annotations

import re
import stat
import unicodedata
from collections import Counter
from collections.abc import Iterable
from typing import Final

from skillkit.content import secrets
from skillkit.diagnostics import Finding
from skillkit.ids import RuleId
from skillkit.record import Record
from skillkit.upload.archives import DOCUMENT_ZIP_SUFFIXES, archive_suffix, magic_kind
from skillkit.upload.ignore import IgnoreRules, defaults
from skillkit.words import counted, noun

MAX_FILES = 200  # observed upload limit ("Zip contains too many files (maximum 200)")
MAX_UNCOMPRESSED = 30_000_000  # "30 MB (all files combined, uncompressed)"; the unit is undocumented, so the stricter one
PLUGIN_MANIFEST = (".claude-plugin", "plugin.json")
_MANIFEST_PATH: Final = "/".join(PLUGIN_MANIFEST)

_LETTERS: Final = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_FORMAT_BITS: Final = 0o170000  # stat.S_IFMT's mask
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class Member(Record):
    """One zip entry, or one file a build will store. `file` is where findings about it point."""

    __slots__ = ("name", "size", "file", "is_dir", "mode", "raw_name")

    def __init__(self, name: str, size: int, file: str, is_dir: bool = False, mode: int = 0, raw_name: str | None = None) -> None:
        self.name: Final = name
        self.size: Final = size
        self.file: Final = file
        self.is_dir: Final = is_dir
        self.mode: Final = mode
        self.raw_name: Final = raw_name

    @property
    def path(self) -> str:
        return self.name.rstrip("/")


class Layout(Record):
    """What the member list says: findings, the top folder, the SKILL.md member and the files under the top."""

    __slots__ = ("findings", "top", "skill_md", "files")

    def __init__(
        self,
        findings: list[Finding] | None = None,
        top: str | None = None,
        skill_md: Member | None = None,
        files: frozenset[str] = frozenset(),
    ) -> None:
        self.findings: list[Finding] = [] if findings is None else findings
        self.top = top
        self.skill_md = skill_md
        self.files = files


def name_problem(name: str, raw: str | None = None) -> str | None:
    """Why an entry name is unsafe, or None."""
    raw = name if raw is None else raw
    if not name.rstrip("/"):
        return "is empty"
    if "\x00" in raw:
        return "contains a NUL byte"
    if not (raw.isascii() and raw.isprintable()) and _CONTROL.search(raw):
        return "contains a control character"
    if "\\" in raw:
        return "contains a backslash (a folder separator on Windows only)"
    if name.startswith("/") or len(name) > 1 and name[1] == ":" and name[0] in _LETTERS:
        return "is an absolute path"
    stripped = name.rstrip("/")
    if "//" not in stripped and "/." not in stripped and not stripped.startswith("."):
        return None  # no part can be empty, '.' or '..'
    parts = stripped.split("/")
    if ".." in parts:
        return "has a '..' part (it would be written outside the folder it is unpacked into)"
    if "." in parts or "" in parts:
        return "has an empty or '.' part"
    return None


def layout(members: list[Member], where: str, allow: IgnoreRules | None = None) -> Layout:
    """Every Z rule that needs only names, sizes and modes; `where` is the zip (or skill folder) for whole-zip findings."""
    out = Layout()
    f = out.findings
    safe = []
    for m in members:
        problem = name_problem(m.name, m.raw_name)
        if problem:
            f.append(Finding(RuleId.ZIP_ENTRY_NAME, f"entry {m.name!r} {problem}", file=where))
        elif _kind(m.mode):
            f.append(Finding(RuleId.ZIP_SYMLINK, f"entry '{m.name}' is {_kind(m.mode)}; a skill zip stores only files", file=where))
        else:
            safe.append(m)
    paths = [m.path for m in members]
    if len(set(paths)) < len(paths):
        for name, n in Counter(paths).items():
            if n > 1:
                f.append(Finding(RuleId.ZIP_ENTRY_NAME, f"entry '{name}' is stored {n} times", file=where))
    f.extend(case_collisions(safe, where))
    files = [m for m in safe if not m.is_dir]
    _top(out, safe, files, where)
    _skill_md(out, files, where)
    if len(files) > MAX_FILES:
        f.append(Finding(RuleId.ZIP_TOO_MANY_FILES, f"too many files ({len(files)} > {MAX_FILES}, the upload's observed limit)", file=where))
    total = sum(m.size for m in files)
    if total > MAX_UNCOMPRESSED:
        largest = ", ".join(f"{m.name} ({mib(m.size)})" for m in sorted(files, key=_larger_first)[:3])
        f.append(Finding(RuleId.ZIP_TOO_LARGE, f"files too large ({mib(total)} > {mib(MAX_UNCOMPRESSED)} uncompressed); largest: {largest}", file=where))
    junk: set[str] = set()
    junk_rules = defaults()
    for m in files:
        path = m.path
        rel = relative(path, out.top)
        if path == _MANIFEST_PATH or path.endswith("/" + _MANIFEST_PATH):
            f.append(Finding(RuleId.ZIP_PLUGIN_MANIFEST, f"'{m.name}' is a plugin manifest; a skill cannot contain one (upload it as a plugin instead)", file=m.file))
        suffix = archive_suffix(path)
        if suffix:
            f.append(Finding(RuleId.ZIP_NESTED_ARCHIVE, f"'{m.name}' is an archive ({suffix}); unpack what the skill needs or leave it out", file=m.file))
        why = secrets.secret_filename(path)
        if why and not _allowed(allow, rel):
            f.append(Finding(RuleId.PACKAGE_SECRET, f"'{m.name}' is {why}; never package it (remove it or exclude it in .skillkitignore)", file=m.file))
        hit = junk_rules.ignored_path(rel)
        if hit is not None:
            junk.add(hit if out.top is None or rel == path else f"{out.top}/{hit}")
    for name in sorted(junk):
        f.append(Finding(RuleId.ZIP_JUNK, f"'{name}' is junk no upload needs; leave it out", file=where))
    if out.top:
        under = out.top + "/"
        out.files = frozenset([m.path[len(under) :] for m in files if m.path.startswith(under)])
    return out


def case_collisions(members: list[Member], where: str) -> list[Finding]:
    """Paths (files or folders) that differ only in case or Unicode normalisation: one file on macOS and Windows.

    Only the shortest colliding path is reported (`a/Ref/` and `a/ref/`, not every file under them);
    extra SKILL.md spellings are left to zip-skill-md.
    """
    spellings: dict[str, set[str]] = {}
    clash = False
    for m in members:
        full = m.path
        end = full.find("/")
        while True:  # each leading part of the path: 'a', 'a/b', ... (a slice per '/', not a join per part)
            path = full if end == -1 else full[:end]
            key = (path if path.isascii() else unicodedata.normalize("NFC", path)).lower()
            spelt = spellings.get(key)
            if spelt is None:
                spellings[key] = {path}
            elif path not in spelt:
                spelt.add(path)
                clash = True
            if end == -1:
                break
            end = full.find("/", end + 1)
    if not clash:
        return []
    files = {m.path: m.file for m in members if not m.is_dir}
    out: list[Finding] = []
    collided: list[str] = []
    for key in sorted(spellings, key=_shallow_first):
        names = sorted(spellings[key])
        if len(names) < 2 or key.rsplit("/", 1)[-1] == "skill.md" or any(key.startswith(c + "/") for c in collided):
            continue
        collided.append(key)
        a, b = names[:2]
        same = unicodedata.normalize("NFC", a) == unicodedata.normalize("NFC", b)
        how, shown = ("Unicode normalisation", f"{a!a} and {b!a}") if same else ("case", f"'{a}' and '{b}'")
        more = f" (and {len(names) - 2} more)" if len(names) > 2 else ""
        out.append(Finding(
            RuleId.ZIP_ENTRY_NAME,
            f"{shown}{more} differ only in {how}: they unpack as one {'file' if b in files else 'folder'} on macOS and Windows; rename one",
            file=files.get(b, where),
        ))
    return out


# Sort keys as module functions: a lambda in a compiled function makes it build an environment on every call.
def _larger_first(m: Member) -> int:
    return -m.size


def _shallow_first(path: str) -> tuple[int, str]:
    return path.count("/"), path


def content_findings(member: Member, data: bytes, rel: str, allow: IgnoreRules | None = None) -> Iterable[Finding]:
    """The Z rules that need a member's bytes: archives by content, secrets inside files."""
    yield from archive_findings(member, data)
    if _allowed(allow, rel) or secrets.secret_filename(member.path):
        return
    for hit in secrets.scan_bytes(data, member.path):
        yield Finding(
            RuleId.PACKAGE_SECRET,
            f"'{member.name}' holds what looks like a live {hit.kind} ({hit.shown}); remove it and revoke it, or allow it with --allow-secret",
            hit.line,
            hit.column,
            member.file,
        )


def archive_findings(member: Member, data: bytes) -> list[Finding]:
    """A member that is an archive by its first bytes (a suffix says so already, and a document is a zip by design)."""
    lower = member.path.lower()
    if archive_suffix(lower) or lower.endswith(DOCUMENT_ZIP_SUFFIXES):
        return []
    kind = magic_kind(data)
    if kind is None:
        return []
    return [Finding(RuleId.ZIP_NESTED_ARCHIVE, f"'{member.name}' is a {kind} archive (by its content); unpack what the skill needs or leave it out", file=member.file)]


def relative(path: str, top: str | None) -> str:
    if top and path.startswith(top + "/"):
        return path[len(top) + 1 :]
    return path


def mib(n: int) -> str:
    """A size for messages: exact bytes, so a file one byte over the limit reads as over it."""
    return f"{n:,} bytes"


def _count(n: int) -> str:
    return f"{counted(n, 'file')} {noun(n, 'is', 'are')}"


def _allowed(allow: IgnoreRules | None, rel: str) -> bool:
    return allow is not None and allow.ignored_path(rel) is not None


def _kind(mode: int) -> str | None:
    fmt = mode & _FORMAT_BITS
    if fmt in (0, stat.S_IFREG, stat.S_IFDIR):
        return None
    if fmt == stat.S_IFLNK:
        return "a symbolic link"
    return "a special file (FIFO, socket or device)"


def _top(out: Layout, safe: list[Member], files: list[Member], where: str) -> None:
    tops: set[str] = set()
    at_root: list[str] = []  # `files` are the safe members that are no folder, in the same order
    for m in safe:
        path = m.path
        cut = path.find("/")
        if cut >= 0:
            tops.add(path[:cut])
        elif m.is_dir:
            tops.add(path)
        else:
            at_root.append(path)
    folders = sorted(tops)
    shown = ", ".join(at_root[:5]) + (", ..." if len(at_root) > 5 else "")
    if not safe:
        out.findings.append(Finding(RuleId.ZIP_TOP_FOLDER, "zip is empty: it must hold one folder named as the skill", file=where))
    elif at_root and not folders:
        out.findings.append(Finding(RuleId.ZIP_TOP_FOLDER, f"zip has no top-level folder: {_count(len(at_root))} at its root ({shown}); zip the skill folder itself, not its contents", file=where))
    elif at_root:
        out.findings.append(Finding(RuleId.ZIP_TOP_FOLDER, f"{_count(len(at_root))} at the zip root ({shown}); all files must be inside the top-level folder", file=where))
    if len(folders) > 1:
        hint = " (__MACOSX/ is macOS zip litter: zip with `skillkit build-zip`)" if "__MACOSX" in folders else ""
        out.findings.append(Finding(RuleId.ZIP_TOP_FOLDER, f"zip has {len(folders)} top-level folders ({', '.join(folders[:5])}); it must have exactly one{hint}", file=where))
    if len(folders) == 1:
        out.top = folders[0]
    else:  # still read the skill when exactly one folder holds a SKILL.md, so its content is checked too
        holders = [p for p in folders if any(m.path.lower() == f"{p.lower()}/skill.md" for m in files)]
        out.top = holders[0] if len(holders) == 1 else None


def _skill_md(out: Layout, files: list[Member], where: str) -> None:
    found = [m for m in files if m.path.rsplit("/", 1)[-1].lower() == "skill.md"]
    if not found:
        out.findings.append(Finding(RuleId.ZIP_SKILL_MD, "zip has no SKILL.md (the upload says \"Missing required skill.md file\")", file=where))
        return
    if len(found) > 1:
        listed = ", ".join(m.path for m in found[:5]) + (", ..." if len(found) > 5 else "")
        out.findings.append(Finding(RuleId.ZIP_SKILL_MD, f"zip has {len(found)} SKILL.md files ({listed}); exactly one is allowed: build one zip per skill", file=where))
    at_top = [m for m in found if out.top and "/" in m.path and m.path.split("/", 1) == [out.top, m.path.rsplit("/", 1)[-1]]]
    out.skill_md = at_top[0] if at_top else None
    for m in at_top:
        if m.path.endswith("/SKILL.md"):
            out.skill_md = m
            break
    for m in found if len(found) == 1 else ():
        if m in at_top:
            continue
        where_m = "at the zip root" if "/" not in m.path else f"at '{m.path}'"
        out.findings.append(Finding(RuleId.ZIP_SKILL_MD, f"SKILL.md must be directly in the top-level folder, not {where_m}", file=m.file))
