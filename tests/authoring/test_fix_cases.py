"""Golden fix cases: every folder under tests/cases_fix holds skills before and after `skillkit fix`.

A case folder holds:

- `before/`: the skill folders as written (any bytes: byte order marks, CR line endings, trailing spaces);
- `after/`: the same folders once `skillkit fix` has run, byte for byte;
- `expected.diff`: what `skillkit fix --diff` prints for `before/` (exit 1 when it is not empty, else 0);
- `expected.txt`: header lines `# key: value`, then the lines `skillkit fix` prints for the fixes, one per fix
  (`path:line:col  rule-id  what changed`, or `not fixed: ...`), paths relative to the case.

Headers: `# target: claude-ai` (the target to fix for, default auto), `# unsafe: true` (also apply unsafe fixes).

Each case runs in a temporary copy (current folder = the copy). The test also checks that `--diff` wrote nothing
and that a second `skillkit fix` changes nothing. `SKILLKIT_REGEN_FIX_CASES=1` rewrites `after/`,
`expected.diff` and the lines of `expected.txt` from what the code does: read every changed file before
committing it.
"""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import pytest

from skillkit.cli.authoring import run_fix

CASES = Path(__file__).parents[1] / "cases_fix"
HEADER_KEYS = frozenset({"target", "unsafe"})
REGEN = os.environ.get("SKILLKIT_REGEN_FIX_CASES") == "1"


def _cases() -> list[Path]:
    return sorted(p for p in CASES.iterdir() if (p / "before").is_dir())


def _header(case: Path) -> tuple[dict[str, str], list[str]]:
    options: dict[str, str] = {}
    lines: list[str] = []
    for raw in (case / "expected.txt").read_text(encoding="utf-8").splitlines():
        if raw.startswith("# ") and ":" in raw:
            key, value = raw[2:].split(":", 1)
            options[key.strip()] = value.strip()
        elif raw.strip():
            lines.append(raw)
    unknown = sorted(set(options) - HEADER_KEYS)
    assert not unknown, f"unknown header keys {unknown}; known: {sorted(HEADER_KEYS)}"
    return options, lines


def tree(root: Path) -> dict[str, bytes]:
    """Every file under `root` by '/'-relative path, with its bytes."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def fix(work: Path, options: dict[str, str], *, diff: bool) -> tuple[int, str]:
    out = io.StringIO()
    code = run_fix(["."], target=options.get("target"), unsafe=options.get("unsafe") == "true", diff=diff, out=out)
    return code, out.getvalue()


def change_lines(printed: str) -> list[str]:
    """The per-fix lines `skillkit fix` printed (those before its summary line)."""
    lines = printed.splitlines()
    end = next(i for i, line in enumerate(lines) if " applied to " in line)
    return lines[:end]


@pytest.mark.parametrize("case", _cases(), ids=lambda p: p.name)
def test_fix_case(case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    options, expected_lines = _header(case)
    work = tmp_path / case.name
    shutil.copytree(case / "before", work, symlinks=True)
    monkeypatch.chdir(work)
    before = tree(work)

    code, diff = fix(work, options, diff=True)
    assert tree(work) == before, "--diff wrote something"
    assert code == (1 if diff else 0)

    _, printed = fix(work, options, diff=False)
    lines = change_lines(printed)
    capsys.readouterr()  # the report of what remains: test_fix.py checks it

    if REGEN:
        (case / "expected.diff").write_bytes(diff.encode("utf-8"))
        head = "".join(f"# {key}: {value}\n" for key, value in options.items())
        (case / "expected.txt").write_text(head + "".join(f"{line}\n" for line in lines), encoding="utf-8")
        shutil.rmtree(case / "after", ignore_errors=True)
        shutil.copytree(work, case / "after", symlinks=True)
        return

    assert diff == (case / "expected.diff").read_bytes().decode("utf-8")
    assert lines == expected_lines
    assert tree(work) == tree(case / "after")

    _, again = fix(work, options, diff=False)
    assert [line for line in change_lines(again) if "  not fixed: " not in line] == [], "a second run changed something"
    assert tree(work) == tree(case / "after")
    code, diff = fix(work, options, diff=True)
    assert (code, diff) == (0, "")
