"""What `skillkit build-zip` would refuse in a skill folder, found by `validate` under claude-ai and api.

The folder is walked as the build walks it (the default excludes and `.skillkitignore` applied, links
never followed into folders, a link to a file stored as that file) and the list of files the zip would
hold goes through the same Z rules the build and the zip check use (`upload.layout`): a second
`SKILL.md`, a plugin manifest, nested archives, more than 200 files or 30 MB, unsafe or colliding
names. Links that leave the skill, dangle or point to folders, and files that cannot be stored, are
reported with the build's own messages, so `build-zip` shows each problem once.
"""

from __future__ import annotations

import os
import stat
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Final

from skillkit.content import secrets
from skillkit.diagnostics import Finding
from skillkit.document.files import MARKDOWN_SUFFIXES
from skillkit.document.skill import Derived, SkillDocument
from skillkit.ids import RuleId
from skillkit.rules.base import UPLOAD, Context
from skillkit.upload import ignore
from skillkit.upload.layout import (
    MAX_FILES,
    MAX_UNCOMPRESSED,
    Member,
    content_findings,
    layout,
)

MAX_WALKED: Final = 20_000  # entries: far past the 200-file limit, so the count in the message is still exact
MAGIC_BYTES: Final = 8  # enough for every archive signature upload.layout knows
# Reported elsewhere under validate: secret-token scans the same files (and build-zip honours --allow-secret).
_LEFT_TO_OTHERS: Final = frozenset({RuleId.PACKAGE_SECRET})


@dataclass(slots=True)
class _Walk:
    files: list[tuple[str, str, str, int, int]] = field(default_factory=list)  # rel, shown path, real path, size, mode
    findings: list[Finding] = field(default_factory=list)
    by_nfc: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))


def predicted(ctx: Context, rule_id: RuleId) -> list[Finding]:
    """The findings of one rule that the build of this skill folder would report; none outside claude-ai and api."""
    if ctx.target not in UPLOAD or not ctx.doc.files.on_disk:
        return []
    return ctx.doc.derive(_PREDICTED, lambda: _predict(ctx.doc)).get(rule_id, [])


def _predict(doc: SkillDocument) -> dict[RuleId, list[Finding]]:
    root = str(doc.skill_dir)
    walk = _Walk()
    _walk(root, ignore.load(doc.skill_dir), walk)
    walk.files.sort(key=lambda f: f[0])
    top = doc.skill_dir.name
    members = [Member(name=f"{top}/{rel}", size=size, file=shown, mode=stat.S_IFREG | mode) for rel, shown, _, size, mode in walk.files]
    found = list(walk.findings)
    found.extend(layout(members, root).findings)
    if len(members) <= MAX_FILES and sum(m.size for m in members) <= MAX_UNCOMPRESSED:
        for (rel, shown, real, _, _), member in zip(walk.files, members):
            # A markdown file's bytes are already held for the other scans: no second open for its first bytes.
            if real == shown and rel == doc.path.name:
                held = doc.raw  # SKILL.md: read once, by the document
            else:
                held = doc.files.read(rel) if real == shown and rel.lower().endswith(MARKDOWN_SUFFIXES) else None
            head = held[:MAGIC_BYTES] if held is not None else _head(real)
            if head:
                found.extend(content_findings(member, head, rel))
    # SKILL.md itself left out (a link leaving the skill, a FIFO): that finding says why, "no SKILL.md" adds nothing;
    # and when it cannot even be read, file-unreadable has said so.
    skill_md = os.path.join(root, doc.path.name)
    packed = any(shown == skill_md for _, shown, _, _, _ in walk.files)
    out: dict[RuleId, list[Finding]] = {}
    for finding in found:
        if finding.rule in _LEFT_TO_OTHERS or (doc.text is None and finding.file == skill_md):
            continue
        if finding.rule == RuleId.ZIP_SKILL_MD and not packed and finding.file == root:
            continue
        out.setdefault(finding.rule, []).append(finding)
    return out


def _walk(root: str, rules: ignore.IgnoreRules, out: _Walk) -> None:
    """The files the build would pack, with the build's findings on links, special files and names."""
    stack: list[tuple[str, str]] = [("", root)]
    seen = 0
    while stack and seen < MAX_WALKED:
        prefix, directory = stack.pop()
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError as exc:
            out.findings.append(Finding(RuleId.PACKAGE_FILE, f"cannot list '{prefix or '.'}': {exc.strerror or exc}", file=directory))
            continue
        for entry in entries:
            seen += 1
            raw_rel = prefix + entry.name
            path = entry.path
            try:
                raw_rel.encode("utf-8")
                st = os.lstat(path)
            except UnicodeEncodeError:
                out.findings.append(Finding(RuleId.PACKAGE_FILE, f"name {raw_rel!r} is not valid UTF-8 and cannot be stored", file=root))
                continue
            except OSError as exc:
                out.findings.append(Finding(RuleId.PACKAGE_FILE, f"cannot read '{raw_rel}': {exc.strerror or exc}", file=path))
                continue
            rel = unicodedata.normalize("NFC", raw_rel)
            is_dir = stat.S_ISDIR(st.st_mode) or (stat.S_ISLNK(st.st_mode) and os.path.isdir(path))
            if rules.ignored(rel, is_dir):
                continue
            if stat.S_ISDIR(st.st_mode):
                stack.append((raw_rel + "/", path))
            elif stat.S_ISLNK(st.st_mode):
                _link(rel, path, os.path.realpath(root), out)  # resolved only for a link: most skills have none
            elif stat.S_ISREG(st.st_mode):
                _plan(out, rel, path, path, st)
            else:
                out.findings.append(Finding(RuleId.PACKAGE_FILE, f"'{rel}' is a FIFO, socket or device; only regular files can be packaged", file=path))
    for rel, sources in out.by_nfc.items():
        if len(sources) > 1:
            out.findings.append(Finding(RuleId.PACKAGE_FILE, f"{len(sources)} files have the name '{rel}' once Unicode-normalised; rename one", file=sources[1]))


def _link(rel: str, path: str, root_real: str, out: _Walk) -> None:
    try:
        target = os.readlink(path)
    except OSError:
        target = "?"
    real = os.path.realpath(path)
    if not _within(real, root_real):
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
        inside = os.path.relpath(real, root_real).replace(os.sep, "/")
        why = secrets.secret_filename(inside)
        if why:  # a harmless-looking link must not smuggle in an excluded `.env`
            out.findings.append(Finding(RuleId.SECRET_TOKEN, f"symlink '{rel}' points to '{inside}', {why}; never ship it in a skill", file=path))
        _plan(out, rel, path, real, st)


def _plan(out: _Walk, rel: str, shown: str, real: str, st: os.stat_result) -> None:
    out.by_nfc[rel].append(shown)
    if len(out.by_nfc[rel]) == 1:
        out.files.append((rel, shown, real, st.st_size, 0o755 if st.st_mode & 0o111 else 0o644))


def _within(path: str, root: str) -> bool:
    try:
        return os.path.commonpath([path, root]) == root
    except ValueError:  # another drive on Windows
        return False


def _head(path: str) -> bytes:
    """The first bytes of a file, for the archive signatures; nothing for a file that cannot be read."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return b""
    try:
        return os.read(fd, MAGIC_BYTES) if stat.S_ISREG(os.fstat(fd).st_mode) else b""
    except OSError:
        return b""
    finally:
        os.close(fd)


# Values derived once per document, kept on it under these typed keys.
_PREDICTED: Final[Derived[dict[RuleId, list[Finding]]]] = Derived("upload:predicted")
