"""The fixes the file and frontmatter rules offer: each works out, for one finding, the edit that repairs it.

A fix is offered only when it can be checked here: YAML fixes are read back with PyYAML and must give exactly the
value the author wrote (or the data as it was, with the one change the fix names); otherwise the finding has no
fix. Safe fixes make no choice for the author; unsafe ones (the `name` fixes) say why in their docs.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any, Final

from skillkit import limits
from skillkit.diagnostics import Finding, Target
from skillkit.document.skill import Derived, SkillDocument
from skillkit.edits import Edit, Fix
from skillkit.ids import RuleId
from skillkit.rules.base import UPLOAD, Context, fixes
from skillkit.rules.fixtext import (
    Source,
    double_quoted,
    frontmatter_after,
    indent,
    source,
    yaml_scalar,
    yaml_value,
)
from skillkit.schema.targets import ALLOWED_KEYS, CLAUDE_CODE_ONLY_KEYS, UPLOAD_KEYS
from skillkit.words import closest

# `key: value` with a value on the line (indentation, key, the blanks after the colon, the value).
_KEY_VALUE: Final = re.compile(r"( *)([A-Za-z0-9_][A-Za-z0-9_.-]*):( +)(\S.*)")
# `key: | text` / `key: >- text`: a block scalar header with text after it on the same line.
_BLOCK_HEADER_TEXT: Final = re.compile(r"( *)([A-Za-z0-9_][A-Za-z0-9_.-]*):[ \t]+([|>][-+]?)[ \t]+([^#\s].*)")
# A plain scalar may start with anything but these (a quote, a collection, an anchor, alias, tag, block or comment).
_NOT_PLAIN_FIRST: Final = frozenset("\"'[]{}&*!|>#%,")
_SIMPLE_KEY: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")


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


@fixes(RuleId.ALLOWED_TOOLS_FORMAT, safe=True)
def fix_allowed_tools_format(ctx: Context, finding: Finding) -> Fix | None:
    """Writes the list as one space-separated string (`allowed-tools: Read Grep`), in the list's order; checked
    by reading the frontmatter back."""
    data = ctx.doc.data or {}
    value = data.get("allowed-tools")
    info = ctx.doc.keys.get(("allowed-tools",))
    src = source(ctx.doc, None)
    if src is None or info is None or not isinstance(value, list) or not value:
        return None
    if not all(isinstance(v, str) and v.strip() and "\n" not in v for v in value):
        return None
    joined = " ".join(v.strip() for v in value)
    if info.style == "flow":
        start, end = src.offset(info.value_line, info.value_column), src.offset(info.value_end_line, info.value_end_column)
        if "#" in src.text[start:end]:
            return None
        edits: tuple[Edit, ...] = (src.edit(start, end, yaml_scalar(joined)),)
    elif info.style == "block":
        last = _entry_end(ctx.doc, src, info.line)
        if any(_has_comment(src.line(n)) for n in range(info.line, last + 1)):
            return None
        key_line = src.line(info.line)
        colon = key_line.find(":", info.column - 1)
        if colon < 0 or key_line[colon + 1 :].strip():
            return None
        edits = (src.edit(src.start(info.line) + colon + 1, src.end(last), " " + yaml_scalar(joined)),)
    else:
        return None
    after = frontmatter_after(ctx.doc, src, edits)
    if after != {**data, "allowed-tools": joined}:
        return None
    return Fix(f"wrote allowed-tools as one string: {joined[:60]}", edits)


def _entry_end(doc: SkillDocument, src: Source, line: int) -> int:
    """The last line of a top-level key's entry: the lines under it that are more indented, or list items at its
    indentation (blank lines inside kept, trailing ones not)."""
    last_yaml = doc.body_first_line - 2
    last = line
    n = line + 1
    while n <= last_yaml:
        text = src.line(n)
        if text.strip():
            if indent(text) == 0 and not (text.startswith("- ") or text == "-"):
                break
            last = n
        n += 1
    return last


def _has_comment(line: str) -> bool:
    return line.lstrip().startswith("#") or " #" in line or "\t#" in line


@fixes(RuleId.UNKNOWN_KEY, safe=True)
def fix_unknown_key(ctx: Context, finding: Finding) -> Fix | None:
    """For claude-ai and the API: moves the key under `metadata:` (made at the end of the frontmatter when there is
    none) with its value as a string, written as it was (`version: 1.10` becomes `version: "1.10"`). Every
    unknown key is moved by one edit, so the keys keep their order. Not offered for a misspelt key (a
    did-you-mean), a Claude Code key, a key already in `metadata`, a mapping value, a key with a comment on its
    lines, or a `metadata` that is not a block mapping; the frontmatter is read back to check the move."""
    if ctx.target not in UPLOAD:
        return None
    moved = ctx.doc.derive(_MOVED, lambda: _move_unknown(ctx.doc, ctx.target))
    if moved is None:
        return None
    edits, texts = moved
    for key, scalar in texts:
        info = ctx.doc.keys.get((key,))
        if info is not None and info.line == finding.line:
            return Fix(f"moved '{key}' under metadata ({key}: {scalar})", edits)
    return None


def _move_unknown(doc: SkillDocument, target: Target) -> tuple[tuple[Edit, ...], list[tuple[str, str]]] | None:
    data = doc.data
    src = source(doc, None)
    if data is None or src is None:
        return None
    allowed = ALLOWED_KEYS[target]
    meta = data.get("metadata")
    meta_info = doc.keys.get(("metadata",))
    if "metadata" in data and (not isinstance(meta, dict) or not meta or meta_info is None or meta_info.style != "block"):
        return None
    existing = meta if isinstance(meta, dict) else {}
    edits: list[Edit] = []
    moved: list[tuple[str, str]] = []
    values: dict[str, str] = {}
    for key, value in data.items():
        if key in allowed or not isinstance(key, str) or key in CLAUDE_CODE_ONLY_KEYS or key in existing:
            continue
        if key.replace("_", "-") in allowed or closest(key, UPLOAD_KEYS + CLAUDE_CODE_ONLY_KEYS, cutoff=0.75):
            continue
        info = doc.keys.get((key,))
        if info is None or info.column != 1 or not info.string_key:
            continue
        text = _as_text(src, value, info)
        if text is None:
            continue
        last = _entry_end(doc, src, info.line)
        if any(_has_comment(src.line(n)) for n in range(info.line, last + 1)):
            continue
        edits.append(src.edit(src.start(info.line), src.next_start(last), ""))
        written = yaml_scalar(text)
        moved.append((key, written))
        values[key] = text
    if not moved:
        return None
    if meta_info is not None and isinstance(meta, dict):
        first_child = next((doc.keys.get(("metadata", str(k))) for k in meta), None)
        if first_child is None:
            return None
        pad = " " * (first_child.column - 1)
        at = src.next_start(_entry_end(doc, src, meta_info.line))
        lines = "".join(f"{pad}{_key(key)}: {written}{src.eol}" for key, written in moved)
    else:
        at = src.start(doc.body_first_line - 1)
        lines = f"metadata:{src.eol}" + "".join(f"  {_key(key)}: {written}{src.eol}" for key, written in moved)
    edits.append(src.edit(at, at, lines))
    fix = tuple(sorted(edits, key=lambda e: (e.start, e.end)))
    expected = {k: v for k, v in data.items() if k not in values}
    expected["metadata"] = {**existing, **values}
    if frontmatter_after(doc, src, fix) != expected:
        return None
    return fix, moved


def _key(key: str) -> str:
    return key if _SIMPLE_KEY.fullmatch(key) and key not in ("true", "false", "null", "yes", "no", "on", "off") else double_quoted(key)


def _as_text(src: Source, value: Any, info: Any) -> str | None:
    """The value as the string the author wrote: a plain scalar's own text (`1.10`, `true`, a date), a string's
    value, or a list of strings joined by ', '; None for anything else."""
    if isinstance(value, list):
        return ", ".join(value) if value and all(isinstance(v, str) and "\n" not in v for v in value) else None
    if isinstance(value, str):
        return value
    if value is None or isinstance(value, dict) or info.style is not None or info.value_line != info.value_end_line:
        return None
    text = src.text[src.offset(info.value_line, info.value_column) : src.offset(info.value_end_line, info.value_end_column)]
    return text if text and text == text.strip() and "#" not in text else None


@fixes(RuleId.NAME_FORMAT, safe=False)
def fix_name_format(ctx: Context, finding: Finding) -> Fix | None:
    """Sets `name` to the skill's folder name when that is a valid name, else to the kebab-case form of the
    invalid name (`Report_Writer` becomes `report-writer`). A name is how users and Claude call the skill: the
    author may have meant another one, and a skill already in use changes name."""
    current = ctx.doc.name
    if current is None:
        return None
    folder = ctx.doc.skill_dir.name
    wanted = folder if _valid_name(folder) else _kebab(current)
    if wanted is None or wanted == current:
        return None
    return _set_name(ctx, wanted, f"set name to '{wanted}'")


@fixes(RuleId.NAME_MISMATCH, safe=False)
def fix_name_mismatch(ctx: Context, finding: Finding) -> Fix | None:
    """Sets `name` to the skill's folder name, when that is a valid name. The folder may be the one that is
    wrong; rename the folder instead when the name is right."""
    folder = ctx.doc.skill_dir.name
    if not _valid_name(folder):
        return None
    return _set_name(ctx, folder, f"set name to the folder's name '{folder}'")


def _valid_name(text: str) -> bool:
    return len(text) <= limits.NAME_MAX and limits.NAME_RE.match(text) is not None


def _kebab(text: str) -> str | None:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    split = re.sub(r"([a-z0-9])([A-Z])", r"\1-\2", ascii_text)
    out = re.sub(r"[^A-Za-z0-9]+", "-", split).strip("-").lower()
    return out if out and _valid_name(out) else None


def _set_name(ctx: Context, wanted: str, description: str) -> Fix | None:
    info = ctx.doc.keys.get(("name",))
    src = source(ctx.doc, None)
    data = ctx.doc.data or {}
    if info is None or src is None or info.style not in (None, "'", '"') or info.value_line != info.value_end_line:
        return None
    start, end = src.offset(info.value_line, info.value_column), src.offset(info.value_end_line, info.value_end_column)
    fix = (src.edit(start, end, yaml_scalar(wanted)),)
    if frontmatter_after(ctx.doc, src, fix) != {**data, "name": wanted}:
        return None
    return Fix(description, fix, safe=False)


# Values derived once per document, kept on it under these typed keys.
_MOVED: Final[Derived[tuple[tuple[Edit, ...], list[tuple[str, str]]] | None]] = Derived("fix:unknown-keys")
