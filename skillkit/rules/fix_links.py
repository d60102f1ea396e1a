"""The fixes the link and path rules offer: a link target or backticked path that names a file of the skill in the
wrong letter case, rewritten with the file's own case."""

from __future__ import annotations

import re
from typing import Final

from skillkit.diagnostics import Finding
from skillkit.document import refparse, refs
from skillkit.document.markdown import body
from skillkit.document.skill import Derived
from skillkit.edits import Fix
from skillkit.ids import RuleId
from skillkit.rules import link_sources
from skillkit.rules.base import Context, fixes
from skillkit.rules.fixtext import source


@fixes(RuleId.LINK_TARGET_MISSING, safe=True)
def fix_link_target_missing(ctx: Context, finding: Finding) -> Fix | None:
    """When the only fault is letter case and exactly one file of the skill matches (`references/Guide.md` for
    `references/guide.md`), writes the target with the file's own case; the rest of the link stays."""
    placed = ctx.doc.derive(_LINKS, lambda: _links_at(ctx))
    found = placed.get((finding.file, finding.line or 0, finding.column or 0))
    return _recase(ctx, finding, refs.index(ctx.doc), found[0], found[1]) if found is not None else None


def _links_at(ctx: Context) -> dict[tuple[str | None, int, int], tuple[str, refs.Ref]]:
    """Every link by where its findings point (file, line, column), with the folder its path is relative to."""
    out: dict[tuple[str | None, int, int], tuple[str, refs.Ref]] = {}
    for base, parsed, found in link_sources.all_links(ctx):
        for ref in found:
            if ref.kind != "code":
                out.setdefault((parsed.file, parsed.file_line(ref.index), ref.column), (base, ref))
    return out


@fixes(RuleId.PATH_MISSING, safe=True)
def fix_path_missing(ctx: Context, finding: Finding) -> Fix | None:
    """When the only fault is letter case and exactly one file of the skill matches, writes the backticked path
    with the file's own case."""
    parsed = body(ctx.doc)
    if parsed is None or finding.file is not None:
        return None
    paths = ctx.doc.derive(_PATHS, lambda: {(parsed.file_line(r.index), r.column): r for r in refparse.body_code_paths(ctx.doc)})
    ref = paths.get((finding.line or 0, finding.column or 0))
    return _recase(ctx, finding, refs.index(ctx.doc), "", ref) if ref is not None else None


def _recase(ctx: Context, finding: Finding, index: refs.Index, base: str, ref: refs.Ref) -> Fix | None:
    src = source(ctx.doc, finding.file)
    if src is None or finding.line is None or finding.column is None or not ref.path:
        return None
    folder = ref.path.endswith("/")
    for root in [base, ""] if base else [""]:
        rel = refs.resolve("" if ref.variable else root, ref.path)
        if rel is None:
            continue
        rel = rel.rstrip("/")
        known = index.dirs if folder else index.files | index.dirs
        matches = [f for f in known if f.lower() == rel.lower()]
        if len(matches) != 1 or matches[0] == rel:
            continue
        new_path = _recased(ref.path, matches[0])
        if new_path is None or (refs.resolve("" if ref.variable else root, new_path) or "").rstrip("/") != matches[0]:
            continue
        written = ref.written if ref.kind != "code" else ref.target
        if not written.endswith(ref.path):
            return None
        at = _written_at(src.line(finding.line), written, finding.column, ref.kind)
        if at is None:
            return None
        new = written[: len(written) - len(ref.path)] + new_path
        start = src.start(finding.line) + at
        return Fix(f"wrote {ref.noun} {written!r} as {new!r}, the file's own case", (src.edit(start, start + len(written), new),))
    return None


def _recased(path: str, correct: str) -> str | None:
    """`path` with its trailing names in the case of `correct`'s, or None when they differ by more than case."""
    parts = path.split("/")
    want = correct.split("/")
    j = len(want) - 1
    for i in range(len(parts) - 1, -1, -1):
        part = parts[i]
        if part in ("", "."):
            continue
        if part == "..":
            break
        if j < 0 or part.lower() != want[j].lower():
            return None
        parts[i] = want[j]
        j -= 1
    return "/".join(parts)


_TARGET_BEFORE: Final = re.compile(r"(?:\]\(\s*<?|<|\]:\s*<?)$")


def _written_at(line: str, written: str, column: int, kind: str) -> int | None:
    """Where the target is written in the line: at the finding's column when it is there as a link target (after
    `](`, `<` or `]:`) or a code span, else the only place it is; None when that is not sure."""
    if kind == "code":
        return column - 1 if line.startswith(written, column - 1) else None
    places = []
    at = line.find(written)
    while at != -1:
        if _TARGET_BEFORE.search(line[:at]):
            places.append(at)
        at = line.find(written, at + 1)
    if column - 1 in places:
        return column - 1
    return places[0] if len(places) == 1 else None


# Values derived once per document, kept on it under these typed keys.
_LINKS: Final[Derived[dict[tuple[str | None, int, int], tuple[str, refs.Ref]]]] = Derived("fix:links")
_PATHS: Final[Derived[dict[tuple[int, int], refs.Ref]]] = Derived("fix:code-paths")
