"""A progress bar on stderr for long interactive runs; silent in CI, in pipes and for a few hundred skills or fewer."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import TextIO

THRESHOLD = 300

# Set by GitHub Actions, GitLab CI, Jenkins, CircleCI, Travis, Buildkite, Azure Pipelines and most others.
_CI_VARIABLES = ("CI", "GITHUB_ACTIONS", "GITLAB_CI", "JENKINS_URL", "BUILDKITE", "TF_BUILD", "TEAMCITY_VERSION")


def wanted(total: int, stream: TextIO | None = None, env: Mapping[str, str] | None = None) -> bool:
    """True only for more than THRESHOLD skills, on a terminal, outside CI, and when TERM is not 'dumb'."""
    stream = stream if stream is not None else sys.stderr
    env = env if env is not None else os.environ
    if total <= THRESHOLD or env.get("TERM") == "dumb":
        return False
    if any(env.get(name, "").strip().lower() not in ("", "0", "false") for name in _CI_VARIABLES):
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


@contextmanager
def bar(total: int, *, stream: TextIO | None = None, env: Mapping[str, str] | None = None) -> Iterator[Callable[[], None]]:
    """Yield a function to call once per checked skill; it draws a transient bar only when `wanted`."""
    if not wanted(total, stream, env):
        yield _nothing
        return
    from rich.console import Console  # lazily: rich is only needed on a terminal
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    console = Console(file=stream if stream is not None else sys.stderr, force_terminal=True)
    columns = (TextColumn("checking skills"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("check", total=total)
        yield lambda: progress.advance(task)


def _nothing() -> None:
    return None
