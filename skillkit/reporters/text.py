"""Human report that ranks: per skill its errors, then its warnings, line by line as `path:line:col  severity
rule-id  message`, then its infos grouped per rule into one line; skills with errors first (the others follow once
the run is over), a count per rule with the way to its documentation, then the summary line."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from typing import Any, TextIO

from skillkit.diagnostics import Diagnostic, Report, Severity, SkillResult
from skillkit.ids import RuleId
from skillkit.results import Run, Tally
from skillkit.shown import printable
from skillkit.words import listed, many, noun

_COLOURS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}
SPOOL_BYTES = 8 * 1024 * 1024  # text held back for ranking stays in memory up to this size, then moves to a file

# How one line reads for several infos of one rule in one skill: what each one is (after the count), and the fix.
GROUPED: dict[str, tuple[str, str]] = {
    RuleId.FILE_ORPHAN: ("files are never referenced from SKILL.md", "mention them in SKILL.md or remove them"),
    RuleId.FENCE_NO_LANGUAGE: ("code fences have no language", "add one after each opening fence (text for plain output)"),
    RuleId.REFERENCE_CHAIN: (
        "markdown files are reached only through another markdown file",
        "link them from SKILL.md so they are one level deep",
    ),
    RuleId.CODE_CHECK_SKIPPED: ("fenced code blocks were not checked: their checker is not on the PATH", "install it to check them"),
}


def _paint(text: str, code: str, colour: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if colour else text


def location(d: Diagnostic) -> str:
    """`file:line:col` as people read it, the file name escaped (every human-readable format shows it this way)."""
    if d.line is None:
        return printable(d.file)
    return f"{printable(d.file)}:{d.line}:{d.column or 1}"


def write(run: Run, out: TextIO, *, colour: bool = False, least: Severity = Severity.INFO) -> None:
    """The ranked report; `least` is the least severe finding shown (errors only under --quiet). The summary line
    and the counts per severity always cover every finding."""
    listing = Listing(out, colour=colour, keep=lambda d: d.severity.rank >= least.rank)
    for skill in run.results():
        listing.skill(skill)
    listing.problems(run.problems())
    listing.finish()
    out.write(footer(run.tally, least, colour=colour))
    note = baseline_line(run.tally)
    if note:
        out.write(note + "\n")
    out.write(tally_line(run.tally) + "\n")


def render(report: Report, *, colour: bool = False, least: Severity = Severity.INFO) -> str:
    out = io.StringIO()
    write(Run.of(report), out, colour=colour, least=least)
    return out.getvalue()


class Listing:
    """Findings written as one block per skill, ranked by the block's worst severity: blocks with an error are
    written at once, the others are held back (in memory up to SPOOL_BYTES, then in a temporary file) and written
    after them, warnings before infos, so the errors of a big run come first and memory stays bounded."""

    def __init__(
        self,
        out: TextIO,
        *,
        colour: bool,
        keep: Callable[[Diagnostic], bool],
        start: Callable[[], None] | None = None,
        guard: Callable[[str], str] | None = None,
    ) -> None:
        """`keep` picks the findings listed, `start` runs before the first block is written, `guard` rewrites
        each block (the GitHub log's: no line may read as a workflow command)."""
        self.out = out
        self.colour = colour
        self.keep = keep
        self._start = start
        self._guard = guard
        self.started = False
        self._held = {Severity.WARNING: _Spool(), Severity.INFO: _Spool()}
        self._problems: tuple[Severity, str] | None = None

    def skill(self, result: SkillResult) -> None:
        diags = [d for d in result.diagnostics if self.keep(d)]
        if diags:
            label = f"{printable(result.name or '(no name)')}, target {result.target.value}"
            head = _paint(printable(result.file), "1", self.colour) + f"  ({label})"
            self._place(diags, _block(head, diags, result.path, self.colour))

    def problems(self, problems: Sequence[Diagnostic]) -> None:
        diags = [d for d in problems if self.keep(d)]
        if diags:
            block = _block(_paint("(repository)", "1", self.colour), diags, None, self.colour)
            self._problems = (_worst(diags), block if self._guard is None else self._guard(block))

    def finish(self) -> None:
        for sev in Severity:
            if self._problems is not None and self._problems[0] is sev:
                self._emit(self._problems[1])
            if sev in self._held:
                held = self._held[sev]
                if held:
                    self._begin()
                    held.copy_to(self.out)

    def _place(self, diags: list[Diagnostic], block: str) -> None:
        if self._guard is not None:
            block = self._guard(block)
        worst = _worst(diags)
        if worst is Severity.ERROR:
            self._emit(block)
        else:
            self._held[worst].write(block)

    def _emit(self, block: str) -> None:
        self._begin()
        self.out.write(block)

    def _begin(self) -> None:
        if not self.started:
            self.started = True
            if self._start is not None:
                self._start()


def _worst(diags: Sequence[Diagnostic]) -> Severity:
    return max((d.severity for d in diags), key=lambda sev: sev.rank)


def _block(head: str, diags: Sequence[Diagnostic], skill_path: str | None, colour: bool) -> str:
    """A header, the errors and warnings one per line, the infos one line per rule (a single one as it is)."""
    lines = [head]
    for sev in (Severity.ERROR, Severity.WARNING):
        lines.extend(_line(d, colour) for d in diags if d.severity is sev)
    by_rule: dict[str, list[Diagnostic]] = {}
    for d in diags:
        if d.severity is Severity.INFO:
            by_rule.setdefault(d.rule, []).append(d)
    for rule, group in by_rule.items():
        lines.append(_line(group[0], colour) if len(group) == 1 else _group_line(rule, group, skill_path, colour))
    return "\n".join(lines) + "\n\n"


def _line(d: Diagnostic, colour: bool) -> str:
    sev = _paint(f"{d.severity.value:<7}", _COLOURS[d.severity], colour)
    return f"  {location(d)}  {sev}  {d.rule}  {printable(d.message)}"


def _group_line(rule: str, group: Sequence[Diagnostic], skill_path: str | None, colour: bool) -> str:
    """`N <what they are>: a, b, ... (+n); <fix>`, placed on the first one's line when they share a file."""
    first = group[0]
    same_file = all(d.file == first.file for d in group)
    if same_file:
        where = location(first)
        places = [str(d.line) for d in group if d.line is not None]
        spots = f"{noun(len(places), 'line')} {listed(places)}" if places else ""
    else:
        where = printable(skill_path) if skill_path else printable(first.file)
        spots = listed([_in_skill(d, skill_path) for d in group])
    what, fix = GROUPED.get(rule, ("findings of this rule", f"`skillkit rules {rule}` explains it"))
    sev = _paint(f"{Severity.INFO.value:<7}", _COLOURS[Severity.INFO], colour)
    text = f"{len(group):,} {what}" + (f": {spots}" if spots else "") + f"; {fix}"
    return f"  {where}  {sev}  {rule}  {text}"


def _in_skill(d: Diagnostic, skill_path: str | None) -> str:
    """The finding's file relative to its skill folder when it lies inside, with its line when it has one."""
    file = d.file
    if skill_path and file.startswith(skill_path.rstrip("/") + "/"):
        file = file[len(skill_path.rstrip("/")) + 1 :]
    return printable(file) + (f":{d.line}" if d.line is not None else "")


def footer(tally: Tally, least: Severity = Severity.INFO, *, colour: bool = False) -> str:
    """The count per rule, most frequent first, with the command that documents a rule: when two rules or more
    have findings shown (one rule is named on each of its lines already)."""
    rows = tally.by_rule(least)
    if len(rows) < 2:
        return ""
    width = len(f"{rows[0][2]:,}")
    lines = ["findings per rule (`skillkit rules RULE` documents one):"]
    for rule, sev, n in rows:
        lines.append(f"  {n:>{width},}  {_paint(f'{sev.value:<7}', _COLOURS[sev], colour)}  {rule}")
    return "\n".join(lines) + "\n\n"


def baseline_line(tally: Tally) -> str | None:
    """What the baseline did: the findings it hid and the ones it lists that no longer occur, or what was recorded."""
    use = tally.baseline
    if use is None:
        return None
    file = printable(use.file)
    if use.recorded is not None:
        return f"baseline written to {file}: {many(use.recorded, 'finding')} recorded; `--baseline {file}` now reports only new ones"
    line = f"baseline {file}: {many(use.hidden, 'known finding')} hidden"
    if use.stale:
        line += f", {use.stale:,} no longer {'occurs' if use.stale == 1 else 'occur'} (`--write-baseline {file}` drops them)"
    return line


def summary_line(report: Report) -> str:
    run = Run.of(report)
    for _ in run.results():
        pass
    run.problems()
    return tally_line(run.tally)


def tally_line(tally: Tally) -> str:
    s = tally.summary()
    target_text = ", ".join(f"{name} x{n}" if n > 1 else name for name, n in sorted(tally.targets.items()))
    checked = f"{many(s.skills, 'skill')} checked" + (f" (target {target_text})" if target_text else "")
    if not (s.errors or s.warnings or s.infos):
        return f"{checked}: no {'new ' if tally.baseline is not None else ''}problems"
    parts = [many(s.errors, "error"), many(s.warnings, "warning"), many(s.infos, "info")]
    return f"{checked}, {tally.invalid:,} invalid: " + ", ".join(parts)


class _Spool:
    """Text held back: in memory up to SPOOL_BYTES, then in an anonymous temporary file (tempfile is imported only
    then: a small run never loads it)."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._size = 0
        self._file: Any = None

    def __bool__(self) -> bool:
        return bool(self._parts) or self._file is not None

    def write(self, text: str) -> None:
        if self._file is not None:
            self._file.write(text)
            return
        self._parts.append(text)
        self._size += len(text)
        if self._size > SPOOL_BYTES:
            import tempfile

            self._file = tempfile.TemporaryFile("w+", encoding="utf-8", errors="surrogateescape")  # noqa: SIM115  # closed when copied
            self._file.writelines(self._parts)
            self._parts = []

    def copy_to(self, out: TextIO) -> None:
        if self._file is None:
            out.writelines(self._parts)
            self._parts = []
            return
        import shutil

        self._file.seek(0)
        shutil.copyfileobj(self._file, out)
        self._file.close()
        self._file = None
