"""document/elsewhere.py: the cheap looks before its regular expressions answer as the expressions alone would."""

from __future__ import annotations

import random

from skillkit.document import elsewhere

PIECES = [
    "e.g.", "eg.", "for example", "FOR INSTANCE", "for in\u017ftance", "such as", "example:", "Examples:", "例如", "예를 들어",
    "repo root", "Repo\u017fitory-root", "root of the project", "in your codebase", "in the target work\u017fpace",
    "${CLAUDE_PLUGIN_ROOT}", "$claude_project_dir", "WOR\u212aSPACE", "\u0130", "\u0131", " ", "  ", ":", ",", "，", "、",
    "\t", "x", "see", "the", "`", ".", "in", "proj", "ect",
]  # fmt: skip


def test_the_example_and_root_looks_answer_as_the_patterns() -> None:
    rng = random.Random(7)
    for _ in range(20000):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 10)))
        assert elsewhere._example(text) == (elsewhere._EXAMPLE_RE().search(text) is not None), text
        if elsewhere._ROOT_RE().search(text):
            assert elsewhere._may_say_root(text), text
