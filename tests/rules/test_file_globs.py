"""rules/file_globs.py: the files a text names by glob (`shared/*.md`), found without a regex for globs no file fits."""

from __future__ import annotations

import fnmatch
import random
import re

from skillkit.rules.file_globs import _glob_patterns, globbed

FILES = ["a.md", "b/x.md", "ab", "a/b/c.md", "[a].md", "x]y", "A.md", "a?b", ".md", "b.A", "-", "a-b/x", "ref/{k}.md"]


def test_globbed_files_are_those_any_pattern_matches_whole() -> None:
    pieces = ["*", "**", "?", "[", "]", "[!a]", "a", "b", ".", "/", "md", "x.md", "{k}", "-", "A", "`", " "]
    rng = random.Random(3)
    for _ in range(5000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))
        patterns = _glob_patterns(text)
        matcher = re.compile("|".join(fnmatch.translate(p) for p in patterns)) if patterns else None
        expected = {rel for rel in FILES if matcher is not None and matcher.match(rel)}
        assert globbed(text, FILES) == expected, (text, patterns)


def test_bold_text_names_no_file() -> None:
    assert globbed("**Next.js** and **CI/CD** apps, see `b/*.md` and `{lang}/x.md`", FILES) == {"b/x.md"}
