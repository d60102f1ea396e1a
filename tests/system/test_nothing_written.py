"""Nothing is written unless asked: `validate` leaves every file and folder as it was; `build-zip` writes only its zip.

Tests run as root, where a read-only mode does not stop a write, so the trees are also snapshotted
(path, mtime_ns, size, mode of every file and folder) before and after, around the source, the
current directory, HOME, the cache folder and TMPDIR.
"""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any, Self

import pytest

from skillkit import atomic
from skillkit.packaging.build import BuildOptions, build_zips

Snapshot = dict[str, tuple[int, int, int]]
GOOD = "---\nname: demo-skill\ndescription: Formats demo reports. Use when a test needs a small valid skill.\n---\n\n"
BODY = """# Demo

Run [the script](scripts/run.py) and read [the reference](references/ref.md).

```python
import os
print(os.getcwd())
```

```bash
rm -rf "$HOME/should-never-run"
```

```javascript
require("fs").writeFileSync("pwned.txt", "x");
```

```json
{"a": 1}
```

```yaml
a: [1, 2
```

```toml
a = 1
```
"""


def snapshot(*roots: Path) -> Snapshot:
    out: Snapshot = {}
    for root in roots:
        for folder, dirs, files in os.walk(root):
            for name in [".", *dirs, *files]:
                path = os.path.normpath(os.path.join(folder, name))
                st = os.lstat(path)
                out[path] = (st.st_mtime_ns, st.st_size, st.st_mode)
    return out


def make_tree(root: Path) -> Path:
    repo = root / "repo"
    files = {
        "skills/demo-skill/SKILL.md": GOOD + BODY,
        "skills/demo-skill/scripts/run.py": "open('/tmp/pwned', 'w').write('x')\n",
        "skills/demo-skill/references/ref.md": "# Ref\n\nA zero\u200bwidth space.\n",
        "skills/demo-skill/.skillkitignore": "drafts/\n",
        "skills/demo-skill/drafts/todo.md": "later\n",
        "skills/broken/SKILL.md": "---\nname: Broken Skill\ndescription: <b>\n---\n",
        ".skillkit.toml": "strict = false\n",
    }
    for rel, text in files.items():
        (repo / rel).parent.mkdir(parents=True, exist_ok=True)
        (repo / rel).write_text(text, encoding="utf-8")
    (repo / "dist").mkdir()
    with zipfile.ZipFile(repo / "dist" / "demo-skill.zip", "w") as zf:
        zf.writestr("demo-skill/SKILL.md", GOOD + "# Demo\n\nSteps.\n")
    subprocess.run(["git", "init", "-q", str(repo)], check=True, capture_output=True)
    return repo


def read_only(tree: Path) -> None:
    for folder, dirs, files in os.walk(tree):
        for name in [*files, *dirs, "."]:
            path = os.path.join(folder, name)
            os.chmod(path, stat.S_IMODE(os.lstat(path).st_mode) & ~0o222)


@pytest.fixture
def env(tmp_path: Path) -> dict[str, Any]:
    places = {name: tmp_path / name for name in ("cwd", "home", "cache", "tmp")}
    for place in places.values():
        place.mkdir()
    repo = make_tree(tmp_path)
    environ = {**os.environ, "HOME": str(places["home"]), "XDG_CACHE_HOME": str(places["cache"]), "TMPDIR": str(places["tmp"]), "NO_COLOR": "1"}
    environ.pop("SKILLKIT_CACHE_DIR", None)
    yield {"repo": repo, "environ": environ, "roots": (repo, *places.values()), **places}
    for folder, dirs, _files in os.walk(repo):  # let pytest clean up as a non-root user would need
        for name in [*dirs, "."]:
            os.chmod(os.path.join(folder, name), 0o755)


def run(env: dict[str, Any], *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "skillkit", *args], cwd=cwd or env["cwd"], env=env["environ"],
                          capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=300, check=False)


COMMANDS = {
    "text": ("validate", "{repo}"),
    "json": ("validate", "{repo}", "--format", "json"),
    "sarif": ("validate", "{repo}", "--format", "sarif"),
    "junit": ("validate", "{repo}", "--format", "junit"),
    "github": ("validate", "{repo}", "--format", "github"),
    "check-code": ("validate", "{repo}", "--check-code", "--target", "claude-code"),
    "jobs": ("validate", "{repo}", "--jobs", "2"),
    "zip": ("validate", "{repo}/dist/demo-skill.zip"),
    "changed-files": ("validate", "--changed-files", "{repo}/skills/demo-skill/SKILL.md"),
    "build-zip-check": ("build-zip", "{repo}/skills/demo-skill", "--out", "{repo}/dist", "--check"),
    "rules": ("rules",),
    "schema": ("schema",),
}


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_read_only_commands_write_nothing(name: str, env: dict[str, Any]) -> None:
    read_only(env["repo"])
    before = snapshot(*env["roots"])
    for cwd in (env["cwd"], env["repo"]):
        done = run(env, *(a.format(repo=env["repo"]) for a in COMMANDS[name]), cwd=cwd)
        assert done.returncode in (0, 1), done.stderr
        assert "Traceback" not in done.stderr
    after = snapshot(*env["roots"])
    if name == "check-code":  # node, ruby, php and elixir read code blocks from a temporary folder, then it is removed
        for snap in (before, after):
            del snap[str(env["tmp"])]
    assert after == before


def test_output_writes_only_the_report(env: dict[str, Any]) -> None:
    before = snapshot(*env["roots"])
    done = run(env, "validate", str(env["repo"]), "--format", "sarif", "--output", "reports/skills.sarif")
    assert done.returncode == 1 and "sarif report written to reports/skills.sarif" in done.stdout, done.stderr
    after = snapshot(*env["roots"])
    new = sorted(Path(p).relative_to(env["cwd"]).as_posix() for p in set(after) - set(before))
    assert new == ["reports", "reports/skills.sarif"]
    changed = [p for p in before if after[p] != before[p]]
    assert changed == [str(env["cwd"])]  # the folder that gained `reports`


def test_cache_writes_only_under_the_cache_folder(env: dict[str, Any]) -> None:
    before = snapshot(*env["roots"])
    assert run(env, "validate", str(env["repo"]), "--cache").returncode == 1
    after = snapshot(*env["roots"])
    grown = {p for p in after if after[p] != before.get(p)}
    assert grown and all(Path(p).is_relative_to(env["cache"]) for p in grown), sorted(grown)


def test_build_zip_writes_only_its_zip(env: dict[str, Any], tmp_path: Path) -> None:
    read_only(env["repo"])
    out = tmp_path / "out"
    before = snapshot(*env["roots"])
    done = run(env, "build-zip", str(env["repo"] / "skills" / "demo-skill"), "--out", str(out))
    assert done.returncode == 0, done.stdout + done.stderr
    assert snapshot(*env["roots"]) == before
    assert sorted(p.name for p in out.iterdir()) == ["demo-skill.zip"]
    with zipfile.ZipFile(out / "demo-skill.zip") as zf:
        assert zf.namelist() == ["demo-skill/SKILL.md", "demo-skill/references/ref.md", "demo-skill/scripts/run.py"]


def test_a_refused_build_writes_no_zip(env: dict[str, Any], tmp_path: Path) -> None:
    out = tmp_path / "out"
    before = snapshot(*env["roots"])
    done = run(env, "build-zip", str(env["repo"] / "skills" / "broken"), "--out", str(out))
    assert done.returncode == 1 and "nothing written" in done.stdout
    assert snapshot(*env["roots"]) == before
    assert list(out.iterdir()) == []


class _FailingWriter:
    """A file opened for the zip that takes part of the data, then fails as a full disk or an interrupt would."""

    def __init__(self, fh: Any, error: BaseException) -> None:
        self.fh, self.error = fh, error

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.fh.close()

    def write(self, data: bytes) -> int:
        self.fh.write(data[: len(data) // 2])
        self.fh.flush()
        raise self.error

    def __getattr__(self, name: str) -> Any:
        return getattr(self.fh, name)


@pytest.mark.parametrize("error", [OSError(errno.ENOSPC, "No space left on device"), KeyboardInterrupt()])
def test_a_failure_mid_write_leaves_no_file_and_no_temp_file(error: BaseException, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    skill = tmp_path / "demo-skill"
    (skill / "references").mkdir(parents=True)
    (skill / "SKILL.md").write_text(GOOD + "# Demo\n\nSee [ref](references/ref.md).\n")
    (skill / "references" / "ref.md").write_text("# Ref\n" + "x" * 50_000)
    out = tmp_path / "dist"
    [first] = build_zips([str(skill)], BuildOptions(out=out))
    good = (out / "demo-skill.zip").read_bytes()
    (skill / "references" / "ref.md").write_text("# Ref, changed\n" + "y" * 50_000)
    written: list[int] = []
    real_open = open

    def failing_open(file: Any, mode: str = "r", *args: Any, **kw: Any) -> Any:
        fh = real_open(file, mode, *args, **kw)
        if mode == "wb":
            written.append(1)
            return _FailingWriter(fh, error)
        return fh

    monkeypatch.setattr(atomic, "open", failing_open, raising=False)
    if isinstance(error, OSError):
        [result] = build_zips([str(skill)], BuildOptions(out=out))
        assert result.status == "refused"
        assert [d.rule for d in result.diagnostics if d.severity.value == "error"] == ["package-write"]
        assert result.diagnostics[-1].message == "cannot write demo-skill.zip: No space left on device"
    else:
        with pytest.raises(KeyboardInterrupt):
            build_zips([str(skill)], BuildOptions(out=out))
    assert written == [1]  # the failure came while the zip was being written
    assert sorted(p.name for p in out.iterdir()) == ["demo-skill.zip"]  # no temporary file left
    assert (out / "demo-skill.zip").read_bytes() == good  # the last good zip is untouched
    assert first.status == "built"


def test_a_linked_markdown_file_symlinked_out_of_the_skill_is_never_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A link target that is a symlink leaving the skill is not opened, so its links cannot leak paths."""
    import skillkit
    from skillkit.document import markdown

    secret = tmp_path / "outside.md"
    secret.write_text("[x](private/notes.md)\n")
    skill = tmp_path / "linker"
    (skill / "references").mkdir(parents=True)
    (skill / "SKILL.md").write_text("---\nname: linker\ndescription: Links out. Use when asked.\n---\n\nSee [g](references/guide.md#intro).\n")
    (skill / "references" / "guide.md").symlink_to(secret)
    opened: list[str] = []
    real_read = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: (opened.append(str(self)), real_read(self))[1])
    skillkit.validate([skill])
    assert not any(p.endswith("guide.md") for p in opened), opened
    assert markdown is not None
