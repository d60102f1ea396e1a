"""Findings users believe (issue 19 item 6): each class of false finding found by hand review, fixed as a class.

The golden cases show each class end to end (link-plugin-sibling, link-placeholders, path-missing-elsewhere,
skill-name-repeated, skill-mirror, invisible-char-cjk, marketplace-reserved-name-anthropic, fence-language-linguist,
metadata-values); these tests pin the pieces and the edges the cases do not reach.
"""

from __future__ import annotations

import base64
import random
from pathlib import Path

import pytest
from conftest import write_skill
from plugin_repos import write, write_json

import skillkit
from skillkit.content import hiddentext, languages, secrets
from skillkit.discovery.manifests import anthropic_owned
from skillkit.document import place, refs
from skillkit.document.elsewhere import elsewhere
from skillkit.packaging.build import BuildOptions, build_zips

RNG = random.Random(20261205)


def _pem() -> str:
    body = base64.b64encode(bytes(RNG.randrange(256) for _ in range(600))).decode()
    lines = [body[i : i + 64] for i in range(0, len(body), 64)]
    return "\n".join(["-----BEGIN RSA PRIVATE KEY-----", *lines, "-----END RSA PRIVATE KEY-----"])


def test_a_private_key_in_a_markdown_example_is_documentation_but_not_in_a_script(tmp_path: Path) -> None:
    key = _pem()
    skill = write_skill(tmp_path, "signer", body="# Signer\n\nSee [the API](references/api.md).\n")
    write(skill / "references" / "api.md", f"# API\n\nA request signed with a key like this one:\n\n```pem\n{key}\n```\n")
    write(skill / "scripts" / "sign.py", f'KEY = """{key}"""\n')
    report = skillkit.validate([str(skill)], target="claude-ai", select=["secret-token"])
    assert [(Path(d.file).name, d.line) for d in report.all_diagnostics()] == [("sign.py", 1)]
    [result] = build_zips([str(skill)], BuildOptions(out=tmp_path / "dist"))
    assert [(Path(d.file).name, d.rule) for d in result.diagnostics if d.rule == "package-secret"] == [("sign.py", "package-secret")]
    # Outside a fence, or as an API token, a markdown file's value is reported as before.
    assert [h.kind for h in secrets.scan_text(f"The key:\n\n{key}\n", markdown=True)] == ["private key"]
    token = "ghp_" + "".join(RNG.choice("abcdefghijkLMNOPQRSTUvwxyz0123456789") for _ in range(36))
    assert [h.kind for h in secrets.scan_text(f"```bash\nexport GITHUB_TOKEN={token}\n```\n", markdown=True)] == ["github token"]


@pytest.mark.parametrize(
    ("text", "reported"),
    [
        ("先列出决定\u200b，再列出行动项。", False),  # Chinese prose
        ("議事録は決定事項\u200bから書きます。", False),  # Japanese
        ("회의록\u200b작성", False),  # Korean
        ("使用\u200bgit 命令", False),  # between a CJK word and an ASCII one: no word is split
        ("Run git\u200blog now, 然后", True),  # inside an ASCII command, even in a text that has CJK
        ("\u200b```", True),  # before a fence: the line is no fence any more
        ("决定\u2060事项", True),  # a word joiner is not a line-break hint
    ],
)
def test_zero_width_space_in_cjk_prose(text: str, reported: bool) -> None:
    assert bool(list(hiddentext.find(text))) is reported


@pytest.mark.parametrize(
    ("target", "kind", "path"),
    [
        ("{baseDir}/references/x.md", "relative", "references/x.md"),
        ("${baseDir}/references/x.md", "relative", "references/x.md"),
        ("$SKILL_DIR/scripts/run.py", "relative", "scripts/run.py"),
        ("{{ skill_root }}/assets/a.png", "relative", "assets/a.png"),
        ("{AOC_SKILL_DIR}/references/x.md", "relative", "references/x.md"),
        ("${CLAUDE_SKILL_DIR}/references/x.md", "relative", "references/x.md"),
        ("${CLAUDE_PLUGIN_ROOT}/x.md", "variable", "x.md"),
        ("{url}", "placeholder", "{url}"),
        ("{{URL}}", "placeholder", "{{URL}}"),
        ("${REPO_URL}/compare/a...b", "placeholder", "${REPO_URL}/compare/a...b"),
        ("$ARC_ROOT/docs/x.md", "placeholder", "$ARC_ROOT/docs/x.md"),
        ("reports/{date}.md", "placeholder", "reports/{date}.md"),
        ("https://example.com/{id}", "external", "https://example.com/{id}"),
        ("references/x.md", "relative", "references/x.md"),
    ],
)
def test_placeholders_in_link_targets(target: str, kind: str, path: str) -> None:
    assert refs.kind_of(target) == kind
    assert refs.split_variable(target)[1] == path


@pytest.mark.parametrize(
    ("line", "path", "why"),
    [
        ("Name it after the section, e.g. `assets/q3.png`.", "assets/q3.png", "example"),
        ("文件名例如 `assets/R03_left.png`。", "assets/R03_left.png", "example"),
        ("Create a deploy script at `scripts/deploy.sh` first.", "scripts/deploy.sh", "created"),
        ("Save the summary as `references/summary.md`.", "references/summary.md", "created"),
        ("Run `scripts/bootstrap.sh` from the repository root.", "scripts/bootstrap.sh", "root"),
        ("Check `scripts/lint.sh` in your project.", "scripts/lint.sh", "root"),
        ("Generate the chart with `scripts/plot.py`.", "scripts/plot.py", None),  # made *with* it: it is the skill's
        ("Read `references/api.md` first. Then create the client.", "references/api.md", None),
        ("See `references/api.md` for examples.", "references/api.md", None),
    ],
)
def test_where_the_prose_puts_a_path(line: str, path: str, why: str | None) -> None:
    column = line.index(path) + 1
    assert elsewhere([line], 0, column, path, None) == why


def test_a_sibling_skill_named_in_the_paragraph(tmp_path: Path) -> None:
    write_skill(tmp_path, "chart-kit")
    write(tmp_path / "chart-kit" / "assets" / "palettes" / "brand.json", "{}")
    me = write_skill(tmp_path, "report")
    lines = ["The chart-kit skill provides:", "- palettes in `assets/palettes/`", "- fonts in `assets/fonts/`"]
    assert elsewhere(lines, 1, lines[1].index("assets") + 1, "assets/palettes", str(me)) == "sibling chart-kit"
    assert elsewhere(lines, 2, lines[2].index("assets") + 1, "assets/fonts", str(me)) is None  # not there either
    unnamed = ["- palettes in `assets/palettes/`"]
    assert elsewhere(unnamed, 0, unnamed[0].index("assets") + 1, "assets/palettes", str(me)) is None


@pytest.mark.parametrize(
    ("data", "owned"),
    [
        ({"owner": {"name": "Keith", "email": "klazuka@anthropic.com"}}, True),
        ({"owner": {"name": "Team", "url": "https://github.com/anthropics"}}, True),
        ({"owner": {"name": "Team"}, "repository": "https://github.com/anthropics/skills"}, True),
        ({"owner": {"name": "Jane", "email": "jane@example.com"}}, False),
        ({"owner": {"name": "Jane", "url": "https://github.com/anthropics-fan/skills"}}, False),
        ({"owner": {"name": "Anthropic"}}, False),  # a name anyone can write
    ],
)
def test_anthropic_owned_marketplaces(data: dict[str, object], owned: bool) -> None:
    assert anthropic_owned(data) is owned


def test_linguist_tags_draw_no_suggestion() -> None:
    for tag in ("just", "xaml", "plsql", "rescript", "nushell", "cshtml"):
        assert languages.is_known(tag), tag
    assert not languages.is_known("pyhton") and languages.suggest("pyhton") == "python"
    assert languages.title("Test Failure Pattern Analysis") and not languages.title("Python example") and not languages.title("pyhton")


def test_a_marketplace_source_is_the_plugin_root(tmp_path: Path) -> None:
    write_json(
        tmp_path / ".claude-plugin" / "marketplace.json",
        {"name": "m", "owner": {"name": "A"}, "plugins": [{"name": "p", "source": "./plugins/p"}, {"name": "all", "source": "./"}]},
    )
    skill = write_skill(tmp_path / "plugins" / "p" / "skills", "s")
    loose = write_skill(tmp_path / "misc", "t")
    assert place.plugin_root(skill) == place.PluginRoot(str(tmp_path / "plugins" / "p"), True)
    assert place.plugin_root(loose) == place.PluginRoot(str(tmp_path), True)  # the "./" source holds it
