"""Validate every skill folder under the given paths with skills-ref's Python API, in one process."""

# skills-ref's CLI (`agentskills validate DIR`) takes one skill per call, so a 10,000-skill tree would be
# 10,000 interpreter starts; this driver is how the benchmark runs it on a tree. Run it with the Python of
# the venv that has skills-ref installed. Prints one line per invalid skill and a summary; exit 1 if any.

from __future__ import annotations

import os
import sys
from pathlib import Path

from skills_ref import validate

SKIP = {".git", "node_modules", "__pycache__", ".venv", "venv"}


def skill_dirs(root: str) -> list[str]:
    """Folders under root that hold a SKILL.md (any case, as skills-ref accepts it), sorted.

    A SKILL.md below another skill's folder belongs to that skill, as skillkit counts it, so both check the
    same skills.
    """
    found = []
    for here, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d not in SKIP]
        if any(name.lower() == "skill.md" for name in files):
            found.append(here)
            dirs[:] = []
    return sorted(found)


def main(argv: list[str]) -> int:
    if not argv:
        print("usage: skills_ref_driver.py PATH...", file=sys.stderr)
        return 2
    checked = invalid = errors = 0
    out = []
    for root in argv:
        for folder in skill_dirs(root):
            problems = validate(Path(folder))
            checked += 1
            if problems:
                invalid += 1
                errors += len(problems)
                out.append(f"{folder}: " + "; ".join(problems))
    out.append(f"{checked} skills checked, {invalid} invalid, {errors} errors")
    sys.stdout.write("\n".join(out) + "\n")
    return 1 if invalid else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
