"""Reports are written as skills finish: every format streams from a Run, the JSON and SARIF bytes equal a whole
json.dumps of the same document, and no more workers start than there is work for."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest
from conftest import write_skill
from hypothesis import given, settings
from hypothesis import strategies as st

import skillkit
from skillkit.diagnostics import Diagnostic, Severity, SkillResult, Target
from skillkit.engine import parallel
from skillkit.reporters import NAMES, REPORTERS, WRITERS, jsonstream
from skillkit.results import Run

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(head=JSON, tail=JSON, elements=st.lists(JSON, max_size=6), depth=st.integers(0, 3), spool=st.booleans())
def test_streamed_json_equals_json_dumps(head: object, tail: object, elements: list[object], depth: int, spool: bool) -> None:
    def build(placed: list[object]) -> object:
        value: object = placed
        for _ in range(depth):
            value = {"before": head, "list": value, "after": tail}
        return [head, value, tail]

    out = io.StringIO()
    jsonstream.write(out, build, iter(elements), spool=spool)
    assert out.getvalue() == json.dumps(build(elements), indent=2, ensure_ascii=False) + "\n"


def _result(i: int, severity: Severity = Severity.WARNING) -> SkillResult:
    d = Diagnostic("fence-no-language", severity, f"message {i}", f"s{i}/SKILL.md", 3, 1)
    return SkillResult(f"s{i}", f"s{i}/SKILL.md", f"s{i}", Target.CLAUDE_AI, (d,))


@pytest.mark.parametrize("name", ["text", "json", "github"])
def test_a_result_is_written_before_the_next_is_checked(name: str) -> None:
    """The first skill's finding is in the output while the run is still producing the second. The text report
    writes a skill with errors at once (the others are ranked after it); GitHub holds at most --max-annotations
    annotations of each kind and lists the rest as they come (here all of them: no annotation)."""
    out = io.StringIO()
    seen_when_second_was_made: list[str] = []

    def results():  # type: ignore[no-untyped-def]
        yield _result(0, Severity.ERROR)
        seen_when_second_was_made.append(out.getvalue())
        yield _result(1, Severity.ERROR)

    if name == "github":
        WRITERS[name](Run(results(), list), out, root=".", limit=0)
    else:
        WRITERS[name](Run(results(), list), out)
    assert "message 0" in seen_when_second_was_made[0]
    assert "message 1" in out.getvalue()


def test_text_ranks_skills_with_errors_first_and_holds_the_others() -> None:
    """A skill with only warnings waits (in a bounded spool) until the run is over; one with errors does not."""
    out = io.StringIO()
    seen: list[str] = []

    def results():  # type: ignore[no-untyped-def]
        yield _result(0, Severity.WARNING)
        seen.append(out.getvalue())
        yield _result(1, Severity.ERROR)
        seen.append(out.getvalue())

    WRITERS["text"](Run(results(), list), out)
    assert seen[0] == "" and "message 1" in seen[1] and "message 0" not in seen[1]
    text = out.getvalue()
    assert text.index("message 1") < text.index("message 0")


@pytest.mark.parametrize("name", NAMES)
def test_streaming_writes_what_render_writes(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for i in range(3):
        write_skill(tmp_path, f"skill-{i}", body="# T\n\n```\nno language\n```\n[x](missing.md)\n")
    monkeypatch.chdir(tmp_path)
    report = skillkit.validate(".")
    out = io.StringIO()
    from skillkit.engine.run import start

    extra = {"root": str(tmp_path)} if name in ("sarif", "github") else {}
    WRITERS[name](start("."), out, **extra)
    assert out.getvalue() == REPORTERS[name](report, **extra)


def _pid(item: int) -> int:
    return os.getpid()


def test_never_more_workers_than_chunks() -> None:
    items = list(range(parallel.MIN_PARALLEL + 40))  # 168 items: 6 chunks of 32
    pids = set(parallel.run_ordered(_pid, items, jobs=1000, on_lost=lambda item, why: -1))
    chunks = -(-len(items) // parallel.CHUNK)
    assert 1 <= len(pids) <= chunks
