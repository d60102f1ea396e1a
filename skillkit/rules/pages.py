"""The other markdown files a skill ships (references, AGENTS.md, nested docs), parsed once each for the link,
table and fence rules, which report them on their own file and line."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Final

from skillkit.content import languages
from skillkit.document.files import MARKDOWN_SUFFIXES
from skillkit.document.markdown import body, read_text, skill_file
from skillkit.document.skill import Derived, SkillDocument
from skillkit.findtext import has
from skillkit.lazy_pattern import LazyPattern
from skillkit.markdown.parsed import Parsed, fence_language, strip_container
from skillkit.upload import ignore

MAX_PAGES: Final = 200  # markdown files checked per skill, in path order; the zip holds at most 200 files anyway


def shipped(doc: SkillDocument) -> tuple[str, ...]:
    """The skill's markdown files other than SKILL.md that a build would pack ('/'-relative, sorted), once per document."""
    return doc.derive(_SHIPPED, lambda: _shipped(doc))


def _shipped(doc: SkillDocument) -> tuple[str, ...]:
    names = doc.files.names()
    skill_md = doc.file_name
    found = sorted(rel for rel in names if rel != skill_md and rel.lower().endswith(MARKDOWN_SUFFIXES))
    if found and doc.files.on_disk:  # a zip holds what was packed: nothing to leave out
        rules = ignore.for_listed(doc.folder, names)
        found = [rel for rel in found if rules.ignored_path(rel) is None]
    return tuple(found[:MAX_PAGES])


_TEMPLATE_FOLDERS: Final = frozenset({"assets", "template", "templates"})


def output_template(rel: str) -> bool:
    """Whether a markdown file is a template of what the skill makes (under `assets/` or a `templates/` folder, or
    named `*template*`): its links and anchors are the filled-in document's, not the skill's."""
    parts = rel.lower().split("/")
    return "template" in parts[-1] or any(part in _TEMPLATE_FOLDERS for part in parts[:-1])


Test = Callable[[str], bool]


def pages(doc: SkillDocument, test: Test | None = None) -> Iterator[tuple[str, Parsed]]:
    """(path, parsed) for each shipped markdown file whose text passes `test` (a cheap look before the parse)."""
    for rel in shipped(doc):
        if test is not None:
            text = text_of(doc, rel)
            if text is None or not test(text):
                continue
        parsed = skill_file(doc, rel)
        if parsed is not None:
            yield rel, parsed


def documents(doc: SkillDocument, body_test: Test | None = None, page_test: Test | None = None) -> Iterator[tuple[str, Parsed]]:
    """SKILL.md's body (path '') when it passes `body_test`, then the other shipped markdown files that pass `page_test`."""
    if doc.body is not None and (body_test is None or body_test(doc.body)):
        parsed = body(doc)
        if parsed is not None:
            yield "", parsed
    yield from pages(doc, page_test)


# A cheap look at a file's text before it is parsed. SKILL.md is always parsed when it may hold the thing; the
# other files (most skills ship several, some hundreds) only when a line says a rule may have something to
# report, since parsing them all tripled the time of a reference-heavy corpus. Each look errs on the side of
# parsing: a file it lets through is checked exactly.
_FENCE_LINE_RE: Final = LazyPattern(r"^([ \t>]*)(`{3,}|~{3,})[ \t]*(.*)$", re.MULTILINE)


def may_break_fence(text: str) -> bool:
    """A fence a line-by-line look cannot vouch for: never closed, closed by a line with another prefix, with a
    content line less indented than its opener, holding an opener of its own kind, in or right under an HTML
    block, or with a misspelt language tag."""
    if not has(text, "```") and not has(text, "~~~"):
        return False
    opened: tuple[str, int, str, int] | None = None  # character, length, container prefix, end of the opening line
    floor = 0  # where the text after the last closed fence starts: the look for an HTML block above stops there
    for m in _FENCE_LINE_RE().finditer(text):
        prefix, run, info = m.group(1), m.group(2), m.group(3).strip()
        if opened is None:
            tag = fence_language(info)
            misspelt = tag and not tag.startswith("!") and not languages.is_known(tag) and not languages.title(info) and languages.suggest(tag)
            if _under_html(text, m.start(), floor) or misspelt:
                return True
            opened = (run[0], len(run), prefix, m.end())
            continue
        char, length, opener_prefix, content_start = opened
        if run[0] != char:
            continue
        if info:
            return True  # an opener of the same kind inside: the nested-fence case
        if len(run) < length:
            continue
        if prefix != opener_prefix:
            return True
        if opener_prefix and any(line.strip() and not line.startswith(opener_prefix) for line in text[content_start : m.start()].split("\n")[1:]):
            return True  # a less indented line ends the list item or blockquote the fence sits in
        opened = None
        floor = m.end()
    return opened is not None


def _under_html(text: str, at: int, floor: int = 0) -> bool:
    """Whether a line of the paragraph-like run right above `at` starts with '<' (an HTML block swallows a fence).

    The look stops at `floor`, the end of the last closed fence: the lines above it were looked at for that
    fence's opener, and the lines inside it are code. Without that stop, 5,000 fences with no blank line
    between them were each looked at from the top of the file.
    """
    end = at - 1
    while end > floor:
        start = text.rfind("\n", 0, end) + 1
        line = strip_container(text[start:end])
        if not line.strip():
            return False
        if line.startswith("<"):
            return True
        end = start - 1
    return False


def text_of(doc: SkillDocument, rel: str) -> str | None:
    """A shipped markdown file's text (line endings as written), read once per document; None if unreadable."""
    texts = doc.derive(_TEXTS, dict)
    if rel not in texts:
        texts[rel] = read_text(doc, rel)
    return texts[rel]


# Values derived once per document, kept on it under these typed keys.
_SHIPPED: Final[Derived[tuple[str, ...]]] = Derived("pages:shipped")
_TEXTS: Final[Derived[dict[str, str | None]]] = Derived("pages:texts")
