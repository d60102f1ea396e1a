"""`skillkit fix` for one skill: apply the fixes its findings carry, in passes, each pass checked before it is kept.

A pass takes every offered fix (the unsafe ones only when asked) whose edits overlap no other's, applies them in
memory and checks the skill again as it would then be read (skillkit.document.files.FolderFiles with an overlay).
The pass is kept when no error appears that the skill did not have at its start (errors a fix merely uncovers,
such as the frontmatter rules once the YAML reads, do not count); otherwise its fixes are tried one by one and
those that would add an error are left out and reported. The next pass sees what the previous one left, so fixes
that overlapped, or that need another first, are applied then. Nothing here writes: `write` does, afterwards,
atomically, only files that changed, never through a symlink or outside the skill folder.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from skillkit.atomic import write_atomic
from skillkit.config.options import Options
from skillkit.diagnostics import Finding, Severity, Target
from skillkit.discovery.sources import SkillSource
from skillkit.document import skill as document
from skillkit.document.files import FolderFiles
from skillkit.edits import Edit, Fix, apply, overlapping
from skillkit.engine.findings import run_rules
from skillkit.ids import RuleId
from skillkit.rules import RULES
from skillkit.schema.targets import auto_target

_Refuse = Callable[[Finding, Fix, str], None]

MAX_PASSES: Final = 32  # each pass applies at least one fix; real skills need two or three

# Findings the YAML parse produces once it succeeds: a fix that repairs the YAML may uncover them.
_AFTER_YAML: Final = frozenset(
    {
        RuleId.YAML_DUPLICATE_KEY,
        RuleId.YAML_UNSUPPORTED_TAG,
        RuleId.YAML_TOO_COMPLEX,
        RuleId.YAML_NOT_MAPPING,
        RuleId.UNKNOWN_KEY,
        RuleId.VALUE_TYPE,
        RuleId.METADATA_TYPE,
        RuleId.CC_FIELD_VALUE,
    }
)


@dataclass(frozen=True, slots=True)
class Change:
    """One fix as `skillkit fix` reports it: where its finding was, its rule, what it changed or why it was left."""

    file: str  # absolute
    line: int | None
    column: int | None
    rule: str
    description: str
    safe: bool
    refused: str | None = None  # why it was not applied


@dataclass(slots=True)
class SkillFix:
    """What fixing one skill did: the changes applied and refused, and each changed file's bytes before and after."""

    skill_dir: str
    skill_md: str
    changes: list[Change] = field(default_factory=list)
    refused: list[Change] = field(default_factory=list)
    before: dict[str, bytes] = field(default_factory=dict)  # absolute path -> bytes as read
    after: dict[str, bytes] = field(default_factory=dict)  # absolute path -> bytes to write
    problems: list[str] = field(default_factory=list)  # files that could not be written, one line each

    @property
    def changed(self) -> list[str]:
        return sorted(path for path, data in self.after.items() if data != self.before.get(path))


@dataclass(slots=True)
class _State:
    """The skill as it would read with `files` (absolute path -> bytes) written: its findings with their severity."""

    files: dict[str, bytes]
    findings: list[tuple[Finding, Severity]]
    has_data: bool
    has_body: bool


def fix_skill(source: SkillSource, options: Options, *, unsafe: bool = False) -> SkillFix:
    """Work out every fix for one skill folder (nothing is written; see `write`)."""
    result = SkillFix(skill_dir=source.dir, skill_md=source.md)
    target = options.target or auto_target(source.skill_dir)
    state = _evaluate(source, options, target, {})
    if state is None:
        return result
    seen_refusals: set[tuple[str, int | None, int | None, str, str]] = set()

    def refuse(finding: Finding, fix: Fix, why: str) -> None:
        key = (finding.file or source.md, finding.line, finding.column, finding.rule, why)
        if key not in seen_refusals:
            seen_refusals.add(key)
            result.refused.append(_change(source, finding, fix, why))

    for _ in range(MAX_PASSES):
        groups = _choose(source, state, unsafe, refuse)
        if not groups:
            break
        applied = False
        trial = _applied(source, state.files, result, [edits for edits, _ in groups])
        after = _evaluate(source, options, target, trial) if trial is not None else None
        if after is not None and not _added_errors(state, after):
            state, applied = after, True
            for _, findings in groups:
                result.changes.extend(_change(source, f, f.fix) for f in findings if f.fix is not None)
        else:
            start, kept = state, list[tuple[Edit, ...]]()  # one by one, each with those kept before it (all placed in the pass's text)
            for edits, findings in groups:
                trial = _applied(source, start.files, result, [*kept, edits])
                after = _evaluate(source, options, target, trial) if trial is not None else None
                added = _added_errors(start, after) if after is not None else ["an edit outside the text"]
                if after is not None and not added:
                    state, applied = after, True
                    kept.append(edits)
                    result.changes.extend(_change(source, f, f.fix) for f in findings if f.fix is not None)
                else:
                    for f in findings:
                        if f.fix is not None:
                            refuse(f, f.fix, f"it would add {', '.join(added)}")
        if not applied:
            break
    result.after = dict(state.files)
    return result


def _change(source: SkillSource, finding: Finding, fix: Fix, refused: str | None = None) -> Change:
    return Change(finding.file or source.md, finding.line, finding.column, finding.rule, fix.description, fix.safe, refused)


def _choose(
    source: SkillSource, state: _State, unsafe: bool, refuse: _Refuse
) -> list[tuple[tuple[Edit, ...], list[Finding]]]:
    """The fixes to apply in this pass: offered (unsafe ones only when asked), writable, changing something, and
    overlapping no fix taken before them (those wait for a later pass). Findings whose fixes are the same edits
    share one entry."""
    offered = [f for f, _ in state.findings if f.fix is not None and (f.fix.safe or unsafe)]
    offered.sort(key=lambda f: _order(source, f))
    taken: dict[tuple[Edit, ...], list[Finding]] = {}
    spans: dict[str, list[tuple[int, int]]] = {}
    for finding in offered:
        assert finding.fix is not None
        edits = tuple(sorted((_placed(source, finding, e) for e in finding.fix.edits), key=lambda e: (e.file or "", e.start, e.end)))
        if edits in taken:
            taken[edits].append(finding)
            continue
        why = _not_writable(source, {e.file or "" for e in edits})
        if why is not None:
            refuse(finding, finding.fix, why)
            continue
        if not _changes_something(source, state, edits):
            continue
        if any(overlapping((e.start, e.end), span) for e in edits for span in spans.get(e.file or "", ())):
            continue
        taken[edits] = [finding]
        for e in edits:
            spans.setdefault(e.file or "", []).append((e.start, e.end))
    return list(taken.items())


def _order(source: SkillSource, finding: Finding) -> tuple[str, int, int, str]:
    fix = finding.fix
    first = min((e.start for e in fix.edits), default=0) if fix is not None else 0
    return (finding.file or source.md, first, finding.line or 0, finding.rule)


def _placed(source: SkillSource, finding: Finding, edit: Edit) -> Edit:
    """The edit with its file named absolutely (an edit without one is in its finding's file)."""
    file = edit.file or finding.file or source.md
    return edit if edit.file == file else Edit(file, edit.start, edit.end, edit.text)


def _changes_something(source: SkillSource, state: _State, edits: tuple[Edit, ...]) -> bool:
    for e in edits:
        text = _text(state.files, e.file or source.md)
        if text is None or text[e.start : e.end] != e.text:
            return True
    return False


def _not_writable(source: SkillSource, files: Iterable[str]) -> str | None:
    """Why these files must not be written (a symlink, a file outside the skill folder), or None."""
    root = os.path.realpath(source.dir)
    for file in files:
        if not file:
            return "the fix names no file"
        if os.path.islink(file):
            return f"{os.path.basename(file)} is a symlink, which fix never writes through"
        real = os.path.realpath(file)
        if not real.startswith(root.rstrip(os.sep) + os.sep):
            return f"{os.path.basename(file)} is outside the skill folder"
        inside = os.path.relpath(os.path.abspath(file), os.path.abspath(source.dir))
        if inside.startswith(".."):
            return f"{os.path.basename(file)} is outside the skill folder"
    return None


def _text(files: dict[str, bytes], path: str) -> str | None:
    data = files.get(path)
    if data is None:
        data = _read(path)
    if data is None:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _read(path: str) -> bytes | None:
    raw, _ = document.read_bytes(Path(path))
    return raw


def _applied(source: SkillSource, files: dict[str, bytes], result: SkillFix, groups: list[tuple[Edit, ...]]) -> dict[str, bytes] | None:
    """`files` with the groups' edits applied (files read from disk on first use, and kept as read in
    `result.before`); None when an edit does not fit its file's text."""
    by_file: dict[str, list[Edit]] = {}
    for edits in groups:
        for e in edits:
            by_file.setdefault(e.file or source.md, []).append(e)
    out = dict(files)
    for path, placed in by_file.items():
        if path not in out:
            data = _read(path)
            if data is None:
                return None
            result.before.setdefault(path, data)
            out[path] = data
        try:
            out[path] = apply(out[path].decode("utf-8"), placed).encode("utf-8")
        except (UnicodeDecodeError, ValueError):
            return None
    return out


def _evaluate(source: SkillSource, options: Options, target: Target, files: dict[str, bytes]) -> _State | None:
    """The skill's findings as it would read with `files` written; None when SKILL.md cannot be read."""
    skill_md, skill_dir = source.skill_md, source.skill_dir
    prefix = source.dir.rstrip(os.sep) + os.sep
    overlay = {path[len(prefix) :].replace(os.sep, "/"): data for path, data in files.items() if path.startswith(prefix)}
    raw = files.get(source.md)
    if raw is None:
        raw, _ = document.read_bytes(skill_md)
        if raw is None:
            return None
    doc = document.parse(skill_md, skill_dir, raw, FolderFiles(skill_dir, overlay) if overlay else None)
    found: list[tuple[Finding, Severity]] = []
    for f in run_rules(doc, target, options, RULES):
        rule = RULES.get(f.rule)
        if rule is not None and options.enabled(rule, target):
            found.append((f, options.severity_of(rule, target)))
    return _State(files, found, doc.data is not None, doc.body is not None)


def _added_errors(before: _State, after: _State) -> list[str]:
    """The rules with more errors (in some file) after than before, less those whose checks could not run before."""
    masked: set[str] = set()
    if not before.has_data:
        masked |= _AFTER_YAML | {r.id for r in RULES.values() if r.check is not None and r.needs == "frontmatter"}
    if not before.has_body:
        masked |= {r.id for r in RULES.values() if r.check is not None and r.needs == "body"}
    counts_before = _errors(before)
    added = sorted({
        rule
        for (rule, file), n in _errors(after).items()
        if n > counts_before.get((rule, file), 0) and (rule not in masked or rule == RuleId.INTERNAL_ERROR)
    })
    return [f"a {rule} error" for rule in added]


def _errors(state: _State) -> Counter[tuple[str, str]]:
    return Counter((f.rule, f.file or "") for f, severity in state.findings if severity is Severity.ERROR)


def write(fixed: SkillFix) -> list[str]:
    """Write every changed file of a fixed skill atomically, keeping its mode; a file that changed on disk since it
    was read, became a symlink, or lies outside the skill is left alone. Returns the paths written."""
    written: list[str] = []
    source = SkillSource(fixed.skill_md, fixed.skill_dir)
    for path in fixed.changed:
        why = _not_writable(source, [path])
        if why is None and _read(path) != fixed.before.get(path):
            why = f"{os.path.basename(path)} changed on disk while it was being fixed"
        if why is not None:
            fixed.problems.append(f"{path}: not written: {why}")
            continue
        mode = os.stat(path).st_mode & 0o7777
        problem = write_atomic(path, fixed.after[path], mode=mode)
        if problem is not None:
            fixed.problems.append(problem)
        else:
            written.append(path)
    return written
