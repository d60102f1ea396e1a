"""Links, images and backticked paths in SKILL.md that point at files the uploaded skill will not have."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from skillkit.diagnostics import Finding
from skillkit.document import refs
from skillkit.document.markdown import body, skill_file
from skillkit.document.skill import Derived
from skillkit.findtext import has
from skillkit.ids import RuleId
from skillkit.markdown.parsed import Parsed, anchor_key, html_anchors
from skillkit.rules.base import Context, E, W, rule
from skillkit.words import closest, did_you_mean

_OUTSIDE: Final = {
    "outside": "is outside the skill folder",
    "absolute": "is an absolute path",
    "file-url": "is a local file URL",
}


def _links(ctx: Context) -> tuple[Parsed | None, list[refs.Ref]]:
    """The parsed body and its links, once per document (four rules ask); nothing when it cannot hold one."""
    return ctx.doc.derive(_LINKS, lambda: _body_links(ctx))


def _body_links(ctx: Context) -> tuple[Parsed | None, list[refs.Ref]]:
    text = ctx.doc.body or ""
    if "<" not in text and not (has(text, "](") or has(text, "]:") or has(text, "][")):
        return None, []
    parsed = body(ctx.doc)
    if parsed is None:
        return None, []
    return parsed, refs.body_links(ctx.doc)


def _place(parsed: Parsed, rule_id: RuleId, message: str, ref: refs.Ref) -> Finding:
    return Finding(rule_id, message, parsed.file_line(ref.index), ref.column)


def _hint(index: refs.Index, rel: str) -> str:
    near = index.suggest(rel)
    if near is None:
        return ""
    if near.lower() == rel.rstrip("/").lower():
        return f": the file is {near!r} (case matters in the zip and on Linux)"
    return f"; {did_you_mean(near)}"


@rule(RuleId.LINK_TARGET_MISSING, E, needs="body")
def link_target_missing(ctx: Context) -> Iterator[Finding]:
    """A relative link or image in SKILL.md points to a file the skill does not contain.

    Paths are resolved from the skill folder and compared case-sensitively, as the zip and Linux do:
    `references/Guide.md` does not find `references/guide.md` (the message says which file exists).
    """
    parsed, found = _links(ctx)
    if parsed is None:
        return
    index = refs.index(ctx.doc)
    for ref in found:
        if not ref.path or refs.kind_of(ref.target) != "relative":
            continue
        rel = refs.resolve("", ref.path)
        if rel is None or index.exists(rel, folder=ref.path.endswith("/")):
            continue
        message = f"{ref.noun} {ref.path!r} does not exist in the skill{_hint(index, rel)}"
        yield _place(parsed, RuleId.LINK_TARGET_MISSING, message, ref)


@rule(RuleId.LINK_OUTSIDE_SKILL, W, needs="body")
def link_outside_skill(ctx: Context) -> Iterator[Finding]:
    """A link or image in SKILL.md points outside the skill folder (`../`, an absolute path, `file:`).

    Only the skill folder is uploaded: such a target will not exist for Claude. Bundle the file
    and link it with a path relative to SKILL.md.
    """
    parsed, found = _links(ctx)
    if parsed is None:
        return
    for ref in found:
        kind = refs.kind_of(ref.target)
        if kind in _OUTSIDE:
            message = f"{ref.noun} {ref.target!r} {_OUTSIDE[kind]}: it will not exist once the skill is uploaded"
            yield _place(parsed, RuleId.LINK_OUTSIDE_SKILL, message, ref)


@rule(RuleId.PATH_BACKSLASH, W, needs="body")
def path_backslash(ctx: Context) -> Iterator[Finding]:
    """A link, or a backticked bundled-file path, uses Windows backslashes (`scripts\\fill.py`).

    Skills run on Linux and macOS, where `\\` is not a separator; write paths with `/`.
    """
    parsed, found = _links(ctx)
    if parsed is not None:
        for ref in found:
            if refs.kind_of(ref.target) == "backslash":
                yield _place(parsed, RuleId.PATH_BACKSLASH, _backslash_message(ref.target, ref.noun), ref)
    text = ctx.doc.body or ""
    parsed = body(ctx.doc) if "\\" in text and "`" in text else None
    if parsed is None:
        return
    for ref in refs.code_paths(parsed, refs.index(ctx.doc).top_dirs, backslash=True):
        yield _place(parsed, RuleId.PATH_BACKSLASH, _backslash_message(ref.target, "path"), ref)


def _backslash_message(target: str, noun: str) -> str:
    forward = target.replace("\\", "/")
    return f"{noun} '{target}' uses backslashes: write '{forward}' (a backslash is no separator on Linux or macOS)"


@rule(RuleId.LINK_ANCHOR_MISSING, W, needs="body")
def link_anchor_missing(ctx: Context) -> Iterator[Finding]:
    """A link's `#anchor` matches no heading of the file it points to (SKILL.md itself or a bundled .md file).

    Anchors are compared loosely (case, punctuation and spacing ignored) against the headings' GitHub
    anchors and explicit `<a id>`/`name` anchors, so only anchors that match nothing are reported.
    """
    parsed, found = _links(ctx)
    if parsed is None:
        return
    index = refs.index(ctx.doc)
    for ref in found:
        if not ref.fragment:
            continue
        kind = refs.kind_of(ref.target)
        target: Parsed | None
        if kind == "anchor":
            target, where = parsed, "SKILL.md"
        elif kind == "relative" and ref.path.lower().endswith((".md", ".markdown")):
            rel = refs.resolve("", ref.path)
            if rel is None or rel not in index.files:
                continue
            target, where = skill_file(ctx.doc, rel), repr(rel)
        else:
            continue
        if target is None:
            continue
        anchors = [h.anchor for h in target.headings()] + sorted(html_anchors(target))
        keys = {anchor_key(a) for a in anchors}
        if anchor_key(ref.fragment) in keys:
            continue
        near = closest(ref.fragment.lower(), anchors)
        hint = f"; {did_you_mean('#' + near)}" if near else ""
        yield _place(parsed, RuleId.LINK_ANCHOR_MISSING, f"anchor '#{ref.fragment}' matches no heading in {where}{hint}", ref)


@rule(RuleId.PATH_MISSING, W, needs="body")
def path_missing(ctx: Context) -> Iterator[Finding]:
    """A backticked path that looks like a bundled file (`scripts/fill.py`, `references/api.md`) is not in the skill.

    Only paths under `scripts/`, `references/`, `assets/` or a folder the skill has are checked, and
    only in code spans (not code blocks): commands in examples often name files the user creates.
    """
    text = ctx.doc.body or ""
    if "`" not in text or "/" not in text:
        return
    parsed = body(ctx.doc)
    if parsed is None:
        return
    index = refs.index(ctx.doc)
    _, linked = _links(ctx)
    seen = {(r.index, r.path) for r in linked}
    for ref in refs.body_code_paths(ctx.doc):
        rel = refs.resolve("", ref.path)
        if rel is None or (ref.index, ref.path) in seen or index.exists(rel, folder=ref.path.endswith("/")):
            continue
        message = f"path {ref.target!r} is not in the skill{_hint(index, rel)}"
        yield _place(parsed, RuleId.PATH_MISSING, message, ref)


# Values derived once per document, kept on it under these typed keys.
_LINKS: Final[Derived[tuple[Parsed | None, list[refs.Ref]]]] = Derived("links:body")
