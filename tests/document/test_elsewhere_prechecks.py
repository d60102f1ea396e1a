"""document/elsewhere.py: the cheap looks before its regular expressions answer as the expressions alone would."""

from __future__ import annotations

import random

from skillkit.document import elsewhere

PIECES = [
    "e.g.", "eg.", "for example", "FOR INSTANCE", "for in\u017ftance", "such as", "example:", "Examples:", "例如", "예를 들어",
    "repo root", "Repo\u017fitory-root", "root of the project", "in your codebase", "in the target work\u017fpace",
    "${CLAUDE_PLUGIN_ROOT}", "$claude_project_dir", "WOR\u212aSPACE", "\u0130", "\u0131", " ", "  ", ":", ",", "，", "、",
    "\t", "x", "see", "the", "`", ".", "in", "proj", "ect", "Create", "wr\u0130te", "WR\u0131TTEN", "\u017fave", "s", "ave",
    "Scaffolded", "emit", "EXPORTS", "produc", "生成", "생성", "i\u0307", "with", "!", "? ",
]  # fmt: skip


def test_the_looks_before_the_patterns_answer_as_the_patterns() -> None:
    rng = random.Random(7)
    for _ in range(20000):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 10)))
        assert elsewhere._example(text) == (elsewhere._EXAMPLE_RE().search(text) is not None), text
        if elsewhere._ROOT_RE().search(text):
            assert elsewhere._holds_any(text, elsewhere._ROOT_WORDS), text
        if elsewhere._CREATE_RE().search(text):
            assert elsewhere._holds_any(text, elsewhere._CREATE_WORDS), text
