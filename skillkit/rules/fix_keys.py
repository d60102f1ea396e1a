"""The fixes of the frontmatter's keys: a list-valued `allowed-tools` as one string, unknown keys moved under
`metadata:` for the upload targets, and (unsafe) `name` set from the folder or to its kebab-case form."""

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
)
from skillkit.schema.targets import ALLOWED_KEYS, CLAUDE_CODE_ONLY_KEYS, UPLOAD_KEYS
from skillkit.words import closest

_SIMPLE_KEY: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")  # a key YAML reads as itself, unquoted


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
    folder = ctx.doc.folder_name
    wanted = folder if _valid_name(folder) else _kebab(current)
    if wanted is None or wanted == current:
        return None
    return _set_name(ctx, wanted, f"set name to '{wanted}'")


@fixes(RuleId.NAME_MISMATCH, safe=False)
def fix_name_mismatch(ctx: Context, finding: Finding) -> Fix | None:
    """Sets `name` to the skill's folder name, when that is a valid name. The folder may be the one that is
    wrong; rename the folder instead when the name is right."""
    folder = ctx.doc.folder_name
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


# Values derived once per document, kept on it under these typed keys.
_MOVED: Final[Derived[tuple[tuple[Edit, ...], list[tuple[str, str]]] | None]] = Derived("fix:unknown-keys")
