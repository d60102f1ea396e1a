"""limits.name_key: skill names as Claude Code compares them; its ASCII shortcut says what the full folding says."""

from __future__ import annotations

import random
import unicodedata

from skillkit.limits import name_key


def _folded(name: str) -> str:
    folded = unicodedata.normalize("NFKC", name).casefold()
    return "".join(c for c in folded if not c.isspace() and unicodedata.category(c) != "Cf")


def test_ascii_names_fold_as_the_full_rule_folds_them() -> None:
    rng = random.Random(5)
    alphabet = [chr(c) for c in range(128)]
    for _ in range(20_000):
        name = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        assert name_key(name) == _folded(name), repr(name)


def test_names_claude_code_counts_as_one() -> None:
    assert name_key("Commit") == name_key("commit") == name_key("ｃｏｍｍｉｔ") == name_key("com\u200bmit") == name_key(" com mit\t")
    assert name_key("straße") == "strasse" and name_key("pdf-tools") != name_key("pdf_tools")
