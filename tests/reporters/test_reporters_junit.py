"""JUnit XML: exact golden text, well-formed XML with the right counts, illegal characters replaced."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from reporter_samples import sample_report

from skillkit.diagnostics import Diagnostic, Report, Severity, SkillResult, Target
from skillkit.reporters import REPORTERS
from skillkit.reporters.junit import render

GOLDEN = """\
<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="skillkit" tests="5" failures="3" errors="0">
  <testsuite name="skillkit" tests="5" failures="3" errors="0" skipped="0">
    <testcase classname="skillkit.claude-ai" name="skills/bad" file="skills/bad/SKILL.md">
      <failure type="failure" message="1 error, 1 warning">skills/bad/SKILL.md:2:7  error  name-format  name 'Bad_Skill' has uppercase letters
skills/bad/SKILL.md:506:1  warning  body-too-long  body too long (674 &gt; 500 lines)</failure>
    </testcase>
    <testcase classname="skillkit.claude-code" name="skills/good" file="skills/good/SKILL.md" />
    <testcase classname="skillkit.claude-ai" name="skills/odd, dir" file="skills/odd, dir/SKILL.md">
      <system-out>skills/odd, dir/SKILL.md:3:14  info  description-person  says "I can" &lt;b&gt; &amp; 100%: first
second</system-out>
    </testcase>
    <testcase classname="skillkit.repository" name=".claude-plugin/marketplace.json" file=".claude-plugin/marketplace.json">
      <failure type="failure" message="1 error">.claude-plugin/marketplace.json:4:5  error  manifest-json  invalid JSON: expecting ',' delimiter</failure>
    </testcase>
    <testcase classname="skillkit.repository" name=".claude-plugin/skills" file=".claude-plugin/skills">
      <failure type="failure" message="1 error">.claude-plugin/skills  error  plugin-layout  '.claude-plugin/skills/' is inside .claude-plugin/</failure>
    </testcase>
  </testsuite>
</testsuites>
"""


def test_junit_golden() -> None:
    assert render(sample_report()) == GOLDEN
    assert REPORTERS["junit"] is render


def test_junit_parses_and_counts_match() -> None:
    root = ET.fromstring(render(sample_report()).encode("utf-8"))
    suite = root.find("testsuite")
    assert suite is not None
    cases = suite.findall("testcase")
    assert len(cases) == int(suite.get("tests", "0")) == 5
    assert sum(1 for c in cases if c.find("failure") is not None) == int(suite.get("failures", "0")) == 3
    odd = cases[2].find("system-out")
    assert odd is not None and odd.text == 'skills/odd, dir/SKILL.md:3:14  info  description-person  says "I can" <b> & 100%: first\nsecond'


def test_internal_error_is_an_error_element_and_control_characters_are_replaced() -> None:
    crash = Diagnostic("internal-error", Severity.ERROR, "rule x crashed (ValueError: \x00\x1b)", "s/SKILL.md", None, None)
    report = Report(skills=[SkillResult("s", "s/SKILL.md", None, Target.API, (crash,))])
    text = render(report)
    root = ET.fromstring(text.encode("utf-8"))
    case = root.find("testsuite/testcase")
    assert case is not None and case.find("error") is not None and case.find("failure") is None
    assert root.get("errors") == "1" and root.get("failures") == "0"
    assert "\\x00\\x1b" in text and "\x00" not in text and "\x1b" not in text  # escaped visibly, as in every format
