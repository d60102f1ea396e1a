"""GitHub workflow commands: exact golden text, the runner's escaping, and `--format auto` under GITHUB_ACTIONS."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_cli, write_skill
from reporter_samples import sample_report

from skillkit.reporters import REPORTERS
from skillkit.reporters.github import render

GOLDEN = """\
::group::findings not shown as annotations
skills/odd, dir/SKILL.md  (odd, target claude-ai)
  skills/odd, dir/SKILL.md:3:14  info     description-person  says "I can" <b> & 100%: first\\x0asecond

::endgroup::
::error file=skills/bad/SKILL.md,line=2,col=7,title=skillkit name-format::name 'Bad_Skill' has uppercase letters
::error file=.claude-plugin/marketplace.json,line=4,col=5,title=skillkit manifest-json::invalid JSON: expecting ',' delimiter
::error file=.claude-plugin/skills,title=skillkit plugin-layout::'.claude-plugin/skills/' is inside .claude-plugin/
::warning file=skills/bad/SKILL.md,line=506,col=1,title=skillkit body-too-long::body too long (674 > 500 lines)
not annotated: 1 info; listed in the group "findings not shown as annotations" above
3 skills checked (target claude-ai x2, claude-code), 1 invalid: 3 errors, 1 warning, 1 info
"""

# With infos annotated (--annotate-infos): every finding is a command, errors first; the runner's escaping shows.
GOLDEN_NOTICES = """\
::error file=skills/bad/SKILL.md,line=2,col=7,title=skillkit name-format::name 'Bad_Skill' has uppercase letters
::error file=.claude-plugin/marketplace.json,line=4,col=5,title=skillkit manifest-json::invalid JSON: expecting ',' delimiter
::error file=.claude-plugin/skills,title=skillkit plugin-layout::'.claude-plugin/skills/' is inside .claude-plugin/
::warning file=skills/bad/SKILL.md,line=506,col=1,title=skillkit body-too-long::body too long (674 > 500 lines)
::notice file=skills/odd%2C dir/SKILL.md,line=3,col=14,title=skillkit description-person::says "I can" <b> & 100%25: first%0Asecond
3 skills checked (target claude-ai x2, claude-code), 1 invalid: 3 errors, 1 warning, 1 info
"""


def test_github_golden(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert render(sample_report(), root=tmp_path) == GOLDEN
    assert render(sample_report(), root=tmp_path, notices=True) == GOLDEN_NOTICES
    assert REPORTERS["github"] is render


def test_paths_are_relative_to_the_root_not_the_cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    report = sample_report()
    report.problems.clear()
    report.skills[:] = report.skills[:1]
    first = render(report, root=tmp_path).splitlines()[0]
    assert first.startswith("::error file=sub/skills/bad/SKILL.md,line=2,col=7,")


def test_auto_format_is_github_under_actions_and_text_elsewhere(tmp_path: Path) -> None:
    write_skill(tmp_path, "bad-skill", frontmatter="name: Bad_Skill\ndescription: Reads PDFs. Use when asked.\n")
    under_actions = run_cli("validate", ".", cwd=tmp_path, env={"GITHUB_ACTIONS": "true"})
    assert under_actions.returncode == 1
    lines = under_actions.stdout.splitlines()
    assert lines[0].startswith("::error file=bad-skill/SKILL.md,line=2,col=7,title=skillkit name-format::")
    assert all(line.startswith("::error ") for line in lines[:-1])
    elsewhere = run_cli("validate", ".", cwd=tmp_path)
    assert elsewhere.stdout.splitlines()[0] == "bad-skill/SKILL.md  (Bad_Skill, target claude-ai)"

