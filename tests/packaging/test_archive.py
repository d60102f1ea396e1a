"""build-zip: real zips built from skill folders and opened with zipfile (members, layout, exclusions, limits, refusals)."""

from __future__ import annotations

import os
import stat
import zipfile
from pathlib import Path

import pytest

from skillkit.diagnostics import Diagnostic
from skillkit.packaging.archive import FIXED_DATE_TIME
from skillkit.packaging.build import BuildOptions, BuildResult, build_zips

SKILL_MD = "---\nname: {name}\ndescription: Formats demo reports. Use when a test needs a small valid skill.\n---\n\n# Demo\n\nFollow the steps.\n"


def make_skill(root: Path, name: str = "demo-skill", files: dict[str, str | bytes] | None = None) -> Path:
    skill = root / name
    skill.mkdir(parents=True)
    (skill / "SKILL.md").write_text(SKILL_MD.format(name=name), encoding="utf-8")
    for rel, content in (files or {}).items():
        path = skill / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return skill


def build(skill: Path, out: Path, **kw: object) -> BuildResult:
    [result] = build_zips([str(skill)], BuildOptions(out=out, **kw))  # type: ignore[arg-type]
    return result


def names(zip_path: Path) -> list[str]:
    with zipfile.ZipFile(zip_path) as zf:
        return zf.namelist()


def rules_of(result: BuildResult) -> list[str]:
    return [d.rule for d in result.diagnostics if d.severity.value == "error"]


def mine(result: BuildResult) -> list[Diagnostic]:
    """The packaging diagnostics (other rules, e.g. orphan-file hints, may come and go)."""
    return [d for d in result.diagnostics if d.rule.startswith(("zip-", "package-"))]


def test_exact_members_one_top_folder_and_normalised_entries(tmp_path: Path) -> None:
    skill = make_skill(tmp_path, files={"references/guide.md": "# Guide\n", "scripts/run.sh": "#!/bin/sh\necho hi\n", "assets/b.txt": "b"})
    os.chmod(skill / "scripts/run.sh", 0o700)
    os.chmod(skill / "assets/b.txt", 0o600)
    result = build(skill, tmp_path / "dist")
    assert result.status == "built", result.diagnostics
    zpath = tmp_path / "dist" / "demo-skill.zip"
    assert names(zpath) == ["demo-skill/SKILL.md", "demo-skill/assets/b.txt", "demo-skill/references/guide.md", "demo-skill/scripts/run.sh"]
    with zipfile.ZipFile(zpath) as zf:
        assert zf.testzip() is None
        for info in zf.infolist():
            assert info.date_time == FIXED_DATE_TIME
            assert info.create_system == 3
            assert info.compress_type == zipfile.ZIP_DEFLATED
            assert info.extra == b"" and info.comment == b""
            assert not info.is_dir()
            assert not info.filename.startswith("/") and ".." not in info.filename.split("/")
            mode = info.external_attr >> 16
            assert stat.S_ISREG(mode)
            assert stat.S_IMODE(mode) == (0o755 if info.filename.endswith("run.sh") else 0o644)
        assert zf.comment == b""
    assert result.entries == tuple(names(zpath))
    assert result.sha256 is not None and result.compressed == zpath.stat().st_size


def test_default_junk_ignore_file_and_exclude_option(tmp_path: Path) -> None:
    junk = {
        ".git/config": "x", ".git/objects/ab/cd": "x", "__pycache__/m.cpython-311.pyc": b"\0", "lib.pyc": b"\0",
        ".DS_Store": b"\0", "assets/.DS_Store": b"\0", "__MACOSX/._SKILL.md": b"\0", "._SKILL.md": b"\0",
        "node_modules/left-pad/index.js": "x", ".venv/bin/python": "x", ".SKILL.md.swp": b"\0", "notes.md~": "x",
        "evals/evals.json": "{}", "drafts/idea.md": "x", "debug.log": "x", "keep.pyc": b"\0",
    }
    kept = {"references/evals/case.md": "kept: only the root evals/ is junk", "scripts/tool.py": "print(1)\n"}
    skill = make_skill(tmp_path, files={**junk, **kept, ".skillkitignore": "# mine\ndrafts/\n!keep.pyc\n"})
    result = build(skill, tmp_path / "dist", exclude=("*.log",))
    assert result.status == "built", result.diagnostics
    assert names(tmp_path / "dist/demo-skill.zip") == [
        "demo-skill/SKILL.md", "demo-skill/keep.pyc", "demo-skill/references/evals/case.md", "demo-skill/scripts/tool.py",
    ]
    assert {".git/", "__pycache__/", "node_modules/", ".venv/", "evals/", "drafts/", "debug.log", ".skillkitignore"} <= set(result.excluded)


def test_env_file_is_refused_with_its_path(tmp_path: Path) -> None:
    skill = make_skill(tmp_path, files={".env": "API_KEY=whatever\n"})
    result = build(skill, tmp_path / "dist")
    assert result.status == "refused"
    [d] = mine(result)
    assert (d.rule, d.file.endswith("demo-skill/.env")) == ("package-secret", True)
    assert "environment file" in d.message
    assert not (tmp_path / "dist/demo-skill.zip").exists()


def test_token_in_a_file_is_refused_with_line_and_column_unless_allowed(tmp_path: Path, live_token: str) -> None:
    skill = make_skill(tmp_path, files={"references/setup.md": f"# Setup\n\nexport GITHUB_TOKEN={live_token}\n"})
    result = build(skill, tmp_path / "dist")
    assert result.status == "refused"
    [d] = mine(result)
    assert (d.rule, d.line, d.column) == ("package-secret", 3, 21)
    assert d.file.endswith("references/setup.md") and live_token not in d.message
    assert build(skill, tmp_path / "dist", allow_secret=("references/setup.md",)).status == "built"


def test_placeholders_and_env_templates_are_not_secrets(tmp_path: Path) -> None:
    doc = "Set `ANTHROPIC_API_KEY=sk-ant-api03-...` or `ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`, `<token>`, `AKIAIOSFODNN7EXAMPLE`.\n"
    skill = make_skill(tmp_path, files={"references/auth.md": doc, ".env.example": "OPENAI_API_KEY=your-key-here\n"})
    result = build(skill, tmp_path / "dist")
    assert result.status == "built", result.diagnostics
    assert "demo-skill/.env.example" in result.entries


@pytest.fixture
def live_token() -> str:
    import random
    import string

    rnd = random.Random(7)  # generated, so no live-looking token is ever committed
    return "ghp_" + "".join(rnd.choice(string.ascii_letters + string.digits) for _ in range(36))


def _symlink(target: str, link: Path) -> None:
    try:
        os.symlink(target, link)
    except (OSError, NotImplementedError):
        pytest.skip("symlinks are not available here")


def test_symlink_inside_is_stored_as_the_file(tmp_path: Path) -> None:
    skill = make_skill(tmp_path, files={"references/real.md": "# Real\n"})
    _symlink("real.md", skill / "references/alias.md")
    result = build(skill, tmp_path / "dist")
    assert result.status == "built", result.diagnostics
    with zipfile.ZipFile(tmp_path / "dist/demo-skill.zip") as zf:
        info = zf.getinfo("demo-skill/references/alias.md")
        assert stat.S_ISREG(info.external_attr >> 16)
        assert zf.read(info) == b"# Real\n"


def test_symlink_to_an_excluded_env_file_is_refused(tmp_path: Path) -> None:
    skill = make_skill(tmp_path, files={".env": "TOKEN=1\n", ".skillkitignore": ".env\n"})
    _symlink(".env", skill / "settings.txt")
    result = build(skill, tmp_path / "dist")
    assert [(d.rule, d.message) for d in mine(result)] == [
        ("package-secret", "symlink 'settings.txt' points to '.env', an environment file; never package it")
    ]


@pytest.mark.parametrize(
    ("target", "expected"),
    [("../../outside.txt", "points outside the skill folder"), ("missing.md", "dangles"), ("references", "points to a folder")],
    ids=["outside", "dangling", "folder"],
)
def test_bad_symlinks_are_refused(tmp_path: Path, target: str, expected: str) -> None:
    (tmp_path / "outside.txt").write_text("secret host data")
    skill = make_skill(tmp_path / "x", files={"references/a.md": "a"})
    _symlink(target, skill / "link")
    result = build(skill, tmp_path / "dist")
    assert result.status == "refused"
    [d] = mine(result)
    assert d.rule == "package-symlink" and expected in d.message
    assert not (tmp_path / "dist/demo-skill.zip").exists()


def test_nested_archives_are_refused_but_documents_are_not(tmp_path: Path) -> None:
    import io

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("x.txt", "x")
    skill = make_skill(tmp_path, files={"assets/bundle.zip": buf.getvalue(), "assets/data.bin": buf.getvalue(),
                                        "assets/template.docx": buf.getvalue(), "assets/fonts.tar.gz": b"\x1f\x8b"})
    result = build(skill, tmp_path / "dist")
    assert result.status == "refused"
    flagged = sorted((d.rule, Path(d.file).name) for d in mine(result))
    assert flagged == [("zip-nested-archive", "bundle.zip"), ("zip-nested-archive", "data.bin"), ("zip-nested-archive", "fonts.tar.gz")]


def test_201_files_are_refused_and_200_are_built(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {f"references/r{i:03}.md": "x" for i in range(199)}
    skill = make_skill(tmp_path, files=files)
    assert build(skill, tmp_path / "dist").status == "built"
    (skill / "references/one-more.md").write_text("x")
    result = build(skill, tmp_path / "dist2")
    assert rules_of(result) == ["zip-too-many-files"]
    assert "201 > 200" in mine(result)[0].message
    assert not (tmp_path / "dist2").exists() or not any((tmp_path / "dist2").iterdir())


def test_over_30_mb_is_refused_without_reading(tmp_path: Path) -> None:
    skill = make_skill(tmp_path)
    with open(skill / "big.bin", "wb") as fh:  # sparse: no data is written or read
        fh.truncate(30_000_000 - len((skill / "SKILL.md").read_bytes()) + 1)
    result = build(skill, tmp_path / "dist")
    assert rules_of(result) == ["zip-too-large"]
    [d] = mine(result)
    assert "(30,000,001 bytes > 30,000,000 bytes uncompressed)" in d.message and "big.bin" in d.message


def test_more_than_one_skill_md_and_a_plugin_manifest_are_refused(tmp_path: Path) -> None:
    nested = SKILL_MD.format(name="inner")
    skill = make_skill(tmp_path, files={"examples/inner/SKILL.md": nested, ".claude-plugin/plugin.json": '{"name": "p"}'})
    result = build(skill, tmp_path / "dist")
    assert sorted(rules_of(result)) == ["zip-plugin-manifest", "zip-skill-md"]
    assert "2 SKILL.md files" in next(d.message for d in mine(result) if d.rule == "zip-skill-md")


def test_invalid_skill_writes_nothing(tmp_path: Path) -> None:
    skill = make_skill(tmp_path)
    (skill / "SKILL.md").write_text("---\nname: Demo Skill\ndescription: x\nversion: 1\n---\nbody\n")
    out = tmp_path / "dist"
    result = build(skill, out)
    assert result.status == "refused"
    assert {"name-format", "unknown-key"} <= set(rules_of(result))
    assert list(out.iterdir()) == []


def test_output_folder_inside_the_skill_is_not_packaged(tmp_path: Path) -> None:
    skill = make_skill(tmp_path)
    assert build(skill, skill / "dist").status == "built"
    assert build(skill, skill / "dist").status == "unchanged"  # the first zip was not picked up as a nested archive
    assert names(skill / "dist/demo-skill.zip") == ["demo-skill/SKILL.md"]


def test_ext_skill_and_two_skills_with_one_name(tmp_path: Path) -> None:
    first = make_skill(tmp_path / "a")
    second = make_skill(tmp_path / "b")
    results = build_zips([str(first), str(second)], BuildOptions(out=tmp_path / "dist", ext="skill"))
    assert [r.status for r in results] == ["built", "refused"]
    assert rules_of(results[1]) == ["package-write"]
    assert names(tmp_path / "dist/demo-skill.skill") == ["demo-skill/SKILL.md"]


def test_build_reads_the_settings_file_like_validate_but_always_targets_claude_ai(tmp_path: Path) -> None:
    import skillkit
    from skillkit.config.files import resolve

    (tmp_path / ".skillkit.toml").write_text('target = "claude-code"\nignore = ["zip-nested-archive"]\n', encoding="utf-8")
    skill = make_skill(tmp_path, files={"assets/fonts.tar.gz": b"\x1f\x8b\x08\x00"})
    text = (skill / "SKILL.md").read_text(encoding="utf-8")
    (skill / "SKILL.md").write_text(text.replace("---\n\n", 'argument-hint: "[file]"\n---\n\n', 1), encoding="utf-8")
    settings = resolve([str(skill)])  # what `skillkit validate` does
    assert skillkit.validate([str(skill)], config=settings).exit_code() == 0  # fine for Claude Code, as the settings say
    result = build(skill, tmp_path / "dist")
    assert result.status == "refused" and rules_of(result) == ["unknown-key"]  # not for an upload
    (skill / "SKILL.md").write_text(text, encoding="utf-8")
    result = build(skill, tmp_path / "dist")
    assert result.status == "built", result.diagnostics
    assert "demo-skill/assets/fonts.tar.gz" in result.entries  # the settings silence the archive rule for this repo
