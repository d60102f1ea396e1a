"""`skillkit validate X.zip` on hand-made zips: layout, names, symlink entries, name mismatch, corrupt files, bombs, limits."""

from __future__ import annotations

import stat
import struct
import warnings
import zipfile
from pathlib import Path

import pytest

import skillkit
from skillkit.diagnostics import Diagnostic, Report
from skillkit.engine import zipskill as zipcheck

GOOD = "---\nname: demo-skill\ndescription: Formats demo reports. Use when a test needs a small valid skill.\n---\n\n# Demo\n\nSteps.\n"
Entry = tuple[str, bytes | str] | zipfile.ZipInfo


def make_zip(path: Path, entries: dict[str, bytes | str], *, modes: dict[str, int] | None = None, level: int = 6) -> Path:
    """A zip holding exactly these names (no sanitising: `../x` and `/x` are stored as given)."""
    with warnings.catch_warnings(), zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=level) as zf:
        warnings.simplefilter("ignore")  # zipfile warns on duplicate names, which one test wants
        for name, data in entries.items():
            info = zipfile.ZipInfo(name.split("#dup")[0], date_time=(2024, 1, 1, 0, 0, 0))
            info.create_system = 3
            info.external_attr = ((modes or {}).get(name, stat.S_IFREG | 0o644)) << 16
            zf.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=level)
    return path


def check(path: Path) -> Report:
    return skillkit.validate([str(path)])


def found(report: Report, *, errors_only: bool = True) -> list[tuple[str, str]]:
    """(rule, message) of the zip and packaging diagnostics, plus name checks."""
    mine = ("zip-", "package-", "name-mismatch", "file-too-large", "description-xml")
    return [(d.rule, d.message) for d in diags(report) if d.rule.startswith(mine) and (d.severity.value == "error" or not errors_only)]


def diags(report: Report) -> list[Diagnostic]:
    return report.all_diagnostics()


def test_good_zip_with_folder_entries_is_clean(tmp_path: Path) -> None:
    z = make_zip(tmp_path / "demo-skill.zip", {"demo-skill/": b"", "demo-skill/SKILL.md": GOOD}, modes={"demo-skill/": stat.S_IFDIR | 0o755})
    report = check(z)
    assert report.exit_code() == 0, diags(report)
    assert [(s.name, s.target.value) for s in report.skills] == [("demo-skill", "claude-ai")]


def test_files_at_the_root(tmp_path: Path) -> None:
    report = check(make_zip(tmp_path / "flat.zip", {"SKILL.md": GOOD, "notes.md": "x"}))
    assert found(report) == [
        ("zip-top-folder", "zip has no top-level folder: 2 files are at its root (SKILL.md, notes.md); zip the skill folder itself, not its contents"),
        ("zip-skill-md", "SKILL.md must be directly in the top-level folder, not at the zip root"),
    ]
    assert report.exit_code() == 1


def test_a_file_next_to_the_folder(tmp_path: Path) -> None:
    report = check(make_zip(tmp_path / "x.zip", {"demo-skill/SKILL.md": GOOD, "README.md": "x"}))
    assert found(report) == [("zip-top-folder", "1 file is at the zip root (README.md); all files must be inside the top-level folder")]


def test_two_skill_md_files_case_insensitive(tmp_path: Path) -> None:
    report = check(make_zip(tmp_path / "x.zip", {"demo-skill/SKILL.md": GOOD, "demo-skill/examples/other/skill.md": GOOD}))
    assert found(report) == [
        ("zip-skill-md", "zip has 2 SKILL.md files (demo-skill/SKILL.md, demo-skill/examples/other/skill.md); exactly one is allowed: build one zip per skill")
    ]


def test_skill_md_nested_too_deep(tmp_path: Path) -> None:
    report = check(make_zip(tmp_path / "x.zip", {"repo/skills/demo-skill/SKILL.md": GOOD}))
    assert found(report) == [("zip-skill-md", "SKILL.md must be directly in the top-level folder, not at 'repo/skills/demo-skill/SKILL.md'")]


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("../evil", "has a '..' part"),
        ("demo-skill/../../evil", "has a '..' part"),
        ("/etc/cron.d/evil", "is an absolute path"),
        ("C:/Windows/evil", "is an absolute path"),
        ("demo-skill\\..\\evil", "contains a backslash"),
        ("demo-skill//x.md", "has an empty or '.' part"),
    ],
)
def test_unsafe_entry_names(tmp_path: Path, name: str, problem: str) -> None:
    report = check(make_zip(tmp_path / "x.zip", {"demo-skill/SKILL.md": GOOD, name: "pwned"}))
    [(rule, message)] = found(report)
    assert rule == "zip-entry-name" and message.startswith(f"entry {name!r} {problem}")


def test_symlink_entry(tmp_path: Path) -> None:
    entries = {"demo-skill/SKILL.md": GOOD, "demo-skill/host": "../../../../../etc/hostname"}
    report = check(make_zip(tmp_path / "x.zip", entries, modes={"demo-skill/host": stat.S_IFLNK | 0o777}))
    assert found(report) == [("zip-symlink", "entry 'demo-skill/host' is a symbolic link; a skill zip stores only files")]


def test_folder_name_differs_from_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_zip(tmp_path / "x.zip", {"other-folder/SKILL.md": GOOD})
    monkeypatch.chdir(tmp_path)
    [d] = [d for d in diags(check(Path("x.zip"))) if d.severity.value == "error"]
    assert (d.rule, d.file, d.line, d.column) == ("name-mismatch", "x.zip/other-folder/SKILL.md", 2, 7)
    assert d.message == "name 'demo-skill' does not match its folder 'other-folder'"


def test_skill_md_content_is_checked_in_the_zip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = GOOD.replace("Formats demo reports.", "Formats <report> files.")
    make_zip(tmp_path / "x.skill", {"demo-skill/SKILL.md": bad})
    monkeypatch.chdir(tmp_path)
    [d] = [d for d in diags(check(Path("x.skill"))) if d.rule == "description-xml"]
    assert (d.file, d.line) == ("x.skill/demo-skill/SKILL.md", 3)


def _good_bytes(tmp_path: Path) -> bytes:
    return make_zip(tmp_path / "good.zip", {"demo-skill/SKILL.md": GOOD * 20}).read_bytes()


@pytest.mark.parametrize("damage", ["garbage", "empty", "truncated", "crc", "encrypted"])
def test_corrupt_zips_are_findings_not_tracebacks(tmp_path: Path, damage: str) -> None:
    data = bytearray(_good_bytes(tmp_path))
    if damage == "garbage":
        data = bytearray(b"this is not a zip\n" * 10)
    elif damage == "empty":
        data = bytearray()
    elif damage == "truncated":
        data = data[: len(data) // 2]
    elif damage == "crc":
        data[60] ^= 0xFF  # inside SKILL.md's compressed bytes
    elif damage == "encrypted":
        data[6] |= 1  # the encryption flag, in the local header ...
        cd = data.find(b"PK\x01\x02")
        data[cd + 8] |= 1  # ... and in the central directory
    z = tmp_path / "bad.zip"
    z.write_bytes(bytes(data))
    report = check(z)
    rules = {rule for rule, _ in found(report)}
    assert "zip-corrupt" in rules, diags(report)
    assert not any(d.rule == "internal-error" for d in diags(report))
    assert report.exit_code() == 1
    if damage == "encrypted":
        assert any("it is encrypted" in m for _, m in found(report))


@pytest.mark.pure_python  # counts calls to a function of the (compiled) zip checker
def test_zip_bomb_by_declared_size_is_refused_without_expanding(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    z = make_zip(tmp_path / "bomb.zip", {"demo-skill/SKILL.md": GOOD, "demo-skill/bomb.bin": bytes(40 * 1024 * 1024)}, level=1)
    assert z.stat().st_size < 200_000
    reads: list[str] = []
    real = zipcheck.read_bounded
    monkeypatch.setattr(zipcheck, "read_bounded", lambda zf, info, cap: (reads.append(info.filename), real(zf, info, cap))[1])
    report = check(z)
    assert found(report) == [("zip-too-large", f"files too large ({41_943_040 + len(GOOD):,} bytes > 30,000,000 bytes uncompressed); largest: demo-skill/bomb.bin (41,943,040 bytes), demo-skill/SKILL.md ({len(GOOD)} bytes)")]
    assert reads == ["demo-skill/SKILL.md"]  # only the bounded SKILL.md read


def test_zip_bomb_with_lying_sizes_is_read_with_a_bound(tmp_path: Path) -> None:
    z = make_zip(tmp_path / "liar.zip", {"demo-skill/SKILL.md": GOOD, "demo-skill/x.bin": bytes(8 * 1024 * 1024)}, level=1)
    data = bytearray(z.read_bytes())
    with zipfile.ZipFile(z) as zf:
        local = zf.getinfo("demo-skill/x.bin").header_offset
    struct.pack_into("<I", data, local + 22, 1024)  # the local header says 1 KiB ...
    cd = data.rfind(b"PK\x01\x02")  # the second central record is x.bin's
    struct.pack_into("<I", data, cd + 24, 1024)  # ... and so does the central directory
    z.write_bytes(bytes(data))
    assert {rule for rule, _ in found(check(z))} == {"zip-corrupt"}


def test_actual_decompressed_bytes_are_capped_whatever_is_declared(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    z = make_zip(tmp_path / "x.zip", {"demo-skill/SKILL.md": GOOD, "demo-skill/a.txt": "a" * 5000})
    monkeypatch.setattr(zipcheck, "MAX_UNCOMPRESSED", 1000)  # the read cap only; the declared-size rule keeps 30 MB
    assert found(check(z)) == [("zip-too-large", "entries decompress to more than 1,000 bytes (stopped reading at 'demo-skill/a.txt'); refused")]


def test_more_than_10000_entries_are_refused_unread(tmp_path: Path) -> None:
    with zipfile.ZipFile(tmp_path / "many.zip", "w") as zf:
        for i in range(10_001):
            zf.writestr(f"demo-skill/{i}", b"")
    assert found(check(tmp_path / "many.zip")) == [("zip-too-many-files", "zip declares 10,001 entries (> 10,000); refused without reading it")]


def test_201_files(tmp_path: Path) -> None:
    entries: dict[str, bytes | str] = {"demo-skill/SKILL.md": GOOD, **{f"demo-skill/r/{i}.md": "x" for i in range(200)}}
    assert found(check(make_zip(tmp_path / "x.zip", entries))) == [("zip-too-many-files", "too many files (201 > 200, the upload's observed limit)")]


def test_skill_md_over_4_mib(tmp_path: Path) -> None:
    big = GOOD + "x" * (4 * 1024 * 1024)
    assert found(check(make_zip(tmp_path / "x.zip", {"demo-skill/SKILL.md": big}, level=1))) == [
        ("file-too-large", "SKILL.md too large (over 4,194,304 bytes); not parsed")
    ]


def test_plugin_manifest_nested_archive_and_duplicates(tmp_path: Path) -> None:
    inner = make_zip(tmp_path / "inner.zip", {"a.txt": "a"}).read_bytes()
    entries: dict[str, bytes | str] = {
        "demo-skill/SKILL.md": GOOD,
        "demo-skill/.claude-plugin/plugin.json": '{"name": "x"}',
        "demo-skill/assets/more.zip": inner,
        "demo-skill/assets/blob": inner,
        "demo-skill/a.md": "1",
        "demo-skill/a.md#dup": "2",
    }
    assert sorted(found(check(make_zip(tmp_path / "x.zip", entries)))) == [
        ("zip-entry-name", "entry 'demo-skill/a.md' is stored 2 times"),
        ("zip-nested-archive", "'demo-skill/assets/blob' is a zip archive (by its content); unpack what the skill needs or leave it out"),
        ("zip-nested-archive", "'demo-skill/assets/more.zip' is an archive (.zip); unpack what the skill needs or leave it out"),
        ("zip-plugin-manifest", "'demo-skill/.claude-plugin/plugin.json' is a plugin manifest; a skill cannot contain one (upload it as a plugin instead)"),
    ]


def test_macos_litter(tmp_path: Path) -> None:
    entries = {"demo-skill/SKILL.md": GOOD, "__MACOSX/demo-skill/._SKILL.md": b"\0", "demo-skill/.DS_Store": b"\0"}
    report = check(make_zip(tmp_path / "x.zip", entries))
    assert found(report, errors_only=False) == [
        ("zip-junk", "'__MACOSX/' is junk no upload needs; leave it out"),
        ("zip-junk", "'demo-skill/.DS_Store' is junk no upload needs; leave it out"),
        ("zip-top-folder", "zip has 2 top-level folders (__MACOSX, demo-skill); it must have exactly one (__MACOSX/ is macOS zip litter: zip with `skillkit build-zip`)"),
    ]


def test_secrets_in_a_zip_point_at_the_member(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    token = "xoxb-" + "7329105846" + "-" + "kQ3zR8vWm2" + "Lp9XcT4yBn6H"  # built at run time, never a literal token
    entries = {"demo-skill/SKILL.md": GOOD, "demo-skill/.env": "A=1\n", "demo-skill/ref.md": f"# Ref\n\ntoken: {token}\n"}
    make_zip(tmp_path / "x.zip", entries)
    monkeypatch.chdir(tmp_path)
    got = [(d.rule, d.file, d.line, d.column) for d in diags(check(Path("x.zip"))) if d.rule == "package-secret"]
    assert got == [("package-secret", "x.zip/demo-skill/.env", None, None), ("package-secret", "x.zip/demo-skill/ref.md", 3, 8)]


def test_zips_are_only_checked_when_named(tmp_path: Path) -> None:
    skill = tmp_path / "demo-skill"
    skill.mkdir()
    (skill / "SKILL.md").write_text(GOOD)
    make_zip(tmp_path / "junk.zip", {"SKILL.md": "no frontmatter"})
    report = skillkit.validate([str(tmp_path)])
    assert [s.path.rsplit("/", 1)[-1] for s in report.skills] == ["demo-skill"]
