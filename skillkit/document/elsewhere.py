"""Whether the prose around a backticked path puts the file somewhere other than the skill: an example of a file to
create, a file of the repository, project or plugin root, or a file of a sibling skill the text names."""

from __future__ import annotations

import os
import re
import time
from typing import Final

from skillkit.lazy_pattern import LazyPattern

# A span right after one of these is an example of a name, not a file the skill ships (`e.g. assets/R03_left.png`).
_EXAMPLE_RE: Final = LazyPattern(
    r"(?:\be\.g\.|\beg\.|\bfor example|\bfor instance|\bsuch as|\bexample:|\bexamples:|例如|比如|例えば|예를 들어|예:)[\s:,，：、]*$",
    re.IGNORECASE,
)
# A verb that makes the file (`Create a deploy script at `scripts/deploy.sh``, `Save it as `references/notes.md``)...
_CREATE_RE: Final = LazyPattern(
    r"\b(?:creat(?:e|es|ed|ing)|generat(?:e|es|ed|ing)|writ(?:e|es|ten|ing)|sav(?:e|es|ed|ing)|output(?:s|ting)?|"
    r"produc(?:e|es|ed|ing)|scaffold(?:s|ed|ing)?|emit(?:s|ted|ting)?|export(?:s|ed|ing)?)\b"
    r"|新建|创建|生成|作成|생성",
    re.IGNORECASE,
)
# ...unless the path is what it is made with or read from (`Generate a chart with `scripts/plot.py``).
_USE_RE: Final = LazyPattern(
    r"\b(?:with|using|via|by|run|runs|running|execute|executes|call|calls|from|see|read|reads|load|loads|use|uses|"
    r"consult|refer|follow|per|according|check|open)\b",
    re.IGNORECASE,
)
# The text says where the file is, and it is not the skill (`from the repository root`, `in the plugin root`).
_ROOT_RE: Final = LazyPattern(
    r"\b(?:repo(?:sitory)?|project|plugin|workspace|monorepo)[ -]root\b|\broot of (?:the|this|your) (?:repo(?:sitory)?|project|plugin|workspace)\b"
    r"|\bin (?:your|the user's|the target) (?:repo(?:sitory)?|project|codebase|workspace)\b|\$\{?CLAUDE_(?:PLUGIN_ROOT|PROJECT_DIR)\b",
    re.IGNORECASE,
)
_EXAMPLE_TRAIL: Final = ":,，：、"  # with white space, what `_EXAMPLE_RE` allows after its word
LONGEST_EXAMPLE_WORD: Final = len("for instance")
_ROOT_WORDS: Final = ("root", "claude_", "repo", "project", "codebase", "workspace")  # each `_ROOT_RE` branch needs one
_CREATE_WORDS: Final = (
    "creat", "generat", "writ", "sav", "output", "produc", "scaffold", "emit", "export", "新建", "创建", "生成", "作成", "생성",
)  # fmt: skip
_SENTENCE_END_RE: Final = LazyPattern(r"(?:[.!?](?:\s|$)|[。！？])")
MAX_PARAGRAPH_LINES: Final = 12


def elsewhere(lines: list[str], index: int, column: int, path: str, skill_dir: str | None) -> str | None:
    """Why the path at `lines[index]` (1-based `column` of the span's text) is not meant as a file of the skill:
    'example', 'created', 'root', 'sibling <name>'; None when the text gives no such sign. `skill_dir` (on disk)
    lets a sibling skill named in the paragraph be looked in."""
    line = lines[index] if index < len(lines) else ""
    before = line[: max(column - 2, 0)]  # up to the opening backtick
    if _example(before):
        return "example"
    sentence = _SENTENCE_END_RE().split(before)[-1]
    verbs = list(_CREATE_RE().finditer(sentence)) if _holds_any(sentence, _CREATE_WORDS) else []
    if verbs and not _USE_RE().search(sentence[verbs[-1].end() :]):
        return "created"
    if _holds_any(line, _ROOT_WORDS) and _ROOT_RE().search(line):
        return "root"
    if skill_dir is not None:
        sibling = _named_sibling(lines, _paragraph_start(lines, index), index, skill_dir, path)
        if sibling is not None:
            return f"sibling {sibling}"
    return None


def _example(before: str) -> bool:
    """`_EXAMPLE_RE` searched from where a match can start: its word ends in the run of white space and punctuation
    that ends the text, and is at most LONGEST_EXAMPLE_WORD long (searching the whole line cost more than the rest)."""
    end = len(before)
    while end > 0 and (before[end - 1].isspace() or before[end - 1] in _EXAMPLE_TRAIL):
        end -= 1
    return _EXAMPLE_RE().search(before, max(end - LONGEST_EXAMPLE_WORD, 0)) is not None


def _holds_any(text: str, words: tuple[str, ...]) -> bool:
    """Whether the text holds one of the lower-case words in any case, as an IGNORECASE pattern finds them: a look
    before a pattern whose every match holds one (the pattern, tried at every character, cost more than the rest).
    Such a pattern also takes the long s for `s`, the dotless i and the dotted capital I for `i`: lower() keeps the
    first two and makes the last two characters."""
    low = text.lower()
    if not low.isascii():
        low = low.replace("\u017f", "s").replace("\u0131", "i").replace("i\u0307", "i")
    for word in words:
        if word in low:
            return True
    return False


def _paragraph_start(lines: list[str], index: int) -> int:
    """The first of the line and the lines above it back to a blank line (at most MAX_PARAGRAPH_LINES): a list and
    its lead-in."""
    start = index
    while start > 0 and index - start < MAX_PARAGRAPH_LINES and lines[start - 1].strip():
        start -= 1
    return start


def _named_sibling(lines: list[str], start: int, index: int, skill_dir: str, path: str) -> str | None:
    """A skill next to this one whose name `lines[start : index + 1]` mention and that holds `path`."""
    parent, mine = _folder(skill_dir)
    siblings = _siblings(parent)
    # The text's words looked up among the siblings, not every sibling searched for in the text: a folder of
    # 60,000 skills made that quadratic over a run.
    tried: set[str] = set()
    for i in range(start, min(index + 1, len(lines))):
        for name in _sibling_words(lines, i, siblings):
            if name == mine or name in tried:
                continue
            tried.add(name)
            folder = os.path.join(parent, name)
            held = os.path.join(folder, *path.rstrip("/").split("/"))
            if os.path.isfile(os.path.join(folder, "SKILL.md")) and os.path.lexists(held):
                return name
    return None


def _folder(skill_dir: str) -> tuple[str, str]:
    """(parent folder, own name) of a skill folder; the last one asked is kept, as each missing path asks again."""
    if _FOLDER and _FOLDER[0][0] == skill_dir:
        return _FOLDER[0][1]
    absolute = os.path.abspath(skill_dir)
    found = (os.path.dirname(absolute), os.path.basename(absolute))
    _FOLDER[:] = [(skill_dir, found)]
    return found


def _sibling_words(lines: list[str], i: int, siblings: frozenset[str]) -> list[str]:
    """The words of `lines[i]` that are sibling folders, in order. Kept per line of the last text asked: the
    paragraphs of a list of missing paths overlap, and finding their words again cost more than the rest."""
    if not _WORDS or _WORDS[0][0] is not lines or _WORDS[0][1] is not siblings:
        _WORDS[:] = [(lines, siblings, {})]
    known = _WORDS[0][2]
    found = known.get(i)
    if found is None:
        found = known[i] = [word for word in _WORD().findall(lines[i]) if word in siblings]
    return found


_WORD: Final = LazyPattern(r"(?<![\w-])[\w-]+(?:\.[\w-]+)*(?![\w-])")
_LISTED: dict[str, tuple[float, frozenset[str]]] = {}  # parent folder -> (when listed, its subfolders)
LISTING_SECONDS: Final = 5.0  # a long-lived process (the language server) sees new sibling folders after this
_FOLDER: Final[list[tuple[str, tuple[str, str]]]] = []
_WORDS: Final[list[tuple[list[str], frozenset[str], dict[int, list[str]]]]] = []


def _siblings(parent: str) -> frozenset[str]:
    """The subfolders of `parent`, listed once per run (every skill of a big folder asks for the same listing)."""
    now = time.monotonic()
    known = _LISTED.get(parent)
    if known is not None and now - known[0] < LISTING_SECONDS:
        return known[1]
    try:
        with os.scandir(parent) as entries:
            names = frozenset(e.name for e in entries if e.is_dir())
    except OSError:
        names = frozenset()
    if len(_LISTED) > 256:
        _LISTED.clear()
    _LISTED[parent] = (now, names)
    return names
