"""The skill's markdown, parsed once per document: the SKILL.md body and the other markdown files it ships."""

from __future__ import annotations

import os
from pathlib import Path

from skillkit.document.skill import SkillDocument, member_bytes
from skillkit.markdown.parse import parse_tokens
from skillkit.markdown.parsed import MAX_MD_BYTES, Parsed


def body(doc: SkillDocument) -> Parsed | None:
    """The SKILL.md body parsed once per document (None when there is no body)."""
    if doc.body is None:
        return None
    return doc.memo("md:body", lambda: _parse_body(doc))


def _parse_body(doc: SkillDocument) -> Parsed:
    first = doc.body_first_line
    lines = doc.lines[first - 1 :] if doc.lines else (doc.body or "").split("\n")
    return Parsed(lines=lines, first_line=first, tokens=parse_tokens(doc.body or ""))


def skill_file(doc: SkillDocument, rel: str) -> Parsed | None:
    """Another markdown file of the skill ('/'-relative path), parsed once per document; None if unreadable."""
    return doc.memo(f"md:file:{rel}", lambda: _parse_file(doc, rel))


def _parse_file(doc: SkillDocument, rel: str) -> Parsed | None:
    text = read_text(doc, rel)
    if text is None:
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return Parsed(lines=text.split("\n"), first_line=1, tokens=parse_tokens(text), file=str(doc.skill_dir / rel))


def read_text(doc: SkillDocument, rel: str) -> str | None:
    """A skill file's text. A zip source may put a `read_file(rel) -> bytes | None` callable in the cache."""
    reader = doc._cache.get("read_file")
    try:
        if callable(reader):
            raw = reader(rel)
        else:
            # A listed regular file (not a link) is inside the skill, and the file scans read it already.
            raw = member_bytes(doc, rel) if rel in doc.files() else None
            if raw is None:  # a link inside the skill, a file over the scans' cap, or one not listed
                path = Path(doc.skill_dir, rel)
                if not path.is_file() or path.stat().st_size > MAX_MD_BYTES or not _inside_skill(doc, path):
                    return None
                raw = path.read_bytes()
    except OSError:
        return None
    if raw is None or len(raw) > MAX_MD_BYTES:
        return None
    return raw.decode("utf-8", errors="replace").lstrip("\ufeff")


def _inside_skill(doc: SkillDocument, path: Path) -> bool:
    """False for a file whose real path leaves the skill (a symlink out, or `..`): it is never read."""
    root = os.path.realpath(doc.skill_dir)
    real = os.path.realpath(path)
    return real == root or real.startswith(root.rstrip(os.sep) + os.sep)
