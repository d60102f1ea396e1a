"""The skill listing Claude Code shows per plugin and `.claude/skills/` folder: its size against the listing budget,
and descriptions too alike to choose between (per plugin, folder and marketplace)."""

from __future__ import annotations

import math
import os
import re
from collections.abc import Sequence
from typing import Final

from skillkit import limits
from skillkit.diagnostics import Finding
from skillkit.discovery.plugins import Plugin
from skillkit.discovery.scopes import Scope, scopes
from skillkit.discovery.sources import SkillSource
from skillkit.ids import RuleId
from skillkit.paths import display, realpath
from skillkit.record import Record
from skillkit.words import counted

ENTRY_PUNCTUATION: Final = 4  # "- ", ": " and the line break around each skill's entry in the listing
LARGEST_SHOWN: Final = 3
OVERLAP: Final = 0.7  # token-set (Jaccard) similarity from which two descriptions are reported
OVERLAP_MIN_WORDS: Final = 8  # descriptions with fewer distinct content words are not compared


class Listed(Record):
    """What the skill listing shows of one skill, read from its frontmatter."""

    __slots__ = ("source", "name", "text", "hidden", "line", "column")

    def __init__(self, source: SkillSource, name: str, text: str, hidden: bool, line: int | None, column: int | None) -> None:
        self.source = source
        self.name = name
        self.text = text  # description + when_to_use, cut where Claude Code cuts it
        self.hidden = hidden  # disable-model-invocation: Claude Code lists nothing of it for Claude
        self.line = line
        self.column = column


def listing_findings(sources: Sequence[SkillSource], plugins: Sequence[Plugin], memo: dict[str, str], budget: int) -> list[Finding]:
    """Per plugin and `.claude/skills/` folder, the listing over `budget` characters; per plugin, folder and marketplace,
    descriptions too alike to choose between. Only skills inside such a scope are read (their frontmatter)."""
    reals = [(s.dir, realpath(s.dir, memo)) for s in sources]
    by_real = {real: source for source, (_, real) in zip(sources, reals, strict=True)}
    all_scopes = [s for s in scopes(reals, plugins, memo) if s.members]
    if not all_scopes:
        return []
    read: dict[str, Listed | None] = {}

    def listed(real: str) -> Listed | None:
        if real not in read:
            read[real] = _read(by_real[real])
        return read[real]

    out: list[Finding] = []
    pairs: set[tuple[str, str]] = set()
    for scope in all_scopes:
        entries = [(real, e) for real in scope.members if (e := listed(real)) is not None]
        if scope.kind != "marketplace":
            out.extend(_budget(scope, entries, budget))
        out.extend(_overlaps(scope, [(r, e) for r, e in entries if not e.hidden], pairs))
    return out


def _read(source: SkillSource) -> Listed | None:
    from skillkit.document.skill import load

    doc = load(source.skill_md, source.skill_dir)
    data = doc.data
    if data is None:
        return None
    name = data.get("name") if isinstance(data.get("name"), str) and data.get("name") else source.skill_dir.name
    parts = [v.strip() for v in (data.get("description"), data.get("when_to_use")) if isinstance(v, str) and v.strip()]
    line, column = doc.key_line("description")
    return Listed(source, str(name), " ".join(parts)[: limits.LISTING_CAP], _true(data.get("disable-model-invocation")), line, column)


def _true(value: object) -> bool:
    """A Claude Code boolean: true, or yes/on/1 in any case (2.1.218+)."""
    if isinstance(value, bool):
        return value
    return isinstance(value, (str, int)) and str(value).strip().lower() in ("true", "yes", "on", "1")


def _budget(scope: Scope, entries: list[tuple[str, Listed]], budget: int) -> list[Finding]:
    sizes = [(len(scope.prefix) + len(e.name) + len(e.text) + ENTRY_PUNCTUATION, e) for _, e in entries if not e.hidden]
    total = sum(size for size, _ in sizes)
    if total <= budget:
        return []
    largest = sorted(sizes, key=lambda item: (-item[0], os.fspath(item[1].source.skill_md)))
    shown = ", ".join(f"'{e.name}' ({size:,})" for size, e in largest[:LARGEST_SHOWN])
    head = largest[0][1]
    message = (
        f"the {counted(len(sizes), 'skill')} of {scope.label} list {total:,} characters of names and descriptions, over "
        f"Claude Code's skill listing budget of {budget:,} characters (1% of a 200K-token context): once it overflows, "
        f"the least-used skills lose their descriptions; largest: {shown}"
    )
    return [Finding(RuleId.LISTING_BUDGET, message, head.line, head.column, os.fspath(head.source.skill_md))]


_WORD_RE: Final = re.compile(r"[^\W_]+")
# Words every description uses ("Use when the user asks ..."): they say nothing about which skill to choose.
STOPWORDS: Final = frozenset(
    """a about after all also an and any are as asked asks at be been before being both but by can could do does
    done each either etc for from has have help helps how i if in including into is it its like may more most must
    need needed needs no not of on once only or other our out over per provide provides should skill so
    such than that the their them then there these they this those through to under up upon use used uses using
    via want wants was we well what when whenever where whether which while who will with within without would
    you your user users""".split()  # noqa: SIM905 - a word list reads best as text
)


def _words(text: str) -> frozenset[str]:
    return frozenset(w for w in _WORD_RE.findall(text.lower()) if len(w) > 1 and w not in STOPWORDS)


def _sequence(text: str) -> list[tuple[str, str]]:
    """The content words of a text in order, each as (lowercase, as written)."""
    return [(w.lower(), w) for w in _WORD_RE.findall(text) if len(w) > 1 and w.lower() not in STOPWORDS]


def _variants(first: str, second: str) -> bool:
    """Whether two descriptions are one template filled in with different names (`Azure SDK for Java` / `... for
    .NET`, `PostgreSQL` / `MySQL`, `Cursor docs` / `Gemini CLI docs`): alike but for a few words, and among the
    differences a name swapped for a name in place. Claude tells those apart by the names; copies, truncated copies
    and rewordings of one purpose are not variants."""
    import difflib  # only for the few pairs alike enough to be reported

    a, b = _sequence(first), _sequence(second)
    matcher = difflib.SequenceMatcher(None, [w for w, _ in a], [w for w, _ in b], autojunk=False)
    changes = [op for op in matcher.get_opcodes() if op[0] != "equal"]
    if not changes or any(i2 - i1 > 3 or j2 - j1 > 3 for _, i1, i2, j1, j2 in changes):
        return False
    return any(
        tag == "replace" and any(_name_like(w) for _, w in a[i1:i2]) and any(_name_like(w) for _, w in b[j1:j2])
        for tag, i1, i2, j1, j2 in changes
    )


def _name_like(word: str) -> bool:
    """A proper name as written: a capital letter or a digit in it (`Python`, `NET`, `PostgreSQL`, `S3`)."""
    return any(c.isupper() or c.isdigit() for c in word)


def _overlaps(scope: Scope, entries: list[tuple[str, Listed]], seen: set[tuple[str, str]]) -> list[Finding]:
    """Pairs of descriptions whose word sets are OVERLAP alike (Jaccard), found through an index of each one's rarest
    words (prefix filtering: two sets that alike must share one of them), so no scope compares all its pairs."""
    words = [(real, e, _words(e.text)) for real, e in entries]
    words = [(real, e, w) for real, e, w in words if len(w) >= OVERLAP_MIN_WORDS]
    df: dict[str, int] = {}
    for _, _, w in words:
        for token in w:
            df[token] = df.get(token, 0) + 1
    index: dict[str, list[int]] = {}
    out: list[Finding] = []
    for i, (real, entry, w) in enumerate(words):
        ordered = sorted(w, key=lambda t: (df[t], t))
        prefix = ordered[: len(ordered) - math.ceil(OVERLAP * len(ordered)) + 1]
        candidates: set[int] = set()
        for token in prefix:
            candidates.update(index.get(token, ()))
            index.setdefault(token, []).append(i)
        for j in sorted(candidates):
            other_real, other, other_words = words[j]
            key = (other_real, real) if other_real < real else (real, other_real)
            if key in seen:
                continue
            similarity = len(w & other_words) / len(w | other_words)
            if similarity < OVERLAP or _variants(entry.text, other.text):
                continue
            seen.add(key)
            first, second = sorted((other, entry), key=lambda e: os.fspath(e.source.skill_md))
            message = (
                f"the description of '{second.name}' shares {round(similarity * 100)}% of its words with that of "
                f"'{first.name}' ({display(first.source.skill_md)}) in {scope.label}: Claude chooses a skill by its "
                "description, so say what sets each apart (or merge them)"
            )
            out.append(Finding(RuleId.DESCRIPTION_OVERLAP, message, second.line, second.column, os.fspath(second.source.skill_md)))
    return out
