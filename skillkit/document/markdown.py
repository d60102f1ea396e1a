"""The skill's markdown, parsed once per document: the SKILL.md body and the other markdown files it ships."""

from __future__ import annotations

from typing import Final

from skillkit.document.skill import Derived, SkillDocument
from skillkit.markdown.parse import parse_tokens
from skillkit.markdown.parsed import Parsed


def body(doc: SkillDocument) -> Parsed | None:
    """The SKILL.md body parsed once per document (None when there is no body)."""
    if doc.body is None:
        return None
    return doc.derive(_BODY, lambda: _parse_body(doc))


def _parse_body(doc: SkillDocument) -> Parsed:
    first = doc.body_first_line
    lines = doc.lines[first - 1 :] if doc.lines else (doc.body or "").split("\n")
    return Parsed(lines=lines, first_line=first, tokens=parse_tokens(doc.body or ""))


def skill_file(doc: SkillDocument, rel: str) -> Parsed | None:
    """Another markdown file of the skill ('/'-relative path), parsed once per document; None if unreadable."""
    parsed = doc.derive(_FILES, dict)
    if rel not in parsed:
        parsed[rel] = _parse_file(doc, rel)
    return parsed[rel]


def _parse_file(doc: SkillDocument, rel: str) -> Parsed | None:
    text = read_text(doc, rel)
    if text is None:
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return Parsed(lines=text.split("\n"), first_line=1, tokens=parse_tokens(text), file=str(doc.skill_dir / rel))


def read_text(doc: SkillDocument, rel: str) -> str | None:
    """A markdown file of the skill as text, from the folder or the zip the document came from; None if unreadable."""
    return doc.files.text(rel)


# Values derived once per document, kept on it under these typed keys.
_BODY: Final[Derived[Parsed]] = Derived("markdown body")
_FILES: Final[Derived[dict[str, Parsed | None]]] = Derived("markdown files by path")
