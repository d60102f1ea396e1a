"""The corpus a benchmark runs on: a folder of real skills, a sample of one, or a cached generated corpus."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import generate

HERE = Path(__file__).resolve().parent
SKIP = {".git", "node_modules", "__pycache__", ".venv", "venv"}
SKILL_DIR_RE = re.compile(r"skill-\d{5}")  # the generator's folder names


@dataclass
class Corpus:
    """A folder of skills and what it holds: skill folders (sorted) with their SKILL.md sizes, and all files.

    `kind` is "folder" (given, used in place), "sample" (a copy the runner built) or "generated". Only the
    last two belong to the runner, so only there is anything a tool leaves at the top removed.
    """

    root: Path
    skills: list[Path]
    sizes: list[int]
    files: int
    kind: str
    note: str = ""
    symlinked: bool = False  # some skills were reached through a symlinked folder
    top: frozenset[str] = field(default_factory=frozenset)

    @property
    def skill_md_bytes(self) -> int:
        return sum(self.sizes)

    @property
    def generated(self) -> bool:
        return self.kind == "generated"

    def describe(self) -> str:
        mb = self.skill_md_bytes / 1e6
        mean = self.skill_md_bytes / max(len(self.skills), 1) / 1000
        median = sorted(self.sizes)[len(self.sizes) // 2] / 1000 if self.sizes else 0.0
        return (f"{self.root} ({len(self.skills):,} skills, SKILL.md {mb:.1f} MB, mean {mean:.1f} KB, "
                f"median {median:.1f} KB, {self.files:,} files){self.note}")

    def pick_single(self) -> Path:
        """The skill whose SKILL.md size is nearest the corpus median: a typical single skill."""
        median = sorted(self.sizes)[len(self.sizes) // 2]
        best = min(range(len(self.skills)), key=lambda i: (abs(self.sizes[i] - median), str(self.skills[i])))
        return self.skills[best]

    def strays(self) -> list[Path]:
        """Top-level entries a tool left in a corpus the runner built (a cache written into the tree, say)."""
        if self.kind == "folder":
            return []
        return [p for p in self.root.iterdir() if p.name not in self.top]

    def remove_strays(self) -> list[str]:
        gone = []
        for path in self.strays():
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()
            gone.append(path.name)
        return gone


def skill_file(names: dict[str, os.DirEntry[str]]) -> os.DirEntry[str] | None:
    """A folder's SKILL.md entry: the exact name first, then a case variant (as skillkit and skills-ref read it)."""
    if "SKILL.md" in names:
        return names["SKILL.md"]
    variants = sorted(n for n in names if n.lower() == "skill.md")
    return names[variants[0]] if variants else None


def skill_md_size(folder: Path) -> int | None:
    """The size of a skill folder's SKILL.md, None when the folder holds none."""
    try:
        entry = skill_file({e.name: e for e in os.scandir(folder)})
    except OSError:
        return None
    return entry.stat().st_size if entry else None


def scan(root: Path, kind: str, note: str = "", top: frozenset[str] | None = None) -> Corpus:
    """Find skill folders (holding a SKILL.md) under root, skipping VCS and dependency folders.

    A SKILL.md below another skill's folder belongs to that skill, as skillkit counts it. Symlinked folders
    are followed (a folder of symlinks is a common way to pick skills), and `symlinked` says so, because
    skillkit and agnix do not follow them: the runner then measures a copy. `top`: the top-level names
    the runner put in a corpus it built (default for a generated one: the generator's folder names).
    """
    found: list[tuple[str, int]] = []
    files = 0
    symlinked = False
    seen: set[str] = set()
    stack = [(os.fspath(root), False)]
    while stack:
        here, inside = stack.pop()
        try:
            entries = {e.name: e for e in os.scandir(here)}
        except OSError:
            continue
        md = None if inside else skill_file(entries)
        if md is not None:
            found.append((here, md.stat().st_size))
        for entry in entries.values():
            if not entry.is_dir():
                files += 1
                continue
            if entry.name in SKIP:
                continue
            if entry.is_symlink():
                symlinked = True
                real = os.path.realpath(entry.path)
                # A link to a folder seen before, or to one above it, would be walked twice or forever.
                if real in seen or os.path.realpath(here).startswith(real + os.sep):
                    continue
                seen.add(real)
            stack.append((entry.path, inside or md is not None))
    found.sort()
    if top is None:
        top = frozenset(n for n in os.listdir(root) if SKILL_DIR_RE.fullmatch(n)) if kind == "generated" else frozenset()
    return Corpus(root, [Path(p) for p, _ in found], [s for _, s in found], files, kind, note, symlinked, top)


def _generator_hash() -> str:
    digest = hashlib.sha256()
    for name in ("generate.py", "fragments.py"):
        digest.update((HERE / name).read_bytes())
    return digest.hexdigest()[:10]


def generated(n: int, seed: int, cache_dir: Path) -> Corpus:
    """Reuse the cached corpus for (n, seed, generator source) or generate it; stale versions are removed."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    prefix = f"corpus-n{n}-s{seed}-"
    name = prefix + _generator_hash()
    root, done = cache_dir / name, cache_dir / f"{name}.json"
    if root.is_dir() and done.is_file():
        summary = json.loads(done.read_text())
        return scan(root, "generated", f"; generated (reused) with seed {seed}, {_defects(summary)}")
    for old in cache_dir.glob(prefix + "*"):
        shutil.rmtree(old) if old.is_dir() else old.unlink()
    start = time.perf_counter()
    tmp = Path(tempfile.mkdtemp(prefix=name + ".tmp-", dir=cache_dir))
    summary = generate.generate(n, tmp, seed)
    tmp.rename(root)
    done.write_text(json.dumps(summary, indent=1))
    took = time.perf_counter() - start
    return scan(root, "generated", f"; generated in {took:.1f} s with seed {seed}, {_defects(summary)}")


def _defects(summary: dict[str, object]) -> str:
    defects = summary.get("defects", {})
    assert isinstance(defects, dict)
    total = sum(len(v) for v in defects.values())
    return f"{total} seeded defects (" + ", ".join(f"{k} {len(v)}" for k, v in defects.items()) + ")"
