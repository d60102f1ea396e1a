"""skillkit/upload/walk.py: the one folder walk that build-zip packs and validate predicts from."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import pytest

from skillkit.packaging.archive import collect
from skillkit.upload import ignore
from skillkit.upload.walk import StoredFile, walk


def tree(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def rels(files: list[StoredFile]) -> list[str]:
    return [f.rel for f in files]


def messages(root: Path, **kw: object) -> list[tuple[str, str, str | None]]:
    return [(f.rule.value, f.message, f.file) for f in walk(str(root), ignore.load(root), **kw).findings]  # type: ignore[arg-type]


def test_files_sorted_with_size_and_mode_and_excludes_listed(tmp_path: Path) -> None:
    skill = tree(tmp_path / "s", {
        "SKILL.md": "x", "scripts/run.sh": "#!/bin/sh\n", "b.txt": "bb", ".git/HEAD": "ref", "__pycache__/m.pyc": "",
        "drafts/a.md": "", "notes.pyc": "", "evals/e.json": "", "deep/evals/kept.json": "{}", ".skillkitignore": "drafts/\n",
    })  # fmt: skip
    os.chmod(skill / "scripts/run.sh", 0o700)
    found = walk(str(skill), ignore.load(skill))
    assert rels(found.files) == ["SKILL.md", "b.txt", "deep/evals/kept.json", "scripts/run.sh"]
    by_rel = {f.rel: f for f in found.files}
    assert (by_rel["b.txt"].size, by_rel["b.txt"].mode, by_rel["scripts/run.sh"].mode) == (2, 0o644, 0o755)
    assert by_rel["b.txt"].source == by_rel["b.txt"].real == str(skill / "b.txt")
    assert sorted(found.excluded) == [".git/", ".skillkitignore", "__pycache__/", "drafts/", "evals/", "notes.pyc"]
    assert found.findings == []


def test_links_stored_as_their_file_or_refused(tmp_path: Path) -> None:
    skill = tree(tmp_path / "s", {"SKILL.md": "x", "data/real.txt": "abc"})
    (tmp_path / "outside.txt").write_text("o", encoding="utf-8")
    os.symlink("data/real.txt", skill / "alias.txt")
    os.symlink("../outside.txt", skill / "out.txt")
    os.symlink("missing.txt", skill / "gone.txt")
    os.symlink("data", skill / "folder")
    found = walk(str(skill), ignore.load(skill))
    assert rels(found.files) == ["SKILL.md", "alias.txt", "data/real.txt"]
    alias = found.files[1]
    assert (alias.source, alias.real, alias.size) == (str(skill / "alias.txt"), os.path.realpath(skill / "data/real.txt"), 3)
    assert sorted((f.rule.value, f.file) for f in found.findings) == [
        ("package-symlink", str(skill / "folder")), ("package-symlink", str(skill / "gone.txt")), ("package-symlink", str(skill / "out.txt")),
    ]  # fmt: skip


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads every folder")
def test_a_folder_that_cannot_be_listed_is_reported(tmp_path: Path) -> None:
    skill = tree(tmp_path / "s", {"SKILL.md": "x", "locked/a.txt": "a"})
    os.chmod(skill / "locked", 0)
    try:
        assert [m[0:2] for m in messages(skill)] == [("package-file", "cannot list 'locked/': Permission denied")]
    finally:
        os.chmod(skill / "locked", 0o755)


def test_names_equal_once_normalised_are_stored_once(tmp_path: Path) -> None:
    decomposed, composed = unicodedata.normalize("NFD", "café.md"), "café.md"
    skill = tree(tmp_path / "s", {"SKILL.md": "x", decomposed: "d"})
    try:
        (skill / composed).write_text("c", encoding="utf-8")
    except OSError:
        pytest.skip("this file system keeps one of the two spellings")
    if len(os.listdir(skill)) < 3:
        pytest.skip("this file system normalises names")
    found = walk(str(skill), ignore.load(skill))
    assert rels(found.files) == ["SKILL.md", composed]
    assert [f.message for f in found.findings] == [f"2 files have the name '{composed}' once Unicode-normalised; rename one"]


def test_own_output_is_skipped_and_a_limit_stops_the_walk(tmp_path: Path) -> None:
    skill = tree(tmp_path / "s", {"SKILL.md": "x", "dist/s.zip": "z", **{f"more/{i:02}.txt": "" for i in range(30)}})
    assert "dist/s.zip" not in rels(walk(str(skill), ignore.defaults(), frozenset({os.path.realpath(skill / "dist")})).files)
    assert len(walk(str(skill), ignore.defaults(), limit=3).files) < 30


def test_the_build_packs_what_the_walk_finds(tmp_path: Path) -> None:
    skill = tree(tmp_path / "s", {"SKILL.md": "x", "refs/a.md": "a", "node_modules/x.js": "", "z.txt": "z"})
    os.symlink("refs/a.md", skill / "b.md")
    rules = ignore.load(skill)
    found, built = walk(str(skill), rules), collect(skill, "s", rules)
    assert built.files == found.files and built.excluded == found.excluded
    assert sorted(built.contents) == ["SKILL.md", "b.md", "refs/a.md", "z.txt"]


def test_predicted_walk_reads_the_listing_of_the_file_list(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # validate lists a skill folder once: the upload walk reads the entries the file list kept, and gives the same files.
    from skillkit.document import skill as document
    from skillkit.document.files import FolderFiles
    from skillkit.rules import upload

    skill = tree(tmp_path / "s", {"SKILL.md": "---\nname: s\ndescription: d\n---\n", "refs/a.md": "a", "b.txt": "bb"})
    doc = document.load(skill / "SKILL.md", skill)
    files = doc.files
    assert isinstance(files, FolderFiles)
    listed = files.listings()
    assert sorted(listed) == [str(skill), str(skill / "refs")]
    listed_names = sorted(e.name for entries in listed.values() for e in entries)
    assert listed_names == ["SKILL.md", "a.md", "b.txt", "refs"]
    scanned: list[str] = []
    real_scandir = os.scandir
    monkeypatch.setattr(os, "scandir", lambda path: scanned.append(os.fspath(path)) or real_scandir(path))
    assert upload._predict(doc) == {}
    assert scanned == []
    assert rels(walk(str(skill), ignore.load(skill), listed=listed).files) == rels(walk(str(skill), ignore.load(skill)).files)
