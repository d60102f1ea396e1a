"""The Markdown step summary for GitHub Actions ($GITHUB_STEP_SUMMARY): counts per severity and per rule, the skills
with the most errors, from the run's Tally alone. Link-free (no URL, no mention, no reference GitHub would link)
and small: at most one row per rule and 50 skills (results.WORST_KEPT), far under GitHub's 1 MiB per step."""

from __future__ import annotations

from collections.abc import Mapping

from skillkit.diagnostics import Severity
from skillkit.results import Tally
from skillkit.shown import printable
from skillkit.words import many

TITLE = "### skillkit validate"


def markdown(tally: Tally, *, annotated: Mapping[Severity, int] | None = None, limit: int | None = None) -> str:
    """The summary; `annotated` says how many findings of each severity became annotations (`limit` at most)."""
    s = tally.summary()
    lines = [TITLE, ""]
    targets = ", ".join(f"{name} x{n}" if n > 1 else name for name, n in sorted(tally.targets.items()))
    checked = f"{many(s.skills, 'skill')} checked" + (f" (target {targets})" if targets else "")
    if tally.baseline is not None:
        lines += [_baseline(tally), ""]
    if not (s.errors or s.warnings or s.infos):
        lines += [f"{checked}: no {'new ' if tally.baseline is not None else ''}problems.", ""]
        return "\n".join(lines) + "\n"
    lines += [f"{checked}, {many(tally.invalid, 'skill')} with errors.", ""]
    head = "| severity | findings |" + (" annotations |" if annotated is not None else "")
    lines += [head, "| --- | ---: |" + (" ---: |" if annotated is not None else "")]
    for sev in Severity:
        row = f"| {sev.value} | {tally.counts[sev]:,} |"
        if annotated is not None:
            row += f" {annotated.get(sev, 0):,} |"
        lines.append(row)
    lines += ["", "| rule | severity | findings |", "| --- | --- | ---: |"]
    lines += [f"| {_code(rule)} | {sev.value} | {n:,} |" for rule, sev, n in tally.by_rule()]
    worst = tally.worst()
    if worst:
        more = tally.invalid - len(worst)
        title = "Skills with errors" + (f" (the {len(worst)} with the most; {more:,} more)" if more > 0 else "")
        lines += ["", f"{title}:", "", "| skill | errors |", "| --- | ---: |"]
        lines += [f"| {_code(path)} | {errors:,} |" for path, errors in worst]
    lines.append("")
    tail = "`skillkit rules RULE` documents a rule; the step's log lists every finding"
    if annotated is not None and limit and any(annotated.get(sev, 0) >= limit and tally.counts[sev] > limit for sev in Severity):
        tail += f" (annotations: the first {limit} of each kind, as many as GitHub shows for one step)"
    lines += [tail + ".", ""]
    return "\n".join(lines)


def _baseline(tally: Tally) -> str:
    use = tally.baseline
    assert use is not None
    if use.recorded is not None:
        return f"Baseline written to {_code(use.file)}: {many(use.recorded, 'finding')} recorded."
    text = f"Baseline {_code(use.file)}: {many(use.hidden, 'known finding')} hidden"
    if use.stale:
        text += f", {use.stale:,} no longer {'occurs' if use.stale == 1 else 'occur'}"
    return text + "."


def _code(text: str) -> str:
    """`text` as a code span in a table cell: nothing in it is formatted or linked; `|` is escaped, as GitHub's
    tables need even inside code, and a backtick run inside is outrun by the fence."""
    shown = printable(text).replace("|", "\\|")
    longest = _longest_backticks(shown)
    fence = "`" * (longest + 1)
    pad = " " if longest else ""
    return f"{fence}{pad}{shown}{pad}{fence}"


def _longest_backticks(text: str) -> int:
    longest = current = 0
    for ch in text:
        current = current + 1 if ch == "`" else 0
        longest = max(longest, current)
    return longest

