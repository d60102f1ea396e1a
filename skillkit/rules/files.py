"""Bundled files nobody points to, and markdown files reachable only through another markdown file."""

from __future__ import annotations

import fnmatch
import posixpath
import re
from collections.abc import Iterator
from typing import Final

from skillkit.diagnostics import Finding
from skillkit.document import refparse, refs, refscan
from skillkit.document.files import MARKDOWN_SUFFIXES
from skillkit.document.markdown import body, read_text
from skillkit.document.skill import Derived
from skillkit.ids import RuleId
from skillkit.record import Record
from skillkit.rules.base import Context, I, rule
from skillkit.rules.file_globs import globbed
from skillkit.rules.file_mentions import PLAIN_ASKS
from skillkit.rules.file_mentions import ascii_folds as _ascii_folds
from skillkit.rules.file_mentions import dir_named as _dir_named
from skillkit.rules.file_mentions import folded as _folded
from skillkit.rules.file_mentions import named as _named

# Files that are never instructions for Claude: licences, packaging and tooling metadata, caches.
IGNORED_NAMES: Final = (
    "license*", "licence*", "copying*", "notice*", "readme*", "changelog*", "contributing*", "authors*",
    "__init__.py", "*.pyc", "requirements*.txt", "package.json", "package-lock.json", "pyproject.toml",
    "setup.py", "setup.cfg", "*.lock", "tsconfig.json", ".*",
)  # fmt: skip
_IGNORED_NAMES_RE: Final = re.compile("|".join(fnmatch.translate(p) for p in IGNORED_NAMES))  # fnmatchcase on any of them
IGNORED_DIRS: Final = frozenset({"evals", "__pycache__", "node_modules"})
MAX_REACHED: Final = 200


class Reach(Record):
    """Where SKILL.md leads: markdown files by depth (and the link that reached each), and files nobody names."""

    __slots__ = ("depth", "via", "texts", "case_only", "unnamed", "unreadable")

    def __init__(
        self,
        depth: dict[str, int] | None = None,
        via: dict[str, tuple[str, refs.Ref]] | None = None,
        texts: list[str] | None = None,
        case_only: set[str] | None = None,
        unnamed: set[str] | None = None,
        unreadable: bool = False,
    ) -> None:
        self.depth: dict[str, int] = {} if depth is None else depth
        self.via: dict[str, tuple[str, refs.Ref]] = {} if via is None else via
        self.texts: list[str] = [] if texts is None else texts
        self.case_only: set[str] = set() if case_only is None else case_only
        self.unnamed: set[str] = set() if unnamed is None else unnamed
        self.unreadable = unreadable


def _strict_targets(found: list[refs.Ref], base: str, index: refs.Index) -> Iterator[tuple[str, refs.Ref]]:
    """Existing markdown files among the links and backticked paths of one file."""
    for ref in found:
        candidates: tuple[str | None, ...]
        if ref.kind == "code":
            candidates = (refs.resolve("", ref.path), refs.resolve(base, ref.path))
        elif ref.path and refs.kind_of(ref.target) == "relative":
            candidates = (refs.resolve("" if ref.variable else base, ref.path),)
        else:
            continue
        for rel in candidates:
            if rel is not None and rel in index.files and _is_markdown(rel):
                yield rel, ref
                break


def reach(ctx: Context) -> Reach:
    """Walk from SKILL.md through links and backticked paths to markdown files, breadth first, once per document."""
    return ctx.doc.derive(_REACH, lambda: _Walk(ctx).run())


class _Walk:
    """The breadth-first walk. It reads a referenced file only while some file is still unexplained: not
    yet named anywhere (orphan candidates) or a markdown file not yet reached (chain candidates)."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.index = refs.index(ctx.doc)
        self.skill_md = ctx.doc.file_name
        self.out = Reach()
        self.out.unnamed = {rel for rel in self.index.files if rel != self.skill_md and not _ignored(rel)}
        self.markdown = {rel for rel in self.index.files if _is_markdown(rel) and rel != self.skill_md}
        self.named_dirs: set[str] = set()
        self.used_tops: set[str] = set()

    def run(self) -> Reach:
        out, text = self.out, self.ctx.doc.text or ""
        # With every file explained but at most one markdown file, the walk below cannot run (it goes on only while
        # a file is unnamed or fewer files are reached than there are, and reaching starts at one), so it could
        # find neither a chain nor an orphan: a SKILL.md with a README.md beside it, the most common skill, stops here.
        if not out.unnamed and len(self.markdown) <= 1:
            return out
        # SKILL.md names a file when it links it or mentions its path or name anywhere (frontmatter too).
        # Case is ignored for following files, so the files behind a wrongly cased name are still read.
        first = self._named_in_any_case(text) if self.markdown else set()
        out.case_only = {rel for rel in first if not _named(text, rel)}
        first |= globbed(text, self.markdown - first)
        parsed = body(self.ctx.doc)
        if parsed is not None:
            found = refparse.body_links(self.ctx.doc) + refparse.body_code_paths(self.ctx.doc)
            strict = {rel for rel, _ in _strict_targets(found, "", self.index)}
            out.case_only -= strict
            first |= strict
        queue = sorted(first)
        out.depth = dict.fromkeys(queue, 1)
        self._absorb(text)
        while queue and (out.unnamed or len(out.depth) < len(self.markdown)) and len(out.texts) < MAX_REACHED:
            current = queue.pop(0)
            content = read_text(self.ctx.doc, current)
            if content is None:
                out.unreadable = True
                continue
            self._absorb(content)
            lines = content.replace("\r\n", "\n").split("\n")
            for rel, ref in _strict_targets(refscan.scan(lines, self.index.top_dirs), posixpath.dirname(current), self.index):
                if rel not in out.depth:
                    out.depth[rel] = out.depth[current] + 1
                    out.via[rel] = (current, ref)
                    queue.append(rel)
        out.unnamed -= {rel for rel in out.depth if rel not in out.case_only}
        return out

    def _named_in_any_case(self, text: str) -> set[str]:
        """The markdown files SKILL.md names in any case."""
        raw, few = self.ctx.doc.raw, len(self.markdown) <= PLAIN_ASKS // 2
        ascii_names = all(rel.isascii() for rel in self.markdown)
        if raw is not None and self.ctx.doc.text is not None and ascii_names and few:
            # The file's bytes, their ASCII letters lowered, hold an ASCII name where the lowered text does (see
            # `_folded`: a name with an `i` or `k` also needs a text without the two characters that lower to them),
            # so a few names are searched there without decoding a lowered copy of the text.
            lowered = {rel: rel.lower() for rel in self.markdown}
            if not any("i" in low or "k" in low for low in lowered.values()) or _ascii_folds(raw):
                folded = raw.lower()
                # A text that holds a path holds its file name: the name alone is looked for.
                return {rel for rel, low in lowered.items() if _basename(low).encode() in folded}
        lower = _folded(text) if ascii_names else text.lower()
        return {rel for rel in self.markdown if _named(lower, rel.lower())}

    def _absorb(self, text: str) -> None:
        """Drop from `unnamed` every file this text names, directly, by glob, or by its folder."""
        out = self.out
        out.texts.append(text)
        if not out.unnamed:
            return
        named = {rel for rel in out.unnamed if _named(text, rel)}
        if "*" in text or "{" in text:
            named |= globbed(text, out.unnamed)
        self.used_tops.update(rel.split("/", 1)[0] for rel in named if "/" in rel)
        self.named_dirs.update(d for d in self.index.dirs if d not in self.named_dirs and _dir_named(text, d))
        out.unnamed = {rel for rel in out.unnamed - named if not self._covered(rel)}

    def _covered(self, rel: str) -> bool:
        """Named through its folder, or (not markdown) beside a named file of the same top-level folder."""
        if _under(rel, self.named_dirs):
            return True
        return "/" in rel and not _is_markdown(rel) and rel.split("/", 1)[0] in self.used_tops


@rule(RuleId.REFERENCE_CHAIN, I, needs="body")
def reference_chain(ctx: Context) -> Iterator[Finding]:
    """A markdown file is reached from SKILL.md only through another markdown file (a chain deeper than one level).

    Anthropic's guidance is to keep references one level deep: Claude may only preview a file it
    reaches through another one. Link it from SKILL.md directly. Reported on the link in the
    intermediate file.
    """
    found = reach(ctx)
    for rel, (parent, ref) in found.via.items():
        chain = [rel, parent]
        while chain[-1] in found.via:
            chain.append(found.via[chain[-1]][0])
        path = " -> ".join(["SKILL.md", *reversed(chain)])
        yield Finding(
            RuleId.REFERENCE_CHAIN,
            f"{rel!r} is reached only through {parent!r} ({path}): link it from SKILL.md so it is one level deep",
            ref.index + 1,
            ref.column,
            str(ctx.doc.skill_dir / parent),
        )


@rule(RuleId.FILE_ORPHAN, I, needs="body")
def file_orphan(ctx: Context) -> Iterator[Finding]:
    """A bundled file that SKILL.md never points to, directly or through the markdown files it references.

    Claude learns what a skill holds only from SKILL.md: a file nobody mentions is never used. A file
    counts as referenced when its path or file name appears in SKILL.md or a referenced markdown file
    (globs such as `shared/*.md` included), or when its folder is named (`scripts/`, `` `canvas-fonts` ``).
    A file other than markdown also counts when another file of the same top-level folder is
    referenced (helpers, schemas and fonts that scripts use). When the name is mentioned only in
    another case (`FORMS.md` for `forms.md`), the message says so: the zip and Linux keep case.
    Licences, READMEs, packaging files, dotfiles and `evals/` are ignored.
    """
    found = reach(ctx)
    # Without the text of every reached markdown file (a zip member, an unreadable file) nothing can be judged.
    if not found.unnamed or found.unreadable:
        return
    joined = "\n".join(found.texts)
    lower = joined.lower()
    for rel in sorted(found.unnamed):
        if rel in found.case_only or _named(lower, rel.lower()):
            name = _case_variant(joined, rel)
            message = f"{rel!r} is mentioned only as {name!r}: the zip and Linux keep case, so Claude will not find it"
        else:
            message = f"{rel!r} is never referenced from SKILL.md: Claude will not know it exists; mention it or remove it"
        yield Finding(RuleId.FILE_ORPHAN, message, None, None, str(ctx.doc.skill_dir / rel))


def _is_markdown(rel: str) -> bool:
    return rel.lower().endswith(MARKDOWN_SUFFIXES)


def _case_variant(text: str, rel: str) -> str:
    for candidate in (rel, posixpath.basename(rel)):
        m = re.search(re.escape(candidate), text, re.IGNORECASE)
        if m:
            return m.group(0)
    return rel


def _basename(rel: str) -> str:
    return rel[rel.rfind("/") + 1 :]


def _under(rel: str, dirs: set[str]) -> bool:
    parts = rel.split("/")
    return any("/".join(parts[:i]) in dirs for i in range(1, len(parts)))


def _ignored(rel: str) -> bool:
    parts = rel.split("/")
    if parts[0] in IGNORED_DIRS or any(p.startswith(".") or p in IGNORED_DIRS for p in parts):
        return True
    name = parts[-1].lower()
    return _IGNORED_NAMES_RE.match(name) is not None


# Values derived once per document, kept on it under these typed keys.
_REACH: Final[Derived[Reach]] = Derived("refs:reach")
