"""Checks across skills (issue 19 item 5): the skill listing against Claude Code's budget, names that collide as
Claude Code compares them, descriptions too alike to choose between, generated mirrors; each within the scope where
Claude Code loads skills together, and linear in the run."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from conftest import write_skill
from plugin_repos import lines, write, write_json

import skillkit
from skillkit.config import settings
from skillkit.config.files import resolve
from skillkit.discovery import listing, scopes
from skillkit.discovery.sources import SkillSource


def _skills_folder(root: Path, count: int, size: int) -> Path:
    """`count` skills in root/.claude/skills, each description `size` characters of words its own."""
    folder = root / ".claude" / "skills"
    for i in range(count):
        words = " ".join(f"w{i}x{j}" for j in range(size // 4))
        write_skill(folder, f"skill-{i:03d}", frontmatter=f"name: skill-{i:03d}\ndescription: {words[:size]}\n")
    return folder


def _rules(report: skillkit.Report, *rules: str) -> list[str]:
    return [line for line in lines(report.problems) if any(f"  {r}  " in line for r in rules)]


def test_listing_budget_is_a_setting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    _skills_folder(tmp_path, 10, 900)  # 10 x (9 + 900 + 4) = 9,130 characters
    [over] = _rules(skillkit.validate(["."]), "listing-over-budget")
    assert "the 10 skills of .claude/skills/ list 9,130 characters" in over and "budget of 8,000 characters" in over
    write(tmp_path / ".skillkit.toml", "listing-budget = 40000\n")
    assert _rules(skillkit.validate(["."], config=resolve(["."])), "listing-over-budget") == []
    write(tmp_path / ".skillkit.toml", "listing-budget = 5000\n")
    [tight] = _rules(skillkit.validate(["."], config=resolve(["."])), "listing-over-budget")
    assert "budget of 5,000 characters" in tight


def test_listing_counts_what_claude_code_lists(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The plugin prefix counts, a description is cut at 1,536 characters with when_to_use, hidden skills count nothing."""
    monkeypatch.chdir(tmp_path)
    write_json(tmp_path / ".claude-plugin" / "plugin.json", {"name": "kit"})
    long = "x" * 1200
    for i in range(5):
        write_skill(tmp_path / "skills", f"s{i}", frontmatter=f"name: s{i}\ndescription: {long[:1000]}\nwhen_to_use: {long}\n")
    write_skill(tmp_path / "skills", "hidden", frontmatter=f"name: hidden\ndescription: {long[:1000]}\ndisable-model-invocation: yes\n")
    report = skillkit.validate(["."], select=["listing-over-budget"], config=settings.Config(settings.Settings(listing_budget=7000)))
    [over] = _rules(report, "listing-over-budget")
    assert "the 5 skills of plugin 'kit' list 7,730 characters" in over  # 5 x (len('kit:') + len('s0') + 1,536 + 4)


def test_loose_skills_have_no_listing_and_are_never_compared(tmp_path: Path) -> None:
    sources = []
    for i in range(300):  # one description for all: a listing or a pairwise comparison would report them
        folder = write_skill(tmp_path, f"copy-{i}", frontmatter="name: copy\ndescription: " + "alpha beta gamma delta epsilon zeta eta theta iota kappa\n")
        sources.append(SkillSource(folder / "SKILL.md", folder))
    assert listing.listing_findings(sources, [], {}, 10) == []


def test_description_overlap_in_a_large_folder_is_found_through_the_index(tmp_path: Path) -> None:
    """4,000 distinct descriptions and one copied pair: the pair is found, and the index keeps it fast."""
    entries = []
    for i in range(4000):
        words = " ".join(f"term{i}n{j}" for j in range(12)) + " shared common words everywhere"
        entries.append((f"/r/{i}", _listed(f"s{i}", words)))
    entries.append(("/r/copy", _listed("copy", " ".join(f"term7n{j}" for j in range(11)) + " shared common words everywhere")))
    scope = scopes.Scope("folder", ".claude/skills/", [r for r, _ in entries])
    start = time.perf_counter()
    found = listing._overlaps(scope, entries, set())
    elapsed = time.perf_counter() - start
    assert [f.message.split(" (")[0] for f in found] == ["the description of 's7' shares 94% of its words with that of 'copy'"]
    assert elapsed < 3.0, f"{elapsed:.2f}s for 4,001 descriptions"


def _listed(name: str, text: str) -> listing.Listed:
    return listing.Listed(SkillSource(f"/r/{name}/SKILL.md", f"/r/{name}"), name, text, False, 3, 14)


def test_a_marketplace_compares_its_plugins_together(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_json(
        tmp_path / ".claude-plugin" / "marketplace.json",
        {"name": "acme", "owner": {"name": "A"}, "plugins": [{"name": "one", "source": "./one"}, {"name": "two", "source": "./two"}]},
    )
    description = "Converts invoices and receipts from scanned PDF files into ledger rows with totals, taxes and vendors."
    write_skill(tmp_path / "one" / "skills", "invoices", frontmatter=f"name: invoices\ndescription: {description}\n")
    write_skill(tmp_path / "two" / "skills", "receipts", frontmatter=f"name: receipts\ndescription: {description} Also receipts.\n")
    [overlap] = _rules(skillkit.validate(["."]), "description-overlap")
    assert overlap.startswith("two/skills/receipts/SKILL.md:3:14  info  description-overlap  the description of 'receipts'")
    assert "in marketplace 'acme'" in overlap


def test_corpus_is_quiet_on_descriptions_and_names(tmp_path: Path) -> None:
    corpus = Path(__file__).resolve().parents[3] / "shared" / "corpus"
    if not corpus.is_dir():
        pytest.skip("the shared corpus is not here")
    report = skillkit.validate([str(corpus)], select=["description-overlap", "duplicate-skill-name", "skill-name-repeated", "skill-mirror"])
    assert report.problems == []


def test_collisions_over_60000_loose_skills_are_one_pass(tmp_path: Path) -> None:
    """No pairs: a dict per name. 60,000 skills of 30,000 names, each name twice, take well under a few seconds
    (the notes read each reported skill's frontmatter for the line of its name: here none has a file)."""
    checked = [(SkillSource(f"/nowhere/{i}/x/SKILL.md", f"/nowhere/{i}/x"), f"name-{i % 30000}", None) for i in range(60000)]
    memo = {f"/nowhere/{i}/x": f"/nowhere/{i}/x" for i in range(60000)}
    start = time.perf_counter()
    found = scopes.collisions(checked, [], memo)
    assert len(found) == 30000 and {f.rule for f in found} == {"skill-name-repeated"}
    assert time.perf_counter() - start < 10.0


def test_collisions_place_names_where_the_checks_found_them() -> None:
    """The check of each skill says where its `name` is written; collisions use that instead of reading the skill
    again (these files do not exist, so a read would find no name and place nothing)."""
    checked = [
        (SkillSource(f"/nowhere/{i}/.claude/skills/x{i}/SKILL.md", f"/nowhere/{i}/.claude/skills/x{i}"), "same", (3, 7))
        for i in range(2)
    ] + [(SkillSource("/nowhere/0/.claude/skills/y/SKILL.md", "/nowhere/0/.claude/skills/y"), "Same", None)]
    found = scopes.collisions(checked, [], {})
    assert [(f.rule, f.line, f.column) for f in found] == [("duplicate-skill-name", None, None), ("skill-name-repeated", 3, 7)]


@pytest.mark.skipif(os.name == "nt", reason="symlinks need privileges on Windows")
def test_a_mirror_is_said_once_and_not_checked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("alpha", "beta", "gamma"):
        write_skill(tmp_path / "skills", name, body=f"# {name}\n\nSee [notes](references/notes.md).\n")
        write(tmp_path / "skills" / name / "references" / "notes.md", "# Notes\n")
        mirror = tmp_path / ".gemini" / "skills" / name
        mirror.mkdir(parents=True)
        (mirror / "SKILL.md").symlink_to(Path("..") / ".." / ".." / "skills" / name / "SKILL.md")
    report = skillkit.validate(["."])
    assert [s.path for s in report.skills] == ["skills/alpha", "skills/beta", "skills/gamma"]
    assert [line.split("  ")[2] for line in lines(report.problems)] == ["skill-mirror"]
    assert "mirrors 3 skills checked elsewhere" in lines(report.problems)[0]


@pytest.mark.parametrize(
    ("first", "second", "variants"),
    [
        ("Azure Blob Storage SDK for Rust. Use for uploading and managing blobs.", "Azure Blob Storage SDK for Python. Use for uploading and managing blobs.", True),
        (
            "Librarian for ALL Cursor documentation: scraping, discovery and resolution of Cursor docs.",
            "Librarian for ALL Gemini CLI documentation: scraping, discovery and resolution of Gemini CLI docs.",
            True,
        ),
        ("Extracts text and tables from PDF files.", "Extracts text and tables from PDF files.", False),  # a copy
        ("Guide for building MCP servers in Python or TypeScript.", "Guide for building MCP servers in...", False),  # cut short
        ("Build hosted agents with the Projects SDK.", "Build container-based agents with the Projects SDK, hosted.", False),
    ],
)
def test_template_variants_are_told_apart_by_their_names(first: str, second: str, variants: bool) -> None:
    assert listing._variants(first, second) is variants
