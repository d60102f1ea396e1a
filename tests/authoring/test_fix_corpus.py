"""`skillkit fix` on every skill of ../shared/corpus (real skills), in a temporary copy: with the safe fixes, then
the unsafe ones too, a second run writes nothing and no skill that validated stops validating. Skipped when the
corpus is not there."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from skillkit.authoring.fix import fix_skill, write
from skillkit.config.settings import Config
from skillkit.diagnostics import Severity
from skillkit.discovery.repo import find
from skillkit.discovery.sources import SkillSource
from skillkit.engine.skill import check_source

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"


def errors(sources: list[SkillSource], config: Config) -> dict[str, int]:
    out = {}
    for source in sources:
        result = check_source(source, config.options_for(source.skill_dir))
        out[source.dir] = sum(d.severity is Severity.ERROR for d in result.diagnostics)
    return out


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not here")
@pytest.mark.parametrize("target", [None, "claude-ai"])
def test_fix_on_the_corpus_is_idempotent_and_keeps_valid_skills_valid(tmp_path: Path, target: str | None) -> None:
    work = tmp_path / "corpus"
    shutil.copytree(CORPUS, work, symlinks=True)
    config = Config().with_flags(target=target)
    found = find([str(work)], config)
    sources = [s for s in found.sources if isinstance(s, SkillSource) and s.md not in found.unread]
    assert len(sources) > 100
    before = errors(sources, config)
    written = 0
    for unsafe in (False, True):
        for source in sources:
            fixed = fix_skill(source, config.options_for(source.skill_dir), unsafe=unsafe)
            written += len(write(fixed))
            assert not fixed.problems, fixed.problems
        after = errors(sources, config)
        broken = sorted(d for d, n in after.items() if n and not before[d])
        assert not broken, f"valid skills made invalid: {broken}"
        again = [path for source in sources for path in fix_skill(source, config.options_for(source.skill_dir), unsafe=unsafe).changed]
        assert not again, f"a second run would change: {again}"
    assert written > 0  # the corpus has a few fixable findings (fences swallowed by HTML blocks, a name, a key)
