"""What `skillkit fix` does to a folder of real skills, on a temporary copy: findings before, after the safe fixes and
after the unsafe ones (per rule), files touched, skills whose errors grew (must be none), a second run's changes
(must be none), and a sample of the diffs to read by hand.

    .venv/bin/python benchmarks/fix_corpus.py ../shared/corpus --target auto --diffs 8
    .venv/bin/python benchmarks/fix_corpus.py ~/registry-sample --diffs 8 --seed 3

The folder itself is never written: it is copied first (symlinks kept as links).
"""

from __future__ import annotations

import argparse
import random
import shutil
import tempfile
from collections import Counter
from pathlib import Path

from skillkit.authoring.diff import unified
from skillkit.authoring.fix import SkillFix, fix_skill, write
from skillkit.config.settings import Config
from skillkit.diagnostics import Severity
from skillkit.discovery.repo import find
from skillkit.discovery.sources import SkillSource
from skillkit.engine.skill import check_source


def findings(sources: list[SkillSource], config: Config) -> tuple[Counter[tuple[str, str]], Counter[str], dict[str, Counter[str]]]:
    """(findings per rule and file, errors per rule, error rules per skill folder)."""
    rules: Counter[tuple[str, str]] = Counter()
    errors: Counter[str] = Counter()
    per_skill: dict[str, Counter[str]] = {}
    for source in sources:
        result = check_source(source, config.options_for(source.skill_dir))
        rules.update((d.rule, d.file) for d in result.diagnostics)
        errs = [d.rule for d in result.diagnostics if d.severity is Severity.ERROR]
        errors.update(errs)
        per_skill[source.dir] = Counter(errs)
    return rules, errors, per_skill


def by_rule(counts: Counter[tuple[str, str]]) -> Counter[str]:
    out: Counter[str] = Counter()
    for (rule, _), n in counts.items():
        out[rule] += n
    return out


def fix_all(sources: list[SkillSource], config: Config, unsafe: bool) -> list[SkillFix]:
    done = []
    for source in sources:
        fixed = fix_skill(source, config.options_for(source.skill_dir), unsafe=unsafe)
        write(fixed)
        done.append(fixed)
    return done


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--target", default=None)
    parser.add_argument("--diffs", type=int, default=6, help="diffs to print, chosen at random among the changed files")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="skillkit-fix-corpus-") as tmp:
        work = Path(tmp) / args.folder.resolve().name
        shutil.copytree(args.folder, work, symlinks=True)
        config = Config().with_flags(target=args.target)
        found = find([str(work)], config)
        sources = [s for s in found.sources if isinstance(s, SkillSource) and s.md not in found.unread]
        rules0, errors0, skills0 = findings(sources, config)
        stages = []
        skills_before = skills0
        diffs: list[str] = []
        for unsafe in (False, True):
            fixed = fix_all(sources, config, unsafe)
            rules, errors, per_skill = findings(sources, config)
            touched = {path for f in fixed for path in f.changed}
            applied: Counter[str] = Counter(c.rule for f in fixed for c in f.changes)
            refused: Counter[str] = Counter(c.rule for f in fixed for c in f.refused)
            reasons: Counter[str] = Counter(f"{c.rule}: {c.refused}" for f in fixed for c in f.refused)
            worse: Counter[str] = Counter()  # error rules that grew in a skill (uncovered once its YAML reads)
            for d, errs in per_skill.items():
                worse.update(rule for rule, n in errs.items() if n > skills_before[d][rule])
            broke = [d for d, errs in per_skill.items() if errs and not skills0[d]]
            again = fix_all(sources, config, unsafe)
            stages.append((unsafe, rules, errors, touched, applied, reasons, worse, broke, sum(len(f.changed) for f in again)))
            skills_before = per_skill
            for f in fixed:
                diffs.extend(unified(str(Path(p).relative_to(work)), f.before[p], f.after[p]) for p in f.changed)
        print(f"{len(sources)} skills under {args.folder} (target {args.target or 'auto'})")
        print(f"before: {sum(rules0.values())} findings, {sum(errors0.values())} errors")
        print(f"  findings per rule: {dict(by_rule(rules0).most_common())}")
        previous = rules0
        for unsafe, rules, errors, touched, applied, refused, worse, broke, again in stages:
            what = "unsafe" if unsafe else "safe"
            gone = Counter({key: n - rules[key] for key, n in previous.items() if n > rules[key]})
            new = Counter({key: n - previous[key] for key, n in rules.items() if n > previous[key]})
            print(
                f"after the {what} fixes: {sum(rules.values())} findings: {sum(gone.values())} removed, {sum(new.values())} "
                f"uncovered; {sum(errors.values())} errors; {sum(applied.values())} fixes applied, "
                f"{sum(refused.values())} refused; {len(touched)} files written"
            )
            print(f"  fixes applied per rule: {dict(applied.most_common())}")
            print(f"  findings removed per rule: {dict(by_rule(gone).most_common())}")
            print(f"  findings uncovered per rule (the checks a broken frontmatter had stopped): {dict(by_rule(new).most_common())}")
            if refused:
                print(f"  refused: {dict(refused.most_common())}")
            print(f"  error rules that grew in a skill: {dict(worse.most_common())}")
            print(f"  valid skills made invalid: {len(broke)}; second run wrote {again} files")
            previous = rules
        random.Random(args.seed).shuffle(diffs)
        for text in diffs[: args.diffs]:
            print()
            print(text, end="")


if __name__ == "__main__":
    main()
