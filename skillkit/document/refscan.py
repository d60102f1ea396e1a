"""References found by pattern, not by parsing: the links and backticked paths of the markdown files SKILL.md leads
to, where only which files they name matters (reference chains, orphans)."""

from __future__ import annotations

import re
from typing import Final

from skillkit.document.refparse import DEFINITION_RE
from skillkit.document.refs import (
    SKILL_DIR,
    URL_STARTS,
    Ref,
    bundled_path,
    decoded,
    split_target,
    split_variable,
)

_LINK_RE: Final = re.compile(r"\]\(\s*(?:<([^>\n]*)>|([^)\s]+))")
_CODE_SPAN_RE: Final = re.compile(r"`([^`\n]+)`")


def scan(lines: list[str], top_dirs: frozenset[str], code: bool = True, urls: bool = True) -> list[Ref]:
    """Links and backticked paths found by pattern, outside fenced code: a fast stand-in for parsing.

    Used on the markdown files SKILL.md leads to, where only "which files does this name" matters
    (reference chains, orphans); SKILL.md itself is always read through the parser. Without `code`, links only;
    without `urls`, no link written as an `http://` or `https://` URL (a README's badges and links name no file).
    """
    out: list[Ref] = []
    fence: str | None = None
    for index, line in enumerate(lines):
        # A fence line is white space then three backticks or tildes: most lines hold neither character, and
        # looking for one is cheaper than a regular expression matched on every line.
        if "`" in line or "~" in line:
            stripped = line.lstrip()
            if stripped.startswith(("```", "~~~")):
                run = stripped[: len(stripped) - len(stripped.lstrip(stripped[0]))]
                if fence is None:
                    fence = run
                elif run[0] == fence[0] and len(run) >= len(fence) and not line.strip().strip(run[0]):
                    fence = None
                continue
        if fence is not None:
            continue
        if "]" in line:
            _links(line, index, out, urls)
        if code and "`" in line:
            _code_spans(line, index, top_dirs, out)
    return out


def urls_only(text: str) -> bool:
    """Whether `scan(..., urls=False)` of the text's lines finds no link, seen without splitting it: every `](` opens
    an `http://` or `https://` URL and no `]:` can start a definition (a README of badges and links names no file)."""
    at = text.find("]")
    while at >= 0:
        after = text[at + 1 : at + 2]
        if after == ":" or after == "(" and not text.startswith(URL_STARTS, at + 2):
            return False
        at = text.find("]", at + 1)
    return True


def _links(line: str, index: int, out: list[Ref], urls: bool) -> None:
    """The inline links and the link reference definition of one line, appended to `out`."""
    if "](" in line:
        for link in _LINK_RE.finditer(line):
            written = link.group(1) or link.group(2) or ""
            if not urls and written.startswith(URL_STARTS):
                continue
            target = decoded(written)
            path, fragment = split_target(target)
            variable, path = split_variable(path)
            out.append(Ref("link", target, path, fragment, index, link.start() + 3, variable))
    if "]:" in line:
        d = DEFINITION_RE.match(line)
        if d and (urls or not d.group(1).startswith(URL_STARTS)):
            path, fragment = split_target(decoded(d.group(1)))
            variable, path = split_variable(path)
            out.append(Ref("link", d.group(1), path, fragment, index, d.start(1) + 1, variable))


def _code_spans(line: str, index: int, top_dirs: frozenset[str], out: list[Ref]) -> None:
    """The backticked bundled-file paths of one line, appended to `out`."""
    for span in _CODE_SPAN_RE.finditer(line):
        text = span.group(1).strip()
        bundled = bundled_path(text, top_dirs) if "/" in text else None  # every bundled path holds a '/'
        if bundled is not None:
            variable = SKILL_DIR if text.startswith(("$", "{")) else None
            out.append(Ref("code", span.group(1), bundled, None, index, span.start(1) + 1, variable))
