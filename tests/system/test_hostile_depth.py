"""Hostile depth and volume: folders, TOML and cache files nested past Python's recursion limit, a body of a
million findings, and manifests JavaScript rejects; each is a clear result or a one-line error, never a crash."""

from __future__ import annotations

import json
import os
import resource
import sys
from pathlib import Path

import pytest
from conftest import GOOD_DESCRIPTION, run_cli, write_skill

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="resource limits and deep POSIX paths")


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (1536 * 1024 * 1024, 1536 * 1024 * 1024))  # 1.5 GiB address space


def run_limited(*args: str, cwd: Path, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    import subprocess

    full = {**os.environ, "NO_COLOR": "1", **(env or {})}
    done = subprocess.run([sys.executable, "-m", "skillkit", *args], cwd=cwd, env=full, capture_output=True, text=True, timeout=120, preexec_fn=_limited, check=False)
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr, done.stderr
    return done.returncode, done.stdout, done.stderr


@pytest.mark.parametrize("depth", [1_200, 1_500])
def test_a_skill_deeper_than_the_recursion_limit(tmp_path: Path, depth: int) -> None:
    folder = tmp_path
    for _ in range(depth):  # one level at a time: pathlib's mkdir(parents=True) itself recurses per level
        folder = folder / "d"
        os.mkdir(folder)
    write_skill(folder, "deep-skill")
    try:
        code, out, _ = run_limited("validate", str(folder / "deep-skill"), cwd=tmp_path)
        assert code == 0 and "1 skill checked" in out
    finally:  # bottom up, one level at a time: shutil.rmtree (and so pytest's cleanup) recurses per level
        (folder / "deep-skill" / "SKILL.md").unlink()
        (folder / "deep-skill").rmdir()
        while folder != tmp_path:
            folder.rmdir()
            folder = folder.parent


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("arrays", "exclude = " + "[" * 3000 + "]" * 3000 + "\n"),
        ("inline tables", "x = " + "{a = " * 3000 + "1" + "}" * 3000 + "\n"),
    ],
)
def test_a_config_nested_past_the_recursion_limit_is_a_usage_error(tmp_path: Path, name: str, text: str) -> None:
    write_skill(tmp_path, "ok-skill")
    (tmp_path / ".skillkit.toml").write_text(text, encoding="utf-8")
    code, _, err = run_limited("validate", "ok-skill", cwd=tmp_path)
    assert code == 2
    assert err.startswith("skillkit: error: .skillkit.toml") and len(err.splitlines()) == 1


@pytest.mark.parametrize("junk", ["[" * 100_000, "{" * 100_000, '{"format": ' + "[" * 50_000, "\x00\xff garbage"])
def test_a_damaged_cache_is_ignored(tmp_path: Path, junk: str) -> None:
    write_skill(tmp_path, "ok-skill")
    cache = tmp_path / "cache"
    cache.mkdir()
    env = {"SKILLKIT_CACHE_DIR": str(cache)}
    run_limited("validate", "--cache", "ok-skill", cwd=tmp_path, env=env)
    stores = [p for p in cache.rglob("*") if p.is_file()]
    assert stores, "the first run wrote a cache"
    for store in stores:
        store.write_text(junk, encoding="utf-8", errors="surrogateescape")
    code, out, _ = run_limited("validate", "--cache", "ok-skill", cwd=tmp_path, env=env)
    assert code == 0 and "1 skill checked" in out


@pytest.mark.parametrize("token", ["!`", "$ARGUMENTS ", "[x](missing.md) "])
def test_a_million_findings_are_capped_per_rule_and_file(tmp_path: Path, token: str) -> None:
    body = "# T\n\n" + "\n".join(token * 40 for _ in range(3_000_000 // (40 * len(token))))
    write_skill(tmp_path, "noisy-skill", body=body)
    code, out, _ = run_limited("validate", "--format", "json", "noisy-skill", cwd=tmp_path)
    assert code in (0, 1)
    report = json.loads(out)
    per_rule: dict[str, int] = {}
    for d in report["skills"][0]["diagnostics"]:
        per_rule[d["rule"]] = per_rule.get(d["rule"], 0) + 1
    assert per_rule and max(per_rule.values()) <= 100, per_rule
    # Findings at the same place collapse into one diagnostic, so fewer than 100 may show; the count of the rest rides
    # on the last one kept whenever a rule went over.
    assert len(report["skills"][0]["diagnostics"]) < 400


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity"])
@pytest.mark.parametrize("manifest", ["plugin.json", "marketplace.json"])
def test_manifests_javascript_rejects(tmp_path: Path, value: str, manifest: str) -> None:
    root = tmp_path / "plug"
    (root / ".claude-plugin").mkdir(parents=True)
    body = {"plugin.json": '{\n  "name": "plug",\n  "version": %s\n}\n', "marketplace.json": '{\n  "name": "m",\n  "owner": {"name": "o"},\n  "plugins": [],\n  "x": %s\n}\n'}
    (root / ".claude-plugin" / manifest).write_text(body[manifest] % value, encoding="utf-8")
    (root / "skills").mkdir()
    write_skill(root / "skills", "plug-skill", frontmatter=f"name: plug-skill\ndescription: {GOOD_DESCRIPTION}\n")
    code, out, _ = run_limited("validate", "--format", "json", "plug", cwd=tmp_path)
    assert code == 1
    report = json.loads(out)
    [problem] = [d for d in report["problems"] if d["rule"] == "manifest-json"]
    assert value in problem["message"] and problem["line"] in (3, 5) and problem["column"] > 1
    assert report["summary"]["skills"] == 1, "everything else is still checked"


def test_cli_smoke(tmp_path: Path) -> None:
    write_skill(tmp_path, "ok-skill")
    assert run_cli("validate", "ok-skill", cwd=tmp_path).returncode == 0


@pytest.mark.parametrize("out", ["my-skill", "my-skill/dist", "my-skill/../my-skill/out", "link-into-skill"])
def test_build_zip_never_packs_its_own_output(tmp_path: Path, out: str) -> None:
    """Wherever --out lies, even the skill folder itself, the second build is the same zip, not one holding the first."""
    write_skill(tmp_path, "my-skill")
    (tmp_path / "my-skill" / "assets").mkdir()
    (tmp_path / "my-skill" / "assets" / "note.txt").write_text("n\n", encoding="utf-8")
    (tmp_path / "link-into-skill").symlink_to(tmp_path / "my-skill" / "assets", target_is_directory=True)
    first, _, err = run_limited("build-zip", "my-skill", "--out", out, cwd=tmp_path)
    assert first == 0, err
    second, text, err = run_limited("build-zip", "my-skill", "--out", out, cwd=tmp_path)
    assert second == 0 and "unchanged" in text, text + err
