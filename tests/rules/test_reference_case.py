"""reference-chain follows files named in another case: its ASCII-only lowering tells exactly what a full one does."""

from __future__ import annotations

import random
from pathlib import Path

from conftest import write_skill

import skillkit
from skillkit.rules.file_mentions import folded as _folded

NEEDLES = ["readme.md", "references/guide.md", "k.md", "i.md", "skill", "guide"]


def test_only_two_characters_lower_to_an_ascii_letter() -> None:
    # _folded rests on this: any other non-ASCII character lowers to non-ASCII text of the same length.
    found = [c for c in range(0x80, 0x110000) if not 0xD800 <= c <= 0xDFFF and any(ch.isascii() for ch in chr(c).lower())]
    assert found == [0x130, 0x212A]


def test_folded_finds_what_lowering_finds() -> None:
    pieces = ["README", "Readme.MD", ".md", "References/", "Guide", "GUIDE.md", "é", "Ü", "日本", "\u212a", "\u0130", "K", "I", " ", "\n", "`", "/"]
    rng = random.Random(7)
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 14)))
        folded = _folded(text)
        for needle in NEEDLES:
            assert (needle in folded) == (needle in text.lower()), (text, needle)


def test_a_page_named_in_another_case_beside_non_ascii_text(tmp_path: Path) -> None:
    body = "# Überblick\n\nLies zuerst REFERENCES/GUIDE.md: dort steht alles (ß, ä, 日本語).\n"
    skill = write_skill(tmp_path, "demo", body=body)
    (skill / "references").mkdir()
    (skill / "references" / "guide.md").write_text("# Guide\n\nSee nothing else.\n", encoding="utf-8")
    for text, said in ((body, "is mentioned only as 'REFERENCES/GUIDE.md'"), (body.replace("REFERENCES/GUIDE.md", "die Anleitung"), "is never referenced")):
        (skill / "SKILL.md").write_text((skill / "SKILL.md").read_text(encoding="utf-8").split("# Überblick")[0] + text, encoding="utf-8")
        (finding,) = skillkit.validate([str(skill)], target="claude-ai").all_diagnostics()
        assert (finding.rule, said in finding.message) == ("file-orphan", True), finding.message
