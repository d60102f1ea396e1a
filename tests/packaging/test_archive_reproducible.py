"""build-zip: identical bytes whatever the mtimes, modes, umask or listing order; --check; no leftovers after a failed build."""

from __future__ import annotations

import os
import shutil
import time
import zipfile
from pathlib import Path

import pytest

from skillkit.diagnostics import UsageError
from skillkit.packaging import archive, build
from skillkit.packaging.build import BuildOptions, build_zips

SKILL_MD = "---\nname: demo-skill\ndescription: Formats demo reports. Use when a test needs a small valid skill.\n---\n\n# Demo\n\nSteps.\n"
FILES = {"SKILL.md": SKILL_MD, "references/b.md": "# B\n", "references/a.md": "# A\n", "scripts/run.py": "print('hi')\n", "z.txt": "z"}


def write_skill(root: Path, order: list[str]) -> Path:
    skill = root / "demo-skill"
    for rel in order:  # creation order decides many file systems' listing order
        path = skill / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(FILES[rel], encoding="utf-8")
    return skill


def zip_of(skill: Path, out: Path, **kw: object) -> bytes:
    [result] = build_zips([str(skill)], BuildOptions(out=out, **kw))  # type: ignore[arg-type]
    assert result.status in ("built", "unchanged"), result.diagnostics
    return (out / "demo-skill.zip").read_bytes()


def test_same_bytes_after_touching_mtimes_modes_umask_and_order(tmp_path: Path) -> None:
    one = write_skill(tmp_path / "one", list(FILES))
    first = zip_of(one, tmp_path / "out1")
    two = write_skill(tmp_path / "elsewhere" / "two", list(reversed(FILES)))
    future = time.time() + 86_400 * 400
    for path in two.rglob("*"):
        os.utime(path, (future, future))
    os.chmod(two / "references/a.md", 0o600)
    os.chmod(two / "z.txt", 0o664)
    old = os.umask(0o077)
    try:
        second = zip_of(two, tmp_path / "out2")
    finally:
        os.umask(old)
    assert first == second
    os.chmod(two / "scripts/run.py", 0o744)  # an exec bit is content: it must change the bytes
    assert zip_of(two, tmp_path / "out3") != first


def test_source_date_epoch_sets_and_clamps_the_timestamp(tmp_path: Path) -> None:
    assert archive.zip_date_time({}) == (1980, 1, 1, 0, 0, 0)
    assert archive.zip_date_time({"SOURCE_DATE_EPOCH": "1700000001"}) == (2023, 11, 14, 22, 13, 20)
    assert archive.zip_date_time({"SOURCE_DATE_EPOCH": "0"}) == (1980, 1, 1, 0, 0, 0)
    with pytest.raises(UsageError):
        archive.zip_date_time({"SOURCE_DATE_EPOCH": "yesterday"})
    skill = write_skill(tmp_path, list(FILES))
    data = zip_of(skill, tmp_path / "dist", date_time=archive.zip_date_time({"SOURCE_DATE_EPOCH": "1700000001"}))
    with zipfile.ZipFile(tmp_path / "dist/demo-skill.zip") as zf:
        assert {i.date_time for i in zf.infolist()} == {(2023, 11, 14, 22, 13, 20)}
    assert data != zip_of(skill, tmp_path / "dist2")


def test_check_reports_up_to_date_stale_and_missing(tmp_path: Path) -> None:
    skill = write_skill(tmp_path, list(FILES))
    out = tmp_path / "dist"
    zip_of(skill, out)
    before = (out / "demo-skill.zip").read_bytes()
    [ok] = build_zips([str(skill)], BuildOptions(out=out, check=True))
    assert ok.status == "up-to-date" and build.exit_code([ok]) == 0
    (skill / "references/a.md").write_text("# A, edited\n")
    (skill / "references/new.md").write_text("new\n")
    [stale] = build_zips([str(skill)], BuildOptions(out=out, check=True))
    assert stale.status == "stale" and build.exit_code([stale]) == 1
    [d] = [d for d in stale.diagnostics if d.rule == "package-stale"]
    assert "added demo-skill/references/new.md" in d.message and "changed demo-skill/references/a.md" in d.message
    assert (out / "demo-skill.zip").read_bytes() == before  # --check never writes
    [missing] = build_zips([str(skill)], BuildOptions(out=tmp_path / "nowhere", check=True))
    assert missing.status == "stale" and "is missing" in missing.diagnostics[-1].message
    assert not (tmp_path / "nowhere").exists()


def test_check_explains_a_zlib_only_difference(tmp_path: Path) -> None:
    skill = write_skill(tmp_path, list(FILES))
    out = tmp_path / "dist"
    zip_of(skill, out)
    entries = []
    with zipfile.ZipFile(out / "demo-skill.zip") as zf:
        for info in zf.infolist():
            entries.append((info.filename, zf.read(info), (info.external_attr >> 16) & 0o777))
    other = out / "demo-skill.zip"
    with zipfile.ZipFile(other, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf:  # stands in for another zlib
        for name, data, mode in entries:
            info = zipfile.ZipInfo(name, date_time=archive.FIXED_DATE_TIME)
            info.create_system, info.external_attr = 3, (0o100000 | mode) << 16
            zf.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=1)
    problem = build.compare(other, archive.zip_bytes(entries))
    assert problem is not None and "another zlib" in problem


def _leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir())


def test_failed_verification_leaves_nothing_and_keeps_the_good_zip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    skill = write_skill(tmp_path, list(FILES))
    out = tmp_path / "dist"
    good = zip_of(skill, out)
    (skill / "z.txt").write_text("changed")
    monkeypatch.setattr(build, "_verify", lambda *args: "simulated bad read-back")
    [result] = build_zips([str(skill)], BuildOptions(out=out))
    assert result.status == "refused"
    assert [d.rule for d in result.diagnostics if d.severity.value == "error"] == ["package-write"]
    assert _leftovers(out) == ["demo-skill.zip"]
    assert (out / "demo-skill.zip").read_bytes() == good


def test_failed_rename_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    skill = write_skill(tmp_path, list(FILES))
    out = tmp_path / "dist"
    out.mkdir()

    def refuse(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(archive.os, "replace", refuse)
    [result] = build_zips([str(skill)], BuildOptions(out=out))
    assert result.status == "refused"
    assert "No space left on device" in result.diagnostics[-1].message
    assert _leftovers(out) == []


def test_interrupted_write_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    skill = write_skill(tmp_path, list(FILES))
    out = tmp_path / "dist"
    out.mkdir()

    def interrupt(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(archive.os, "fsync", interrupt)
    with pytest.raises(KeyboardInterrupt):
        build_zips([str(skill)], BuildOptions(out=out))
    assert _leftovers(out) == []


def test_the_built_zip_is_checked_as_an_upload(tmp_path: Path) -> None:
    skill = write_skill(tmp_path, list(FILES))
    out = tmp_path / "dist"
    zip_of(skill, out)
    from skillkit import validate

    report = validate([str(out / "demo-skill.zip")])
    assert report.exit_code() == 0 and [s.name for s in report.skills] == ["demo-skill"]
    shutil.rmtree(skill / "references")
    assert zip_of(skill, out) != b""  # rebuilding over an existing zip replaces it
    with zipfile.ZipFile(out / "demo-skill.zip") as zf:
        assert zf.namelist() == ["demo-skill/SKILL.md", "demo-skill/scripts/run.py", "demo-skill/z.txt"]
