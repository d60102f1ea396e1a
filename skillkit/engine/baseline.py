"""Baselines: adopt the check on a repository that already has findings.

`--write-baseline FILE` records every finding of the run; `--baseline FILE` hides the findings it records, so a run
reports (and fails on) new ones only, and counts the known ones it hid and the recorded ones that no longer occur.

A finding is known by its rule, its file and a fingerprint: a hash of the rule, the file and the text of the line it
points at, whitespace collapsed (a finding without a line, or in a zip, has the empty text). Neither the line number
nor the message counts, so editing lines above a finding, or a reworded message in a new skillkit, does not
resurface it. Identical fingerprints (the same rule on two identical lines of one file) are told apart by their
count: the file records how many there are, and a run hides that many.

The file is JSON, written sorted and one entry per line so that it diffs well (docs/baseline.md):

    {
      "version": 1,
      "tool": "skillkit",
      "findings": [
        {"file": "skills/pdf/SKILL.md", "rule": "fence-no-language", "fingerprint": "1f0c9d2e8a7b6c5d", "count": 2},
        ...
      ]
    }

Paths are relative to the folder that holds the baseline file, with `/`, so the run may start anywhere.
Memory stays bounded by the baseline's size: entries being recorded are sorted in chunks spilled to temporary files.
"""

from __future__ import annotations

import heapq
import json
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import IO, Any, Final

from skillkit.diagnostics import Diagnostic, SkillResult, UsageError
from skillkit.engine.fingerprints import Entry, Keys
from skillkit.results import BaselineUse, Run

VERSION: Final = 1
CHUNK: Final = 100_000  # entries sorted in memory before they are spilled to a temporary file
_SURROGATE: Final = re.compile("[\ud800-\udfff]")


class Baseline:
    """A loaded baseline: how many findings it knows per (file, rule, fingerprint), paths relative to `base`."""

    def __init__(self, shown: str, base: str, known: Counter[Entry]) -> None:
        self.shown = shown
        self.base = base
        self.known = known


def load(path: str) -> Baseline:
    """Read a baseline file; a missing, unreadable or malformed one is a UsageError (exit 2) saying why."""
    try:
        with open(path, "rb") as fh:
            raw = fh.read()
    except FileNotFoundError:
        raise UsageError(f"baseline {path} not found: create it with --write-baseline {path}") from None
    except OSError as exc:
        raise UsageError(f"cannot read baseline {path}: {exc.strerror or exc}") from None
    try:
        doc = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise UsageError(f"baseline {path} is not UTF-8 (byte {exc.start + 1}); write it again with --write-baseline {path}") from None
    except json.JSONDecodeError as exc:
        why = exc.msg[:1].lower() + exc.msg[1:]
        raise UsageError(f"baseline {path} is not valid JSON: {why} at line {exc.lineno}, column {exc.colno}") from None
    known: Counter[Entry] = Counter()
    for count, entry in _entries(doc, path):
        known[entry] += count
    return Baseline(path, _folder(path), known)


def _entries(doc: Any, path: str) -> Iterator[tuple[int, Entry]]:
    """(count, entry) for each entry of a parsed baseline, or a UsageError naming what is wrong and where."""
    if not isinstance(doc, dict) or not isinstance(doc.get("findings"), list):
        raise UsageError(f"baseline {path} is not a skillkit baseline: expected an object with a \"findings\" list")
    if doc.get("version") != VERSION:
        raise UsageError(f"baseline {path} has version {doc.get('version')!r}; this skillkit reads version {VERSION}")
    for i, item in enumerate(doc["findings"], 1):
        problem = _entry_problem(item)
        if problem:
            raise UsageError(f"baseline {path}: finding {i} {problem}")
        yield item["count"], (item["file"], item["rule"], item["fingerprint"])


def _entry_problem(item: Any) -> str | None:
    if not isinstance(item, dict):
        return "is not an object"
    for key in ("file", "rule", "fingerprint"):
        if not isinstance(item.get(key), str) or not item[key]:
            return f"has no {key} (a non-empty string)"
    count = item.get("count")
    if type(count) is not int or count < 1:
        return f"has count {count!r}; expected a whole number of at least 1"
    return None


def _folder(path: str) -> str:
    return os.path.dirname(os.path.abspath(path))


def apply(run: Run, baseline: Baseline, paths: Iterable[str]) -> Run:
    """The run with the baseline's known findings taken out; its tally says how many were hidden and, once the
    run is over, how many recorded findings under `paths` (the run's inputs) no longer occur."""
    keys = Keys(baseline.base)
    left = Counter(baseline.known)
    use = BaselineUse(file=baseline.shown)

    def kept(diagnostics: Sequence[Diagnostic]) -> tuple[Diagnostic, ...]:
        out = []
        for d, entry in zip(diagnostics, keys.entries(diagnostics)):
            if entry is not None and left[entry] > 0:
                left[entry] -= 1
                use.hidden += 1
            else:
                out.append(d)
        return tuple(out)

    def count_stale() -> None:
        scopes = [_scope(keys, path) for path in paths]
        use.stale = sum(n for (file, _, _), n in left.items() if n > 0 and any(_under(file, scope) for scope in scopes))

    return _filtered(run, kept, count_stale, use)


def _filtered(run: Run, kept: Callable[[Sequence[Diagnostic]], tuple[Diagnostic, ...]], at_end: Callable[[], None], use: BaselineUse) -> Run:
    """`run` with `kept` applied to every skill's diagnostics and to the run-wide problems, `at_end` called once the
    problems are known (the whole run read), and the baseline's figures on the tally."""

    def results() -> Iterator[SkillResult]:
        for result in run.results():
            diagnostics = kept(result.diagnostics)
            yield result if len(diagnostics) == len(result.diagnostics) else result.replaced(diagnostics=diagnostics)

    def problems() -> list[Diagnostic]:
        shown = list(kept(run.problems()))
        at_end()
        return shown

    filtered = Run(results(), problems)
    filtered.tally.baseline = use
    return filtered


def _scope(keys: Keys, path: str) -> str:
    """An input path as the baseline writes paths: a SKILL.md file stands for its folder."""
    if os.path.basename(path).lower() == "skill.md" and not os.path.isdir(path):
        path = os.path.dirname(path) or "."
    return keys.relative(path)


def _under(file: str, scope: str) -> bool:
    if scope == ".":
        return not file.startswith("../")
    return file == scope or file.startswith(scope.rstrip("/") + "/")


def record(run: Run, path: str) -> Run:
    """The run with every finding recorded into a new baseline at `path` and taken out of the report (as a
    `--baseline path` run would now show it); the file is written, whole or not at all, once the run is over."""
    keys = Keys(_folder(path))
    store = _Sorter()
    use = BaselineUse(file=path, recorded=0)

    def kept(diagnostics: Sequence[Diagnostic]) -> tuple[Diagnostic, ...]:
        out = []
        for d, entry in zip(diagnostics, keys.entries(diagnostics)):
            if entry is None:
                out.append(d)
            else:
                store.add(entry)
                use.recorded = (use.recorded or 0) + 1
        return tuple(out)

    return _filtered(run, kept, lambda: _write(path, store), use)


def _write(path: str, store: _Sorter) -> None:
    from skillkit.atomic import replacing

    try:
        with replacing(path) as out:
            out.write('{\n  "version": 1,\n  "tool": "skillkit",\n  "findings": [')
            first = True
            for (file, rule, fp), count in store.counted():
                entry = {"file": file, "rule": rule, "fingerprint": fp, "count": count}
                text = json.dumps(entry, ensure_ascii=bool(_SURROGATE.search(file)))
                out.write(("\n    " if first else ",\n    ") + text)
                first = False
            out.write("\n  ]\n}\n" if not first else "]\n}\n")
    except OSError as exc:
        raise UsageError(f"cannot write baseline {path}: {exc.strerror or exc}") from None
    finally:
        store.close()


class _Sorter:
    """Entries sorted with bounded memory: CHUNK at a time in memory, sorted runs spilled to temporary files and
    merged; equal entries come out once with their count."""

    def __init__(self) -> None:
        self._entries: list[Entry] = []
        self._runs: list[IO[str]] = []

    def add(self, entry: Entry) -> None:
        self._entries.append(entry)
        if len(self._entries) >= CHUNK:
            self._spill()

    def _spill(self) -> None:
        import tempfile

        self._entries.sort()
        spill = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115  # closed by close()
        spill.writelines(json.dumps(entry) + "\n" for entry in self._entries)
        spill.seek(0)
        self._runs.append(spill)
        self._entries = []

    def counted(self) -> Iterator[tuple[Entry, int]]:
        self._entries.sort()
        runs: list[Iterable[Entry]] = [self._entries]
        runs += [(_entry(line) for line in spill) for spill in self._runs]
        current: Entry | None = None
        n = 0
        for entry in heapq.merge(*runs):
            if entry == current:
                n += 1
                continue
            if current is not None:
                yield current, n
            current, n = entry, 1
        if current is not None:
            yield current, n

    def close(self) -> None:
        for spill in self._runs:
            spill.close()
        self._runs = []


def _entry(line: str) -> Entry:
    file, rule, fp = json.loads(line)
    return (file, rule, fp)
