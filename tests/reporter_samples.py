"""A hand-built Report shared by the reporter golden tests: every severity, a finding without a line,
repository-level problems, and messages with characters each format must escape."""

from __future__ import annotations

from skillkit.diagnostics import Diagnostic, Report, Severity, SkillResult, Target

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO


def sample_report() -> Report:
    bad = SkillResult(
        path="skills/bad",
        file="skills/bad/SKILL.md",
        name="Bad_Skill",
        target=Target.CLAUDE_AI,
        diagnostics=(
            Diagnostic("name-format", E, "name 'Bad_Skill' has uppercase letters", "skills/bad/SKILL.md", 2, 7),
            Diagnostic("body-too-long", W, "body too long (674 > 500 lines)", "skills/bad/SKILL.md", 506, 1),
        ),
    )
    good = SkillResult("skills/good", "skills/good/SKILL.md", "good", Target.CLAUDE_CODE, ())
    odd = SkillResult(
        path="skills/odd, dir",
        file="skills/odd, dir/SKILL.md",
        name="odd",
        target=Target.CLAUDE_AI,
        diagnostics=(
            Diagnostic("description-person", I, 'says "I can" <b> & 100%: first\nsecond', "skills/odd, dir/SKILL.md", 3, 14),
        ),
    )
    problems = [
        Diagnostic("manifest-json", E, "invalid JSON: expecting ',' delimiter", ".claude-plugin/marketplace.json", 4, 5),
        Diagnostic("plugin-layout", E, "'.claude-plugin/skills/' is inside .claude-plugin/", ".claude-plugin/skills", None, None),
    ]
    return Report(skills=[bad, good, odd], problems=problems)
