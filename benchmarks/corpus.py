"""The corpus a benchmark runs on: a cached generated one (keyed by N, seed and generator source) or a given folder."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import generate

HERE = Path(__file__).resolve().parent
SKIP = {".git", "node_modules", "__pycache__", ".venv", "venv"}
SKILL_DIR_RE = re.compile(r"skill-\d{5}")


@dataclass
class Corpus:
    """A folder of skills and what it holds: the SKILL.md files' count and bytes, and all files."""

    root: Path
    skills: list[Path]
    skill_md_bytes: int
    files: int
    generated: bool
    note: str

    def describe(self) -> str:
        mb = self.skill_md_bytes / 1e6
        mean = self.skill_md_bytes / max(len(self.skills), 1) / 1000
        return (f"{self.root} ({len(self.skills):,} skills, SKILL.md {mb:.1f} MB, mean {mean:.1f} KB, "
                f"{self.files:,} files){self.note}")

    def pick_single(self) -> Path:
        """The skill whose SKILL.md size is nearest the corpus mean: a typical single skill."""
        mean = self.skill_md_bytes / max(len(self.skills), 1)
        return min(self.skills, key=lambda d: (abs((d / "SKILL.md").stat().st_size - mean), str(d)))

    def strays(self) -> list[Path]:
        """Top-level entries a tool left in a generated corpus (a cache written into the tree, say)."""
        if not self.generated:
            return []
        return [p for p in self.root.iterdir() if not SKILL_DIR_RE.fullmatch(p.name)]

    def remove_strays(self) -> list[str]:
        gone = []
        for path in self.strays():
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()
            gone.append(path.name)
        return gone


def scan(root: Path, generated: bool, note: str = "") -> Corpus:
    """Find skill folders (holding SKILL.md) under root, skipping VCS and dependency folders."""
    skills: list[Path] = []
    total = files = 0
    for here, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in SKIP)
        files += len(names)
        if "SKILL.md" in names:
            skills.append(Path(here))
            total += os.path.getsize(os.path.join(here, "SKILL.md"))
    return Corpus(root, sorted(skills), total, files, generated, note)


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
        return scan(root, True, f"; reused, generated with seed {seed}, {_defects(summary)}")
    for old in cache_dir.glob(prefix + "*"):
        shutil.rmtree(old) if old.is_dir() else old.unlink()
    start = time.perf_counter()
    tmp = Path(tempfile.mkdtemp(prefix=name + ".tmp-", dir=cache_dir))
    summary = generate.generate(n, tmp, seed)
    tmp.rename(root)
    done.write_text(json.dumps(summary, indent=1))
    took = time.perf_counter() - start
    return scan(root, True, f"; generated in {took:.1f} s with seed {seed}, {_defects(summary)}")


def _defects(summary: dict[str, object]) -> str:
    defects = summary.get("defects", {})
    assert isinstance(defects, dict)
    total = sum(len(v) for v in defects.values())
    return f"{total} seeded defects (" + ", ".join(f"{k} {len(v)}" for k, v in defects.items()) + ")"
