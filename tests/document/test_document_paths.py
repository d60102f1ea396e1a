"""SkillDocument keeps its paths as text: the text and the names it gives must be what Path would give."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from skillkit.document.skill import SkillDocument, last_part, path_text

# Parts that exercise what Path normalises: empty parts (`//`), `.`, `..`, dots in names, a trailing separator.
_PART = st.sampled_from(["", ".", "..", "a", "b.md", ".claude", "SKILL.md", "x y", "é"])


@settings(max_examples=2000, deadline=None)
@given(st.booleans(), st.lists(_PART, min_size=0, max_size=6))
def test_text_and_names_are_what_path_gives(absolute: bool, parts: list[str]) -> None:
    text = ("/" if absolute else "") + "/".join(parts)
    if not text:
        text = "."
    assert path_text(text) == str(Path(text))
    assert last_part(path_text(text)) == Path(text).name
    assert path_text(Path(text)) == str(Path(text))


def test_document_paths_are_made_on_first_use_and_match_the_text() -> None:
    doc = SkillDocument("skills/demo//SKILL.md", "skills/demo/")
    assert (doc.file, doc.folder) == ("skills/demo/SKILL.md", "skills/demo")
    assert (doc.file_name, doc.folder_name) == ("SKILL.md", "demo")
    assert doc.path == Path("skills/demo/SKILL.md") and doc.skill_dir == Path("skills/demo")
    assert doc.path is doc.path  # kept once made
