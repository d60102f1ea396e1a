"""Output at repository scale, golden: the text report (errors first, infos grouped per skill and rule, a count per
rule), the GitHub log (annotations by severity, capped where GitHub stops showing them, the rest listed) and the
Markdown step summary, for a repository with many infos, one with more findings than GitHub shows, and a clean one.

Each repository is generated here (`REPOS`); its expected outputs are the files tests/cases_output/<repo>/text.txt,
github.txt and summary.md, compared byte for byte. After an intended change of wording, rewrite them with
`SKILLKIT_WRITE_GOLDEN=1 pytest tests/reporters/test_output_ranked.py` and review the diff.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import run_cli, write_skill

from skillkit.diagnostics import Severity
from skillkit.engine.run import start
from skillkit.reporters import github, summary, text
from skillkit.results import Run

GOLDEN = Path(__file__).parents[1] / "cases_output"


def many_infos(root: Path) -> None:
    """One skill like the ones that printed 200 lines for one error: a bad name, a missing path, many orphan files
    and fences without a language."""
    fences = "".join(f"## Step {i}\n\n```\nrun step {i}\n```\n\n" for i in range(1, 9))
    body = f"# React best practices\n\nSee `scripts/check.py` first.\n\n{fences}"
    skill = write_skill(root, "react-best-practices", frontmatter="name: React_Best_Practices\ndescription: Reviews React code. Use when asked to review React.\n", body=body)
    (skill / "references").mkdir()
    for i in range(1, 15):
        (skill / "references" / f"rule-{i:02}.md").write_text(f"# Rule {i}\n")
    write_skill(root, "tidy", body="# Tidy\n\n```\nplain\n```\n\nDone.\n")


def over_github_limits(root: Path) -> None:
    """Twelve skills with an error, a warning and an info each: more than the 10 errors and 10 warnings GitHub
    shows for one step."""
    for i in range(1, 13):
        frontmatter = f"name: Skill_{i:02}\ndescription: Does task {i}. Use when asked.\nmetadata:\n  version: 1.{i}\n"
        write_skill(root / "skills", f"Skill_{i:02}", frontmatter=frontmatter, body=f"# Skill {i}\n\n```\nstep\n```\n")


def clean(root: Path) -> None:
    for name in ("alpha", "beta", "gamma"):
        write_skill(root / "skills", name)


REPOS: dict[str, Callable[[Path], None]] = {"many-infos": many_infos, "over-github-limits": over_github_limits, "clean": clean}


def _outputs(root: Path) -> dict[str, str]:
    outputs: dict[str, str] = {}
    out = io.StringIO()
    text.write(start("."), out)
    outputs["text.txt"] = out.getvalue()
    out, step = io.StringIO(), io.StringIO()
    github.write(start("."), out, root=root, summary=step)
    outputs["github.txt"] = out.getvalue()
    outputs["summary.md"] = step.getvalue()
    return outputs


@pytest.mark.parametrize("repo", sorted(REPOS))
def test_golden_outputs(repo: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    REPOS[repo](tmp_path)
    monkeypatch.chdir(tmp_path)
    outputs = _outputs(tmp_path)
    folder = GOLDEN / repo
    if os.environ.get("SKILLKIT_WRITE_GOLDEN"):
        folder.mkdir(parents=True, exist_ok=True)
        for name, value in outputs.items():
            (folder / name).write_text(value, encoding="utf-8")
    for name, value in outputs.items():
        assert value == (folder / name).read_text(encoding="utf-8"), f"{repo}/{name}"


def test_quiet_shows_errors_only_and_counts_everything(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    many_infos(tmp_path)
    done = run_cli("validate", "-q", ".", cwd=tmp_path)
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert [line.split()[1] for line in lines if "SKILL.md:" in line] == ["error", "error"]
    assert lines[-1].endswith("2 errors, 1 warning, 23 infos")
    assert "info" not in done.stdout.replace("23 infos", "")
    strict = run_cli("validate", "--quiet", "--strict", ".", cwd=tmp_path)  # what fails the run is shown
    assert strict.returncode == 1
    assert [line.split()[1] for line in strict.stdout.splitlines() if "SKILL.md:" in line] == ["error", "error", "warning"]


def test_github_caps_are_configurable_and_infos_annotated_on_request(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    over_github_limits(tmp_path)
    monkeypatch.chdir(tmp_path)

    def kinds(**options: object) -> list[str]:
        out = io.StringIO()
        github.write(start("."), out, root=tmp_path, **options)  # type: ignore[arg-type]
        return [line.split(" ", 1)[0] for line in out.getvalue().splitlines() if line.startswith("::") and " file=" in line]

    assert kinds() == ["::error"] * 10 + ["::warning"] * 10
    assert kinds(limit=3, notices=True) == ["::error"] * 3 + ["::warning"] * 3 + ["::notice"] * 3
    assert kinds(limit=0) == []
    assert kinds(least=Severity.ERROR) == ["::error"] * 10


def test_step_summary_goes_to_github_step_summary(tmp_path: Path) -> None:
    over_github_limits(tmp_path / "repo")
    step = tmp_path / "step-summary.md"
    step.write_text("earlier step\n")
    done = run_cli("validate", "--format", "github", ".", cwd=tmp_path / "repo", env={"GITHUB_STEP_SUMMARY": str(step)})
    assert done.returncode == 1
    written = step.read_text()
    assert written.startswith("earlier step\n" + summary.TITLE + "\n")  # appended, as GitHub asks
    assert "| `name-format` | error | 12 |" in written and "http" not in written and "](" not in written
    assert run_cli("validate", "--format", "text", ".", cwd=tmp_path / "repo", env={"GITHUB_STEP_SUMMARY": str(step)}).returncode == 1
    assert step.read_text() == written  # only the github format writes it
    unwritable = run_cli("validate", "--format", "github", ".", cwd=tmp_path / "repo", env={"GITHUB_STEP_SUMMARY": str(tmp_path)})
    assert unwritable.returncode == 1 and unwritable.stderr.startswith("skillkit: warning: cannot write the step summary")


def test_summary_cells_cannot_format_or_link() -> None:
    from skillkit.results import Tally

    tally = Tally()
    tally.counts[Severity.ERROR] = 1
    tally.rules["name-format", Severity.ERROR] = 1
    from skillkit.diagnostics import Diagnostic, SkillResult, Target

    d = Diagnostic("name-format", Severity.ERROR, "m", "x/SKILL.md", 1, 1)
    tally.add_skill(SkillResult("a|b `c` [x](http://e.com) @me #1\x1b", "x/SKILL.md", None, Target.API, (d,)))
    md = summary.markdown(tally)
    row = next(line for line in md.splitlines() if line.startswith("| ``"))
    assert row == "| `` a\\|b `c` [x](http://e.com) @me #1\\x1b `` | 1 |"


def test_run_of_a_report_is_what_the_run_writes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    many_infos(tmp_path)
    monkeypatch.chdir(tmp_path)
    import skillkit

    report = skillkit.validate(".")
    out = io.StringIO()
    text.write(Run.of(report), out)
    assert out.getvalue() == text.render(report)
