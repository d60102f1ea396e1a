"""Baselines: --write-baseline records today's findings, --baseline reports and fails only on new ones. A finding is
known by rule, file and the text of its line, so edits above it do not resurface it; the file is sorted JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_cli, write_skill

from skillkit.diagnostics import Diagnostic, Severity, SkillResult, Target
from skillkit.engine import baseline
from skillkit.results import Run

BODY = "# PDF\n\nRead [the guide](guide.md) first.\n\n```\nplain output\n```\n\nThen [the forms](forms.md).\n"


def _repo(root: Path) -> Path:
    write_skill(root / "skills", "pdf", body=BODY)
    write_skill(root / "skills", "csv", frontmatter="name: CSV\ndescription: Reads CSV files. Use when asked.\n")
    return root


def _edit(root: Path, old: str, new: str) -> None:
    md = root / "skills" / "pdf" / "SKILL.md"
    text = md.read_text()
    assert old in text
    md.write_text(text.replace(old, new, 1))


def test_write_then_baseline_hides_everything_known(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    first = run_cli("validate", "--write-baseline", "skillkit-baseline.json", cwd=repo)
    assert first.returncode == 0, first.stderr
    assert first.stdout.splitlines()[-2:] == [
        "baseline written to skillkit-baseline.json: 5 findings recorded; `--baseline skillkit-baseline.json` now reports only new ones",
        "2 skills checked (target claude-ai x2): no new problems",
    ]
    doc = json.loads((repo / "skillkit-baseline.json").read_text())
    assert doc["version"] == 1 and doc["tool"] == "skillkit"
    entries = [(e["file"], e["rule"]) for e in doc["findings"]]
    assert entries == sorted(entries) == [
        ("skills/csv/SKILL.md", "name-format"),
        ("skills/csv/SKILL.md", "name-mismatch"),
        ("skills/pdf/SKILL.md", "fence-no-language"),
        ("skills/pdf/SKILL.md", "link-target-missing"),
        ("skills/pdf/SKILL.md", "link-target-missing"),
    ]
    assert all(set(e) == {"file", "rule", "fingerprint", "count"} and len(e["fingerprint"]) == 16 for e in doc["findings"])
    raw = (repo / "skillkit-baseline.json").read_text()
    assert all(line.startswith('    {"file": ') for line in raw.splitlines()[4:-2]), "one entry per line"
    again = run_cli("validate", "--write-baseline", "skillkit-baseline.json", cwd=repo)
    assert again.returncode == 0 and (repo / "skillkit-baseline.json").read_text() == raw, "stable: same findings, same bytes"

    known = run_cli("validate", "--baseline", "skillkit-baseline.json", cwd=repo)
    assert known.returncode == 0, known.stdout
    assert known.stdout == "baseline skillkit-baseline.json: 5 known findings hidden\n2 skills checked (target claude-ai x2): no new problems\n"


def test_editing_lines_above_a_finding_does_not_resurface_it(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    assert run_cli("validate", "--write-baseline", "b.json", cwd=repo).returncode == 0
    _edit(repo, "# PDF\n", "# PDF\n\nA new introduction,\nover several lines,\n\nand a table:\n\n| a | b |\n| --- | --- |\n| 1 | 2 |\n")
    _edit(repo, "Read [the guide]", "First,   read [the guide]")  # the line's own text changes: a new finding
    done = run_cli("validate", "--baseline", "b.json", cwd=repo)
    lines = done.stdout.splitlines()
    assert done.returncode == 1
    assert [line.split()[2] for line in lines if "SKILL.md:" in line] == ["link-target-missing"]
    assert "SKILL.md:17:27" in done.stdout and "guide.md" in done.stdout  # moved down nine lines, its text changed
    assert "baseline b.json: 4 known findings hidden, 1 no longer occurs (`--write-baseline b.json` drops them)" in lines
    _edit(repo, "First,   read [the guide]", "Read  [the guide]")  # only whitespace differs from the recorded line
    assert run_cli("validate", "--baseline", "b.json", cwd=repo).returncode == 0


def test_a_new_finding_is_reported_and_fails_the_run(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    run_cli("validate", "--write-baseline", "b.json", cwd=repo)
    _edit(repo, "Then [the forms](forms.md).\n", "Then [the forms](forms.md).\n\nAlso [the tables](tables.md).\n")
    done = run_cli("validate", "--baseline", "b.json", "--format", "json", cwd=repo)
    assert done.returncode == 1
    report = json.loads(done.stdout)
    found = [d for s in report["skills"] for d in s["diagnostics"]]
    assert [(d["rule"], d["line"]) for d in found] == [("link-target-missing", 16)]
    assert report["summary"] == {"skills": 2, "errors": 1, "warnings": 0, "infos": 0}
    assert done.stderr == "baseline b.json: 5 known findings hidden\n"  # machine formats keep stdout clean


def test_a_fixed_finding_is_counted_as_no_longer_occurring(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    run_cli("validate", "--write-baseline", "b.json", cwd=repo)
    _edit(repo, "```\nplain output", "```text\nplain output")
    done = run_cli("validate", "--baseline", "b.json", cwd=repo)
    assert done.returncode == 0
    assert done.stdout.splitlines() == [
        "baseline b.json: 4 known findings hidden, 1 no longer occurs (`--write-baseline b.json` drops them)",
        "2 skills checked (target claude-ai x2): no new problems",
    ]


def test_identical_findings_are_counted_and_a_partial_run_judges_only_its_scope(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    _edit(repo, "Then [the forms](forms.md).\n", "Then [the forms](forms.md).\n\n[x](gone.md)\n\n[x](gone.md)\n")
    run_cli("validate", "--write-baseline", "b.json", cwd=repo)
    doc = json.loads((repo / "b.json").read_text())
    assert [e["count"] for e in doc["findings"] if e["count"] > 1] == [2]
    _edit(repo, "[x](gone.md)\n\n[x](gone.md)\n", "[x](gone.md)\n\n[x](gone.md)\n\n[x](gone.md)\n")
    three = run_cli("validate", "--baseline", "b.json", cwd=repo)
    assert three.returncode == 1 and three.stdout.count("gone.md") == 1  # the third identical one is new
    only_csv = run_cli("validate", "--baseline", "b.json", "skills/csv", cwd=repo)
    assert only_csv.returncode == 0
    assert only_csv.stdout.splitlines()[0] == "baseline b.json: 2 known findings hidden"  # pdf's entries are out of scope


def test_paths_are_relative_to_the_baseline_not_the_cwd(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    run_cli("validate", "--write-baseline", "b.json", cwd=repo)
    inside = run_cli("validate", "--baseline", "../../b.json", ".", cwd=repo / "skills" / "pdf")
    assert inside.returncode == 0, inside.stdout
    assert inside.stdout.startswith("baseline ../../b.json: 3 known findings hidden\n")


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ('{"version": 1, "findings": [', "is not valid JSON: expecting value at line 1, column 29"),
        ("[]", 'is not a skillkit baseline: expected an object with a "findings" list'),
        ('{"version": 2, "findings": []}', "has version 2; this skillkit reads version 1"),
        ('{"version": 1, "findings": [{"file": "a", "rule": "r", "fingerprint": "f", "count": 0}]}', "finding 1 has count 0"),
        ('{"version": 1, "findings": [{"file": "a", "rule": "r", "count": 1}]}', "finding 1 has no fingerprint"),
        (b"\xff\xfe{}", "is not UTF-8 (byte 1)"),
    ],
)
def test_a_baseline_that_does_not_parse_is_exit_2_with_the_reason(tmp_path: Path, content: str | bytes, reason: str) -> None:
    repo = _repo(tmp_path)
    (repo / "b.json").write_bytes(content if isinstance(content, bytes) else content.encode())
    done = run_cli("validate", "--baseline", "b.json", cwd=repo)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith(f"skillkit: error: baseline b.json {reason}".replace("b.json finding", "b.json: finding")), done.stderr


def test_missing_baseline_and_both_flags_are_usage_errors(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    missing = run_cli("validate", "--baseline", "nope.json", cwd=repo)
    assert (missing.returncode, missing.stderr) == (2, "skillkit: error: baseline nope.json not found: create it with --write-baseline nope.json\n")
    both = run_cli("validate", "--baseline", "a.json", "--write-baseline", "b.json", cwd=repo)
    assert both.returncode == 2 and "cannot be combined" in both.stderr
    assert not (repo / "b.json").exists()


def test_internal_errors_are_never_recorded_or_hidden(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    crash = Diagnostic("internal-error", Severity.ERROR, "rule x crashed", "s/SKILL.md")
    found = Diagnostic("name-format", Severity.ERROR, "bad name", "s/SKILL.md", 2, 7)
    result = SkillResult("s", "s/SKILL.md", "S", Target.API, (found, crash))
    recording = baseline.record(Run([result], list), str(tmp_path / "b.json"))
    kept = list(recording.results())
    recording.problems()
    assert kept[0].diagnostics == (crash,) and recording.tally.exit_code() == 2
    loaded = baseline.load(str(tmp_path / "b.json"))
    assert sum(loaded.known.values()) == 1
    applied = baseline.apply(Run([result], list), loaded, ["."])
    assert [r.diagnostics for r in applied.results()] == [(crash,)]
    applied.problems()
    assert applied.tally.baseline is not None and applied.tally.baseline.hidden == 1


def test_recording_sorts_with_bounded_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(baseline, "CHUNK", 3)
    store = baseline._Sorter()
    entries = [(f"f{i % 4}", "rule", f"{i % 3:016x}") for i in range(20)]
    for entry in entries:
        store.add(entry)
    counted = list(store.counted())
    store.close()
    expected: dict[tuple[str, str, str], int] = {}
    for entry in entries:
        expected[entry] = expected.get(entry, 0) + 1
    assert counted == sorted(expected.items())
