"""The fast shape check never disagrees with pydantic: whatever it accepts, the target's model accepts too."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from skillkit.diagnostics import Target
from skillkit.document.yamlsimple import KeyInfo
from skillkit.schema.models import MODELS
from skillkit.schema.shape import fast_valid, model_findings, shape_findings
from skillkit.schema.targets import CLAUDE_CODE_ONLY_KEYS, UPLOAD_KEYS

KEYS = list(UPLOAD_KEYS + CLAUDE_CODE_ONLY_KEYS) + ["version", "author", "descriptoin", "allowed_tools", "user_invocable"]
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3),
    st.floats(allow_nan=False, width=16),
    st.sampled_from(["fork", "high", "bash", "yes", "Off", "1", "", "x y", "maybe", "powershell", "max"]),
    st.text(max_size=8),
)
VALUES = st.one_of(SCALARS, st.lists(SCALARS, max_size=3), st.dictionaries(st.text(max_size=4), SCALARS, max_size=3))
FRONTMATTER = st.dictionaries(st.sampled_from(KEYS), VALUES, max_size=8)


def _pydantic_ok(data: dict[str, Any], target: Target) -> bool:
    try:
        MODELS[target].model_validate(data)
        return True
    except ValidationError:
        return False


@settings(max_examples=400, deadline=None)
@given(data=FRONTMATTER, target=st.sampled_from(list(Target)))
def test_fast_valid_implies_model_valid(data: dict[str, Any], target: Target) -> None:
    if fast_valid(data, target):
        assert _pydantic_ok(data, target), (data, target)


@settings(max_examples=200, deadline=None)
@given(data=FRONTMATTER, target=st.sampled_from(list(Target)))
def test_shape_findings_never_raise_and_name_a_key(data: dict[str, Any], target: Target) -> None:
    for finding in shape_findings(data, target, 1, {}):
        assert finding.rule in {"unknown-key", "value-type", "metadata-type", "cc-field-value"}
        assert finding.line == 1


def test_typical_frontmatter_takes_the_fast_path() -> None:
    data = {"name": "pdf-reading", "description": "Reads PDFs.", "metadata": {"version": "1"}, "allowed-tools": "Read"}
    assert fast_valid(data, Target.CLAUDE_AI)
    assert fast_valid({**data, "effort": "high", "user-invocable": "yes"}, Target.CLAUDE_CODE)
    assert not fast_valid({**data, "effort": "high"}, Target.CLAUDE_AI)


@settings(max_examples=600, deadline=None)
@given(data=FRONTMATTER, target=st.sampled_from(list(Target)))
def test_shape_findings_say_what_the_model_says(data: dict[str, Any], target: Target) -> None:
    # The unknown-key shortcut (no pydantic) must give exactly the model's findings.
    positions = {(key,): KeyInfo(i + 2, 1, i + 2, len(key) + 3, i + 2, 9, None) for i, key in enumerate(data)}
    assert set(shape_findings(data, target, 1, positions)) == set(model_findings(data, target, 1, positions))


def test_unknown_keys_alone_skip_pydantic() -> None:
    code = """
import sys
from skillkit.diagnostics import Target
from skillkit.schema.shape import shape_findings
from skillkit.document.yamlsimple import KeyInfo
data = {"name": "pdf-reading", "description": "Reads PDFs.", "version": "1.0", "author": "me"}
positions = {("version",): KeyInfo(4, 1, 4, 10, 4, 13, None), ("author",): KeyInfo(5, 1, 5, 9, 5, 11, None)}
print(sorted((f.rule, f.line) for f in shape_findings(data, Target.CLAUDE_AI, 1, positions)), "pydantic" in sys.modules)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out == "[('unknown-key', 4), ('unknown-key', 5)] False\n"


def test_plain_wrong_types_skip_pydantic() -> None:
    # A number where a string belongs, a list for `compatibility`, a missing description: certain without the model.
    code = """
import sys
from skillkit.diagnostics import Target
from skillkit.schema.shape import shape_findings
from skillkit.document.yamlsimple import KeyInfo
data = {"name": 933133, "compatibility": ["x"], "metadata": "v1", "tags": ["a"]}
positions = {(key,): KeyInfo(i + 2, 1, i + 2, 9, i + 2, 9, None) for i, key in enumerate(data)}
print(sorted((f.rule, f.line) for f in shape_findings(data, Target.CLAUDE_AI, 1, positions)), "pydantic" in sys.modules)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out == "[('metadata-type', 4), ('unknown-key', 5), ('value-type', 2), ('value-type', 3)] False\n"
