"""Hostile zips through the real CLI under CPU and memory limits: nested and self-containing zips, overlapping entries, case collisions.

Each answers with exit code 1 and a one-line finding that names the zip or the member, never a
traceback; nested archives are found by name and content and never opened.
"""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

import pytest
from engine.test_zipcheck import GOOD, make_zip
from test_hostile_input import run_limited

import skillkit
from skillkit.engine import zipskill as zipcheck
from skillkit.packaging.build import BuildOptions, build_zips


def answer(tmp_path: Path, name: str, rule: str, code: int = 1) -> list[str]:
    """The lines the CLI prints for `rule` about zip `name` (exit code and no traceback checked)."""
    result = run_limited("validate", name, cwd=tmp_path)
    assert result.returncode == code, (result.returncode, result.stdout[-2000:], result.stderr[-2000:])
    assert "Traceback" not in result.stdout + result.stderr
    lines = [ln.strip() for ln in result.stdout.splitlines() if f"  {rule}  " in ln]
    assert lines and all(ln.startswith(name) for ln in lines), result.stdout
    return lines


def zip_bytes(entries: dict[str, bytes | str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return buf.getvalue()


def test_nested_zips_three_levels_deep_are_refused_unopened(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    level3 = zip_bytes({"payload/SKILL.md": GOOD})
    level2 = zip_bytes({"inner/level3.zip": level3})
    level1 = zip_bytes({"inner/level2.zip": level2})
    make_zip(tmp_path / "nested.zip", {"demo-skill/SKILL.md": GOOD, "demo-skill/assets/level1.zip": level1, "demo-skill/assets/data.bin": level1})
    assert answer(tmp_path, "nested.zip", "zip-nested-archive") == [
        "nested.zip/demo-skill/assets/data.bin  error    zip-nested-archive  'demo-skill/assets/data.bin' is a zip archive (by its content); unpack what the skill needs or leave it out",
        "nested.zip/demo-skill/assets/level1.zip  error    zip-nested-archive  'demo-skill/assets/level1.zip' is an archive (.zip); unpack what the skill needs or leave it out",
    ]
    opened: list[object] = []
    real = zipfile.ZipFile
    monkeypatch.setattr(zipcheck.zipfile, "ZipFile", lambda *a, **kw: (opened.append(a[0]), real(*a, **kw))[1])
    skillkit.validate([str(tmp_path / "nested.zip")])
    assert len(opened) == 1  # the outer zip only: members are never opened as archives, so no recursion


def test_a_zip_that_contains_itself(tmp_path: Path) -> None:
    # The classic accident: `zip -r demo-skill.zip demo-skill/` run again with the last zip inside the folder.
    first = make_zip(tmp_path / "first.zip", {"demo-skill/SKILL.md": GOOD}).read_bytes()
    make_zip(tmp_path / "demo-skill.zip", {"demo-skill/SKILL.md": GOOD, "demo-skill/demo-skill.zip": first})
    again = (tmp_path / "demo-skill.zip").read_bytes()
    make_zip(tmp_path / "demo-skill.zip", {"demo-skill/SKILL.md": GOOD, "demo-skill/demo-skill.zip": again})
    assert answer(tmp_path, "demo-skill.zip", "zip-nested-archive") == [
        "demo-skill.zip/demo-skill/demo-skill.zip  error    zip-nested-archive  'demo-skill/demo-skill.zip' is an archive (.zip); unpack what the skill needs or leave it out",
    ]


def test_overlapping_entries_are_refused_without_expanding(tmp_path: Path) -> None:
    # A "better zip bomb": 50 directory records share one 1 MiB deflate stream; declared 50 MiB in all.
    data = bytearray(make_zip(tmp_path / "one.zip", {"demo-skill/SKILL.md": GOOD, "demo-skill/x.bin": bytes(1 << 20)}, level=9).read_bytes())
    eocd = data.rfind(b"PK\x05\x06")
    count, cd_size, cd_offset = struct.unpack("<HII", data[eocd + 10 : eocd + 20])
    records = data[cd_offset : cd_offset + cd_size]
    second = records.find(b"PK\x01\x02", 4)
    extra = records[second:] * 49
    tail = bytearray(data[eocd:])
    struct.pack_into("<HHII", tail, 8, count + 49, count + 49, cd_size + len(extra), cd_offset)
    (tmp_path / "overlap.zip").write_bytes(bytes(data[:eocd]) + extra + bytes(tail))
    lines = answer(tmp_path, "overlap.zip", "zip-too-large")
    largest = ", ".join(["demo-skill/x.bin (1,048,576 bytes)"] * 3)
    total = 50 * (1 << 20) + len(GOOD)
    assert lines == [f"overlap.zip  error    zip-too-large  files too large ({total:,} bytes > 30,000,000 bytes uncompressed); largest: {largest}"]
    assert answer(tmp_path, "overlap.zip", "zip-entry-name") == ["overlap.zip  error    zip-entry-name  entry 'demo-skill/x.bin' is stored 50 times"]


@pytest.mark.parametrize(
    ("entries", "rule", "line"),
    [
        (
            {"demo-skill/SKILL.md": GOOD, "demo-skill/a/File.md": "1", "demo-skill/a/file.md": "2"},
            "zip-entry-name",
            (
                "x.zip/demo-skill/a/file.md  error    zip-entry-name  'demo-skill/a/File.md' and 'demo-skill/a/file.md' differ only in case: "
                "they unpack as one file on macOS and Windows; rename one"
            ),
        ),
        (
            {"demo-skill/SKILL.md": GOOD, "demo-skill/Ref/a.md": "1", "demo-skill/ref/a.md": "2", "demo-skill/ref/b.md": "3"},
            "zip-entry-name",
            "x.zip  error    zip-entry-name  'demo-skill/Ref' and 'demo-skill/ref' differ only in case: they unpack as one folder on macOS and Windows; rename one",
        ),
        (
            {"demo-skill/SKILL.md": GOOD, "demo-skill/caf\u00e9.md": "1", "demo-skill/cafe\u0301.md": "2"},
            "zip-entry-name",
            (
                "x.zip/demo-skill/caf\u00e9.md  error    zip-entry-name  'demo-skill/cafe\\u0301.md' and 'demo-skill/caf\\xe9.md' differ only in "
                "Unicode normalisation: they unpack as one file on macOS and Windows; rename one"
            ),
        ),
        (
            {"demo-skill/SKILL.md": GOOD, "demo-skill/skill.md": GOOD},
            "zip-skill-md",
            "x.zip  error    zip-skill-md  zip has 2 SKILL.md files (demo-skill/SKILL.md, demo-skill/skill.md); exactly one is allowed: build one zip per skill",
        ),
    ],
    ids=["file-case", "folder-case", "normalisation", "skill-md-case"],
)
def test_names_that_differ_only_in_case(tmp_path: Path, entries: dict[str, bytes | str], rule: str, line: str) -> None:
    make_zip(tmp_path / "x.zip", entries)
    assert answer(tmp_path, "x.zip", rule) == [line]


def test_build_zip_refuses_a_folder_with_names_that_differ_only_in_case(tmp_path: Path) -> None:
    skill = tmp_path / "demo-skill"
    (skill / "a").mkdir(parents=True)
    (skill / "SKILL.md").write_text(GOOD.replace("Steps.", "See a/File.md and a/file.md."))
    (skill / "a" / "File.md").write_text("1")
    (skill / "a" / "file.md").write_text("2")
    [result] = build_zips([str(skill)], BuildOptions(out=tmp_path / "dist"))
    assert result.status == "refused"
    assert [(d.rule, d.file, d.message) for d in result.diagnostics if d.severity.value == "error"] == [
        ("zip-entry-name", str(skill / "a" / "file.md"),
         "'demo-skill/a/File.md' and 'demo-skill/a/file.md' differ only in case: they unpack as one file on macOS and Windows; rename one"),
    ]
    assert not (tmp_path / "dist" / "demo-skill.zip").exists()
