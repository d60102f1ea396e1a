"""Real skills to measure on: the folders given, or an evenly spaced sample of them copied under the scratch folder."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
import time
from pathlib import Path
from typing import TypeVar

import corpus as corpora

T = TypeVar("T")


def evenly(items: list[T], n: int) -> list[T]:
    """n of the items, spread evenly over the list (the first, then every len/n-th): the same n, the same pick."""
    if n >= len(items):
        return list(items)
    return [items[i * len(items) // n] for i in range(n)]


def real(paths: list[Path], sample: int | None, cache_dir: Path) -> corpora.Corpus:
    """The skills under paths, used in place when that is possible, else as a copy under cache_dir/samples.

    A copy is needed for a sample, for more than one folder (every tool gets one folder), and for skills
    reached through symlinks: neither skillkit nor agnix follows a symlinked folder (checked with
    skillkit 0.1.0 and agnix 0.59.3; agnix reports `files_checked: 0`), so all tools see the copy.
    """
    scanned = [corpora.scan(p.resolve(), "folder") for p in paths]
    total = sum(len(c.skills) for c in scanned)
    cut = sample is not None and sample < total
    if len(scanned) == 1 and not cut and not scanned[0].symlinked:
        return scanned[0]
    # Names in the copy: each skill's path below its root, so skills keep their folder names (name rules
    # compare them with the frontmatter); with several roots, under one folder per root.
    named = sorted((_relative(c, skill, i if len(scanned) > 1 else None), skill)
                   for i, c in enumerate(scanned) for skill in c.skills)
    chosen = evenly(named, sample) if cut and sample is not None else named
    why = (f"an evenly spaced sample (by sorted path) of {len(chosen):,} of the {total:,} skills"
           if cut else f"all {total:,} skills")
    if not cut and any(c.symlinked for c in scanned):
        why += " (reached through symlinks, which skillkit and agnix do not follow)"
    source = ", ".join(str(c.root) for c in scanned)
    return _materialize(chosen, cache_dir / "samples", _slug(scanned), f"; {why} of {source}")


def _relative(c: corpora.Corpus, skill: Path, index: int | None) -> str:
    rel = os.path.relpath(skill, c.root)
    rel = c.root.name if rel == "." else rel  # the root itself is a skill
    return rel if index is None else os.path.join(f"{index + 1}-{c.root.name}", rel)


def _slug(scanned: list[corpora.Corpus]) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", "+".join(c.root.name for c in scanned)).strip("-")[:40] or "skills"


def _materialize(chosen: list[tuple[str, Path]], where: Path, slug: str, note: str) -> corpora.Corpus:
    """Copy the chosen skill folders to where/NAME once; later runs with the same pick reuse the copy."""
    digest = hashlib.sha256(json.dumps([(rel, str(src)) for rel, src in chosen]).encode()).hexdigest()[:10]
    prefix = f"{slug}-n{len(chosen)}-"
    root, done = where / (prefix + digest), where / f"{prefix}{digest}.json"
    top = frozenset(rel.split(os.sep, 1)[0] for rel, _ in chosen)
    if root.is_dir() and done.is_file():
        return corpora.scan(root, "sample", f"{note}; copy reused", top)
    where.mkdir(parents=True, exist_ok=True)
    for old in where.glob(prefix + "*"):  # an older pick of the same size: the source has changed
        shutil.rmtree(old) if old.is_dir() else old.unlink()
    start = time.perf_counter()
    tmp = Path(tempfile.mkdtemp(prefix=root.name + ".tmp-", dir=where))
    linked = copied = 0
    for rel, src in chosen:
        a, b = _copy_skill(src, tmp / rel)
        linked, copied = linked + a, copied + b
    tmp.rename(root)
    done.write_text(json.dumps({"skills": [[rel, str(src)] for rel, src in chosen]}, indent=0))
    how = "hard links" if not copied else f"{linked:,} hard links, {copied:,} copied files"
    return corpora.scan(root, "sample", f"{note}; copied ({how}) in {time.perf_counter() - start:.1f} s", top)


def _copy_skill(src: Path, dst: Path) -> tuple[int, int]:
    """Recreate one skill folder: files as hard links (instant, no extra disk; the tools only read them),
    copies where linking fails (another file system); symlinks inside the skill stay symlinks."""
    linked = copied = 0
    for here, dirs, files in os.walk(src):
        out = dst / os.path.relpath(here, src)
        out.mkdir(parents=True, exist_ok=True)  # default permissions: a read-only source stays removable here
        for name in [d for d in dirs if os.path.islink(os.path.join(here, d))]:
            os.symlink(os.readlink(os.path.join(here, name)), out / name)
            dirs.remove(name)
        for name in files:
            path = os.path.join(here, name)
            if os.path.islink(path):
                os.symlink(os.readlink(path), out / name)
                continue
            try:
                os.link(path, out / name)
                linked += 1
            except OSError:
                shutil.copy2(path, out / name)
                copied += 1
    return linked, copied
