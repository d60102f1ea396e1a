"""`skillkit fix` over paths: the skills discovery finds (as `validate` finds them), each fixed in turn."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence

from skillkit.authoring.fix import SkillFix, fix_skill
from skillkit.config.settings import Config
from skillkit.discovery.repo import find
from skillkit.discovery.sources import SkillSource


def fix_paths(
    paths: Sequence[str | os.PathLike[str]], config: Config, *, unsafe: bool = False, changed_files: bool = False
) -> Iterator[SkillFix]:
    """Each skill folder under `paths` with its fixes worked out, in discovery order (nothing written). Zips,
    manifests and SKILL.md files that must not be read are left out: there is nothing to edit in them."""
    found = find(paths, config, force_exclude=changed_files)
    for source in found.sources:
        if isinstance(source, SkillSource) and source.md not in found.unread:
            yield fix_skill(source, config.options_for(source.skill_dir), unsafe=unsafe)
