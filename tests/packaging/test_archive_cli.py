"""build-zip through the real command line (a subprocess): output, JSON report, exit codes 0 / 1 / 2."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SKILL_MD = "---\nname: demo-skill\ndescription: Formats demo reports. Use when a test needs a small valid skill.\n---\n\n# Demo\n\nRead [the notes](notes.md).\n"


def skillkit(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    full_env.update({"NO_COLOR": "1", **(env or {})})
    return subprocess.run([sys.executable, "-m", "skillkit", *args], check=False, cwd=cwd, capture_output=True, text=True, env=full_env, timeout=60)


def run_main(args: list[str], cwd: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """The same entry point in-process (cheaper than a subprocess): exit code, stdout, stderr."""
    from skillkit.cli.app import main

    monkeypatch.chdir(cwd)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.setattr(sys, "argv", ["skillkit", *args])
    with pytest.raises(SystemExit) as exited:
        main()
    out, err = capsys.readouterr()
    return int(exited.value.code or 0), out, err


def make(tmp_path: Path) -> Path:
    skill = tmp_path / "skills" / "demo-skill"
    skill.mkdir(parents=True)
    (skill / "SKILL.md").write_text(SKILL_MD, encoding="utf-8")
    (skill / "notes.md").write_text("# Notes\n", encoding="utf-8")
    return skill


def test_build_then_check_then_validate_the_zip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    make(tmp_path)
    built = skillkit("build-zip", "skills/demo-skill", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    assert "\nbuilt dist/demo-skill.zip: 2 files, " in "\n" + built.stdout
    assert "sha256 " in built.stdout and built.stdout.rstrip().endswith("1 skill: 1 built")
    code, out, _ = run_main(["build-zip", "skills/demo-skill", "--check"], tmp_path, monkeypatch, capsys)
    assert code == 0 and "up to date dist/demo-skill.zip" in out
    code, out, _ = run_main(["validate", "dist/demo-skill.zip"], tmp_path, monkeypatch, capsys)
    assert code == 0 and "no problems" in out
    (tmp_path / "skills/demo-skill/notes.md").write_text("# Notes, edited\n")
    stale = skillkit("build-zip", "skills/demo-skill", "--check", cwd=tmp_path)
    assert stale.returncode == 1
    assert "package-stale" in stale.stdout and "changed demo-skill/notes.md" in stale.stdout


def test_json_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    make(tmp_path)
    code, out, err = run_main(["build-zip", "skills/demo-skill", "--out", "out", "--ext", "skill", "--format", "json"], tmp_path, monkeypatch, capsys)
    assert code == 0, err
    report = json.loads(out)
    [b] = report["builds"]
    assert (b["status"], b["name"], b["output"], b["files"]) == ("built", "demo-skill", "out/demo-skill.skill", 2)
    assert b["entries"] == ["demo-skill/SKILL.md", "demo-skill/notes.md"]
    assert b["compressed_bytes"] == (tmp_path / "out/demo-skill.skill").stat().st_size
    assert len(b["sha256"]) == 64 and report["summary"] == {"skills": 1, "built": 1} and report["zlib"]


def test_refusal_exits_1_and_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    skill = make(tmp_path)
    (skill / ".env").write_text("TOKEN=abc\n")
    code, out, _ = run_main(["build-zip", "skills/demo-skill"], tmp_path, monkeypatch, capsys)
    assert code == 1
    assert "skills/demo-skill/.env  error    package-secret  'demo-skill/.env' is an environment file" in out
    assert "refused skills/demo-skill: 1 error; nothing written" in out
    assert not any((tmp_path / "dist").iterdir())


def test_usage_errors_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    make(tmp_path)
    missing = skillkit("build-zip", "no/such/skill", cwd=tmp_path)
    assert missing.returncode == 2 and missing.stderr == "skillkit: error: path not found: no/such/skill\n"
    (tmp_path / "a.zip").write_bytes(b"")
    (tmp_path / "file").write_text("x")
    cases = [
        (["build-zip", "a.zip"], "not zips"),
        (["build-zip", "skills/demo-skill", "--ext", "tar"], "--ext 'tar'"),
        (["build-zip", "skills/demo-skill", "--out", "file"], "is not a folder"),
        (["build-zip", "skills/demo-skill", "--format", "xml"], "--format 'xml'"),
    ]
    for args, expected in cases:
        code, out, err = run_main(args, tmp_path, monkeypatch, capsys)
        assert (code, out) == (2, ""), args
        assert err.startswith("skillkit: error: ") and expected in err and "Traceback" not in err
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "soon")
    from skillkit.cli.app import main

    monkeypatch.setattr(sys, "argv", ["skillkit", "build-zip", "skills/demo-skill"])
    with pytest.raises(SystemExit) as exited:
        main()
    assert exited.value.code == 2 and "SOURCE_DATE_EPOCH" in capsys.readouterr().err
