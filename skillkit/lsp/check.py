"""One skill checked as the editor holds it: its open buffers read instead of their files on disk.

The skill's SKILL.md is parsed from its buffer's bytes when it is open (else read from disk as `validate` reads
it), and every open buffer of the skill overlays its file in the folder the rules read
(skillkit.document.files.FolderFiles with an overlay), so the rules on the other markdown files (links, tables,
fences), on references between files and on the folder see the unsaved text too. A check never raises: what
crashes becomes an internal-error finding, as in `skillkit validate`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from skillkit import limits
from skillkit.diagnostics import Finding, Severity, Target
from skillkit.edits import Edit, Fix
from skillkit.ids import RuleId

if TYPE_CHECKING:  # the rules load with the first check, not with the server
    from skillkit.config.options import Options

MARKDOWN_SUFFIXES = (".md", ".markdown")
MAX_DEPTH = 64  # folders walked up from a file to find its skill


@dataclass(frozen=True, slots=True)
class Item:
    """One finding after policy (enabled, severity): `file` absolute; the fix's edits name their files absolutely."""

    file: str
    rule: str
    severity: Severity
    message: str
    line: int | None
    column: int | None
    fix: Fix | None = None


@dataclass(frozen=True, slots=True)
class Checked:
    """What one check of a skill gave: its target, its items, and the texts of the buffers it read."""

    skill_md: str
    skill_dir: str
    target: Target
    items: tuple[Item, ...]
    buffers: Mapping[str, str]


def is_markdown(path: str) -> bool:
    return path.lower().endswith(MARKDOWN_SUFFIXES)


def find_skill(path: str, open_paths: Iterable[str] = ()) -> tuple[str, str] | None:
    """(SKILL.md, skill folder) of the skill a file belongs to: the nearest folder at or above the file's that
    holds a SKILL.md on disk or open in the editor (unsaved); None when the file is in no skill."""
    from skillkit.discovery.sources import skill_file_name

    path = os.path.abspath(path)
    opened: dict[str, list[str]] = {}
    for other in open_paths:
        other = os.path.abspath(other)
        if os.path.basename(other).lower() == "skill.md":
            opened.setdefault(os.path.dirname(other), []).append(os.path.basename(other))
    if os.path.basename(path).lower() == "skill.md":
        folder = os.path.dirname(path)
        return path, folder
    folder = os.path.dirname(path)
    for _ in range(MAX_DEPTH):
        try:
            names = [e.name for e in os.scandir(folder)]
        except OSError:
            names = []
        name = skill_file_name([*names, *opened.get(folder, [])])
        if name is not None:
            return os.path.join(folder, name), folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent
    return None


def relative(path: str, folder: str) -> str | None:
    """`path` as a '/'-separated path inside `folder`, or None when it lies outside."""
    prefix = folder.rstrip(os.sep) + os.sep
    if not path.startswith(prefix):
        return None
    return path[len(prefix) :].replace(os.sep, "/")


def check_skill(skill_md: str, skill_dir: str, buffers: Mapping[str, str], options: Options) -> Checked:
    """Check one skill with `buffers` (absolute path -> the editor's text) read instead of their files."""
    from skillkit.schema.targets import auto_target

    try:
        target = options.target or auto_target(Path(skill_dir))
    except Exception:  # noqa: BLE001 - a folder that cannot be looked at still gets its checks
        target = Target.CLAUDE_AI
    overlay: dict[str, bytes] = {}
    for path, text in buffers.items():
        rel = relative(path, skill_dir)
        if rel is not None:
            overlay[rel] = text.encode("utf-8", "surrogatepass")  # a lone surrogate stays invalid UTF-8, reported as such
    try:
        findings = _findings(Path(skill_md), Path(skill_dir), overlay, target, options)
    except Exception as exc:  # noqa: BLE001 - the server answers whatever the buffer holds
        from skillkit.engine.findings import crash

        findings = [crash("checking the skill", exc)]
    return Checked(skill_md, skill_dir, target, tuple(_items(findings, skill_md, target, options)), dict(buffers))


def _findings(skill_md: Path, skill_dir: Path, overlay: dict[str, bytes], target: Target, options: Options) -> list[Finding]:
    from skillkit.document import skill as document
    from skillkit.document.files import FolderFiles
    from skillkit.engine.findings import run_rules
    from skillkit.rules import RULES

    rel = relative(os.fspath(skill_md), os.fspath(skill_dir))
    raw = overlay.get(rel) if rel is not None else None
    if raw is None:
        raw, problem = document.read_bytes(skill_md)
        if raw is None:
            return [problem] if problem is not None else []
    elif len(raw) > limits.SKILL_MD_MAX_BYTES:  # what read_bytes refuses on disk, refused in a buffer too
        return [
            Finding(
                RuleId.FILE_TOO_LARGE,
                f"SKILL.md too large ({len(raw):,} > {limits.SKILL_MD_MAX_BYTES:,} bytes); not parsed",
            )
        ]
    doc = document.parse(skill_md, skill_dir, raw, FolderFiles(skill_dir, overlay) if overlay else None)
    return run_rules(doc, target, options, RULES)


def _items(findings: Iterable[Finding], skill_md: str, target: Target, options: Options) -> list[Item]:
    """The findings the options enable, with their severity, files and fixes' files made absolute (as
    engine.findings.to_diagnostics does for a report, without making paths relative)."""
    from skillkit.engine.findings import enabled
    from skillkit.rules import RULES

    out: dict[Item, None] = {}
    for f, severity in enabled(findings, target, options, RULES):
        file = os.path.abspath(f.file) if f.file else skill_md
        fix = f.fix
        if fix is not None:
            edits = tuple(Edit(os.path.abspath(e.file) if e.file else file, e.start, e.end, e.text) for e in fix.edits)
            fix = fix.replaced(edits=edits)
        item = Item(file, f.rule, severity, f.message, f.line, f.column, fix)
        out.setdefault(item, None)
    return sorted(out, key=lambda i: (i.file, i.line or 0, i.column or 0, i.rule, i.message))
