"""References found by parsing: the links, images and backticked paths read from a markdown text's inline tokens."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Final
from urllib.parse import unquote

from skillkit.document.markdown import body
from skillkit.document.refs import (
    SKILL_DIR,
    Ref,
    bundled_path,
    decoded,
    split_target,
    split_variable,
)
from skillkit.document.refs import index as _index
from skillkit.document.skill import Derived, SkillDocument
from skillkit.markdown.parsed import (
    CODE_TYPES,
    Parsed,
    column_of,
    inline_children,
    strip_container,
)

if TYPE_CHECKING:
    from markdown_it.token import Token


def links(parsed: Parsed) -> list[Ref]:
    """Markdown links and images (inline, reference-style and autolinks), in source order.

    A reference-style link whose target is not on its own line is placed on its `[label]: target`
    definition, where the target is written and fixed.
    """
    out: list[Ref] = []
    definitions = _Definitions(parsed)
    for child, index in inline_children(parsed):
        if child.type in ("link_open", "image"):
            out.append(_link(parsed, child, index, definitions))
    return out


def _link(parsed: Parsed, child: Token, index: int, definitions: _Definitions) -> Ref:
    if child.type == "link_open":
        href, kind = str(child.attrs.get("href", "")), "link"
    else:
        href, kind = str(child.attrs.get("src", "")), "image"
    target = decoded(href)
    path, fragment = split_target(target)
    variable, path = split_variable(path)
    line = parsed.lines[index] if index < len(parsed.lines) else ""
    column = column_of(line, href, 0) or column_of(line, target, 0)
    if not column:
        index, column = definitions.get(target) or definitions.get(href) or (index, column_of(line, "[", 1))
    return Ref(kind, target, path, fragment, index, column, variable)


class _Definitions:
    """Where each `[label]: target` definition of a text writes its target, found on the first question."""

    __slots__ = ("parsed", "found")

    def __init__(self, parsed: Parsed) -> None:
        self.parsed = parsed
        self.found: dict[str, tuple[int, int]] | None = None

    def get(self, target: str) -> tuple[int, int] | None:
        if self.found is None:
            self.found = _definitions(self.parsed)
        return self.found.get(target)


# A link reference definition (`[label]: target`), its target in group 1.
DEFINITION_RE: Final = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?([^>\s]+)>?")


def _definitions(parsed: Parsed) -> dict[str, tuple[int, int]]:
    """Where each `[label]: target` definition writes its target: target -> (0-based line, column)."""
    found: dict[str, tuple[int, int]] = {}
    code = parsed.mask(CODE_TYPES)
    for i, line in enumerate(parsed.lines):
        if "]:" not in line or code[i]:
            continue
        m = DEFINITION_RE.match(strip_container(line))
        if m:
            raw = m.group(1)
            column = line.find(raw) + 1
            for key in (raw, unquote(raw)):
                found.setdefault(key, (i, column))
    return found


def code_paths(parsed: Parsed, top_dirs: frozenset[str], backslash: bool = False) -> list[Ref]:
    """Backticked paths that look like bundled files: under a folder the skill has, or scripts/references/assets.

    With `backslash`, only spans written with Windows separators (`scripts\\fill.py`) are returned.
    """
    out: list[Ref] = []
    for child, index in inline_children(parsed):
        if child.type == "code_inline":
            ref = _code_path(parsed, child, index, top_dirs, backslash)
            if ref is not None:
                out.append(ref)
    return out


def _code_path(parsed: Parsed, child: Token, index: int, top_dirs: frozenset[str], backslash: bool) -> Ref | None:
    text = child.content.strip()
    if ("\\" in text) != backslash or not backslash and "/" not in text:
        return None  # every bundled path holds a '/'
    path = bundled_path(text.replace("\\", "/") if backslash else text, top_dirs)
    if path is None:
        return None
    line = parsed.lines[index] if index < len(parsed.lines) else ""
    at = line.find(child.markup + child.content)
    column = at + len(child.markup) + 1 if at >= 0 else column_of(line, text)
    return Ref("code", text, path, None, index, column, SKILL_DIR if text.startswith(("$", "{")) else None)


def body_links(doc: SkillDocument) -> list[Ref]:
    """The links and images of SKILL.md's body, once per document."""
    return _body_refs(doc)[0]


def body_code_paths(doc: SkillDocument) -> list[Ref]:
    """The backticked bundled-file paths of SKILL.md's body, once per document."""
    return _body_refs(doc)[1]


def _body_refs(doc: SkillDocument) -> tuple[list[Ref], list[Ref]]:
    """The body's links and backticked paths, from one walk over its inline tokens: the link, path and file
    rules ask for both, and walking the tokens twice cost as much as making the references."""
    parsed = body(doc)
    if parsed is None:
        return [], []
    return doc.derive(_BODY_REFS, lambda: _walk(parsed, _index(doc).top_dirs))


def _walk(parsed: Parsed, top_dirs: frozenset[str]) -> tuple[list[Ref], list[Ref]]:
    found: list[Ref] = []
    paths: list[Ref] = []
    definitions = _Definitions(parsed)
    for child, index in inline_children(parsed):
        kind = child.type
        if kind == "code_inline":
            ref = _code_path(parsed, child, index, top_dirs, False)
            if ref is not None:
                paths.append(ref)
        elif kind == "link_open" or kind == "image":
            found.append(_link(parsed, child, index, definitions))
    return found, paths


# Values derived once per document, kept on it under these typed keys.
_BODY_REFS: Final[Derived[tuple[list[Ref], list[Ref]]]] = Derived("refs:body")
