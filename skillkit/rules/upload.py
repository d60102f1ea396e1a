"""What `skillkit build-zip` would refuse in a skill folder, found by `validate` under claude-ai and api.

The folder is walked by the build's own walk (`upload.walk`: the default excludes and `.skillkitignore` applied,
links never followed into folders, a link to a file stored as that file) and the list of files the zip would
hold goes through the same Z rules the build and the zip check use (`upload.layout`): a second
`SKILL.md`, a plugin manifest, nested archives, more than 200 files or 30 MB, unsafe or colliding
names. Links that leave the skill, dangle or point to folders, and files that cannot be stored, are
reported with the build's own messages, so `build-zip` shows each problem once.
"""

from __future__ import annotations

import os
import stat
from typing import Final

from skillkit.diagnostics import Finding
from skillkit.document.files import MARKDOWN_SUFFIXES, FolderFiles
from skillkit.document.skill import Derived, SkillDocument
from skillkit.ids import RuleId
from skillkit.rules.base import UPLOAD, Context
from skillkit.upload import ignore
from skillkit.upload.layout import (
    MAX_FILES,
    MAX_UNCOMPRESSED,
    archive_findings,
    layout,
)
from skillkit.upload.walk import as_members, linked_secrets, walk

MAX_WALKED: Final = 20_000  # entries: far past the 200-file limit, so the count in the message is still exact
MAGIC_BYTES: Final = 8  # enough for every archive signature upload.layout knows
# Reported elsewhere under validate: secret-token scans the same files (and build-zip honours --allow-secret).
_LEFT_TO_OTHERS: Final = frozenset({RuleId.PACKAGE_SECRET})


def predicted(ctx: Context, rule_id: RuleId) -> list[Finding]:
    """The findings of one rule that the build of this skill folder would report; none outside claude-ai and api."""
    if ctx.target not in UPLOAD or not ctx.doc.files.on_disk:
        return []
    return ctx.doc.derive(_PREDICTED, lambda: _predict(ctx.doc)).get(rule_id, [])


def _predict(doc: SkillDocument) -> dict[RuleId, list[Finding]]:
    root = doc.folder
    name = doc.file_name
    files = doc.files
    listed = files.listings() if isinstance(files, FolderFiles) else None  # the folders as the file list read them
    walked = walk(root, ignore.for_listed(root, files.names()), limit=MAX_WALKED, listed=listed)
    top = doc.folder_name
    members = as_members(walked.files, top)
    found = walked.findings
    found.extend(layout(members, root).findings)
    if len(members) <= MAX_FILES and sum(m.size for m in members) <= MAX_UNCOMPRESSED:
        for f, member in zip(walked.files, members):
            # A markdown file's bytes are already held for the other scans: no second open for its first bytes.
            if f.real == f.source and f.rel == name:
                held = doc.raw  # SKILL.md: read once, by the document
            else:
                held = doc.files.read(f.rel) if f.real == f.source and f.rel.lower().endswith(MARKDOWN_SUFFIXES) else None
            head = held[:MAGIC_BYTES] if held is not None else _head(f.real)
            if head:
                found.extend(archive_findings(member, head))
    found.extend(
        Finding(RuleId.SECRET_TOKEN, f"symlink '{f.rel}' points to '{target}', {why}; never ship it in a skill", file=f.source)
        for f, target, why in linked_secrets(walked.files, root)
    )
    # SKILL.md itself left out (a link leaving the skill, a FIFO): that finding says why, "no SKILL.md" adds nothing;
    # and when it cannot even be read, file-unreadable has said so.
    skill_md = os.path.join(root, name)
    packed = any(f.source == skill_md for f in walked.files)
    out: dict[RuleId, list[Finding]] = {}
    for finding in found:
        if finding.rule in _LEFT_TO_OTHERS or (doc.text is None and finding.file == skill_md):
            continue
        if finding.rule == RuleId.ZIP_SKILL_MD and not packed and finding.file == root:
            continue
        out.setdefault(finding.rule, []).append(finding)
    return out


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
