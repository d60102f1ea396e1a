"""Golden cases: every folder under tests/cases is a small skill tree with the exact diagnostics it must produce.

A case folder holds one or more skill folders (or plugin and marketplace manifests) and `expected.txt`.
Every non-blank line of expected.txt that is not a header is one diagnostic,
`path:line:col  severity  rule-id  message` (as the text reporter prints it), paths relative to the
case folder: first every skill's diagnostics in report order, then the problems that belong to no
single skill (`report.problems`: manifests, marketplaces, duplicate names, plugin layout). An empty
list means the case must be clean.

The case is copied into a temporary folder and run there (current folder = the copy), so what a case
generates never lands in the checkout. Header lines `# key: value` set how it runs; keys marked
(repeatable) may appear on several lines:

- `# target: claude-ai`: the target to validate with (default `auto`).
- `# applied-target: claude-code`: also assert the target every checked skill got.
- `# paths: skills other`: validate these paths (space-separated, relative to the case) instead of `.`.
- `# check-code: true`: validate with `check_code=True` (fenced code is parsed).
- `# tools: none`: no external code checker (bash, node, elixir, ...) is on the PATH during the run.
- `# command: build-zip` (or `build-zip --check`): run `skillkit.packaging.build.build_zips` on the
  paths into `dist/` (inside the copy) instead of validating; the lines are every BuildResult's
  diagnostics, in result order.
- `# zip: NAME.zip`: build NAME.zip from the case's `zip.json` (see `_make_zip`) and validate that zip
  (it replaces `.` unless `paths` is given). Zips are never committed.
- `# symlink: LINK -> TARGET` (repeatable): create the symlink LINK (parents made) pointing to TARGET,
  exactly as written (dangling targets included). Skipped where symlinks cannot be made, or where the
  temporary folder sits inside a git work tree (that would move the "checked tree" boundary).
- `# fifo: PATH` (repeatable): create a named pipe at PATH. Skipped where there are none.
- `# grow: PATH SIZE` (repeatable): append copies of the file's last line until it is exactly SIZE
  bytes (the last copy cut short), for files over a size cap that are not committed at that size.
- `# tokens: PATH` (repeatable): replace the placeholders `{{github-token}}` and `{{aws-access-key-id}}`
  in PATH by tokens of that shape, generated here (deterministic, never committed, never live).
- `# crash: RULE-ID`: that rule's check raises during the run, to prove a crash becomes an
  internal-error diagnostic and the other checks and skills still run (skipped where the rule cannot
  be patched, as in a mypyc-compiled build).

Each case must still hold a skill or a manifest that a plain `validate(".")` of the committed folder
finds (tests/markdown/test_markdown_scan.py runs every case folder that way), so a zip case keeps the skill
folder its zip is built from, and a case whose SKILL.md is generated keeps a second, committed skill.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import re
import shutil
import stat
import warnings
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any

import pytest

import skillkit
from skillkit.diagnostics import Diagnostic
from skillkit.discovery import vcs
from skillkit.reporters.text import location

CASES = Path(__file__).parents[1] / "cases"
HEADER_KEYS = frozenset(
    {"target", "applied-target", "paths", "check-code", "tools", "command", "zip", "symlink", "fifo", "grow", "tokens", "crash"}
)
REPEATABLE = frozenset({"symlink", "fifo", "grow", "tokens"})
ZIP_DATE_TIME = (2024, 1, 1, 0, 0, 0)


def _cases() -> list[Path]:
    return sorted(p for p in CASES.iterdir() if (p / "expected.txt").is_file())


def _parse_expected(path: Path) -> tuple[dict[str, list[str]], list[str]]:
    options: dict[str, list[str]] = {}
    lines: list[str] = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        if raw.startswith("# ") and ":" in raw:
            key, value = raw[2:].split(":", 1)
            options.setdefault(key.strip(), []).append(value.strip())
        elif raw.strip():
            lines.append(" ".join(raw.split()))
    return options, lines


def _line(d: Diagnostic) -> str:
    return " ".join(f"{location(d)}  {d.severity.value}  {d.rule}  {d.message}".split())


def _one(options: dict[str, list[str]], key: str, default: str | None = None) -> str | None:
    values = options.get(key)
    if not values:
        return default
    assert len(values) == 1, f"header '{key}' given {len(values)} times"
    return values[0]


@pytest.mark.parametrize("case", _cases(), ids=lambda p: p.name)
def test_case(case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> None:
    options, expected = _parse_expected(case / "expected.txt")
    unknown = sorted(set(options) - HEADER_KEYS)
    assert not unknown, f"unknown header keys {unknown}; known: {sorted(HEADER_KEYS)}"
    repeated = sorted(key for key, values in options.items() if len(values) > 1 and key not in REPEATABLE)
    assert not repeated, f"header keys given more than once: {repeated}"
    work = tmp_path / case.name
    shutil.copytree(case, work, symlinks=True)
    if "symlink" in options and vcs.toplevel(str(work)) is not None:
        pytest.skip("the temporary folder is inside a git work tree, which would move the symlink boundary")
    monkeypatch.chdir(work)
    _prepare(work, options)
    paths = (_one(options, "paths") or "").split()
    zip_name = _one(options, "zip")
    if zip_name is not None:
        _make_zip(work / "zip.json", work / zip_name)
        paths = paths or [zip_name]
    paths = paths or ["."]
    if _one(options, "tools") is not None:
        assert _one(options, "tools") == "none", "the only value of 'tools' is 'none'"
        _no_tools(tmp_path, monkeypatch, request)
    crash = _one(options, "crash")
    with _crashing(crash) if crash else nullcontext():
        got = _run(paths, options)
    assert got == expected


def _run(paths: list[str], options: dict[str, list[str]]) -> list[str]:
    command = (_one(options, "command") or "validate").split()
    if command[0] == "build-zip":
        from skillkit.packaging.build import BuildOptions, build_zips

        assert set(command[1:]) <= {"--check"}, f"build-zip takes only --check here, got {command[1:]}"
        results = build_zips(paths, BuildOptions(out=Path("dist"), check="--check" in command))
        return [_line(d) for result in results for d in result.diagnostics]
    assert command == ["validate"], f"unknown command {command}"
    report = skillkit.validate(paths, target=_one(options, "target", "auto"), check_code=_one(options, "check-code") == "true")
    applied = _one(options, "applied-target")
    if applied is not None:
        assert {skill.target.value for skill in report.skills} == {applied}
    return [_line(d) for skill in report.skills for d in skill.diagnostics] + [_line(d) for d in report.problems]


# -- what a case generates at test time ----------------------------------------------------------


def _prepare(work: Path, options: dict[str, list[str]]) -> None:
    for spec in options.get("symlink", []):
        link, arrow, target = spec.partition(" -> ")
        assert arrow, f"symlink header must be 'LINK -> TARGET', got {spec!r}"
        path = work / link
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.symlink(target, path)
        except (OSError, NotImplementedError):
            pytest.skip("symlinks cannot be made here")
    for spec in options.get("fifo", []):
        if not hasattr(os, "mkfifo"):
            pytest.skip("no named pipes here")
        (work / spec).parent.mkdir(parents=True, exist_ok=True)
        os.mkfifo(work / spec)
    for spec in options.get("grow", []):
        rel, size = spec.rsplit(" ", 1)
        _grow(work / rel, int(size))
    for spec in options.get("tokens", []):
        path = work / spec
        text = path.read_text(encoding="utf-8")
        for placeholder, value in _tokens().items():
            text = text.replace(placeholder, value)
        assert "{{" not in text, f"unknown token placeholder left in {spec}"
        path.write_text(text, encoding="utf-8")


def _grow(path: Path, size: int) -> None:
    data = path.read_bytes()
    last = data.rstrip(b"\n").rsplit(b"\n", 1)[-1] + b"\n"
    assert len(data) < size, f"{path.name} is already {len(data)} bytes"
    copies = (size - len(data)) // len(last) + 1
    path.write_bytes((data + last * copies)[:size])


def _tokens() -> dict[str, str]:
    """Token-shaped values derived from a fixed phrase: the same on every run, never a real credential."""

    def alnum(label: str, alphabet: str) -> str:
        digest = b"".join(hashlib.sha256(f"skillkit golden case {label} {i}".encode()).digest() for i in range(4))
        return "".join(c for c in base64.b64encode(digest).decode() if c in alphabet)

    letters_digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    return {
        "{{github-token}}": "ghp_" + alnum("github", letters_digits)[:36],
        "{{aws-access-key-id}}": "AKIA" + alnum("aws", "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")[:16],
    }


def _no_tools(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> None:
    from skillkit.content import codecheck

    empty = tmp_path / "empty-path"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    codecheck.available.cache_clear()  # answers cached under the real PATH, before and after this case
    request.addfinalizer(codecheck.available.cache_clear)


# The replacement check is compiled under a fixed file name, so the crash message names the same place on
# every machine and does not move when this file is edited.
_CRASH_SOURCE = "def check(ctx):\n    raise RuntimeError('injected by the golden case')\n"


@contextmanager
def _crashing(rule_id: str) -> Iterator[None]:
    from skillkit.rules import RULES

    rule = RULES[rule_id]
    assert rule.check is not None, f"{rule_id} has no check function to crash"
    namespace: dict[str, Any] = {}
    exec(compile(_CRASH_SOURCE, "injected_crash.py", "exec"), namespace)  # noqa: S102 - fixed source above
    original = rule.check
    try:
        rule.check = namespace["check"]  # type: ignore[misc]  # Final for mypy, still assignable when interpreted
    except (AttributeError, TypeError):
        pytest.skip(f"cannot patch the check of {rule_id} in this build")
    try:
        yield
    finally:
        rule.check = original  # type: ignore[misc]


# -- zips from a committed description ------------------------------------------------------------


def _make_zip(spec_path: Path, dest: Path) -> None:
    """Write `dest` from a zip.json description.

    The description is a JSON object:
    - `from`: a folder of the case whose files become entries, sorted, named `<as>/<path>` where `as`
      defaults to the folder's name (`"as": ""` puts them at the zip root, as zipping a folder's
      contents does); modes 0644, or 0755 for executable files.
    - `entries`: more entries, each an object with `name` and one of `text` (a string), `lines` (a list
      of lines, joined with newlines), `size` (that many zero bytes) or `zip` (a list of entries: a zip
      nested inside); optional `mode` (octal permission string, default "644"), `symlink` (true: a
      symbolic link entry whose content is its target), `dir` (true: a folder entry), `compress`
      (false: stored, default deflated) and `repeat` (N entries, `{i}` in the name numbered from 1).
      A name may be given twice: it is stored twice.
    - `truncate`: keep only the first N bytes of the zip (a download cut short).
    """
    spec = json.loads(spec_path.read_text(encoding="utf-8"))
    entries: list[dict[str, Any]] = []
    if "from" in spec:
        folder = spec_path.parent / spec["from"]
        top = spec.get("as", folder.name)
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            rel = path.relative_to(folder).as_posix()
            mode = "755" if os.stat(path).st_mode & 0o111 else "644"
            entries.append({"name": f"{top}/{rel}" if top else rel, "bytes": path.read_bytes(), "mode": mode})
    entries.extend(spec.get("entries", []))
    data = _zip_bytes(entries)
    if "truncate" in spec:
        data = data[: spec["truncate"]]
    dest.write_bytes(data)


def _zip_bytes(entries: list[dict[str, Any]]) -> bytes:
    buf = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(buf, "w") as zf:
        warnings.simplefilter("ignore")  # zipfile warns about a name stored twice, which a case may want
        for entry in entries:
            for i in range(1, entry.get("repeat", 1) + 1):
                name = entry["name"].replace("{i}", f"{i:03}") if "repeat" in entry else entry["name"]
                info = zipfile.ZipInfo(name, date_time=ZIP_DATE_TIME)
                info.create_system = 3
                kind = stat.S_IFLNK if entry.get("symlink") else stat.S_IFDIR if entry.get("dir") else stat.S_IFREG
                info.external_attr = (kind | int(entry.get("mode", "777" if entry.get("symlink") else "644"), 8)) << 16
                info.compress_type = zipfile.ZIP_DEFLATED if entry.get("compress", True) else zipfile.ZIP_STORED
                zf.writestr(info, _content(entry))
    return buf.getvalue()


def _content(entry: dict[str, Any]) -> bytes:
    if "bytes" in entry:
        return bytes(entry["bytes"])
    if "text" in entry:
        return str(entry["text"]).encode("utf-8")
    if "lines" in entry:
        return "".join(f"{line}\n" for line in entry["lines"]).encode("utf-8")
    if "size" in entry:
        return bytes(int(entry["size"]))
    if "zip" in entry:
        return _zip_bytes(entry["zip"])
    if entry.get("dir"):
        return b""
    raise AssertionError(f"zip.json entry {entry['name']!r} has no text, lines, size or zip")


def test_tokens_look_live_to_the_scanner() -> None:
    """The generated tokens must pass skillkit's own liveness test, or a secrets case would prove nothing."""
    from skillkit.content import secrets

    for placeholder, token in _tokens().items():
        assert [hit.kind for hit in secrets.scan_text(f"key = {token}")], placeholder
    assert re.fullmatch(r"ghp_[A-Za-z0-9]{36}", _tokens()["{{github-token}}"])
