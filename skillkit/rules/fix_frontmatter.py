"""The fixes the file and frontmatter rules offer: each works out, for one finding, the edit that repairs it.

A fix is offered only when it can be checked here: YAML fixes are read back with PyYAML and must give exactly the
value the author wrote (or the data as it was, with the one change the fix names); otherwise the finding has no
fix. Safe fixes make no choice for the author; unsafe ones (the `name` fixes) say why in their docs.
"""

from __future__ import annotations

import re
from typing import Final

from skillkit.diagnostics import Finding
from skillkit.document.skill import SkillDocument
from skillkit.edits import Edit, Fix
from skillkit.ids import RuleId
from skillkit.rules.base import Context, fixes
from skillkit.rules.fixtext import (
    Source,
    indent,
    source,
    yaml_value,
)

# `key: value` with a value on the line (indentation, key, the blanks after the colon, the value).
_KEY_VALUE: Final = re.compile(r"( *)([A-Za-z0-9_][A-Za-z0-9_.-]*):( +)(\S.*)")
# `key: | text` / `key: >- text`: a block scalar header with text after it on the same line.
_BLOCK_HEADER_TEXT: Final = re.compile(r"( *)([A-Za-z0-9_][A-Za-z0-9_.-]*):[ \t]+([|>][-+]?)[ \t]+([^#\s].*)")
# A plain scalar may start with anything but these (a quote, a collection, an anchor, alias, tag, block or comment).
_NOT_PLAIN_FIRST: Final = frozenset("\"'[]{}&*!|>#%,")


@fixes(RuleId.UTF8_BOM, safe=True)
def fix_utf8_bom(ctx: Context, finding: Finding) -> Fix | None:
    """Removes the byte order mark; every other byte stays as it is."""
    src = source(ctx.doc, None)
    if src is None or not src.bom:
        return None
    return Fix("removed the UTF-8 byte order mark", (src.edit(0, 1, ""),))


_LONE_CR: Final = re.compile(r"\r(?!\n)")


@fixes(RuleId.LINE_ENDINGS, safe=True)
def fix_line_endings(ctx: Context, finding: Finding) -> Fix | None:
    """Turns each lone CR into LF (into CRLF when other lines of the file already end in CRLF)."""
    src = source(ctx.doc, None)
    if src is None:
        return None
    new = "\r\n" if "\r\n" in src.text else "\n"
    edits = tuple(src.edit(m.start(), m.end(), new) for m in _LONE_CR.finditer(src.text))
    shown = "CRLF" if new == "\r\n" else "LF"
    return Fix(f"turned {len(edits):,} lone CR line ending{'s' if len(edits) != 1 else ''} into {shown}", edits) if edits else None


@fixes(RuleId.FRONTMATTER_DELIMITER, safe=True)
def fix_frontmatter_delimiter(ctx: Context, finding: Finding) -> Fix | None:
    """Deletes the whitespace after `---`, leaving a bare `---` line."""
    src = source(ctx.doc, None)
    if src is None or finding.line is None or finding.line > src.lines:
        return None
    line = src.line(finding.line)
    if line.rstrip() != "---" or line == "---":
        return None
    start = src.start(finding.line)
    return Fix("removed the whitespace after '---'", (src.edit(start + 3, src.end(finding.line), ""),))


@fixes(RuleId.YAML_SYNTAX, safe=True)
def fix_yaml_syntax(ctx: Context, finding: Finding) -> Fix | None:
    """Two YAML mistakes whose meaning is plain. A value holding `: ` (or starting with `@` or a backtick) is
    wrapped in double quotes, its own `"` and `\\` escaped, so YAML reads exactly the text written, over all
    its lines. Text after a block scalar header on the same line (`description: | Does X`) moves to the next
    line, indented like the lines under it. Each is checked by reading the key back with YAML; other syntax
    errors have no fix."""
    src = source(ctx.doc, None)
    if src is None or finding.line is None or not _in_yaml(ctx.doc, finding.line):
        return None
    block = _block_header_fix(ctx.doc, src, finding.line)
    if block is not None:
        return block
    return _quote_fix(ctx.doc, src, finding.line, must_fail=True)


@fixes(RuleId.YAML_COMMENT_IN_VALUE, safe=True)
def fix_yaml_comment_in_value(ctx: Context, finding: Finding) -> Fix | None:
    """Wraps the value in double quotes, so the text after ` #` stays part of it as written (checked by reading
    the key back with YAML)."""
    src = source(ctx.doc, None)
    if src is None:
        return None
    for path, info in ctx.doc.keys.items():
        if len(path) == 1 and info.style is None and info.value_end_line == finding.line:
            return _quote_fix(ctx.doc, src, info.line, must_fail=False)
    return None


def _in_yaml(doc: SkillDocument, line: int) -> bool:
    return doc.fm_line < line < doc.body_first_line - 1


def _quote_fix(doc: SkillDocument, src: Source, at: int, *, must_fail: bool) -> Fix | None:
    """Double quotes around the plain scalar that line `at` belongs to (its key line or a continuation line)."""
    owner = _owner(doc, src, at)
    if owner is None:
        return None
    m = _KEY_VALUE.fullmatch(src.line(owner))
    if m is None or m.group(4)[0] in _NOT_PLAIN_FIRST:
        return None
    last = _continuation_end(doc, src, owner)
    if last is None or last < at:
        return None
    key = m.group(2)
    pieces: list[tuple[int, str]] = [(src.start(owner) + m.start(4), m.group(4).rstrip())]
    for line in range(owner + 1, last + 1):
        text = src.line(line)
        pieces.append((src.start(line) + indent(text), text.strip()))
    wanted = " ".join(piece for _, piece in pieces)
    edits: list[Edit] = [src.edit(pieces[0][0], pieces[0][0], '"')]
    for start, piece in pieces:
        edits.extend(src.edit(start + i, start + i, "\\") for i, ch in enumerate(piece) if ch in '"\\')
    end = pieces[-1][0] + len(pieces[-1][1])
    edits.append(src.edit(end, end, '"'))
    fix = tuple(edits)
    base = indent(src.line(owner))
    before = "\n".join(src.line(n)[base:] for n in range(owner, last + 1))
    ok, value = yaml_value(before)
    if (must_fail and ok) or (not must_fail and (not ok or value == {key: wanted})):
        return None  # the problem is not in this value, or YAML reads it as written already
    after_text = src.applied(fix)
    after = Source(None, after_text)
    ok, value = yaml_value("\n".join(after.line(n)[base:] for n in range(owner, last + 1)))
    if not ok or value != {key: wanted}:
        return None
    what = "; it holds ': '" if ": " in wanted else "; it holds ' #'" if " #" in wanted else ""
    return Fix(f"quoted the value of '{key}'{what}", fix)


def _owner(doc: SkillDocument, src: Source, at: int) -> int | None:
    """The line whose `key: value` line `at` belongs to: `at` itself, or the key line its plain value continues."""
    first = doc.fm_line + 1
    here = indent(src.line(at))
    line = at - 1
    while line >= first:
        text = src.line(line)
        if not text.strip():
            return at
        if indent(text) < here:
            m = _KEY_VALUE.fullmatch(text)
            return line if m is not None and m.group(4)[0] not in _NOT_PLAIN_FIRST else at
        line -= 1
    return at


def _continuation_end(doc: SkillDocument, src: Source, owner: int) -> int | None:
    """The last line of a plain value that starts on `owner`: the more indented lines right under it. None when a
    blank line splits it (its folding would need more care than a fix should take)."""
    last_yaml = doc.body_first_line - 2
    base = indent(src.line(owner))
    line = owner
    while line + 1 <= last_yaml:
        text = src.line(line + 1)
        if not text.strip():
            after = line + 2
            while after <= last_yaml and not src.line(after).strip():
                after += 1
            if after <= last_yaml and indent(src.line(after)) > base:
                return None
            break
        if indent(text) <= base:
            break
        line += 1
    return line


def _block_header_fix(doc: SkillDocument, src: Source, at: int) -> Fix | None:
    """`key: | text` -> `key: |` and `text` on the next line, indented like the block's other lines."""
    row = src.line(at)
    m = _BLOCK_HEADER_TEXT.fullmatch(row)
    if m is None:
        return None
    key, header, text = m.group(2), m.group(3), m.group(4)
    base = len(m.group(1))
    last_yaml = doc.body_first_line - 2
    last = at
    inner: list[int] = []
    line = at + 1
    while line <= last_yaml:
        below = src.line(line)
        if below.strip():
            if indent(below) <= base:
                break
            inner.append(indent(below))
            last = line
        line += 1
    width = min(inner) if inner else base + 2
    start = src.start(at)
    fix = (src.edit(start + m.end(3), start + m.start(4), src.eol + " " * width),)
    before = "\n".join(src.line(n)[base:] for n in range(at, last + 1))
    if yaml_value(before)[0]:
        return None
    after = Source(None, src.applied(fix))
    ok, value = yaml_value("\n".join(after.line(n)[base:] for n in range(at, last + 2)))
    if not ok or not isinstance(value, dict) or not isinstance(value.get(key), str) or not value[key].startswith(text.rstrip()):
        return None
    return Fix(f"moved the text after '{key}: {header}' to the next line", fix)
