"""References found by pattern, not by parsing: the links and backticked paths of the markdown files SKILL.md leads
to, where only which files they name matters (reference chains, orphans)."""

from __future__ import annotations

import re
from typing import Final
from urllib.parse import unquote

from skillkit.document.refs import (
    DEFINITION_RE,
    SKILL_DIR,
    Ref,
    bundled_path,
    split_target,
    split_variable,
)

_LINK_RE: Final = re.compile(r"\]\(\s*(?:<([^>\n]*)>|([^)\s]+))")
_CODE_SPAN_RE: Final = re.compile(r"`([^`\n]+)`")
_FENCE_RE: Final = re.compile(r"^\s*(`{3,}|~{3,})")


def scan(lines: list[str], top_dirs: frozenset[str]) -> list[Ref]:
    """Links and backticked paths found by pattern, outside fenced code: a fast stand-in for parsing.

    Used on the markdown files SKILL.md leads to, where only "which files does this name" matters
    (reference chains, orphans); SKILL.md itself is always read through the parser.
    """
    out: list[Ref] = []
    fence: str | None = None
    for index, line in enumerate(lines):
        m = _FENCE_RE.match(line)
        if m:
            run = m.group(1)
            if fence is None:
                fence = run
            elif run[0] == fence[0] and len(run) >= len(fence) and not line.strip().strip(run[0]):
                fence = None
            continue
        if fence is not None:
            continue
        if "](" in line:
            for link in _LINK_RE.finditer(line):
                target = unquote(link.group(1) or link.group(2) or "")
                path, fragment = split_target(target)
                variable, path = split_variable(path)
                out.append(Ref("link", target, path, fragment, index, link.start() + 3, variable))
        if "]:" in line:
            d = DEFINITION_RE.match(line)
            if d:
                path, fragment = split_target(unquote(d.group(1)))
                variable, path = split_variable(path)
                out.append(Ref("link", d.group(1), path, fragment, index, d.start(1) + 1, variable))
        if "`" in line:
            for span in _CODE_SPAN_RE.finditer(line):
                text = span.group(1).strip()
                bundled = bundled_path(text, top_dirs)
                if bundled is not None:
                    variable = SKILL_DIR if text.startswith(("$", "{")) else None
                    out.append(Ref("code", span.group(1), bundled, None, index, span.start(1) + 1, variable))
    return out
