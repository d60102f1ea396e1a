"""Hostile names and values in every output: file names that are not UTF-8 and control characters (ESC, OSC,
CSI, a newline before `::error`) never break a report, reach a terminal raw, or forge a CI command."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest
from conftest import run_cli

from skillkit.shown import decodable, printable

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="file names of arbitrary bytes need a POSIX file system")

NAMES = [  # file names as bytes: undecodable, controls, a forged workflow command, bidi, C1, a bare CR
    b"notes-\xff\xfe.md",
    b"\xc3\x28broken.md",
    b"x\n::error file=a::forged.md",
    b"title-\x1b]0;pwned\x07.md",
    b"csi-\x1b[2K\x1b[1A.md",
    b"bidi-\xe2\x80\xaecod.md",
    b"c1-\xc2\x9b31m.md",
    b"cr-\rover.md",
]
VALUES = [  # YAML double-quoted escapes in the description: ESC/OSC, CSI, a newline then a workflow command
    r"Reads \e]0;pwned\a files. Use when asked.",
    r"Reads \e[2K\e[1A files. Use when asked.",
    r"Reads files.\n::error file=x::forged. Use when asked.",
    r"Reads \x9b31m files \u202e. Use when asked.",
]
RAW = ("\x1b", "\x07", "\x9b", "\r", "\u202e")


def _skill(root: Path, description: str) -> Path:
    skill = root / "hostile"
    skill.mkdir()
    body = "# T\n\n" + "".join(f"- [n{i}](n{i}.md)\n" for i in range(len(NAMES)))
    (skill / "SKILL.md").write_text(f'---\nname: hostile\ndescription: "{description}"\nmetadata:\n  "k\\e[31m": v\n---\n\n{body}', encoding="utf-8")
    for name in NAMES:
        with open(os.path.join(os.fsencode(skill), name), "wb") as fh:
            fh.write(b"# n\n")
    return skill


@pytest.mark.parametrize("description", VALUES)
@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github", "junit"])
def test_every_format_stays_valid_and_escaped(tmp_path: Path, fmt: str, description: str) -> None:
    skill = _skill(tmp_path, description)
    done = run_cli("validate", "--target", "claude-code", "--format", fmt, str(skill), cwd=tmp_path)
    assert done.returncode in (0, 1), done.stderr
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr
    out = done.stdout
    out.encode("utf-8")  # valid UTF-8 whatever the bytes of the names
    if fmt in ("json", "sarif"):
        json.loads(out)
    if fmt in ("text", "github", "junit"):
        assert not any(ch in out for ch in RAW), "a control character reached the output raw"
    if fmt == "github":
        lines = out.splitlines()
        # Findings that are not annotations are listed inside a group: no listed line may read as a command (the
        # runner trims leading whitespace); outside it every line is a real command, then a note and the summary.
        start, end = lines.index("::group::findings not shown as annotations"), lines.index("::endgroup::")
        listed = lines[start + 1 : end]
        assert not any(line.lstrip().startswith(("::", "##[")) for line in listed), "a listed line reads as a command"
        outside = lines[:start] + lines[end + 1 :]
        assert all(line.startswith("::") for line in outside[:-2]) and not outside[-2].startswith("::")
        assert not any(line.lstrip().startswith("::error file=a") for line in lines), "forged command"


def test_a_report_that_cannot_be_written_leaves_nothing(tmp_path: Path) -> None:
    skill = _skill(tmp_path, VALUES[0])
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "report.json").mkdir()  # the report's path is taken by a folder: the rename must fail
    done = run_cli("validate", "--format", "json", "--output", str(locked / "report.json"), str(skill), cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.startswith("skillkit: error: cannot write") and len(done.stderr.splitlines()) == 1
    assert sorted(p.name for p in locked.iterdir()) == ["report.json"], "no temporary file left behind"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("plain", "plain"),
        ("naïve 漢字", "naïve 漢字"),
        ("a\x1b]0;t\x07b", "a\\x1b]0;t\\x07b"),
        ("line\nnext", "line\\x0anext"),
        ("\u202eevil", "\\u202eevil"),
        ("name-\udcff", "name-\\xff"),
        ("\x9b", "\\x9b"),
    ],
)
def test_printable(text: str, shown: str) -> None:
    assert printable(text) == shown
    decodable(text).encode("utf-8")
