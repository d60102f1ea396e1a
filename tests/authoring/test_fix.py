"""`skillkit fix` beyond the golden cases: the fix model and its JSON, the guarantees (atomic, only changed files,
modes kept, never through a symlink or outside the skill, no new error, overlaps in a later pass), exit codes."""

from __future__ import annotations

import contextlib
import io
import json
import os
from pathlib import Path

import jsonschema
import pytest
from conftest import GOOD_DESCRIPTION, run_cli, write_skill

import skillkit
from skillkit.authoring.fix import fix_skill, write
from skillkit.cli.authoring import run_fix
from skillkit.config.options import Options
from skillkit.diagnostics import Target
from skillkit.discovery.sources import SkillSource
from skillkit.edits import Edit, Fix, apply, line_starts, lsp_range, overlapping
from skillkit.rules import RULES

REPO = Path(__file__).resolve().parents[2]


def fixed(root: Path, *args: str, unsafe: bool = False, target: str | None = "claude-ai") -> tuple[int, str]:
    out = io.StringIO()
    code = run_fix([str(root)], target=target, unsafe=unsafe, out=out, diff="--diff" in args)
    return code, out.getvalue()


# -- the model -----------------------------------------------------------------------------------------------


def test_edits_apply_and_overlap() -> None:
    assert apply("abcdef", [Edit(None, 4, 6, "XY"), Edit(None, 0, 1, ""), Edit(None, 2, 2, "-")]) == "b-cdXY"
    with pytest.raises(ValueError):
        apply("abc", [Edit(None, 0, 2, ""), Edit(None, 1, 3, "")])
    assert overlapping((0, 2), (1, 3))
    assert not overlapping((0, 2), (2, 3))  # adjacent replacements are independent
    assert overlapping((2, 2), (2, 2)) and overlapping((2, 2), (0, 2)) and overlapping((0, 2), (0, 0))
    assert not overlapping((5, 5), (0, 2))


def test_line_starts_and_lsp_ranges() -> None:
    text = "\ufeffa\r\nb\rc\nd"
    assert line_starts(text) == [0, 4, 6, 8]
    # U+1F600 takes two UTF-16 code units, as the Language Server Protocol counts columns
    assert lsp_range("x\U0001f600y\n", Edit(None, 2, 3, "")) == {"start": {"line": 0, "character": 3}, "end": {"line": 0, "character": 4}}
    assert Fix.from_dict(Fix("d", (Edit("f", 1, 2, "t"),), safe=False).as_dict()) == Fix("d", (Edit("f", 1, 2, "t"),), safe=False)


def test_json_shows_fixes_only_when_offered(tmp_path: Path) -> None:
    write_skill(tmp_path, "colon", frontmatter="name: colon\ndescription: Reads PDFs. Use when: asked.\n")
    write_skill(tmp_path, "clean-one")
    done = run_cli("validate", "-f", "json", "--target", "claude-ai", ".", cwd=tmp_path)
    report = json.loads(done.stdout)
    jsonschema.validate(report, json.loads((REPO / "schemas" / "report.schema.json").read_text(encoding="utf-8")))
    by_path = {s["path"]: s for s in report["skills"]}
    (finding,) = by_path["colon"]["diagnostics"]
    assert finding["fix"] == {
        "description": "quoted the value of 'description'; it holds ': '",
        "safe": True,
        "edits": [{"file": "colon/SKILL.md", "start": 29, "end": 29, "text": '"'}, {"file": "colon/SKILL.md", "start": 57, "end": 57, "text": '"'}],
    }
    text = (tmp_path / "colon" / "SKILL.md").read_text(encoding="utf-8")
    fixed_text = apply(text, [Edit(None, e["start"], e["end"], e["text"]) for e in finding["fix"]["edits"]])
    assert 'description: "Reads PDFs. Use when: asked."' in fixed_text
    assert by_path["clean-one"]["diagnostics"] == []


def test_fixes_are_worked_out_only_for_outputs_that_show_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from skillkit.cli.validate import run_validate
    from skillkit.ids import RuleId
    from skillkit.rules.base import FIXERS, Fixer, fixers

    write_skill(tmp_path, "colon", frontmatter="name: colon\ndescription: Reads PDFs. Use when: asked.\n")
    fixer = fixers()[RuleId.YAML_SYNTAX]
    asked: list[int] = []

    def counting(ctx: object, finding: object) -> Fix | None:
        asked.append(1)
        return fixer.make(ctx, finding)  # type: ignore[arg-type]

    monkeypatch.setitem(FIXERS, RuleId.YAML_SYNTAX, Fixer(fixer.rule, fixer.safe, counting))
    monkeypatch.chdir(tmp_path)
    for fmt, cache, wanted in (("text", False, 0), ("sarif", False, 0), ("github", False, 0), ("json", False, 1), ("text", True, 1)):
        asked.clear()
        monkeypatch.setenv("SKILLKIT_CACHE_DIR", str(tmp_path / f"cache-{fmt}"))
        with contextlib.redirect_stdout(io.StringIO()):
            run_validate(["."], format=fmt, target="claude-ai", cache=cache, jobs=1)
        assert len(asked) == wanted, (fmt, cache)
    # What the API returns carries its fixes.
    (finding,) = skillkit.validate(".", target="claude-ai").all_diagnostics()
    assert finding.fix is not None


def test_rules_marks_fixable_rules() -> None:
    listing = run_cli("rules").stdout.splitlines()
    row = next(line for line in listing if line.startswith("fence-unclosed "))
    assert " unsafe " in row
    assert " safe " in next(line for line in listing if line.startswith("utf8-bom "))
    doc = run_cli("rules", "fence-unclosed").stdout
    assert "  fix:      unsafe\n" in doc and "Fix (unsafe, applied only with `skillkit fix --unsafe`):" in doc
    assert {rule.fixable for rule in RULES.values()} == {None, "safe", "unsafe"}
    for rule in RULES.values():
        if rule.fixable:
            assert rule.fix_doc, f"{rule.id}: its fix has no documentation"


def test_zip_findings_carry_no_fix(tmp_path: Path) -> None:
    import zipfile

    with zipfile.ZipFile(tmp_path / "colon.zip", "w") as zf:
        zf.writestr("colon/SKILL.md", "---\nname: colon\ndescription: Reads PDFs. Use when: asked.\n---\n\n# T\n\nText.\n")
    report = skillkit.validate([str(tmp_path / "colon.zip")])
    assert [d.rule for d in report.skills[0].diagnostics] == ["yaml-syntax"]
    assert report.skills[0].diagnostics[0].fix is None


# -- the command ----------------------------------------------------------------------------------------------


def test_exit_codes(tmp_path: Path) -> None:
    write_skill(tmp_path, "colon", frontmatter="name: colon\ndescription: Reads PDFs. Use when: asked.\n")
    assert run_cli("fix", "--diff", "--target", "claude-ai", ".", cwd=tmp_path).returncode == 1
    done = run_cli("fix", "--target", "claude-ai", ".", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("colon/SKILL.md:3:34  yaml-syntax  quoted the value of 'description'; it holds ': '\n1 fix applied to 1 file\n")
    assert run_cli("fix", "--diff", "--target", "claude-ai", ".", cwd=tmp_path).returncode == 0
    write_skill(tmp_path, "Broken_Name", frontmatter="name: Broken_Name\ndescription: d. Use when asked.\n")
    assert run_cli("fix", "--target", "claude-ai", ".", cwd=tmp_path).returncode == 1  # an error remains
    missing = run_cli("fix", "nowhere", cwd=tmp_path)
    assert missing.returncode == 2 and "path not found: nowhere" in missing.stderr
    assert run_cli("fix", "--select", "no-such-rule", ".", cwd=tmp_path).returncode == 2


def test_unsafe_fixes_only_when_asked(tmp_path: Path) -> None:
    skill = write_skill(tmp_path, "folder-name", frontmatter=f"name: other-name\ndescription: {GOOD_DESCRIPTION}\n")
    before = (skill / "SKILL.md").read_bytes()
    code, printed = fixed(tmp_path)
    assert code == 1 and printed.startswith("0 fixes applied to 0 files")
    assert (skill / "SKILL.md").read_bytes() == before
    code, printed = fixed(tmp_path, unsafe=True)
    assert code == 0
    assert "name-mismatch  set name to the folder's name 'folder-name' (unsafe fix)" in printed
    assert b"name: folder-name\n" in (skill / "SKILL.md").read_bytes()


def test_select_limits_fixes_to_those_rules(tmp_path: Path) -> None:
    skill = tmp_path / "two"
    skill.mkdir()
    (skill / "SKILL.md").write_bytes(b"--- \nname: two\ndescription: Reads PDFs. Use when: asked.\n---\n\n# T\n\nText.\n")
    out = io.StringIO()
    run_fix([str(skill)], target="claude-ai", select=["frontmatter-delimiter"], out=out)
    assert "frontmatter-delimiter" in out.getvalue() and "yaml-syntax  quoted" not in out.getvalue()
    assert (skill / "SKILL.md").read_bytes().startswith(b"---\nname: two\ndescription: Reads PDFs. Use when: asked.\n")


def test_only_changed_files_are_written_and_modes_are_kept(tmp_path: Path) -> None:
    skill = write_skill(tmp_path, "pipes", body="# T\n\nSee [r](references/r.md).\n")
    (skill / "references").mkdir()
    ref = skill / "references" / "r.md"
    ref.write_text("# R\n\n| a | b |\n| - | - |\n| `x|y` | z |\n", encoding="utf-8")
    os.chmod(ref, 0o755)
    untouched = skill / "SKILL.md"
    os.utime(untouched, (1_000_000, 1_000_000))
    code, printed = fixed(tmp_path)
    assert code == 0, printed
    assert ref.read_text(encoding="utf-8").endswith("| `x\\|y` | z |\n")
    assert ref.stat().st_mode & 0o777 == 0o755
    assert untouched.stat().st_mtime == 1_000_000
    assert not [p.name for p in skill.rglob("*.tmp")]


def test_symlinks_and_files_outside_the_skill_are_never_written(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    real = outside / "SKILL.md"
    real.write_bytes(b"--- \nname: linked\ndescription: d. Use when asked.\n---\n\n# T\n\nText.\n")
    skill = tmp_path / "skills" / "linked"
    skill.mkdir(parents=True)
    try:
        (skill / "SKILL.md").symlink_to(real)
    except OSError:
        pytest.skip("no symlinks here")
    source = SkillSource(skill / "SKILL.md", skill)
    result = fix_skill(source, Options(target=Target.CLAUDE_AI))
    assert result.changed == [] and result.changes == []
    assert [c.refused for c in result.refused] == ["SKILL.md is a symlink, which fix never writes through"]
    assert real.read_bytes().startswith(b"--- \n")


def test_a_file_changed_meanwhile_is_not_written(tmp_path: Path) -> None:
    skill = write_skill(tmp_path, "colon", frontmatter="name: colon\ndescription: Reads PDFs. Use when: asked.\n")
    result = fix_skill(SkillSource(skill / "SKILL.md", skill), Options(target=Target.CLAUDE_AI))
    assert result.changed == [str(skill / "SKILL.md")]
    (skill / "SKILL.md").write_text("---\nname: colon\ndescription: edited meanwhile\n---\n", encoding="utf-8")
    assert write(result) == []
    assert result.problems and "changed on disk while it was being fixed" in result.problems[0]
    assert "edited meanwhile" in (skill / "SKILL.md").read_text(encoding="utf-8")


def test_overlapping_fixes_wait_for_a_later_pass_and_no_fix_adds_an_error(tmp_path: Path) -> None:
    # name-format (set the name to the folder's) and yaml-comment-in-value (quote the value) both start where the
    # value does: the first is applied, the second waits; in the next pass quoting would make the name
    # 'tool-kit #1', a name-format error the skill no longer has, so it is left out and said so.
    skill = write_skill(tmp_path, "tool-kit", frontmatter=f"name: Tool #1\ndescription: {GOOD_DESCRIPTION}\n")
    code, printed = fixed(tmp_path, unsafe=True)
    lines = printed.splitlines()
    assert lines[0].endswith("tool-kit/SKILL.md:2:7  name-format  set name to 'tool-kit' (unsafe fix)")
    assert any("yaml-comment-in-value  not fixed: quoted the value of 'name'; it holds ' #': it would add a name-format error" in line for line in lines)
    assert (skill / "SKILL.md").read_text(encoding="utf-8").startswith("---\nname: tool-kit #1\n")
    assert code == 0  # the comment warning remains


def test_valid_skill_stays_byte_identical(tmp_path: Path) -> None:
    skill = write_skill(tmp_path, "fine-skill")
    before = (skill / "SKILL.md").read_bytes()
    code, printed = fixed(tmp_path)
    assert (code, printed.splitlines()[0]) == (0, "0 fixes applied to 0 files")
    assert (skill / "SKILL.md").read_bytes() == before
