"""Where the link rules find their links: SKILL.md's body and every shipped markdown file that may hold a broken
one (a cheap line scan first), resolved against the file's folder, with placed findings and bounded suggestions."""

from __future__ import annotations

import posixpath
import re
from typing import Final

from skillkit.diagnostics import Finding
from skillkit.document import refparse, refs, refscan
from skillkit.document.markdown import body, skill_file
from skillkit.document.skill import Derived, SkillDocument
from skillkit.findtext import has
from skillkit.ids import RuleId
from skillkit.markdown.parsed import Parsed, anchor_key
from skillkit.rules.base import Context
from skillkit.rules.pages import output_template, shipped, text_of
from skillkit.words import did_you_mean

OUTSIDE: Final = {
    "outside": "is outside the skill folder",
    "absolute": "is an absolute path",
    "file-url": "is a local file URL",
}


def body_links(ctx: Context) -> tuple[Parsed | None, list[refs.Ref]]:
    """The parsed body and its links, once per document (four rules ask); nothing when it cannot hold one."""
    return ctx.doc.derive(_LINKS, lambda: _body_links(ctx))


def _body_links(ctx: Context) -> tuple[Parsed | None, list[refs.Ref]]:
    text = ctx.doc.body or ""
    if "<" not in text and not (has(text, "](") or has(text, "]:") or has(text, "][")):
        return None, []
    parsed = body(ctx.doc)
    if parsed is None:
        return None, []
    return parsed, refparse.body_links(ctx.doc)


def all_links(ctx: Context) -> list[tuple[str, Parsed, list[refs.Ref]]]:
    """(folder the paths are relative to, parsed, links) for SKILL.md's body, then every other shipped markdown file."""
    return ctx.doc.derive(_ALL_LINKS, lambda: _gather(ctx))


def _gather(ctx: Context) -> list[tuple[str, Parsed, list[refs.Ref]]]:
    parsed, found = body_links(ctx)
    out = [("", parsed, found)] if parsed is not None else []
    index = refs.index(ctx.doc)
    for rel in shipped(ctx.doc):
        if output_template(rel):
            continue  # its links belong to the document Claude fills it in to, not to the skill
        text = text_of(ctx.doc, rel)
        base = posixpath.dirname(rel)
        if text is None or not _may_need(ctx.doc, text, base, index):
            continue
        page = skill_file(ctx.doc, rel)
        page_links = refparse.links(page) if page is not None else []
        if page is not None and page_links:
            out.append((base, page, page_links))
    return out


def _may_need(doc: SkillDocument, text: str, base: str, index: refs.Index) -> bool:
    """Whether a markdown file other than SKILL.md needs its parse: its links, found by pattern, are not all
    URLs and plain paths to existing files (parsing every reference file tripled the time of some skills)."""
    if refscan.urls_only(text):
        return False  # reference-style links (`[a][b]`) point where their `[b]: target` definitions do
    lines = text.replace("\r\n", "\n").split("\n")
    own: frozenset[str] | None = None
    for ref in refscan.scan(lines, frozenset(), code=False, urls=False):  # a URL needs no parse
        if ref.kind == "code":
            continue
        kind, rel = resolved(ref, base)
        if kind == "external":
            continue
        if kind == "anchor" and ref.fragment:
            own = quick_anchors(lines) if own is None else own
            if anchor_key(ref.fragment) in own:
                continue
        if kind != "relative" or rel is None:
            return True
        from_root = refs.resolve("", ref.path) if base else None
        if not index.exists(rel):
            if from_root is None or not index.exists(from_root):
                return True
            rel = from_root
        if ref.fragment and ref.path.lower().endswith((".md", ".markdown")):
            keys = doc.derive(_ANCHOR_KEYS, dict)
            if rel not in keys:
                target = text_of(doc, rel) if rel in shipped(doc) else None
                keys[rel] = quick_anchors(target.replace("\r\n", "\n").split("\n")) if target is not None else frozenset()
            if anchor_key(ref.fragment) not in keys[rel]:
                return True
    return False


_ATX_RE: Final = re.compile(r"^ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")


def quick_anchors(lines: list[str]) -> frozenset[str]:
    """The loose anchor keys of the ATX headings outside fences. A key missing here means "not sure" (setext
    headings, HTML anchors, repeated headings): the file is parsed."""
    keys: set[str] = set()
    fence: str | None = None
    for line in lines:
        stripped = line.lstrip()
        if stripped.startswith(("```", "~~~")):
            run = stripped[: len(stripped) - len(stripped.lstrip(stripped[0]))]
            if fence is None:
                fence = run
            elif run[0] == fence[0] and len(run) >= len(fence) and not stripped.strip(run[0]).strip():
                fence = None
            continue
        if fence is None and stripped.startswith("#"):
            m = _ATX_RE.match(line)
            if m:
                keys.add(anchor_key(m.group(1)))
    return frozenset(keys)


def resolved(ref: refs.Ref, base: str) -> tuple[str, str | None]:
    """The link's kind, judged from the folder of the file it is written in, and the skill path it names.

    ('relative', path) for a file inside the skill, ('outside', None) for one that climbs out; other
    kinds ('external', 'anchor', 'variable', ...) as `refs.kind_of` says.
    """
    kind = refs.kind_of(ref.target)
    if kind not in ("relative", "outside"):
        return kind, None
    rel = refs.resolve("" if ref.variable else base, ref.path)
    return ("outside", None) if rel is None else ("relative", rel)


def place_finding(parsed: Parsed, rule_id: RuleId, message: str, ref: refs.Ref) -> Finding:
    return Finding(rule_id, message, parsed.file_line(ref.index), ref.column, parsed.file)


# A did-you-mean compares one name with every candidate: past this many candidates, or past the findings a report
# shows for one file (engine: 100 per rule and file), it is not worked out, so a file of 12,000 broken links to
# 12,000 headings stays linear.
MAX_SUGGEST: Final = 2000
MAX_HINTS: Final = 100


class Hints:
    """Counts the did-you-means worked out for one file's findings of one rule."""

    __slots__ = ("given",)

    def __init__(self) -> None:
        self.given = 0

    def more(self) -> bool:
        self.given += 1
        return self.given <= MAX_HINTS


def hint(index: refs.Index, rel: str, hints: Hints) -> str:
    near = index.suggest(rel, close=hints.more())
    if near is None:
        return ""
    if near.lower() == rel.rstrip("/").lower():
        return f": the file is {near!r} (case matters in the zip and on Linux)"
    return f"; {did_you_mean(near)}"


# Values derived once per document, kept on it under these typed keys.
_LINKS: Final[Derived[tuple[Parsed | None, list[refs.Ref]]]] = Derived("links:body")
_ALL_LINKS: Final[Derived[list[tuple[str, Parsed, list[refs.Ref]]]]] = Derived("links:all")
_ANCHOR_KEYS: Final[Derived[dict[str, frozenset[str]]]] = Derived("links:quick-anchors")
